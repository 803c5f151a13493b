"""Tell the user where to go for a service, asking for what the answer depends on."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.context import latest_intent
from bot.actions.guidance import answer_topic

TOPIC_BY_INTENT = {
    "find_job": "employment_services",
    "ask_integration_plan": "integration_plan",
    "find_language_course": "language_courses",
    "find_ngo_activities": "ngo_activities",
    "find_sports_leisure": "sports_leisure",
    "find_initial_assessment": "initial_assessment",
    "find_guidance": "multilingual_guidance",
    "find_society_orientation": "society_orientation",
    "find_qualification_recognition": "recognition_of_qualifications",
    "ask_residence_permit": "residence_permits",
    "register_as_resident": "registering_as_resident",
    "find_social_security": "social_security",
    "report_discrimination": "discrimination",
    "ask_unaccompanied_minors": "unaccompanied_minors",
    "find_religious_community": "religious_communities",
    "find_library": "libraries",
}


class ActionFindService(Action):
    """Send the user to the office or organisation that provides what they asked for."""

    def name(self) -> str:
        return "action_find_service"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        topic = TOPIC_BY_INTENT[latest_intent(tracker)]
        return answer_topic(dispatcher, tracker, topic)
