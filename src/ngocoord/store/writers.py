"""The writers' lock: every command that writes the register holds it shared for as long as it
writes; `db restore` and `db upgrade` hold it alone while they replace or rebuild the register.

A register opened by `db.open_register` takes it at its first write, whichever way the write
comes (the ORM, Core, or the driver's own cursor): on SQLite an authorizer on every connection
sees each statement the driver prepares, on a server an engine event sees each one sent. So a
restore cannot copy the register aside while a command writes, and a command that starts to
write during a restore waits for it to end (then writes into the restored register) or, after
the busy timeout, is refused with a message; no commit falls between the copy and the overwrite.

On SQLite the lock is a read lock on a small file beside the register (`register.sqlite-writers`,
the owner's only), taken with SQLite's own locking so that it works the same on Windows; on a
server it is an advisory lock.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ngocoord import files
from ngocoord.errors import Busy, NgocoordError
from ngocoord.store.faults import RegisterUnavailable, read_only, refusals, register_fault
from ngocoord.store.location import describe, sqlite_path

BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10  # a server that is down or unreachable is reported, not waited for
ADVISORY_KEY = 0x6E676F63  # "ngoc"
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout ends a wait

# What the driver prepares when a write begins: the transaction it opens before a change
# (Python's sqlite3 opens none for a read), or the change itself.
_SQLITE_WRITES = frozenset(
    getattr(sqlite3, name)
    for name in dir(sqlite3)
    if name.startswith(("SQLITE_INSERT", "SQLITE_UPDATE", "SQLITE_DELETE"))
    or name.startswith(("SQLITE_CREATE_", "SQLITE_DROP_", "SQLITE_ALTER_"))
)
_SERVER_WRITE = re.compile(
    r"\s*(insert|update|delete|create|alter|drop|truncate)\b|.*\bfor\s+update\b", re.I | re.S
)


def lock_file(path: Path) -> Path:
    return path.with_name(path.name + "-writers")


def _writing_elsewhere(url: str, what: str) -> Busy:
    return Busy(
        f"`{what}` refused: another ngocoord is writing to the register at {describe(url)}.",
        "Wait until that command (a report import, say) has finished, then run it again.",
    )


def _being_replaced(url: str, detail: object) -> Busy:
    return Busy(
        f"The register at {describe(url)} is being restored or upgraded ({detail}); "
        "nothing was written.",
        "Run the command again when `db restore` or `db upgrade` has finished.",
    )


class WritersLock:
    """One process's hold on a register's writers' lock, shared or alone."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: Any = None
        self._engine: Any = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def share(self, wait_s: float | None = None) -> None:
        """Hold the lock beside other writers; wait (up to the busy timeout) for a restore or
        upgrade at work, then refuse."""
        if self.held:
            return
        wait = BUSY_TIMEOUT_MS / 1000 if wait_s is None else wait_s
        path = sqlite_path(self.url)
        if path is None:
            self._share_on_server(wait)
            return
        conn = _open_lock_file(path, self.url, wait)
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            conn.close()
            raise _being_replaced(self.url, exc) from exc
        self._conn = conn

    def _share_on_server(self, wait_s: float) -> None:
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError

        conn = self._server_connection()
        try:
            conn.exec_driver_sql(f"SET lock_timeout = {max(1, int(wait_s * 1000))}")
            conn.execute(text("SELECT pg_advisory_lock_shared(:k)"), {"k": ADVISORY_KEY})
            conn.commit()
        except OperationalError as exc:
            self.release()
            if getattr(exc.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
                raise _being_replaced(self.url, f"waited {wait_s:g} s") from exc
            raise
        except BaseException:
            self.release()
            raise

    def alone(self, what: str) -> None:
        """Hold the lock alone, now, or Busy if another process holds it (a command writing)."""
        path = sqlite_path(self.url)
        if path is None:
            from sqlalchemy import text

            conn = self._server_connection()
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})
            held = bool(got.scalar())
            conn.commit()
            if not held:
                self.release()
                raise _writing_elsewhere(self.url, what)
            return
        conn = _open_lock_file(path, self.url, 0)
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            conn.close()
            raise _writing_elsewhere(self.url, what) from exc
        self._conn = conn

    def _server_connection(self) -> Any:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        self._engine = create_engine(
            self.url, poolclass=NullPool, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
        )
        try:
            self._conn = self._engine.connect()
        except BaseException:
            self.release()
            raise
        return self._conn

    def release(self) -> None:
        """Let go (closing the connection ends a server session's advisory locks too)."""
        conn, engine, self._conn, self._engine = self._conn, self._engine, None, None
        if conn is not None:
            conn.close()
        if engine is not None:
            engine.dispose()

    def watch(self, engine: Any) -> None:
        """Take the lock shared at the first write made through `engine`."""
        from sqlalchemy import event

        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", self._on_connect)
        else:
            event.listen(engine, "before_cursor_execute", self._before_execute)

    def _on_connect(self, dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.set_authorizer(self._authorize)

    def _authorize(self, action: int, arg1: str | None, *_: Any) -> int:
        """SQLite asks this for every statement it prepares: the first write takes the lock.
        An authorizer cannot raise, so a refusal is kept for `faults` and the statement denied."""
        if self._conn is None and (
            action in _SQLITE_WRITES or (action == sqlite3.SQLITE_TRANSACTION and arg1 == "BEGIN")
        ):
            try:
                self.share()
            except Exception as exc:  # told as the statement's fault, see store/faults.py
                refusals[self.url] = _as_refusal(exc, self.url)
                return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    def _before_execute(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self._conn is None and _SERVER_WRITE.match(statement):
            self.share()


def _as_refusal(exc: Exception, url: str) -> NgocoordError:
    """Why the lock could not be had, as the project's error (a disk full, a server down…)."""
    if isinstance(exc, NgocoordError):
        return exc
    return register_fault(exc, url) or RegisterUnavailable(
        f"The writers' lock of the register {describe(url)} could not be taken ({exc}); "
        "nothing was written.",
        "Check the register's folder and disk, then run the command again.",
    )


def _open_lock_file(path: Path, url: str, wait_s: float) -> sqlite3.Connection:
    """The lock file, created the owner's only; a folder this user cannot write is the
    read-only message (the register could not be written there either)."""
    target = lock_file(path)
    try:
        if not target.exists():
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
        return sqlite3.connect(target, timeout=wait_s, isolation_level=None)
    except OSError as exc:
        if exc.errno not in {errno.EACCES, errno.EPERM, errno.EROFS}:
            raise files.write_error(target, exc) from exc  # a full disk, say
        raise read_only(describe(url), f"{target}: {exc}") from exc
    except sqlite3.OperationalError as exc:  # "unable to open database file": not this user's
        raise read_only(describe(url), f"{target}: {exc}") from exc


@contextmanager
def writing(url: str) -> Iterator[None]:
    """The lock held shared around a command that writes in many transactions (a report
    import), from before its first read, so the ids it reads name the same rows when it
    writes."""
    lock = WritersLock(url)
    lock.share()
    try:
        yield
    finally:
        lock.release()


@contextmanager
def exclusive(url: str, what: str) -> Iterator[None]:
    """The lock held alone, for `db restore` and `db upgrade`: Busy at once if a command is
    writing."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    lock = WritersLock(url)
    lock.alone(what)
    try:
        yield
    finally:
        lock.release()
