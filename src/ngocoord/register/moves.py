"""What each change that may alter reviewed figures alters: of the locked months given (oldest
first), those whose `check` it changes. `register/locks.py` (`guard_figures`) asks each change
its Move and names or records only those months; a change that alters none (an NGO removed from
today on) is not refused.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.register import membership
from ngocoord.store import tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class Move:
    """One change that may alter reviewed figures: of which unit, what it does, and which of
    the locked months (given, oldest first) it alters."""

    unit: str
    change: str
    alters: Callable[[list[str]], list[str]]


def switch_move(conn: Connection, kind: str, change: str) -> Move:
    """A kind switched on or off: it alters each locked month from the tracking start."""
    from ngocoord.register import kinds

    start = kinds.tracking_start(conn)
    return Move(kind, change, lambda months: [m for m in months if start is None or m >= start])


def start_move(old: str | None, new: str | None, why: str = "") -> Move:
    """The tracking start moved: it alters the months tracked before and not after, or after
    and not before (None: every month is tracked)."""

    def alters(months: list[str]) -> list[str]:
        return [m for m in months if (old is None or m >= old) != (new is None or m >= new)]

    return Move("tracking.start", f"{old or 'none'} → {new or 'none'}{why}", alters)


def areas_move(
    start: str | None,
    unit: str,
    change: str,
    listed: Sequence[membership.Span],
    before: Collection[int | None],
    after: Collection[int | None],
) -> Move:
    """An NGO's upazilas changed (office ids): it alters who each upazila expected (`check
    --upazila`) in the months from the tracking start (`kinds.tracking_start`) the NGO was on
    the list (`listed`)."""

    def alters(months: list[str]) -> list[str]:
        if set(before) == set(after):
            return []
        return [
            m
            for m in months
            if (start is None or m >= start) and membership.is_member(listed, periods.last_day(m))
        ]

    return Move(unit, change, alters)


def due_move(conn: Connection, kind: tuple[int, str], old: int, new: int) -> Move:
    """A kind's due day moved: it alters the months a unit's first receipt falls between the
    two due dates (on time before, late after, or the other way), or today does (missing or
    not yet due)."""
    from sqlalchemy import func, select

    def alters(months: list[str]) -> list[str]:
        s = tables.table(conn, "submission").c
        today = periods.today()
        firsts: dict[str, list[date]] = {m: [] for m in months}
        query = (
            select(s.month, func.min(s.received_on))
            .where(s.kind_id == kind[0], s.month.in_(months), s.voided_at.is_(None))
            .where(s.received_on <= today)
            .group_by(s.month, s.ngo_id, s.unit_office_id)
        )
        for month, first in conn.execute(query):
            firsts[month].append(date.fromisoformat(first) if isinstance(first, str) else first)
        found = []
        for m in months:
            low, high = sorted((periods.due_date(m, old), periods.due_date(m, new)))
            if any(low < day <= high for day in [*firsts[m], today]):
                found.append(m)
        return found

    return Move(kind[1], f"due day {old} → {new}", alters)


def spans(periods: Sequence[Any], office_id: int) -> list[membership.Span]:
    """An NGO's periods on the office's list, as rows, objects or an undo's JSON state."""
    found = []
    for p in periods:
        get = p.get if isinstance(p, dict) else lambda k, p=p: getattr(p, k)
        if get("office_id") == office_id:
            found.append(membership.Span(_day(get("start_date")), _day(get("end_date"))))
    return found


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def membership_move(unit: str, change: str, before: Sequence[Any], after: Sequence[Any]) -> Move:
    """An NGO's list periods changing from `before` to `after` (spans): it alters the months
    on whose last day it is on the list before and not after, or after and not before."""

    def alters(months: list[str]) -> list[str]:
        return [
            m
            for m in months
            if membership.is_member(before, periods.last_day(m))
            != membership.is_member(after, periods.last_day(m))
        ]

    return Move(unit, change, alters)


def end_move(unit: str, change: str, periods: Sequence[Any], period: Any, end: date | None) -> Move:
    """One of an NGO's list periods (`periods`, on the period's office) given a new end."""
    before = spans(periods, period.office_id)
    after, was = list(before), membership.Span(period.start_date, period.end_date)
    if was in after:
        after[after.index(was)] = membership.Span(period.start_date, end)
    return membership_move(unit, change, before, after)
