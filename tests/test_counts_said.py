"""What a document says in a sentence agrees with the figures printed beside it: the NGO
profile's months received and missed, item ০১'s (and the summary's) NGOs in and not in,
attendance counted as people and as NGOs, the history legend, and the attendance sheet as a
workbook that is read back as it was signed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from conftest import Cli
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from ngocoord.bangla import to_latin_digits
from ngocoord.compliance import check as compliance
from ngocoord.meetings.attendance import Absent, Present, counted, said
from ngocoord.ngo_profile import report_record

STATUSES = [
    compliance.ON_TIME,
    compliance.LATE,
    compliance.MISSING,
    compliance.NOT_DUE,
    compliance.NOT_LISTED,
    compliance.BEFORE_TRACKING,
]
MONTHS = [f"{y}-{m:02d}" for y in (2020, 2021, 2022) for m in range(1, 13)]


def _numbers(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", to_latin_digits(text).replace("/", " "))]


@given(st.dictionaries(st.sampled_from(MONTHS), st.sampled_from(STATUSES)))
def test_profile_sentence_counts_what_the_table_lists(cells: dict[str, str]) -> None:
    record = report_record(cells)
    listed = [m for m, s in cells.items() if s in (compliance.ON_TIME, compliance.LATE)]
    due = [m for m, s in cells.items() if s in (compliance.ON_TIME, compliance.LATE, "missing")]
    assert record["received"] == len(listed)  # the rows of the table of months received
    assert record["due"] == len(due) and record["missed"] == len(due) - len(listed)
    if not due:
        assert "দাখিলের সময় হয়নি" in record["sentence"]
        return
    # "<first> থেকে <last> পর্যন্ত … <due> মাসের মধ্যে <received> মাসের … <missed> মাসের …"
    assert _numbers(record["sentence"])[-3:] == [len(due), len(listed), len(due) - len(listed)]


@given(st.lists(st.sampled_from(STATUSES[:4]), max_size=30), st.sampled_from(["ngo", "upazila"]))
def test_who_reported_sentence_agrees_with_the_table(statuses: list[str], submitter: str) -> None:
    units = [compliance.Unit(f"N{i}", "", s) for i, s in enumerate(statuses)]
    check = compliance.Check("k", submitter, "2021-01", date(2021, 2, 7), date(2021, 2, 7), units)
    totals = check.totals()
    for text in (check.sentence(), check.sentence(district="দিনাজপুর")):
        numbers = _numbers(text)
        assert numbers[:3] == [totals["expected"], totals["received"], 2021]  # then the month
        rest = numbers[3:]
        missing, waiting = totals["missing"], totals["not_yet_due"]
        if missing and waiting:
            assert rest == [missing + waiting, missing, waiting]
        elif missing or waiting:
            assert rest == [missing or waiting]
            assert ("পাওয়া যায়নি" in text) == bool(missing)
        else:
            assert rest == [] and "বাকী" not in text


@given(
    st.lists(
        st.tuples(st.sampled_from([None, "A", "B", "C"]), st.sampled_from([None, True, False])),
        max_size=12,
    ),
    st.integers(0, 5),
)
def test_attendance_counts_people_as_people_and_ngos_as_ngos(
    marks: list[tuple[str | None, bool | None]], absent: int
) -> None:
    present = [Present("org", None, None, head, code) for code, head in marks]
    gone = [Absent(f"X{i}", "", None, None) for i in range(absent)]
    figures = counted(present, gone)
    ngos = {code for code, _ in marks if code}
    assert figures["present"] == len(marks)
    assert figures["officers"] == sum(1 for code, _ in marks if not code)
    assert figures["ngos_present"] == len(ngos) and figures["on_list"] == len(ngos) + absent
    assert figures["by_head"] == len({code for code, head in marks if code and head})
    line = said(figures)
    assert f"{len(marks)} {'person' if len(marks) == 1 else 'people'} present" in line
    assert f"NGOs: {len(ngos)} of the {len(ngos) + absent} on the list came" in line


def test_history_names_months_before_the_tracking_start(office: Cli, tmp_path: Path) -> None:
    office("config", "set", "tracking.start", "2021-01")
    out = office("check", "history", "--from", "2020-10", "--to", "2021-02").output
    assert "○ before the tracking start (2021-01): not expected" in out
    assert "– not on the list" in out
    data = office("check", "history", "--from", "2020-10", "--to", "2021-02", "--format", "json")
    import json

    cells = json.loads(data.output)["units"][0]["cells"]
    assert cells["2020-12"] == compliance.BEFORE_TRACKING and cells["2021-01"] != "not listed"
    inside = office("check", "history", "--from", "2021-01", "--to", "2021-02").output
    assert "before the tracking start" not in inside


def test_attendance_sheet_workbook_is_read_back_as_signed(office: Cli, tmp_path: Path) -> None:
    from test_meetings import new_meeting

    office("config", "set", "chair.name", "মোঃ মাহমুদুল আলম")
    number = new_meeting(office, "2021-02-10", "--time", "16:00", "--venue", "কক্ষ 2")
    sheet = tmp_path / "sheet.xlsx"
    office("render", "attendance-sheet", str(number), "--out", str(sheet), "--blank", "3")
    wb = load_workbook(sheet)
    ws = wb.active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "ক্রমিক")
    assert "কক্ষ ২" in str(rows[header - 1][0])  # the particulars above, in Bengali digits
    columns = list(rows[header])
    body = rows[header + 1 :]
    assert [r[0] for r in body] == ["১", "২", "৩", "৪", "৫", "৬"]  # 3 NGOs, 3 blank rows
    codes = [r[columns.index("সংস্থার কোড")] for r in body[:3]]
    assert sorted(codes) == ["CTW", "DAM", "MBSK"]

    def put(row: int, column: str, value: str) -> None:
        ws.cell(row=header + 2 + row, column=columns.index(column) + 1, value=value)

    put(codes.index("MBSK"), "নাম", "মোঃ আব্দুল হাকীম মিয়া")
    put(codes.index("MBSK"), "সংস্থা প্রধান", "হ্যাঁ")
    put(codes.index("MBSK"), "স্বাক্ষর", "স্বাক্ষরিত")
    put(3, "প্রতিষ্ঠান", "জেলা প্রশাসকের কার্যালয়")
    put(3, "নাম", "মোঃ মাহমুদুল আলম")
    put(3, "স্বাক্ষর", "স্বাক্ষরিত")
    wb.save(sheet)
    out = office("meeting", "attendance", str(number), str(sheet)).output
    assert "2 people present (1 for NGOs, 1 officers and others)" in out
    assert "NGOs: 1 of the 3 on the list came (1 by their head), 2 absent" in out
    import json

    shown = json.loads(office("meeting", "show", str(number), "--format", "json").output)
    assert sorted(shown["absent"]) == ["CTW", "DAM"]
    assert {p["organisation"] for p in shown["present"] if not p["ngo_code"]} == {
        "জেলা প্রশাসকের কার্যালয়"
    }
