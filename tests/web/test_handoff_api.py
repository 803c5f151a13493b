"""The adviser API: login, queues per organisation, claim, reply, notes, resolve, hand back.

Rasa is a stand-in (tests/web/handoff_support.py) that records what the web app appends to
conversations; everything else is the real app on a SQLite file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import Engine, select

from knowledge.advisers import Adviser
from knowledge.db import session_scope
from knowledge.handoffs import OUTCOMES
from tests.web.handoff_support import (
    BEARER,
    PASSWORD,
    FakeRasa,
    add_adviser,
    database,
    handoff_settings,
    loaded_database,
    log_in,
    request_handoff,
)
from web.app import create_app
from web.service_hours import ServiceHours
from web.settings import Settings

CSRF = "X-CSRF-Token"


@pytest.fixture
async def rasa(aiohttp_server) -> FakeRasa:  # type: ignore[no-untyped-def]
    fake = FakeRasa()
    server = await aiohttp_server(fake.app())
    fake.url = str(server.make_url("")).rstrip("/")
    return fake


@pytest.fixture(scope="session")
def knowledge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded_database(tmp_path_factory.mktemp("knowledge") / "knowledge.db")


@pytest.fixture
def settings(tmp_path: Path, rasa: FakeRasa, knowledge_file: Path) -> Settings:
    shutil.copyfile(knowledge_file, tmp_path / "handoffs.db")
    return handoff_settings(tmp_path, rasa.url)


@pytest.fixture
def engine(settings: Settings) -> Engine:
    engine = database(settings)
    add_adviser(engine, "noora", "national")
    add_adviser(engine, "olli", "oulu")
    add_adviser(engine, "aino", "oulu", admin=True)
    return engine


@pytest.fixture
def new_client(aiohttp_client, settings: Settings, engine: Engine) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    async def make(**overrides: Any) -> TestClient:
        app_settings = settings if not overrides else Settings(**{**settings.__dict__, **overrides})
        return await aiohttp_client(create_app(app_settings))

    return make


@pytest.fixture
async def client(new_client: Callable[..., Any]) -> TestClient:
    return await new_client()


# ---- the document ----


async def test_the_openapi_document_describes_exactly_the_routes_under_api(client):
    response = await client.get("/api/openapi.json")
    assert response.status == 200
    document = await response.json()
    assert document["openapi"].startswith("3.1")
    routed = {
        (method.lower(), resource.canonical)
        for resource in client.app.router.resources()
        if resource.canonical.startswith("/api/")
        for method in {r.method for r in resource}
        if method != "HEAD"
    }
    documented = {(method, path) for path, ops in document["paths"].items() for method in ops}
    assert routed == documented


# ---- logging in ----


async def test_login_sets_a_strict_http_only_cookie_and_returns_the_csrf_token(client):
    response = await client.post("/api/login", json={"username": "noora", "password": PASSWORD})
    assert response.status == 200
    body = await response.json()
    assert len(body["csrf_token"]) >= 32
    assert body["adviser"] == {"username": "noora", "organisation": "national", "is_admin": False}
    assert set(body["outcomes"]) == set(OUTCOMES)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    session = await client.get("/api/session")
    assert (await session.json())["csrf_token"] == body["csrf_token"]


async def test_the_database_keeps_only_a_password_hash(client, engine):
    with session_scope(engine) as session:
        stored = session.scalars(select(Adviser).where(Adviser.username == "noora")).one()
        assert stored.password_hash.startswith("$argon2id$")
        assert PASSWORD not in stored.password_hash


@pytest.mark.parametrize(
    ("username", "password"), [("noora", "wrong password!"), ("nobody", PASSWORD)]
)
async def test_a_wrong_password_or_unknown_user_gets_the_same_401(client, username, password):
    response = await client.post("/api/login", json={"username": username, "password": password})
    assert response.status == 401
    assert (await response.json()) == {"error": "Wrong username or password."}
    assert "Set-Cookie" not in response.headers


async def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client):
    for _ in range(5):
        wrong = await client.post("/api/login", json={"username": "olli", "password": "guess"})
        assert wrong.status == 401
    # Without the password a locked account looks like any failed login (no enumeration) ...
    guess = await client.post("/api/login", json={"username": "olli", "password": "guess 6"})
    assert guess.status == 401
    # ... with it, the adviser learns the account is locked and for how long.
    locked = await client.post("/api/login", json={"username": "olli", "password": PASSWORD})
    assert locked.status == 423
    assert int(locked.headers["Retry-After"]) > 60
    # Another account is not affected.
    assert (
        await client.post("/api/login", json={"username": "noora", "password": PASSWORD})
    ).status == 200


async def test_logout_ends_the_session(client):
    token = await log_in(client, "noora")
    assert (await client.post("/api/logout", headers={CSRF: token})).status == 200
    assert (await client.get("/api/handoffs")).status == 401


async def test_a_session_survives_a_restart_of_the_web_app(new_client):
    first = await new_client()
    await log_in(first, "noora")
    cookie = first.session.cookie_jar.filter_cookies(first.make_url("/"))["opas_session"].value
    second = await new_client()
    response = await second.get("/api/session", cookies={"opas_session": cookie})
    assert response.status == 200


# ---- forbidden ----

HANDOFF = "0" * 32
ENDPOINTS = [
    ("get", "/api/session"),
    ("get", "/api/handoffs"),
    ("get", f"/api/handoffs/{HANDOFF}"),
    ("post", "/api/logout"),
    ("post", f"/api/handoffs/{HANDOFF}/claim"),
    ("post", f"/api/handoffs/{HANDOFF}/messages"),
    ("post", f"/api/handoffs/{HANDOFF}/notes"),
    ("post", f"/api/handoffs/{HANDOFF}/resolve"),
    ("post", f"/api/handoffs/{HANDOFF}/release"),
    ("get", "/api/live"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
async def test_without_a_session_every_endpoint_answers_401_json(client, method, path):
    response = await getattr(client, method)(path, json={"text": "hi", "outcome": "answered"})
    assert response.status == 401
    assert "error" in await response.json()


@pytest.mark.parametrize(("method", "path"), [e for e in ENDPOINTS if e[0] == "post"])
@pytest.mark.parametrize("sent", [None, "not-the-token"])
async def test_a_post_without_the_right_csrf_token_is_refused(client, method, path, sent):
    await log_in(client, "noora")
    headers = {CSRF: sent} if sent else {}
    response = await client.post(path, json={"text": "hi"}, headers=headers)
    assert response.status == 403
    assert "X-CSRF-Token" in (await response.json())["error"]


async def test_an_adviser_never_sees_another_organisations_handoff(client):
    created = await request_handoff(client, "user-national")  # no topic: the national queue
    token = await log_in(client, "olli")  # serves Oulu
    listed = await (await client.get("/api/handoffs")).json()
    assert listed == {"handoffs": []}
    handoff = f"/api/handoffs/{created['id']}"
    assert (await client.get(handoff)).status == 403
    claim = await client.post(f"{handoff}/claim", headers={CSRF: token})
    assert claim.status == 403
    note = await client.post(f"{handoff}/notes", json={"text": "x"}, headers={CSRF: token})
    assert note.status == 403


async def test_an_admin_sees_every_queue(client):
    created = await request_handoff(client, "user-admin-view")
    await log_in(client, "aino")
    listed = (await (await client.get("/api/handoffs")).json())["handoffs"]
    assert [h["id"] for h in listed] == [created["id"]]


async def test_only_the_adviser_who_claimed_may_reply(new_client):
    noora, other = await new_client(), await new_client()
    created = await request_handoff(noora, "user-two-advisers")
    token = await log_in(noora, "noora")
    await noora.post(f"/api/handoffs/{created['id']}/claim", headers={CSRF: token})
    add_token = await log_in(other, "aino")  # an admin, but not the one holding it
    reply = await other.post(
        f"/api/handoffs/{created['id']}/messages", json={"text": "hi"}, headers={CSRF: add_token}
    )
    assert reply.status == 403
    again = await other.post(f"/api/handoffs/{created['id']}/claim", headers={CSRF: add_token})
    assert again.status == 409


# ---- the loop ----


async def test_the_handoff_loop_claim_reply_note_resolve(client, rasa):
    created = await request_handoff(client, "user-loop")
    assert (created["state"], created["position"]) == ("queued", 1)
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"

    waiting = (await (await client.get("/api/handoffs?status=waiting")).json())["handoffs"]
    assert [h["id"] for h in waiting] == [created["id"]]
    assert waiting[0]["language"] == "en" and waiting[0]["waiting_seconds"] >= 0
    assert "040 123 4567" not in waiting[0]["summary"]  # masked in the queue

    before = await (await client.get(handoff)).json()
    assert before["personal_data_visible"] is False
    assert not any("040 123 4567" in m["text"] for m in before["transcript"])

    claimed = await (await client.post(f"{handoff}/claim", headers={CSRF: token})).json()
    assert claimed["status"] == "claimed" and claimed["claimed_by"] == "noora"
    assert claimed["personal_data_visible"] is True
    assert any("040 123 4567" in m["text"] for m in claimed["transcript"])
    assert [c["key"] for c in claimed["canned_replies"]][0] == "canned_greeting"
    assert rasa.bot_texts("user-loop") == ["An adviser has joined the conversation."]

    sent = await client.post(
        f"{handoff}/messages", json={"text": "Hello, how can I help?"}, headers={CSRF: token}
    )
    assert sent.status == 200
    assert (await sent.json())["delivered"] is True
    query = rasa.appended[-1][1]
    assert query["output_channel"] == "socketio" and query["execute_side_effects"] == "true"
    assert rasa.bot_texts("user-loop")[-1] == "Adviser: Hello, how can I help?"

    noted = await client.post(
        f"{handoff}/notes", json={"text": "Asked about Kela"}, headers={CSRF: token}
    )
    assert (await noted.json())["note"]["author"] == "note"

    inbound = await client.post(
        "/internal/inbound", json={"sender_id": "user-loop", "text": "thanks!"}, headers=BEARER
    )
    assert (await inbound.json()) == {"held": True, "resumed": False, "deliver": []}

    bad = await client.post(f"{handoff}/resolve", json={"outcome": "x"}, headers={CSRF: token})
    assert bad.status == 422
    resolved = await client.post(
        f"{handoff}/resolve", json={"outcome": "answered"}, headers={CSRF: token}
    )
    assert (await resolved.json())["status"] == "resolved"
    events = rasa.events_for("user-loop")
    assert {"event": "resume"} in events
    assert events[-1] == {"event": "action", "name": "action_listen"}
    assert rasa.bot_texts("user-loop")[-1].startswith("The adviser has finished")

    detail = await (await client.get(handoff)).json()
    authors = [m["author"] for m in detail["transcript"]]
    assert authors[:3] == ["user", "bot", "user"] and "adviser" in authors
    assert [m["text"] for m in detail["transcript"] if m["author"] == "user"][-1] == "thanks!"
    assert [n["text"] for n in detail["notes"]] == ["Asked about Kela"]
    actions = [(a["adviser"], a["action"]) for a in detail["audit"]]
    for expected in ("claimed", "replied", "noted", "resolved"):
        assert ("noora", expected) in actions
    after = await client.post(
        "/internal/inbound", json={"sender_id": "user-loop", "text": "hi"}, headers=BEARER
    )
    assert (await after.json())["held"] is False


async def test_hand_back_resumes_the_bot_without_an_outcome_of_the_adviser(client, rasa):
    created = await request_handoff(client, "user-release")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await client.post(f"{handoff}/claim", headers={CSRF: token})
    released = await (await client.post(f"{handoff}/release", headers={CSRF: token})).json()
    assert (released["status"], released["outcome"]) == ("resolved", "handed_back")
    assert {"event": "resume"} in rasa.events_for("user-release")


async def test_the_user_can_cancel_and_the_adviser_then_cannot_claim(client):
    created = await request_handoff(client, "user-cancel")
    cancel = await client.post(
        "/internal/inbound",
        json={"sender_id": "user-cancel", "text": "/cancel_handoff"},
        headers=BEARER,
    )
    assert (await cancel.json())["resumed"] is True
    token = await log_in(client, "noora")
    claim = await client.post(f"/api/handoffs/{created['id']}/claim", headers={CSRF: token})
    assert claim.status == 409
    listed = await (await client.get("/api/handoffs?status=cancelled")).json()
    assert [h["id"] for h in listed["handoffs"]] == [created["id"]]


async def test_a_rest_user_collects_the_advisers_reply_with_their_next_message(client, rasa):
    created = await request_handoff(client, "user-rest", channel="rest")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await client.post(f"{handoff}/claim", headers={CSRF: token})
    sent = await client.post(f"{handoff}/messages", json={"text": "Hi!"}, headers={CSRF: token})
    assert (await sent.json())["delivered"] is False
    assert rasa.appended[-1][1]["execute_side_effects"] == "false"  # recorded, not pushed
    inbound = {"sender_id": "user-rest", "text": "hello?"}
    first = await (await client.post("/internal/inbound", json=inbound, headers=BEARER)).json()
    assert first["deliver"] == ["An adviser has joined the conversation.", "Adviser: Hi!"]
    second = await (await client.post("/internal/inbound", json=inbound, headers=BEARER)).json()
    assert second["deliver"] == []


async def test_with_rasa_down_a_reply_is_kept_and_delivered_later(client, rasa):
    created = await request_handoff(client, "user-rasa-down")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await client.post(f"{handoff}/claim", headers={CSRF: token})
    rasa.down = True
    sent = await client.post(f"{handoff}/messages", json={"text": "Hi"}, headers={CSRF: token})
    assert sent.status == 200 and (await sent.json())["delivered"] is False
    rasa.down = False
    inbound = {"sender_id": "user-rasa-down", "text": "anyone?"}
    answer = await (await client.post("/internal/inbound", json=inbound, headers=BEARER)).json()
    assert answer["deliver"] == ["Adviser: Hi"]


async def test_markup_in_an_advisers_message_reaches_the_user_as_plain_text(client, rasa):
    created = await request_handoff(client, "user-markup")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await client.post(f"{handoff}/claim", headers={CSRF: token})
    text = "<script>alert(1)</script> [click](javascript:alert(1))"
    sent = await client.post(f"{handoff}/messages", json={"text": text}, headers={CSRF: token})
    assert (await sent.json())["message"]["text"] == text  # stored as written, as data
    shown = rasa.bot_texts("user-markup")[-1]
    # Plain text, as the adviser wrote it: the widget and Telegram show it, neither runs it.
    assert shown == f"Adviser: {text}"


# ---- queue states ----


async def test_outside_the_advisers_hours_the_user_hears_when_they_start(new_client):
    # Advisers work only three days from now, 09:00-10:00 Finnish time: closed now, whatever
    # the time of the test run.
    today = datetime.now(ZoneInfo("Europe/Helsinki")).date()
    opening = today + timedelta(days=3)
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[opening.weekday()]
    closed = await new_client(handoff_hours=ServiceHours.parse(f"{day} 09:00-10:00"))
    state = await request_handoff(closed, "user-night")
    assert state["state"] == "after_hours"
    assert state["opens_date"] == f"{opening.day}.{opening.month}.{opening.year}"
    assert state["opens_time"] == "09:00"


async def test_a_full_queue_says_so(new_client):
    small = await new_client(handoff_queue_limit=1)
    assert (await request_handoff(small, "user-a"))["state"] == "queued"
    assert (await request_handoff(small, "user-b"))["state"] == "queue_full"


async def test_asking_again_keeps_the_same_handoff(client):
    first = await request_handoff(client, "user-again")
    second = await request_handoff(client, "user-again")
    assert first["id"] == second["id"]


# ---- bad input ----


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b'["a", "list"]', "application/json", 422),
        (b'{"username": 1, "password": []}', "application/json", 422),
        (b"username=a&password=b", "application/x-www-form-urlencoded", 415),
        (b'{"username": "' + b"a" * 2_000_000 + b'"}', "application/json", 413),
        (b"\xff\xfe\x00binary", "application/json", 400),
    ],
)
async def test_bad_login_bodies_get_4xx_json(client, body, content_type, status):
    response = await client.post("/api/login", data=body, headers={"Content-Type": content_type})
    assert response.status == status
    assert "error" in await response.json()


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"text": 5}, 422),
        ({"text": "   "}, 422),
        ({"text": "x" * 4001}, 422),
        ({}, 422),
    ],
)
async def test_bad_messages_get_422(client, payload, status):
    created = await request_handoff(client, f"user-bad-{status}-{len(str(payload))}")
    token = await log_in(client, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await client.post(f"{handoff}/claim", headers={CSRF: token})
    response = await client.post(f"{handoff}/messages", json=payload, headers={CSRF: token})
    assert response.status == status
    assert "error" in await response.json()


@pytest.mark.parametrize("handoff_id", ["f" * 32, "not-an-id", "1%27%20OR%201=1"])
async def test_unknown_ids_are_404(client, handoff_id):
    token = await log_in(client, "noora")
    assert (await client.get(f"/api/handoffs/{handoff_id}")).status == 404
    claim = await client.post(f"/api/handoffs/{handoff_id}/claim", headers={CSRF: token})
    assert claim.status == 404


async def test_the_internal_endpoints_need_the_service_token(client):
    body = {"sender_id": "x", "text": "hi"}
    assert (await client.post("/internal/inbound", json=body)).status == 401
    wrong = {"Authorization": "Bearer guess"}
    assert (await client.post("/internal/inbound", json=body, headers=wrong)).status == 401


async def test_an_unknown_status_filter_is_400(client):
    await log_in(client, "noora")
    assert (await client.get("/api/handoffs?status=everything")).status == 400


# ---- live updates ----


async def test_a_console_hears_new_handoffs_and_messages_of_its_queue_only(new_client):
    national, oulu = await new_client(), await new_client()
    await log_in(national, "noora")
    await log_in(oulu, "olli")
    national_live = await national.ws_connect("/api/live")
    oulu_live = await oulu.ws_connect("/api/live")

    created = await request_handoff(national, "user-live")
    frame = await national_live.receive_json(timeout=5)
    assert frame["type"] == "handoff" and frame["handoff"]["id"] == created["id"]
    assert frame["handoff"]["status"] == "waiting"

    inbound = {"sender_id": "user-live", "text": "soita 040 765 4321 <b>pian</b>"}
    await national.post("/internal/inbound", json=inbound, headers=BEARER)
    frames = [await national_live.receive_json(timeout=5) for _ in range(2)]
    message = next(f for f in frames if f["type"] == "message")
    assert message["handoff_id"] == created["id"]
    assert message["message"]["author"] == "user"
    assert "040 765 4321" not in message["message"]["text"]  # not claimed: masked
    assert "<b>pian</b>" in message["message"]["text"]  # data, escaped where it is shown

    with pytest.raises(TimeoutError):
        await oulu_live.receive_json(timeout=0.5)


async def test_a_websocket_from_another_site_is_refused(client):
    await log_in(client, "noora")
    response = await client.get(
        "/api/live",
        headers={"Origin": "https://evil.example", "Upgrade": "websocket",
                 "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="},
    )  # fmt: skip
    assert response.status == 403


async def test_personal_data_in_replies_and_notes_is_masked_for_everyone_but_the_holder(
    new_client,
):
    noora, admin = await new_client(), await new_client()
    created = await request_handoff(noora, "user-pii")
    token = await log_in(noora, "noora")
    handoff = f"/api/handoffs/{created['id']}"
    await noora.post(f"{handoff}/claim", headers={CSRF: token})
    text = "I'll call you on 040 555 1234"
    await noora.post(f"{handoff}/messages", json={"text": text}, headers={CSRF: token})
    await noora.post(f"{handoff}/notes", json={"text": text}, headers={CSRF: token})
    await log_in(admin, "aino")
    seen = await (await admin.get(handoff)).json()
    shown = [m["text"] for m in seen["transcript"] + seen["notes"]]
    assert not any("040 555 1234" in line for line in shown), shown
    own = await (await noora.get(handoff)).json()
    assert any("040 555 1234" in m["text"] for m in own["notes"])


async def test_logging_out_closes_the_live_connection(client):
    token = await log_in(client, "noora")
    live = await client.ws_connect("/api/live")
    await client.post("/api/logout", headers={CSRF: token})
    closing = await live.receive(timeout=5)
    assert closing.type.name in ("CLOSE", "CLOSED")
    assert live.close_code == 4401


@pytest.mark.parametrize("field", ["sender_id", "channel", "topic"])
async def test_a_nul_character_in_a_field_is_a_422_not_a_database_error(client, field):
    body = {"sender_id": "user-nul", "channel": "rest", "language": "en", "reason": "asked",
            "topic": None, "municipality": None, "collected": {}, "transcript": [],
            field: "bad\x00value"}  # fmt: skip
    response = await client.post("/internal/handoffs", json=body, headers=BEARER)
    assert response.status == 422


async def test_a_nul_character_in_a_username_is_a_failed_login(client):
    response = await client.post("/api/login", json={"username": "noora\x00", "password": "x"})
    assert response.status == 401


# ---- routing ----


async def test_a_handoff_goes_to_the_queue_of_the_organisation_responsible_in_the_municipality(
    client,
):
    # Sports and leisure in Oulu: the City of Oulu, whose queue Olli serves.
    created = await request_handoff(
        client, "user-oulu", topic="sports_leisure", municipality="Oulu",
        collected={"topic": "sports_leisure", "municipality": "Oulu"},
    )  # fmt: skip
    await log_in(client, "olli")
    [listed] = (await (await client.get("/api/handoffs")).json())["handoffs"]
    assert (listed["id"], listed["queue"]) == (created["id"], "oulu")
    assert listed["topic_names"]["fi"] == "Liikunta ja vapaa-aika"


async def test_without_advisers_for_the_responsible_organisation_the_national_queue_answers(
    client,
):
    # Employment services in Oulu belong to the Oulu employment area: nobody here serves it.
    await request_handoff(
        client, "user-employment", topic="employment_services", municipality="Oulu",
        collected={"jobseeker": True},
    )  # fmt: skip
    await log_in(client, "noora")
    [listed] = (await (await client.get("/api/handoffs")).json())["handoffs"]
    assert listed["queue"] == "national"


async def test_a_restarted_web_app_still_holds_the_open_conversations(new_client):
    before = await new_client()
    await request_handoff(before, "user-web-restart")
    after = await new_client()  # a new process: it knows the open handoffs from the database
    inbound = {"sender_id": "user-web-restart", "text": "still there?"}
    answer = await (await after.post("/internal/inbound", json=inbound, headers=BEARER)).json()
    assert answer["held"] is True
