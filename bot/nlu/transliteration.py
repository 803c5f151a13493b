"""Finnish place names as Russian and Ukrainian speakers write them in Cyrillic.

Only the biggest towns have an established Cyrillic exonym in place_names.yml, but people write
every municipality in Cyrillic, spelt by ear: Пирккала, Лемпяаля, Мянтсяля, Юлёярви. This module
produces those spellings from the Finnish name with the usual Russian practice for Finnish names
(ä -> я, ö -> ё, y -> ю, j + vowel -> я/ю/йо, word-initial e/ä -> э, h -> х, double letters
kept) and the Ukrainian variants (h -> г, i -> і).

People do not agree on the details (Лемпяаля or Лемпяля, Ловийса or Ловииса, ё or е), so the
gazetteer compares folded keys (cyrillic_key) in which those choices disappear: the iotated
vowels become plain ones, й/і/ї/ы become и, soft and hard signs go, and doubled letters are
written once. Russian and Ukrainian case endings are stripped from the folded key (case_stems),
so "в Пирккале", "из Хейнолы", "в Ловийсу" find Pirkkala, Heinola and Loviisa.
"""

from __future__ import annotations

import itertools
import re

FINNISH_VOWELS = "aeiouyäöå"

# Spelling choices that do not change how a name reads, folded away for comparison.
_FOLD = str.maketrans(
    {
        "ё": "е",
        "э": "е",
        "є": "е",
        "я": "а",
        "ю": "у",
        "ы": "и",
        "і": "и",
        "ї": "и",
        "й": "и",
        "ґ": "г",
        "ь": None,
        "ъ": None,
        "'": None,
        "\u2019": None,
        "\u02bc": None,
    }
)
_DOUBLE = re.compile(r"(.)\1+")
_CYRILLIC = re.compile(r"^[\u0400-\u04ff'\u2019\u02bc-]+$")

# Russian and Ukrainian case endings of a noun, folded (ой -> ои, ю -> у, ям -> ам, і -> и...).
# A feminine name in -а/-я takes them in place of its -а (Хейнола -> Хейнолы, Хейнолой); a name
# ending in a consonant adds them (Парайнен -> Парайнене). Longest first.
CASE_ENDINGS: tuple[str, ...] = (
    "ами",
    "ах",
    "ам",
    "ои",
    "еи",
    "оу",
    "еу",
    "ом",
    "ем",
    "а",
    "и",
    "е",
    "у",
)
# A folded key shorter than this is too short to say anything ("Ии" would be the conjunction и).
MIN_KEY = 4
# A declension stem may be shorter (Вааса -> вас-, Лохья -> лох-): it only counts with an ending.
MIN_STEM = 3
# Ukrainian changes к, г, х to ц, з, с before the locative and dative -і: Котка -> у Котці.
_UKRAINIAN_MUTATION = {"ц": "к", "з": "г", "с": "х"}


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.match(word)) and any("\u0400" <= c <= "\u04ff" for c in word)


def cyrillic_key(word: str) -> str:
    """The folded form of a Cyrillic word: Лемпяаля, Лемпяля and лемпяяля all give лемпала."""
    return _DOUBLE.sub(r"\1", word.lower().translate(_FOLD))


def declension_stem(key: str) -> str | None:
    """The stem to which case endings attach, for the folded key of a nominative name.

    Names in -а/-я lose it (хеинола -> хеинол); names ending in a consonant keep everything
    (параинен). Names ending in -и, -о, -у, -е are not declined (в Хельсинки, в Турку).
    """
    if key.endswith("а"):
        stem = key[:-1]
    elif key and key[-1] not in "аеиоу":
        stem = key
    else:
        return None
    return stem if len(stem) >= MIN_STEM else None


def case_stems(key: str) -> list[str]:
    """Stems left after removing one case ending from a folded key (longest ending first)."""
    stems = [
        key[: -len(ending)]
        for ending in CASE_ENDINGS
        if key.endswith(ending) and len(key) - len(ending) >= MIN_STEM
    ]
    if key.endswith("и") and len(key) > MIN_STEM + 1 and key[-2] in _UKRAINIAN_MUTATION:
        stems.append(key[:-2] + _UKRAINIAN_MUTATION[key[-2]])
    return stems


def _letter_options(name: str, i: int, ukrainian: bool) -> tuple[list[str], int]:
    """Cyrillic spellings for the letters of a lower-case Finnish name at position i.

    Returns the options and how many Finnish letters they cover.
    """
    c = name[i]
    prev = name[i - 1] if i > 0 else ""
    nxt = name[i + 1] if i + 1 < len(name) else ""
    initial = i == 0 or not prev.isalpha()
    after_vowel = prev in FINNISH_VOWELS and not initial
    h = ["г", "х"] if ukrainian else ["х"]
    i_letter = "і" if ukrainian else "и"
    if c == "j" and nxt in FINNISH_VOWELS and nxt:
        # j + vowel is one iotated letter; after a consonant Russian writes a soft sign first.
        sign = "ь" if prev and prev not in FINNISH_VOWELS and not initial else ""
        iotated = {
            "a": ["я"],
            "ä": ["я"],
            "u": ["ю"],
            "y": ["ю"],
            "o": ["йо", "ё"],
            "ö": ["йо", "ё"],
            "e": ["е", "йе", "є"] if ukrainian else ["е", "йе"],
            "i": ["йи", "и", "ї"] if ukrainian else ["йи", "и"],
        }.get(nxt, ["й" + nxt])
        return [sign + option for option in iotated], 2
    if c == "t" and nxt == "s":
        return ["тс", "ц"], 2
    if c == "i":
        # The second half of a diphthong (ai, ei, oi...) is й.
        return ([i_letter, "й"] if after_vowel and prev != "i" else [i_letter]), 1
    if c == "e":
        return (["э", "е"] if initial else ["е", "э"] if after_vowel else ["е"]), 1
    if c == "ä":
        return (["э", "я"] if initial else ["я"] if not after_vowel else ["я", "а"]), 1
    if c == "ö":
        return (["э", "ё"] if initial else ["ё", "ю", "о"]), 1
    if c == "y":
        return ["ю"], 1
    if c == "h":
        return h, 1
    if c == "l" and nxt and nxt not in FINNISH_VOWELS:
        return ["ль", "л"], 1
    simple = {
        "a": "а",
        "b": "б",
        "c": "к",
        "d": "д",
        "f": "ф",
        "g": "г",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "o": "о",
        "p": "п",
        "q": "к",
        "r": "р",
        "s": "с",
        "t": "т",
        "u": "у",
        "v": "в",
        "w": "в",
        "x": "кс",
        "z": "з",
        "å": "о",
        "j": "й",
        "-": "-",
        " ": " ",
    }
    return [simple.get(c, "")], 1


def transliterations(name: str, limit: int = 64) -> set[str]:
    """Russian and Ukrainian Cyrillic spellings of a Finnish municipality name.

    At most `limit` spellings per language: the options multiply only at ä, ö, e, h, ts and
    diphthongs, and most of them fold to the same key anyway.
    """
    lower = name.lower()
    spellings: set[str] = set()
    for ukrainian in (False, True):
        parts: list[list[str]] = []
        i = 0
        while i < len(lower):
            options, used = _letter_options(lower, i, ukrainian)
            parts.append(options)
            i += used
        for combination in itertools.islice(itertools.product(*parts), limit):
            spellings.add("".join(combination))
    return spellings
