"""A web app over a small catalog of its own, so these tests pin the web's behaviour only."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from aiohttp.test_utils import TestClient

from web.app import create_app
from web.pages import EMBED_EXAMPLE_TEXTS, WIDGET_TEXTS
from web.settings import Settings

CATALOG = {
    "en": {
        "language_name": "English",
        "page_title": "Opas: find the right service",
        "page_heading": "Ask Opas",
        "page_intro": "Ask in your own words.",
        "page_privacy_note": "Do not write your identity code here.",
        "page_language_label": "Language",
        "page_input_placeholder": "Write your question",
        "page_send_label": "Send",
        "page_connecting": "Connecting to Opas",
        "page_noscript": "The chat needs JavaScript.",
        "page_not_found": "This page does not exist.",
        "page_error": "Something went wrong.",
        "page_home_link": "Back to the chat",
        "utter_greet": "Hello!",
        "utter_where_to_go": "Go to {actor}: {url}",
        "utter_ask_jobseeker": {
            "text": "Are you a registered jobseeker?",
            "buttons": [
                {"title": "Yes", "payload": "/affirm"},
                {"title": "No", "payload": "/deny"},
            ],
        },
    },
    "fi": {
        "language_name": "Suomi",
        "page_title": "Opas: löydä oikea palvelu",
        "page_heading": "Kysy Oppaalta",
        "page_intro": "Kysy omin sanoin.",
        "page_privacy_note": "Älä kirjoita tähän henkilötunnustasi.",
        "page_language_label": "Kieli",
        "page_input_placeholder": "Kirjoita kysymyksesi",
        "page_send_label": "Lähetä",
        "page_connecting": "Yhdistetään Oppaaseen",
        "page_noscript": "Keskustelu tarvitsee JavaScriptin.",
        "page_not_found": "Tätä sivua ei ole.",
        "page_error": "Jokin meni vikaan.",
        "page_home_link": "Takaisin keskusteluun",
        "utter_greet": "Hei!",
        "utter_where_to_go": "Ota yhteyttä: {actor}, {url}",
        "utter_ask_jobseeker": {
            "text": "Oletko ilmoittautunut työnhakijaksi?",
            "buttons": [
                {"title": "Kyllä", "payload": "/affirm"},
                {"title": "En", "payload": "/deny"},
            ],
        },
    },
    "sv": {
        "language_name": "Svenska",
        "page_title": "Opas: hitta rätt tjänst",
        "page_heading": "Fråga Opas",
        "page_intro": "Fråga med egna ord.",
        "page_privacy_note": "Skriv inte din personbeteckning här.",
        "page_language_label": "Språk",
        "page_input_placeholder": "Skriv din fråga",
        "page_send_label": "Skicka",
        "page_connecting": "Ansluter till Opas",
        "page_noscript": "Chatten behöver JavaScript.",
        "page_not_found": "Sidan finns inte.",
        "page_error": "Något gick fel.",
        "page_home_link": "Tillbaka till chatten",
        "utter_greet": "Hej!",
        "utter_where_to_go": "Kontakta {actor}: {url}",
        "utter_ask_jobseeker": {
            "text": "Är du anmäld som arbetssökande?",
            "buttons": [
                {"title": "Ja", "payload": "/affirm"},
                {"title": "Nej", "payload": "/deny"},
            ],
        },
    },
}
# The widget's and the example page's texts, enough to tell the languages apart.
for _lang, _prefix in (("en", "EN"), ("fi", "FI"), ("sv", "SV")):
    CATALOG[_lang].update(
        {
            key: f"{_prefix} {key}"
            for key in (*WIDGET_TEXTS.values(), *EMBED_EXAMPLE_TEXTS.values())
            if not key.startswith("page_")
        }  # fmt: skip
    )
# A right-to-left language: the same texts under an Arabic name, enough for the page's layout.
CATALOG["ar"] = {**CATALOG["en"], "language_name": "العربية"}

BUNDLE_TEXT = "/* socket.io-client stand-in for tests */ window.io = function () {};\n"


@pytest.fixture
def locales_directory(tmp_path: Path) -> Path:
    directory = tmp_path / "locales"
    directory.mkdir()
    for lang, entries in CATALOG.items():
        (directory / f"{lang}.yml").write_text(
            yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8"
        )
    return directory


@pytest.fixture
def settings(locales_directory: Path, tmp_path: Path) -> Settings:
    bundle = tmp_path / "index.js"
    bundle.write_text(BUNDLE_TEXT, encoding="utf-8")
    return Settings(
        rasa_url="http://127.0.0.1:5005",
        locales_directory=locales_directory,
        socketio_client=bundle,
        client_max_size=64 * 1024,
        database_url="sqlite://",
    )


@pytest.fixture
async def client(aiohttp_client, settings: Settings) -> TestClient:  # type: ignore[no-untyped-def]
    return await aiohttp_client(create_app(settings))
