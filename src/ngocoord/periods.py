"""Dates as the office lives them: "today" is a Bangladesh date whatever the machine's clock.

A foundation module: it imports nothing of ngocoord, so that every other module (bangla too)
can take "today" from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

DHAKA = "Asia/Dhaka"
# Bangladesh keeps UTC+6 all year (since 2010): moments are shown at this offset, named so.
BANGLADESH = timezone(timedelta(hours=6), DHAKA)


def now() -> datetime:
    """The current moment, timezone-aware (one place, so tests can set the clock)."""
    return datetime.now(tz=UTC)


def today(moment: datetime | None = None) -> date:
    """The date in Dhaka at `moment` (default now), whatever the machine's timezone."""
    return local(moment or now()).date()


def local(moment: datetime) -> datetime:
    """A stored moment on the office's clock (a naive one is UTC, as the register keeps it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BANGLADESH)


def stamp(moment: datetime | None) -> str | None:
    """A moment for JSON: ISO 8601 to the second with its offset, 2021-03-01T10:30:00+06:00."""
    return None if moment is None else local(moment).isoformat(timespec="seconds")


def clock(moment: datetime) -> str:
    """A moment for the clerk, saying whose clock: "2021-02-10 16:05 Asia/Dhaka"."""
    return f"{local(moment):%Y-%m-%d %H:%M} {DHAKA}"


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
