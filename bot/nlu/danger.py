"""Words of danger in every language (danger_words.yml): the safety net under the classifier."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.nlu.normalise import is_han, normalise_with_offsets

DANGER_WORDS = Path(__file__).resolve().parent / "danger_words.yml"


def _normalised(text: str) -> str:
    return " ".join(normalise_with_offsets(text)[0].split())


@lru_cache(maxsize=1)
def danger_pattern(path: Path = DANGER_WORDS) -> re.Pattern[str]:
    """One pattern for every language: Chinese, Arabic and Persian entries anywhere, others at a
    word start."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    alternatives = []
    for words in entries.values():
        for word in words:
            normalised = re.escape(_normalised(str(word)))
            # Chinese has no spaces; Arabic and Persian attach prepositions and conjunctions
            # to the word (لاعتداء, وحريق).
            anywhere = any(is_han(char) or "\u0600" <= char <= "\u06ff" for char in str(word))
            alternatives.append(normalised if anywhere else rf"(?<!\w){normalised}")
    # Longest first, so that a phrase wins over a word it starts with.
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives))


def mentions_danger(text: str) -> bool:
    return danger_pattern().search(_normalised(text)) is not None
