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
