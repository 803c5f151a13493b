"""Typed keys for what the app holds while it runs."""

from __future__ import annotations

from string import Template

from aiohttp import web
from sqlalchemy import Engine

from locales import Catalog
from web.handoffs import HandoffService
from web.live import LiveHub
from web.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
CATALOG = web.AppKey("catalog", Catalog)
# The console's own texts (locales/console/): advisers read fi, sv or en.
CONSOLE_CATALOG = web.AppKey("console_catalog", Catalog)
# Page templates by file name, read once at start.
TEMPLATES = web.AppKey("templates", dict[str, Template])
ENGINE = web.AppKey("engine", Engine)
HUB = web.AppKey("hub", LiveHub)
HANDOFFS = web.AppKey("handoffs", HandoffService)
