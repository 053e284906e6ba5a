"""What the tool shows is what the register holds: a resubmission reads as the new version it
is, a finalised meeting is counted as its signed minutes count it, a decision shows its due
date, `log` gives command lines that can be pasted back, and an undo never brings back a
return whose kept file `db prune` deleted. Real registers, the real CLI, workbooks by openpyxl."""

from __future__ import annotations

import json
import shlex
import sqlite3
from pathlib import Path
from typing import Any

from conftest import SEED_ROWS, Cli, RosterFile, table_dump
from openpyxl import Workbook
from test_meetings import doc_for, new_meeting, show


def report_xlsx(folder: Path, code: str, month: str, women: int = 12) -> Path:
    """A minimal monthly report workbook: the header block and one project row."""
    folder.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (
        ["এনজিও কোড", code],
        ["প্রতিবেদনের মাস", month],
        [],
        ["প্রকল্পের নাম", "উপকারভোগী নারী"],
        ["নারী শিক্ষা", women],
    ):
        ws.append(row)
    path = folder / f"{month}_{code}.xlsx"
    wb.save(path)
    return path


def runs(cli: Cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("log", "--format", "json", *args).output)


# ------------------------------------------------------------ a resubmission's status


def test_a_resubmission_reads_as_the_new_version_it_is(office: Cli, tmp_path: Path) -> None:
    first = report_xlsx(tmp_path / "in", "MBSK", "2021-01")
    said = office("report", "import", str(first), "--received-on", "2021-02-05").output
    assert "1 imported, 0 unchanged, 0 rejected." in said and "version" not in said
    again = report_xlsx(tmp_path / "again", "MBSK", "2021-01", women=20)
    args = ("report", "import", str(again), "--received-on", "2021-02-12")
    dry = office(*args, "--dry-run").output
    assert "would be imported as version 2, replacing version 1" in dry
    said = office(*args).output
    assert "imported as version 2, replaced version 1" in said
    assert "1 imported (1 as a new version replacing an earlier one)" in said
    assert "superseded" not in said
    # version 2 voided, version 1 is current again: the next file replaced version 1
    office("report", "void", "MBSK", "2021-01", "--reason", "ভুল ফাইল")
    third = report_xlsx(tmp_path / "third", "MBSK", "2021-01", women=30)
    said = office("report", "import", str(third), "--received-on", "2021-02-20").output
    assert "imported as version 3, replaced version 1" in said


# ------------------------------------------------------------ a finalised meeting's count


def test_show_counts_a_finalised_meeting_as_its_minutes_do(
    office: Cli, roster_file: RosterFile, tmp_path: Path
) -> None:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    number = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(number), encoding="utf-8")
    office("meeting", "edit", str(number), "--file", str(path), "--replace")
    office("meeting", "attend", str(number), "MBSK", "--name", "প্রধান", "--head")
    office("meeting", "finalise", str(number))
    signed = show(office, number)
    assert signed["attendance"]["absent"] == 1 and signed["absent"] == ["CTW"]
    # an NGO imported afterwards, with no joining date: on the list "since before tracking",
    # but it was not in the register when the minutes were signed
    later = [*SEED_ROWS, ["৪", "ব্র্যাক", "BRAC", None, None, None, "বিরল", None, None, None, None]]
    office(
        "ngo", "import", str(roster_file(later, name="later.xlsx")), "--unlock-reason", "পরে যুক্ত"
    )
    data = show(office, number)
    assert data["attendance"] == signed["attendance"] and data["absent"] == ["CTW"]
    text = office("meeting", "show", str(number)).output
    assert ", 1 absent (appendix খ)." in text
    minutes = tmp_path / "minutes.md"
    office("render", "minutes", str(number), "--out", str(minutes))
    assert "অনুপস্থিত এনজিওসমূহের তালিকা (১টি)" in minutes.read_text("utf-8")
    report = json.loads(office("meeting", "attendance-report", "--format", "json").output)
    assert report["meetings"][0]["on_list"] == 2  # MBSK present, CTW absent: as signed


# ------------------------------------------------------------ decision show


def test_decision_show_gives_due_and_closed_dates(office: Cli, tmp_path: Path) -> None:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    number = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(number), encoding="utf-8")
    office("meeting", "edit", str(number), "--file", str(path), "--replace")
    found = json.loads(office("decisions", "--meeting", str(number), "--format", "json").output)
    due = next(d for d in found if d["number"] == "১.২")
    assert due["due_on"] == "2021-03-07"
    shown = office("decision", "show", str(due["id"])).output
    assert "due: 2021-03-07" in shown and "Status: open" in shown
    office("decision", "edit", str(due["id"]), "--due", "15.03.2021")
    assert "due: 2021-03-15" in office("decision", "show", str(due["id"])).output
    office("decision", "done", str(due["id"]), "--on", "2021-03-14")
    assert "Status: done on 2021-03-14" in office("decision", "show", str(due["id"])).output
    undated = next(d for d in found if d["number"] == "০৪")
    assert "due: –" in office("decision", "show", str(undated["id"])).output
    # meeting show's table of decisions names each one's implementers, as decision edit sets
    office("decision", "edit", str(undated["id"]), "--implementer", "CTW")
    table = office("meeting", "show", str(number)).output
    row = next(line for line in table.splitlines() if line.startswith(f"{undated['id']} "))
    assert "CTW" in row


# ------------------------------------------------------------ log's command lines


def test_log_gives_command_lines_that_paste_back(office: Cli, tmp_path: Path) -> None:
    report_xlsx(tmp_path / "in", "DAM", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    reason = "ভুল মাস; it's the wrong one"
    office("report", "void", "DAM", "2021-01", "--reason", reason)
    command = runs(office, "-n", "1")[0]["command"]
    assert shlex.split(command)[-5:] == ["void", "DAM", "2021-01", "--reason", reason]
    assert command in office("log", "-n", "1").output.replace("\n", "")
    # a password in a URL is masked, and the masked line still splits into its arguments
    secret = "pa ss@word"
    office.runner.invoke(
        __import__("ngocoord.cli.app", fromlist=["app"]).app,
        ["--db", f"postgresql+psycopg://u:{secret}@127.0.0.1:1/none", "ngo", "list"],
    )
    from ngocoord.store.runs import begin_command, command

    begin_command(["--db", f"postgresql+psycopg://u:{secret}@h/db", "ngo", "add"])
    words = shlex.split(command())
    assert words[2] == "postgresql+psycopg://u:***@h/db" and secret not in command()


# ------------------------------------------------------------ undo after db prune


def test_undo_of_an_undo_refuses_a_return_whose_file_was_pruned(
    office: Cli, tmp_path: Path
) -> None:
    letter = tmp_path / "minutes.pdf"
    letter.write_bytes(b"%PDF-1.4 minutes")
    office(
        "return", "receive", str(letter), "--kind", "upazila-minutes", "--from", "বিরল",
        "--month", "2021-01", "--received-on", "2021-02-02",
    )  # fmt: skip
    kept = next(p for p in (tmp_path / "register-files").rglob("*") if p.is_file())
    received = runs(office, "-n", "1")[0]["run"]
    office("undo", str(received), "--yes")
    undo_run = runs(office, "-n", "1")[0]["run"]
    office("db", "prune", "--yes")
    pruned = runs(office, "-n", "1")[0]["run"]
    assert not kept.exists()
    before = table_dump(office.db)
    refused = office("undo", str(undo_run), "--yes", code=1).output
    flat = " ".join(refused.split())
    assert str(kept) in refused.replace("\n", "") and f"run {pruned}" in flat
    assert "return receive" in flat and "db restore" in flat
    assert table_dump(office.db) == before
    # the file put back where it was kept: the undo goes ahead
    kept.write_bytes(b"%PDF-1.4 minutes")
    office("undo", str(undo_run), "--yes")
    conn = sqlite3.connect(office.db)
    stored = conn.execute("SELECT stored_file FROM submission").fetchall()
    conn.close()
    assert stored == [(str(kept),)]
