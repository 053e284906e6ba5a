"""Return kinds an office does not track: `return disable-kind` takes one out of `check`, its
cron exit status, `check history`, `remind` and the summary; `return enable-kind` brings it
back; both audited, `return kinds` says which are off."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Cli, receive

CHECK = ("check", "--month", "2021-01", "--as-of", "2021-02-10")


def test_a_kind_switched_off_leaves_the_cron_mail(office: Cli, tmp_path: Path) -> None:
    for code in ("MBSK", "CTW", "DAM"):
        receive(office, tmp_path, code, "2021-01", "2021-02-05")
    cron = office(*CHECK, "--quiet", code=3)  # every NGO sent it; the 13 upazilas did not
    assert "upazila-minutes for 2021-01" in cron.output and "ngo-report" in cron.output

    said = office("return", "disable-kind", "upazila-minutes").output
    assert "upazila-minutes is off" in said
    assert office(*CHECK, "--quiet", code=0).output == ""
    shown = office(*CHECK, code=0).output
    assert "ngo-report for 2021-01" in shown and "upazila" not in shown
    checks = json.loads(office(*CHECK, "--format", "json", code=0).output)["checks"]
    assert [c["kind"] for c in checks] == ["ngo-report"]
    by_name = office(*CHECK, "--kind", "upazila-minutes", code=1).output
    assert "upazila-minutes is switched off" in by_name
    assert "ngocoord return enable-kind upazila-minutes" in by_name
    grid = office("check", "history", "--kind", "upazila-minutes", code=1).output
    assert "switched off" in grid

    listed = json.loads(office("return", "kinds", "--format", "json").output)
    assert {k["name"]: k["enabled"] for k in listed} == {
        "ngo-report": True,
        "upazila-minutes": False,
    }
    table = office("return", "kinds").output
    line = next(li for li in table.splitlines() if li.startswith("upazila-minutes"))
    assert line.rstrip().endswith("off")
    again = office("return", "disable-kind", "upazila-minutes").output
    assert "already off; nothing changed" in again

    office("return", "enable-kind", "upazila-minutes")
    assert "upazila-minutes for 2021-01" in office(*CHECK, "--quiet", code=3).output
    log = json.loads(office("log", "--changes", "--format", "json").output)
    switches = [e for e in log if e["table"] == "return_kind" and e["key"] == "upazila-minutes"]
    changes = [(json.loads(e["old"]), json.loads(e["new"])) for e in switches]
    assert sorted(changes, key=str) == [
        ({"enabled": False}, {"enabled": True}),
        ({"enabled": True}, {"enabled": False}),
    ]


def test_the_ngo_report_off_leaves_reminders_and_the_summary(office: Cli, tmp_path: Path) -> None:
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-05")
    office("return", "disable-kind", "ngo-report")
    out = tmp_path / "letters"
    remind = office(
        "remind", "--month", "2021-01", "--as-of", "2021-02-10", "--out", str(out), code=1
    )
    assert "ngo-report is switched off" in remind.output and not out.exists()
    summary_file = tmp_path / "summary.md"
    summary = office("render", "summary", "--month", "2021-01", "--out", str(summary_file), code=1)
    assert "ngo-report is switched off" in summary.output and not summary_file.exists()
    assert "ngo-report" not in office(*CHECK, "--quiet", code=3).output  # upazilas still due
    office("return", "enable-kind", "ngo-report")
    office("remind", "--month", "2021-01", "--as-of", "2021-02-10", "--out", str(out))
    assert sorted(p.name for p in out.iterdir())[0] == "2021-01_CTW_reminder.docx"


def test_unknown_kind_is_an_error(office: Cli) -> None:
    result = office("return", "disable-kind", "ngo-reports", code=1)
    assert "Unknown return kind 'ngo-reports'" in result.output and "ngo-report" in result.output


def test_switching_a_kind_off_is_undone(office: Cli) -> None:
    office("return", "disable-kind", "upazila-minutes")
    run = json.loads(office("log", "--format", "json", "-n", "1").output)[0]["run"]
    office("undo", str(run), "--yes")
    kinds = json.loads(office("return", "kinds", "--format", "json").output)
    assert all(k["enabled"] for k in kinds)
