"""`ngocoord check`: who reported, who is late, who is missing — at the terminal and from cron."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, receive, report_csv

from ngocoord import periods
from ngocoord.compliance.check import default_month


def check(cli: Cli, *args: str, code: int | None = None) -> dict[str, Any]:
    result = cli("check", "--kind", "ngo-report", "--format", "json", *args, code=code)
    data: dict[str, Any] = json.loads(result.output)["checks"][0]
    return data


def statuses(data: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        u["unit"]: (u["status"], u["received_on"], u["days_late"], u["days_overdue"])
        for u in data["units"]
    }


def test_seed_figures_and_the_minutes_sentence(office: Cli, tmp_path: Path) -> None:
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-06")
    receive(office, tmp_path, "CTW", "2021-01", "2021-02-07")  # on the due day: on time
    data = check(office, "--month", "2021-01", "--as-of", "2021-02-10", code=3)
    assert data["due_date"] == "2021-02-07"
    assert statuses(data) == {
        "MBSK": ("on time", "2021-02-06", None, None),
        "CTW": ("on time", "2021-02-07", None, None),
        "DAM": ("missing", None, None, 3),
    }
    assert data["totals"] == {
        "expected": 3,
        "received": 2,
        "on_time": 2,
        "late": 0,
        "missing": 1,
        "not_yet_due": 0,
        "reporting_rate": 0.6667,
        "on_time_rate": 0.6667,
    }
    assert data["sentence"] == (
        "৩টি এনজিওর মধ্যে ২টি এনজিও জানুয়ারি/২০২১ মাসের প্রতিবেদন দাখিল করেছেন। "
        "বাকী ১টি সংস্থার প্রতিবেদন পাওয়া যায়নি।"
    )
    dam = next(u for u in data["units"] if u["unit"] == "DAM")
    assert dam["head_name"] == "বেগম সালমা খাতুন" and dam["mobile"] == "01911000111"
    table = office("check", "--month", "2021-01", "--as-of", "2021-02-10", code=3).output
    assert "বাকী ১টি সংস্থার প্রতিবেদন পাওয়া যায়নি।" in table


def test_the_day_after_the_due_day_is_late(office: Cli, tmp_path: Path) -> None:
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-08")
    data = check(office, "--month", "2021-01", "--as-of", "2021-02-20")
    assert statuses(data)["MBSK"] == ("late", "2021-02-08", 1, None)
    assert data["totals"]["on_time_rate"] == 0.0


def test_as_of_counts_only_what_had_come_in(office: Cli, tmp_path: Path) -> None:
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-06")
    before_due = check(office, "--month", "2021-01", "--as-of", "2021-02-05", code=0)
    assert {s[0] for s in statuses(before_due).values()} == {"not yet due"}
    on_due_day = check(office, "--month", "2021-01", "--as-of", "2021-02-07", code=0)
    assert statuses(on_due_day)["DAM"][0] == "not yet due"
    assert statuses(on_due_day)["MBSK"][0] == "on time"


def test_default_month_is_the_latest_already_due() -> None:
    assert default_month(7, date(2021, 2, 7)) == "2020-12"  # the due day itself has not passed
    assert default_month(7, date(2021, 2, 8)) == "2021-01"
    assert default_month(7, date(2021, 1, 8)) == "2020-12"  # across the new year
    assert default_month(3, date(2021, 1, 3)) == "2020-11"
    assert default_month(3, date(2021, 1, 4)) == "2020-12"


def test_joins_leaves_and_rejoins(office: Cli) -> None:
    office("ngo", "remove", "DAM", "--on", "2021-02-10", "--reason", "সভার সিদ্ধান্ত ৩.১")
    office("ngo", "add", "--name-en", "Gram Bikash Kendra (GBK)", "--joined", "2021-02-20")
    office("ngo", "remove", "CTW", "--on", "2021-01-15", "--reason", "x")
    office("ngo", "rejoin", "CTW", "--on", "2021-03-03")

    def expected(month: str) -> set[str]:
        return set(statuses(check(office, "--month", month, "--as-of", "2021-05-01")))

    assert expected("2021-01") == {"MBSK", "DAM"}
    assert expected("2021-02") == {"MBSK", "GBK"}
    assert expected("2021-03") == {"MBSK", "GBK", "CTW"}


def test_no_ngo_on_the_list(register: Cli) -> None:
    data = check(register, "--month", "2021-01", "--as-of", "2021-03-01", code=0)
    assert data["totals"]["expected"] == 0 and data["totals"]["reporting_rate"] is None


def test_quiet_prints_nothing_unless_overdue(office: Cli, tmp_path: Path) -> None:
    for code in ("MBSK", "CTW", "DAM"):
        receive(office, tmp_path, code, "2021-01", "2021-02-05")
    quiet = office("check", "--kind", "ngo-report", "--month", "2021-01", "--quiet", code=0)
    assert quiet.output == ""
    office("report", "void", "DAM", "2021-01", "--reason", "wrong NGO")
    loud = office(
        "check", "--kind", "ngo-report", "--month", "2021-01", "--as-of", "2021-02-10", "-q", code=3
    )
    assert "DAM" in loud.output and "\x1b[" not in loud.output


def test_tracking_start_bounds_expectations(office: Cli, tmp_path: Path) -> None:
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-06")
    # Unset: the earliest month with any return is where tracking starts.
    assert check(office, "--month", "2020-12", "--as-of", "2021-03-01")["before_tracking"]
    office("config", "set", "tracking.start", "2020-11")
    data = check(office, "--month", "2020-12", "--as-of", "2021-03-01", code=3)
    assert not data["before_tracking"] and data["totals"]["missing"] == 3


def test_upazila_minutes_and_upazila_filter(office: Cli, tmp_path: Path) -> None:
    scan = tmp_path / "minutes.pdf"
    scan.write_bytes(b"%PDF-1.4")
    office(
        "return",
        "receive",
        "--kind",
        "upazila-minutes",
        "--from",
        "পার্বতীপুর",
        "--month",
        "2021-01",
        str(scan),
        "--received-on",
        "2021-02-04",
    )
    result = office(
        "check",
        "--kind",
        "upazila-minutes",
        "--month",
        "2021-01",
        "--as-of",
        "2021-02-10",
        "--format",
        "json",
        code=3,
    )
    data = json.loads(result.output)["checks"][0]
    assert data["due_date"] == "2021-02-03"
    assert statuses(data)["Parbatipur"] == ("late", "2021-02-04", 1, None)
    assert data["totals"]["expected"] == 13 and data["totals"]["missing"] == 12
    assert data["sentence"].startswith("১৩টি উপজেলার মধ্যে ১টি উপজেলা জানুয়ারি/২০২১")
    only = check(office, "--month", "2021-01", "--as-of", "2021-02-10", "--upazila", "Parbatipur")
    assert set(statuses(only)) == {"CTW", "DAM"}


def test_json_has_stable_keys(office: Cli) -> None:
    out = json.loads(office("check", "--as-of", "2021-02-10", "--format", "json", code=3).output)
    assert set(out) == {"as_of", "checks"}
    assert [c["kind"] for c in out["checks"]] == ["ngo-report", "upazila-minutes"]
    for c in out["checks"]:
        assert set(c) == {
            "kind",
            "month",
            "due_date",
            "as_of",
            "before_tracking",
            "totals",
            "sentence",
            "units",
            "lock",
            "changed_after_review",
        }
        for u in c["units"]:
            assert set(u) == {
                "unit",
                "name",
                "status",
                "received_on",
                "days_late",
                "days_overdue",
                "head_name",
                "mobile",
            }


def test_errors_exit_1(office: Cli) -> None:
    assert "Unknown return kind" in office("check", "--kind", "nope", code=1).output
    assert "Cannot read the month" in office("check", "--month", "তেরো", code=1).output


def test_history_grid_and_repeat_defaulters(office: Cli, tmp_path: Path) -> None:
    office("config", "set", "tracking.start", "2020-10")
    for month in ("2020-10", "2020-11", "2020-12", "2021-01"):
        receive(office, tmp_path, "MBSK", month, periods.due_date(month, 7).isoformat())
    receive(office, tmp_path, "CTW", "2020-12", "2021-01-09")
    out = office(
        "check",
        "history",
        "--from",
        "2020-10",
        "--to",
        "2021-01",
        "--as-of",
        "2021-03-01",
        "--format",
        "json",
    ).output
    grid = json.loads(out)
    rows = {r["unit"]: r for r in grid["units"]}
    assert rows["MBSK"]["cells"] == dict.fromkeys(grid["months"], "on time")
    assert rows["CTW"]["cells"]["2020-12"] == "late"
    assert rows["CTW"]["missed_last_12"] == 3
    assert grid["repeat_defaulters"] == ["CTW", "DAM"]
    text = office("check", "history", "--to", "2021-01", "--as-of", "2021-03-01").output
    assert "Repeat defaulters" in text and "CTW (3)" in text and "DAM (4)" in text


def test_a_cron_job_on_a_utc_server_does_not_judge_a_day_early(
    office: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    if hasattr(time, "tzset"):
        time.tzset()
    # 23:30 on 7 February in Dhaka: the due day, nothing is overdue yet.
    monkeypatch.setattr(periods, "now", lambda: datetime(2021, 2, 7, 17, 30, tzinfo=UTC))
    assert json.loads(office("check", "--format", "json", code=3).output)["as_of"] == "2021-02-07"
    data = check(office, code=None)
    assert data["month"] == "2020-12"
    # 00:30 on 8 February in Dhaka, still 7 February on the server's UTC clock.
    monkeypatch.setattr(periods, "now", lambda: datetime(2021, 2, 7, 18, 30, tzinfo=UTC))
    data = check(office, code=3)
    assert data["month"] == "2021-01" and data["as_of"] == "2021-02-08"
    assert statuses(data)["MBSK"] == ("missing", None, None, 1)


IMPORTER = """
import sys
from ngocoord.cli.app import main
sys.argv = ["ngocoord", "--db", sys.argv[1], "report", "import", sys.argv[2],
            "--received-on", "2021-02-05"]
main()
"""

CHECKER = """
import json, sqlite3, sys
from pathlib import Path
from typer.testing import CliRunner
from ngocoord.cli.app import app
db, stop, lines = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
args = ["--db", db, "check", "--kind", "ngo-report", "--month", "2021-01",
        "--as-of", "2021-02-10", "--format", "json"]
seen, partial, runner = [], 0, CliRunner()
while True:
    last = stop.exists()
    result = runner.invoke(app, args)
    if result.exit_code not in (0, 3):
        print(json.dumps({"error": result.output + repr(result.exception)}))
        sys.exit(1)
    seen.append(json.loads(result.output)["checks"][0]["totals"]["received"])
    conn = sqlite3.connect(db)
    partial += conn.execute(
        "SELECT count(*) FROM submission s WHERE (SELECT count(*) FROM report_line l "
        "WHERE l.submission_id = s.id) != ?", (lines,)).fetchone()[0]
    conn.close()
    if last:
        break
print(json.dumps({"seen": seen, "partial": partial}))
"""


def test_check_while_a_batch_is_importing(office: Cli, tmp_path: Path) -> None:
    """Two real processes: the check neither fails on a lock nor sees half a file."""
    count, lines_per_file = 300, 60
    roster = tmp_path / "many.csv"
    roster.write_text(
        "NGO Code,Name of NGO\n" + "".join(f"N{i:03d},Test NGO {i}\n" for i in range(count)),
        encoding="utf-8",
    )
    office("ngo", "import", str(roster))
    lines = "\n".join(f"প্রকল্প {j},{j}" for j in range(lines_per_file))
    for i in range(count):
        path = tmp_path / "batch" / f"2021-01_N{i:03d}.csv"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"এনজিও কোড,N{i:03d}\nপ্রতিবেদনের মাস,2021-01\n\nপ্রকল্পের নাম,উপকারভোগী নারী\n{lines}\n",
            encoding="utf-8",
        )
    env = {**os.environ, "COLUMNS": "200"}
    stop = tmp_path / "stop"
    checker = subprocess.Popen(
        [sys.executable, "-c", CHECKER, str(office.db), str(stop), str(lines_per_file)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    importer = subprocess.run(
        [sys.executable, "-c", IMPORTER, str(office.db), str(tmp_path / "batch")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    stop.touch()
    out, _ = checker.communicate(timeout=120)
    assert importer.returncode == 0, importer.stderr
    assert checker.returncode == 0, out
    report = json.loads(out)
    seen = report["seen"]
    assert report["partial"] == 0, "a check saw a submission without all its rows"
    assert seen == sorted(seen) and seen[-1] == count
    assert any(0 < n < count for n in seen), f"no check ran during the import: {seen}"


def test_report_csv_helper_is_a_real_report(office: Cli, tmp_path: Path) -> None:
    path = report_csv(tmp_path, "MBSK", "2021-01")
    assert (
        "1 imported" in office("report", "import", str(path), "--received-on", "2021-02-01").output
    )
