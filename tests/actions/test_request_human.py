"""action_request_human: the request is acknowledged and stored for an adviser."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.actions.request_human import ActionRequestHuman
from knowledge.handoffs import HandoffRequest
from tests.actions.conftest import make_tracker, render, run_action, texts


async def test_request_for_a_person_is_recorded_with_what_the_bot_knows(knowledge_engine):
    tracker = make_tracker(
        "haluan puhua ihmisen kanssa, puhelin 040 1234567",
        "request_human",
        slots={"language": "fi", "municipality": "Lahti", "pending_topic": "integration_plan"},
        sender_id="handoff-test-1",
    )
    messages, _ = await run_action(ActionRequestHuman(), tracker)
    assert texts(messages) == [render("utter_handoff_requested", "fi")]
    with Session(knowledge_engine) as session:
        request = session.scalars(
            select(HandoffRequest).where(HandoffRequest.sender_id == "handoff-test-1")
        ).one()
    assert (request.language, request.municipality, request.topic) == (
        "fi",
        "Lahti",
        "integration_plan",
    )
    assert request.status == "waiting"
    assert "1234567" not in request.last_message  # personal data is masked before it is stored
