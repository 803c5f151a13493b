"""The website's path: a real socket.io client, as the chat widget speaks to Rasa."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import socketio

pytestmark = pytest.mark.e2e


async def test_socketio_user_gets_replies_in_the_language_the_website_passed(stack, catalog):
    client = socketio.AsyncClient(reconnection=False)
    replies: asyncio.Queue[dict] = asyncio.Queue()
    confirmed = asyncio.Event()
    session_id = uuid.uuid4().hex

    client.on("session_confirm", lambda *_: confirmed.set())
    client.on("bot_uttered", replies.put_nowait)
    await client.connect(stack.rasa_url, socketio_path="/socket.io", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), timeout=10)
        await client.emit(
            "user_uttered",
            {"message": "Hej!", "session_id": session_id, "customData": {"language": "sv"}},
        )
        greeting = await asyncio.wait_for(replies.get(), timeout=30)
        assert greeting["text"] == catalog.render("utter_greet", "sv")["text"]

        await client.emit(
            "user_uttered",
            {
                "message": "var hittar jag en kurs i finska",
                "session_id": session_id,
                "customData": {"language": "sv"},
            },
        )
        question = await asyncio.wait_for(replies.get(), timeout=30)
        # A language course depends on age first: children learn Finnish at school.
        assert question["text"] == catalog.render("utter_ask_minor", "sv")["text"]
    finally:
        await client.disconnect()
