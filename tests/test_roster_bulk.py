"""A first roster import of many NGOs: its tables' secondary indexes are built once at the end,
in the import's transaction, and everything else is as for a small import."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import ROSTER_HEADERS, Cli, RosterFile, table_dump
from openpyxl import load_workbook

from ngocoord.register import roster_writes

UPAZILAS = ["দিনাজপুর সদর", "বিরল", "বিরামপুর", "বীরগঞ্জ", "বোচাগঞ্জ", "চিরিরবন্দর"]


def many_rows(count: int) -> list[list[Any]]:
    """`count` distinct NGOs, with upazilas, a mobile and registrations on some."""
    return [
        [
            str(i),
            f"উন্নয়ন সংস্থা {i}",
            f"Unnayan Sangstha {i} (U{i:05d})",
            "মোঃ আব্দুল হাকিম",
            "নির্বাহী পরিচালক",
            f"017{i:08d}",
            ", ".join(UPAZILAS[i % 6 : i % 6 + 1 + i % 2]),
            "শিক্ষা",
            str(1980 + i % 40),
            f"{1000 + i}/2{i % 9 + 1}.0{i % 9 + 1}.2004" if i % 3 else None,
            f"দিনা-{i}/99" if i % 2 else None,
        ]
        for i in range(1, count + 1)
    ]


def indexes(db: Path) -> list[tuple[str, str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return sorted(
            conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'")
        )
    finally:
        conn.close()


def test_a_first_import_of_many_keeps_every_index_and_is_undone_whole(
    register: Cli, roster_file: RosterFile
) -> None:
    count = roster_writes.MANY_NEW + 5
    path = roster_file(many_rows(count), name="many.xlsx")
    before, schema = table_dump(register.db), indexes(register.db)
    result = register("ngo", "import", str(path))
    assert f"{count} were added" in result.output
    run = json.loads(register("log", "--format", "json", "-n", "1").output)[0]["run"]
    assert indexes(register.db) == schema  # the same indexes, made again from the models
    conn = sqlite3.connect(register.db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (audited,) = conn.execute(
            "SELECT count(DISTINCT row_id) FROM audit WHERE table_name = 'ngo' "
            "AND action = 'insert' AND row_id IN (SELECT id FROM ngo)"
        ).fetchone()
        assert audited == count  # one audit row per NGO, each naming it
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM ngo WHERE name_key = 'x'").fetchall()
        assert "ix_ngo_name_key" in str(plan)
    finally:
        conn.close()
    shown = json.loads(register("ngo", "show", "U00004", "--format", "json").output)
    assert shown["upazilas"] == [UPAZILAS[4]] and shown["mobile"] == "01700000004"
    assert {r["authority"] for r in shown["registrations"]} == {"NGOAB"}
    again = register("ngo", "import", str(path))
    assert f"0 were added, 0 were changed, {count} unchanged" in again.output
    register("undo", str(run), "--yes")
    after = {t: rows for t, rows in table_dump(register.db).items() if t not in ("audit", "run")}
    assert after == {t: rows for t, rows in before.items() if t not in ("audit", "run")}
    assert indexes(register.db) == schema


def test_a_first_import_of_many_that_fails_while_writing_leaves_the_register_whole(
    register: Cli, roster_file: RosterFile
) -> None:
    from ngocoord.intake.roster_file import import_roster
    from ngocoord.store.db import open_register

    path = roster_file(many_rows(roster_writes.MANY_NEW + 5), name="many.xlsx")
    conn = sqlite3.connect(register.db)
    try:  # the last rows the import writes are refused by the register itself
        conn.execute(
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit WHEN NEW.row_key = 'U01005' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
        conn.commit()
    finally:
        conn.close()
    before, schema = table_dump(register.db), indexes(register.db)
    opened = open_register(f"sqlite:///{register.db}")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="refused"), opened.session() as s:
            import_roster(s, path)
    finally:
        opened.close()
    assert indexes(register.db) == schema
    assert table_dump(register.db) == before


def rows_of_every_kind(count: int) -> list[list[Any]]:
    """many_rows with, in both halves, what a clerk's roster also holds: a bad mobile, an
    unknown upazila, a control character, a blank name, a year as a number, a date joined,
    list periods, a kept column, the same NGO twice."""
    rows = [[*row, None, None, None] for row in many_rows(count)]
    for i, row in enumerate(rows):
        row[8] = 1980 + i % 40 if i % 4 == 0 else row[8]  # a number cell, not text
        row[11] = f"০{i % 9 + 1}.০১.২০২{i % 4}" if i % 5 == 1 else None
        row[12] = "2019-07-01–2021-03-31; 2022-01-01–" if i % 7 == 3 else None
        row[13] = f"মন্তব্য {i % 3}" if i % 2 else None
    for at in (3, count - 4):
        rows[at][5] = "12345"  # a mobile of five digits
        rows[at + 1][6] = "ঢাকা সদর"  # no upazila of Dinajpur
        rows[at + 2][1] = "উন্নয়ন\x9bসংস্থা"  # a control character (CSI)
        rows[at + 3][1] = rows[at + 3][2] = None  # no name
    rows[-1] = list(rows[count // 2 - 1])  # the same NGO as a row of the first half
    return rows


@pytest.mark.parametrize("worker_dies", [False, True])
def test_a_long_roster_parsed_in_two_processes_is_read_as_in_one(
    tmp_path: Path, roster_file: RosterFile, monkeypatch: pytest.MonkeyPatch, worker_dies: bool
) -> None:
    """Past PARALLEL_FROM rows a forked worker parses the later half: the register, the
    audit trail, the messages and the rejected rows are as when one process parses all;
    a worker that dies leaves its rows to this process."""
    import os

    from ngocoord.intake import roster_cells

    headers = [*ROSTER_HEADERS, "তালিকাভুক্তির তারিখ", "তালিকায় থাকার সময়কাল", "মন্তব্য"]
    path = roster_file(rows_of_every_kind(60), name="kinds.xlsx", headers=headers)
    answered: list[bool] = []
    results = roster_cells._Worker.results

    def noted(worker: Any) -> Any:
        found = results(worker)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(roster_cells._Worker, "results", noted)
    monkeypatch.setattr(roster_cells, "_spare_core", lambda: True)  # however busy the machine
    if worker_dies:
        monkeypatch.setattr(roster_cells, "_parse_later", lambda *_: os._exit(3))
    seen = []
    for parallel_from in (10, 1_000_000):
        monkeypatch.setattr(roster_cells, "PARALLEL_FROM", parallel_from)
        cli = Cli(tmp_path / f"from-{parallel_from}.sqlite")
        cli("init", "--district", "দিনাজপুর")
        for earlier in path.parent.glob("kinds.rejected*.xlsx"):  # each pass names them afresh
            earlier.unlink()
        refused = cli("ngo", "import", str(path), code=1).output
        taken = cli("ngo", "import", str(path), "--skip-invalid", code=1).output
        dump = table_dump(cli.db)
        audit = [r[4:9] + r[10:] for r in dump.pop("audit")]  # not the time, command or run
        dump.pop("run")
        messages = [text.replace(str(cli.db), "DB") for text in (refused, taken)]
        # the second import's, beside the first one's (kept)
        rejected = load_workbook(path.with_name("kinds.rejected-2.xlsx")).active
        assert rejected is not None
        seen.append((messages, dump, sorted(audit, key=repr), list(rejected.values)))
    assert answered == [not worker_dies] * 2  # each import of the first register, not after
    assert seen[0] == seen[1]
    refused = seen[0][0][0]  # a problem of each kind in each half
    assert all(f"তালিকা:{row}:" in refused for row in (7, 8, 9, 10, 60, 61, 62, 63))
