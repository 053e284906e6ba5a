"""`meeting send` run twice at the same moment, as two real processes against a real SMTP
server: each mail is claimed in the register before it goes, so each goes once; a run cut off
mid-mail leaves its claim, which the next run names instead of sending the mail again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, RosterFile
from smtp_server import Inbox, use_server
from test_meeting_send import prepared, send, smtp  # noqa: F401  (the fixtures)
from test_migrations import ENGINES, cli, compare, url  # noqa: F401  (the engines' fixture)

from ngocoord.store import db


@pytest.fixture
def office(url: str, roster_file: RosterFile, tmp_path: Path) -> Cli:  # noqa: F811
    """test_meeting_send's office and meeting, on the engine `url` names."""
    office = Cli(url)  # type: ignore[arg-type]  # a URL is a --db too
    office("init", "--district", "দিনাজপুর")
    office("ngo", "import", str(roster_file()))
    return prepared(office, tmp_path)


def ngocoord(db: Any, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("NGOCOORD_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "ngocoord", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def claims(where: Any) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    engine = db.make_engine(str(where) if "://" in str(where) else f"sqlite:///{where}")
    try:
        with engine.connect() as conn:
            query = text("SELECT to_address, attempt, state FROM minutes_sent ORDER BY id")
            return [tuple(row) for row in conn.execute(query)]
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_two_sends_at_once_send_each_mail_once(office: Cli, smtp: Inbox) -> None:  # noqa: F811
    """The server holds the first mail until both processes have begun one: without a claim
    both would have read "nothing sent yet" and sent all five mails each."""
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    smtp.hold = 2
    procs = [ngocoord(office.db, "meeting", "send", "1") for _ in range(2)]
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f"{out}\n{err}"
        outs.append(out + err)
    assert len(smtp.connections) == 2  # both really sent at the same time
    to = sorted(m.envelope_to[0] for m in smtp.messages)
    assert len(to) == 5 and len(set(to)) == 5, to
    assert sorted(r[0] for r in claims(office.db)) == to
    assert {(r[1], r[2]) for r in claims(office.db)} == {(1, "sent")}
    sent = [int(o.split("Sent ")[1].split(";")[0]) for o in outs]
    assert sum(sent) == 5 and all(n > 0 for n in sent)
    assert all("claimed by another `meeting send`" in o for o in outs)
    assert "Sent 0; already sent 5" in send(office).output  # and a third run sends nothing


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_a_send_cut_off_mid_mail_leaves_its_claim_named(
    office: Cli,
    smtp: Inbox,  # noqa: F811
) -> None:
    """Killed while the server holds its first mail, a send leaves that mail claimed and not
    known to have gone: the next run sends the others and names it; --again sends anew."""
    use_server(office, smtp)
    office("meeting", "finalise", "1")
    smtp.hold = 2  # never reached: the first mail is held
    proc = ngocoord(office.db, "meeting", "send", "1")
    deadline = time.monotonic() + 60
    while not claims(office.db) and time.monotonic() < deadline:
        time.sleep(0.1)
    ((address, _, state),) = claims(office.db)
    assert state == "sending"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    smtp.hold = 0
    later = send(office)
    assert "Sent 4; already sent 0" in later.output
    said = " ".join(later.output.split())
    assert f"{address}" in said and "not known to have gone" in said and "--again" in said
    assert [r for r in claims(office.db) if r[2] != "sent"] == [(address, 1, "sending")]
    shown = " ".join(office("meeting", "show", "1").output.split())
    assert f"not known to have gone: minutes to {address}" in shown
    listed = json.loads(office("meeting", "show", "1", "--format", "json").output)["sent"]
    assert [(m["to"], m["state"]) for m in listed if m["state"] != "sent"] == [(address, "sending")]
    again = send(office, "--again")
    assert "Sent 5" in again.output
    assert (address, 2, "sent") in claims(office.db)


@pytest.mark.parametrize("url", ENGINES, indirect=True)
def test_from_0010_the_mails_sent_are_claims_marked_sent(url: str) -> None:  # noqa: F811
    """A register on 0010 that sent a meeting's minutes to one address twice (--again) and an
    NGO its decisions: upgraded, each row has its target, its attempt in the order sent, and
    is sent; the schema is the models'."""
    from alembic import command
    from sqlalchemy import text

    cli(url, "init", "--district", "দিনাজপুর")
    cli(url, "ngo", "add", "--code", "MBSK", "--name-bn", "মহিলা বহুমুখী শিক্ষা কেন্দ্র")
    cli(url, "meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "কক্ষ",
        "--chair", "মোঃ মাহমুদুল আলম")  # fmt: skip
    engine = db.make_engine(url)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "0010")
            ngo_id = conn.execute(text("SELECT id FROM ngo")).scalar()
            for what, to, ngo in [("minutes", "ADC@dinajpur.gov.bd", None),
                                  ("decisions", "mbsk@example.org", ngo_id),
                                  ("minutes", "adc@dinajpur.gov.bd", None)]:  # fmt: skip
                conn.execute(
                    text(
                        "INSERT INTO minutes_sent (meeting_id, finalised_at, what, to_address, "
                        "ngo_id, sent_at, sent_by) VALUES (1, :at, :what, :to, :ngo, :at, 'clerk')"
                    ),
                    {"at": datetime(2021, 2, 11, 10, tzinfo=UTC), "what": what, "to": to,
                     "ngo": ngo},
                )  # fmt: skip
    finally:
        engine.dispose()
    assert "from schema 0010 to" in cli(url, "db", "upgrade")
    assert compare(url) == []
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT target, attempt, state FROM minutes_sent ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in found] == [
        ("minutes:adc@dinajpur.gov.bd", 1, "sent"),
        (f"decisions:ngo:{ngo_id}", 1, "sent"),
        ("minutes:adc@dinajpur.gov.bd", 2, "sent"),
    ]
