"""A first roster import of many NGOs: its tables' secondary indexes are built once at the end,
in the import's transaction, and everything else is as for a small import."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, RosterFile, table_dump

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
