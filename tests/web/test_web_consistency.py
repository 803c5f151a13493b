"""The web app and what it relies on outside itself agree: locale keys, the pinned client."""

from __future__ import annotations

import json

import pytest

from locales import load_catalog
from web.pages import PAGE_KEYS
from web.settings import DEFAULT_SOCKETIO_CLIENT, REPOSITORY_ROOT


@pytest.fixture(scope="module")
def real_catalog():
    return load_catalog()


def test_every_page_text_exists_in_every_language(real_catalog):
    missing = {
        lang: sorted(set(PAGE_KEYS) - real_catalog.keys(lang)) for lang in real_catalog.languages
    }
    assert {lang: keys for lang, keys in missing.items() if keys} == {}


def test_page_texts_take_no_arguments(real_catalog):
    # The pages render them with none: a placeholder would fail every page view.
    for lang in real_catalog.languages:
        for key in set(PAGE_KEYS) & real_catalog.keys(lang):
            assert real_catalog.placeholders(key, lang) == frozenset(), (lang, key)


def test_the_socketio_client_is_pinned_and_installed_where_the_app_serves_it_from():
    package = json.loads((REPOSITORY_ROOT / "package.json").read_text(encoding="utf-8"))
    pinned = package["dependencies"]["socket.io-client"]
    assert pinned[0].isdigit(), "an exact version, not a range"
    lock = json.loads((REPOSITORY_ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/socket.io-client"]["version"] == pinned
    assert DEFAULT_SOCKETIO_CLIENT.is_file(), "run `npm ci` at the repository root"
