"""An NGO's former codes (`ngo edit --code`): a report or roster that still carries the old
code is matched to the NGO and the import says so; a code given to another NGO later never
finds the old one; undo of the code change puts the former codes back. Real registers (SQLite,
and PostgreSQL when NGOCOORD_TEST_POSTGRES is set), the real CLI, workbooks by openpyxl."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ROWS, Cli, RosterFile, table_dump, write_xlsx
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)
from test_migrations import cli as run
from test_shown_as_recorded import report_xlsx, runs

from ngocoord.register.lookup import Lookup


def submissions(db: Path) -> list[tuple[str, str, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT ngo.code, s.month, s.version FROM submission s JOIN ngo ON ngo.id = s.ngo_id "
            "ORDER BY s.id"
        ).fetchall()
    finally:
        conn.close()


def former(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT f.code, ngo.code FROM ngo_former_code f JOIN ngo ON ngo.id = f.ngo_id "
            "ORDER BY f.code"
        ).fetchall()
    finally:
        conn.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_report_with_the_old_code_is_matched_and_said(office: Cli, tmp_path: Path) -> None:
    said = office("ngo", "edit", "MBSK", "--code", "MBSKD").output
    assert "code: MBSK → MBSKD (files that still carry MBSK are taken as MBSKD)" in said
    assert former(office.db) == [("MBSK", "MBSKD")]
    old = report_xlsx(tmp_path / "in", "MBSK", "2021-01")
    out = flat(office("report", "import", str(old), "--received-on", "2021-02-05").output)
    assert "MBSK is the former code of MBSKD" in out and "taken as MBSKD" in out
    assert "1 imported" in out
    assert submissions(office.db) == [("MBSKD", "2021-01", 1)]
    # the same report with the new code in its header, the old one in its file name: one NGO
    folder = tmp_path / "again"
    again = report_xlsx(folder, "MBSKD", "2021-01")
    again.rename(folder / "2021-01_MBSK.xlsx")
    out = office("report", "import", str(folder), "--received-on", "2021-02-05").output
    assert "1 unchanged" in out and "former code" not in out  # the hash is of the NGO now


def test_a_roster_with_the_old_code_updates_the_ngo_and_says_so(
    office: Cli, tmp_path: Path
) -> None:
    office("ngo", "edit", "CTW", "--code", "CTWD")
    headers = ["এনজিও কোড", "সংস্থার নাম", "মোবাইল নম্বর"]
    path = write_xlsx(
        tmp_path / "codes.xlsx", [["CTW", "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)", "01812000000"]], headers
    )
    out = flat(office("ngo", "import", str(path)).output)
    assert "CTW is the former code of CTWD" in out and "0 were added, 1 were changed" in out
    listed = json.loads(office("ngo", "list", "--format", "json").output)
    assert [n["code"] for n in listed] == ["CTWD", "DAM", "MBSK"]
    assert next(n for n in listed if n["code"] == "CTWD")["mobile"] == "01812000000"


def test_a_command_with_the_old_code_names_the_new_one(office: Cli) -> None:
    office("ngo", "edit", "DAM", "--code", "DAMD")
    before = table_dump(office.db)
    refused = flat(office("ngo", "show", "DAM", code=1).output)
    assert "DAM is the former code of DAMD" in refused and "Use DAMD" in refused
    assert table_dump(office.db) == before


def test_undo_of_the_code_change_puts_the_former_codes_back(office: Cli, tmp_path: Path) -> None:
    before = table_dump(office.db)
    office("ngo", "edit", "MBSK", "--code", "MBSKD")
    renamed = runs(office, "-n", "1")[0]["run"]
    office("ngo", "edit", "MBSKD", "--code", "MBSKE")  # a second change: both are former codes
    assert former(office.db) == [("MBSK", "MBSKE"), ("MBSKD", "MBSKE")]
    refused = office("undo", str(renamed), "--yes", code=1).output
    assert "later runs" in refused
    office("undo", str(renamed), "--yes", "--cascade")
    undone = runs(office, "-n", "1")[0]["run"]
    assert {t: r for t, r in table_dump(office.db).items() if t not in ("audit", "run")} == {
        t: r for t, r in before.items() if t not in ("audit", "run")
    }
    # the codes that were never MBSK's before are nobody's now
    report = report_xlsx(tmp_path / "in", "MBSKD", "2021-01")
    out = office("report", "import", str(report), "--received-on", "2021-02-05", code=1).output
    assert "'MBSKD' is not an NGO of the register" in out
    office("undo", str(undone), "--yes")  # the undo, undone: both changes are back
    assert former(office.db) == [("MBSK", "MBSKE"), ("MBSKD", "MBSKE")]


def test_a_former_code_given_to_another_ngo_never_finds_the_old_one(
    office: Cli, tmp_path: Path
) -> None:
    office("ngo", "edit", "MBSK", "--code", "MBSKD")
    before = table_dump(office.db)
    add = ("ngo", "add", "--name-bn", "মানব বিকাশ সংস্থা কেন্দ্র", "--code", "MBSK")
    refused = flat(office(*add, code=1).output)
    assert "MBSK is the former code of MBSKD" in refused and "--reuse-code" in refused
    assert table_dump(office.db) == before
    refused = flat(office("ngo", "edit", "CTW", "--code", "MBSK", code=1).output)
    assert "former code of MBSKD" in refused and table_dump(office.db) == before
    # a code made up from a name is no NGO's former code
    made = office("ngo", "add", "--name-en", "Mohila Bikash Sangstha Kendra").output
    assert "Added MBSK " not in made
    office(*add, "--reuse-code")
    assert former(office.db) == []
    report = report_xlsx(tmp_path / "in", "MBSK", "2021-01")
    out = office("report", "import", str(report), "--received-on", "2021-02-05").output
    assert "former code" not in out
    assert submissions(office.db) == [("MBSK", "2021-01", 1)]
    conn = sqlite3.connect(office.db)
    owner = conn.execute(
        "SELECT name_bn FROM ngo JOIN submission s ON s.ngo_id = ngo.id"
    ).fetchone()
    conn.close()
    assert owner == ("মানব বিকাশ সংস্থা কেন্দ্র",)


def test_renaming_back_makes_the_code_its_own_again(office: Cli) -> None:
    office("ngo", "edit", "MBSK", "--code", "MBSKD")
    office("ngo", "edit", "MBSKD", "--code", "MBSK")
    assert former(office.db) == [("MBSKD", "MBSK")]


def test_the_schema_keeps_one_ngo_per_former_code(office: Cli) -> None:
    office("ngo", "edit", "MBSK", "--code", "MBSKD")
    conn = sqlite3.connect(office.db)
    try:
        ctw = conn.execute("SELECT id FROM ngo WHERE code = 'CTW'").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO ngo_former_code (code, ngo_id, replaced_on) "
                "VALUES ('MBSK', ?, '2021-01-01')",
                (ctw,),
            )
    finally:
        conn.close()


def test_a_code_held_now_wins_over_a_former_one() -> None:
    """Whatever the former codes say, a code some NGO holds now finds that NGO."""
    rows: list[Any] = [(1, "MBSKD", "ক", None, "ক"), (2, "MBSK", "খ", None, "খ")]
    found = Lookup(rows, former=[("MBSK", 1), ("OLD", 2), ("GONE", 9)])
    assert found.code("mbsk ") is not None and found.code("MBSK").id == 2  # type: ignore[union-attr]
    assert found.renamed("MBSK") is None and found.former_used == {}
    assert found.code("OLD").code == "MBSK"  # type: ignore[union-attr]
    assert found.former_used == {"OLD": "MBSK"} and found.code("GONE") is None


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_renamed_and_undone_on_each_engine(url: str, roster_file: RosterFile) -> None:  # noqa: F811
    """From revision 0011 the upgrade adds the table; a code change and its undo on it."""
    from alembic import command
    from sqlalchemy import inspect

    from ngocoord.store import db

    run(url, "init", "--district", "দিনাজপুর")
    run(url, "ngo", "import", str(roster_file(SEED_ROWS)))
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0011")
        assert "ngo_former_code" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    assert "from schema 0011 to" in run(url, "db", "upgrade")
    assert "files that still carry MBSK" in run(url, "ngo", "edit", "MBSK", "--code", "MBSKD")
    changed = json.loads(run(url, "log", "--format", "json", "-n", "1"))[0]["run"]
    shown = run(url, "ngo", "show", "MBSKD")
    assert "MBSKD" in shown
    run(url, "undo", str(changed), "--yes")
    codes = [n["code"] for n in json.loads(run(url, "ngo", "list", "--format", "json"))]
    assert codes == ["CTW", "DAM", "MBSK"]
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            from sqlalchemy import text

            assert conn.execute(text("SELECT count(*) FROM ngo_former_code")).scalar() == 0
    finally:
        engine.dispose()


def test_a_decision_naming_the_old_code_is_refused_with_the_new(
    office: Cli, tmp_path: Path
) -> None:
    from test_meetings import doc_for, new_meeting

    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    number = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(number), encoding="utf-8")
    office("meeting", "edit", str(number), "--file", str(path), "--replace")
    office("ngo", "edit", "CTW", "--code", "CTWD")
    found = json.loads(office("decisions", "--meeting", str(number), "--format", "json").output)
    target = next(d for d in found if d["number"] == "০৪")
    before = table_dump(office.db)
    edit = ("decision", "edit", str(target["id"]), "--implementer")
    refused = flat(office(*edit, "CTW", code=1).output)
    assert "CTW is the former code of CTWD" in refused and "write CTWD" in refused
    assert table_dump(office.db) == before
    office(*edit, "CTWD")
    changed = json.loads(office("decisions", "--meeting", str(number), "--format", "json").output)
    assert next(d for d in changed if d["id"] == target["id"])["linked"] == ["CTWD"]
