"""A meeting's removal decision moves the coordination list like `ngo remove` does: deleting the
meeting (which puts the NGO back), or recording a removal in a month already reviewed, meets
that month's lock, and goes through only with --unlock-reason, recorded and shown in `check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import Cli, table_dump
from test_meeting_changes import meeting, office  # noqa: F401  (the meeting's fixtures)

WHY = "সভার পরে ভুল ধরা পড়েছে"


def february(cli: Cli) -> dict[str, Any]:
    out = cli("check", "--kind", "ngo-report", "--month", "2021-02", "--as-of", "2021-04-20",
              "--format", "json", code=None).output  # fmt: skip
    found: dict[str, Any] = json.loads(out)["checks"][0]
    return found


def refused(cli: Cli, *args: str) -> str:
    """Refused naming February's lock, with the register exactly as it was."""
    before = table_dump(cli.db)
    out = " ".join(cli(*args, code=1).output.split())
    assert "2021-02 is locked for" in out and "--unlock-reason" in out, out
    assert "--on" not in out and "--joined" not in out, out  # options these commands lack
    assert table_dump(cli.db) == before
    return out


def test_deleting_a_meeting_that_took_an_ngo_off_a_locked_month(
    office: Cli,  # noqa: F811
    meeting: int,  # noqa: F811
) -> None:
    """Decision ৩.১ took DAM off the list on 10 February; February was then locked with two
    NGOs expected. Deleting the meeting puts DAM back on February's list: refused, or done with
    a reason and shown as changed after review."""
    office("lock", "2021-02", "--reason", "মার্চের সভায় পর্যালোচিত")
    assert february(office)["totals"]["expected"] == 2
    out = refused(office, "meeting", "delete", str(meeting), "--yes")
    assert "DAM back on the list" in out and "(2021-02)" in out
    office("meeting", "delete", str(meeting), "--yes", "--unlock-reason", WHY)
    figures = february(office)
    assert figures["totals"]["expected"] == 3
    (change,) = figures["changed_after_review"]
    assert change["unit"] == "DAM" and change["reason"] == WHY


def test_a_removal_recorded_in_a_locked_month(
    office: Cli,  # noqa: F811
    meeting: int,  # noqa: F811
    tmp_path: Path,
) -> None:
    """February locked; the meeting of 10 February edited to take CTW off the list too, by its
    document or by its items sheet: refused, naming what the command can be given; with a
    reason the removal is made and recorded."""
    office("lock", "2021-02", "--reason", "মার্চের সভায় পর্যালোচিত")
    path = tmp_path / "meeting.txt"
    text = office("meeting", "doc", str(meeting)).output
    path.write_text(text.replace("৩.২ কার্যক্রম", "৩.২ {বাদ: CTW} কার্যক্রম"), encoding="utf-8")
    edit = ("meeting", "edit", str(meeting), "--file", str(path), "--replace")
    assert "CTW removed from the list on 2021-02-10 (2021-02)" in refused(office, *edit)
    office(*edit, "--unlock-reason", WHY)
    figures = february(office)
    assert figures["totals"]["expected"] == 1  # MBSK
    (change,) = figures["changed_after_review"]
    assert change["unit"] == "CTW" and change["reason"] == WHY
