"""Personal data is masked in what advisers see before they claim a conversation, and in logs."""

from __future__ import annotations

import pytest

from knowledge.privacy import mask_personal_data


def test_identity_codes_phone_numbers_and_email_addresses_are_masked() -> None:
    masked = mask_personal_data(
        "Hetuni on 131052-308T, soita 040 123 4567 tai maili matti.meikalainen@example.fi"
    )
    assert "131052-308T" not in masked
    assert "040 123 4567" not in masked
    assert "example.fi" not in masked
    assert "[henkilötunnus]" in masked and "[phone]" in masked and "[email]" in masked


def test_international_phone_numbers_and_new_identity_codes_are_masked() -> None:
    masked = mask_personal_data("call +358 50 1234567, id 010594Y9032, mail a(at)b.fi")
    assert "1234567" not in masked and "010594Y9032" not in masked and "a(at)b.fi" not in masked


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Asun osoitteessa Mannerheimintie 12 A 5, Helsinki", "Mannerheimintie 12 A 5"),
        ("my address is Hämeenkatu 3b", "Hämeenkatu 3b"),
        ("jag bor på Storgatan 7", "Storgatan 7"),
        ("Asun Kauppakadulla 14 as. 3", "Kauppakadulla 14 as. 3"),
    ],
)
def test_street_addresses_are_masked(text: str, address: str) -> None:
    masked = mask_personal_data(text)
    assert address not in masked
    assert "[address]" in masked


def test_masking_keeps_ordinary_numbers_and_text() -> None:
    text = "Asun Oulussa, postinumero 90100, kurssi alkaa 1.9.2026 klo 17. Tie töihin on pitkä."
    assert mask_personal_data(text) == text


def test_a_megabyte_of_near_misses_is_masked_in_one_pass() -> None:
    # Bounded patterns: no backtracking blow-up (a regression would hang this test).
    masked = mask_personal_data("x" * 1_000_000 + " a@" * 100_000 + " Pitkäkatu 1" * 50_000)
    assert masked.count("[address]") == 50_000
