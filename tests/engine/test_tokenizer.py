"""MultilingualTokenizer: tokens for every script, normalised, with offsets into the original."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import MultilingualTokenizer


@pytest.fixture(scope="module")
def tokenizer() -> MultilingualTokenizer:
    return MultilingualTokenizer(MultilingualTokenizer.get_default_config())


def tokens(tokenizer: MultilingualTokenizer, text: str) -> list[tuple[str, str]]:
    """(normalised token, the original text it covers) for each token."""
    return [
        (t.text, text[t.start : t.end])
        for t in tokenizer.tokenize(Message(data={"text": text}), "text")
    ]


def test_chinese_characters_each_become_a_token(tokenizer):
    found = tokens(tokenizer, "我想在赫尔辛基找工作")
    assert [t for t, _ in found] == list("我想在赫尔辛基找工作")


def test_chinese_mixed_with_latin_keeps_the_latin_word_whole(tokenizer):
    assert [t for t, _ in tokens(tokenizer, "Kela在哪里")] == ["kela", "在", "哪", "里"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我住Kempele", [("我", "我"), ("住", "住"), ("kempele", "Kempele")]),
        ("Oulu的kela", [("oulu", "Oulu"), ("的", "的"), ("kela", "kela")]),
        ("在Lieto住", [("在", "在"), ("lieto", "Lieto"), ("住", "住")]),
    ],
)
def test_a_latin_word_touching_chinese_characters_is_a_token_of_its_own(tokenizer, text, expected):
    # Chinese writers put Latin names against the characters; the offsets stay exact.
    assert tokens(tokenizer, text) == expected


def test_arabic_tatweel_vowel_marks_and_hamza_forms_are_normalised(tokenizer):
    plain = [t for t, _ in tokens(tokenizer, "اريد العمل")]
    decorated = tokens(tokenizer, "أُرِيد العمـــل")
    assert [t for t, _ in decorated] == plain
    # Offsets still cover the word as the user wrote it.
    assert [original for _, original in decorated] == ["أُرِيد", "العمـــل"]


def test_persian_and_arabic_yeh_and_kaf_are_one_letter(tokenizer):
    assert tokens(tokenizer, "کار")[0][0] == tokens(tokenizer, "كار")[0][0]
    assert tokens(tokenizer, "هلسینکی")[0][0] == tokens(tokenizer, "هلسينكي")[0][0]


def test_every_ukrainian_apostrophe_is_the_same(tokenizer):
    forms = {tokens(tokenizer, word)[0][0] for word in ("м’ясо", "мʼясо", "м'ясо", "м`ясо")}
    assert forms == {"м'ясо"}


def test_decomposed_letters_are_composed_and_case_folded(tokenizer):
    found = tokens(tokenizer, "A\u0308iti Helsingissa\u0308")
    assert [t for t, _ in found] == ["äiti", "helsingissä"]
    assert [original for _, original in found] == ["A\u0308iti", "Helsingissa\u0308"]


def test_eastern_arabic_digits_become_ascii(tokenizer):
    assert [t for t, _ in tokens(tokenizer, "١٨ ۱۸")] == ["18", "18"]


def test_punctuation_alone_is_not_a_token(tokenizer):
    assert [t for t, _ in tokens(tokenizer, "Missä on TE-toimisto?!")] == [
        "missä",
        "on",
        "te",
        "toimisto",
    ]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "😀", "\u0640\u0640", "x" * 20_000])
def test_odd_input_never_raises(tokenizer, text):
    for token in tokenizer.tokenize(Message(data={"text": text}), "text"):
        assert 0 <= token.start < token.end <= len(text)
