"""The municipality index: built once at training time, then only looked up.

Kept free of Rasa so it can be built and tested on its own. The index is plain data (dicts,
lists) and round-trips through JSON, which is how the component persists it in the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.nlu.finnish_forms import VOWELS, candidate_stems, illative_forms, stems_of
from bot.nlu.normalise import is_han, normalise_with_offsets
from bot.nlu.transliteration import (
    case_stems,
    cyrillic_key,
    declension_stem,
    is_cyrillic,
    transliterations,
)

# A word is a run of letters and digits, but never Chinese characters: Chinese writers put a
# Latin name straight against the characters ("我住Kempele", "Oulu的kela"), so a Latin run is a
# word of its own there. Chinese names are found by _find_chinese.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = rf"[^\W{_HAN}]+"
TOKEN = re.compile(rf"{_WORD}(?:[-:'’]{_WORD})*")
TYPO_MIN_LENGTH = 5
ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_ALPHABET_SET = frozenset(ALPHABET)
# A Latin run glued to a service word in Chinese text ("Seinäjokikela") starts with a name at
# least this long; shorter names begin too many other words (Kemi- in Kemijärvi).
GLUED_NAME_MIN_LENGTH = 5

# Turkish writes its case endings straight onto a name as often as after an apostrophe
# ("Heinolada", "Turkuya"). After a vowel an ending takes a buffer consonant: locative -da,
# ablative -dan, dative -ya, accusative -yı, genitive -nın, "with" -yla, "the one in" -daki.
# Vowel harmony picks -da or -de, but Finnish ä, ö and y leave a Turkish writer free to hear
# a back or a front vowel ("Jyväskylä'da"), so both series are accepted.
_TURKISH_ENDINGS = (
    "da", "dan", "daki", "ya", "yla", "nın", "yı", "yu",
    "de", "den", "deki", "ye", "yle", "nin", "yi", "yü",
)  # fmt: skip
# Estonian cases on a Finnish (or Estonian) stem: Helsingis, Tamperesse, Turust, Lahtis,
# Tallinnast... inessive -s, illative -sse, elative -st, adessive -l, ablative -lt,
# allative -le, translative -ks, terminative -ni, comitative -ga.
ESTONIAN_ENDINGS = ("s", "sse", "st", "l", "lt", "le", "ks", "ni", "ga")
# Stems shorter than this take no Estonian ending: one letter on a short stem makes words.
ESTONIAN_MIN_STEM = 4


def turkish_forms(name: str) -> set[str]:
    """A lower-case name with Turkish case endings written on without an apostrophe."""
    if len(name) < 4:
        return set()
    endings: Iterable[str] = _TURKISH_ENDINGS
    if name[-1] not in VOWELS:  # after a consonant: no buffer letter (Pargasta, Närpesin)
        endings = {e[1:] if e[0] in "yn" else e for e in endings}
        if name[-1] in "çfhkpsşt":  # -da becomes -ta after a voiceless consonant
            endings = {"t" + e[1:] if e[0] == "d" else e for e in endings}
    return {name + ending for ending in endings}


def estonian_forms(stems: Iterable[str]) -> set[str]:
    """Estonian case forms of Finnish stems (and of Estonian names)."""
    return {
        stem + ending
        for stem in stems
        if len(stem) >= ESTONIAN_MIN_STEM
        for ending in ESTONIAN_ENDINGS
    }


# One-letter Arabic prepositions and conjunctions written onto the next word: بهلسنكي is
# "in Helsinki", وتامبري "and Tampere".
ARABIC_PROCLITICS = "بلوفك"


def normalised(text: str) -> str:
    """Text with letter variants unified (Arabic/Persian yeh, kaf, alef...), case kept."""
    return normalise_with_offsets(text, fold_case=False)[0]


class Lexicon(Protocol):
    """What the index needs to know about a language's words (simplemma's data at training)."""

    def inflected_forms(self, names: Iterable[str]) -> dict[str, set[str]]:
        """Map each name to the inflected forms whose lemma it is."""

    def is_common_word(self, word: str) -> bool:
        """True if the lower-case word is an ordinary word (not only a name) somewhere."""

    def is_word(self, word: str) -> bool:
        """True if the lower-case word is a known word form in any language we read."""

    def is_non_finnish_word(self, word: str) -> bool:
        """True if the lower-case word is a word form in a language other than Finnish."""

    # Optional: def cyrillic_words(self) -> Iterable[str], the lower-case Russian and
    # Ukrainian word forms (see _common_cyrillic); a lexicon without it blocks none.


@dataclass(frozen=True)
class Match:
    """A municipality found in a text."""

    value: str
    start: int
    end: int
    text: str


def deletions(word: str) -> set[str]:
    """Every string left after removing one character."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by one insertion, deletion, substitution or adjacent swap."""
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
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def one_edit_variants(word: str) -> set[str]:
    """Every string within one edit of a word (used at training only)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {a + b[1:] for a, b in splits if b}
    variants |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    variants |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    variants |= {a + c + b for a, b in splits for c in ALPHABET}
    variants.discard(word)
    return variants


def _add(index: dict[str, str | None], key: str, value: str) -> None:
    """Add a key; a key claimed by two municipalities becomes None (ambiguous, never matched)."""
    if key in index and index[key] != value:
        index[key] = None
    else:
        index[key] = value


@dataclass
class GazetteerIndex:
    """Lookup tables from words to municipalities, with the rules that make a match count."""

    forms: dict[str, str | None]
    stems: dict[str, str | None]
    needs_capital: set[str]
    typo_names: dict[str, str]
    typo_blocked: set[str]
    max_words: int
    # Cyrillic spellings, keyed by their folded form (transliteration.cyrillic_key).
    cyrillic_forms: dict[str, str | None] = field(default_factory=dict)
    cyrillic_stems: dict[str, str | None] = field(default_factory=dict)
    # Russian and Ukrainian words (lower case) that the Cyrillic rules would read as a name:
    # they count only when capitalised ("Сало" the town, "сало" lard; "в Маску", "маску").
    cyrillic_needs_capital: set[str] = field(default_factory=set)
    _typo_deletions: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _chinese_names: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        # A deletion index makes the typo step a few dict lookups per word, whatever the
        # number of municipalities (the symmetric-delete method).
        for name in self.typo_names:
            for key in deletions(name) | {name}:
                self._typo_deletions.setdefault(key, set()).add(name)
        # Computed once: the forms table has tens of thousands of keys.
        self._chinese_names = sorted(
            (key for key in self.forms if key and all(is_han(char) for char in key)),
            key=len,
            reverse=True,
        )

    @classmethod
    def build(
        cls, municipalities: Iterable[Mapping[str, object]], lexicon: Lexicon
    ) -> GazetteerIndex:
        """Build the index from gazetteer entries ({"value": ..., "names": [...]})."""
        name_to_value: dict[str, str] = {}
        for entry in municipalities:
            value = str(entry["value"])
            for name in [value, *entry.get("names", [])]:  # type: ignore[misc]
                name_to_value[normalised(str(name).strip())] = value
        forms: dict[str, str | None] = {}
        for name, value in name_to_value.items():
            _add(forms, name.lower(), value)
        derived: dict[str, str | None] = {}
        for name, inflected in lexicon.inflected_forms(name_to_value).items():
            for form in inflected:
                _add(derived, form.lower(), name_to_value[name])
        stems: dict[str, str | None] = {}
        for name, value in name_to_value.items():
            words = name.lower().split()
            prefix = " ".join(words[:-1] + [""])
            for form in illative_forms(words[-1]):
                _add(derived, prefix + form, value)
            if not words[-1].endswith("s"):  # Swedish genitive: Helsingfors, Åbos
                _add(derived, prefix + words[-1] + "s", value)
            for stem in stems_of(words[-1]):
                _add(stems, prefix + stem, value)
        for key, value in derived.items():
            if key not in forms and value is not None:
                forms[key] = value
            elif key not in forms:
                forms[key] = None
        needs_capital = {
            name.lower() for name in name_to_value if lexicon.is_common_word(name.lower())
        }
        # A Finnish case ending marks a place ("salossa"), but an inflected form that is also
        # a word in another language ("salon") counts only when capitalised.
        nominatives = {name.lower() for name in name_to_value}
        needs_capital |= {
            key
            for key in forms
            if " " not in key and key not in nominatives and lexicon.is_non_finnish_word(key)
        }
        # Turkish and Estonian endings come last: they never take a key from a Finnish form,
        # and one that is a word of a language we read needs a capital (Estonian "turust", from
        # the market).
        other_languages: dict[str, str | None] = {}
        for name, value in name_to_value.items():
            if " " in name or is_cyrillic(name):
                continue
            lower = name.lower()
            for form in turkish_forms(lower) | estonian_forms(stems_of(lower) | {lower}):
                _add(other_languages, form, value)
        for key, value in other_languages.items():
            if key not in forms and value is not None:
                forms[key] = value
                if lexicon.is_word(key):
                    needs_capital.add(key)
        typo_names = {
            name.lower(): value
            for name, value in name_to_value.items()
            if len(name) >= TYPO_MIN_LENGTH and " " not in name
        }
        typo_blocked = {
            variant
            for name in typo_names
            for variant in one_edit_variants(name)
            if variant not in forms and lexicon.is_word(variant)
        }
        cyrillic_forms, cyrillic_stems = cyrillic_tables(name_to_value)
        index = cls(
            forms=forms,
            stems=stems,
            needs_capital=needs_capital,
            typo_names=typo_names,
            typo_blocked=typo_blocked,
            max_words=max(len(name.split()) for name in name_to_value) if name_to_value else 1,
            cyrillic_forms=cyrillic_forms,
            cyrillic_stems=cyrillic_stems,
        )
        # A spelling made by rule that is also a Russian or Ukrainian word is that word unless
        # capitalised, like a Finnish name that is an ordinary word (needs_capital).
        words = getattr(lexicon, "cyrillic_words", None)
        if words is not None:
            index.cyrillic_needs_capital = index._cyrillic_matches(words())
        return index

    def _cyrillic_matches(self, words: Iterable[str]) -> set[str]:
        """The words the Cyrillic rules read as a name (a million words in a few seconds)."""
        # Every key and stem is at least MIN_KEY letters, so a word whose folded start begins
        # no key or stem cannot match: the start is cheap to fold, the whole word is not.
        starts = {key[:3] for key in (*self.cyrillic_forms, *self.cyrillic_stems)}
        return {
            word
            for word in words
            if cyrillic_key(word[:6])[:3] in starts and self._match_cyrillic(word) is not None
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "forms": self.forms,
            "stems": self.stems,
            "needs_capital": sorted(self.needs_capital),
            "typo_names": self.typo_names,
            "typo_blocked": sorted(self.typo_blocked),
            "max_words": self.max_words,
            "cyrillic_forms": self.cyrillic_forms,
            "cyrillic_stems": self.cyrillic_stems,
            "cyrillic_needs_capital": sorted(self.cyrillic_needs_capital),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> GazetteerIndex:
        return cls(
            forms=dict(data["forms"]),  # type: ignore[arg-type]
            stems=dict(data["stems"]),  # type: ignore[arg-type]
            needs_capital=set(data["needs_capital"]),  # type: ignore[arg-type]
            typo_names=dict(data["typo_names"]),  # type: ignore[arg-type]
            typo_blocked=set(data["typo_blocked"]),  # type: ignore[arg-type]
            max_words=int(data["max_words"]),  # type: ignore[arg-type]
            cyrillic_forms=dict(data.get("cyrillic_forms", {})),  # type: ignore[call-overload]
            cyrillic_stems=dict(data.get("cyrillic_stems", {})),  # type: ignore[call-overload]
            cyrillic_needs_capital=set(data.get("cyrillic_needs_capital", [])),  # type: ignore[arg-type]
        )

    def find(self, text: str) -> list[Match]:
        """Municipalities named in a text, longest match first, without overlaps.

        Spans are offsets into the text as written, whatever the normalisation changed.
        """
        plain, origin = normalise_with_offsets(text, fold_case=False)
        found = self._find_normalised(plain, chinese=any(is_han(char) for char in plain))
        found += self._find_chinese(plain, {(m.start, m.end) for m in found})
        matches = []
        for match in sorted(found, key=lambda m: m.start):
            start = origin[match.start]
            end = origin[match.end - 1] + 1
            matches.append(Match(match.value, start, end, text[start:end]))
        return matches

    def _find_chinese(self, text: str, taken: set[tuple[int, int]]) -> list[Match]:
        """Chinese is written without spaces: look for the names inside the text."""
        if not any(is_han(char) for char in text):
            return []
        busy = {i for start, end in taken for i in range(start, end)}
        found = []
        for name in self._chinese_names:
            start = text.find(name)
            while start != -1:
                span = set(range(start, start + len(name)))
                value = self.forms.get(name)
                if value is not None and not span & busy:
                    found.append(Match(value, start, start + len(name), name))
                    busy |= span
                start = text.find(name, start + 1)
        return found

    def chinese_names(self) -> list[str]:
        return list(self._chinese_names)

    def _find_normalised(self, text: str, chinese: bool = False) -> list[Match]:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        matches: list[Match] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_words, len(tokens) - i), 0, -1):
                window = tokens[i : i + n]
                value = self._match_phrase([t[2] for t in window])
                if value is not None:
                    start, end = window[0][0], window[-1][1]
                    matches.append(Match(value, start, end, text[start:end]))
                    i += n
                    break
            else:
                if chinese:
                    glued = self._match_glued(tokens[i][2])
                    if glued is not None:
                        start, end = tokens[i][0], tokens[i][0] + len(glued[1])
                        matches.append(Match(glued[0], start, end, text[start:end]))
                i += 1
        return matches

    def _match_glued(self, word: str) -> tuple[str, str] | None:
        """(municipality, name) for a Latin run that starts with a whole name: Seinäjokikela.

        Used in Chinese text only, where Latin words are written together without spaces.
        """
        lower = word.lower()
        for length in range(len(lower) - 2, GLUED_NAME_MIN_LENGTH - 1, -1):
            value = self.typo_names.get(lower[:length])
            if value is not None and lower[:length] not in self.needs_capital:
                return value, word[:length]
        return None

    def _match_phrase(self, words: list[str]) -> str | None:
        lower = [w.lower() for w in words]
        key = " ".join(lower)
        capitalised = words[0][:1].isupper()
        if key in self.forms:
            if key in self.needs_capital and not capitalised:
                return None
            return self.forms[key]
        prefix = " ".join(lower[:-1] + [""])
        found = {self.stems.get(prefix + stem) for stem in candidate_stems(lower[-1])}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
        if len(words) == 1 and not found:
            if is_cyrillic(words[0]):
                if lower[0] in self.cyrillic_needs_capital and not capitalised:
                    return None
                return self._match_cyrillic(lower[0])
            return (
                self._match_typo(lower[0])
                or self._match_arabic_proclitic(lower[0])
                or self._match_suffix_after_apostrophe(lower[0])
            )
        return None

    def _match_suffix_after_apostrophe(self, word: str) -> str | None:
        # Turkish (and English) write endings after an apostrophe: Lohja'da, Tampere'ye.
        name, apostrophe, _ = word.partition("'")
        return self.forms.get(name) if apostrophe and name else None

    def _match_arabic_proclitic(self, word: str) -> str | None:
        if len(word) > 3 and word[0] in ARABIC_PROCLITICS:
            return self.forms.get(word[1:])
        return None

    def _match_cyrillic(self, word: str) -> str | None:
        """A Cyrillic spelling made by rule, in the nominative or a Russian/Ukrainian case."""
        key = cyrillic_key(word)
        value = self.cyrillic_forms.get(key)
        if value is not None or key in self.cyrillic_forms:
            return value
        found = {self.cyrillic_stems.get(stem) for stem in case_stems(key)}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def _match_typo(self, word: str) -> str | None:
        # Only words in the Finnish-Swedish alphabet can be misspelt names: a word with ş, ı,
        # ñ or é ("turşu") is a word of another language, not Turku with a typo.
        if (
            len(word) < TYPO_MIN_LENGTH
            or word in self.typo_blocked
            or not _ALPHABET_SET.issuperset(word)
        ):
            return None
        candidates: set[str] = set()
        for key in deletions(word) | {word}:
            candidates |= self._typo_deletions.get(key, set())
        values = {self.typo_names[name] for name in candidates if within_one_edit(word, name)}
        return values.pop() if len(values) == 1 else None


def cyrillic_tables(
    name_to_value: Mapping[str, str],
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Folded Cyrillic forms and declension stems for every municipality.

    The forms are the exonyms written in Cyrillic and, for every Latin name, its Russian and
    Ukrainian transliterations. A key claimed by two municipalities is None (never matched).
    """
    forms: dict[str, str | None] = {}
    stems: dict[str, str | None] = {}
    for name, value in name_to_value.items():
        if " " in name:
            continue
        spellings = {name} if is_cyrillic(name) else transliterations(name)
        for key in {cyrillic_key(spelling) for spelling in spellings}:
            if len(key) < 4 and not is_cyrillic(name):
                continue
            _add(forms, key, value)
            stem = declension_stem(key)
            if stem is not None:
                _add(stems, stem, value)
    return forms, stems


def iter_entries(data: Mapping[str, object]) -> Iterator[Mapping[str, object]]:
    """Validate and yield the municipality entries of a gazetteer document."""
    entries = data.get("municipalities")
    if not isinstance(entries, list):
        raise ValueError("gazetteer: expected a 'municipalities' list")
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
            raise ValueError(f"gazetteer: entry without a 'value' string: {entry!r}")
        names = entry.get("names", [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"gazetteer: 'names' must be a list of strings: {entry!r}")
        yield entry
