"""Files kept beside the register (copies of returns received as files): `undo` never deletes
them, so a second undo finds them again; `db prune` removes those no version names."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ngocoord.register.returns import files_dir
from ngocoord.store import audit

if TYPE_CHECKING:
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
