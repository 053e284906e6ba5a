"""What a command used to do without a word: a month locked before its returns are due, a
roster's rejects workbook written over an earlier one, the tracking start that `config list`
showed empty while the first month with a return stood in for it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SEED_ROWS, Cli, RosterFile, report_csv, table_dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngocoord import periods


def _on(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """The office's clock at noon in Dhaka on `day`."""
    moment = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
    monkeypatch.setattr(periods, "now", lambda: moment)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(days_after=st.integers(min_value=1, max_value=70), due_day=st.integers(1, 28))
def test_a_month_not_yet_due_is_said_and_locked_only_when_meant(
    register: Cli, monkeypatch: pytest.MonkeyPatch, days_after: int, due_day: int
) -> None:
    """Any day after a month, under any due day of the office: up to the latest due date of
    the tracked kinds (the day itself, as `check` counts "not yet due") the lock is refused
    without a terminal, naming each kind's due date, and nothing changes; --yes or a --reason
    takes it all the same; after that day it is taken without a question."""
    month = "2021-01"
    register("config", "set", "due.ngo-report", str(due_day))
    today = periods.last_day(month) + timedelta(days=days_after)
    _on(monkeypatch, today)
    latest = max(periods.due_date(month, d) for d in (due_day, 3))  # upazila-minutes: the 3rd
    before = table_dump(register.db)
    if today <= latest:
        out = register("lock", month, code=1).output
        assert f"ngo-report by {periods.due_date(month, due_day).isoformat()}" in out, out
        assert "not yet due" in out and "--yes" in out
        assert table_dump(register.db) == before
        how = ("--yes",) if days_after % 2 else ("--reason", "পর্যালোচনা শেষ")
        out = register("lock", month, *how).output
        assert "not yet due" in out and f"{month} is locked" in out
    else:
        out = register("lock", month).output
        assert "not yet due" not in out and f"{month} is locked" in out
    register("unlock", month, "--reason", "পরীক্ষা")


def test_a_kind_switched_off_is_not_waited_for(
    register: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the tracked kinds' due dates count: with the NGO report off, the upazila minutes'
    3rd is the day to wait for."""
    _on(monkeypatch, date(2021, 2, 5))
    assert "ngo-report by 2021-02-07" in register("lock", "2021-01", code=1).output
    register("return", "disable-kind", "ngo-report")
    out = register("lock", "2021-01").output
    assert "not yet due" not in out and "2021-01 is locked" in out


def _rejected(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.glob("*.rejected*.xlsx"))


def test_a_roster_s_rejects_workbook_never_replaces_an_earlier_one(
    office: Cli, roster_file: RosterFile, tmp_path: Path
) -> None:
    """The clerk's first rejects workbook (maybe half corrected) is kept: the next import's
    goes beside it, and the message names the one written and the one kept; refused, or with
    --skip-invalid, or a dry run given --rejects."""
    from openpyxl import load_workbook

    rows = [list(r) for r in SEED_ROWS]
    rows[1][5] = "not a phone"
    path = roster_file(rows)
    first = tmp_path / "roster.rejected.xlsx"
    out = office("ngo", "import", str(path), code=1).output
    assert _rejected(tmp_path) == ["roster.rejected.xlsx"] and str(first) in out
    first_rows = list(load_workbook(first).active.values)
    out = " ".join(office("ngo", "import", str(path), "--skip-invalid", code=1).output.split())
    second = tmp_path / "roster.rejected-2.xlsx"
    assert f"saved to {second} ({first} was already there and is kept)" in out, out
    out = " ".join(office("ngo", "import", str(path), code=1).output.split())
    assert f"{tmp_path / 'roster.rejected-3.xlsx'} ({first} was already there" in out, out
    asked = tmp_path / "mine.xlsx"
    dry = ("ngo", "import", str(path), "--skip-invalid", "--dry-run", "--rejects", str(asked))
    assert f"saved to {asked}:" in office(*dry, code=1).output
    assert f"{tmp_path / 'mine-2.xlsx'} ({asked} was" in " ".join(
        office(*dry, code=1).output.split()
    )
    assert list(load_workbook(first).active.values) == first_rows  # as the clerk left it
    assert list(load_workbook(second).active.values) == first_rows


def test_config_list_shows_the_tracking_start_in_force(office: Cli, tmp_path: Path) -> None:
    """Unset, the first month with a return stands in for it: shown with where it comes from;
    set, the setting; with no return at all, nothing is in force and it says so."""

    def start() -> dict[str, str]:
        out = office("config", "list", "--format", "json").output
        (item,) = [i for i in json.loads(out) if i["key"] == "tracking.start"]
        return item

    assert start()["value"] is None and "no return yet" in start()["source"]
    report_csv(tmp_path / "in", "MBSK", "2021-03")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-04-05")
    item = start()
    assert item["value"] == "2021-03" and "first month with a return" in item["source"]
    assert "2021-03" in office("config", "list").output
    office("config", "set", "tracking.start", "2021-01")
    assert start()["value"] == "2021-01" and start()["source"] == "set"
    items = json.loads(office("config", "list", "--format", "json").output)
    sources = {i["key"]: i["source"] for i in items}
    assert sources["committee.name"] == "default" and sources["due.ngo-report"] == "return kind"
