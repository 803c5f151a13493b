"""Turn a knowledge-base answer into bot messages and slot events (shared by several actions)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import context
from bot.actions.context import conversation_language, say
from knowledge import queries


def format_date(value: date) -> str:
    """Dates as people in Finland write them (27.11.2026), the same in every language."""
    return f"{value.day}.{value.month}.{value.year}"


def utter_answer(
    dispatcher: CollectingDispatcher,
    answer: queries.Answer,
    lang: str,
    municipality: str | None = None,
) -> None:
    """Send where to go, why, the official link, local entries and where the facts come from."""
    for referral in answer.referrals:
        say(
            dispatcher,
            "utter_where_to_go",
            lang,
            actor=referral.actor_name,
            reason=referral.reason,
            url=referral.url,
            area=referral.area_name or "",
        )
    if answer.notice:
        say(dispatcher, "utter_change_notice", lang, notice=answer.notice)
    # The knowledge query already caps the entries (queries.MAX_DIRECTORY_ENTRIES).
    entries = answer.directory
    if entries:
        place = municipality_name(municipality, lang) if municipality else ""
        say(dispatcher, "utter_directory_intro", lang, municipality=place)
    for entry in entries:
        say(
            dispatcher,
            "utter_directory_entry",
            lang,
            name=entry.name,
            description=entry.description,
            url=entry.url or "",
            checked_on=format_date(entry.checked_on),
        )
    if answer.referrals:
        primary = answer.referrals[0]
        say(
            dispatcher,
            "utter_source",
            lang,
            source_url=primary.source_url,
            checked_on=format_date(primary.checked_on),
        )


def answer_topic(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    topic: str,
    **known: Any,
) -> list[EventType]:
    """Answer a topic, or ask for what the answer depends on and remember the topic.

    `known` overrides slots set in this same turn (the tracker the action received predates them).
    """
    lang = conversation_language(tracker)
    municipality = known.get("municipality", tracker.get_slot("municipality"))
    # What the user has said about themselves: jobseeker, minor, protection (slots of those names).
    details = {detail: known.get(detail, tracker.get_slot(detail)) for detail in queries.DETAILS}
    try:
        with context.knowledge_session() as session:
            answer = queries.where_to_go(
                session,
                topic,
                municipality=municipality,
                on=context.today(),
                lang=lang,
                **details,
            )
    except queries.DetailNeeded as needed:
        say(dispatcher, f"utter_ask_{needed.detail}", lang)
        return [SlotSet("pending_topic", topic), SlotSet("awaiting", needed.detail)]
    except queries.MunicipalityNeeded:
        say(dispatcher, "utter_ask_municipality", lang)
        return [SlotSet("pending_topic", topic), SlotSet("awaiting", "municipality")]
    except queries.UnknownMunicipality as error:
        utter_unknown_municipality(dispatcher, error, lang)
        return [SlotSet("municipality", None), SlotSet("pending_topic", topic),
                SlotSet("awaiting", "municipality")]  # fmt: skip
    except queries.NoAreaForMunicipality:
        # Åland has its own authorities: better no answer than the wrong office.
        name = municipality_name(str(municipality), lang)
        say(dispatcher, "utter_no_local_answer", lang, municipality=name)
        return [SlotSet("pending_topic", None), SlotSet("awaiting", None)]
    except (queries.NothingInForce, queries.UnknownTopic):
        # The data check rules this out for the shipped base; an edited base must not crash.
        say(dispatcher, "utter_cannot_help", lang)
        return [SlotSet("pending_topic", None), SlotSet("awaiting", None)]
    utter_answer(dispatcher, answer, lang, municipality)
    return [SlotSet("pending_topic", None), SlotSet("awaiting", None)]


def municipality_name(municipality: str, lang: str) -> str:
    """The municipality's name in the user's language (Vasa, not Vaasa, for a Swedish speaker)."""
    try:
        with context.knowledge_session() as session:
            return queries.resolve_municipality(session, municipality).name(lang)
    except queries.UnknownMunicipality:
        return municipality


def utter_unknown_municipality(
    dispatcher: CollectingDispatcher, error: queries.UnknownMunicipality, lang: str
) -> None:
    """Say that no municipality goes by that name; the closest real names are buttons."""
    if not error.suggestions:
        say(dispatcher, "utter_unknown_municipality_no_suggestions", lang, place=error.text)
        return
    names = [municipality_name(name, lang) for name in error.suggestions]
    rendered = context.catalog().render(
        "utter_unknown_municipality", lang, place=error.text, suggestions=", ".join(names)
    )
    dispatcher.utter_message(
        text=rendered["text"],
        buttons=[
            {"title": shown, "payload": municipality_payload(official)}
            for shown, official in zip(names, error.suggestions, strict=True)
        ],
    )


def municipality_payload(official_name: str) -> str:
    """The message a municipality button sends: the municipality, as the gazetteer would tag it.

    Compact JSON, so that it fits Telegram's 64 bytes of button data.
    """
    entity = json.dumps({"municipality": official_name}, ensure_ascii=False, separators=(",", ":"))
    return f"/inform_municipality{entity}"


def resolve_typed_municipality(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> list[EventType] | None:
    """Take free text as the municipality the bot asked for.

    Returns the events for a resolved name (and the pending topic answered), or None after
    telling the user the name is unknown.
    """
    lang = conversation_language(tracker)
    try:
        with context.knowledge_session() as session:
            name = queries.resolve_municipality(session, text).name_fi
    except queries.UnknownMunicipality as error:
        utter_unknown_municipality(dispatcher, error, lang)
        return None
    return [SlotSet("municipality", name), *continue_with_municipality(dispatcher, tracker, name)]


def continue_with_municipality(
    dispatcher: CollectingDispatcher, tracker: Tracker, municipality: str
) -> list[EventType]:
    """Answer the topic that waited for the municipality, or confirm it is remembered."""
    pending = tracker.get_slot("pending_topic")
    if pending:
        return answer_topic(dispatcher, tracker, pending, municipality=municipality)
    lang = conversation_language(tracker)
    say(
        dispatcher,
        "utter_municipality_noted",
        lang,
        municipality=municipality_name(municipality, lang),
    )
    return []
