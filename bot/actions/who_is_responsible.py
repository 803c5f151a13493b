"""Answer "who is responsible for ...?" from the responsibility records."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import context
from bot.actions.context import conversation_language, latest_intent, say
from bot.actions.guidance import municipality_name, utter_answer
from knowledge import queries

DUTY_BY_INTENT = {
    "who_leads_integration_policy": "integration_policy",
    "who_monitors_integration": "integration_monitoring",
    "who_pays_reimbursements": "integration_reimbursements",
    "who_places_refugees": "refugee_placement",
    "who_supervises_group_homes": "group_homes_supervision",
}


class ActionWhoIsResponsible(Action):
    """Name the actor responsible for a duty today, in the user's region where that matters."""

    def name(self) -> str:
        return "action_who_is_responsible"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        duty = DUTY_BY_INTENT[latest_intent(tracker)]
        lang = conversation_language(tracker)
        municipality = tracker.get_slot("municipality")
        try:
            with context.knowledge_session() as session:
                answer = queries.who_is_responsible(
                    session, duty, municipality=municipality, on=context.today(), lang=lang
                )
        except queries.NoAreaForMunicipality:
            # Åland has its own authorities: better no answer than a mainland office.
            name = municipality_name(str(municipality), lang)
            say(dispatcher, "utter_no_local_answer", lang, municipality=name)
            return []
        utter_answer(dispatcher, answer, lang, municipality)
        return []
