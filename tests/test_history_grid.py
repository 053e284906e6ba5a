"""`compliance.history` against the rules of docs/compliance.md applied row by row.

The history rates each unit and month from bit masks the database sums (one row per unit):
here the same grid is worked out the slow way, from every return and membership span, on a
generated register (joins, leaves, late, voided and resubmitted returns), for windows shorter
and longer than one run of masks, on SQLite and, when a server is given, PostgreSQL.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from ngocoord import periods
from ngocoord.compliance import check as compliance

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("NGOCOORD_TEST_POSTGRES")


def _national() -> Any:
    """The benchmarks' national generator (benchmarks/check.py), a script among its siblings."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import check as national
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return national


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    db = tmp_path_factory.mktemp("grid") / "generated.sqlite"
    made = _national().build(db, 120, 44, seed=7)
    assert made["voided"] and made["memberships"] > 120
    return db, made


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def expected_grid(db: Path, first: str, last: str, as_of: date, start: str | None) -> list[Any]:
    """The rows of the grid from the raw tables, one unit and month at a time."""
    lite = sqlite3.connect(db)
    try:
        (kind_id, due_day) = lite.execute(
            "SELECT id, due_day FROM return_kind WHERE name = 'ngo-report'"
        ).fetchone()
        (home,) = lite.execute("SELECT id FROM office WHERE is_home").fetchone()
        spans: dict[int, list[tuple[date | None, date | None]]] = {}
        for ngo_id, begin, end in lite.execute(
            "SELECT ngo_id, start_date, end_date FROM membership WHERE office_id = ?", (home,)
        ):
            spans.setdefault(ngo_id, []).append((_day(begin), _day(end)))
        received: dict[tuple[int, str], date] = {}
        for ngo_id, month, day in lite.execute(
            "SELECT ngo_id, month, received_on FROM submission "
            "WHERE kind_id = ? AND voided_at IS NULL",
            (kind_id,),
        ):
            got = date.fromisoformat(day)
            if got <= as_of and got < received.get((ngo_id, month), date.max):
                received[(ngo_id, month)] = got
        ngos = lite.execute("SELECT id, code, coalesce(name_bn, name_en) FROM ngo ORDER BY code")
        units = [row for row in ngos if row[0] in spans]
    finally:
        lite.close()
    shown = compliance.month_range(first, last)
    recent = compliance.month_range(compliance.month_range_back(last, 12), last)
    rows = []
    for ngo_id, code, name in units:
        cells, missed = {}, 0
        for month in sorted(set(shown) | set(recent)):
            end = periods.last_day(month)
            on_list = any(
                (b is None or b <= end) and (e is None or e > end) for b, e in spans[ngo_id]
            )
            if start is not None and month < start:
                status = compliance.BEFORE_TRACKING
            elif not on_list:
                status = compliance.NOT_LISTED
            else:
                due = periods.due_date(month, due_day)
                got = received.get((ngo_id, month))
                status = compliance._status(got, due, as_of)[0]
            if month in recent and status == compliance.MISSING:
                missed += 1
            if month in shown:
                cells[month] = status
        rows.append({"unit": code, "name": name, "cells": cells, "missed_last_12": missed})
    return rows


def _copy_to_postgres(db: Path) -> str:
    """The generated register in the test server's database (wiped first)."""
    assert PG_URL
    _national().copy_to_postgres(db, PG_URL)
    return PG_URL


ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="set NGOCOORD_TEST_POSTGRES to a database URL"),
    ),
]


@pytest.mark.parametrize("engine", ENGINES)
def test_history_is_the_rules_applied_row_by_row(
    engine: str, generated: tuple[Path, dict[str, Any]]
) -> None:
    from ngocoord.register import returns
    from ngocoord.store.db import open_register

    db, made = generated
    months = compliance.month_range(made["first_month"], made["last_month"])
    url = f"sqlite:///{db}" if engine == "sqlite" else _copy_to_postgres(db)
    register = open_register(url)
    cases = [
        (months[-13], months[-1], periods.first_day(months[-1]) + timedelta(days=40)),
        (months[0], months[-1], date(2030, 1, 1)),  # 44 months: two runs of bit masks
        (months[2], months[-3], periods.due_date(months[-5], 15)),  # some not yet due
        (months[-4], months[-1], date(2030, 1, 1)),  # fewer than 12 months shown
    ]
    try:
        for start in (None, months[5]):
            with register.session() as s:
                if start is not None:
                    from ngocoord.store import settings

                    settings.put(s, "tracking.start", start)
                    s.commit()
                tracked_from = compliance.tracking_start(s)
                kind = returns.kind(s, returns.NGO_REPORT)
                for first, last, as_of in cases:
                    grid = compliance.history(s, kind, first=first, last=last, as_of=as_of)
                    want = expected_grid(db, first, last, as_of, tracked_from)
                    assert grid.rows == want, (engine, first, last, as_of, start)
    finally:
        register.close()
