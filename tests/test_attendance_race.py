"""One mark per NGO and meeting, whoever marks it at the same moment: `meeting attend` reads
the marks already recorded inside its write transaction, so a mark another process commits
while this one waits is seen (and named), never recorded beside it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Cli
from test_locks import prepared, run
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)

from ngocoord.errors import Busy
from ngocoord.store.writers import WritersLock


def writing(db: Path) -> bool:
    """Whether a command holds the register's writers' lock (it has begun to write)."""
    probe = WritersLock(f"sqlite:///{db}")
    try:
        probe.alone("probe")
    except Busy:
        return True
    probe.release()
    return False


def test_a_mark_committed_while_attend_waits_is_seen(office: Cli, tmp_path: Path) -> None:
    """The test holds the register's write lock; `meeting attend 1 MBSK` begins and waits for
    it; meanwhile another mark of MBSK is committed. Let go, the command must find that mark
    and refuse to add a second one (before, it had read no mark and added its own: MBSK
    counted twice)."""
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    office("meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "কক্ষ")
    held = sqlite3.connect(office.db, isolation_level=None, timeout=30)
    (mbsk,) = held.execute("SELECT id FROM ngo WHERE code = 'MBSK'").fetchone()
    held.execute("BEGIN IMMEDIATE")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    args = ["--db", str(office.db), "meeting", "attend", "1", "MBSK", "--name", "রহিম"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "ngocoord", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while not writing(office.db):  # the command has reached its first write, and waits
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout
            time.sleep(0.05)
        held.execute(
            "INSERT INTO attendance (meeting_id, ngo_id, present, name) VALUES (1, ?, 1, ?)",
            (mbsk, "করিম"),
        )
        held.execute("COMMIT")
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        held.close()
    marks = sqlite3.connect(office.db).execute(
        "SELECT name FROM attendance WHERE meeting_id = 1 AND ngo_id = ?", (mbsk,)
    )
    assert [name for (name,) in marks] == ["করিম"], out
    assert proc.returncode == 1 and "করিম" in out and "--replace" in out, out


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_one_mark_per_ngo_on_each_engine(url: str, tmp_path: Path) -> None:  # noqa: F811
    """The same order taken on SQLite and PostgreSQL (the meeting's row): a second mark of
    MBSK is named and refused, then replaces the first when told."""
    where = prepared(url, tmp_path)
    run(where, "config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    run(where, "meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "কক্ষ")
    run(where, "meeting", "attend", "1", "MBSK", "--name", "করিম")
    assert "করিম" in run(where, "meeting", "attend", "1", "MBSK", "--name", "রহিম", code=1)
    run(where, "meeting", "attend", "1", "MBSK", "--name", "রহিম", "--replace")
    shown = json.loads(run(where, "meeting", "show", "1", "--format", "json"))["present"]
    assert [(p["ngo_code"], p["name"]) for p in shown] == [("MBSK", "রহিম")]
