"""An upazila's own meeting picks its presenter from the NGOs that work in the upazila and
says who and why; "উপজেলা নির্বাহী অফিসার (সকল)" is that upazila's officer there, and every
upazila's at the district's meeting; a meeting recorded before that rule keeps its links until
`meeting relink` brings it to the rule, saying what changes, asking, audited, and never on a
finalised meeting."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, table_dump
from test_meeting_upazila import PARBATIPUR, linked, new_meeting, office, show  # noqa: F401

ALL_OFFICERS = "উপজেলা নির্বাহী অফিসার (সকল)"


def rota(cli: Cli, *upazila: str, on: str = "2021-03-10") -> list[str]:
    args = ["--upazila", *upazila] if upazila else []
    found = json.loads(cli("meeting", "rota", *args, "--date", on, "--format", "json").output)
    return [r["code"] for r in found]


def meeting_on(cli: Cli, day: str, *upazila: str) -> Any:
    level = ["--level", "upazila", "--upazila", *upazila] if upazila else []
    return cli("meeting", "new", *level, "--date", day, "--time", "11:00", "--venue", "কক্ষ")


def test_the_rota_of_each_upazila_is_its_ngos(office: Cli) -> None:  # noqa: F811
    """For every upazila of the district: its rota is exactly the NGOs whose areas include it
    (`ngo list --upazila`, the rule `check --upazila` counts with), the district's every NGO."""
    from ngocoord import places

    for upazila in places.upazilas_of(places.find_district("দিনাজপুর")):
        listed = json.loads(
            office("ngo", "list", "--upazila", upazila.bn, "--format", "json").output
        )
        assert sorted(rota(office, upazila.bn)) == sorted(n["code"] for n in listed), upazila
    assert sorted(rota(office)) == ["CTW", "DAM", "MBSK"]


def test_an_upazila_meeting_picks_from_its_ngos_and_says_why(office: Cli) -> None:  # noqa: F811
    said = " ".join(meeting_on(office, "10.02.2021", "পার্বতীপুর").output.split())
    assert "Next presenter: CTW (" in said
    assert "), first of the 2 NGO(s) that work in পার্বতীপুর" in said
    assert "has not presented yet at পার্বতীপুর's meetings" in said
    # the district's meetings, and their presenters, are another rota
    district = " ".join(meeting_on(office, "11.02.2021").output.split())
    assert "first of the 3 NGO(s) on the list" in district
    # month by month the upazila's presenters go round its two NGOs only
    presenters = []
    for day in ("10.03.2021", "10.04.2021", "10.05.2021"):
        meeting = int(meeting_on(office, day, "পার্বতীপুর").output.split()[1])
        item = next(i for i in show(office, meeting)["items"] if i["standard"] == "rota")
        presenters.append(item["implementers"])
    dam, ctw = "ঢাকা আহছানিয়া মিশন", "কাম-টু-ওয়ার্ক"
    assert [p[:4] for p in presenters] == [dam[:4], ctw[:4], dam[:4]], presenters
    said = " ".join(office("meeting", "new", "--level", "upazila", "--upazila", "পার্বতীপুর",
                           "--date", "10.06.2021").output.split())  # fmt: skip
    assert "Next presenter: CTW" in said and "last presented on 2021-05-10" in said


def office_links(db: Path, meeting: int) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(
            name
            for (name,) in conn.execute(
                "SELECT o.name_en FROM decision_link l JOIN office o ON o.id = l.office_id "
                "JOIN decision d ON d.id = l.decision_id JOIN agenda_item i ON i.id = d.item_id "
                "WHERE i.meeting_id = ?",
                (meeting,),
            )
        )
    finally:
        conn.close()


def decision_01(cli: Cli, meeting: int) -> int:
    rows = json.loads(cli("decisions", "--meeting", str(meeting), "--format", "json").output)
    return int(next(d["id"] for d in rows if d["number"] == "০১"))


@pytest.mark.parametrize("upazila", [True, False])
def test_all_upazila_officers_is_the_upazilas_own_at_its_meeting(
    office: Cli,  # noqa: F811
    upazila: bool,
) -> None:
    meeting = new_meeting(office, *(["পার্বতীপুর"] if upazila else []))
    office("decision", "edit", str(decision_01(office, meeting)), "--implementer", ALL_OFFICERS)
    from ngocoord import places

    every = sorted(u.en for u in places.upazilas_of(places.find_district("দিনাজপুর")))
    assert office_links(office.db, meeting) == (["Parbatipur"] if upazila else every)


def recorded_before_the_rule(db: Path, meeting: int, decision: int) -> None:
    """What a meeting recorded before the rule holds: item ০১ linked to every NGO on the list
    and every upazila office."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("DELETE FROM decision_link WHERE decision_id = ?", (decision,))
            conn.execute(
                "INSERT INTO decision_link (decision_id, ngo_id) SELECT ?, id FROM ngo", (decision,)
            )
            conn.execute(
                "INSERT INTO decision_link (decision_id, office_id) SELECT ?, id FROM office "
                "WHERE level = 'upazila'",
                (decision,),
            )
            conn.execute(
                "UPDATE decision SET implementers = ? WHERE id = ?",
                (f"সকল এনজিও, {ALL_OFFICERS}", decision),
            )
    finally:
        conn.close()


def test_relink_brings_a_meeting_recorded_before_the_rule_to_it(office: Cli) -> None:  # noqa: F811
    meeting = new_meeting(office, "পার্বতীপুর")
    decision = decision_01(office, meeting)
    recorded_before_the_rule(office.db, meeting, decision)
    assert linked(office, meeting) == ["CTW", "DAM", "MBSK"]
    warned = " ".join(" ".join(show(office, meeting)["warnings"]).split())
    assert f"`ngocoord meeting relink {meeting}`" in warned

    before = table_dump(office.db)
    asked = office("meeting", "relink", str(meeting), code=1)  # not at a terminal: refused
    said = " ".join(asked.output.split())
    assert "decision ০১" in said and "no longer links NGO(s) (1): MBSK" in said
    assert "no longer links upazila office(s) (12)" in said and "--replace" in said
    assert table_dump(office.db) == before

    done = " ".join(office("meeting", "relink", str(meeting), "--replace").output.split())
    assert "no longer links NGO(s) (1): MBSK" in done and "1 decision(s) linked anew" in done
    assert linked(office, meeting) == PARBATIPUR
    assert office_links(office.db, meeting) == ["Parbatipur"]
    assert not any("relink" in w for w in show(office, meeting)["warnings"])
    again = office("meeting", "relink", str(meeting)).output
    assert "all linked so already" in again

    runs = json.loads(office("log", "--format", "json").output)
    relinked = next(r for r in runs if "relink" in r["command"] and "--replace" in r["command"])
    office("undo", str(relinked["run"]), "--yes")
    assert linked(office, meeting) == ["CTW", "DAM", "MBSK"]


def test_relink_never_changes_a_finalised_meeting(office: Cli) -> None:  # noqa: F811
    meeting = new_meeting(office, "পার্বতীপুর")
    recorded_before_the_rule(office.db, meeting, decision_01(office, meeting))
    office("meeting", "finalise", str(meeting))
    before = table_dump(office.db)
    refused = " ".join(
        office("meeting", "relink", str(meeting), "--replace", code=1).output.split()
    )
    assert "finalised" in refused and f"ngocoord meeting reopen {meeting}" in refused
    assert table_dump(office.db) == before
    office("meeting", "reopen", str(meeting), "--reason", "বাস্তবায়নকারী সংশোধন")
    office("meeting", "relink", str(meeting), "--replace")
    assert linked(office, meeting) == PARBATIPUR
