"""The monthly report template: what an NGO receives, and that the importer reads it back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ngocoord.bangla import parse_int
from ngocoord.intake import report_format as rf
from ngocoord.intake.report_template import FORMAT_NAME, layout, write_template
from ngocoord.intake.sheets import find_table

UPAZILAS = ["দিনাজপুর সদর", "বিরল", "বোচাগঞ্জ", "পার্বতীপুর"]
POS = layout()


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / rf.template_name("2021-01", "MBSK")
    written = write_template(
        path, code="MBSK", name="মানব বিকাশ সংস্থা", month="2021-01", upazilas=UPAZILAS
    )
    assert written == path
    return path


def _sheet(path: Path) -> Any:
    wb = openpyxl.load_workbook(path)
    return wb, wb[rf.SHEET]


def _validation(ws: Any, cell: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{cell}: {len(found)} validations"
    return found[0]


def test_layout_of_version_1() -> None:
    assert POS.header_rows == {
        "ngo_code": 4,
        "ngo_name": 5,
        "month": 6,
        "prepared_by": 7,
        "designation": 8,
        "mobile": 9,
        "report_date": 10,
    }
    assert (POS.table_header_row, POS.english_row) == (12, 13)
    assert (POS.first_entry_row, POS.last_entry_row, POS.totals_row) == (14, 43, 44)
    assert POS.columns["serial"] == "A" and POS.columns["activities"] == "K"
    assert layout(5).totals_row == 19


def test_title_note_and_prefilled_header_block(template: Path) -> None:
    wb, ws = _sheet(template)
    assert wb.sheetnames[0] == rf.SHEET and wb.active.title == rf.SHEET
    assert ws["A1"].value == rf.TITLE and ws["A1"].font.b
    assert "A1:K1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == (
        "পূরণ করে পরবর্তী মাসের ৭ তারিখের মধ্যে জেলা প্রশাসকের কার্যালয়ে পাঠান"
        " / Fill in and send by the 7th of the next month"
    )
    for key, row in POS.header_rows.items():
        bangla, english = rf.HEADER_FIELDS[key][:2]
        assert ws.cell(row, 1).value == f"{bangla}\n{english}"
        assert f"B{row}:D{row}" in {str(r) for r in ws.merged_cells.ranges}
    values = {key: ws.cell(row, 2).value for key, row in POS.header_rows.items()}
    assert values == {
        "ngo_code": "MBSK",
        "ngo_name": "মানব বিকাশ সংস্থা",
        "month": "জানুয়ারি/২০২১",
        "prepared_by": None,
        "designation": None,
        "mobile": None,
        "report_date": None,
    }
    assert ws.cell(POS.header_rows["mobile"], 2).number_format == "@"  # keeps the leading 0


def test_table_header_rows(template: Path) -> None:
    _, ws = _sheet(template)
    bangla = [ws.cell(POS.table_header_row, c).value for c in range(1, 12)]
    english = [ws.cell(POS.english_row, c).value for c in range(1, 12)]
    assert bangla == [rf.heading(k)[0] for k in rf.LINE_FIELDS]
    assert english == [rf.heading(k)[1] for k in rf.LINE_FIELDS]
    assert ws.cell(POS.table_header_row, 12).value is None
    for row in (POS.table_header_row, POS.english_row):
        cell = ws.cell(row, 2)
        assert cell.font.b and cell.alignment.wrap_text and cell.fill.fgColor.rgb.endswith("F7")
    # Entry rows are empty, serial included.
    for row in range(POS.first_entry_row, POS.last_entry_row + 1):
        assert all(ws.cell(row, c).value is None for c in range(1, 12))
    assert ws.freeze_panes is None  # a frozen header block would hide the entry rows
    assert ws.print_title_rows == "$12:$13"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["K"].width > ws.column_dimensions["F"].width
    assert ws["F14"].number_format == "#,##0" and ws["I14"].number_format == "#,##0.00"


def test_data_validations(template: Path) -> None:
    _, ws = _sheet(template)
    last = POS.last_entry_row
    upazila = _validation(ws, "D14")
    assert upazila.type == "list" and upazila.errorStyle == "stop"
    assert upazila.formula1 == f"'{rf.LISTS_SHEET}'!$A$1:$A${len(UPAZILAS)}"
    assert f"D{last}" in upazila.sqref and f"D{last + 1}" not in upazila.sqref
    sector = _validation(ws, "E14")
    assert sector.type == "list"
    assert sector.formula1 == f"'{rf.LISTS_SHEET}'!$B$1:$B${len(rf.SECTORS)}"
    for key in rf.COUNT_FIELDS:
        dv = _validation(ws, f"{POS.columns[key]}{last}")
        assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
        assert dv.errorStyle == "warning" and dv.showErrorMessage
        assert "পূর্ণসংখ্যা" in dv.error and "whole number" in dv.error
    for key in rf.MONEY_FIELDS:
        dv = _validation(ws, f"{POS.columns[key]}14")
        assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
        assert dv.errorStyle == "warning" and "টাকা" in dv.error and "taka" in dv.error
    for dv in ws.data_validations.dataValidation:  # Excel's limits
        assert len(dv.errorTitle) <= 32 and len(dv.error) <= 255


def test_protection(template: Path) -> None:
    _, ws = _sheet(template)
    assert ws.protection.sheet and not ws.protection.password
    assert not ws.protection.formatColumns and not ws.protection.formatRows  # allowed
    locked = ["A1", "A4", "B4", "B5", "B6", "B12", "K13", "A44", "F44"]
    unlocked = ["B7", "B8", "B9", "B10", "A14", "B14", "F14", "K43"]
    assert all(ws[c].protection.locked for c in locked)
    assert not any(ws[c].protection.locked for c in unlocked)


def test_totals_row(template: Path) -> None:
    _, ws = _sheet(template)
    row = POS.totals_row
    assert ws.cell(row, 1).value == "মোট"
    for key in (*rf.COUNT_FIELDS, *rf.MONEY_FIELDS):
        col = POS.columns[key]
        assert ws[f"{col}{row}"].value == f"=SUM({col}14:{col}43)"
    assert ws[f"K{row}"].value is None


def test_hidden_lists_sheet_and_version_marker(template: Path) -> None:
    wb, _ = _sheet(template)
    lists = wb[rf.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(r, 1).value for r in range(1, 6)] == [*UPAZILAS, None]
    assert [lists.cell(r, 2).value for r in range(1, len(rf.SECTORS) + 1)] == list(rf.SECTORS)
    assert wb.defined_names[FORMAT_NAME].attr_text == str(rf.FORMAT_VERSION)
    assert wb.properties.title == rf.TITLE


def test_options_and_bad_input(tmp_path: Path) -> None:
    path = write_template(
        tmp_path / "x.xlsx",
        code="=HYPERLINK(1)",
        name="নাম",
        month="2020-12",
        upazilas=[],
        entry_rows=3,
        due_day=10,
    )
    _, ws = _sheet(path)
    assert ws["B4"].value == "=HYPERLINK(1)" and ws["B4"].data_type == "s"  # text, not formula
    assert ws["B6"].value == "ডিসেম্বর/২০২০"
    assert "১০ তারিখের" in ws["A2"].value and "10th" in ws["A2"].value
    assert ws.cell(layout(3).totals_row, 1).value == "মোট"
    assert all(
        dv.type != "list" or "$B$" in dv.formula1 for dv in ws.data_validations.dataValidation
    )
    for month in ("2021-13", "2021-1", "জানুয়ারি/২০২১"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            write_template(tmp_path / "y.xlsx", code="A", name="B", month=month, upazilas=[])


def test_importer_reads_a_filled_template(template: Path) -> None:
    wb, ws = _sheet(template)
    ws["B7"] = "রহিমা খাতুন"
    ws["B9"] = "01711000001"
    filled: list[list[object]] = [
        [None, "মা ও শিশু স্বাস্থ্য", "ইউনিসেফ", "বিরল", "স্বাস্থ্য"],
        [2, "নিরাপদ পানি", "ওয়াটারএইড", "দিনাজপুর সদর", "পানি ও স্যানিটেশন"],
    ]
    filled[0] += ["১২০", "৩৫০", "৮০", 1250000, 98500.5, "উঠান বৈঠক ১২টি"]  # Bengali digits as text
    filled[1] += [40, 45, 0, "৫,০০,০০০", "২৫০০০", "নলকূপ স্থাপন"]
    for r, values in enumerate(filled, start=POS.first_entry_row):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    wb.save(template)

    table = find_table(template, rf.LINE_FIELDS, required={"project"})
    assert table.sheet == rf.SHEET
    assert table.header_row == POS.table_header_row
    assert table.columns == {key: i for i, key in enumerate(rf.LINE_FIELDS)}
    assert table.unmatched == []
    assert [r for r, _ in table.rows] == [14, 15]  # no blank entry rows, no totals row
    (_, first), (_, second) = table.rows
    assert first == filled[0]
    assert second == filled[1]
    male = table.columns["ben_male"]
    assert first[male] == "১২০" and parse_int(first[male]) == 120


def test_import_is_cheap() -> None:
    code = "import sys, ngocoord.intake.report_template; assert 'openpyxl' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
