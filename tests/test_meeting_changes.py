"""Changing a recorded meeting after the fact: `meeting show` says where each decision stands,
`decision edit` changes one, `meeting delete` takes a meeting out whole (audited with every
value, so it could be put back), and a `meeting edit` that changes nothing writes nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, at_a_terminal, table_dump
from test_meetings import doc_for, new_meeting, show


@pytest.fixture
def office(office: Cli) -> Cli:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    return office


@pytest.fixture
def meeting(office: Cli, tmp_path: Path) -> int:
    """The meeting of DOC (items ০১, ০৩, ০৪; ৩.১ takes DAM off the list), MBSK by its head and
    CTW present, with a follow-up note on one decision."""
    number = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(number), encoding="utf-8")
    office("meeting", "edit", str(number), "--file", str(path), "--replace")
    office("meeting", "attend", str(number), "MBSK", "--name", "প্রধান", "--head")
    office("meeting", "attend", str(number), "CTW")
    office("meeting", "attend", str(number), "--org", "সমাজসেবা কার্যালয়")
    office("decision", "note", str(decision(office, number, "৩.২")["id"]), "প্রতিবেদন চাওয়া হয়েছে")
    return number


def decision(cli: Cli, meeting: int, number: str) -> dict[str, Any]:
    found = json.loads(cli("decisions", "--meeting", str(meeting), "--format", "json").output)
    return next(d for d in found if d["number"] == number)


def audit_rows(db: Path, command: str) -> list[tuple[str, str, str, str | None, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return list(
            conn.execute(
                "SELECT table_name, row_key, action, old, new FROM audit WHERE command LIKE ?"
                " ORDER BY id",
                (f"%{command}%",),
            )
        )
    finally:
        conn.close()


def test_show_gives_decisions_with_status_attendance_and_finalised(
    office: Cli, meeting: int
) -> None:
    data = show(office, meeting)
    listed = json.loads(office("decisions", "--meeting", str(meeting), "--format", "json").output)
    assert data["decisions"] == listed  # the same rows `ngocoord decisions` gives
    statuses = {d["number"]: d["status"] for d in data["decisions"]}
    assert statuses == {"১.১": "open", "১.২": "open", "৩.১": "done", "৩.২": "open", "০৪": "open"}
    assert data["attendance"] == {
        "present": 3,
        "officers": 1,
        "ngos_present": 2,
        "by_head": 1,
        "absent": 0,
        "on_list": 2,
    }
    assert data["finalised"] is None and data["is_finalised"] is False
    text = office("meeting", "show", str(meeting)).output
    assert (
        "Attendance: 3 people present (2 for NGOs, 1 officers and others); NGOs: 2 of the 2 "
        "on the list came (1 by their head), 0 absent (appendix খ)." in text
    )
    assert "Not finalised" in text
    done = decision(office, meeting, "৩.১")
    row = next(line for line in text.splitlines() if line.startswith(f"{done['id']} "))
    assert "৩.১" in row and "done" in row and "2021-02-10" in row

    office("meeting", "finalise", str(meeting))
    data = show(office, meeting)
    assert data["is_finalised"] is True and data["finalised"]["by"]
    at = data["finalised"]["at"]
    assert at.endswith("+06:00")  # the office's clock, as `log` and `locks` give times
    shown_at = f"Finalised on {at[:16].replace('T', ' ')} Asia/Dhaka"
    assert shown_at in office("meeting", "show", str(meeting)).output


def test_decision_edit_links_and_audits_and_says_when_nothing_changed(
    office: Cli, meeting: int
) -> None:
    target = decision(office, meeting, "০৪")
    edit = ("decision", "edit", str(target["id"]))
    out = office(*edit, "--text", "সকল এনজিও  প্রতিবেদন দেবেন।", "--due", "০৭.০৩.২০২১").output
    assert "is changed" in out
    office(*edit, "--implementer", "সকল এনজিও")
    changed = decision(office, meeting, "০৪")
    assert changed["text"] == "সকল এনজিও প্রতিবেদন দেবেন।" and changed["due_on"] == "2021-03-07"
    assert changed["linked"] == ["CTW", "MBSK"]  # those on the list that day: ৩.১ took DAM off
    assert changed["implementers"] == "সকল এনজিও"
    office(*edit, "--implementer", "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)")
    assert decision(office, meeting, "০৪")["linked"] == ["CTW"]  # by name, the one lookup
    listed = json.loads(office("decisions", "--implementer", "CTW", "--format", "json").output)
    assert target["id"] in {d["id"] for d in listed}

    rows = audit_rows(office.db, "decision edit")
    assert [(t, k, a) for t, k, a, _, _ in rows] == [("decision", f"{meeting}:4.1", "update")] * 3
    first_old = json.loads(rows[0][3] or "{}")
    assert first_old["text"] == target["text"] and first_old["due_on"] is None

    before = table_dump(office.db)
    assert "nothing changed" in office(*edit, "--due", "7.3.2021").output
    assert table_dump(office.db) == before
    said = office(*edit, "--implementer", "MBSX", code=1).output
    assert "MBSX" in said and "MBSK" in said and table_dump(office.db) == before
    assert "Give --text" in office(*edit, code=1).output
    office(*edit, "--due", "")
    assert decision(office, meeting, "০৪")["due_on"] is None

    office("meeting", "finalise", str(meeting))
    before = table_dump(office.db)
    said = office(*edit, "--text", "অন্য কথা", code=1).output
    assert "finalised" in said and "meeting reopen" in said and table_dump(office.db) == before


def test_a_meeting_edit_that_changes_nothing_writes_nothing(
    office: Cli, meeting: int, tmp_path: Path
) -> None:
    path = tmp_path / "same.txt"
    path.write_text(office("meeting", "doc", str(meeting)).output, encoding="utf-8")
    before = table_dump(office.db)
    out = office("meeting", "edit", str(meeting), "--file", str(path)).output
    assert "nothing changed" in out and table_dump(office.db) == before
    path.write_text(
        path.read_text(encoding="utf-8").replace("অফিস কপি", "অফিস কপি (নথি)"), encoding="utf-8"
    )
    assert "updated" in office("meeting", "edit", str(meeting), "--file", str(path)).output
    assert table_dump(office.db) != before


def test_delete_names_what_goes_asks_and_audits_every_value(office: Cli, meeting: int) -> None:
    before = table_dump(office.db)
    said = office("meeting", "delete", str(meeting), code=1).output  # no terminal, no --yes
    assert table_dump(office.db) == before
    assert f"meeting {meeting} of 2021-02-10" in said and "--yes" in said
    assert "item ০৩" in said and "2 decision(s), 2 follow-up note(s)" in said
    assert "decision ৩.১ took DAM off the list on 2021-02-10: DAM goes back on it" in said
    assert "3 attendance mark(s): 3 present" in said

    out = office("meeting", "delete", str(meeting), "--yes").output
    assert f"Meeting {meeting} is deleted" in out
    after = table_dump(office.db)
    for name in ("meeting", "agenda_item", "decision", "decision_link", "decision_note"):
        assert after[name] == [], name
    assert after["attendance"] == []
    dam = json.loads(office("ngo", "show", "DAM", "--format", "json").output)
    assert dam["memberships"][-1]["to"] is None  # back on the list

    # Every row removed is in the log with all its columns: enough to put it back.
    rows = audit_rows(office.db, "meeting delete")
    removed = {
        name: [json.loads(old or "{}") for t, _, a, old, _ in rows if t == name and a == "delete"]
        for name in before
    }
    for name in (
        "meeting",
        "agenda_item",
        "decision",
        "decision_link",
        "decision_note",
        "attendance",
    ):
        assert len(removed[name]) == len(before[name]), name
        assert sorted(r["id"] for r in removed[name]) == sorted(r[0] for r in before[name])
    conn = sqlite3.connect(office.db)
    columns = [c[1] for c in conn.execute("PRAGMA table_info(meeting)")]
    conn.close()
    assert set(removed["meeting"][0]) == set(columns)
    assert removed["meeting"][0]["held_on"] == "2021-02-10"
    assert [t for t, _, a, _, _ in rows if a == "update"] == ["membership"]


def test_delete_refuses_a_finalised_meeting(office: Cli, meeting: int) -> None:
    office("meeting", "finalise", str(meeting))
    before = table_dump(office.db)
    said = office("meeting", "delete", str(meeting), "--yes", code=1).output
    assert "finalised" in said and f"ngocoord meeting reopen {meeting}" in said
    assert table_dump(office.db) == before
    assert "No meeting 99" in office("meeting", "delete", "99", "--yes", code=1).output


@pytest.mark.parametrize(("answer", "status"), [(b"n\n", 1), (b"y\n", 0)])
def test_delete_asks_at_a_terminal(office: Cli, meeting: int, answer: bytes, status: int) -> None:
    before = table_dump(office.db)
    code, said = at_a_terminal(
        office.db, answer, "meeting", "delete", str(meeting), question=b"Delete it?"
    )
    assert code == status, said
    assert "item ০১" in said
    if status:
        assert "Nothing was changed" in said and table_dump(office.db) == before
    else:
        assert table_dump(office.db)["meeting"] == []


def test_a_deleted_meeting_is_put_back_by_undo(office: Cli, meeting: int) -> None:
    """`meeting delete` audits each row with its state before, so `undo` puts the meeting
    back whole (items, decisions with their links and notes, attendance, the removal its
    decision made), and undoing the undo deletes it again."""
    kept = ("audit", "run")
    before = {t: r for t, r in table_dump(office.db).items() if t not in kept}
    office("meeting", "delete", str(meeting), "--yes")
    deleted = {t: r for t, r in table_dump(office.db).items() if t not in kept}
    run = json.loads(office("log", "--format", "json", "-n", "1").output)[0]["run"]
    office("undo", str(run), "--yes")
    assert {t: r for t, r in table_dump(office.db).items() if t not in kept} == before
    again = json.loads(office("log", "--format", "json", "-n", "1").output)[0]["run"]
    office("undo", str(again), "--yes")
    assert {t: r for t, r in table_dump(office.db).items() if t not in kept} == deleted


def test_a_decision_edit_is_undone_with_its_links(office: Cli, meeting: int) -> None:
    kept = ("audit", "run")
    before = {t: r for t, r in table_dump(office.db).items() if t not in kept}
    decision = json.loads(office("decisions", "--format", "json").output)[0]["id"]
    office("decision", "edit", str(decision), "--text", "নতুন পাঠ", "--implementer", "CTW")
    assert {t: r for t, r in table_dump(office.db).items() if t not in kept} != before
    run = json.loads(office("log", "--format", "json", "-n", "1").output)[0]["run"]
    office("undo", str(run), "--yes")
    assert {t: r for t, r in table_dump(office.db).items() if t not in kept} == before
