"""action_who_is_responsible: answers from the responsibility records, for today's date."""

from __future__ import annotations

from datetime import date

import pytest

from bot.actions import context
from bot.actions.who_is_responsible import DUTY_BY_INTENT, ActionWhoIsResponsible
from tests.actions.conftest import make_tracker, render, run_action


async def test_reimbursements_under_the_integration_act_are_paid_by_the_keha_centre():
    tracker = make_tracker("who pays reimbursements", "who_pays_reimbursements")
    messages, _ = await run_action(ActionWhoIsResponsible(), tracker)
    assert "KEHA" in messages[0]["text"]


async def test_refugee_placement_in_oulu_goes_to_the_economic_development_centre_in_2026():
    tracker = make_tracker(
        "who places refugees", "who_places_refugees", slots={"municipality": "Oulu"}
    )
    messages, _ = await run_action(ActionWhoIsResponsible(), tracker)
    assert "Economic Development Centre" in messages[0]["text"]
    assert "ELY" not in messages[0]["text"]


async def test_refugee_placement_in_oulu_went_to_the_ely_centre_in_2025(monkeypatch):
    monkeypatch.setattr(context, "today", lambda: date(2025, 6, 1))
    tracker = make_tracker(
        "who places refugees", "who_places_refugees", slots={"municipality": "Oulu"}
    )
    messages, _ = await run_action(ActionWhoIsResponsible(), tracker)
    assert "ELY" in messages[0]["text"]


@pytest.mark.parametrize("intent", sorted(DUTY_BY_INTENT))
async def test_every_responsibility_question_names_an_actor_with_a_link_and_a_source(intent):
    messages, _ = await run_action(ActionWhoIsResponsible(), make_tracker("who", intent))
    answer_prefix = render("utter_where_to_go", actor="A", reason="", url="", area="").split("A")[0]
    source_prefix = render("utter_source", source_url="S", checked_on="").split("S")[0]
    assert messages[0]["text"].startswith(answer_prefix)
    assert "https://" in messages[0]["text"]
    assert messages[-1]["text"].startswith(source_prefix)


async def test_a_regional_duty_on_aland_is_not_sent_to_a_mainland_office():
    slots = {"municipality": "Maarianhamina"}
    tracker = make_tracker("who places refugees", "who_places_refugees", slots=slots)
    messages, _ = await run_action(ActionWhoIsResponsible(), tracker)
    assert [m["text"] for m in messages] == [
        render("utter_no_local_answer", municipality="Maarianhamina")
    ]
