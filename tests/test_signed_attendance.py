"""Finalising a meeting keeps who came as signed; it does not change how `meeting show` gives
them: a blank name stays blank (null), and a name with Latin digits keeps them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli
from test_meetings import doc_for, new_meeting, show


def test_finalised_attendance_reads_as_it_was_recorded(office: Cli, tmp_path: Path) -> None:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    number = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(number), encoding="utf-8")
    office("meeting", "edit", str(number), "--file", str(path), "--replace")
    office("meeting", "attend", str(number), "MBSK", "--name", "প্রধান", "--head")
    office("meeting", "attend", str(number), "CTW")  # no name, no designation
    office("meeting", "attend", str(number), "--org", "Room 12, Office 2", "--name", "A. Karim 2")
    before = show(office, number)
    office("meeting", "finalise", str(number))
    after = show(office, number)
    assert after["present"] == before["present"]
    ctw = next(p for p in after["present"] if p["ngo_code"] == "CTW")
    assert ctw["name"] is None and ctw["designation"] is None
    assert {"organisation": "Room 12, Office 2", "name": "A. Karim 2"}.items() <= next(
        p for p in after["present"] if p["ngo_code"] is None
    ).items()
    assert after["absent"] == before["absent"] and after["attendance"] == before["attendance"]
    # the minutes themselves print as signed, in Bengali digits
    minutes = tmp_path / "minutes.md"
    office("render", "minutes", str(number), "--out", str(minutes))
    assert "Room ১২, Office ২" in minutes.read_text("utf-8")
    report = json.loads(office("meeting", "attendance-report", "--format", "json").output)
    assert report["meetings"][0]["present"] == 2
