"""Mask personal data (identity codes, phone numbers, e-mail and street addresses) in free text."""

from __future__ import annotations

import re

# Finnish personal identity code: DDMMYY, a century sign (+, -, A-F, U-Y), 3 digits, a check char.
IDENTITY_CODE = re.compile(r"\b\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y]\b")
# Bounded repetitions keep matching linear on long input (no backtracking blow-up).
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# "(at)" and "[at]" are how people hide addresses from harvesters; still personal data.
OBFUSCATED_EMAIL = re.compile(
    r"[\w.+-]{1,64}\s{0,3}[\(\[]\s{0,3}at\s{0,3}[\)\]]\s{0,3}[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}",
    re.I,
)
# International (+358 40 123 4567) or national (040-123 4567) numbers with at least 7 digits.
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d\s().-]{5,24}\d(?!\w)")

# A Finnish or Swedish street name (…katu, …tie, …gatan, …vägen …) with a house number, and
# the staircase and flat after it: "Mannerheimintie 12 A 5", "Hämeenkatu 3b", "Storgatan 7".
STREET_ADDRESS = re.compile(
    r"\b\w{0,40}(?:katu|kadulla|kadun|tie|tiellä|tien|kuja|polku|väylä|kaari|rinne|raitti|"
    r"puistikko|tori|aukio|gatan|gata|vägen|väg|gränd|stigen|allén|torget)"
    r"\s{1,3}\d{1,4}(?:\s{0,2}[a-zA-Z]\b)?(?:\s{0,2}(?:as\.?\s{0,2})?[A-Za-z]?\s{0,2}\d{1,4}\b)?",
    re.IGNORECASE,
)

IDENTITY_CODE_MASK = "[henkilötunnus]"
ADDRESS_MASK = "[address]"
EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"


def _mask_phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    # Short digit runs are dates, prices or postcodes, not phone numbers.
    return PHONE_MASK if digits >= 7 else match.group(0)


def mask_personal_data(text: str) -> str:
    """The text with identity codes, e-mail addresses, phone numbers and street addresses
    replaced by markers."""
    masked = IDENTITY_CODE.sub(IDENTITY_CODE_MASK, text)
    masked = EMAIL.sub(EMAIL_MASK, masked)
    masked = OBFUSCATED_EMAIL.sub(EMAIL_MASK, masked)
    masked = PHONE.sub(_mask_phone, masked)
    return STREET_ADDRESS.sub(ADDRESS_MASK, masked)
