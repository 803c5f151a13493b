"""WhatsApp through Twilio: signed requests only, numbered choices, text-only replies, no 500s."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from rasa.core.channels.channel import register
from sanic import Sanic
from twilio.request_validator import RequestValidator

from bot.channels.twilio import NumberedChoices, OpasTwilioInput, OpasTwilioOutput
from tests.engine.test_channels import FakeAgent

SID, AUTH, NUMBER = "AC" + "0" * 32, "twilio-auth-token", "whatsapp:+3580000000"
URL = "https://opas.example/webhooks/twilio/webhook"
USER = "whatsapp:+358401234567"
TEXT_ONLY = {"en": "I can only read text.", "fi": "Osaan lukea vain tekstiä."}


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    for lang in ("en", "fi"):
        (tmp_path / f"{lang}.yml").write_text(
            f'utter_unavailable: "Sorry."\nutter_text_only: "{TEXT_ONLY[lang]}"\n',
            encoding="utf-8",
        )
    return tmp_path


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What would have gone to Twilio's API."""
    messages: list[dict[str, Any]] = []

    async def record(self: OpasTwilioOutput, data: dict[str, Any]) -> Any:
        messages.append(dict(data))
        return object()

    monkeypatch.setattr(OpasTwilioOutput, "_send_message", record)
    return messages


def twilio_app(locales: Path, agent: FakeAgent, monkeypatch, configured: bool = True) -> Sanic:
    monkeypatch.delenv("HANDOFF_SERVICE_URL", raising=False)
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": AUTH, "TWILIO_NUMBER": NUMBER,
           "TWILIO_WEBHOOK_URL": URL}  # fmt: skip
    for name, value in env.items():
        if configured:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    app = Sanic(f"twilio_{id(agent)}")
    app.ctx.agent = agent
    register([OpasTwilioInput.from_credentials({"locales_dir": str(locales)})], app, "/webhooks/")
    return app


def post(app: Sanic, form: dict[str, str], signature: str | None = None) -> Any:
    if signature is None:
        signature = RequestValidator(AUTH).compute_signature(URL, form)
    _, reply = app.test_client.post(
        "/webhooks/twilio/webhook",
        data=urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "X-Twilio-Signature": signature},
    )  # fmt: skip
    return reply


def test_without_an_account_the_channel_is_off(locales, monkeypatch, sent):
    agent = FakeAgent(reply="Hei")
    reply = post(twilio_app(locales, agent, monkeypatch, configured=False), {"From": USER})
    assert reply.status == 404 and agent.seen == []


def test_a_signed_message_is_answered_on_whatsapp(locales, monkeypatch, sent):
    agent = FakeAgent(reply="Hei! Miten voin auttaa?")
    reply = post(twilio_app(locales, agent, monkeypatch), {"From": USER, "Body": "hei"})
    assert reply.status == 200 and reply.text == "<Response></Response>"
    assert (agent.seen[0].text, agent.seen[0].sender_id) == ("hei", USER)
    assert agent.seen[0].input_channel == "twilio"
    assert sent == [{"to": USER, "from_": NUMBER, "body": "Hei! Miten voin auttaa?"}]


@pytest.mark.parametrize("signature", ["", "forged-signature"])
def test_an_unsigned_or_forged_request_is_refused(locales, monkeypatch, sent, signature):
    agent = FakeAgent(reply="never")
    reply = post(twilio_app(locales, agent, monkeypatch), {"From": USER, "Body": "hei"}, signature)
    assert reply.status == 403 and "signed" in reply.json["error"]
    assert agent.seen == [] and sent == []


def test_a_photo_or_a_location_gets_i_can_only_read_text(locales, monkeypatch, sent):
    agent = FakeAgent(reply="never")
    app = twilio_app(locales, agent, monkeypatch)
    assert post(app, {"From": USER, "Body": "", "NumMedia": "1"}).status == 200
    assert post(app, {"From": USER, "Latitude": "60.17", "Longitude": "24.94"}).status == 200
    assert agent.seen == []
    assert [m["body"] for m in sent] == [TEXT_ONLY["en"], TEXT_ONLY["en"]]


def test_a_request_without_a_sender_is_a_400_and_an_empty_one_is_ignored(
    locales, monkeypatch, sent
):
    agent = FakeAgent(reply="never")
    app = twilio_app(locales, agent, monkeypatch)
    assert post(app, {"Body": "hei"}).status == 400
    assert post(app, {"From": USER}).status == 200
    assert agent.seen == [] and sent == []


def test_choices_come_as_a_numbered_list_and_a_number_picks_one(locales, monkeypatch, sent):
    class AskingAgent(FakeAgent):
        async def handle_message(self, message):
            self.seen.append(message)
            if len(self.seen) == 1:
                await message.output_channel.send_response(message.sender_id, {
                    "text": "Oletko alle 18-vuotias?",
                    "buttons": [{"title": "Kyllä olen", "payload": "/affirm"},
                                {"title": "En ole", "payload": "/deny"}],
                })  # fmt: skip
            else:
                await message.output_channel.send_response(message.sender_id, {"text": "Selvä."})

    agent = AskingAgent()
    app = twilio_app(locales, agent, monkeypatch)
    post(app, {"From": USER, "Body": "suomen kurssi"})
    assert sent[0]["body"] == "Oletko alle 18-vuotias?\n1. Kyllä olen\n2. En ole"
    post(app, {"From": USER, "Body": " 2 "})
    assert agent.seen[1].text == "/deny"
    # Used once: a later "2" is just text.
    post(app, {"From": USER, "Body": "2"})
    assert agent.seen[2].text == "2"


def test_numbered_choices_belong_to_one_person_and_are_bounded():
    choices = NumberedChoices(limit=2)
    choices.offer("a", ["/affirm", "/deny"])
    assert choices.read("b", "1") == "1"
    assert choices.read("a", "1.") == "/affirm"
    for person in ("x", "y", "z"):
        choices.offer(person, ["/affirm"])
    assert choices.read("x", "1") == "1"  # the oldest was forgotten
    assert choices.read("z", "1") == "/affirm"


def test_a_number_written_later_is_just_a_number(locales, monkeypatch, sent):
    class AskingOnce(FakeAgent):
        async def handle_message(self, message):
            self.seen.append(message)
            reply = {"text": "Selvä."}
            if len(self.seen) == 1:
                reply = {"text": "Oletko?", "buttons": [{"title": "Kyllä", "payload": "/affirm"}]}
            await message.output_channel.send_response(message.sender_id, reply)

    agent = AskingOnce()
    app = twilio_app(locales, agent, monkeypatch)
    post(app, {"From": USER, "Body": "kurssi"})
    post(app, {"From": USER, "Body": "kerro lisää"})  # not an answer to the list
    post(app, {"From": USER, "Body": "1"})
    assert [m.text for m in agent.seen] == ["kurssi", "kerro lisää", "1"]


def test_going_back_to_the_bot_is_not_offered_as_a_number_during_a_handoff(
    locales, monkeypatch, sent
):
    class Queued(FakeAgent):
        async def handle_message(self, message):
            self.seen.append(message)
            if len(self.seen) == 1:
                await message.output_channel.send_response(message.sender_id, {
                    "text": "Välitin keskustelusi neuvojalle.",
                    "buttons": [{"title": "Takaisin", "payload": "/cancel_handoff"}],
                })  # fmt: skip

    agent = Queued()
    app = twilio_app(locales, agent, monkeypatch)
    post(app, {"From": USER, "Body": "haluan puhua ihmisen kanssa"})
    assert sent[0]["body"] == "Välitin keskustelusi neuvojalle."
    # The adviser asks how many children; "1" is the answer, not "back to the bot".
    post(app, {"From": USER, "Body": "1"})
    assert agent.seen[1].text == "1"


def test_long_messages_are_cut_to_twilios_limit_and_sms_is_answered_from_the_sms_number(
    locales, monkeypatch, sent
):
    long_answer = "\n\n".join(["Kappale " + "sana " * 400] * 2)  # paragraphs over 1600
    agent = FakeAgent(reply=long_answer)
    app = twilio_app(locales, agent, monkeypatch)
    post(app, {"From": "+358401234567", "To": "+3580000001", "Body": "hei"})
    assert len(sent) >= 3  # 4016 characters
    assert all(len(m["body"]) <= 1600 for m in sent)
    assert {m["from_"] for m in sent} == {"+3580000001"}
    assert " ".join(m["body"] for m in sent).split() == long_answer.split()


def test_a_signature_for_another_address_is_refused(locales, monkeypatch, sent):
    agent = FakeAgent(reply="never")
    form = {"From": USER, "Body": "hei"}
    elsewhere = RequestValidator(AUTH).compute_signature("https://evil.example/hook", form)
    assert post(twilio_app(locales, agent, monkeypatch), form, elsewhere).status == 403
    assert agent.seen == []
