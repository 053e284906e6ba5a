"""Dates as the office lives them: "today" is a Bangladesh date whatever the machine's clock.

A foundation module: it imports nothing of ngocoord, so that every other module (bangla too)
can take "today" from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

DHAKA = "Asia/Dhaka"


def now() -> datetime:
    """The current moment, timezone-aware (one place, so tests can set the clock)."""
    return datetime.now(tz=UTC)


def today(moment: datetime | None = None) -> date:
    """The date in Dhaka at `moment` (default now), whatever the machine's timezone."""
    from zoneinfo import ZoneInfo

    return (moment or now()).astimezone(ZoneInfo(DHAKA)).date()


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, 1)


def last_day(month: str) -> date:
    start = first_day(month)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def next_month(month: str) -> str:
    return month_of(date.fromordinal(last_day(month).toordinal() + 1))


def due_date(month: str, due_day: int) -> date:
    """The day a return for `month` is due: `due_day` of the following month."""
    return first_day(next_month(month)).replace(day=due_day)


def previous_month(month: str) -> str:
    return month_of(date.fromordinal(first_day(month).toordinal() - 1))
