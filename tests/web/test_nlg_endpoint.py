"""POST /nlg: Rasa's NLG server protocol over the locales catalog."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient


def nlg_body(
    response: str,
    arguments: dict[str, Any] | None = None,
    slot_language: str | None = None,
) -> dict[str, Any]:
    """A request shaped as Rasa 3.6's CallbackNaturalLanguageGenerator sends it."""
    return {
        "response": response,
        "id": None,
        "arguments": arguments or {},
        "tracker": {
            "sender_id": "test",
            "slots": {"language": slot_language, "municipality": None},
            "latest_message": {"text": "hei"},
            "events": [],
        },
        "channel": {"name": "socketio"},
    }


async def test_renders_the_response_in_the_language_of_the_conversation(client: TestClient):
    reply = await client.post("/nlg", json=nlg_body("utter_greet", slot_language="fi"))
    assert reply.status == 200
    assert await reply.json() == {"text": "Hei!"}


async def test_language_in_the_arguments_overrides_the_tracker_slot(client: TestClient):
    body = nlg_body("utter_greet", arguments={"language": "sv"}, slot_language="fi")
    reply = await client.post("/nlg", json=body)
    assert (await reply.json())["text"] == "Hej!"


async def test_a_conversation_without_a_language_gets_english(client: TestClient):
    reply = await client.post("/nlg", json=nlg_body("utter_greet"))
    assert (await reply.json())["text"] == "Hello!"


async def test_a_language_opas_does_not_speak_falls_back_to_english(client: TestClient):
    reply = await client.post("/nlg", json=nlg_body("utter_greet", slot_language="xx"))
    assert reply.status == 200
    assert (await reply.json())["text"] == "Hello!"


async def test_regional_language_tags_are_understood(client: TestClient):
    reply = await client.post("/nlg", json=nlg_body("utter_greet", slot_language="sv-FI"))
    assert (await reply.json())["text"] == "Hej!"


async def test_arguments_fill_the_placeholders(client: TestClient):
    arguments = {"language": "fi", "actor": "TE-palvelut", "url": "https://example.fi/"}
    reply = await client.post("/nlg", json=nlg_body("utter_where_to_go", arguments))
    assert (await reply.json())["text"] == "Ota yhteyttä: TE-palvelut, https://example.fi/"


async def test_rasa_and_rasa_sdk_bookkeeping_is_not_taken_for_template_arguments(
    client: TestClient,
):
    # What rasa-sdk's utter_message(response=..., language=..., actor=..., url=...) becomes.
    arguments = {
        "text": None,
        "buttons": [],
        "elements": [],
        "custom": {},
        "template": "utter_where_to_go",
        "image": None,
        "attachment": None,
        "language": "en",
        "actor": "Kela",
        "url": "https://www.kela.fi/",
        "domain_responses": {"utter_where_to_go": [{"text": "ignored"}]},
        "utter_action": "utter_where_to_go",
        "key": "not a response key",
        "lang": "fi",
    }
    reply = await client.post("/nlg", json=nlg_body("utter_where_to_go", arguments))
    assert reply.status == 200
    assert (await reply.json())["text"] == "Go to Kela: https://www.kela.fi/"


async def test_buttons_come_back_in_the_conversations_language(client: TestClient):
    reply = await client.post("/nlg", json=nlg_body("utter_ask_jobseeker", slot_language="sv"))
    assert await reply.json() == {
        "text": "Är du anmäld som arbetssökande?",
        "buttons": [{"title": "Ja", "payload": "/affirm"}, {"title": "Nej", "payload": "/deny"}],
    }


async def test_markup_in_an_argument_arrives_as_the_plain_text_it_was(client: TestClient):
    # Messages are plain text: the widget and the messaging apps show markup, never run it.
    arguments = {"actor": "<img src=x\nonerror=alert(1)>", "url": "javascript:alert(1)"}
    reply = await client.post("/nlg", json=nlg_body("utter_where_to_go", arguments))
    text = (await reply.json())["text"]
    assert "<img src=x onerror=alert(1)>" in text  # one line, as typed
    assert "javascript:alert(1)" in text


async def test_an_unknown_response_key_is_a_404_with_a_json_error(client: TestClient):
    reply = await client.post("/nlg", json=nlg_body("utter_no_such_thing"))
    assert reply.status == 404
    assert reply.content_type == "application/json"
    assert "utter_no_such_thing" in (await reply.json())["error"]


async def test_a_missing_argument_is_a_422_naming_it(client: TestClient):
    reply = await client.post("/nlg", json=nlg_body("utter_where_to_go", {"actor": "Kela"}))
    assert reply.status == 422
    assert "url" in (await reply.json())["error"]


async def test_malformed_json_is_a_400_with_a_json_error(client: TestClient):
    reply = await client.post(
        "/nlg", data=b'{"response": "utter_greet",', headers={"Content-Type": "application/json"}
    )
    assert reply.status == 400
    assert "error" in await reply.json()


async def test_bodies_that_are_not_objects_are_refused(client: TestClient):
    for body in ([], "utter_greet", 42, None):
        reply = await client.post("/nlg", json=body)
        assert reply.status == 400, body
        assert "error" in await reply.json()


async def test_fields_of_the_wrong_type_are_refused(client: TestClient):
    bodies = [
        {"response": 42},
        {"response": ""},
        {"response": "utter_greet", "arguments": ["language", "fi"]},
        {"response": "utter_greet", "tracker": "fi"},
        {"response": "utter_greet", "tracker": {"slots": ["fi"]}},
        {"response": "utter_greet", "arguments": {"language": ["fi"]}},
    ]
    for body in bodies:
        reply = await client.post("/nlg", json=body)
        assert reply.status == 400, body
        assert "error" in await reply.json()


async def test_binary_garbage_is_a_400_not_a_crash(client: TestClient):
    reply = await client.post("/nlg", data=b"\xff\xfe\x00\x81" * 100)
    assert reply.status == 400
    assert "error" in await reply.json()


async def test_deeply_nested_json_is_a_400_not_a_crash(client: TestClient):
    reply = await client.post("/nlg", data=b"[" * 20_000 + b"]" * 20_000)
    assert reply.status == 400
    assert "error" in await reply.json()


async def test_a_body_over_the_size_limit_is_a_413_with_a_json_error(client: TestClient):
    huge = {"response": "utter_greet", "arguments": {"actor": "x" * (128 * 1024)}}
    reply = await client.post("/nlg", json=huge)
    assert reply.status == 413
    assert "error" in await reply.json()


async def test_get_on_the_nlg_endpoint_is_a_405_with_a_json_error(client: TestClient):
    reply = await client.get("/nlg")
    assert reply.status == 405
    assert "error" in await reply.json()


async def test_health_says_ok(client: TestClient):
    reply = await client.get("/healthz")
    assert reply.status == 200
    assert await reply.json() == {"status": "ok"}
