"""Recording a meeting as a new clerk does: removals, due dates, the attendance sheet, the
standing and rota decisions, and the implementers and attendees the minutes print."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, table_dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook


@pytest.fixture
def office(office: Cli) -> Cli:
    """The shared office (MBSK, CTW, DAM on the list) with its default chair set."""
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    return office


def new_meeting(cli: Cli, date: str) -> int:
    out = cli("meeting", "new", "--date", date, "--time", "16:00", "--venue", "কক্ষ").output
    return int(out.split()[1])


def show(cli: Cli, meeting_id: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        cli("meeting", "show", str(meeting_id), "--format", "json").output
    )
    return data


def doc_with(cli: Cli, tmp_path: Path, meeting_id: int, item: str) -> Path:
    """The meeting's own document with one more item appended before its closing."""
    doc = cli("meeting", "doc", str(meeting_id)).output
    at = doc.index("=== সমাপনী") if "=== সমাপনী" in doc else len(doc)
    path = tmp_path / f"meeting-{meeting_id}.txt"
    path.write_text(doc[:at] + item + "\n" + doc[at:], encoding="utf-8")
    return path


ESDO = ("--name-bn", "ইকো সোশ্যাল ডেভেলপমেন্ট অর্গানাইজেশন", "--name-en", "Eco Social (ESDO)")


def test_a_removal_before_the_ngo_joined_is_refused(office: Cli, tmp_path: Path) -> None:
    office("ngo", "add", *ESDO, "--code", "ESDO", "--joined", "15.03.2021")
    meeting = new_meeting(office, "10.03.2021")
    item = (
        "=== বিষয় ০৯\n--- আলোচনা\nইএসডিও নিয়ে আলোচনা।\n--- সিদ্ধান্ত\n"
        "ইএসডিওকে তালিকা হতে বাদ দেয়া হয়। {বাদ: ESDO}\n"
    )
    path = doc_with(office, tmp_path, meeting, item)
    before = table_dump(office.db)
    out = office("meeting", "edit", str(meeting), "--file", str(path), "--replace", code=1).output
    assert "ESDO" in out and "2021-03-15" in out and "2021-03-10" in out
    assert table_dump(office.db) == before
    assert "2021-03-15 → now" in office("ngo", "show", "ESDO").output
    # by hand the same rule holds, said the same way
    out = office("ngo", "remove", "ESDO", "--on", "10.03.2021", "--reason", "x", code=1).output
    assert "ESDO joined the list on 2021-03-15" in out
    assert table_dump(office.db) == before
    office("ngo", "remove", "ESDO", "--on", "16.03.2021", "--reason", "closed")


def test_a_due_date_before_the_meeting_is_refused(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "10.02.2021")
    item = (
        "=== বিষয় ০৯\n--- আলোচনা\nপ্রতিবেদন।\n--- সিদ্ধান্ত\nপ্রতিবেদন দিতে হবে। {শেষ তারিখ: ০৭.০৩.২০২০}\n"
    )
    path = doc_with(office, tmp_path, meeting, item)
    before = table_dump(office.db)
    out = office("meeting", "edit", str(meeting), "--file", str(path), "--replace", code=1).output
    assert "2020-03-07" in out and "2021-02-10" in out and "০৯" in out
    assert table_dump(office.db) == before
    path.write_text(path.read_text("utf-8").replace("২০২০}", "২০২১}"), encoding="utf-8")
    office("meeting", "edit", str(meeting), "--file", str(path), "--replace")
    decisions = json.loads(
        office("decisions", "--meeting", str(meeting), "--format", "json").output
    )
    ninth = next(d for d in decisions if d["number"] == "০৯")
    assert ninth["due_on"] == "2021-03-07"
    before = table_dump(office.db)
    out = office("decision", "edit", str(ninth["id"]), "--due", "01.02.2021", code=1).output
    assert "2021-02-01" in out and "before the meeting" in out
    assert table_dump(office.db) == before
    office("decision", "edit", str(ninth["id"]), "--due", "10.02.2021")  # the day itself


def _sheet(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_attendance_names_columns_it_did_not_read_and_unsigned_rows(
    office: Cli, tmp_path: Path
) -> None:
    meeting = new_meeting(office, "10.02.2021")
    header = ["সংস্থার কোড", "নাম", "পদবি", "মোবাইল", "স্বাক্ষর"]
    path = _sheet(
        tmp_path / "sheet.xlsx",
        header,
        [
            ["MBSK", "মোঃ আব্দুল হাকীম মিয়া", "প্রজেক্ট কো-অর্ডিনেটর", "01712345678", "স্বাক্ষরিত"],
            ["CTW", "রহিম", "প্রোগ্রাম অফিসার", None, None],
        ],
    )
    out = office("meeting", "attendance", str(meeting), str(path)).output
    assert "1 person present (1 for NGOs, 0 officers" in out
    assert "NGOs: 1 of the 3 on the list came (1 by their head), 2 absent" in out
    assert '"মোবাইল"' in out and "columns not read" in out
    assert "Not signed" in out and "row 3: CTW (রহিম)" in out
    assert sorted(show(office, meeting)["absent"]) == ["CTW", "DAM"]
    # marked present in উপস্থিতি, an unsigned row counts as the clerk says
    header.append("উপস্থিতি")
    _sheet(
        path,
        header,
        [["CTW", "রহিম", "প্রোগ্রাম অফিসার", None, None, "উপস্থিত"]],
    )
    out = office("meeting", "attendance", str(meeting), str(path), "--replace").output
    assert "Not signed" not in out
    assert sorted(show(office, meeting)["absent"]) == ["DAM", "MBSK"]


def _open_decisions(cli: Cli) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli("decisions", "--open", "--format", "json").output)
    return found


def test_standing_and_rota_decisions_are_closed_by_the_next_meeting(office: Cli) -> None:
    first = new_meeting(office, "10.02.2021")
    presenter = show(office, first)["next_presenter"]
    assert len(_open_decisions(office)) == 2  # item ০১'s standing decision and the rota's
    out = office("meeting", "new", "--date", "10.03.2021").output
    second = int(out.split()[1])
    assert out.count("of the meeting on 2021-02-10") == 2 and "is done" in out
    assert show(office, second)["presenter"] == presenter
    still = [d for d in _open_decisions(office) if d["meeting"] == first]
    assert still == []
    carried = [i for i in show(office, second)["items"] if i.get("standard") == "carried"]
    assert carried == []  # nothing of the first meeting left open to read out again
    shown = office("decision", "show", str(_first_ids(office, first)[0])).output
    assert "done" in shown and "পুনরায় গৃহীত" in shown
    log = office("log", "--changes", "--table", "decision", "--format", "json").output
    assert "standing decision" in log and "presented" in log
    third = new_meeting(office, "10.04.2021")
    assert {d["meeting"] for d in _open_decisions(office)} == {third}
    run = json.loads(office("log", "-n", "1", "--format", "json").output)[0]["run"]
    office("undo", str(run), "--yes")  # the third meeting goes, the second's decisions reopen
    assert {d["meeting"] for d in _open_decisions(office)} == {second}


def _first_ids(cli: Cli, meeting: int) -> list[int]:
    decisions = json.loads(cli("decisions", "--meeting", str(meeting), "--format", "json").output)
    return [d["id"] for d in decisions]


def test_minutes_name_implementers_and_the_head_who_came(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "10.02.2021")
    item = (
        "=== বিষয় ০৯\n--- আলোচনা\nশিশুশ্রম।\n--- সিদ্ধান্ত\nকাজ করতে হবে।\n"
        "--- বাস্তবায়ন\nMBSK, CTW, পার্বতীপুর\n\n"
        "=== বিষয় ১০\n--- আলোচনা\nমাস্ক।\n--- সিদ্ধান্ত\nমাস্ক বিতরণ করবেন।\n"
        "--- বাস্তবায়ন\nকাম-টু-ওয়ার্ক (সিটিডাব্লিউ), পার্বতীপুর, দিনাজপুর।\n"
    )
    path = doc_with(office, tmp_path, meeting, item)
    office("meeting", "edit", str(meeting), "--file", str(path), "--replace")
    office("meeting", "attend", str(meeting), "MBSK", "CTW", "--head")
    out = tmp_path / "minutes.md"
    office("render", "minutes", str(meeting), "--out", str(out))
    text = out.read_text("utf-8")
    row9 = next(line for line in text.splitlines() if "শিশুশ্রম" in line)
    assert (
        "মহিলা বহুমুখী শিক্ষা কেন্দ্র (এমবিএসকে), কাম-টু-ওয়ার্ক (সিটিডাব্লিউ), "
        "উপজেলা নির্বাহী অফিসার, পার্বতীপুর" in row9
    )
    assert "MBSK" not in row9 and "CTW" not in row9
    row10 = next(line for line in text.splitlines() if "মাস্ক বিতরণ" in line)
    assert "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ), পার্বতীপুর, দিনাজপুর" in row10
    appendix = text[text.index("পরিশিষ্ট-“ক”") :]
    assert "মোঃ আব্দুল হাকীম মিয়া" in appendix and "প্রজেক্ট কো-অর্ডিনেটর" in appendix
    assert "মো: রফিকুল ইসলাম" in appendix and "নির্বাহী পরিচালক" in appendix


PEOPLE = ["রহিম", "করিম", "সালমা", "নাসরিন"]
_DAYS = itertools.count(1)  # each example's meeting on a day of its own


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["MBSK", "CTW", "DAM"]),
        st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True),
        min_size=1,
    )
)
def test_every_person_on_the_sheet_is_recorded_and_each_ngo_counted_once(
    office: Cli, tmp_path: Path, came: dict[str, list[str]]
) -> None:
    meeting = new_meeting(office, (date(2021, 1, 1) + timedelta(next(_DAYS))).strftime("%d.%m.%Y"))
    rows = [[code, person, "প্রতিনিধি"] for code, people in came.items() for person in people]
    path = _sheet(tmp_path / f"people-{meeting}.xlsx", ["সংস্থার কোড", "নাম", "পদবি"], rows)
    out = office("meeting", "attendance", str(meeting), str(path)).output
    people = f"{len(rows)} {'person' if len(rows) == 1 else 'people'} present"
    assert people in out and f"NGOs: {len(came)} of the 3 on the list came" in out
    shown = show(office, meeting)
    assert sorted((p["ngo_code"], p["name"]) for p in shown["present"]) == sorted(
        (code, person) for code, person, _ in rows
    )
    assert sorted(shown["absent"]) == sorted({"MBSK", "CTW", "DAM"} - set(came))
    figures = json.loads(office("meeting", "attendance-report", "--format", "json").output)
    assert figures["meetings"][-1]["present"] == len(came)
    assert figures["meetings"][-1]["on_list"] == 3
    # imported again unchanged, nobody is lost or doubled
    office("meeting", "attendance", str(meeting), str(path))
    assert len(show(office, meeting)["present"]) == len(rows)


def test_an_ngo_present_and_absent_on_one_sheet_is_refused(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "10.02.2021")
    path = _sheet(
        tmp_path / "both.xlsx",
        ["সংস্থার কোড", "নাম", "উপস্থিতি"],
        [["MBSK", "রহিম", "উপস্থিত"], ["CTW", "করিম", None], ["MBSK", "করিম", "অনুপস্থিত"]],
    )
    before = table_dump(office.db)
    out = office("meeting", "attendance", str(meeting), str(path), code=1).output
    assert ":4:C" in out and "MBSK is present on row 2 and absent here" in out
    assert table_dump(office.db) == before


UPAZILAS = ["পার্বতীপুর", "বিরল", "চিরিরবন্দর", "খানসামা"]
WORDS = ["উপজেলা নির্বাহী অফিসার", "সকল এনজিও", "ব্র্যাক", "উপজেলা সমাজসেবা অফিসার", "সংস্থা"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(UPAZILAS)), min_size=1, max_size=3),
    st.lists(st.sampled_from(UPAZILAS), max_size=3),
)
def test_an_upazila_after_its_office_words_stays_and_a_bare_one_is_its_officer(
    register_lookups: tuple[Any, Any, str], placed: list[tuple[str, str]], bare: list[str]
) -> None:
    """ "উপজেলা নির্বাহী অফিসার, চান্দিনা" printed "উপজেলা নির্বাহী অফিসার, উপজেলা নির্বাহী
    অফিসার, চান্দিনা": an upazila is its officer only where it stands alone."""
    from ngocoord.bangla import to_bengali_digits
    from ngocoord.meetings.minutes import implementers_bn

    ngos, upazilas, district = register_lookups
    entries = [f"{words}, {place}" for words, place in placed] + bare
    text = " ".join(f"{to_bengali_digits(str(n))}. {e}" for n, e in enumerate(entries, 1))
    expected = " ".join(
        f"{to_bengali_digits(str(n))}. {e if ',' in e else 'উপজেলা নির্বাহী অফিসার, ' + e}"
        for n, e in enumerate(entries, 1)
    )
    assert implementers_bn(text, ngos, upazilas, district) == expected


@pytest.fixture(scope="module")
def register_lookups(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, str]:
    """The NGO lookup, upazila offices and district of a new Dinajpur register."""
    from ngocoord.register import lookup
    from ngocoord.store import offices
    from ngocoord.store.db import open_register

    cli = Cli(tmp_path_factory.mktemp("lookups") / "r.sqlite")
    cli("init", "--district", "দিনাজপুর")
    register = open_register(f"sqlite:///{cli.db}")
    try:
        with register.session() as s:
            return (
                lookup.load(s),
                list(offices.upazila_offices(s).values()),
                offices.home_district(s).bn,
            )
    finally:
        register.close()


def test_a_decisions_implementer_the_column_names_is_not_repeated(
    office: Cli, tmp_path: Path
) -> None:
    meeting = new_meeting(office, "10.02.2021")
    item = (
        "=== বিষয় ০৯\n--- আলোচনা\nপরীক্ষা।\n--- সিদ্ধান্ত\n"
        "৯.১ বিরলে সভা হবে। {বাস্তবায়ন: বিরল}\n৯.২ প্রতিবেদন দিতে হবে। {বাস্তবায়ন: CTW}\n"
        "--- বাস্তবায়ন\n১. উপজেলা নির্বাহী অফিসার, বিরল ২. সহকারী কমিশনার, এনজিও বিষয়ক সেল\n"
    )
    office(
        "meeting",
        "edit",
        str(meeting),
        "--file",
        str(doc_with(office, tmp_path, meeting, item)),
        "--replace",
    )
    out = tmp_path / "minutes.md"
    office("render", "minutes", str(meeting), "--out", str(out))
    row = next(line for line in out.read_text("utf-8").splitlines() if "বিরলে সভা" in line)
    assert row.count("উপজেলা নির্বাহী অফিসার") == 1
    assert "৯.২ কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)" in row  # not in the column: named with its decision
