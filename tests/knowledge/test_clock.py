"""Answers follow the date in Finland, where reforms take effect at local midnight."""

from datetime import UTC, date, datetime

from knowledge.clock import today_in_finland


def test_half_past_midnight_in_finland_on_new_years_day_is_already_the_new_year():
    # 22:30 UTC on 31 Dec 2025 is 00:30 on 1 Jan 2026 in Helsinki (UTC+2 in winter).
    moment = datetime(2025, 12, 31, 22, 30, tzinfo=UTC)
    assert today_in_finland(moment) == date(2026, 1, 1)


def test_summer_time_is_three_hours_ahead_of_utc():
    assert today_in_finland(datetime(2026, 6, 30, 21, 5, tzinfo=UTC)) == date(2026, 7, 1)
    assert today_in_finland(datetime(2026, 6, 30, 20, 55, tzinfo=UTC)) == date(2026, 6, 30)
