"""Dates as the office lives them: "today" is a Bangladesh date whatever the machine's clock."""

from __future__ import annotations

from datetime import date, datetime

DHAKA = "Asia/Dhaka"


def today(now: datetime | None = None) -> date:
    """Today's date in Dhaka; `now` must be timezone-aware (tests pass one)."""
    from zoneinfo import ZoneInfo

    moment = now if now is not None else datetime.now(tz=ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo(DHAKA)).date()
