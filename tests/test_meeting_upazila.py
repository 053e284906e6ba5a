"""An upazila's own coordination meeting is about the NGOs that work in that upazila, by the
rule `check --upazila` counts with (the NGO's areas): its item ০১, its absent NGOs (পরিশিষ্ট-“খ”),
the attendance report, the attendance sheet and "সকল এনজিও" among the implementers. An NGO on
the list whose areas are not recorded is left out, as `check --upazila` leaves it out, and the
meeting says so. A district meeting is unchanged; finalised minutes stay as signed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, RosterFile, receive
from smtp_server import Inbox, serve, use_server

# MBSK works in দিনাজপুর সদর and বিরল, CTW in পার্বতীপুর, DAM in every upazila (SEED_ROWS).
PARBATIPUR = ["CTW", "DAM"]


@pytest.fixture
def office(office: Cli, tmp_path: Path) -> Cli:
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    receive(office, tmp_path, "CTW", "2021-01", "2021-02-05")
    return office


def new_meeting(cli: Cli, *upazila: str) -> int:
    level = ["--level", "upazila", "--upazila", *upazila] if upazila else []
    out = cli(
        "meeting", "new", *level, "--date", "10.02.2021", "--time", "11:00",
        "--venue", "সম্মেলন কক্ষ",
    ).output  # fmt: skip
    return int(out.split()[1])


def show(cli: Cli, meeting: int) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(
        cli("meeting", "show", str(meeting), "--format", "json").output
    )
    return found


def item_01(cli: Cli, meeting: int) -> dict[str, Any]:
    item: dict[str, Any] = show(cli, meeting)["items"][0]
    assert item["standard"] == "figures"
    return item


def linked(cli: Cli, meeting: int) -> list[str]:
    rows = json.loads(cli("decisions", "--meeting", str(meeting), "--format", "json").output)
    return sorted({code for r in rows for code in r["linked"]})


def test_the_absent_ngos_of_an_upazila_meeting_are_those_of_the_upazila(office: Cli) -> None:
    upazila = new_meeting(office, "পার্বতীপুর")
    district = new_meeting(office)
    assert show(office, upazila)["absent"] == PARBATIPUR
    assert show(office, district)["absent"] == ["CTW", "DAM", "MBSK"]
    office("meeting", "attend", str(upazila), "CTW")
    shown = show(office, upazila)
    assert shown["absent"] == ["DAM"]
    assert shown["attendance"]["absent"] == 1
    assert not any("no upazila" in w for w in shown["warnings"])


def test_the_minutes_appendix_b_lists_only_the_upazilas_ngos(office: Cli, tmp_path: Path) -> None:
    upazila = new_meeting(office, "পার্বতীপুর")
    out = tmp_path / "minutes.md"
    office("render", "minutes", str(upazila), "--format", "md", "--out", str(out))
    appendix = out.read_text("utf-8").split("পরিশিষ্ট-“খ”", 1)[1]
    assert "কাম-টু-ওয়ার্ক" in appendix and "ঢাকা আহছানিয়া মিশন" in appendix
    assert "মহিলা বহুমুখী শিক্ষা কেন্দ্র" not in appendix


def test_item_01_gives_the_upazilas_figures_and_its_ngos(office: Cli) -> None:
    item = item_01(office, new_meeting(office, "পার্বতীপুর"))
    assert "পার্বতীপুর উপজেলায় কর্মরত ২টি এনজিওর মধ্যে ১ টি এনজিও" in item["discussion"]
    assert "বাকী ১ টি সংস্থার প্রতিবেদন পাওয়া যায়নি।" in item["discussion"]
    assert "প্রতিবেদন দাখিল করেনি: ঢাকা আহছানিয়া মিশন।" in item["discussion"]
    assert "দিনাজপুর জেলায়" not in item["discussion"]
    assert item["implementers"] == "সকল এনজিও, পার্বতীপুর, দিনাজপুর।"
    # the same figures `check --upazila` gives
    check = json.loads(
        office(
            "check", "--kind", "ngo-report", "--month", "2021-01", "--as-of", "2021-02-10",
            "--upazila", "পার্বতীপুর", "--format", "json", code=None,
        ).output
    )["checks"][0]  # fmt: skip
    assert (check["totals"]["expected"], check["totals"]["received"]) == (2, 1)


def test_a_district_meeting_is_unchanged(office: Cli) -> None:
    item = item_01(office, new_meeting(office))
    assert "দিনাজপুর জেলায় কর্মরত ৩টি এনজিওর মধ্যে ১ টি এনজিও" in item["discussion"]
    assert item["implementers"] == "সকল এনজিও, দিনাজপুর।"
    assert linked(office, 1) == ["CTW", "DAM", "MBSK"]


def test_a_multi_word_upazilas_figures_are_kept_true(office: Cli, tmp_path: Path) -> None:
    """দিনাজপুর সদর is two words: the figures sentence is still found, and worked out again
    when a report comes in after the meeting was recorded."""
    meeting = new_meeting(office, "দিনাজপুর সদর")
    said = item_01(office, meeting)["discussion"]
    assert "দিনাজপুর সদর উপজেলায় কর্মরত ২টি এনজিওর মধ্যে ০ টি এনজিও" in said
    assert said.startswith("সহকারী কমিশনার, এনজিও শাখা সভায় জানান যে, দিনাজপুর সদর উপজেলায়")
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-08")
    again = item_01(office, meeting)["discussion"]
    assert "দিনাজপুর সদর উপজেলায় কর্মরত ২টি এনজিওর মধ্যে ১ টি এনজিও" in again
    assert again.startswith("সহকারী কমিশনার, এনজিও শাখা সভায় জানান যে, দিনাজপুর সদর উপজেলায়")
    assert item_01(office, meeting)["standard"] == "figures"


def test_all_ngos_links_only_the_upazilas_ngos(office: Cli) -> None:
    upazila = new_meeting(office, "পার্বতীপুর")
    assert linked(office, upazila) == PARBATIPUR
    implementer = json.loads(
        office("decisions", "--implementer", "MBSK", "--format", "json").output
    )
    assert [d["meeting"] for d in implementer] == []
    # a decision edited to "সকল এনজিও" links the same NGOs
    (decision,) = [
        d["id"]
        for d in json.loads(
            office("decisions", "--meeting", str(upazila), "--format", "json").output
        )
        if d["number"] == "০১"
    ]
    office("decision", "edit", str(decision), "--implementer", "সকল এনজিও")
    assert linked(office, upazila) == PARBATIPUR


@pytest.fixture
def smtp() -> Iterator[Inbox]:
    yield from serve(auth=False)


def test_meeting_send_mails_only_the_upazilas_ngos(office: Cli, smtp: Inbox) -> None:
    use_server(office, smtp)
    for code in ("MBSK", "CTW", "DAM"):
        office("ngo", "edit", code, "--email", f"{code.lower()}@example.org")
    upazila = new_meeting(office, "পার্বতীপুর")
    office("meeting", "finalise", str(upazila))
    office("meeting", "send", str(upazila))
    got = {to for m in smtp.messages for to in m.envelope_to}
    assert {"ctw@example.org", "dam@example.org"} <= got
    assert "mbsk@example.org" not in got


def test_an_ngo_whose_areas_are_not_recorded_is_left_out_and_said(
    office: Cli, tmp_path: Path
) -> None:
    office("ngo", "add", "--name-bn", "নতুন আলো", "--code", "NAL")
    upazila = new_meeting(office, "পার্বতীপুর")
    shown = show(office, upazila)
    assert shown["absent"] == PARBATIPUR
    (said,) = [w for w in shown["warnings"] if "NAL" in w]
    assert "1 NGO(s) on the list have no upazila recorded (NAL)" in said
    assert "ngocoord ngo edit NAL --areas" in said
    assert "NAL" not in linked(office, upazila)
    out = tmp_path / "m.md"
    rendered = office("render", "minutes", str(upazila), "--format", "md", "--out", str(out))
    assert "no upazila recorded (NAL)" in rendered.output
    report = office("meeting", "attendance-report", "--upazila", "পার্বতীপুর")
    assert "no upazila recorded (NAL)" in report.output
    data = json.loads(
        office("meeting", "attendance-report", "--upazila", "পার্বতীপুর", "--format", "json").output
    )
    assert data["meetings"][0]["on_list"] == 2
    assert data["meetings"][0]["areas_not_recorded"] == ["NAL"]
    # the district's meeting counts it, and says nothing
    district = new_meeting(office)
    assert "NAL" in show(office, district)["absent"]
    assert not any("NAL" in w for w in show(office, district)["warnings"])
    district_report = json.loads(office("meeting", "attendance-report", "--format", "json").output)
    assert district_report["meetings"][0]["areas_not_recorded"] == []
    # its areas recorded, it is the upazila's
    office("ngo", "edit", "NAL", "--areas", "পার্বতীপুর")
    assert show(office, upazila)["absent"] == ["CTW", "DAM", "NAL"]


def test_the_attendance_report_of_an_upazila_counts_its_ngos(office: Cli) -> None:
    upazila = new_meeting(office, "পার্বতীপুর")
    office("meeting", "attend", str(upazila), "CTW")
    data = json.loads(
        office("meeting", "attendance-report", "--upazila", "পার্বতীপুর", "--format", "json").output
    )
    assert [(m["meeting"], m["on_list"], m["present"]) for m in data["meetings"]] == [
        (upazila, 2, 1)
    ]
    district = json.loads(office("meeting", "attendance-report", "--format", "json").output)
    assert district["meetings"] == []


def test_the_attendance_sheet_lists_the_upazilas_ngos(office: Cli, tmp_path: Path) -> None:
    upazila = new_meeting(office, "পার্বতীপুর")
    out = tmp_path / "sheet.md"
    office("render", "attendance-sheet", str(upazila), "--format", "md", "--out", str(out))
    text = out.read_text("utf-8")
    assert "কাম-টু-ওয়ার্ক" in text and "ঢাকা আহছানিয়া মিশন" in text
    assert "মহিলা বহুমুখী শিক্ষা কেন্দ্র" not in text


def test_finalised_upazila_minutes_stay_as_signed(office: Cli) -> None:
    upazila = new_meeting(office, "পার্বতীপুর")
    office("meeting", "finalise", str(upazila))
    office("ngo", "edit", "MBSK", "--areas", "পার্বতীপুর")
    shown = show(office, upazila)
    assert shown["absent"] == PARBATIPUR
    assert "পার্বতীপুর উপজেলায় কর্মরত ২টি" in shown["items"][0]["discussion"]


PG_URL = os.environ.get("NGOCOORD_TEST_POSTGRES")


@pytest.mark.skipif(not PG_URL, reason="set NGOCOORD_TEST_POSTGRES to a database URL")
def test_an_upazila_meeting_on_postgresql(roster_file: RosterFile) -> None:
    """The queries of an upazila's list and of the NGOs with no areas, on the server."""
    from sqlalchemy import create_engine, text

    assert PG_URL
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    pg = Cli(PG_URL)  # a URL where a path would be: the CLI takes either as --db
    pg("init", "--district", "দিনাজপুর")
    pg("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    pg("ngo", "import", str(roster_file()))
    pg("ngo", "add", "--name-bn", "নতুন আলো", "--code", "NAL")
    upazila = new_meeting(pg, "পার্বতীপুর")
    shown = show(pg, upazila)
    assert shown["absent"] == PARBATIPUR
    assert any("no upazila recorded (NAL)" in w for w in shown["warnings"])
    assert linked(pg, upazila) == PARBATIPUR
    report = json.loads(
        pg("meeting", "attendance-report", "--upazila", "পার্বতীপুর", "--format", "json").output
    )
    assert report["meetings"][0]["areas_not_recorded"] == ["NAL"]


def test_the_figures_pattern_finds_every_upazilas_sentence_whole() -> None:
    """Every upazila of the gazetteer, one word or more: standard.FIGURES_SENTENCE finds the
    sentence compliance.check writes for it, and not the words typed before it."""
    from datetime import date

    from ngocoord import places
    from ngocoord.compliance.check import MISSING, ON_TIME, Check, Unit
    from ngocoord.meetings.standard import FIGURES_SENTENCE

    units = [Unit("A", "ক", ON_TIME), Unit("B", "খ", MISSING)]
    check = Check("ngo-report", "ngo", "2021-01", date(2021, 2, 7), date(2021, 2, 10), units)
    upazilas = [u for d in places.districts() for u in places.upazilas_of(d)]
    assert any(" " in u.bn for u in upazilas)
    for u in upazilas:
        sentence = check.sentence(upazila=u.bn)
        for before in ("সভায় জানান যে, ", "সভায় জানান যে ", ""):
            found = FIGURES_SENTENCE.search(f"{before}{sentence} অন্য কথা।")
            assert found is not None and found.group(0) == sentence, (u.bn, before)
