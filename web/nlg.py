"""Rasa's NLG server protocol: which response, with which arguments, in which language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from locales import DEFAULT_LANGUAGE
from web.errors import ClientError

# Keys Rasa and rasa-sdk put among the arguments that are not template arguments: the
# language travels beside them, the rest is Rasa's own bookkeeping or a message field that
# `dispatcher.utter_message` always sends (empty when unused). `key` and `lang` would collide
# with the parameters of `Catalog.render`.
NOT_TEMPLATE_ARGUMENTS = frozenset(
    {
        "language",
        "response_id",
        "domain_responses",
        "utter_action",
        "template",
        "response",
        "buttons",
        "elements",
        "custom",
        "json_message",
        "image",
        "attachment",
        "key",
        "lang",
    }
)
_MAX_KEY_IN_MESSAGE = 80


@dataclass(frozen=True)
class NlgRequest:
    """What Rasa asks the NLG endpoint to render."""

    response: str
    language: str
    arguments: dict[str, Any]

    @classmethod
    def from_body(cls, body: object) -> NlgRequest:
        """Read Rasa's request body, or raise a ClientError saying what is wrong with it."""
        if not isinstance(body, dict):
            raise ClientError(400, "the body must be a JSON object")
        response = body.get("response")
        if not isinstance(response, str) or not response.strip():
            raise ClientError(400, "'response' must be the name of a response")
        arguments = _object(body, "arguments")
        tracker = _object(body, "tracker")
        slots = _object(tracker, "slots")
        language = arguments.get("language") or slots.get("language") or DEFAULT_LANGUAGE
        if not isinstance(language, str):
            raise ClientError(400, "'language' must be a language code")
        return cls(
            response=response,
            language=language,
            arguments={
                name: value
                for name, value in arguments.items()
                if name not in NOT_TEMPLATE_ARGUMENTS
            },
        )


def _object(container: dict[str, Any], name: str) -> dict[str, Any]:
    value = container.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ClientError(400, f"'{name}' must be a JSON object")
    return value


def unknown_response_message(key: str) -> str:
    shown = key if len(key) <= _MAX_KEY_IN_MESSAGE else key[:_MAX_KEY_IN_MESSAGE] + "…"
    return f"no response called {shown!r}"
