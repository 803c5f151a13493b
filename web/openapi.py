"""The OpenAPI 3.1 document of the adviser API, served at /api/openapi.json.

Written by hand, next to the routes it describes; tests/web/test_openapi.py checks that every
/api route is documented and that every documented path is routed.
"""

from __future__ import annotations

from typing import Any

from knowledge.handoffs import MAX_TEXT_LENGTH, OUTCOMES, STATUSES

_ERROR = {"$ref": "#/components/responses/Error"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_CSRF: list[dict[str, list[str]]] = [{"session": [], "csrf": []}]
_SESSION: list[dict[str, list[str]]] = [{"session": []}]
_HANDOFF_ID = {
    "name": "handoff_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(status): _ERROR for status in statuses}


def _action(summary: str, ok: dict[str, Any], body: dict[str, Any] | None = None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "security": _CSRF,
        "parameters": [_HANDOFF_ID],
        "responses": {"200": ok, **_errors(400, 401, 403, 404, 409, 413, 415, 422)},
    }
    if body is not None:
        operation["requestBody"] = _body(body)
    return operation


_TEXT = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_LENGTH}},
}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string", "description": "What was wrong, for people."}},
    },
    "Adviser": {
        "type": "object",
        "required": ["username", "organisation", "is_admin"],
        "properties": {
            "username": {"type": "string"},
            "organisation": {"type": "string", "description": "The queue the adviser serves."},
            "is_admin": {"type": "boolean"},
        },
    },
    "Session": {
        "type": "object",
        "required": ["csrf_token", "adviser", "outcomes"],
        "properties": {
            "csrf_token": {
                "type": "string",
                "description": "Send it back in the X-CSRF-Token header of every POST.",
            },
            "adviser": _ref("Adviser"),
            "outcomes": {"type": "array", "items": {"type": "string", "enum": list(OUTCOMES)}},
        },
    },
    "Message": {
        "type": "object",
        "required": ["id", "author", "text", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "author": {"type": "string", "enum": ["user", "bot", "adviser", "system", "note"]},
            "text": {
                "type": "string",
                "description": "Plain text, never markup. Personal data is masked unless the "
                "reader is the adviser who claimed the conversation.",
            },
            "adviser": {"type": ["string", "null"], "description": "Who wrote it, if anyone."},
            "created_at": {"type": "string", "format": "date-time"},
        },
    },
    "HandoffSummary": {
        "type": "object",
        "required": ["id", "status", "language", "reason", "queue", "summary", "created_at"],
        "properties": {
            "id": {"type": "string"},
            "status": {"type": "string", "enum": list(STATUSES)},
            "language": {"type": "string", "description": "The user's language (ISO 639-1)."},
            "reason": {"type": "string", "enum": ["asked", "not_understood", "emergency"]},
            "channel": {"type": "string"},
            "topic": {"type": ["string", "null"]},
            "topic_names": {
                "type": ["object", "null"],
                "description": "The topic's name in fi, sv and en (the console's languages).",
            },
            "municipality": {"type": ["string", "null"]},
            "queue": {"type": "string", "description": "The organisation whose queue it is in."},
            "summary": {"type": "string", "description": "Short, with personal data masked."},
            "created_at": {"type": "string", "format": "date-time"},
            "claimed_at": {"type": ["string", "null"], "format": "date-time"},
            "closed_at": {"type": ["string", "null"], "format": "date-time"},
            "claimed_by": {"type": ["string", "null"]},
            "outcome": {"type": ["string", "null"]},
            "waiting_seconds": {
                "type": "integer",
                "description": "From the request until it was claimed or closed, or until now.",
            },
        },
    },
    "HandoffDetail": {
        "allOf": [
            _ref("HandoffSummary"),
            {
                "type": "object",
                "required": ["collected", "transcript", "notes", "audit", "canned_replies"],
                "properties": {
                    "collected": {
                        "type": "object",
                        "description": "What the bot had learnt: slot name to value.",
                    },
                    "personal_data_visible": {"type": "boolean"},
                    "transcript": {"type": "array", "items": _ref("Message")},
                    "notes": {"type": "array", "items": _ref("Message")},
                    "audit": {"type": "array", "items": _ref("AuditEntry")},
                    "canned_replies": {
                        "type": "array",
                        "description": "Ready replies in the user's language.",
                        "items": {
                            "type": "object",
                            "properties": {"key": {"type": "string"}, "text": {"type": "string"}},
                        },
                    },
                },
            },
        ]
    },
    "AuditEntry": {
        "type": "object",
        "required": ["at", "action"],
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "adviser": {"type": ["string", "null"]},
            "action": {"type": "string"},
            "detail": {"type": ["string", "null"]},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/openapi.json": {
        "get": {
            "summary": "This document.",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1"}},
        }
    },
    "/api/login": {
        "post": {
            "summary": "Log in; sets the session cookie and returns the CSRF token.",
            "security": [],
            "requestBody": _body(
                {
                    "type": "object",
                    "required": ["username", "password"],
                    "properties": {
                        "username": {"type": "string", "maxLength": 80},
                        "password": {"type": "string", "maxLength": 1024},
                    },
                }
            ),
            "responses": {
                "200": _json(_ref("Session"), "Logged in."),
                **_errors(400, 401, 413, 415, 422),
                "423": {
                    "description": "Locked after repeated failures; Retry-After says how long.",
                    "content": {"application/json": {"schema": _ref("Error")}},
                },
            },
        }
    },
    "/api/logout": {
        "post": {
            "summary": "End the session.",
            "security": _CSRF,
            "responses": {"200": _json(_ref("Error"), "Logged out."), **_errors(401, 403)},
        }
    },
    "/api/session": {
        "get": {
            "summary": "Who is logged in, with the CSRF token (for a reloaded console page).",
            "security": _SESSION,
            "responses": {"200": _json(_ref("Session"), "The session."), **_errors(401)},
        }
    },
    "/api/handoffs": {
        "get": {
            "summary": "Handoffs in the queues the adviser may see (admins: all).",
            "security": _SESSION,
            "parameters": [
                {
                    "name": "status",
                    "in": "query",
                    "required": False,
                    "description": "One status, or `open` (waiting and claimed; the default).",
                    "schema": {"type": "string", "enum": ["open", *STATUSES]},
                }
            ],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "handoffs": {"type": "array", "items": _ref("HandoffSummary")}
                        },
                    },
                    "Oldest first.",
                ),
                **_errors(400, 401),
            },
        }
    },
    "/api/handoffs/{handoff_id}": {
        "get": {
            "summary": "One handoff with its transcript, notes and audit trail.",
            "security": _SESSION,
            "parameters": [_HANDOFF_ID],
            "responses": {
                "200": _json(_ref("HandoffDetail"), "The handoff."),
                **_errors(401, 403, 404),
            },
        }
    },
    "/api/handoffs/{handoff_id}/claim": {
        "post": _action(
            "Take the conversation over: the bot stays silent.",
            _json(_ref("HandoffDetail"), "Claimed by you."),
        )
    },
    "/api/handoffs/{handoff_id}/messages": {
        "post": _action(
            "Send a message to the user in their chat (only the adviser who claimed it).",
            _json({"type": "object", "properties": {"message": _ref("Message")}}, "Sent."),
            _TEXT,
        )
    },
    "/api/handoffs/{handoff_id}/notes": {
        "post": _action(
            "Add an internal note; the user never sees it.",
            _json({"type": "object", "properties": {"note": _ref("Message")}}, "Added."),
            _TEXT,
        )
    },
    "/api/handoffs/{handoff_id}/resolve": {
        "post": _action(
            "Close the handoff with an outcome; the bot answers again and tells the user so.",
            _json(_ref("HandoffSummary"), "Resolved."),
            {
                "type": "object",
                "required": ["outcome"],
                "properties": {"outcome": {"type": "string", "enum": list(OUTCOMES)}},
            },
        )
    },
    "/api/handoffs/{handoff_id}/release": {
        "post": _action(
            "Hand the conversation back to the bot without an outcome of your own.",
            _json(_ref("HandoffSummary"), "Back with the bot."),
        )
    },
    "/api/live": {
        "get": {
            "summary": "WebSocket: `handoff` and `message` events for the queues you may see.",
            "description": (
                'Each frame is JSON: {"type": "handoff", "handoff": HandoffSummary} when a '
                'handoff is created or changes, {"type": "message", "handoff_id": ..., '
                '"message": Message} when a message or note is added.'
            ),
            "security": _SESSION,
            "responses": {"101": {"description": "Switching to WebSocket."}, **_errors(401)},
        }
    },
}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Opas adviser API",
            "version": "1",
            "description": (
                "Handoffs from the Opas chatbot to human advisers. Log in with POST /api/login; "
                "the session cookie authenticates, and every POST also sends the CSRF token "
                'from the login answer in X-CSRF-Token. Errors are JSON: {"error": ...}.'
            ),
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "responses": {"Error": _json(_ref("Error"), "An error, explained.")},
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "opas_session"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"},
            },
        },
    }
