"""The same register on a PostgreSQL server, for a division or the bureau.

Runs when NGOCOORD_TEST_POSTGRES holds a URL of a database one may wipe (`.ci/run` starts
a server and sets it); skipped otherwise.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ngocoord.bangla import to_latin_digits
from ngocoord.cli.app import app

URL = os.environ.get("NGOCOORD_TEST_POSTGRES")
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"

pytestmark = pytest.mark.skipif(not URL, reason="set NGOCOORD_TEST_POSTGRES to a database URL")


@pytest.fixture
def pg() -> str:
    assert URL
    from sqlalchemy import create_engine, text

    engine = create_engine(URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return URL


def run(url: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["--db", url, *args])
    assert result.exit_code == code, f"{result.output}\n{result.exception!r}"
    return result.output


def test_the_clerks_month_on_postgresql(pg: str, tmp_path: Path) -> None:
    run(pg, "init", "--district", "দিনাজপুর")
    from ngocoord.demo import DEMO_SETTINGS

    for key, value in DEMO_SETTINGS.items():  # as the demo's register has them
        run(pg, "config", "set", key, value)
    assert "70 were added" in run(pg, "ngo", "import", str(SAMPLE / "roster.xlsx"))
    out = run(
        pg,
        "report",
        "import",
        str(SAMPLE / "reports-2021-01"),
        "--receipts",
        str(SAMPLE / "receipts-2021-01.xlsx"),
    )
    assert "59 imported" in out
    check = json.loads(
        run(
            pg,
            "check",
            "--kind",
            "ngo-report",
            "--month",
            "2021-01",
            "--as-of",
            "2021-02-10",
            "--format",
            "json",
            code=3,
        )
    )["checks"][0]
    assert (check["totals"]["expected"], check["totals"]["received"]) == (70, 59)
    # the history reads its rows raw from the driver, which gives PostgreSQL's dates as dates
    history = ["check", "history", "--to", "2021-01", "--as-of", "2021-02-10", "--format", "json"]
    grid = json.loads(run(pg, *history))
    january = [unit["cells"]["2021-01"] for unit in grid["units"]]
    assert len(january) == 70 and sum(c in ("on time", "late") for c in january) == 59
    run(pg, "meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "কক্ষ")
    assert "11 items, 15 decisions" in run(
        pg, "meeting", "edit", "1", "--file", str(SAMPLE / "meeting-2021-02.txt"), "--replace"
    )
    run(pg, "meeting", "attendance", "1", str(SAMPLE / "attendance-2021-02.xlsx"))
    linked = json.loads(run(pg, "decisions", "--implementer", "CTW", "--format", "json"))
    # CTW's own item ০৫, and every decision of "সকল এনজিও" (the list on the meeting day)
    from ngocoord.meetings.document import parse

    sample = parse((SAMPLE / "meeting-2021-02.txt").read_text(encoding="utf-8"))
    expected = [
        (f"{i.number}.{d.seq}" if len(i.decisions) > 1 else f"{i.number:02d}")
        for i in sample.items
        for d in i.decisions
        if "সকল এনজিও" in i.implementers or "এনজিও সকল" in i.implementers or i.number == 5
    ]
    assert [to_latin_digits(d["number"]) for d in linked] == expected
    out_file = tmp_path / "minutes.md"
    run(pg, "render", "minutes", "1", "--format", "md", "--out", str(out_file))
    golden = Path(__file__).parent / "golden" / "minutes-2021-02.md"
    assert out_file.read_text("utf-8") == golden.read_text("utf-8")
    assert "pg_dump" in run(pg, "db", "backup", str(tmp_path / "x.sqlite"), code=1)


def test_upazila_minutes_and_meeting_send_on_postgresql(pg: str, tmp_path: Path) -> None:
    """An upazila meeting finalised is its minutes return; `meeting send` records each mail
    with its version (a timestamp compared on the server) and does not send it twice."""
    from smtp_server import serve

    run(pg, "init", "--district", "দিনাজপুর")
    roster = tmp_path / "roster.csv"
    header = "এনজিও কোড,সংস্থার নাম,ই-মেইল,কর্ম এলাকা\n"  # the upazila's "সকল এনজিও" is MBSK
    roster.write_text(header + "MBSK,মহিলা বহুমুখী শিক্ষা কেন্দ্র,mbsk@example.org,পার্বতীপুর\n")
    run(pg, "ngo", "import", str(roster))
    new = ["meeting", "new", "--level", "upazila", "--upazila", "পার্বতীপুর", "--date", "01.02.2021"]
    run(pg, *new, "--time", "11:00", "--venue", "কক্ষ", "--chair", "উপজেলা নির্বাহী অফিসার")
    assert "Counted as the upazila-minutes of পার্বতীপুর for 2021-01" in run(
        pg, "meeting", "finalise", "1"
    )
    check = ["check", "--kind", "upazila-minutes", "--month", "2021-01", "--format", "json"]
    units = json.loads(run(pg, *check, code=3))["checks"][0]["units"]
    assert [u["unit"] for u in units if u["status"] != "missing"] == ["Parbatipur"]
    for inbox in serve(auth=False):
        for key, value in [
            ("smtp.host", "127.0.0.1"),
            ("smtp.port", str(inbox.port)),
            ("smtp.sender", "ngocell@dinajpur.gov.bd"),
            ("smtp.tls", "false"),
            ("minutes.recipients", "adc@dinajpur.gov.bd"),
        ]:
            run(pg, "config", "set", key, value)
        # the minutes, and MBSK the standard items' decisions (all NGOs', and the rota's)
        assert "Sent 2; already sent 0" in run(pg, "meeting", "send", "1")
        assert "Sent 0; already sent 2" in run(pg, "meeting", "send", "1")
        assert len(inbox.messages) == 2
    shown = json.loads(run(pg, "meeting", "show", "1", "--format", "json"))["sent"]
    assert sorted((s["to"], s["current"]) for s in shown) == [
        ("adc@dinajpur.gov.bd", True),
        ("mbsk@example.org", True),
    ]
