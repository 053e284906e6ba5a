"""`check` reads the register through SQLAlchemy Core, its tables reflected from the register
(store/tables.py), without the ORM models; Typer's option values go through cli/coercion.py.
Both must give exactly what the slower paths give."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ngocoord.cli.app import app, command_tree

ROOT = Path(__file__).resolve().parent.parent

RUN = """
import sys
from ngocoord.cli.app import main
sys.argv = ['ngocoord', *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
orm = [m for m in ('sqlmodel', 'pydantic', 'ngocoord.store.models') if m in sys.modules]
print(','.join(orm) or 'no models', file=sys.stderr)
"""


def _command(db: Path, *args: str) -> Any:
    """The JSON of `ngocoord ARGS --format json`, run as its own process (no models loaded)."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, "--db", str(db), *args, "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert done.stderr.strip().splitlines()[-1] == "no models", done.stderr
    return json.loads(done.stdout)


def _through_the_orm(db: Path, month: str, as_of: str, upazila: str | None = None) -> Any:
    """The same figures from an ORM session and the model's kinds, as meetings and summaries
    ask for them."""
    from datetime import date

    from ngocoord.compliance import check as compliance
    from ngocoord.register import returns
    from ngocoord.store.db import open_register

    register = open_register(f"sqlite:///{db}")
    try:
        with register.session() as s:
            day = date.fromisoformat(as_of)
            checks = [
                compliance.check(s, k, month=month, as_of=day, upazila=upazila).as_dict()
                for k in returns.kinds(s)
            ]
            grid = compliance.history(
                s, returns.kind(s, returns.NGO_REPORT), first=None, last=month, as_of=day
            ).as_dict()
    finally:
        register.close()
    return {"as_of": as_of, "checks": checks}, grid


def _same_figures(db: Path, month: str, as_of: str, upazila: str | None = None) -> None:
    where = ["--upazila", upazila] if upazila else []
    check, grid = _through_the_orm(db, month, as_of, upazila)
    assert check["checks"] and grid["units"]
    assert _command(db, "check", "--month", month, "--as-of", as_of, *where) == check
    history = _command(db, "check", "history", "--to", month, "--as-of", as_of)
    assert history == grid


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("core") / "demo"
    result = CliRunner().invoke(app, ["demo", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / "register.sqlite"


def test_check_without_the_orm_gives_the_orm_figures_on_the_demo(demo: Path) -> None:
    _same_figures(demo, "2021-01", "2021-02-10")
    _same_figures(demo, "2021-01", "2021-02-10", upazila="Parbatipur")
    _same_figures(demo, "2020-12", "2021-01-03")  # before the demo's first reports


def test_check_without_the_orm_gives_the_orm_figures_on_a_generated_register(
    tmp_path: Path,
) -> None:
    """The national benchmark's generator at a small size: joins, leaves, late, voided and
    resubmitted returns over 14 months."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import check as national
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    db = tmp_path / "generated.sqlite"
    made = national.build(db, 80, 14, seed=20)
    assert made["voided"] and made["memberships"] > 80
    _same_figures(db, made["last_month"], "2030-01-01")
    _same_figures(db, made["first_month"], "2030-01-01")


def test_reflected_tables_have_the_models_columns(demo: Path) -> None:
    """The one definition of the schema is the models; what `check` reflects is that."""
    from sqlmodel import SQLModel

    from ngocoord.store import models, tables
    from ngocoord.store.db import open_register

    assert models  # the models' tables are in SQLModel.metadata once imported
    register = open_register(f"sqlite:///{demo}")
    try:
        with register.reading() as conn:
            for name, model_table in SQLModel.metadata.tables.items():
                reflected = tables.table(conn, name)
                assert set(reflected.c.keys()) == set(model_table.c.keys()), name
                for column in model_table.c:
                    kind = reflected.c[column.key].type.compile(dialect=conn.dialect)
                    assert kind == column.type.compile(dialect=conn.dialect), (name, column.key)
    finally:
        register.close()


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return "value", runtime._coerce_value(value, param=param, ctx=ctx)
    except Exception as exc:  # the message the clerk would see
        return type(exc).__name__, str(exc)


def test_plain_coercion_is_typers_own_for_every_option() -> None:
    """Every option of every command, at its default and at values a clerk types (good and
    bad), coerces to what Typer's pydantic adapter gives, or fails with its very message."""
    import typer
    from typer._coercion import build_runtime_param

    root = command_tree()
    ctx = typer.Context(root)
    samples = ["json", "JSON", "table", "xml", "3", "-1", "0", "", "2021-01", "inbox", "১২"]
    checked = 0

    def walk(command: Any) -> None:
        nonlocal checked
        for param in command.get_params(ctx):
            plain = getattr(param, "_runtime_param", None)
            if plain is None or type(plain).__name__ != "_Plain":
                continue
            own = build_runtime_param(param.type_descriptor)
            if param.multiple or param.nargs != 1:  # a repeated option, a variadic argument
                values: list[Any] = [(), tuple(samples), [samples[0]], (True, "x")]
            else:
                values = [param.default, *samples, True, False]
            for value in values:
                if value is None:
                    continue
                assert _outcome(plain, value, param, ctx) == _outcome(own, value, param, ctx), (
                    command.name,
                    param.name,
                    value,
                )
                checked += 1
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)
    assert checked > 500


def test_check_help_and_a_bad_choice_need_no_pydantic() -> None:
    """`check --help` coerces the root's options without pydantic; a bad --format still gets
    Typer's own message, from its adapter."""
    code = (
        "import sys\n"
        "from ngocoord.cli.app import main\n"
        "sys.argv = ['ngocoord', 'check', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
    bad = CliRunner().invoke(app, ["check", "--format", "xml"])
    assert bad.exit_code == 2
    assert "Value error, 'xml' is not one of 'table', 'csv', 'json'." in bad.output, bad.output


def test_reflected_tables_are_each_registers_own(tmp_path: Path) -> None:
    """Two registers in one process, one migrated in between: each is read with its own columns."""
    import sqlite3

    from sqlalchemy import create_engine

    from ngocoord.store import db, tables

    paths = [tmp_path / "old.db", tmp_path / "new.db"]
    for path, columns in zip(paths, ["a", "a, b"], strict=True):
        with sqlite3.connect(path) as raw:
            raw.execute(f"CREATE TABLE t ({columns})")
    seen = []
    for path in paths:
        with create_engine(f"sqlite:///{path}").connect() as conn:
            seen.append(sorted(tables.table(conn, "t").columns.keys()))
    assert seen == [["a"], ["a", "b"]]
    with sqlite3.connect(paths[0]) as raw:
        raw.execute("ALTER TABLE t ADD COLUMN c")
    db.alembic_config()  # a migration run forgets what was read
    with create_engine(f"sqlite:///{paths[0]}").connect() as conn:
        assert sorted(tables.table(conn, "t").columns.keys()) == ["a", "c"]


def test_statements_built_of_reflected_tables_are_each_registers_own(tmp_path: Path) -> None:
    """Two registers in one process: the version read and the lock probe of each are built of
    that register's own tables (kept while it stays as it is), and built again after a
    migration run, so one register's statements never run on another's schema."""
    from ngocoord.register import locks, returns
    from ngocoord.store import db, tables

    registers = [db.create_register(f"sqlite:///{tmp_path / name}") for name in ("a.db", "b.db")]
    try:
        seen = []
        for register in registers:
            with register.engine.connect() as conn:
                read, not_current = returns._statements(conn, "ngo_id")
                assert read.get_final_froms() == [tables.table(conn, "submission")]
                assert not_current.table is tables.table(conn, "submission")
                assert locks._probe(conn) is locks._probe(conn)
                seen.append(read)
            with register.engine.connect() as again:  # a new connection: the same register
                assert returns._statements(again, "ngo_id")[0] is read
        assert seen[0] is not seen[1]
        db.alembic_config()  # a migration run forgets the tables and what was built of them
        with registers[0].engine.connect() as conn:
            assert returns._statements(conn, "ngo_id")[0] is not seen[0]
    finally:
        for register in registers:
            register.close()
