"""MultilingualTokenizer: one tokenizer for every script Opas reads, with normalised tokens.

Rasa's WhitespaceTokenizer drops Chinese characters and keeps Arabic letter variants apart.
This tokenizer splits text with spaCy's language-neutral ("xx") rules, gives each Chinese
character a token of its own (what spaCy's Chinese pipeline does without a dictionary), and
normalises the token text so spellings people use interchangeably count as one:
NFC composition, case folding, Arabic and Persian letter variants, tatweel and vowel marks,
Eastern Arabic digits, and the Ukrainian apostrophe. Token offsets always point into the
message as written, so entity annotations and the gazetteer's spans stay valid.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.normalise import dropped, is_han, normalise_with_offsets


@lru_cache(maxsize=1)
def _spacy_tokenizer() -> Any:
    import spacy

    return spacy.blank("xx").tokenizer


def split_text(normalised: str) -> list[tuple[str, int]]:
    """(token text, start index in the normalised text) for every token."""
    pieces: list[tuple[str, int]] = []
    for token in _spacy_tokenizer()(normalised):
        text, start = token.text, token.idx
        if not text.strip() or all(unicodedata.category(c).startswith("P") for c in text):
            continue  # punctuation says nothing the character n-grams do not
        if not any(is_han(char) for char in text):
            pieces.append((text, start))
            continue
        run_start = None
        for offset, char in enumerate(text):
            if is_han(char):
                if run_start is not None:
                    pieces.append((text[run_start:offset], start + run_start))
                    run_start = None
                pieces.append((char, start + offset))
            elif run_start is None:
                run_start = offset
        if run_start is not None:
            pieces.append((text[run_start:], start + run_start))
    return pieces


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MultilingualTokenizer(Tokenizer):
    """Tokens for Latin, Cyrillic, Arabic, Persian and Chinese text, normalised."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy"]

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        normalised, origin = normalise_with_offsets(text)
        tokens = []
        for piece, start in split_text(normalised):
            first = origin[start]
            last = origin[start + len(piece) - 1]
            # The original span runs to the end of the last source character's cluster.
            end = last + 1
            while end < len(text) and (unicodedata.combining(text[end]) or dropped(text[end])):
                end += 1
            tokens.append(Token(piece, first, end=end))
        return self._apply_token_pattern(tokens)
