"""Monthly returns: their kinds and due days, and the versioned record of what came in.

A report re-imported with the same content changes nothing; changed content becomes a new
current version and the old one is kept. Returns that are not spreadsheets (a scanned letter,
a PDF of upazila minutes) are recorded with a copy of the file kept beside the register.
A return of a month locked after review changes only with a recorded reason (register/locks).
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import files
from ngocoord.errors import Busy, Invalid, NotFound
from ngocoord.register import locks, roster, start_guard, states
from ngocoord.register.kinds import NGO_REPORT as NGO_REPORT
from ngocoord.register.kinds import UPAZILA_MINUTES as UPAZILA_MINUTES
from ngocoord.register.kinds import kind
from ngocoord.register.kinds import kinds as kinds
from ngocoord.store import audit, db, offices, runs, tables
from ngocoord.store.location import default_path, sqlite_path

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.models import ReturnKind, Submission


def content_hash(payload: Any) -> str:
    """A hash of the parsed content, so the same report re-saved by another program matches."""

    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_hash(
    month: str, details: dict[str, Any], lines: list[dict[str, Any]], code: str | None = None
) -> str:
    """The hash of an NGO report's content: its month, header details and rows, not the NGO's
    code, so a renamed NGO's report again is the same. Before, the code was in it: `code`
    gives a hash by that rule, which versions of older registers hold."""
    content = {"month": month, "details": details, "lines": lines}
    return content_hash(content if code is None else {"code": code, **content})


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Recorded:
    """What happened to one incoming return."""

    status: str  # imported, unchanged, superseded (the current version, by this one)
    submission: Submission | None
    version: int
    replaces: int | None = None  # superseded: the version this one replaced


def versions(
    session: Session, kind_id: int, month: str, *, ngo_id: int | None, unit_office_id: int | None
) -> list[Submission]:
    from sqlmodel import col, select

    from ngocoord.store.models import Submission

    query = (
        select(Submission)
        .where(Submission.kind_id == kind_id, Submission.month == month)
        .where(Submission.ngo_id == ngo_id, Submission.unit_office_id == unit_office_id)
        .order_by(col(Submission.version))
    )
    return list(session.exec(query))


def next_version(
    history: Sequence[Any], content: str, earlier: Callable[[], Collection[str]] | None = None
) -> tuple[str, int, Any]:
    """What an incoming return is against the versions already in (oldest first):
    (status, its version, the current version or None). The same content as the current
    version is "unchanged" (its hash, or one of `earlier`: the same content's hashes by an
    earlier rule, asked only when the current hash differs); anything else is a new version
    that becomes current."""
    current = next((s for s in history if s.is_current and s.voided_at is None), None)
    if current is not None and (
        current.content_hash == content
        or (earlier is not None and current.content_hash in earlier())
    ):
        return "unchanged", current.version, current
    version = history[-1].version + 1 if history else 1
    return ("superseded" if current is not None else "imported"), version, current


@dataclass
class NewVersion:
    """A return coming in: what its submission row, lines and audit row hold. Its version
    number is decided by write_version, inside the write transaction."""

    kind_id: int
    kind_name: str
    office_id: int  # the office that keeps the register
    month: str
    received_on: date
    content_hash: str
    source_file: str
    unit_label: str  # NGO code or upazila name, for the audit row
    ngo_id: int | None = None
    unit_office_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)  # prepared_by, mobile, ...
    lines: list[dict[str, Any]] = field(default_factory=list)  # an NGO report's rows
    unlock_reason: str | None = None  # why a return of a locked month changes all the same
    # the same content's hashes by the earlier rule (next_version), made only when asked
    earlier_hashes: Callable[[], Collection[str]] | None = None


@dataclass
class Written:
    """What write_version did: the status and version of next_version, the current version
    it found (None for a first one) and the new submission's id (None if nothing was written)."""

    status: str  # imported, unchanged, superseded
    version: int
    current: Any
    submission_id: int | None


# A unique violation on the one-current-version indexes means another process wrote the same
# unit-month between our read and our write (on a database without our lock): read again.
ATTEMPTS = 3


def _statements(conn: Connection, unit: str) -> tuple[Any, Any]:
    """The read of one unit-month's versions and the update that makes them not current, built
    once per register (a batch runs them for every file; `tables.built`): `unit` is the unit
    column that is set."""
    return tables.built(conn, f"returns.versions:{unit}", lambda: _build(conn, unit))


def _build(conn: Connection, unit: str) -> tuple[Any, Any]:
    from sqlalchemy import bindparam, select, update

    sub = tables.table(conn, "submission")
    other = "unit_office_id" if unit == "ngo_id" else "ngo_id"
    same = (
        sub.c.kind_id == bindparam("the_kind"),
        sub.c.office_id == bindparam("the_office"),
        sub.c[unit] == bindparam("the_unit"),
        sub.c[other].is_(None),
        sub.c.month == bindparam("the_month"),
    )
    read = (
        select(sub.c.id, sub.c.version, sub.c.is_current, sub.c.content_hash)
        .add_columns(sub.c.received_on, sub.c.voided_at)
        .where(*same)
        .order_by(sub.c.version)
    )
    not_current = update(sub).where(*same, sub.c.is_current.is_(True)).values(is_current=False)
    return read, not_current


@dataclass(frozen=True)
class _Version:
    """One version already in, as write_version reads it."""

    id: int
    version: int
    is_current: bool
    content_hash: str
    received_on: date
    voided_at: Any


def _versions_in(conn: Connection, read: Any, key: dict[str, Any]) -> list[Any]:
    """The versions of one unit-month, oldest first. On SQLite straight through the driver:
    a batch reads them once per file, and SQLAlchemy's statement handling would cost more
    than the read (as in db.insert_many)."""
    if conn.dialect.name != "sqlite":
        return list(conn.execute(read, key))
    sql, names = _sqlite_read(read, conn.dialect)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        rows = cursor.execute(sql, [key[n] for n in names]).fetchall()
    finally:
        cursor.close()
    return [
        _Version(id_, version, bool(cur), digest, date.fromisoformat(received), voided)
        for id_, version, cur, digest, received, voided in rows
    ]


@functools.lru_cache(maxsize=4)
def _sqlite_read(read: Any, dialect: Any) -> tuple[str, tuple[str, ...]]:
    compiled = read.compile(dialect=dialect)
    return compiled.string, tuple(compiled.positiontup or ())


def _lock(conn: Connection, ngo_id: int | None, unit_office_id: int | None) -> None:
    """Take the write lock that orders the writers of one unit's versions. SQLite: the
    database's write lock, taken now (BEGIN IMMEDIATE), not at the first write, so the
    versions read next cannot change before we write; when the register stays locked past
    the busy timeout, the driver's "database is locked". Other databases: the NGO's (or
    office's) row."""
    from sqlalchemy import select

    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        if not raw.in_transaction:  # type: ignore[union-attr]
            raw.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
        return
    unit, key = ("ngo", ngo_id) if ngo_id is not None else ("office", unit_office_id)
    rows = tables.table(conn, unit)
    conn.execute(select(rows.c.id).where(rows.c.id == key).with_for_update())


def _lock_unit(conn: Connection, new: NewVersion) -> None:
    try:
        _lock(conn, new.ngo_id, new.unit_office_id)
    except sqlite3.OperationalError as exc:  # the driver's own, not SQLAlchemy's
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise _busy(exc, new) from exc


def write_version(conn: Connection, new: NewVersion, *, dry_run: bool = False) -> Written:
    """The one writer of a new version (a resubmission supersedes, never deletes), in the
    caller's transaction: it takes the write lock, reads the versions already in, asks
    next_version, and unless the content is the current version's, the older versions stop
    being current and the new one goes in with its report lines and its audit row. Plain Core
    statements on the register's own tables (store/tables), so a batch writes as fast as one
    file and loads no models. A dry run only reads."""
    if not dry_run:
        _lock_unit(conn, new)
    unit = "ngo_id" if new.ngo_id is not None else "unit_office_id"
    read, not_current = _statements(conn, unit)
    key = {
        "the_kind": new.kind_id,
        "the_office": new.office_id,
        "the_unit": new.ngo_id if new.ngo_id is not None else new.unit_office_id,
        "the_month": new.month,
    }
    history = _versions_in(conn, read, key)
    status, version, current = next_version(history, new.content_hash, new.earlier_hashes)
    if status != "unchanged":  # a locked month: refused, or recorded as changed after review
        locks.guard(
            conn,
            office_id=new.office_id,
            kind=(new.kind_id, new.kind_name),
            month=new.month,
            unit=new.unit_label,
            change=f"version {version} "
            + (f"replaced version {current.version}" if current is not None else "imported"),
            unlock_reason=new.unlock_reason,
            write=not dry_run,
        )
        unit = f"{new.unit_label} {new.kind_name} {new.month}"
        start_guard.guard_start(
            conn, new.kind_id, new.month, unit, new.unlock_reason, write=not dry_run
        )
    if status == "unchanged" or dry_run:
        return Written(status, version, current, None)
    if current is not None:
        conn.execute(not_current, key)
    row = {
        "kind_id": new.kind_id,
        "office_id": new.office_id,
        "ngo_id": new.ngo_id,
        "unit_office_id": new.unit_office_id,
        "month": new.month,
        "version": version,
        "is_current": True,
        "received_on": new.received_on,
        "content_hash": new.content_hash,
        "source_file": new.source_file,
        "imported_at": datetime.now(UTC),
        "imported_by": runs.os_user(),
        **new.details,
    }
    new_id = db.insert_many(conn, tables.table(conn, "submission"), [row])
    assert new_id is not None
    lines = [{"submission_id": new_id, **line} for line in new.lines]
    db.insert_many(conn, tables.table(conn, "report_line"), lines)
    audit.write(conn, states.receipt_entries(new, current, version, new_id))
    return Written(status, version, current, new_id)


def _lost_race(exc: Exception) -> bool:
    """A unique violation on the one-current-version indexes (not any other integrity error)."""
    text = str(getattr(exc, "orig", exc))
    return "ux_submission_current" in text or "UNIQUE constraint failed: submission." in text


def _busy(exc: Exception, new: NewVersion) -> Busy:
    return Busy(
        f"{new.unit_label} {new.month} ({new.source_file}) was not written: {exc}.",
        "Another ngocoord held the register the whole time; run the import again.",
    )


def take_in(conn: Connection, new: NewVersion, *, dry_run: bool = False) -> Written:
    """write_version in a transaction of its own on `conn` (which has none open): committed,
    or rolled back and tried again if another process won the race for the unit-month."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    for attempt in range(ATTEMPTS):
        try:
            with conn.begin():
                return write_version(conn, new, dry_run=dry_run)
        except IntegrityError as exc:
            if not _lost_race(exc):
                raise
            if attempt == ATTEMPTS - 1:
                raise _busy(exc.orig or exc, new) from exc
        except OperationalError as exc:
            if "locked" not in str(exc.orig):
                raise
            raise _busy(exc.orig or exc, new) from exc
    raise AssertionError("unreachable")


def record(
    session: Session,
    *,
    kind: ReturnKind,
    office_id: int,
    month: str,
    received_on: date,
    content: str,
    source_file: str,
    ngo_id: int | None = None,
    unit_office_id: int | None = None,
    unit_label: str,
    unlock_reason: str | None = None,
) -> Recorded:
    """Record a return as a new version unless the current one has the same content, in the
    session's transaction (a lost race is reported: the session rolls back)."""
    from sqlalchemy.exc import IntegrityError

    from ngocoord.store.models import Submission

    assert kind.id is not None
    new = NewVersion(
        kind_id=kind.id,
        kind_name=kind.name,
        office_id=office_id,
        month=month,
        received_on=received_on,
        content_hash=content,
        source_file=source_file,
        unit_label=unit_label,
        ngo_id=ngo_id,
        unit_office_id=unit_office_id,
        unlock_reason=unlock_reason,
    )
    try:
        written = write_version(session.connection(), new)
    except IntegrityError as exc:
        if not _lost_race(exc):
            raise
        raise _busy(exc.orig or exc, new) from exc
    if written.submission_id is None:
        found = session.get(Submission, written.current.id)
        return Recorded(written.status, found, written.version)
    if written.current is not None:
        session.expire_all()  # written past the ORM: read again when next used
    replaced = written.current.version if written.current is not None else None
    found = session.get(Submission, written.submission_id)
    return Recorded(written.status, found, written.version, replaced)


def files_dir(register_url: str) -> Path:
    """Where copies of received files are kept: beside a SQLite register, else user data."""
    register = sqlite_path(register_url) or default_path()
    return register.with_name(register.stem + "-files")


def receive_file(
    session: Session,
    register_url: str,
    *,
    kind_name: str,
    upazila: str | None,
    ngo_code: str | None,
    month: str,
    received_on: date,
    file: Path | None,
    unlock_reason: str | None = None,
) -> Recorded:
    """Record a return that is not a spreadsheet; keep a copy of its file with the register."""

    rk = kind(session, kind_name)
    ngo_id = unit_office_id = None
    if rk.submitter == "upazila":
        if not upazila:
            raise Invalid(f"{rk.name} comes from an upazila office: give --from UPAZILA.")
        unit = offices.find_upazila_office(session, upazila)
        unit_office_id, label = unit.id, unit.name_en
    else:
        if not ngo_code:
            raise Invalid(f"{rk.name} comes from an NGO: give --ngo CODE.")
        ngo = roster.get(session, ngo_code)
        ngo_id, label = ngo.id, ngo.code
    if file is not None:
        if not file.is_file():
            raise Invalid(f"{file} does not exist or is not a file.")
        digest = file_hash(file)
    else:
        digest = hashlib.sha256(f"{rk.name}:{label}:{month}:paper".encode()).hexdigest()
    home = offices.home(session)
    assert home.id is not None
    result = record(
        session,
        kind=rk,
        office_id=home.id,
        month=month,
        received_on=received_on,
        content=digest,
        source_file=file.name if file else "(paper)",
        ngo_id=ngo_id,
        unit_office_id=unit_office_id,
        unit_label=label,
        unlock_reason=unlock_reason,
    )
    if file is not None and result.status != "unchanged" and result.submission is not None:
        target = files.inside(files_dir(register_url), rk.name, month, f"{digest[:12]}_{file.name}")
        files.make_dirs(target.parent, private=True)  # beside the register, the owner's only
        files.copy(file, target, private=True)
        result.submission.stored_file = str(target)
    return result


def _unit(session: Session, kind_row: ReturnKind, unit: str) -> tuple[int | None, int | None, str]:
    """(ngo_id, unit_office_id, label) of the NGO code or upazila that sends this kind."""

    if kind_row.submitter == "upazila":
        office = offices.find_upazila_office(session, unit)
        return None, office.id, office.name_en
    ngo = roster.get(session, unit)
    return ngo.id, None, ngo.code


def history(session: Session, kind_name: str, unit: str, month: str) -> list[Submission]:
    """Every version of one unit's return for a month, oldest first."""
    rk = kind(session, kind_name)
    assert rk.id is not None
    ngo_id, office_id, label = _unit(session, rk, unit)
    found = versions(session, rk.id, month, ngo_id=ngo_id, unit_office_id=office_id)
    if not found:
        raise NotFound(f"No {rk.name} from {label} for {month} in the register.")
    return found


def current(session: Session, kind_name: str, unit: str, month: str) -> Submission:
    live = [s for s in history(session, kind_name, unit, month) if s.voided_at is None]
    chosen = next((s for s in live if s.is_current), None)
    if chosen is None:
        raise NotFound(f"The {kind_name} from {unit} for {month} was voided.")
    return chosen


def void(
    session: Session,
    kind_name: str,
    unit: str,
    month: str,
    reason: str,
    unlock_reason: str | None = None,
) -> Submission:
    """Void the current version (filed under the wrong NGO or month); it stays in history.

    The newest earlier version that is not voided, if any, becomes current again. A month
    locked after review is voided only with an unlock reason (register/locks.py).
    """
    if not reason.strip():
        raise Invalid("Give the reason with --reason.")
    rk = kind(session, kind_name)
    ngo_id, unit_office_id, label = _unit(session, rk, unit)
    # under the write lock, as write_version: a version written meanwhile cannot leave two
    # current ones when the earlier version becomes current again
    _lock(session.connection(), ngo_id, unit_office_id)
    versions_ = history(session, kind_name, unit, month)
    target = current(session, kind_name, unit, month)
    assert rk.id is not None
    locks.guard(
        session.connection(),
        office_id=target.office_id,
        kind=(rk.id, rk.name),
        month=month,
        unit=label,
        change=f"version {target.version} voided",
        unlock_reason=unlock_reason,
    )
    target.voided_at = datetime.now(UTC)
    target.void_reason = reason.strip()
    target.is_current = False
    session.flush()  # no longer current before an earlier one is: one current version at a time
    earlier = [s for s in versions_ if s.voided_at is None and s.version < target.version]
    if earlier:
        earlier[-1].is_current = True
    key = f"{kind_name}:{unit}:{month}"
    entries = [
        audit.entry(
            "submission",
            key,
            "update",
            {"version": target.version, "voided": False},
            {"voided": True, "reason": reason, "current": earlier[-1].version if earlier else None},
            row_id=target.id,
            prior={"is_current": True, "voided_at": None, "void_reason": None},
        )
    ]
    if earlier:
        entries.append(
            audit.entry(
                "submission",
                key,
                "update",
                {"version": earlier[-1].version, "current": False},
                {"version": earlier[-1].version, "current": True},
                row_id=earlier[-1].id,
                prior={"is_current": False},
            )
        )
    audit.write(session, entries)
    return target
