"""Every moment the register keeps (UTC) is shown on the office's clock, Asia/Dhaka, and named
so: a meeting finalised at 21:57 UTC on 1 December was finalised at 03:57 on 2 December in
Dinajpur, and that is the day the clerk's messages, file names and minutes give."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Cli, report_csv
from test_meeting_records import first_meeting, flat, minutes_md

from ngocoord import periods

FINALISED = datetime(2026, 12, 1, 21, 57, 19, tzinfo=UTC)  # 03:57:19 on 2 December in Dhaka
DHAKA = timedelta(hours=6)


@pytest.fixture
def office(office: Cli) -> Cli:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    return office


def stored(db: Path, query: str) -> datetime:
    """A moment as the register keeps it: naive text, UTC."""
    conn = sqlite3.connect(db)
    try:
        value = conn.execute(query).fetchone()[0]
    finally:
        conn.close()
    return datetime.fromisoformat(value).replace(tzinfo=None)


def on_dhaka_clock(moment: datetime) -> str:
    return f"{moment.replace(tzinfo=None) + DHAKA:%Y-%m-%d %H:%M} Asia/Dhaka"


def test_a_finalised_meeting_is_told_on_the_office_clock(
    office: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal to edit it, `render minutes`' warning and the signed files' names all give
    2 December 03:57 Asia/Dhaka, never the UTC date (1 December) or time."""
    meeting = first_meeting(office, "10.03.2021")
    monkeypatch.setattr(periods, "now", lambda: FINALISED)
    out = office("meeting", "finalise", str(meeting)).output
    files = [Path(line.strip()) for line in out.splitlines() if line.startswith("  ")]
    assert sorted(p.name.rsplit("-final-", 1)[1] for p in files) == [
        "20261202-035719.docx",
        "20261202-035719.pdf",
    ]
    refused = flat(office("meeting", "attend", str(meeting), "CTW", code=1).output)
    assert f"Meeting {meeting} was finalised on 2026-12-02 03:57 Asia/Dhaka by" in refused
    _, said = minutes_md(office, meeting, tmp_path)
    assert f"Meeting {meeting} was finalised on 2026-12-02 03:57 Asia/Dhaka by" in flat(said)
    assert "UTC" not in said and "2026-12-01" not in refused + said

    office("meeting", "reopen", str(meeting), "--reason", "ভুল সংশোধন")
    md, said = minutes_md(office, meeting, tmp_path)
    assert f"Meeting {meeting} was reopened on 2026-12-02 03:57 Asia/Dhaka after" in flat(said)
    assert "স্বাক্ষরের পর ২ ডিসেম্বর, ২০২৬ তারিখে কার্যবিবরণী পুনরায় খোলা হয়" in md
    assert "UTC" not in said


def test_reports_in_after_the_meeting_was_recorded_name_its_time_on_the_office_clock(
    office: Cli, tmp_path: Path
) -> None:
    meeting = first_meeting(office, "10.03.2021")
    office("report", "import", str(report_csv(tmp_path / "in", "MBSK", "2021-02")),
           "--received-on", "2021-03-05")  # fmt: skip
    created = stored(office.db, f"SELECT created_at FROM meeting WHERE id = {meeting}")
    _, said = minutes_md(office, meeting, tmp_path)
    assert f"was recorded ({on_dhaka_clock(created)}): item ০১" in flat(said)
    assert "UTC" not in said


def test_report_history_gives_the_import_time_on_the_office_clock(
    office: Cli, tmp_path: Path
) -> None:
    """The table names the clock; JSON is ISO 8601 with the +06:00 offset, as `log` gives it."""
    office("report", "import", str(report_csv(tmp_path / "in", "MBSK", "2021-01")),
           "--received-on", "2021-02-05")  # fmt: skip
    imported = stored(office.db, "SELECT imported_at FROM submission")
    table = office("report", "history", "MBSK", "2021-01").output
    assert on_dhaka_clock(imported) in table, table
    (row,) = json.loads(office("report", "history", "MBSK", "2021-01", "--format", "json").output)
    at = datetime.fromisoformat(row["imported_at"])
    assert row["imported_at"].endswith("+06:00")
    assert at == imported.replace(microsecond=0, tzinfo=UTC)


def test_the_register_set_aside_by_a_restore_is_named_on_the_office_clock(
    office: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "good.sqlite"
    office("db", "backup", str(backup))
    monkeypatch.setattr(periods, "now", lambda: FINALISED)
    office("db", "restore", str(backup))
    assert (tmp_path / "register.replaced-20261202-035719.sqlite").is_file()
