"""What went wrong with the register itself, as a message that says what to do.

SQLite and PostgreSQL report a read-only file, a full disk, a damaged file or a server that is
down or refuses the login as driver errors; `register_fault` turns each into an error of the
project, the URL's password masked. Anything it does not recognise is left as it is.
"""

from __future__ import annotations

import re
import sqlite3

from ngocoord.errors import Busy, Invalid, NgocoordError
from ngocoord.masking import hide, password_of
from ngocoord.store.location import describe, sqlite_path


class RegisterUnavailable(NgocoordError):
    """The register cannot be read or written: permissions, disk, damage, server."""


# Why a statement on a register was denied before it ran (by URL): the writers' lock could not
# be had. SQLite's authorizer, which takes it, cannot raise; the statement fails as "not
# authorized" and this says why.
refusals: dict[str, NgocoordError] = {}

INVALID_CATALOG_NAME = "3D000"  # PostgreSQL's SQLSTATE for a database that does not exist
# libpq gives a failed connection no SQLSTATE (psycopg's `sqlstate` is None): there, the
# server's own sentence for 3D000, and not any "does not exist" (a table, a column, a role).
_NO_DATABASE = re.compile(r'fatal:\s+database "[^"]*" does not exist')


def read_only(where: str, detail: str) -> RegisterUnavailable:
    return RegisterUnavailable(
        f"The register {where} cannot be written: the file or its folder is read-only for "
        f"this user ({detail}); nothing was changed.",
        "Make the register file and its folder writable for this user (SQLite writes its "
        "-wal and -shm files beside it), or run the command as the user who owns them.",
    )


_READ_ONLY = (
    "readonly database",
    "read-only database",
    "unable to open database file",
    "read-only file system",
    "permission denied",
)
_FULL = ("database or disk is full", "disk i/o error", "no space left", "file too large")
_CORRUPT = ("file is not a database", "database disk image is malformed", "not a database")
_REFUSED = (
    "password authentication failed",
    "no password supplied",
    "authentication failed",
    'role "',  # role "x" does not exist
)
_DOWN = (
    "connection refused",
    "could not connect",
    "connection to server",
    "timeout expired",
    "could not translate host name",
    "failed to resolve host",
    "server closed the connection",
    "terminating connection",
    "no such file or directory",
    "network is unreachable",
)


def _is_driver_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return True
    module = type(exc).__module__
    return module.startswith(("sqlalchemy", "psycopg"))


def register_fault(exc: BaseException, url: str) -> NgocoordError | None:
    """The project's error for a driver error met on the register at `url`, or None."""
    if isinstance(exc, NgocoordError) or not _is_driver_error(exc):
        return None
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    detail = hide(lines[0] if lines else type(cause).__name__, [password_of(url)])
    low = str(cause).lower()
    where = describe(url)
    name = type(exc).__name__
    if name == "ArgumentError" or name == "NoSuchModuleError":
        return Invalid(
            f"Cannot use {where} as the register: {detail}.",
            "Give a file path, or a URL like postgresql+psycopg://USER:PASSWORD@HOST/DATABASE.",
        )
    if "not authorized" in low and url in refusals:
        return refusals.pop(url)
    if "membership_overlap" in low or "membership_dates" in low:
        return periods_fault(exc, url)
    if sqlite_path(url) is not None:
        return _sqlite_fault(low, where, detail)
    return _server_fault(low, getattr(cause, "sqlstate", None), where, detail)


def _sqlite_fault(low: str, where: str, detail: str) -> NgocoordError | None:
    if any(s in low for s in _CORRUPT):
        return RegisterUnavailable(
            f"{where} is not an ngocoord register, or it is damaged (SQLite: {detail}); "
            "nothing was changed.",
            "If this is your register, put the last good backup back with "
            "`ngocoord db restore BACKUP.sqlite`; else point --db or NGOCOORD_DB at the right "
            "file.",
        )
    if any(s in low for s in _FULL):
        return RegisterUnavailable(
            f"The register {where} could not be written: the disk is full or failing "
            f"(SQLite: {detail}); the change was not saved and the register is as it was.",
            "Free space on that disk and run the command again.",
        )
    if "database is locked" in low or "database is busy" in low:
        return Busy(
            f"The register {where} is busy: another ngocoord kept it locked for writing "
            f"(SQLite: {detail}); nothing was changed.",
            "Run the command again when the other one has finished.",
        )
    if any(s in low for s in _READ_ONLY):
        return read_only(where, f"SQLite: {detail}")
    return None


def _server_fault(low: str, sqlstate: str | None, where: str, detail: str) -> NgocoordError | None:
    if any(s in low for s in _REFUSED):
        return RegisterUnavailable(
            f"The database server refused the login for {where}: {detail}.",
            "Check the user name and password in --db or NGOCOORD_DB "
            "(postgresql+psycopg://USER:PASSWORD@HOST/DATABASE), and the server's pg_hba.conf.",
        )
    if sqlstate == INVALID_CATALOG_NAME or (sqlstate is None and _NO_DATABASE.search(low)):
        return RegisterUnavailable(
            f"The database of {where} does not exist on the server: {detail}.",
            "Create it (`createdb NAME`), then run `ngocoord init`.",
        )
    if any(s in low for s in _DOWN):  # after: the server's answer names the connection too
        return RegisterUnavailable(
            f"Cannot reach the database server of {where}: {detail}.",
            "Check that the server is running and that the host and port in --db are right "
            "(`pg_isready -h HOST -p PORT`); then run the command again.",
        )
    return None


_INSERT = re.compile(r'^\s*INSERT INTO "?membership"? \(([^)]*)\)', re.I)
_UPDATE = re.compile(r'^\s*UPDATE "?membership"? SET (.*?) WHERE', re.I | re.S)


def _written(exc: BaseException) -> list[dict[str, object]]:
    """The periods the refused statement wrote, as its parameters give them (none for a
    statement sent to the driver directly): its columns by name, `id` for an update's row."""
    statement, params = getattr(exc, "statement", None) or "", getattr(exc, "params", None)
    many = params if isinstance(params, list) else [params] if params is not None else []
    insert, update = _INSERT.match(statement), _UPDATE.match(statement)
    names = (
        [c.strip().strip('"') for c in insert.group(1).split(",")]
        if insert
        else [c.split("=")[0].strip().strip('"') for c in update.group(1).split(",")] + ["id"]
        if update
        else []
    )
    found = []
    for row in many:
        if isinstance(row, dict):
            found.append({k if k in names else "id": v for k, v in row.items()})
        elif names and isinstance(row, tuple | list) and len(row) == len(names):
            found.append(dict(zip(names, row, strict=True)))
    return found


def _day(value: object) -> str:
    return str(value)[:10] if value is not None else "open"


def periods_fault(exc: BaseException, url: str) -> Invalid:
    """The schema refused a list period that ends before it starts, or overlaps another of
    the same NGO (migration 0013): what was written and what the register holds, by NGO code,
    read again after the refused transaction was rolled back; usually another command changed
    the NGO's periods at the same moment, since every command checks first."""
    rule = (
        "ends before it starts"
        if "membership_dates" in str(exc)
        else "overlaps another period of the same NGO"
    )
    written = _written(exc)
    said = [
        f"{_day(w.get('start_date'))} to {_day(w.get('end_date'))}"
        for w in written
        if "start_date" in w or "end_date" in w
    ]
    try:
        held = _held(url, written)
    except Exception:  # the refusal is the message; what the register holds only helps it
        held = []
    where = "; ".join(held) or "see `ngocoord ngo show CODE`"
    wrote = f" ({', '.join(said)})" if said else ""
    return Invalid(
        f"A list period written{wrote} {rule}; the register refused it and nothing was "
        f"changed. The register holds: {where}.",
        "Another command may have changed these periods at the same moment: check them with "
        "`ngocoord ngo show CODE`, and run the command again if it is still needed.",
    )


def _held(url: str, written: list[dict[str, object]]) -> list[str]:
    """Each NGO of the refused statement with its periods as the register holds them."""
    from sqlalchemy import create_engine, text

    ngo_ids = {w["ngo_id"] for w in written if w.get("ngo_id") is not None}
    row_ids = {w["id"] for w in written if w.get("id") is not None and "ngo_id" not in w}
    if not ngo_ids and not row_ids:
        return []
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        with engine.connect() as conn:
            for row_id in row_ids:
                query = text("SELECT ngo_id FROM membership WHERE id = :id")
                ngo_ids |= set(conn.execute(query, {"id": row_id}).scalars())
            query = text(
                "SELECT n.code, m.start_date, m.end_date FROM membership m JOIN ngo n "
                "ON n.id = m.ngo_id WHERE m.ngo_id = :id ORDER BY m.id"
            )
            found: dict[str, list[str]] = {}
            for ngo_id in sorted(ngo_ids, key=str):
                for code, start, end in conn.execute(query, {"id": ngo_id}):
                    found.setdefault(code, []).append(f"{_day(start)} to {_day(end)}")
    finally:
        engine.dispose()
    return [f"{code}: {', '.join(spans)}" for code, spans in found.items()]
