"""Match what people write to municipality names: case, inflection, Swedish names, typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

import simplemma

# Nobody's municipality takes more than a sentence to name; the rest is noise (or an attack).
MAX_TEXT = 200
MAX_WORDS = 12
# Finnish case endings (longest first) for names the lemmatiser does not know.
CASE_ENDINGS = tuple(
    sorted(
        {"ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "na", "nä", "n"},
        key=len,
        reverse=True,
    )
)
# Weak grade -> strong grade of the consonant before the stem vowel (Lahde- -> Lahti).
STRONG_GRADES = (("hd", "ht"), ("ng", "nk"), ("mm", "mp"), ("nn", "nt"), ("ll", "lt"), ("rr", "rt"))

_WORD = re.compile(r"[^\W\d_]+(?:[-:'][^\W\d_]+)*", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case, composed, single-spaced text without surrounding punctuation."""
    composed = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_WORD.findall(composed))


def words(text: str) -> list[str]:
    """The words of a (shortened) text, normalised."""
    return normalise(text[:MAX_TEXT]).split()[:MAX_WORDS]


def phrases(tokens: list[str], longest: int = 3) -> Iterator[str]:
    """Runs of one to `longest` words, longest first ("S:t Michel", "Koski Tl")."""
    for size in range(min(longest, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            yield " ".join(tokens[start : start + size])


@lru_cache(maxsize=4096)
def lemmas(word: str) -> frozenset[str]:
    """Base forms of a Finnish word, from the lemmatiser and from stripping case endings."""
    found = {word}
    for candidate in (word.capitalize(), word):
        found.add(normalise(simplemma.lemmatize(candidate, lang="fi")))
    for ending in CASE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            found.update(_nominatives(stem))
    # The illative repeats the stem vowel plus n (Vaasaan, Turkuun, Poriin).
    if len(word) >= 5 and word[-1] == "n" and word[-2] == word[-3]:
        found.update(_nominatives(word[:-2]))
    if word.endswith("seen") and len(word) > 6:
        found.update(_nominatives(word[:-4] + "e"))
    return frozenset(found)


def _nominatives(stem: str) -> set[str]:
    """Nominatives a stem may come from (Lahde -> lahti, Turu -> turku, Pori -> pori)."""
    forms = {stem}
    if stem.endswith("e"):
        forms.add(stem[:-1] + "i")  # Lahte- -> Lahti, Mikkeli -> Mikkeli
    for weak, strong in STRONG_GRADES:
        for form in list(forms):
            index = form.rfind(weak)
            if index > 0:
                forms.add(form[:index] + strong + form[index + len(weak) :])
    return forms


def within_one_edit(a: str, b: str) -> bool:
    """Whether two words differ by at most one letter inserted, dropped, changed or swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def candidates(text: str) -> Iterable[str]:
    """Forms of the text to look up, most literal first."""
    tokens = words(text)
    seen: set[str] = set()
    for phrase in phrases(tokens):
        if phrase not in seen:
            seen.add(phrase)
            yield phrase
    for token in tokens:
        for lemma in sorted(lemmas(token)):
            if lemma not in seen:
                seen.add(lemma)
                yield lemma
