"""The audit trail read back: the runs (`ngocoord log`), one run's changes field by field
(`log RUN`), the row-by-row list (`log --changes`), and an NGO's whole history
(`ngo history`). Times are shown in Bangladesh time, marked with their offset."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.errors import NotFound
from ngocoord.masking import mask
from ngocoord.register import fields, roster, states

if TYPE_CHECKING:
    from sqlmodel import Session

# Field names as the office's forms write them, for `log RUN` on a terminal.
BANGLA: dict[str, str] = {
    **{k: bn for k, (bn, _) in fields.LABELS.items()},
    "upazilas": "কর্ম এলাকা (উপজেলা)",
    "version": "সংস্করণ",
    "received_on": "প্রাপ্তির তারিখ",
    "file": "ফাইল",
    "voided": "বাতিল",
    "reason": "কারণ",
    "status": "অবস্থা",
    "field": "ক্ষেত্র",
    "start_date": "তালিকাভুক্তির তারিখ",
    "end_date": "তালিকা থেকে বাদের তারিখ",
    "current": "বর্তমান সংস্করণ",
}


def _run_dict(r: Any) -> dict[str, Any]:
    return {
        "run": r.id,
        "started": periods.stamp(r.started),
        "ended": periods.stamp(r.ended),
        "user": r.os_user,
        "command": mask(r.command),
        "outcome": r.outcome or "running",
        "changes": json.loads(r.changes) if r.changes else {},
    }


def list_runs(
    session: Session,
    *,
    since: date | None = None,
    user: str | None = None,
    command: str | None = None,
    ngo: str | None = None,
    month: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The runs, newest first: from Bangladesh day `since`, by `user`, whose command line
    holds `command`, that changed NGO `ngo` (code) or a return of `month`."""
    from sqlmodel import col, select

    from ngocoord.store.models import Audit, Run

    query = select(Run).order_by(col(Run.id).desc()).limit(limit)
    if since is not None:
        start = datetime.combine(since, time(), periods.BANGLADESH).astimezone(UTC)
        query = query.where(col(Run.started) >= start)
    if user:
        query = query.where(Run.os_user == user)
    if command:
        query = query.where(col(Run.command).contains(command))
    if ngo:
        query = query.where(col(Run.id).in_(select(Audit.run_id).where(_about_ngo(session, ngo))))
    if month:
        query = query.where(
            col(Run.id).in_(
                select(Audit.run_id)
                # its returns, and its lock, unlock and the changes let through it
                .where(col(Audit.table_name).in_(("submission", "period_lock", "lock_override")))
                .where(col(Audit.row_key).endswith(f":{month}"))
            )
        )
    return [_run_dict(r) for r in session.exec(query)]


def _about_ngo(session: Session, code: str) -> Any:
    """The audit rows about an NGO: its own tables (by id, or by code for rows from before
    runs), its returns (kind:CODE:month), its decisions (linked to it)."""
    from sqlmodel import and_, col, or_, select

    from ngocoord.store.models import Audit, DecisionLink

    ngo_rows = col(Audit.table_name).in_(states.NGO_TABLES)
    try:
        ngo = roster.get(session, code)
    except NotFound:  # gone (an undone import): its audit rows still name its code
        ngo_id, code = None, code.strip().upper()
    else:
        ngo_id, code = ngo.id, ngo.code
    linked = select(DecisionLink.decision_id).where(DecisionLink.ngo_id == ngo_id)
    return or_(
        and_(ngo_rows, col(Audit.row_id) == ngo_id),
        and_(ngo_rows, col(Audit.row_key) == code),
        and_(col(Audit.table_name) == "submission", col(Audit.row_key).contains(f":{code}:")),
        and_(col(Audit.table_name) == "decision", col(Audit.row_id).in_(linked)),
    )


def _change_rows(entries: Any, *, bangla: bool = False) -> list[dict[str, Any]]:
    """Each audit row as one line per field changed: old → new."""
    out = []
    for e in entries:
        old = json.loads(e.old) if e.old else {}
        new = json.loads(e.new) if e.new else {}
        if not isinstance(old, dict) or not isinstance(new, dict):
            old, new = {"": old}, {"": new}
        for name in dict.fromkeys([*old, *new]) or [""]:
            out.append(
                {
                    "run": e.run_id,
                    "at": periods.stamp(e.at),
                    "table": e.table_name,
                    "key": e.row_key,
                    "action": e.action,
                    "field": BANGLA.get(name, name) if bangla else name,
                    "old": _text(old.get(name)),
                    "new": _text(new.get(name)),
                }
            )
    return out


def _text(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def run_changes(session: Session, run_id: int, *, bangla: bool = False) -> list[dict[str, Any]]:
    """What one run changed, row by row and field by field, in the order it changed them."""
    from sqlmodel import col, select

    from ngocoord.store.models import Audit, Run

    if session.get(Run, run_id) is None:
        raise NotFound(f"There is no run {run_id}.", "See the runs with `ngocoord log`.")
    found = session.exec(select(Audit).where(Audit.run_id == run_id).order_by(col(Audit.id)))
    return _change_rows(found, bangla=bangla)


def changes(
    session: Session, *, limit: int = 50, table: str | None = None, key: str | None = None
) -> list[dict[str, Any]]:
    """The latest audit rows, newest first, each with its run (`log --changes`)."""
    from sqlmodel import col, select

    from ngocoord.store.models import Audit

    query = select(Audit).order_by(col(Audit.id).desc()).limit(limit)
    if table:
        query = query.where(Audit.table_name == table)
    if key:
        query = query.where(Audit.row_key == key)
    return [
        {
            "run": e.run_id,
            "at": periods.stamp(e.at),
            "user": e.os_user,
            "command": mask(e.command),
            "table": e.table_name,
            "key": e.row_key,
            "action": e.action,
            "old": e.old,
            "new": e.new,
        }
        for e in session.exec(query)
    ]


def ngo_history(session: Session, code: str) -> list[dict[str, Any]]:
    """Every change to an NGO, its registrations, memberships, returns and decisions, oldest
    first, field by field."""
    from sqlmodel import col, select

    from ngocoord.store.models import Audit

    found = list(
        session.exec(select(Audit).where(_about_ngo(session, code)).order_by(col(Audit.id)))
    )
    if not found:
        roster.get(session, code)  # an NGO never recorded: the lookup's own message
    return _change_rows(found)
