"""Finnish stems and case endings for place names that the lemmatiser's dictionary lacks.

The lemmatiser's dictionary (simplemma) covers most municipalities; these rules cover the rest
(Swedish-language names inflected in Finnish, new or merged municipalities) and forms the
dictionary misses. Stems are generated from the nominative at training time; at inference a
word is matched only after one of these endings has been stripped, so a bare stem such as
"turu" never matches on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Clitics that can follow a case ending ("Helsingissäkin", "Turustako").
CLITICS: tuple[str, ...] = ("kaan", "kään", "kin", "han", "hän", "ko", "kö", "pa", "pä")

# Case endings, longest first so "ssa" wins over "a". The illative (-Vn, -seen, -hVn) is
# handled separately because it repeats the stem's last vowel.
CASE_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {
            "ssa",
            "ssä",
            "sta",
            "stä",
            "lla",
            "llä",
            "lta",
            "ltä",
            "lle",
            "ksi",
            "tta",
            "ttä",
            "na",
            "nä",
            "n",
            "a",
            "ä",
            "ta",
            "tä",
            "'s",
            "’s",
            ":n",
            ":ssa",
            ":ssä",
            ":sta",
            ":stä",
            ":lla",
            ":llä",
        },
        key=len,
        reverse=True,
    )
)

VOWELS = "aeiouyäöå"

# Consonant gradation, strong -> weak, for the last consonant cluster before the final vowel.
# Several weak forms are possible for k (Turku -> Turu-, Helsinki -> Helsingi-, järki -> järje-);
# generating all of them is harmless because a stem only counts when it maps to one municipality.
GRADATION: tuple[tuple[str, str], ...] = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("nt", "nn"),
    ("rt", "rr"),
    ("ht", "hd"),
    ("lk", "l"),
    ("lk", "lj"),
    ("rk", "r"),
    ("rk", "rj"),
    ("hk", "h"),
    ("k", ""),
    ("k", "v"),
    ("p", "v"),
    ("t", "d"),
)

_LAST_CLUSTER = re.compile(rf"([^{VOWELS}]+)([{VOWELS}]+)$")


def weak_grades(stem: str) -> Iterator[str]:
    """Weak-grade variants of a stem (Lahte -> Lahde, Turku -> Turu, Helsinki -> Helsingi)."""
    match = _LAST_CLUSTER.search(stem)
    if not match:
        return
    cluster, tail = match.group(1), match.group(2)
    head = stem[: match.start()]
    for strong, weak in GRADATION:
        if cluster.endswith(strong):
            yield head + cluster[: len(cluster) - len(strong)] + weak + tail


def stems_of(name: str) -> set[str]:
    """Stems to which a case ending attaches, for a lower-case nominative name."""
    bases = {name}
    if name.endswith("nen"):  # Kauniainen -> Kauniaise-, Kauniaisi- (plural name)
        bases |= {name[:-3] + "se", name[:-3] + "si"}
    elif name.endswith("i"):  # Lahti -> Lahte- (old i-stem); Pori keeps i
        bases.add(name[:-1] + "e")
    elif name.endswith(("us", "ys", "as", "äs", "es", "is", "os")):
        # Varkaus -> Varkaude-, Kannus -> Kannukse-, Nurmes -> Nurmekse-
        bases |= {name[:-1] + "de", name[:-1] + "kse", name[:-1] + "ksi"}
    elif name.endswith("e"):  # Tampere -> Tamperee- (Tampereella), Raahe -> Raahe-
        bases.add(name + "e")
    elif name[-1] not in VOWELS:  # consonant-final Swedish names: Pargas -> Paraisi- is not
        # derivable; Närpes -> Närpiö- neither. Finnish adds a linking i: Jakobstad -> Jakobstadi-.
        bases.add(name + "i")
    stems = set(bases)
    for base in bases:
        stems.update(weak_grades(base))
    return stems


def illative_forms(name: str) -> set[str]:
    """Illative forms ("into"), which use the strong grade: Turkuun, Lahteen, Espooseen."""
    forms: set[str] = set()
    for base in {name} | ({name[:-1] + "e"} if name.endswith("i") else set()):
        last = base[-1]
        if last in VOWELS:
            if len(base) >= 2 and base[-2] == last:  # long vowel: Espoo -> Espooseen
                forms.add(base + "seen")
                forms.add(base + "hon")
            else:
                forms.add(base + last + "n")
        else:
            forms.add(base + "iin")
    return forms


def strip_clitic(word: str) -> Iterable[str]:
    """The word itself, and the word without one trailing clitic."""
    yield word
    for clitic in CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= 3:
            yield word[: -len(clitic)]


def candidate_stems(word: str, min_stem: int = 3) -> list[str]:
    """Stems left after removing one case ending (and maybe a clitic) from a lower-case word."""
    stems: list[str] = []
    for base in strip_clitic(word):
        for ending in CASE_ENDINGS:
            if base.endswith(ending) and len(base) - len(ending) >= min_stem:
                stems.append(base[: -len(ending)])
    return stems
