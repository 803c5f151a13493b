"""Typed keys for what the app holds while it runs."""

from __future__ import annotations

from string import Template

from aiohttp import web

from locales import Catalog
from web.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
CATALOG = web.AppKey("catalog", Catalog)
# Page templates by file name, read once at start.
TEMPLATES = web.AppKey("templates", dict[str, Template])
