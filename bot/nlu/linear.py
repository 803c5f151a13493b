"""Linear text classifiers over TF-IDF n-grams (no Rasa imports): Opas's language and intents.

Opas reads short chat messages in thirteen languages and learns from about twenty examples per
intent and language. A logistic regression over character n-grams (which carry case endings,
typos and Chinese characters) and, for intents, word unigrams and bigrams, trains on all of
them in seconds; on the held-out messages of eval/nlu it was right more often in every language
than Rasa's DIET trained on the same n-grams for five minutes (README, Language quality).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy


def fit(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    word_ngrams: bool,
    regularisation: float,
    preprocessor: Callable[[str], str] | None = None,
) -> Any:
    """A fitted scikit-learn pipeline. `regularisation` is LogisticRegression's C."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    if len(set(labels)) < 2:
        raise ValueError("a classifier needs examples of two labels or more")
    characters = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(1, 4),
        min_df=2,
        sublinear_tf=True,
        preprocessor=preprocessor,
    )
    features: list[Any] = [characters]
    if word_ngrams:
        # Texts come tokenised, space-separated (Chinese one character a token).
        features.append(
            TfidfVectorizer(
                analyzer="word",
                token_pattern=r"\S+",
                ngram_range=(1, 2),
                sublinear_tf=True,
                preprocessor=preprocessor,
            )
        )
    pipeline = make_pipeline(
        make_union(*features),
        # Balanced: an intent with fewer examples is not predicted less often for it.
        LogisticRegression(C=regularisation, max_iter=3000, class_weight="balanced"),
    )
    pipeline.fit(list(texts), list(labels))
    # Predicting multiplies the message's sparse features by the transposed weights; in
    # column-major order that transpose is contiguous, so scipy no longer copies every weight
    # on every message (3 ms of the 5 a message took).
    classifier = pipeline[-1]
    classifier.coef_ = numpy.asfortranarray(classifier.coef_)
    return pipeline


def probabilities(pipeline: Any, texts: Iterable[str]) -> list[dict[str, float]]:
    """For each text, every label's probability."""
    rows = pipeline.predict_proba(list(texts))
    return [
        {str(label): float(p) for label, p in zip(pipeline.classes_, row, strict=True)}
        for row in rows
    ]
