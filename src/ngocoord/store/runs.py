"""Runs: each command that changes the register is one run, opened at its first audit row.

The run's row is written in the same transaction as that first audit row, so a command whose
changes all roll back leaves no run; a report batch, one transaction per file, keeps the run
of its first file written and adds the later files' rows to it. When the command ends
(cli/app.py) the run gets its end time, its outcome and the rows it changed by table.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass
class _Open:
    """The run this process opened on one register, and whether its transaction committed."""

    run_id: int
    committed: bool = False


_open: dict[str, _Open] = {}  # register URL → its run in this command
_state: dict[str, Any] = {"command": "ngocoord", "user": "unknown", "outcome": None}


def begin_command(argv: Sequence[str]) -> None:
    """A new command line: remember it, so each audit row and run says what made the change,
    and forget the runs of the last one (tests run many in one process). Any password in it
    (a PostgreSQL URL given to --db) is masked first and never reaches the register; each
    argument is quoted as a shell reads it (shlex.join), so `log` shows a command that can be
    pasted back. Only the standard library is loaded here: `ngocoord CMD --help` calls it."""
    import shlex

    from ngocoord.masking import mask_argv

    _open.clear()
    command = shlex.join(["ngocoord", *mask_argv(argv)])[:500]
    _state.update(command=command, user=os_user(), outcome=None)


def command() -> str:
    """This command's line, as the audit and the run record it."""
    return _state["command"]


@functools.cache
def os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows services and containers
        return "unknown"


def set_outcome(outcome: str) -> None:
    """What the command will end as, when it is more than ok (e.g. "2 files rejected")."""
    _state["outcome"] = outcome


def outcome() -> str | None:
    return _state["outcome"]


def current(conn: Connection) -> int:
    """The id of this command's run on `conn`'s register, opened now in `conn`'s transaction
    if it has none (or its first transaction rolled back)."""
    url = conn.engine.url.render_as_string(hide_password=False)
    found = _open.get(url)
    if found is not None:
        return found.run_id
    from sqlalchemy import event

    from ngocoord.store import db, tables

    row = {
        "command": _state["command"],
        "os_user": _state["user"],
        "started": datetime.now(UTC),
        "ended": None,
        "outcome": None,
        "changes": None,
        "undoes": None,
    }
    run_id = db.insert_many(conn, tables.table(conn, "run"), [row])
    assert run_id is not None
    opened = _open[url] = _Open(run_id)

    def committed(_conn: Any) -> None:
        opened.committed = True

    def rolled_back(_conn: Any) -> None:
        if not opened.committed and _open.get(url) is opened:
            del _open[url]

    event.listen(conn, "commit", committed)
    event.listen(conn, "rollback", rolled_back)
    return run_id


def mark_undo(conn: Connection, undone: list[int]) -> None:
    """Record that this command's run on `conn` undid the runs `undone`."""
    from sqlalchemy import update

    from ngocoord.store import tables

    run = tables.table(conn, "run")
    conn.execute(
        update(run).where(run.c.id == current(conn)).values(undoes=",".join(map(str, undone)))
    )


def finish(outcome: str) -> None:
    """End every run this command opened: end time, outcome, the rows changed by table."""
    for url, opened in list(_open.items()):
        if opened.committed:
            _close(url, opened.run_id, outcome)
    _open.clear()


def _close(url: str, run_id: int, outcome: str) -> None:
    import json

    from sqlalchemy import func, select, update

    from ngocoord.store import db, tables

    register = db.open_register(url, check_schema=False)
    try:
        with register.engine.begin() as conn:
            a = tables.table(conn, "audit").c
            counts = conn.execute(
                select(a.table_name, func.count())
                .where(a.run_id == run_id)
                .group_by(a.table_name)
                .order_by(a.table_name)
            ).all()
            run = tables.table(conn, "run")
            conn.execute(
                update(run)
                .where(run.c.id == run_id)
                .values(
                    ended=datetime.now(UTC),
                    outcome=outcome[:500],
                    changes=json.dumps(dict(counts), ensure_ascii=False),
                )
            )
    finally:
        register.close()
