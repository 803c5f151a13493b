"""The adviser console page: its texts in Finnish, Swedish or English, and nothing inline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from locales import load_catalog, placeholders_in
from web.settings import Settings

CONSOLE_LOCALES = Path(__file__).resolve().parents[2] / "locales" / "console"


def test_the_three_console_languages_have_the_same_keys_and_placeholders():
    catalog = load_catalog(CONSOLE_LOCALES)
    assert catalog.languages == ("en", "fi", "sv")
    english = catalog.keys("en")
    for lang in ("fi", "sv"):
        assert catalog.keys(lang) == english, lang
        for key in english:
            assert placeholders_in(catalog.template(key, lang)) == placeholders_in(
                catalog.template(key, "en")
            ), (lang, key)


@pytest.mark.parametrize(
    ("lang", "title"), [("fi", "neuvoja"), ("sv", "rådgivar"), ("en", "advis")]
)
async def test_the_console_page_is_in_the_advisers_language(client, lang, title):
    response = await client.get(f"/console?lang={lang}")
    assert response.status == 200
    html = await response.text()
    assert f'<html lang="{lang}">' in html
    config = json.loads(re.search(r'id="console-config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert config["language"] == lang
    assert title in config["texts"]["page_title"].lower()
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in html  # no inline script: the CSP would block it
    assert "onclick" not in html


async def test_the_console_script_and_styles_are_served(client):
    for path in ("/static/console.js", "/static/console.css"):
        assert (await client.get(path)).status == 200


def test_settings_use_the_repositorys_console_texts():
    assert Settings().console_locales_directory == CONSOLE_LOCALES
