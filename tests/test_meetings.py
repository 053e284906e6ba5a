"""`ngocoord meeting` and `ngocoord decisions`: the monthly meeting, recorded and followed up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, receive, table_dump
from openpyxl import Workbook

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture
def office(office: Cli) -> Cli:
    """The shared office (MBSK, CTW, DAM on the list) with its default chair set."""
    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    return office


def new_meeting(cli: Cli, date: str, *extra: str) -> int:
    out = cli("meeting", "new", "--date", date, *extra).output
    return int(out.split()[1])


def show(cli: Cli, meeting_id: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        cli("meeting", "show", str(meeting_id), "--format", "json").output
    )
    return data


DOC = """\
সভা নং: {id}
তারিখ: ১০.০২.২০২১
সময়: বিকাল ৪:০০
স্থান: জেলা প্রশাসকের সম্মেলন কক্ষ
সভাপতি: মোঃ মাহমুদুল আলম
সভাপতির পদবি: জেলা প্রশাসক, দিনাজপুর
আলোচ্য মাস: জানুয়ারি/২০২১
বিগত কার্যবিবরণী দৃঢ়করণ: হ্যাঁ
উপস্থাপনকারী এনজিও: MBSK
পরবর্তী উপস্থাপনকারী এনজিও: CTW

=== সূচনা
উপস্থিত সকল সদস্যকে শুভেচ্ছা জানিয়ে সভার কার্যক্রম শুরু করা হয়।

=== বিষয় ০১
--- আলোচনা
প্রতিবেদন দাখিল নিয়ে আলোচনা হয়।
--- সিদ্ধান্ত
১.১ সংস্থা প্রধানগণ উপস্থিত থাকবেন। ১.২ ওয়েব পোর্টাল হালনাগাদ করবেন। {শেষ তারিখ: ০৭.০৩.২০২১}
--- বাস্তবায়ন
সকল এনজিও, দিনাজপুর।

=== বিষয় ০৩
--- আলোচনা
ঢাকা আহছানিয়া মিশন সংস্থার দিনাজপুর জেলায় কোন কার্যক্রম নেই।
--- সিদ্ধান্ত
৩.১ তালিকা হতে ঢাকা আহছানিয়া মিশনকে বাদ দেয়ার সিদ্ধান্ত গৃহীত হয়। {বাদ: DAM}
৩.২ কার্যক্রম চলমান কিনা প্রতিবেদন দিতে অনুরোধ করা হয়।
--- বাস্তবায়ন
১.সহকারী কমিশনার এনজিও বিষয়ক সেল, দিনাজপুর ২.কাম-টু-ওয়ার্ক (সিটিডাব্লিউ), পার্বতীপুর, দিনাজপুর

=== বিষয় ০৪
--- আলোচনা
উপজেলা সভার কার্যবিবরণী নিয়মিত পাঠাতে হবে।
--- সিদ্ধান্ত
উপজেলা নির্বাহী অফিসারগণ কার্যবিবরণী প্রেরণ করবেন।
--- বাস্তবায়ন
উপজেলা নির্বাহী অফিসার (সকল), দিনাজপুর।

=== সমাপনী
সভায় আর কোন আলোচনা না থাকায় সভার সমাপ্তি ঘোষণা করা হয়।

=== বিতরণ
১। জেলা প্রশাসক, দিনাজপুর
২। অফিস কপি
"""


def doc_for(meeting_id: int) -> str:
    return DOC.replace("{id}", str(meeting_id))


def test_new_meeting_writes_the_standard_items(office: Cli, tmp_path: Path) -> None:
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-06")
    meeting = new_meeting(office, "10.02.2021", "--time", "16:00", "--venue", "সম্মেলন কক্ষ")
    data = show(office, meeting)
    assert data["month_reviewed"] == "2021-01" and data["time"] == "16:00"
    first = data["items"][0]["discussion"]
    assert "৩টি এনজিওর মধ্যে ১ টি এনজিও ছক মোতাবেক জানুয়ারি/২০২১" in first
    assert "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)" in first and "ঢাকা আহছানিয়া মিশন" in first
    assert data["next_presenter"] in {"CTW", "DAM", "MBSK"}


def test_item_01_and_check_count_the_same_reports(office: Cli, tmp_path: Path) -> None:
    """A meeting before the due day: the NGOs whose report is not yet due have not reported
    either, in the minutes' item ০১ as in `check` (one sentence, two wordings), and are said
    to have time left, as the summary's table beside the sentence counts them, not missing."""
    receive(office, tmp_path, "MBSK", "2021-01", "2021-02-03")
    meeting = new_meeting(office, "05.02.2021", "--time", "16:00", "--venue", "সম্মেলন কক্ষ")
    first = show(office, meeting)["items"][0]["discussion"]
    out = office(
        "check", "--kind", "ngo-report", "--month", "2021-01", "--as-of", "2021-02-05",
        "--format", "json",
    ).output  # fmt: skip
    check = json.loads(out)["checks"][0]
    assert check["sentence"] == (
        "৩টি এনজিওর মধ্যে ১টি এনজিও জানুয়ারি/২০২১ মাসের প্রতিবেদন দাখিল করেছেন। "
        "বাকী ২টি সংস্থার প্রতিবেদন দাখিলের সময় এখনো বাকি।"
    )
    assert first == (
        "সহকারী কমিশনার, এনজিও শাখা সভায় জানান যে, দিনাজপুর জেলায় কর্মরত ৩টি এনজিওর মধ্যে ১ টি "
        "এনজিও ছক মোতাবেক জানুয়ারি/২০২১ মাসের কার্যক্রম সম্পর্কিত প্রতিবেদন দাখিল করেছেন। "
        "বাকী ২ টি সংস্থার প্রতিবেদন দাখিলের সময় এখনো বাকি। "
        "প্রতিবেদন দাখিল করেনি: কাম-টু-ওয়ার্ক (সিটিডাব্লিউ), ঢাকা আহছানিয়া মিশন।"
    )


def test_show_and_confirm_come_from_the_core(office: Cli, tmp_path: Path, db: Path) -> None:
    """`meeting show --format json` prints the meeting's as_dict; `meeting confirm` is the
    core's confirm, with its audit row."""
    from ngocoord.meetings import meeting as meetings
    from ngocoord.meetings.overview import overview
    from ngocoord.store.db import open_register

    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    office("meeting", "attend", str(meeting), "MBSK", "--name", "রহিম")
    office("meeting", "confirm", str(meeting))
    register = open_register(f"sqlite:///{db}")
    try:
        with register.session() as s:
            data = overview(s, meetings.get(s, meeting)).as_dict()
    finally:
        register.close()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == show(office, meeting)
    assert data["previous_confirmed"] is True and data["held_on"] == "2021-02-10"
    assert data["present"][0]["ngo_code"] == "MBSK" and data["absent"] == ["CTW", "DAM"]
    trail = json.loads(office("log", "--changes", "--format", "json").output)
    assert any(r["table"] == "meeting" and "previous_minutes" in str(r["new"]) for r in trail), (
        trail
    )


def test_a_decision_keeps_its_number_when_listed_open_or_carried(
    office: Cli, tmp_path: Path
) -> None:
    """১.২ stays ১.২ once ১.১ is done, and ০২ stays ০২ when read out at the next meeting: the
    number is the minutes' number whatever is shown beside it."""
    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"])
    ws.append(["০১", "প্রতিবেদন দাখিল।", "১.১ প্রধানগণ থাকবেন। ১.২ পোর্টাল হালনাগাদ।", "সকল এনজিও"])
    ws.append(["০২", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার নিশ্চিত করতে হবে।", "সকল এনজিও"])
    path = tmp_path / "items.xlsx"
    wb.save(path)
    office("meeting", "items", str(meeting), str(path), "--replace")
    listed = json.loads(office("decisions", "--meeting", str(meeting), "--format", "json").output)
    assert [d["number"] for d in listed] == ["১.১", "১.২", "০২"]
    office("decision", "done", str(listed[0]["id"]))
    still_open = json.loads(office("decisions", "--open", "--format", "json").output)
    assert [d["number"] for d in still_open] == ["১.২", "০২"]
    later = new_meeting(office, "2021-03-10")
    assert [d["number"] for d in show(office, later)["carried"]] == ["১.২", "০২"]


def test_attendance_reads_yes_and_no_as_the_document_does(office: Cli, tmp_path: Path) -> None:
    """হ্যা (as often typed) and ১ are yes in the head column as in the meeting document; a
    word that is neither is a problem to correct, not a silent blank."""
    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["সংস্থার কোড", "নাম", "উপস্থিতি", "সংস্থা প্রধান"])
    ws.append(["MBSK", "মোঃ আব্দুল হাকীম মিয়া", "হ্যা", "হ্যা"])
    ws.append(["CTW", "রহিম", "উপস্থিত", "১"])
    ws.append(["DAM", "করিম", "0", None])
    path = tmp_path / "attendance.xlsx"
    wb.save(path)
    office("meeting", "attendance", str(meeting), str(path))
    data = show(office, meeting)
    assert [(p["ngo_code"], p["is_head"]) for p in data["present"]] == [
        ("MBSK", True),
        ("CTW", True),
    ]
    assert data["absent"] == ["DAM"]
    ws.append(["DAM", "করিম", "উপস্থিত", "হয়তো"])
    wb.save(path)
    before = table_dump(office.db)
    out = office("meeting", "attendance", str(meeting), str(path), code=1).output
    assert "'হয়তো': write হ্যাঁ or না" in " ".join(out.split())
    assert table_dump(office.db) == before


def test_first_meeting_needs_time_and_venue_then_defaults(office: Cli) -> None:
    out = office("meeting", "new", "--date", "2021-02-10", code=1).output
    assert "--time" in out and "--venue" in out
    first = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "সম্মেলন কক্ষ")
    second = new_meeting(office, "2021-03-10")
    assert show(office, second)["venue"] == "সম্মেলন কক্ষ"
    assert show(office, second)["month_reviewed"] == "2021-02"
    before = table_dump(office.db)
    dup = office("meeting", "new", "--date", "10.03.2021", code=1).output
    assert f"Meeting {second} of" in dup and "already" in dup
    assert table_dump(office.db) == before
    assert first != second


def test_document_round_trip_removal_and_links(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "meeting.txt"
    path.write_text(doc_for(meeting), encoding="utf-8")
    out = office("meeting", "edit", str(meeting), "--file", str(path), "--replace").output
    assert "3 items, 5 decisions" in out
    data = show(office, meeting)
    assert [i["number"] for i in data["items"]] == [1, 3, 4]
    assert data["items"][0]["decisions"][1]["due_on"] == "2021-03-07"
    assert data["previous_confirmed"] is True and data["time"] == "16:00"
    # ৩.১ took DAM off the list on the meeting date: expected for January, not February.
    dam = json.loads(office("ngo", "show", "DAM", "--format", "json").output)
    assert dam["memberships"][-1]["to"] == "2021-02-10"
    feb = json.loads(
        office(
            "check",
            "--kind",
            "ngo-report",
            "--month",
            "2021-02",
            "--as-of",
            "2021-03-20",
            "--format",
            "json",
            code=3,
        ).output
    )["checks"][0]
    assert {u["unit"] for u in feb["units"]} == {"MBSK", "CTW"}
    # The document written out parses back to the same meeting.
    written = office("meeting", "doc", str(meeting)).output
    again = tmp_path / "again.txt"
    again.write_text(written, encoding="utf-8")
    office("meeting", "edit", str(meeting), "--file", str(again))
    assert show(office, meeting) == data
    # CTW is named for item ০৩, and is one of "সকল এনজিও" of item ০১
    ctw = json.loads(office("decisions", "--implementer", "CTW", "--format", "json").output)
    assert [d["number"] for d in ctw] == ["১.১", "১.২", "৩.১", "৩.২"]
    uno = json.loads(office("decisions", "--implementer", "Parbatipur", "--format", "json").output)
    assert [d["number"] for d in uno] == ["০৪"]


def test_bad_document_lines_are_named_and_nothing_changes(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    before = table_dump(office.db)
    bad = (
        doc_for(meeting)
        .replace("সময়: বিকাল ৪:০০", "সময়: পরে")
        .replace("=== বিষয় ০৪", "=== বিষয়")
        .replace("{শেষ তারিখ: ০৭.০৩.২০২১}", "{শেষ তারিখ: কাল}")
        + "\nএই লাইনটি ভুল জায়গায়\n"
    )
    bad = bad.replace("--- বাস্তবায়ন\nসকল এনজিও", "--- মন্তব্য\nসকল এনজিও", 1)
    path = tmp_path / "bad.txt"
    path.write_text(bad, encoding="utf-8")
    out = office("meeting", "edit", str(meeting), "--file", str(path), code=1).output
    assert f"{path}:3:" in out  # the time
    assert "cannot be read" in out and "item needs its number" in out
    assert "unknown part" in out and "due date" in out
    assert table_dump(office.db) == before
    wrong = doc_for(meeting + 5)
    path.write_text(wrong, encoding="utf-8")
    assert "not" in office("meeting", "edit", str(meeting), "--file", str(path), code=1).output


def test_items_from_the_four_column_sheet(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন"])
    ws.append(["০১", "প্রতিবেদন দাখিল।", "১.১ প্রধানগণ থাকবেন। ১.২ পোর্টাল হালনাগাদ।", "সকল এনজিও"])
    ws.append(["০২", "করোনা পরিস্থিতি।", "মাস্ক ব্যবহার নিশ্চিত করতে হবে।", "সকল এনজিও"])
    path = tmp_path / "items.xlsx"
    wb.save(path)
    out = office("meeting", "items", str(meeting), str(path), "--replace").output
    assert "2 items, 3 decisions" in out
    listed = json.loads(office("decisions", "--meeting", str(meeting), "--format", "json").output)
    assert [d["number"] for d in listed] == ["১.১", "১.২", "০২"]


def test_attendance_sheet_and_command_line(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["সংস্থার কোড", "সংস্থার নাম", "প্রতিষ্ঠান", "নাম", "পদবি", "উপস্থিতি", "সংস্থা প্রধান"])
    ws.append([None, None, "জেলা প্রশাসকের কার্যালয়", "মোঃ মাহমুদুল আলম", "জেলা প্রশাসক", "উপস্থিত", None])
    ws.append(["MBSK", None, None, "মোঃ আব্দুল হাকীম মিয়া", "প্রজেক্ট কো-অর্ডিনেটর", "উপস্থিত", "হ্যাঁ"])
    ws.append([None, "কাম-টু-ওয়ার্ক (সিটিডাব্লিউ)", None, "রহিম", "প্রোগ্রাম অফিসার", "উপস্থিত", "না"])
    path = tmp_path / "attendance.xlsx"
    wb.save(path)
    out = office("meeting", "attendance", str(meeting), str(path)).output
    assert "3 people present (2 for NGOs, 1 officers and others)" in out
    assert "NGOs: 2 of the 3 on the list came (1 by their head), 1 absent" in out
    data = show(office, meeting)
    assert data["absent"] == ["DAM"]
    assert [(p["ngo_code"], p["is_head"]) for p in data["present"]] == [
        (None, None),
        ("MBSK", True),
        ("CTW", False),
    ]
    office("meeting", "attend", str(meeting), "DAM", "--name", "বেগম সালমা খাতুন")
    assert show(office, meeting)["absent"] == []
    bad = tmp_path / "bad.xlsx"
    ws.append([None, "অচেনা সংস্থা", None, "কেউ", None, "হয়তো", None])
    wb.save(bad)
    before = table_dump(office.db)
    out = office("meeting", "attendance", str(meeting), str(bad), code=1).output
    assert "অচেনা সংস্থা" in out and "হয়তো" in out
    assert table_dump(office.db) == before


def test_follow_up_carries_forward_across_three_meetings(office: Cli, tmp_path: Path) -> None:
    first = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "m.txt"
    path.write_text(doc_for(first), encoding="utf-8")
    office("meeting", "edit", str(first), "--file", str(path), "--replace")
    open_ids = [
        d["id"] for d in json.loads(office("decisions", "--open", "--format", "json").output)
    ]
    assert len(open_ids) == 4  # the document replaced the standard items; ৩.১ removed DAM
    office("decision", "done", str(open_ids[0]), "--note", "সকলে অবহিত")
    office("decision", "drop", str(open_ids[1]), "--reason", "প্রযোজ্য নয়")
    office("decision", "note", str(open_ids[2]), "চিঠি পাঠানো হয়েছে")
    assert (
        "Give the reason"
        in office("decision", "drop", str(open_ids[3]), "--reason", " ", code=1).output
    )
    assert "already done" in office("decision", "done", str(open_ids[0]), code=1).output
    second = new_meeting(office, "2021-03-10")
    carried = show(office, second)["carried"]
    assert [c["id"] for c in carried] == open_ids[2:]
    assert any("অনিষ্পন্ন" in i["discussion"] for i in show(office, second)["items"])
    office("decision", "done", str(open_ids[2]))
    third = new_meeting(office, "2021-04-10")
    carried = [c["id"] for c in show(office, third)["carried"]]
    # only that one: the third meeting writes the second's item ০১ decision again, and the
    # NGO the second's rota named presents at it, so both are done
    assert carried == open_ids[3:]
    overdue = json.loads(
        office("decisions", "--overdue", "--as-of", "2021-04-01", "--format", "json").output
    )
    assert [d["due_on"] for d in overdue] == []  # the one with a due date was dropped
    text = office("decision", "show", str(open_ids[2])).output
    assert "চিঠি পাঠানো হয়েছে" in text
    assert "No decision 999" in office("decision", "done", "999", code=1).output


def test_rota_prefers_who_has_not_presented(office: Cli, tmp_path: Path) -> None:
    first = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    path = tmp_path / "m.txt"
    path.write_text(doc_for(first), encoding="utf-8")
    office("meeting", "edit", str(first), "--file", str(path), "--replace")  # MBSK, then CTW
    rota = json.loads(office("meeting", "rota", "--date", "2021-02-11", "--format", "json").output)
    assert [r["code"] for r in rota] == ["CTW", "MBSK"]  # DAM left the list; MBSK just presented
    second = new_meeting(office, "2021-03-10")
    data = show(office, second)
    assert data["presenter"] == "CTW"
    assert data["next_presenter"] == "MBSK"


def test_attendance_report_heads_and_absences(office: Cli) -> None:
    ids = [
        new_meeting(
            office, f"2021-0{m}-10", *(("--time", "16:00", "--venue", "কক্ষ") if m == 2 else ())
        )
        for m in (2, 3, 4)
    ]
    for i in ids:
        office("meeting", "attend", str(i), "MBSK", "--name", "মোঃ আব্দুল হাকীম মিয়া", "--head")
    office("meeting", "attend", str(ids[0]), "CTW", "--name", "রহিম", "--deputy")
    report = json.loads(office("meeting", "attendance-report", "--format", "json").output)
    assert [m["by_head"] for m in report["meetings"]] == [1, 1, 1]
    assert report["head_share"] == 0.75
    assert report["absent_3_in_a_row"] == [{"code": "DAM", "name": "ঢাকা আহছানিয়া মিশন", "meetings": 3}]


def test_the_sample_meeting_of_seed_000(office: Cli) -> None:
    """The February 2021 minutes as the sample keeps them parse into 11 items."""
    from ngocoord.meetings.document import parse

    doc = parse((SAMPLE / "meeting-2021-02.txt").read_text(encoding="utf-8"))
    assert [len(i.decisions) for i in doc.items] == [2, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1]
    assert doc.items[2].decisions[0].removes == "DAM"


def test_bad_input_names_what_is_wrong_and_changes_nothing(office: Cli, tmp_path: Path) -> None:
    meeting = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    before = table_dump(office.db)
    out = office("meeting", "attend", str(meeting), "MBSX", code=1).output
    assert "No NGO with code 'MBSX'" in out and "MBSK" in out
    assert (
        "No meeting 99" in office("meeting", "edit", "99", "--file", str(tmp_path), code=1).output
    )
    assert "No meeting 99" in office("meeting", "attend", "99", "MBSK", code=1).output
    assert "No decision 42" in office("decision", "note", "42", "লেখা", code=1).output
    removal = doc_for(meeting).replace("{বাদ: DAM}", "{বাদ: XYZ}")
    path = tmp_path / "m.txt"
    path.write_text(removal, encoding="utf-8")
    edit = ("meeting", "edit", str(meeting), "--file", str(path), "--replace")
    assert "XYZ" in office(*edit, code=1).output
    assert table_dump(office.db) == before


@pytest.mark.parametrize("command", [["show", "1"], ["attendance-report"]])
def test_a_format_these_commands_do_not_write_is_refused(office: Cli, command: list[str]) -> None:
    """`--format csv` of a command that prints a document is refused, not answered with text."""
    new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ")
    result = office("meeting", *command, "--format", "csv", code=2)
    assert "'csv' is not one of 'text', 'json'" in result.output, result.output
    assert office("meeting", *command, "--format", "json").output.lstrip()[0] in "[{"
