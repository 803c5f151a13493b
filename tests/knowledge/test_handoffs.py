"""Handoff requests are stored waiting, with personal data masked."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.handoffs import HandoffRequest, record_handoff_request
from knowledge.privacy import mask_personal_data


def test_a_request_is_stored_waiting_with_the_message_masked(session: Session) -> None:
    record_handoff_request(
        session,
        sender_id="abc",
        channel="socketio",
        language="fi",
        topic="integration_plan",
        municipality="Oulu",
        last_message=(
            "Hetuni on 131052-308T, soita 040 123 4567 tai maili matti.meikalainen@example.fi"
        ),
    )
    stored = session.scalars(select(HandoffRequest).where(HandoffRequest.sender_id == "abc")).one()
    assert stored.status == "waiting"
    assert "131052-308T" not in stored.last_message
    assert "040 123 4567" not in stored.last_message
    assert "example.fi" not in stored.last_message
    assert stored.created_at is not None


def test_masking_keeps_ordinary_numbers_and_text() -> None:
    text = "Asun Oulussa, postinumero 90100, kurssi alkaa 1.9.2026 klo 17"
    assert mask_personal_data(text) == text


def test_international_phone_numbers_and_new_identity_codes_are_masked() -> None:
    masked = mask_personal_data("call +358 50 1234567, id 010594Y9032, mail a(at)b.fi")
    assert "1234567" not in masked and "010594Y9032" not in masked and "a(at)b.fi" not in masked


def test_a_huge_message_is_shortened_after_masking(session: Session) -> None:
    request = record_handoff_request(
        session,
        sender_id="big",
        channel="rest",
        language="en",
        topic=None,
        municipality=None,
        last_message="x" * 50_000,
    )
    assert len(request.last_message) <= 2000


def test_masking_a_megabyte_of_text_does_not_hang() -> None:
    import time

    started = time.monotonic()
    mask_personal_data("x" * 1_000_000 + " a@" * 100_000)
    assert time.monotonic() - started < 10
