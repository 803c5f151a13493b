"""The NLU data the issue promises: enough training examples in every language for every
intent, and held-out evaluation messages that the model never trains on."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.nlu.normalise import normalise_with_offsets
from locales import SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
TRAINING_DIR = ROOT / "bot" / "data" / "nlu"
EVAL_DIR = ROOT / "eval" / "nlu"
MIN_TRAINING_EXAMPLES = 15
MIN_EVAL_MESSAGES = 10
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def examples(paths: list[Path]) -> dict[str, list[str]]:
    """Plain text of every example per intent (annotations reduced to their words)."""
    found: dict[str, list[str]] = {}
    for path in paths:
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in item:
                continue
            for line in str(item["examples"]).splitlines():
                if line.strip().startswith("- "):
                    text = ANNOTATION.sub(r"\1", line.strip()[2:])
                    found.setdefault(item["intent"], []).append(text)
    return found


def comparable(text: str) -> str:
    return " ".join(re.findall(r"\w+", normalise_with_offsets(text)[0]))


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_intent_has_enough_training_examples_in_every_language(lang):
    training = examples(sorted((TRAINING_DIR / lang).glob("*.yml")))
    english = examples(sorted((TRAINING_DIR / "en").glob("*.yml")))
    assert set(training) == set(english)
    assert {i: len(t) for i, t in training.items() if len(t) < MIN_TRAINING_EXAMPLES} == {}


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_language_has_held_out_messages_never_trained_on(lang):
    held_out = examples([EVAL_DIR / f"{lang}.yml"])
    training = examples(sorted(TRAINING_DIR.glob("*/*.yml")))
    assert set(held_out) == set(training)
    assert {i: len(t) for i, t in held_out.items() if len(t) < MIN_EVAL_MESSAGES} == {}
    trained = {comparable(text) for texts in training.values() for text in texts}
    leaked = sorted(
        text for texts in held_out.values() for text in texts if comparable(text) in trained
    )
    assert leaked == []


def test_no_training_example_is_repeated_within_a_language():
    for lang in SUPPORTED_LANGUAGES:
        counts = Counter(
            comparable(text)
            for texts in examples(sorted((TRAINING_DIR / lang).glob("*.yml"))).values()
            for text in texts
        )
        assert [text for text, n in counts.items() if n > 1] == [], lang
