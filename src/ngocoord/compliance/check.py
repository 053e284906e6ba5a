"""Who has sent their return for a month, who is late, who has not: the clerk's first question.

The rules (docs/compliance.md):
- A unit is expected for month M when it is on the list on M's last day (NGOs: a membership
  period of the office covers that day; upazila offices: always), and M is not before the
  tracking start (setting `tracking.start`, else the earliest month with any return).
- A return is due on the kind's due day of the next month; the due day itself is on time.
- "Received" is the earliest receipt of a version that is not voided, on or before `as_of`.
- Reporting rate = received ÷ expected; on-time rate = on time ÷ expected.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from ngocoord import periods
from ngocoord.bangla import format_month_bn, to_bengali_digits
from ngocoord.bulk import gc_paused
from ngocoord.register import kinds, locks, membership
from ngocoord.store import offices
from ngocoord.store.db import fetch_rows
from ngocoord.store.tables import connection, table

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql import Select
    from sqlmodel import Session

    from ngocoord.store.models import ReturnKind

    # A session or, for `check` (which loads no ORM models), a Core connection; the kind as
    # the model or as the plain row kinds.kind_rows reads.
    Db: TypeAlias = Session | Connection
    Kind: TypeAlias = ReturnKind | kinds.Kind

ON_TIME, LATE, MISSING, NOT_DUE = "on time", "late", "missing", "not yet due"


@dataclass
class Unit:
    """One NGO (or upazila office) expected to send the return."""

    unit: str  # NGO code, or the upazila's English name
    name: str
    status: str
    received_on: date | None = None
    days_late: int | None = None
    days_overdue: int | None = None
    head_name: str | None = None
    mobile: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "name": self.name,
            "status": self.status,
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "days_late": self.days_late,
            "days_overdue": self.days_overdue,
            "head_name": self.head_name,
            "mobile": self.mobile,
        }


@dataclass
class Check:
    """The state of one return kind for one month, as of one day."""

    kind: str
    submitter: str
    month: str
    due_date: date
    as_of: date
    units: list[Unit] = field(default_factory=list)
    before_tracking: bool = False
    lock: locks.Lock | None = None  # the month locked after review
    changed_after_review: list[dict[str, Any]] = field(default_factory=list)  # --unlock-reason

    def count(self, status: str) -> int:
        return sum(1 for u in self.units if u.status == status)

    @property
    def expected(self) -> int:
        return len(self.units)

    @property
    def received(self) -> int:
        return self.count(ON_TIME) + self.count(LATE)

    @property
    def overdue(self) -> int:
        return self.count(MISSING)

    def rate(self, part: int) -> float | None:
        return round(min(part / self.expected, 1.0), 4) if self.expected else None

    def totals(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "received": self.received,
            "on_time": self.count(ON_TIME),
            "late": self.count(LATE),
            "missing": self.count(MISSING),
            "not_yet_due": self.count(NOT_DUE),
            "reporting_rate": self.rate(self.received),
            "on_time_rate": self.rate(self.count(ON_TIME)),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "month": self.month,
            "due_date": self.due_date.isoformat(),
            "as_of": self.as_of.isoformat(),
            "before_tracking": self.before_tracking,
            "totals": self.totals(),
            "sentence": self.sentence(),
            "units": [u.as_dict() for u in self.units],
            "lock": self.lock.as_dict() if self.lock else None,
            "changed_after_review": self.changed_after_review,
        }

    @property
    def not_in(self) -> list[Unit]:
        """The units whose return has not come in (missing, or not yet due)."""
        return [u for u in self.units if u.status not in (ON_TIME, LATE)]

    def sentence(self, district: str | None = None, upazila: str | None = None) -> str:
        """Who reported, in the words of the minutes (seed 000, item 01). The short line of
        `check`; with the district, the line item ০১ of the minutes says: "দিনাজপুর জেলায় কর্মরত
        ৭০টি এনজিওর মধ্যে ৫৯ টি এনজিও ছক মোতাবেক … বাকী ১১ টি …", and with an upazila (its own
        meeting) "পার্বতীপুর উপজেলায় কর্মরত …". Upazila returns have one line."""
        n = to_bengali_digits
        month = format_month_bn(int(self.month[:4]), int(self.month[5:]))
        if self.submitter == "ngo" and (district is not None or upazila is not None):
            place = f"{upazila} উপজেলায়" if upazila is not None else f"{district} জেলায়"
            text = (
                f"{place} কর্মরত {n(self.expected)}টি এনজিওর মধ্যে {n(self.received)} টি "
                f"এনজিও ছক মোতাবেক {month} মাসের কার্যক্রম সম্পর্কিত প্রতিবেদন দাখিল করেছেন।"
            )
            return text + self._rest(" টি সংস্থার", "প্রতিবেদন")
        if self.submitter == "ngo":
            text = (
                f"{n(self.expected)}টি এনজিওর মধ্যে {n(self.received)}টি এনজিও "
                f"{month} মাসের প্রতিবেদন দাখিল করেছেন।"
            )
            return text + self._rest("টি সংস্থার", "প্রতিবেদন")
        text = (
            f"{n(self.expected)}টি উপজেলার মধ্যে {n(self.received)}টি উপজেলা "
            f"{month} মাসের কার্যবিবরণী প্রেরণ করেছে।"
        )
        return text + self._rest("টি উপজেলার", "কার্যবিবরণী")

    def _rest(self, units: str, what: str) -> str:
        """Those not in, as the summary's table beside the sentence counts them: missing
        (পাওয়া যায়নি) apart from those whose due date has not come (সময় বাকি)."""
        n = to_bengali_digits
        missing, waiting = self.count(MISSING), self.count(NOT_DUE)
        if not waiting:
            return f" বাকী {n(missing)}{units} {what} পাওয়া যায়নি।" if missing else ""
        waits = f"{n(waiting)}টির দাখিলের সময় এখনো বাকি।"
        if not missing:
            return f" বাকী {n(waiting)}{units} {what} দাখিলের সময় এখনো বাকি।"
        return f" বাকী {n(missing + waiting)}{units} মধ্যে {n(missing)}টির {what} পাওয়া যায়নি, {waits}"


def default_month(due_day: int, as_of: date) -> str:
    """The most recent month whose due date has passed (the due day itself has not)."""
    month = periods.month_of(as_of)
    while periods.due_date(month, due_day) >= as_of:
        month = periods.previous_month(month)
    return month


def tracking_start(db: Db) -> str | None:
    return kinds.tracking_start(connection(db))


def _status(received: date | None, due: date, as_of: date) -> tuple[str, int | None, int | None]:
    if received is not None:
        if received <= due:
            return ON_TIME, None, None
        return LATE, (received - due).days, None
    if as_of > due:
        return MISSING, None, (as_of - due).days
    return NOT_DUE, None, None


def check(
    db: Db,
    kind: Kind,
    *,
    month: str | None,
    as_of: date,
    upazila: str | None = None,
) -> Check:
    """Expected, received, late and missing units of one return kind for one month."""
    from sqlalchemy import func, select

    conn = connection(db)
    month = month or default_month(kind.due_day, as_of)
    due = periods.due_date(month, kind.due_day)
    result = Check(kind.name, kind.submitter, month, due, as_of)
    home_id, _ = offices.home_ids(conn)
    assert kind.id is not None  # the lock and what changed after review, tracked or not
    result.lock, result.changed_after_review = locks.of_month(conn, home_id, kind.id, month)
    start = tracking_start(conn)
    if start is not None and month < start:
        result.before_tracking = True
        return result
    last = periods.last_day(month)
    s, n, o = (table(conn, name).c for name in ("submission", "ngo", "office"))
    received = (
        select(
            s.ngo_id.label("ngo_id"),
            s.unit_office_id.label("office_id"),
            func.min(s.received_on).label("first"),
        )
        .where(s.kind_id == kind.id, s.month == month)
        .where(s.voided_at.is_(None), s.received_on <= as_of)
        .group_by(s.ngo_id, s.unit_office_id)
        .subquery()
    )
    area_id = offices.upazila_office_id(conn, upazila) if upazila else None
    rows: list[Any]
    if kind.submitter == "ngo":
        members = membership.member_ids(conn, home_id, last)
        query = (
            select(
                n.code,
                func.coalesce(n.name_bn, n.name_en),
                n.head_name,
                n.mobile,
                received.c.first,
            )
            .where(n.id.in_(members))
            .outerjoin(received, received.c.ngo_id == n.id)
            .order_by(n.code)
        )
        if area_id is not None:
            query = query.where(n.id.in_(membership.working_in(conn, area_id)))
        rows = list(conn.execute(query))
    else:
        offices_q = (
            select(o.name_en, o.name_bn, received.c.first)
            .where(o.parent_id == home_id, o.level == "upazila")
            .outerjoin(received, received.c.office_id == o.id)
            .order_by(o.name_en)
        )
        if area_id is not None:
            offices_q = offices_q.where(o.id == area_id)
        rows = [(en, bn, None, None, first) for en, bn, first in conn.execute(offices_q)]
    for code, name, head, mobile, first in rows:
        status, days_late, days_overdue = _status(first, due, as_of)
        unit = Unit(code, name, status, first, days_late, days_overdue)
        if status in (MISSING, NOT_DUE):
            unit.head_name, unit.mobile = head, mobile
        result.units.append(unit)
    return result


NOT_LISTED = "not listed"
BEFORE_TRACKING = "before tracking"  # a month before the tracking start: nothing expected
REPEAT_MISSES = 3  # missed this many of the last 12 months: a repeat defaulter


@dataclass
class History:
    """A month × unit grid of one return kind, and the units that keep missing it."""

    kind: str
    months: list[str]
    as_of: date
    rows: list[dict[str, Any]] = field(default_factory=list)  # unit, name, cells, missed

    @property
    def repeat_defaulters(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["missed_last_12"] >= REPEAT_MISSES]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "months": self.months,
            "as_of": self.as_of.isoformat(),
            "units": self.rows,
            "repeat_defaulters": [r["unit"] for r in self.repeat_defaulters],
        }


def month_range(first: str, last: str) -> list[str]:
    months = [first]
    while months[-1] < last:
        months.append(periods.next_month(months[-1]))
    return months


@gc_paused()  # some 300,000 cells at national scale, none in cycles
def history(db: Db, kind: Kind, *, first: str | None, last: str | None, as_of: date) -> History:
    """Each unit's status month by month; repeat defaulters are counted over the 12 months
    ending at `last` (months not on the list, not yet due or before tracking do not count)."""

    from sqlalchemy import func, select

    conn = connection(db)
    last = last or default_month(kind.due_day, as_of)
    first = first or month_range_back(last, 12)
    shown = month_range(first, last)
    window = month_range(min(first, month_range_back(last, 12)), last)
    start = tracking_start(conn)
    home_id, _ = offices.home_ids(conn)
    due = {month: periods.due_date(month, kind.due_day) for month in window}
    # with nothing received, a month is missing or not yet due whoever the unit is
    absent = {month: _status(None, due[month], as_of)[0] for month in window}
    # unit: its masks of months sent and sent on time, two for each run of MASK_MONTHS months
    runs = [window[i : i + MASK_MONTHS] for i in range(0, len(window), MASK_MONTHS)]
    masks: dict[int, list[int]] = {}
    for r, run in enumerate(runs):
        for unit_id, got, on_time in fetch_rows(conn, _receipt_masks(conn, kind, run, due, as_of)):
            masks.setdefault(unit_id, [0, 0] * len(runs))[2 * r : 2 * r + 2] = got, on_time
    recent = set(month_range(month_range_back(last, 12), last))
    recent_missing = [month for month in window if absent[month] == MISSING and month in recent]

    def missed_in(cells: dict[str, str]) -> int:
        return list(map(cells.__getitem__, recent_missing)).count(MISSING)

    # unit: each month of the window, on time or late as it sent, else as absent says, and
    # the recent months missed; units with the same masks share one dict (copied below,
    # before it is kept)
    slots = [(month, 2 * (i // MASK_MONTHS), i % MASK_MONTHS) for i, month in enumerate(window)]
    sent: dict[int, tuple[dict[str, str], int]] = {}
    patterns: dict[tuple[int, ...], tuple[dict[str, str], int]] = {}
    for unit_id, found in masks.items():
        key = tuple(found)
        pattern = patterns.get(key)
        if pattern is None:
            cells = _cells(slots, key, absent)
            pattern = patterns[key] = cells, missed_in(cells)
        sent[unit_id] = pattern
    nothing = absent, missed_in(absent)
    units: list[tuple[int, str, str]]
    listed: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    always: set[int] = set()  # on the list all along: the usual case, no date tests per month
    if kind.submitter == "ngo":
        n, m = table(conn, "ngo").c, table(conn, "membership").c
        days = _Days()
        for ngo_id, begin, end in fetch_rows(
            conn, select(m.ngo_id, m.start_date, m.end_date).where(m.office_id == home_id)
        ):
            listed[ngo_id].append((days[begin], days[end]))
            if begin is None and end is None:
                always.add(ngo_id)
        units = [
            (i, code, name)
            for i, code, name in fetch_rows(
                conn, select(n.id, n.code, func.coalesce(n.name_bn, n.name_en)).order_by(n.code)
            )
            if i in listed
        ]
    else:
        o = table(conn, "office").c
        units = [
            (i, en, bn)
            for i, en, bn in conn.execute(
                select(o.id, o.name_en, o.name_bn)
                .where(o.parent_id == home_id, o.level == "upazila")
                .order_by(o.name_en)
            )
        ]
        always = {i for i, _, _ in units}
    result = History(kind.name, shown, as_of)
    tracked = [m for m in window if start is None or m >= start]
    ends = [periods.last_day(m) for m in tracked]  # ascending, as the months are
    blank = {
        m: BEFORE_TRACKING if start is not None and m < start else NOT_LISTED
        for m in window
        if m >= first
    }
    # When every month of the window is shown and tracked, a unit on the list all along takes
    # each month's status as it is: what it sent, else missing or not yet due.
    whole = window[0] == first and len(tracked) == len(window)
    for unit_id, code, name in units:
        got, missed = sent.get(unit_id, nothing)
        if whole and unit_id in always:
            cells = got.copy()
        else:
            months = tracked
            if unit_id not in always:
                months = _listed_months(tracked, ends, listed[unit_id])
            cells = blank.copy()
            missed = 0
            for month in months:
                status = got[month]
                if status == MISSING and month in recent:
                    missed += 1
                if month >= first:
                    cells[month] = status
        result.rows.append({"unit": code, "name": name, "cells": cells, "missed_last_12": missed})
    return result


MASK_MONTHS = 30  # months per query: a sum of 30 bits stays a 32-bit integer


def _receipt_masks(
    conn: Connection, kind: Kind, months: list[str], due: dict[str, date], as_of: date
) -> Select[Any]:
    """Per unit that sent anything in `months` (at most MASK_MONTHS): a bit mask of the months
    it sent (a version not voided, received by `as_of`) and one of the months it sent by the
    due date; bit i is the i-th month.

    One branch per month, each grouped by unit over ix_submission_receipts in its own order
    with the month's bit and due date as constants, summed per unit: one row per unit rather
    than one per unit and month (25,000 instead of 257,000 at national scale). Fetching and
    rating each of those rows in Python cost more than the database's own work, most of all
    on PostgreSQL; a CASE on the month per row instead costs PostgreSQL a collated text
    comparison for each month tried.
    """
    from sqlalchemy import case, func, literal, select, union_all

    s = table(conn, "submission").c
    unit_col = s.ngo_id if kind.submitter == "ngo" else s.unit_office_id
    branches = [
        select(
            unit_col.label("unit"),
            literal(1 << i).label("sent"),
            case((func.min(s.received_on) <= due[month], 1 << i), else_=0).label("on_time"),
        )
        .where(s.kind_id == kind.id, s.month == month)
        .where(s.voided_at.is_(None), s.received_on <= as_of)
        .group_by(unit_col)
        for i, month in enumerate(months)
    ]
    g = union_all(*branches).subquery().c
    return select(g.unit, func.sum(g.sent), func.sum(g.on_time)).group_by(g.unit)


def _cells(
    slots: list[tuple[str, int, int]], masks: tuple[int, ...], absent: dict[str, str]
) -> dict[str, str]:
    """Each month's status from a unit's masks: slots give each month's pair of masks (sent,
    on time) and its bit in them."""
    return {
        month: ON_TIME
        if masks[k + 1] >> bit & 1
        else LATE
        if masks[k] >> bit & 1
        else absent[month]
        for month, k, bit in slots
    }


def _listed_months(
    tracked: list[str], ends: list[date], spans: list[tuple[date | None, date | None]]
) -> list[str]:
    """The tracked months on whose last day (`ends`) one of the unit's spans has it listed:
    begun by then, not ended by then."""
    found: set[int] = set()
    for begin, end in spans:
        low = 0 if begin is None else bisect_left(ends, begin)
        high = len(ends) if end is None else bisect_left(ends, end)
        found.update(range(low, high))
    return [tracked[i] for i in sorted(found)]


def _day(value: date | str | None) -> date | None:
    """A date as a driver returns it: ISO text (SQLite), a date (PostgreSQL) or None."""
    return date.fromisoformat(value) if isinstance(value, str) else value


class _Days(dict[Any, Any]):
    """Dates as a driver returns them made dates, each distinct value parsed once."""

    def __missing__(self, value: date | str | None) -> date | None:
        day = self[value] = _day(value)
        return day


def month_range_back(last: str, count: int) -> str:
    """The first of `count` months ending at `last`."""
    month = last
    for _ in range(count - 1):
        month = periods.previous_month(month)
    return month
