"""The part both channels share: tidy the text, run Rasa, apologise if nothing was said.

When the action server or the NLG endpoint is down, Rasa handles a message but sends nothing
(or raises). The user would wait forever; instead they get `utter_unavailable` from
`locales/<lang>.yml`, unless a human adviser holds the conversation (it is paused).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import UserMessage

from bot.channels.handoff_link import HandoffLink, keep_rasa_in_step

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 5000
DEFAULT_LANGUAGE = "en"
APOLOGY_KEY = "utter_unavailable"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
AgentLookup = Callable[[], Any]


def load_texts(locales_dir: Path, key: str) -> dict[str, str]:
    """One locales/ text in every language that has it (read once, when a channel starts).

    The channels speak without the NLG server for the cases it cannot cover (it may be the
    part that is down), so they read these texts themselves. English must have it.
    """
    texts: dict[str, str] = {}
    for path in sorted(locales_dir.glob("*.yml")):
        with path.open(encoding="utf-8") as handle:
            catalog = yaml.safe_load(handle) or {}
        entry = catalog.get(key) if isinstance(catalog, dict) else None
        text = entry.get("text") if isinstance(entry, dict) else entry
        if isinstance(text, str) and text.strip():
            texts[path.stem] = text
    if DEFAULT_LANGUAGE not in texts:
        raise FileNotFoundError(
            f"No '{key}' for '{DEFAULT_LANGUAGE}' in {locales_dir}/{DEFAULT_LANGUAGE}.yml: "
            "the channels need it (set locales_dir in credentials.yml)."
        )
    return texts


def in_language(texts: dict[str, str], language: str | None) -> str:
    """The text in `language`, or in English when there is none in it."""
    return texts.get(language or DEFAULT_LANGUAGE, texts[DEFAULT_LANGUAGE])


def tidy_text(text: str | None) -> str:
    """The text Rasa may safely handle: never None, never longer than MAX_MESSAGE_CHARS.

    The cut happens before NLU on purpose: tokenising and featurising 10,000 characters is
    slow and no real question is that long; what is kept is enough to understand the request.
    """
    if not isinstance(text, str):
        return ""
    return text[:MAX_MESSAGE_CHARS]


class ReplyGuard:
    """Wraps Rasa's message handler so that every user message gets at least one reply."""

    def __init__(
        self,
        apologies: dict[str, str],
        agent_lookup: AgentLookup,
        handoffs: HandoffLink | None = None,
    ) -> None:
        self._apologies = apologies
        self._agent_lookup = agent_lookup
        self._handoffs = handoffs

    def wrap(self, on_new_message: OnNewMessage) -> OnNewMessage:
        async def guarded(message: UserMessage) -> None:
            await self.handle(on_new_message, message)

        return guarded

    async def handle(self, on_new_message: OnNewMessage, message: UserMessage) -> None:
        message.text = tidy_text(message.text)
        output = message.output_channel
        if self._handoffs is not None and message.sender_id is not None:
            inbound = await self._handoffs.inbound(message.sender_id, message.text or "")
            if inbound is not None:
                for text in inbound.deliver:
                    await output.send_text_message(message.sender_id, text)
                # Reading the tracker costs a deserialisation: only when a handoff is (or was
                # just) in play. Undelivered messages mean one ended while Rasa was away.
                if inbound.held or inbound.resumed or inbound.deliver:
                    await self._in_step(message.sender_id, held=inbound.held)
                if inbound.held:
                    # Recorded in the conversation; the paused bot says nothing over the adviser.
                    await self._run(on_new_message, message)
                    return
        replies = 0
        send_response = output.send_response

        async def counting_send_response(recipient_id: str, reply: dict[str, Any]) -> None:
            nonlocal replies
            replies += 1
            await send_response(recipient_id, reply)

        # Rasa sends every bot message through send_response; counting there tells us whether
        # this turn said anything, whatever else is in the tracker.
        output.send_response = counting_send_response  # type: ignore[method-assign]
        try:
            await self._run(on_new_message, message)
        finally:
            output.send_response = send_response  # type: ignore[method-assign]
        if replies:
            return
        tracker = await self._tracker(message.sender_id)
        if tracker is not None and tracker.is_paused():
            return  # an adviser holds the conversation and answers it
        language = self._language(tracker, message.metadata)
        await output.send_text_message(message.sender_id, self.apology(language))

    @staticmethod
    async def _run(on_new_message: OnNewMessage, message: UserMessage) -> None:
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("Handling a message for %s failed", message.sender_id)

    async def _in_step(self, sender_id: str, *, held: bool) -> None:
        try:
            await keep_rasa_in_step(self._agent_lookup(), sender_id, held=held)
        except Exception:
            logger.exception("Could not pause or resume %s", sender_id)

    def apology(self, language: str | None) -> str:
        return in_language(self._apologies, language)

    async def language_of(self, sender_id: str, metadata: dict[str, Any] | None) -> str | None:
        """The conversation's language, else the one the channel passed, else None."""
        return self._language(await self._tracker(sender_id), metadata)

    async def _tracker(self, sender_id: str | None) -> Any:
        try:
            agent = self._agent_lookup()
            if agent is None or agent.tracker_store is None or sender_id is None:
                return None
            return await agent.tracker_store.retrieve(sender_id)
        except Exception:
            # If the store is unreachable we cannot know whether an adviser holds the
            # conversation; an apology is better than silence.
            logger.exception("Could not read the tracker of %s", sender_id)
            return None

    @staticmethod
    def _language(tracker: Any, metadata: dict[str, Any] | None) -> str | None:
        if tracker is not None:
            slot = tracker.slots.get("language")
            if slot is not None and isinstance(slot.value, str):
                return slot.value
        if isinstance(metadata, dict) and isinstance(metadata.get("language"), str):
            return metadata["language"]
        return None
