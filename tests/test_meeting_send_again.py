"""`meeting send --again` while another send claims and releases mails: a real process whose
first mail the SMTP server holds, while this test, as the other send, claims the mail it will
try next and releases one it read as claimed. It reports the first as claimed by the other
and sends the rest; nothing is raised."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from conftest import Cli
from smtp_server import Inbox, use_server
from test_meeting_send import prepared, send, smtp  # noqa: F401  (the fixtures)
from test_meeting_send_race import ngocoord, office  # noqa: F401
from test_migrations import ENGINES, url  # noqa: F401  (the engines' fixture)

from ngocoord.store import db


def execute(where: Any, sql: str, **params: Any) -> list[Any]:
    from sqlalchemy import text

    engine = db.make_engine(str(where) if "://" in str(where) else f"sqlite:///{where}")
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def claim(where: Any, target: str, attempt: int) -> None:
    """What another `meeting send` writes before a mail goes (sending.py's claim)."""
    execute(
        where,
        "INSERT INTO minutes_sent (meeting_id, finalised_at, what, to_address, sent_at, sent_by,"
        " target, attempt, state) SELECT meeting_id, finalised_at, what, to_address, :at, "
        "'other', target, :attempt, 'sending' FROM minutes_sent WHERE target = :target "
        "AND attempt = 1",
        at=datetime.now(UTC),
        attempt=attempt,
        target=target,
    )


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_send_again_while_another_send_claims_and_releases(
    office: Cli,  # noqa: F811
    smtp: Inbox,  # noqa: F811
) -> None:
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    assert "Sent 5" in send(office).output
    targets = [t for (t,) in execute(office.db, "SELECT target FROM minutes_sent ORDER BY id")]
    first, second, last = targets[0], targets[1], targets[-1]
    claim(office.db, last, 2)  # the other send holds the last mail when this one reads
    smtp.hold = 99  # this send's first mail waits in the server until released
    proc = ngocoord(office.db, "meeting", "send", "1", "--again")
    query = "SELECT id FROM minutes_sent WHERE target = :t AND attempt = 2 AND state = 'sending'"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not execute(office.db, query, t=first):
        time.sleep(0.1)
    assert execute(office.db, query, t=first), "the send never claimed its first mail"
    # now: the other send claims the second mail, and releases the last (its mail failed)
    claim(office.db, second, 2)
    execute(office.db, "DELETE FROM minutes_sent WHERE target = :t AND attempt = 2", t=last)
    smtp.hold = 0
    out, err = proc.communicate(timeout=120)
    said = " ".join((out + err).split())
    assert proc.returncode == 0, said
    assert "Traceback" not in said and "Error" not in said
    assert "Sent 4" in said and "claimed by another `meeting send`" in said
    rows = execute(
        office.db, "SELECT target, attempt, state, sent_by FROM minutes_sent WHERE attempt > 1"
    )
    assert {(r[0], r[2]) for r in rows if r[3] != "other"} == {
        (t, "sent") for t in targets if t != second
    }
    assert [(r[0], r[1]) for r in rows if r[0] == first] == [(first, 2)]
