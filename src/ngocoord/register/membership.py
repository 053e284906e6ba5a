"""Who is on an office's coordination list on a day: a membership period covers it (its start
on or before the day, its end after it, either open). One rule, for the NGOs loaded as rows
(`is_member`) and as a query (`member_ids`); and which of them an upazila's are (`working_in`:
the NGO's areas). A module of its own so that `check` needs none of the roster's other
rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

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
    return any(
        (p.start_date is None or p.start_date <= last)
        and (p.end_date is None or first < p.end_date)
        for p in periods
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
