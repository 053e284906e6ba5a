"""Attendance is undone like any other change: a mark, a mark replaced, a sheet that took the
place of the marks recorded, each put back from its audit rows; finalised minutes keep the
attendance as signed, so an undo of it is refused until they are reopened."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, table_dump
from openpyxl import Workbook


@pytest.fixture
def office(office: Cli) -> Cli:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    office("meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "কক্ষ")
    return office


def last_run(cli: Cli) -> int:
    return int(json.loads(cli("log", "--format", "json", "-n", "1").output)[0]["run"])


def present(cli: Cli) -> list[tuple[Any, ...]]:
    shown = json.loads(cli("meeting", "show", "1", "--format", "json").output)["present"]
    return [(p["ngo_code"] or p["organisation"], p["name"]) for p in shown]


def test_marks_and_a_sheet_are_undone_newest_first(office: Cli, tmp_path: Path) -> None:
    office("meeting", "attend", "1", "MBSK", "--name", "মোঃ আব্দুল হাকীম মিয়া")
    first = table_dump(office.db)
    office("meeting", "attend", "1", "MBSK", "--name", "রহিম", "--replace")
    replaced = last_run(office)
    assert present(office) == [("MBSK", "রহিম")]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["সংস্থার কোড", "নাম", "উপস্থিতি"])
    ws.append(["CTW", "করিম", "উপস্থিত"])
    ws.append(["DAM", "সালমা", "উপস্থিত"])
    wb.save(tmp_path / "sheet.xlsx")
    office("meeting", "attendance", "1", str(tmp_path / "sheet.xlsx"), "--replace")
    assert present(office) == [("CTW", "করিম"), ("DAM", "সালমা")]
    office("undo", str(last_run(office)), "--yes")
    assert present(office) == [("MBSK", "রহিম")]
    office("undo", str(replaced), "--yes")
    assert present(office) == [("MBSK", "মোঃ আব্দুল হাকীম মিয়া")]
    kept = {t: r for t, r in table_dump(office.db).items() if t not in ("audit", "run")}
    assert kept == {t: r for t, r in first.items() if t not in ("audit", "run")}


def test_finalised_attendance_is_not_undone(office: Cli) -> None:
    office("meeting", "attend", "1", "MBSK", "--name", "মোঃ আব্দুল হাকীম মিয়া")
    marked = last_run(office)
    office("meeting", "finalise", "1")
    before = table_dump(office.db)
    out = " ".join(office("undo", str(marked), "--yes", code=1).output.split())
    assert "meeting 1, whose minutes are finalised" in out and "meeting reopen 1" in out
    assert table_dump(office.db) == before
    office("meeting", "reopen", "1", "--reason", "উপস্থিতি ভুল")
    office("undo", str(marked), "--yes")
    assert present(office) == []
