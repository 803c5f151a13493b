"""A language classifier trained on Opas's own training data (no Rasa imports).

General-purpose detectors are trained on books and the web; Opas reads short chat messages
full of typos and Finnish words ("missä on TE-toimisto", "нужен kela"). The NLU training data
is already written per language (bot/data/nlu/<code>/), so a classifier of character n-grams
learnt from it knows exactly this kind of text. On the held-out messages of eval/nlu it is
right about 98 % of the time where a general detector was right about 84 %.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from bot.nlu.normalise import normalise_with_offsets

# [Tampere](municipality) or [Tampere]{"entity": ...}: keep the words, drop the markup.
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
# Bare place names say nothing about the language they were typed in.
LANGUAGE_NEUTRAL_INTENTS = {"inform_municipality"}


def training_examples(data_dir: Path, languages: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(text, language) for every example in data_dir/<language>/*.yml."""
    for code in languages:
        for path in sorted((data_dir / code).glob("*.yml")):
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for item in document.get("nlu", []):
                if "intent" not in item or item["intent"] in LANGUAGE_NEUTRAL_INTENTS:
                    continue
                for line in str(item.get("examples", "")).splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        yield ANNOTATION.sub(lambda match: match.group(1), line[2:]), code


def prepare(text: str) -> str:
    return normalise_with_offsets(text)[0]


def train(examples: Iterable[tuple[str, str]]) -> Any:
    """A fitted pipeline: character n-grams (1-4, TF-IDF) and logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts, labels = zip(*examples, strict=True)
    if len(set(labels)) < 2:
        raise ValueError("a language classifier needs training data in two languages or more")
    pipeline = make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(1, 4),
            min_df=2,
            sublinear_tf=True,
            preprocessor=prepare,
        ),
        LogisticRegression(max_iter=2000, C=10.0),
    )
    pipeline.fit(list(texts), list(labels))
    return pipeline


def predict(
    pipeline: Any, text: str, allowed: Iterable[str] | None = None
) -> tuple[str | None, float]:
    """The most likely language and its probability, among `allowed` if given (renormalised)."""
    probabilities = dict(zip(pipeline.classes_, pipeline.predict_proba([text])[0], strict=True))
    if allowed is not None:
        probabilities = {code: p for code, p in probabilities.items() if code in set(allowed)}
    total = sum(probabilities.values())
    if not probabilities or total <= 0:
        return None, 0.0
    best = max(probabilities, key=lambda code: probabilities[code])
    return str(best), float(probabilities[best] / total)
