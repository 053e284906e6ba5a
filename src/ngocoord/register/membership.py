"""Who is on an office's coordination list on a day: a membership period covers it (its start
on or before the day, its end after it, either open). One rule, for the NGOs loaded as rows
(`is_member`) and as a query (`member_ids`); and which of them an upazila's are (`working_in`:
the NGO's areas). The same rule says when two periods overlap (`overlaps`: they share a day),
which the schema forbids (migration 0013); `refuse_wrong` says so to the clerk, naming the NGO
and the dates, before a write would meet the schema's refusal. A module of its own so that
`check` needs none of the roster's other rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from ngocoord.errors import Invalid

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ngocoord.store.models import Membership


class Span(NamedTuple):
    """A membership period as plain dates (what a change to the list moves, register/locks)."""

    start_date: date | None
    end_date: date | None


def is_member(periods: Sequence[Membership | Span], on: date) -> bool:
    return any(
        (p.start_date is None or p.start_date <= on) and (p.end_date is None or on < p.end_date)
        for p in periods
    )


def member_during(periods: Sequence[Membership | Span], first: date, last: date) -> bool:
    """On the list on some day from `first` to `last`: an NGO that left mid-month still
    reports on the part of the month it worked (is_member's rule, day by day)."""
    for p in periods:
        day = first if p.start_date is None else max(p.start_date, first)  # its first day in it
        if day <= last and (p.end_date is None or day < p.end_date):
            return True
    return False


def holds_a_day(p: Membership | Span) -> bool:
    """Whether a period holds any day: one that ends the day it starts holds none."""
    return p.start_date is None or p.end_date is None or p.start_date < p.end_date


def overlaps(a: Membership | Span, b: Membership | Span) -> bool:
    """Whether two periods share a day by is_member's rule (the schema's, migration 0013)."""
    return (
        holds_a_day(a)
        and holds_a_day(b)
        and (a.start_date is None or b.end_date is None or a.start_date < b.end_date)
        and (b.start_date is None or a.end_date is None or b.start_date < a.end_date)
    )


def span_text(p: Membership | Span) -> str:
    start = p.start_date.isoformat() if p.start_date else "before tracking began"
    return f"{start} to {p.end_date.isoformat() if p.end_date else 'now (still on the list)'}"


def wrong(periods: Sequence[Membership | Span]) -> str | None:
    """What is wrong with an NGO's periods at one office, or None: one that ends before it
    starts, or two that share a day."""
    for p in periods:
        if p.start_date is not None and p.end_date is not None and p.end_date < p.start_date:
            return f"the period {span_text(p)} ends before it starts"
    for i, a in enumerate(periods):
        for b in periods[i + 1 :]:
            if overlaps(a, b):
                return f"the periods {span_text(a)} and {span_text(b)} overlap"
    return None


def refuse_wrong(code: str, periods: Sequence[Membership | Span], change: str, hint: str) -> None:
    """Invalid, naming the NGO and the dates, when `change` would leave its periods wrong."""
    said = wrong(periods)
    if said is not None:
        raise Invalid(f"{code}: {change} cannot be written: {said}.", hint)


def refuse_reopen(code: str, periods: Sequence[Membership], period: Membership) -> None:
    """Invalid when putting `period` back open (its removal decision, or its meeting, deleted)
    would overlap a later period: the NGO rejoined after that removal."""
    after = [Span(p.start_date, None) if p.id == period.id else p for p in periods]
    refuse_wrong(
        code,
        after,
        f"back on the list from {span_text(Span(period.start_date, None))}, the removal of "
        f"{period.end_date} deleted,",
        f"It was put back on the list after that removal: undo that first (`ngocoord ngo "
        f"history {code}`, `ngocoord undo RUN`), or keep the decision that removed it.",
    )


def member_ids(conn: Connection, office_id: int, on: date) -> Any:
    """A query of the NGO ids on an office's coordination list on a day (is_member's rule)."""
    from sqlalchemy import or_, select

    from ngocoord.store.tables import table

    m = table(conn, "membership").c
    return (
        select(m.ngo_id)
        .where(m.office_id == office_id)
        .where(or_(m.start_date.is_(None), m.start_date <= on))
        .where(or_(m.end_date.is_(None), m.end_date > on))
    )


def working_in(conn: Connection, upazila_office_id: int) -> Any:
    """A query of the ids of the NGOs that work in an upazila: its office is among their areas
    (`ngo edit --areas`, the roster's upazila column). An NGO whose areas are not recorded
    works in none: `check --upazila` and an upazila's meeting leave it out (`no_areas`)."""
    from sqlalchemy import select

    from ngocoord.store.tables import table

    a = table(conn, "ngo_area").c
    return select(a.ngo_id).where(a.office_id == upazila_office_id)


def no_areas(conn: Connection, office_id: int, on: date) -> Any:
    """A query of the ids of the NGOs on an office's list on a day whose areas are not
    recorded: no upazila's by `working_in`."""
    from sqlalchemy import select

    from ngocoord.store.tables import table

    a = table(conn, "ngo_area").c
    listed = member_ids(conn, office_id, on).subquery()
    return select(listed.c.ngo_id).where(listed.c.ngo_id.not_in(select(a.ngo_id)))
