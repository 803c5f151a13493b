"""Today's date where the services are: in Finland, not on the server's clock.

Reforms take effect at midnight Finnish time (the ELY Centres closed at the end of 31 Dec 2025);
a server on UTC would keep sending people to a closed office for two hours.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

FINNISH_TIME_ZONE = "Europe/Helsinki"


def today_in_finland(now: datetime | None = None) -> date:
    """The calendar date in Finland at `now` (an aware datetime; the current time if None)."""
    moment = now if now is not None else datetime.now(tz=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(FINNISH_TIME_ZONE)).date()
