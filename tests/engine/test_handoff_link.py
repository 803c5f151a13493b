"""The channels hold the bot back while an adviser has the conversation, whatever Rasa forgot."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ConversationPaused

from bot.channels.guard import ReplyGuard
from bot.channels.handoff_link import HandoffLink, Inbound

DOMAIN = Domain.from_yaml("slots:\n  language:\n    type: text\n    mappings: [{type: custom}]\n")


class Agent:
    """Rasa's stores, and a bot that answers "bot reply" unless the tracker is paused."""

    def __init__(self) -> None:
        self.tracker_store = InMemoryTrackerStore(DOMAIN)
        self.lock_store = InMemoryLockStore()
        self.handled: list[str] = []

    async def handle(self, message: UserMessage) -> None:
        self.handled.append(message.text or "")
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        if not tracker.is_paused():
            # Rasa sends every bot message through send_response.
            await message.output_channel.send_response(message.sender_id, {"text": "bot reply"})


class FakeLink(HandoffLink):
    def __init__(self, answer: Inbound | None) -> None:
        super().__init__("http://unused", "token")
        self.answer = answer
        self.asked: list[tuple[str, str]] = []

    async def inbound(self, sender_id: str, text: str) -> Inbound | None:
        self.asked.append((sender_id, text))
        return self.answer


async def say(agent: Agent, link: FakeLink, text: str) -> list[str]:
    guard = ReplyGuard({"en": "sorry"}, lambda: agent, link)
    output = CollectingOutputChannel()
    await guard.handle(agent.handle, UserMessage(text, output, "anna"))
    return [m["text"] for m in output.messages]


async def paused(agent: Agent) -> bool:
    tracker = await agent.tracker_store.retrieve("anna")
    return tracker is not None and tracker.is_paused()


async def test_a_held_conversation_is_paused_even_after_rasa_forgot_it():
    agent = Agent()  # a fresh tracker store: Rasa has just restarted
    link = FakeLink(Inbound(held=True, resumed=False))
    assert await say(agent, link, "are you there?") == []  # no bot reply, no apology
    assert await paused(agent)
    assert agent.handled == ["are you there?"]  # still recorded in the conversation
    assert link.asked == [("anna", "are you there?")]


async def test_undelivered_adviser_messages_come_first():
    agent = Agent()
    link = FakeLink(Inbound(held=True, resumed=False, deliver=["Adviser: hello"]))
    assert await say(agent, link, "hi?") == ["Adviser: hello"]


async def test_a_cancelled_handoff_resumes_the_bot_which_answers():
    agent = Agent()
    tracker = await agent.tracker_store.get_or_create_tracker("anna")
    tracker.update(ConversationPaused())
    await agent.tracker_store.save(tracker)
    link = FakeLink(Inbound(held=False, resumed=True))
    assert await say(agent, link, "/cancel_handoff") == ["bot reply"]
    assert not await paused(agent)


@pytest.mark.parametrize("answer", [None, Inbound(held=False, resumed=False)])
async def test_without_a_handoff_or_the_service_the_bot_answers_as_usual(answer: Any):
    agent = Agent()
    assert await say(agent, FakeLink(answer), "hello") == ["bot reply"]


def test_the_link_is_off_without_its_address_or_token(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("HANDOFF_SERVICE_URL", raising=False)
    monkeypatch.setenv("OPAS_SERVICE_TOKEN", "x")
    assert HandoffLink.from_env() is None
    monkeypatch.setenv("HANDOFF_SERVICE_URL", "http://127.0.0.1:8000/internal")
    assert HandoffLink.from_env() is not None


async def test_an_unreachable_service_is_none_not_an_error():
    link = HandoffLink("http://127.0.0.1:9/internal", "token")  # nothing listens on port 9
    assert await link.inbound("anna", "hi") is None
