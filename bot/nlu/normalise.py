"""Text normalisation shared by the tokenizer and the gazetteer (no Rasa imports).

People write one letter in several ways: Arabic and Persian yeh and kaf, alef with or without
hamza, teh marbuta, tatweel and vowel marks, Eastern Arabic digits, the Ukrainian apostrophe,
decomposed Latin letters. Normalising them makes those spellings one, while every character
of the result remembers where it came from in the text as written.
"""

from __future__ import annotations

import unicodedata

# Characters written in several ways for one letter, mapped to one form.
LETTER_VARIANTS = str.maketrans(
    {
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Persian yeh -> Arabic yeh
        "\u06a9": "\u0643",  # Persian keheh -> Arabic kaf
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u2019": "'",  # Ukrainian apostrophe as typed on phones and in Word ...
        "\u02bc": "'",  # ... as the standard modifier letter ...
        "\u2018": "'",
        "`": "'",
        "\u0307": None,  # the dot Turkish İ leaves after case folding: İstanbul -> istanbul
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)


def dropped(char: str) -> bool:
    """Marks that change nothing about the word: tatweel and Arabic vowel and Quranic marks."""
    code = ord(char)
    return code == 0x0640 or 0x064B <= code <= 0x065F or code == 0x0670 or 0x06D6 <= code <= 0x06ED


def normalise_with_offsets(text: str, fold_case: bool = True) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index it came from.

    A base letter and the combining marks after it are composed (NFC) together, so a
    decomposed "ä" becomes one "ä" that points at the base letter. Without fold_case the
    letters keep their case (the gazetteer reads capitals as a sign of a name).
    """
    out: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]) and not dropped(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        folded = cluster.casefold() if fold_case else cluster
        for char in folded.translate(LETTER_VARIANTS):
            if not dropped(char):
                out.append(char)
                origin.append(i)
        i = j
        while i < len(text) and dropped(text[i]):
            i += 1
    return "".join(out), origin


def is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
