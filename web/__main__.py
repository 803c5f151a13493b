"""`python -m web`: serve the chat page and the NLG endpoint on WEB_HOST:WEB_PORT."""

from __future__ import annotations

import logging

from aiohttp import web

from web.app import create_app
from web.settings import Settings, SettingsError

logger = logging.getLogger("web")
# Request line, status and time: no client address, no headers (privacy by default).
ACCESS_LOG_FORMAT = '"%r" %s %Tfs'


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise SystemExit(f"web: {error}") from None
    logger.info("Serving the chat page on http://%s:%d/", settings.host, settings.port)
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log_format=ACCESS_LOG_FORMAT,
        print=None,
    )


if __name__ == "__main__":
    main()
