"""Runs, `log`, `undo`, `ngo history` and `db prune`: the clerk's questions of the audit log
("what did yesterday's import change?", "put it back"), on real registers through the CLI."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_ROWS, Cli, RosterFile, report_csv, table_dump

KEPT = ("audit", "run")  # what an undo adds to; every other table must be as before


def register_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    return {t: rows for t, rows in table_dump(db).items() if t not in KEPT}


def runs(cli: Cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli("log", "--format", "json", *args).output)


def last_run(cli: Cli) -> int:
    return int(runs(cli, "-n", "1")[0]["run"])


def second_roster(roster_file: RosterFile) -> Path:
    """The seed roster with MBSK's mobile and areas changed, CTW's registration renumbered,
    and a new NGO."""
    rows = copy.deepcopy(SEED_ROWS)
    rows[0][5] = "01799999999"
    rows[0][6] = "বিরল"
    rows[1][9] = "০৯৯৯/১৪.০৩.১৯৯৪"
    rows.append(["৪", "ব্র্যাক", "BRAC", None, None, None, "বিরল", None, None, None, None])
    return roster_file(rows, name="second.xlsx")


def test_roster_import_undone_leaves_every_table_as_before(
    office: Cli, roster_file: RosterFile
) -> None:
    before = register_rows(office.db)
    office("ngo", "import", str(second_roster(roster_file)))
    run = last_run(office)
    assert register_rows(office.db) != before
    office("undo", str(run), "--yes")
    assert register_rows(office.db) == before
    # the undo is a run of its own, and undoing it brings the import back whole
    undo_run = last_run(office)
    assert f"undo {run} --yes" in runs(office, "-n", "1")[0]["command"]
    office("undo", str(undo_run), "--yes")
    again = register_rows(office.db)
    office("undo", str(last_run(office)), "--yes")
    assert register_rows(office.db) == before
    office("undo", str(last_run(office)), "--yes")
    assert register_rows(office.db) == again
    assert "BRAC" in office("ngo", "list").output


def test_undo_refused_when_a_later_run_changed_the_ngo_and_cascade(
    office: Cli, roster_file: RosterFile
) -> None:
    before = register_rows(office.db)
    office("ngo", "import", str(second_roster(roster_file)))
    imported = last_run(office)
    office("ngo", "edit", "MBSK", "--mobile", "01700000001")
    edited = last_run(office)
    office("ngo", "reg", "add", "CTW", "--authority", "DSS", "--number", "দিনা-১১/০১")
    reg = last_run(office)
    refused = office("undo", str(imported), "--yes", code=1)
    assert f"later runs changed the same rows ({reg}, {edited})" in refused.output
    unasked = office("undo", str(imported), code=1).output  # refused before any question
    assert "cannot be undone alone" in unasked and "terminal" not in unasked
    listed = office("undo", str(imported), "--cascade", code=1).output
    assert f"run {edited}: ngocoord" in listed and "ngo edit MBSK" in listed
    assert register_rows(office.db) != before
    office("undo", str(imported), "--cascade", "--yes")
    assert register_rows(office.db) == before
    assert office("undo", str(edited), "--yes", code=1).output.count("already undone") == 1


def test_undo_asks_and_without_a_terminal_changes_nothing(office: Cli) -> None:
    office("ngo", "remove", "CTW", "--on", "2021-03-01", "--reason", "বন্ধ")
    run = last_run(office)
    before = table_dump(office.db)
    out = office("undo", str(run), code=1).output
    assert "--yes" in out and "nothing was changed" in out
    assert table_dump(office.db) == before
    office("undo", str(run), "--yes")
    listed = {
        n["code"]: n["status"] for n in json.loads(office("ngo", "list", "--format", "json").output)
    }
    assert listed["CTW"] == "listed"


def figures(cli: Cli) -> Any:
    out = cli("check", "--month", "2021-01", "--format", "json", code=None).output
    return json.loads(out)


def test_report_batch_undone_check_as_before(office: Cli, tmp_path: Path) -> None:
    first = tmp_path / "first"
    report_csv(first, "MBSK", "2021-01")
    office("report", "import", str(first), "--received-on", "2021-02-05")
    before_check = figures(office)
    before = register_rows(office.db)
    batch = tmp_path / "batch"
    report_csv(batch, "MBSK", "2021-01", project="স্বাস্থ্য সেবা")  # a resubmission
    report_csv(batch, "CTW", "2021-01")
    office("report", "import", str(batch), "--received-on", "2021-02-06")
    run = last_run(office)
    assert figures(office) != before_check
    changes = json.loads(office("log", str(run), "--format", "json").output)
    assert {c["table"] for c in changes} == {"submission"} and all(c["run"] == run for c in changes)
    office("undo", str(run), "--yes")
    assert figures(office) == before_check
    assert register_rows(office.db) == before
    history = json.loads(office("report", "history", "MBSK", "2021-01", "--format", "json").output)
    assert [(h["version"], h["current"]) for h in history] == [(1, True)]


def test_log_run_for_each_kind_of_command(office: Cli, tmp_path: Path) -> None:
    office("ngo", "edit", "MBSK", "--mobile", "01700000001")
    office("columns", "map", "প্রধানের ফোন", "mobile", "--for", "roster")
    office("config", "set", "chair.name", "জনাব ক")
    report_csv(tmp_path / "in", "DAM", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    office("report", "void", "DAM", "2021-01", "--reason", "ভুল মাস")
    listed = runs(office, "-n", "100")
    assert [r["run"] for r in listed] == sorted((r["run"] for r in listed), reverse=True)
    for r in listed:
        assert r["started"].endswith("+06:00") and r["outcome"] == "ok" and r["user"]
        rows = json.loads(office("log", str(r["run"]), "--format", "json").output)
        assert {x["run"] for x in rows} == {r["run"]}
        assert {x["table"] for x in rows} == set(r["changes"]) and all(r["changes"].values())
    edit = next(r for r in listed if "ngo edit" in r["command"])
    table = office("log", str(edit["run"])).output
    assert "মোবাইল নম্বর" in table and "01700000001" in table
    assert [r["run"] for r in runs(office, "--command", "report void")] == [listed[0]["run"]]
    assert {r["run"] for r in runs(office, "--month", "2021-01")} == {
        listed[0]["run"],
        listed[1]["run"],
    }
    assert edit["run"] in {r["run"] for r in runs(office, "--ngo", "MBSK")}
    rows = json.loads(office("log", "--changes", "--table", "ngo", "--format", "json").output)
    assert rows[0]["run"] == edit["run"]
    # each of these is undone and the register is as it was before it
    mapped = next(r for r in listed if "columns map" in r["command"])
    for r in [*listed[:2], mapped, edit]:
        office("undo", str(r["run"]), "--yes")
    listed_now = json.loads(office("ngo", "list", "--format", "json").output)
    assert next(n["mobile"] for n in listed_now if n["code"] == "MBSK") == "01712345678"
    assert json.loads(office("columns", "list", "--format", "json").output) == []
    assert not json.loads(office("report", "list", "--month", "2021-01", "--format", "json").output)
    # a setting's change keeps no state before it: undo says so and changes nothing
    setting = next(r["run"] for r in listed if "config" in r["command"])
    refused = office("undo", str(setting), "--yes", code=1).output
    assert "cannot be undone" in refused and "setting" in refused


def test_times_are_dhaka_on_a_utc_machine(register: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    from datetime import UTC, datetime, timedelta

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    register("ngo", "add", "--name-bn", "নতুন সংস্থা", "--code", "NTN")
    run = runs(register, "-n", "1")[0]
    started = datetime.fromisoformat(run["started"])
    assert started.utcoffset() == timedelta(hours=6)
    assert abs(datetime.now(UTC) - started) < timedelta(minutes=5)
    conn = sqlite3.connect(register.db)
    stored = conn.execute("SELECT started FROM run WHERE id = ?", (run["run"],)).fetchone()[0]
    conn.close()
    assert datetime.fromisoformat(stored).replace(tzinfo=UTC, microsecond=0) == started


def test_ngo_history_and_a_rollback_leaves_no_run(office: Cli, tmp_path: Path) -> None:
    count = len(runs(office, "-n", "100"))
    office("ngo", "edit", "MBSK", "--mobile", "not a number", code=1)
    assert len(runs(office, "-n", "100")) == count
    office("ngo", "edit", "MBSK", "--mobile", "01700000001")
    report_csv(tmp_path / "in", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    history = json.loads(office("ngo", "history", "MBSK", "--format", "json").output)
    tables = [h["table"] for h in history]
    assert tables[0] == "ngo" and "submission" in tables
    assert [h["run"] for h in history] == sorted(h["run"] for h in history)


def test_prune_removes_kept_files_no_return_names(office: Cli, tmp_path: Path) -> None:
    letter = tmp_path / "minutes.pdf"
    letter.write_bytes(b"%PDF-1.4 minutes")
    office(
        "return",
        "receive",
        str(letter),
        "--kind",
        "upazila-minutes",
        "--from",
        "বিরল",
        "--month",
        "2021-01",
        "--received-on",
        "2021-02-02",
    )
    kept = [p for p in (tmp_path / "register-files").rglob("*") if p.is_file()]
    assert len(kept) == 1
    assert "nothing to delete" in office("db", "prune", "--yes").output
    office("undo", str(last_run(office)), "--yes")
    assert kept[0].exists()  # an undo never deletes a kept file
    assert office("db", "prune", code=1).output.count("--yes") == 1
    office("db", "prune", "--yes")
    assert not kept[0].exists()
    assert runs(office, "-n", "1")[0]["changes"] == {"register": 1}


def test_secrets_never_in_runs_or_audit(office: Cli) -> None:
    """The SMTP password set, and a command line holding a URL with a password: neither is in
    a run or an audit row (nor shown by `log`)."""
    secret = "s3cret-Pa55"
    office("config", "set", "smtp.password", secret, code=1)  # refused, and no run of it
    office("ngo", "edit", "MBSK", "--mobile", "01700000001", "--notes", "চিঠি পাঠানো হয়েছে")
    office.runner.invoke(
        __import__("ngocoord.cli.app", fromlist=["app"]).app,
        ["--db", f"postgresql+psycopg://u:{secret}@127.0.0.1:1/none", "ngo", "list"],
    )
    kept = json.dumps({t: table_dump(office.db)[t] for t in KEPT}, ensure_ascii=False, default=str)
    assert secret not in kept
    assert secret not in office("log", "--changes", "-n", "100", "--format", "json").output
    assert secret not in office("log", str(last_run(office) - 1)).output


def test_backup_and_restore_keep_the_audit_whole(office: Cli, tmp_path: Path) -> None:
    office("ngo", "edit", "MBSK", "--mobile", "01700000001")
    before = {t: r for t, r in table_dump(office.db).items() if t in KEPT}
    office("db", "backup", str(tmp_path / "copy.sqlite"))
    office("ngo", "edit", "MBSK", "--mobile", "01700000002")
    office("db", "restore", str(tmp_path / "copy.sqlite"))
    after = table_dump(office.db)
    for name in KEPT:
        assert set(before[name]) <= set(after[name])
    assert "db restore" in runs(office, "-n", "1")[0]["command"]


@pytest.mark.skipif(
    not os.environ.get("NGOCOORD_TEST_POSTGRES"), reason="set NGOCOORD_TEST_POSTGRES"
)
def test_roster_import_undone_on_postgres(roster_file: RosterFile) -> None:
    from sqlalchemy import create_engine, text

    url = os.environ["NGOCOORD_TEST_POSTGRES"]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))

    def dump() -> dict[str, list[Any]]:
        with engine.connect() as conn:
            names = [
                r[0]
                for r in conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            ]
            return {
                n: sorted(map(repr, conn.execute(text(f'SELECT * FROM "{n}"'))))
                for n in names
                if n not in (*KEPT, "alembic_version")
            }

    pg = Cli(url)  # type: ignore[arg-type]
    pg("init", "--district", "দিনাজপুর")
    pg("ngo", "import", str(roster_file()))
    before = dump()
    pg("ngo", "import", str(second_roster(roster_file)))
    run = last_run(pg)
    pg("ngo", "edit", "MBSK", "--mobile", "01700000001")
    assert "later runs" in pg("undo", str(run), "--yes", code=1).output
    pg("undo", str(run), "--yes", "--cascade")
    assert dump() == before
    pg("undo", str(last_run(pg)), "--yes")
    assert "BRAC" in pg("ngo", "list").output
    from ngocoord.masking import password_of

    secret = password_of(url)
    with engine.connect() as conn:
        commands = [r[0] for r in conn.execute(text("SELECT command FROM run"))]
    assert commands and all("***" in c for c in commands)
    assert not secret or all(secret not in c for c in commands)
    engine.dispose()


@pytest.mark.xfail(
    strict=True,
    reason="known: the undo of an undo restores a decision before the removal its meeting made, "
    "so 'সকল এনজিও' links the removed NGO again (meeting show warns; meeting relink mends it)",
)
def test_meeting_edit_and_decision_done_undone(office: Cli, tmp_path: Path) -> None:
    """A meeting document (items, decisions with implementers, a removal by decision) and a
    decision marked done: each undone leaves the register as before it; the undo undone
    gives the edit back."""
    from test_meetings import doc_for

    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    out = office("meeting", "new", "--date", "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    meeting = int(out.output.split()[1])
    before = register_rows(office.db)
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(meeting), encoding="utf-8")
    office("meeting", "edit", str(meeting), "--file", str(path), "--replace")
    edit = last_run(office)
    shown = office("meeting", "show", str(meeting), "--format", "json").output
    edited = register_rows(office.db)
    decision = json.loads(office("decisions", "--format", "json").output)[0]["id"]
    office("decision", "done", str(decision), "--note", "সম্পন্ন")
    office("undo", str(last_run(office)), "--yes")
    assert register_rows(office.db) == edited
    office("undo", str(edit), "--yes")
    assert register_rows(office.db) == before
    office("undo", str(last_run(office)), "--yes")
    assert office("meeting", "show", str(meeting), "--format", "json").output == shown


def test_finalised_minutes_are_not_changed_by_undo_but_follow_up_is(
    office: Cli, tmp_path: Path
) -> None:
    """After the minutes are finalised, undoing a decision's edit made before is refused,
    naming reopen, though no later run touched that decision; a decision marked done after
    them is still undone (follow-up goes on after signing); once reopened, the edit is undone."""
    from test_meetings import doc_for

    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    out = office("meeting", "new", "--date", "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    meeting = int(out.output.split()[1])
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(meeting), encoding="utf-8")
    office("meeting", "edit", str(meeting), "--file", str(path), "--replace")
    listed = json.loads(office("decisions", "--format", "json").output)
    edited, other = listed[-1]["id"], listed[0]["id"]
    office("decision", "edit", str(edited), "--text", "সভায় সংশোধিত সিদ্ধান্ত")
    edit = last_run(office)
    written = register_rows(office.db)["decision"]
    office("meeting", "finalise", str(meeting))
    office("decision", "done", str(other), "--note", "সম্পন্ন")
    done = last_run(office)
    signed = register_rows(office.db)
    said = " ".join(office("undo", str(edit), "--yes", code=1).output.split())
    assert f"of meeting {meeting}, whose minutes are finalised; nothing was changed" in said
    assert f"meeting reopen {meeting}" in said
    assert register_rows(office.db) == signed
    office("undo", str(done), "--yes")
    assert register_rows(office.db)["decision"] == written
    office("meeting", "reopen", str(meeting), "--reason", "ভুল সিদ্ধান্ত")
    office("undo", str(edit), "--yes")
    texts = {d["id"]: d["text"] for d in json.loads(office("decisions", "--format", "json").output)}
    assert texts[edited] == listed[-1]["text"]


def test_a_rolled_back_transaction_leaves_no_run(register: Cli) -> None:
    """The run is written with the command's first audit row: when that transaction rolls
    back, so does the run, and the next transaction that writes opens it again."""
    from ngocoord.store import audit, runs
    from ngocoord.store.db import open_register

    opened = open_register(f"sqlite:///{register.db}")
    runs.begin_command(["ngo", "edit", "X"])
    try:
        with pytest.raises(RuntimeError), opened.session() as s:
            audit.record(s, "ngo", "X", "update", {"mobile": None}, {"mobile": "01700000001"})
            raise RuntimeError("stopped half-way")
        with opened.session() as s:
            audit.record(s, "ngo", "Y", "update", {"mobile": None}, {"mobile": "01700000002"})
        runs.finish("ok")
    finally:
        opened.close()
    conn = sqlite3.connect(register.db)
    made = conn.execute(
        "SELECT id, outcome, changes FROM run WHERE command LIKE '%edit X'"
    ).fetchall()
    keys = conn.execute("SELECT row_key, run_id FROM audit WHERE table_name = 'ngo'").fetchall()
    conn.close()
    assert [(outcome, json.loads(changes)) for _, outcome, changes in made] == [("ok", {"ngo": 1})]
    assert keys == [("Y", made[0][0])]


def test_undo_of_a_locked_months_versions_needs_a_reason(office: Cli, tmp_path: Path) -> None:
    """A batch imported, then January locked after review: undoing the batch would change the
    reviewed figures, so it is refused naming the lock and changes nothing; with
    --unlock-reason it goes through and the month shows it as changed after review."""
    report_csv(tmp_path / "in", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    run = last_run(office)
    office("lock", "2021-01", "--reason", "সভায় পর্যালোচিত")
    before = table_dump(office.db)
    refused = " ".join(office("undo", str(run), "--yes", code=1).output.split())
    assert "2021-01 is locked" in refused and "--unlock-reason" in refused
    assert table_dump(office.db) == before
    office("undo", str(run), "--yes", "--unlock-reason", "ভুল ফাইল আমদানি")
    assert not json.loads(office("report", "list", "--month", "2021-01", "--format", "json").output)
    checked = office("check", "--month", "2021-01", "--kind", "ngo-report", "--as-of",
                     "2021-02-20", "--format", "json", code=None).output  # fmt: skip
    (changed,) = json.loads(checked)["checks"][0]["changed_after_review"]
    assert changed["unit"] == "MBSK" and changed["reason"] == "ভুল ফাইল আমদানি"
    assert changed["change"].startswith("version 1 removed by undo ")  # what the undo did


def test_an_ngo_edit_is_undone_after_its_returns_changed(office: Cli, tmp_path: Path) -> None:
    """Returns imported and undone after an NGO's mobile changed are no conflict for undoing
    that change: only an NGO the undo would remove cannot leave returns behind."""
    office("ngo", "edit", "MBSK", "--mobile", "01700000001")
    edit = last_run(office)
    report_csv(tmp_path / "in", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05")
    office("undo", str(last_run(office)), "--yes")
    office("undo", str(edit), "--yes")
    shown = json.loads(office("ngo", "show", "MBSK", "--format", "json").output)
    assert shown["mobile"] == "01712345678"


def test_a_batch_let_through_a_lock_and_the_lock_itself_are_undone(
    office: Cli, tmp_path: Path
) -> None:
    office("lock", "2021-01", "--reason", "সভায় পর্যালোচিত")
    locked = last_run(office)
    assert [r["run"] for r in runs(office, "--month", "2021-01")] == [locked]
    report_csv(tmp_path / "in", "MBSK", "2021-01")
    office("report", "import", str(tmp_path / "in"), "--received-on", "2021-02-05",
           "--unlock-reason", "দেরিতে এসেছে")  # fmt: skip
    batch = last_run(office)
    office("undo", str(batch), "--yes", "--unlock-reason", "ভুল করে আমদানি")
    assert not json.loads(office("report", "list", "--month", "2021-01", "--format", "json").output)
    office("unlock", "2021-01", "--reason", "আবার পর্যালোচনা")
    assert json.loads(office("locks", "--format", "json").output) == []
    office("undo", str(last_run(office)), "--yes")  # the unlock undone: locked again
    (held,) = json.loads(office("locks", "--format", "json").output)
    assert held["month"] == "2021-01" and held["reason"] == "সভায় পর্যালোচিত"
    office("undo", str(locked), "--yes")  # the unlock and its undo cancel out: no conflict
    assert json.loads(office("locks", "--format", "json").output) == []
