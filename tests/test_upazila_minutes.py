"""An upazila meeting, once finalised, is that upazila's minutes return for the month it
reviewed, received on the finalising day, unless a file was received for that month; `check`
counts it, and reopening leaves it received."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli

from ngocoord import periods

Clock = Callable[[str], None]


@pytest.fixture
def office(office: Cli) -> Cli:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    return office


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Set the moment `meeting finalise` takes as now (10:00 in Dhaka on that day)."""

    def set_day(day: str) -> None:
        moment = datetime.fromisoformat(f"{day}T04:00:00").replace(tzinfo=UTC)
        monkeypatch.setattr(periods, "now", lambda: moment)

    return set_day


def upazila_meeting(cli: Cli, upazila: str, date: str) -> int:
    out = cli(
        "meeting", "new", "--level", "upazila", "--upazila", upazila, "--date", date,
        "--time", "11:00", "--venue", "উপজেলা সম্মেলন কক্ষ",
        "--chair", "উপজেলা নির্বাহী অফিসার",
    ).output  # fmt: skip
    return int(out.split()[1])


def minutes_check(cli: Cli, as_of: str = "2021-02-10") -> dict[str, Any]:
    result = cli(
        "check", "--kind", "upazila-minutes", "--month", "2021-01", "--as-of", as_of,
        "--format", "json", code=3,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(result.output)["checks"][0]
    return {u["unit"]: (u["status"], u["received_on"]) for u in data["units"]}


def versions(cli: Cli) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(
        cli("return", "list", "--kind", "upazila-minutes", "--month", "2021-01", "--format",
            "json").output
    )  # fmt: skip
    return found


def test_a_finalised_upazila_meeting_is_its_minutes_return(office: Cli, clock: Clock) -> None:
    meeting = upazila_meeting(office, "পার্বতীপুর", "01.02.2021")
    assert minutes_check(office)["Parbatipur"] == ("missing", None)
    clock("2021-02-02")
    out = office("meeting", "finalise", str(meeting)).output
    assert "Counted as the upazila-minutes of পার্বতীপুর for 2021-01, received on 2021-02-02" in out
    statuses = minutes_check(office)
    assert statuses["Parbatipur"] == ("on time", "2021-02-02")
    assert [s for s in statuses.values() if s[0] != "missing"] == [("on time", "2021-02-02")]
    (listed,) = versions(office)
    pdf = Path(listed["file"])
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.name.startswith("minutes-2021-02-01-")
    assert "Parbatipur" in office("check", "--month", "2021-01", "--as-of", "2021-02-10",
                                  code=3).output  # fmt: skip
    log = json.loads(office("log", "--changes", "--format", "json").output)
    assert any(e["table"] == "submission" and e["key"] == "upazila-minutes:Parbatipur:2021-01"
               for e in log)  # fmt: skip

    # Reopened, the return stays received; finalised again later, it still came in on the 2nd.
    office("meeting", "reopen", str(meeting), "--reason", "উপস্থিতি সংশোধন")
    assert minutes_check(office)["Parbatipur"] == ("on time", "2021-02-02")
    office("meeting", "attend", str(meeting), "--org", "উপজেলা সমাজসেবা অফিস", "--name", "রহিম")
    clock("2021-02-06")
    again = office("meeting", "finalise", str(meeting)).output
    assert "received on 2021-02-06 (version 2)" in again
    shown = json.loads(office("meeting", "show", str(meeting), "--format", "json").output)
    assert shown["finalised"] is not None and shown["present"][0]["name"] == "রহিম"
    assert minutes_check(office)["Parbatipur"] == ("on time", "2021-02-02")
    (current,) = versions(office)
    assert current["version"] == 2 and Path(current["file"]).name != pdf.name


def test_a_file_already_received_is_not_replaced(office: Cli, clock: Clock, tmp_path: Path) -> None:
    scan = tmp_path / "biral-minutes.pdf"
    scan.write_bytes(b"%PDF-1.4 the scan")
    office(
        "return", "receive", "--kind", "upazila-minutes", "--from", "বিরল", "--month", "2021-01",
        str(scan), "--received-on", "2021-02-03",
    )  # fmt: skip
    meeting = upazila_meeting(office, "বিরল", "01.02.2021")
    clock("2021-02-04")
    out = office("meeting", "finalise", str(meeting)).output
    assert "Not counted as the upazila-minutes of বিরল for 2021-01" in out
    assert "biral-minutes.pdf was received for that month on 2021-02-03" in out
    assert minutes_check(office)["Birol"] == ("on time", "2021-02-03")
    (listed,) = versions(office)
    assert listed["version"] == 1 and listed["file"].endswith("biral-minutes.pdf")


def test_a_district_meeting_is_no_return(office: Cli, clock: Clock) -> None:
    out = office(
        "meeting", "new", "--date", "10.02.2021", "--time", "16:00", "--venue", "সম্মেলন কক্ষ"
    ).output
    clock("2021-02-11")
    done = office("meeting", "finalise", out.split()[1]).output
    assert "Counted" not in done
    assert versions(office) == []


def test_a_locked_month_keeps_the_minutes_out_and_says_how(office: Cli, clock: Clock) -> None:
    """January reviewed and locked by the district: an upazila meeting finalised later is
    still finalised, its minutes are not counted behind the lock, and the clerk is given the
    command that counts them with a recorded reason."""
    office("lock", "2021-01", "--reason", "জেলা সভায় পর্যালোচিত")
    meeting = upazila_meeting(office, "পার্বতীপুর", "01.02.2021")
    clock("2021-02-03")
    out = " ".join(office("meeting", "finalise", str(meeting)).output.split())
    assert "Not counted as the upazila-minutes of পার্বতীপুর for 2021-01" in out
    assert "2021-01 is locked" in out and "--unlock-reason TEXT" in out
    assert minutes_check(office)["Parbatipur"] == ("missing", None) and versions(office) == []
    shown = json.loads(office("meeting", "show", str(meeting), "--format", "json").output)
    assert shown["is_finalised"]
    command = out[out.index("`ngocoord return receive") + 1 : out.rindex("`")].split()
    command[command.index("TEXT")] = "উপজেলার কার্যবিবরণী দেরিতে স্বাক্ষরিত"
    office(*command[1:])
    assert minutes_check(office)["Parbatipur"] == ("on time", "2021-02-03")
