"""When advisers answer: the hours of the advisers' own service, set by whoever runs Opas.

HANDOFF_HOURS is "always" or weekday ranges with times in Finnish time, for example
"mon-fri 08:00-16:00" or "mon-thu 09:00-15:00, fri 09:00-12:00". These are the hours of the
adviser team using the console, not of any office the bot refers people to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from knowledge.clock import FINNISH_TIME_ZONE

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(
    r"^(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})$"
)


class ServiceHoursError(ValueError):
    """HANDOFF_HOURS cannot be read."""


@dataclass(frozen=True)
class ServiceHours:
    """Opening windows per weekday (0 = Monday); an empty tuple means always open."""

    windows: tuple[tuple[int, time, time], ...] = ()

    @classmethod
    def parse(cls, text: str) -> ServiceHours:
        text = text.strip().lower()
        if text in ("", "always"):
            return cls()
        windows: list[tuple[int, time, time]] = []
        for part in text.split(","):
            match = _RANGE.match(part.strip())
            if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
                raise ServiceHoursError(f"HANDOFF_HOURS: cannot read {part.strip()!r}")
            first = DAYS.index(match["first"])
            last = DAYS.index(match["last"]) if match["last"] else first
            try:
                start = time.fromisoformat(match["start"].zfill(5))
                end = time.fromisoformat(match["end"].zfill(5))
            except ValueError:
                raise ServiceHoursError(f"HANDOFF_HOURS: bad time in {part.strip()!r}") from None
            if end <= start or last < first:
                raise ServiceHoursError(f"HANDOFF_HOURS: empty range {part.strip()!r}")
            windows.extend((day, start, end) for day in range(first, last + 1))
        return cls(tuple(sorted(windows)))

    @property
    def always(self) -> bool:
        return not self.windows

    def is_open(self, moment: datetime) -> bool:
        if self.always:
            return True
        local = moment.astimezone(ZoneInfo(FINNISH_TIME_ZONE))
        return any(
            day == local.weekday() and start <= local.time() < end
            for day, start, end in self.windows
        )

    def next_opening(self, moment: datetime) -> datetime:
        """The next time advisers start answering, in Finnish time (`moment` if open now)."""
        zone = ZoneInfo(FINNISH_TIME_ZONE)
        local = moment.astimezone(zone)
        if self.is_open(moment):
            return local
        for offset in range(8):
            day = local.date() + timedelta(days=offset)
            for weekday, start, _end in self.windows:
                opening = datetime.combine(day, start, tzinfo=zone)
                if weekday == day.weekday() and opening > local:
                    return opening
        raise ServiceHoursError("HANDOFF_HOURS has no opening in a week")  # parse() prevents it
