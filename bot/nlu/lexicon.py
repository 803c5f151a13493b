"""Word knowledge from simplemma's dictionaries, read at training time only.

simplemma ships form -> lemma dictionaries (the Finnish one has 3.5 million forms and takes
about 600 MB once loaded). Loading it in the server for every message would cost that memory,
so training extracts the few thousand forms that belong to municipality names and stores them
in the model; the server never imports simplemma.
"""

from __future__ import annotations

import lzma
import pickle
from collections.abc import Iterable

LANGUAGES = ("fi", "sv", "en")


def _load(lang: str) -> dict[bytes, bytes]:
    from simplemma.strategies.dictionaries.dictionary_factory import DATA_FOLDER

    with lzma.open(DATA_FOLDER / f"{lang}.plzma", "rb") as handle:
        data = pickle.load(handle)
    if not isinstance(data, dict):
        raise TypeError(f"simplemma data for {lang!r} is not a dictionary")
    return data


class SimplemmaLexicon:
    """The Lexicon protocol of gazetteer_index, backed by simplemma's dictionaries."""

    def __init__(self) -> None:
        self._dictionaries: dict[str, dict[bytes, bytes]] | None = None

    @property
    def dictionaries(self) -> dict[str, dict[bytes, bytes]]:
        if self._dictionaries is None:
            self._dictionaries = {lang: _load(lang) for lang in LANGUAGES}
        return self._dictionaries

    def inflected_forms(self, names: Iterable[str]) -> dict[str, set[str]]:
        wanted = {name.encode(): name for name in names}
        forms: dict[str, set[str]] = {name: set() for name in wanted.values()}
        for form, lemma in self.dictionaries["fi"].items():
            name = wanted.get(lemma)
            # Only capitalised lemmas: "porissa" -> "pora" (drill) is not the town of Pori.
            if name is not None:
                forms[name].add(form.decode())
        return forms

    def is_common_word(self, word: str) -> bool:
        key = word.encode()
        for dictionary in self.dictionaries.values():
            lemma = dictionary.get(key)
            if lemma is not None and lemma.decode() == lemma.decode().lower():
                return True
        return False

    def is_word(self, word: str) -> bool:
        key = word.encode()
        return any(key in dictionary for dictionary in self.dictionaries.values())

    def is_non_finnish_word(self, word: str) -> bool:
        key = word.encode()
        return any(key in self.dictionaries[lang] for lang in LANGUAGES if lang != "fi")
