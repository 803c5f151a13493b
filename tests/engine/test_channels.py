"""The channels always answer: an apology in the user's language when Rasa said nothing."""

from pathlib import Path
from typing import Any

import pytest
from rasa.core.channels.channel import UserMessage, register
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ConversationPaused, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from bot.channels.guard import MAX_MESSAGE_CHARS, load_texts
from bot.channels.rest import OpasRestInput
from bot.channels.socketio import OpasSocketIOInput

APOLOGY = {"en": "Sorry, I cannot answer right now.", "fi": "Anteeksi, en voi vastata juuri nyt."}
DOMAIN = Domain.from_yaml("slots:\n  language:\n    type: text\n    mappings: [{type: custom}]\n")


class FakeTrackerStore:
    def __init__(self) -> None:
        self.trackers: dict = {}

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return self.trackers.get(sender_id)


class FakeAgent:
    """Stands in for Rasa's agent; `reply` decides what the bot says (None = nothing)."""

    def __init__(self, reply: str | None = None, fail: bool = False) -> None:
        self.reply, self.fail = reply, fail
        self.tracker_store = FakeTrackerStore()
        self.seen: list[UserMessage] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.seen.append(message)
        if self.fail:
            raise ConnectionError("action server is down")
        if self.reply:
            await message.output_channel.send_response(message.sender_id, {"text": self.reply})

    def remember(self, sender_id: str, *events: Any) -> None:
        tracker = DialogueStateTracker.from_events(sender_id, list(events), slots=DOMAIN.slots)
        self.tracker_store.trackers[sender_id] = tracker


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    for lang, text in APOLOGY.items():
        (tmp_path / f"{lang}.yml").write_text(f'utter_unavailable: "{text}"\n', encoding="utf-8")
    return tmp_path


def rest_app(locales: Path, agent: FakeAgent) -> Sanic:
    app = Sanic(f"test_{id(agent)}")
    app.ctx.agent = agent
    register([OpasRestInput.from_credentials({"locales_dir": str(locales)})], app, "/webhooks/")
    return app


def post(app: Sanic, body: Any) -> Any:
    _, response = app.test_client.post("/webhooks/rest/webhook", json=body)
    assert response.status == 200
    return response.json


def test_silence_from_the_bot_becomes_an_apology_in_the_conversation_language(locales):
    agent = FakeAgent(reply=None)
    agent.remember("anna", SlotSet("language", "fi"))
    app = rest_app(locales, agent)
    assert post(app, {"sender": "anna", "message": "hei"}) == [
        {"recipient_id": "anna", "text": APOLOGY["fi"]}
    ]


def test_a_new_conversation_gets_the_apology_in_english(locales):
    app = rest_app(locales, FakeAgent(reply=None))
    assert post(app, {"sender": "new", "message": "hello"})[0]["text"] == APOLOGY["en"]


def test_a_failure_inside_rasa_still_gets_an_apology(locales):
    app = rest_app(locales, FakeAgent(fail=True))
    assert [m["text"] for m in post(app, {"sender": "x", "message": "hi"})] == [APOLOGY["en"]]


def test_a_normal_reply_gets_no_apology(locales):
    app = rest_app(locales, FakeAgent(reply="Hello!"))
    assert [m["text"] for m in post(app, {"sender": "x", "message": "hi"})] == ["Hello!"]


def test_a_conversation_held_by_an_adviser_gets_no_apology(locales):
    agent = FakeAgent(reply=None)
    agent.remember("held", UserUttered("help"), ConversationPaused())
    app = rest_app(locales, agent)
    assert post(app, {"sender": "held", "message": "are you there?"}) == []


def test_empty_huge_and_malformed_messages_are_answered_and_huge_ones_are_cut(locales):
    agent = FakeAgent(reply="ok")
    app = rest_app(locales, agent)
    assert post(app, {"sender": "a", "message": ""}) != []
    assert post(app, {"sender": "a", "message": "   "}) != []
    assert post(app, {"sender": "a", "message": "x" * 10_000}) != []
    assert post(app, {"sender": "a"}) != []
    assert post(app, {"sender": "a", "message": 42, "metadata": "not a dict"}) != []
    assert post(app, ["not", "an", "object"]) != []
    assert len(agent.seen[2].text) == MAX_MESSAGE_CHARS


def test_missing_locales_give_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="utter_unavailable"):
        load_texts(tmp_path, "utter_unavailable")


def test_mapping_entries_and_missing_languages_fall_back_sensibly(tmp_path):
    (tmp_path / "en.yml").write_text("utter_unavailable:\n  text: Sorry.\n", encoding="utf-8")
    assert load_texts(tmp_path, "utter_unavailable") == {"en": "Sorry."}


async def test_socketio_apologises_in_the_language_the_website_passes(locales):
    agent = FakeAgent(reply=None)
    app = Sanic(f"sio_{id(agent)}")
    app.ctx.agent = agent
    channel = OpasSocketIOInput.from_credentials(
        {"locales_dir": str(locales), "metadata_key": "customData", "session_persistence": True}
    )
    register([channel], app, "/webhooks/")
    sio = channel.sio
    emitted: list[tuple] = []

    async def emit(event: str, data: Any = None, room: str | None = None, **_: Any) -> None:
        emitted.append((event, data, room))

    rooms: list[tuple] = []
    sio.emit = emit  # type: ignore[method-assign]
    sio.enter_room = lambda sid, room, namespace=None: rooms.append((sid, room))  # type: ignore
    handlers = sio.handlers["/"]

    await handlers["session_request"]("sid1", {"session_id": "s1"})
    await handlers["user_uttered"](
        "sid1", {"message": "moi", "session_id": "s1", "customData": {"language": "fi"}}
    )
    await handlers["user_uttered"]("sid1", "garbage")  # ignored, no crash

    assert rooms == [("sid1", "s1")]
    assert emitted == [
        ("session_confirm", "s1", "sid1"),
        ("bot_uttered", {"text": APOLOGY["fi"]}, "s1"),
    ]
    assert agent.seen[0].metadata == {"language": "fi"}
