"""Language identification rules that need no model: explicit requests and writing systems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import yaml

from bot.nlu.normalise import is_han, normalise_with_offsets

WORD = re.compile(r"\w+", re.UNICODE)
LANGUAGE_NAMES_FILE = Path(__file__).with_name("language_names.yml")

# Letters that only some languages of a script use.
PERSIAN_LETTERS = set("پچژگ")
UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
RUSSIAN_LETTERS = set("ыэъёЫЭЪЁ")


def words(text: str) -> list[str]:
    """Lower-case words with letter variants unified (so "بالعربي" matches "بالعربى")."""
    return WORD.findall(normalise_with_offsets(text)[0])


class RequestMatcher:
    """Finds an explicit request for a language ("in English please", "suomeksi")."""

    def __init__(self, phrases_by_language: dict[str, Iterable[str]], max_extra_words: int) -> None:
        self._phrases: list[tuple[tuple[str, ...], str]] = sorted(
            (
                (tuple(words(phrase)), code)
                for code, phrases in phrases_by_language.items()
                for phrase in phrases
            ),
            key=lambda item: -len(item[0]),
        )
        # Looked up by word sequence, longest first: a scan of every phrase over every message
        # cost 3.5 ms a message with thirteen languages' phrases.
        self._code_of: dict[tuple[str, ...], str] = {}
        for phrase, code in self._phrases:
            self._code_of.setdefault(phrase, code)
        self._lengths = sorted({len(phrase) for phrase, _ in self._phrases if phrase}, reverse=True)
        self._max_extra_words = max_extra_words

    @classmethod
    def from_file(
        cls, path: Path, languages: Iterable[str], max_extra_words: int
    ) -> RequestMatcher:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        wanted = set(languages)
        return cls({code: data[code] for code in data if code in wanted}, max_extra_words)

    def requested_language(self, text: str) -> str | None:
        han = "".join(c for c in normalise_with_offsets(text)[0] if is_han(c))
        if han:
            return self._requested_in_chinese(han)
        tokens = words(text)
        for n in self._lengths:
            for i in range(len(tokens) - n + 1):
                code = self._code_of.get(tuple(tokens[i : i + n]))
                if code is not None:
                    # A request is short; a longer message mentioning a language is about
                    # something else ("Where can I take a course in Finnish?").
                    return code if len(tokens) - n <= self._max_extra_words else None
        return None

    def _requested_in_chinese(self, han: str) -> str | None:
        # Chinese has no spaces between words: look for the phrase inside the text, and count
        # the characters around it (about two to a word) against the extra words allowed.
        for phrase, code in self._phrases:
            joined = "".join(phrase)
            if joined and all(is_han(c) for c in joined) and joined in han:
                extra = len(han) - len(joined)
                return code if extra <= 2 * self._max_extra_words else None
        return None


def script_language(text: str, languages: Iterable[str]) -> str | None:
    """The language a writing system identifies with certainty, if Opas speaks it."""
    available = set(languages)
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        name = unicodedata.name(char, "")
        script = name.split(" ")[0]
        if script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
            script = {"CJK": "HAN"}.get(script, script)
        counts[script] = counts.get(script, 0) + 1
    script, count = max(counts.items(), key=lambda item: item[1])
    if count * 2 < len(letters):
        return None
    present = set(text)
    candidates: list[str] = []
    if script == "CYRILLIC":
        if present & UKRAINIAN_LETTERS:
            candidates = ["uk"]
        elif present & RUSSIAN_LETTERS:
            candidates = ["ru"]
        else:
            candidates = ["ru", "uk"]
    elif script == "ARABIC":
        # Persian has letters Arabic lacks; without them (Persian typed with Arabic yeh and
        # kaf, or a short message) either may be writing, and the classifier decides.
        candidates = ["fa"] if present & PERSIAN_LETTERS else ["ar", "fa"]
    elif script == "HAN":
        candidates = ["ja"] if counts.get("HIRAGANA") or counts.get("KATAKANA") else ["zh"]
    elif script in ("HIRAGANA", "KATAKANA"):
        candidates = ["ja"]
    elif script == "HANGUL":
        candidates = ["ko"]
    spoken = [code for code in candidates if code in available]
    # Cyrillic or Arabic without a telling letter is certain only if Opas speaks one of the two.
    return spoken[0] if len(spoken) == 1 else None


# Writing systems named by a language that uses them: when Opas speaks none of a script's
# languages, a message in it is plainly in a language Opas does not speak.
FOREIGN_SCRIPTS = {
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "CJK": "zh",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "ETHIOPIC": "ti",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "HEBREW": "he",
    "GREEK": "el",
    "TAMIL": "ta",
    "MYANMAR": "my",
    "KHMER": "km",
}


def foreign_script(text: str) -> str | None:
    """A language written in the script most of the letters are in (None for Latin)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        script = unicodedata.name(char, "").split(" ")[0]
        counts[script] = counts.get(script, 0) + 1
    script, count = max(counts.items(), key=lambda item: item[1])
    return FOREIGN_SCRIPTS.get(script) if count * 2 >= len(letters) else None


# The languages Opas may speak that write in a script foreign_script names.
SCRIPT_WRITERS = {"ru": {"ru", "uk"}, "ar": {"ar", "fa"}, "zh": {"zh"}}


def possible_writers(text: str) -> set[str] | None:
    """Which languages could have written a text in a non-Latin script; None for Latin."""
    script = foreign_script(text)
    if script is None:
        return None
    return SCRIPT_WRITERS.get(script, {script})
