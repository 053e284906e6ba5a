"""`ngocoord demo` builds the sample district and reproduces seed 000's figures."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ngocoord.cli.app import app


def test_demo_reproduces_the_february_2021_meeting_figures(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "70 NGOs" in result.output
    assert "imported 59 January reports" in result.output and "0 rejected" in result.output
    assert (
        "৭০টি এনজিওর মধ্যে ৫৯টি এনজিও জানুয়ারি/২০২১ মাসের প্রতিবেদন দাখিল করেছেন। "
        "বাকী ১১টি সংস্থার প্রতিবেদন পাওয়া যায়নি।"
    ) in result.output
    for name in ("minutes-2021-02.html", "minutes-2021-02.docx", "summary-2021-01.xlsx"):
        assert (folder / name).stat().st_size > 1000, name
    assert len(list((folder / "reminders").glob("2021-01_*_reminder.docx"))) == 11
    db = str(folder / "register.sqlite")
    check = runner.invoke(
        app,
        [
            "--db",
            db,
            "check",
            "--kind",
            "ngo-report",
            "--month",
            "2021-01",
            "--as-of",
            "2021-02-10",
            "--format",
            "json",
        ],
    )
    assert check.exit_code == 3
    totals = json.loads(check.output)["checks"][0]["totals"]
    assert (totals["expected"], totals["received"], totals["missing"]) == (70, 59, 11)
    missing = {
        u["unit"]
        for u in json.loads(check.output)["checks"][0]["units"]
        if u["status"] == "missing"
    }
    assert "DAM" in missing and "MBSK" not in missing and "CTW" not in missing
    again = runner.invoke(app, ["demo", "--dir", str(folder)])
    assert again.exit_code == 1 and "already exists" in again.output
