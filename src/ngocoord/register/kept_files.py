"""Files kept beside the register (copies of returns received as files): `undo` never deletes
them, so a second undo finds them again; `db prune` removes those no version names. An undo
that would bring back a version whose file a prune deleted is refused (`missing`): a version
never names a file that is not there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord.errors import Invalid
from ngocoord.register.returns import files_dir
from ngocoord.store import audit

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session


def unreferenced(session: Session, register_url: str) -> list[Path]:
    """The kept files that no version of any return refers to."""
    from sqlmodel import col, select

    from ngocoord.store.models import Submission

    folder = files_dir(register_url)
    if not folder.is_dir():
        return []
    named = {
        Path(p).resolve()
        for p in session.exec(
            select(Submission.stored_file).where(col(Submission.stored_file).is_not(None))
        )
        if p
    }
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.resolve() not in named)


def prune(session: Session, found: list[Path]) -> None:
    """Delete the files, audited in the caller's transaction (a deleted file cannot be undone)."""
    for path in found:
        path.unlink(missing_ok=True)
    if found:
        audit.record(
            session, "register", "prune", "delete", {"files": [str(p) for p in found]}, None
        )


def missing(conn: Connection, run_id: int, key: str, state: Any) -> None:
    """Refuse to put back a version (`state`, as undo would) whose kept file is gone, naming
    the file and the `db prune` that deleted it: the return is received again instead."""
    from sqlalchemy import select

    from ngocoord.store.models import Audit, table

    kept = state.get("stored_file") if isinstance(state, dict) else None
    if not kept or Path(kept).exists():
        return
    a = table(Audit).c
    pruned = [
        run
        for run, old in conn.execute(
            select(a.run_id, a.old).where(a.table_name == "register", a.row_key == "prune")
        )
        if kept in json.loads(old or "{}").get("files", [])
    ]
    by = f" by `db prune` (run {pruned[-1]})" if pruned else ""
    kind, unit, month = [*key.split(":"), "", "", ""][:3]
    raise Invalid(
        f"Run {run_id} cannot be undone: it would bring back version {state.get('version')} "
        f"of {kind} from {unit} for {month}, whose kept file {kept} was deleted{by}; "
        "nothing was changed.",
        f"Receive the return again from the sender's copy (`ngocoord return receive FILE "
        f"--kind {kind} --month {month}` with --ngo or --from), or restore a backup made "
        "before the prune with `ngocoord db restore`.",
    )
