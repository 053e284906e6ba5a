"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel
from typer.testing import CliRunner

import ngocoord.store.models
from ngocoord.cli.app import app
from ngocoord.store import db


def test_empty_database_to_head_matches_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    register = db.create_register(url)
    try:
        with register.engine.connect() as conn:
            assert db.current_revision(conn) == db.SCHEMA_REVISION
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
    finally:
        register.close()


def test_migrations_form_one_line(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(db.alembic_config())
    assert scripts.get_heads() == [db.SCHEMA_REVISION]  # bump SCHEMA_REVISION with each one
    assert [r.revision for r in scripts.walk_revisions()][-1] == "0001"


def test_each_migrations_docstring_names_its_own_revisions() -> None:
    """The "Revision ID:" and "Revises:" lines a reader goes by say what Alembic goes by."""
    import ast

    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(db.alembic_config())
    seen = []
    for script in scripts.walk_revisions():
        assert script.path is not None
        source = Path(script.path).read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(source)) or ""
        said = dict(
            line.split(":", 1)
            for line in doc.splitlines()
            if line.startswith(("Revision ID:", "Revises:"))
        )
        down = script.down_revision or ""
        if isinstance(down, tuple | list):  # a merge: Alembic writes "Revises: a, b"
            down = ", ".join(down)
        assert (said.get("Revision ID", "").strip(), said.get("Revises", "").strip()) == (
            script.revision,
            down,
        ), f"{Path(script.path).name}: the docstring says {said}"
        seen.append(script.revision)
    assert "0012" in seen and "0001" in seen


PG_URL = os.environ.get("NGOCOORD_TEST_POSTGRES")
ENGINES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="set NGOCOORD_TEST_POSTGRES to a database URL"),
    ),
]


@pytest.fixture
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite'}"
    assert PG_URL
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


def cli(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", url, *args])
    assert result.exit_code == 0, f"{result.output}\n{result.exception!r}"
    return result.output


def compare(url: str) -> list[Any]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            assert db.current_revision(conn) == db.SCHEMA_REVISION
            return list(compare_metadata(MigrationContext.configure(conn), SQLModel.metadata))
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_empty_to_head_on_each_engine(url: str) -> None:
    db.create_register(url).close()
    assert compare(url) == []


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_the_previous_revision_with_two_current_versions(url: str, tmp_path: Path) -> None:
    """A register on 0003 that two imports at once left with two current "version 1" rows per
    NGO-month: the upgrade keeps the newest current, the other in the history, and the schema
    is then the models'."""
    from alembic import command
    from sqlalchemy import text

    cli(url, "init", "--district", "দিনাজপুর")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    roster = tmp_path / "roster.csv"
    roster.write_text("এনজিও কোড,সংস্থার নাম\nMBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র\nCTW,কাম-টু-ওয়ার্ক\n")
    cli(url, "ngo", "import", str(roster))
    for code in ("MBSK", "CTW"):
        (inbox / f"2021-01_{code}.csv").write_text(
            f"এনজিও কোড,{code}\nপ্রতিবেদনের মাস,2021-01\n\nপ্রকল্পের নাম,উপকারভোগী নারী\nশিক্ষা,১২\n",
            encoding="utf-8",
        )
    cli(url, "report", "import", str(inbox), "--received-on", "2021-02-05")
    engine = db.make_engine(url)
    columns = (
        "kind_id, office_id, ngo_id, unit_office_id, month, version, is_current, received_on, "
        "source_file, imported_at, imported_by"
    )
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0003")
        with engine.begin() as conn:
            assert db.current_revision(conn) == "0003"
            conn.execute(
                text(
                    f"INSERT INTO submission ({columns}, content_hash) "
                    f"SELECT {columns}, content_hash || 'x' FROM submission"
                )
            )
    finally:
        engine.dispose()
    assert "from schema 0003 to" in cli(url, "db", "upgrade")
    assert compare(url) == []
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT ngo_id, id, is_current FROM submission ORDER BY ngo_id, id")
            ).all()
    finally:
        engine.dispose()
    by_ngo: dict[int, list[bool]] = {}
    for ngo_id, _, is_current in rows:
        by_ngo.setdefault(ngo_id, []).append(bool(is_current))
    assert list(by_ngo.values()) == [[False, True], [False, True]]
    assert "Expected 2: 2 on time" in cli(
        url, "check", "--kind", "ngo-report", "--month", "2021-01", "--as-of", "2021-02-10"
    )


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_upgrade_is_refused_while_an_import_writes(url: str) -> None:
    """An import holds the writers' lock for its whole run; `db upgrade` refuses, exit 1."""
    cli(url, "init", "--district", "দিনাজপুর")
    with db.writing(url):
        result = CliRunner().invoke(app, ["--db", url, "db", "upgrade"])
    assert result.exit_code == 1, result.output
    assert "`db upgrade` refused: another ngocoord is writing" in result.output
    assert "already on schema" in cli(url, "db", "upgrade")


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0004_confirmed_minutes_stay_confirmed(url: str, tmp_path: Path) -> None:
    """0006 turns previous_confirmed into previous_minutes: true is "confirmed", false is
    not recorded; the meetings and their items are kept, their items not marked standard."""
    import json

    from alembic import command
    from sqlalchemy import text

    cli(url, "init", "--district", "দিনাজপুর")
    roster = tmp_path / "roster.csv"
    roster.write_text("এনজিও কোড,সংস্থার নাম\nMBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র\nCTW,কাম-টু-ওয়ার্ক\n")
    cli(url, "ngo", "import", str(roster))
    cli(url, "config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    cli(url, "meeting", "new", "--date", "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    cli(url, "meeting", "new", "--date", "2021-03-10")
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0004")
        with engine.begin() as conn:
            assert db.current_revision(conn) == "0004"
            conn.execute(text("UPDATE meeting SET previous_confirmed = true WHERE id = 1"))
    finally:
        engine.dispose()
    assert "from schema 0004 to" in cli(url, "db", "upgrade")
    assert compare(url) == []
    first, second = (
        json.loads(cli(url, "meeting", "show", str(i), "--format", "json")) for i in (1, 2)
    )
    assert (first["previous_minutes"], first["previous_confirmed"]) == ("confirmed", True)
    assert (second["previous_minutes"], second["previous_confirmed"]) == (None, False)
    assert [i["standard"] for i in first["items"]] == [None, None]
    assert "কার্যবিবরণী দৃঢ় করা হয়" in first["opening"] or first["opening"] == ""


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0004_the_receipts_index_is_added(url: str) -> None:
    """A register on 0004 upgrades to 0007, which adds the covering index of the check exactly
    as the models describe it."""
    from alembic import command
    from sqlalchemy import inspect

    cli(url, "init", "--district", "দিনাজপুর")
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0004")
        names = {ix["name"] for ix in inspect(engine).get_indexes("submission")}
        assert "ix_submission_receipts" not in names
    finally:
        engine.dispose()
    assert "from schema 0004 to" in cli(url, "db", "upgrade")
    assert compare(url) == []
    engine = db.make_engine(url)
    try:
        found = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("submission")}
        assert found["ix_submission_receipts"] == list(ngocoord.store.models.RECEIPT_COLUMNS)
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0007_audit_rows_are_grouped_into_runs(url: str) -> None:
    """A register on 0007 upgrades to runs: its audit rows become one run per command line,
    user and second, each row in its run, and the schema is then the models'."""
    import json

    from alembic import command
    from sqlalchemy import text

    cli(url, "init", "--district", "দিনাজপুর")
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0007")
            conn.execute(text("DELETE FROM audit"))
            rows = [
                ("2021-02-01 10:00:00.100", "clerk", "ngocoord ngo import a.xlsx", "ngo"),
                ("2021-02-01 10:00:00.900", "clerk", "ngocoord ngo import a.xlsx", "ngo"),
                ("2021-02-01 10:00:00.950", "clerk", "ngocoord ngo import a.xlsx", "membership"),
                ("2021-02-01 10:00:01.000", "clerk", "ngocoord ngo import a.xlsx", "ngo"),
                ("2021-02-01 10:00:00.500", "other", "ngocoord ngo import a.xlsx", "ngo"),
            ]
            for at, user, line, table_name in rows:
                conn.execute(
                    text(
                        "INSERT INTO audit (at, os_user, command, table_name, row_key, action) "
                        "VALUES (:at, :user, :line, :t, 'MBSK', 'insert')"
                    ),
                    {"at": at, "user": user, "line": line, "t": table_name},
                )
    finally:
        engine.dispose()
    cli(url, "db", "upgrade")
    assert compare(url) == []
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            runs = conn.execute(
                text("SELECT id, os_user, outcome, changes FROM run ORDER BY id")
            ).all()
            members = conn.execute(text("SELECT run_id FROM audit ORDER BY id")).scalars().all()
    finally:
        engine.dispose()
    grouped = [(user, json.loads(changes)) for _, user, _, changes in runs[:3]]
    assert grouped == [
        ("clerk", {"membership": 1, "ngo": 2}),
        ("clerk", {"ngo": 1}),
        ("other", {"ngo": 1}),
    ]
    ids = [r[0] for r in runs]
    assert members[:5] == [ids[0], ids[0], ids[0], ids[1], ids[2]]
    assert len(runs) == 4 and runs[3][1] != "other"  # and the upgrade's own run


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0007_every_kind_stays_on_and_nothing_was_sent(url: str) -> None:
    """A register on 0007 upgrades to 0010: its return kinds (one of the office's own too) are
    on, and can be switched off; minutes_sent is there, empty."""
    import json

    from alembic import command
    from sqlalchemy import inspect, text

    cli(url, "init", "--district", "দিনাজপুর")
    cli(url, "return", "add-kind", "training-report", "--title", "প্রশিক্ষণ", "--from", "ngo",
        "--due-day", "10")  # fmt: skip
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0007")
        assert "minutes_sent" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    assert "from schema 0007 to" in cli(url, "db", "upgrade")
    assert compare(url) == []
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            kinds = conn.execute(text("SELECT name, enabled FROM return_kind ORDER BY id")).all()
            assert conn.execute(text("SELECT count(*) FROM minutes_sent")).scalar() == 0
    finally:
        engine.dispose()
    assert [(name, bool(on)) for name, on in kinds] == [
        ("ngo-report", True),
        ("upazila-minutes", True),
        ("training-report", True),
    ]
    cli(url, "return", "disable-kind", "upazila-minutes")  # else 13 upazilas are overdue
    checked = cli(url, "check", "--month", "2021-01", "--as-of", "2021-02-20", "--format", "json")
    assert [c["kind"] for c in json.loads(checked)["checks"]] == ["ngo-report", "training-report"]


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0012_name_keys_stored_by_the_old_rule_are_made_again(
    url: str, tmp_path: Path
) -> None:
    """A register on 0012 whose NGO was keyed before bidi controls left the key (its name
    pasted with a right-to-left mark): the upgrade keys it by today's rule, so a report naming
    it without the mark finds it; an NGO keyed by today's rule already is not touched."""
    from alembic import command
    from sqlalchemy import text

    from ngocoord import names

    marked = "আলোর\u200f পথ"  # as pasted from a web page
    cli(url, "init", "--district", "দিনাজপুর")
    roster = tmp_path / "roster.csv"
    roster.write_text(f"এনজিও কোড,সংস্থার নাম\nALO,{marked}\nCTW,কাম-টু-ওয়ার্ক\n", encoding="utf-8")
    cli(url, "ngo", "import", str(roster))
    old_key = "আলোর\u200f পথ"  # the rule then: NFC, no zero-width characters, but bidi kept
    assert names.name_key(marked) == "আলোর পথ" != old_key
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0012")
        with engine.begin() as conn:
            conn.execute(text("UPDATE ngo SET name_key = :k WHERE code = 'ALO'"), {"k": old_key})
            before = dict(conn.execute(text("SELECT code, name_key FROM ngo")).all())
    finally:
        engine.dispose()
    assert "from schema 0012 to" in cli(url, "db", "upgrade")
    assert compare(url) == []
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            after = dict(conn.execute(text("SELECT code, name_key FROM ngo")).all())
    finally:
        engine.dispose()
    assert after == {**before, "ALO": "আলোর পথ"}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "january.csv").write_text(
        "সংস্থার নাম,আলোর পথ\nপ্রতিবেদনের মাস,2021-01\n\nপ্রকল্পের নাম,উপকারভোগী নারী\nশিক্ষা,১২\n",
        encoding="utf-8",
    )
    out = cli(url, "report", "import", str(inbox), "--received-on", "2021-02-05")
    assert "ALO" in out and "1 imported" in " ".join(out.split())


def test_undo_puts_back_a_name_keyed_by_today_s_rule(tmp_path: Path) -> None:
    """An NGO's names put back by undo from a state recorded before the rule changed (its key
    with the right-to-left mark in it, as then): the key stored is today's, so the name is
    found again."""
    import json
    import sqlite3

    path = tmp_path / "register.sqlite"
    url = f"sqlite:///{path}"
    cli(url, "init", "--district", "দিনাজপুর")
    cli(url, "ngo", "add", "--code", "ALO", "--name-bn", "আলোর\u200f পথ", "--joined", "2021-01-01")
    cli(url, "ngo", "edit", "ALO", "--name-bn", "নতুন আলো")
    conn = sqlite3.connect(path)
    try:
        (run_id,) = conn.execute("SELECT max(run_id) FROM audit").fetchone()
        for audit_id, prior in conn.execute(
            "SELECT id, prior FROM audit WHERE run_id = ? AND table_name = 'ngo'", (run_id,)
        ).fetchall():
            state = json.loads(prior)
            state.get("ngo", state)["name_key"] = "আলোর\u200f পথ"
            conn.execute("UPDATE audit SET prior = ? WHERE id = ?", (json.dumps(state), audit_id))
        conn.commit()
    finally:
        conn.close()
    cli(url, "undo", str(run_id), "--yes")
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT name_bn, name_key FROM ngo WHERE code = 'ALO'").fetchone()
    finally:
        conn.close()
    assert row == ("আলোর\u200f পথ", "আলোর পথ")
