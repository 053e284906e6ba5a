"""The monthly report workbook (the "ছক", format version 1) that each NGO fills in.

One sheet, `report_format.SHEET`:

    row 1        title, merged across the table
    row 2        when and where to send it
    rows 4-10    header block: label in column A ("Bangla\\nEnglish"), value in B (merged B:D)
    row 12       table header, Bangla headings
    row 13       table header, English lines
    rows 14-43   entry rows (ENTRY_ROWS of them), unlocked
    row 44       totals: "মোট" and SUM formulas (the importer drops it)

The rows follow from `HEADER_FIELDS` and `entry_rows`; `Layout` gives the numbers. A hidden
sheet `report_format.LISTS_SHEET` holds the upazila (column A) and sector (column B) lists the
drop-downs refer to. All labels come from `report_format`, which the importer reads too.

openpyxl is imported inside `write_template` so that importing this module stays cheap; text
cells and the file go through `ngocoord.documents.spreadsheet` (no text becomes a formula).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import files, periods
from ngocoord.bangla import format_month_bn, to_bengali_digits
from ngocoord.documents import spreadsheet
from ngocoord.intake import report_format as rf
from ngocoord.intake.headers import column_letter
from ngocoord.register import returns, roster
from ngocoord.store import offices

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["Layout", "layout", "write_template"]

DUE_DAY = 7
FORMAT_NAME = "ngocoord_format"  # defined name (and custom property) holding FORMAT_VERSION

# Column widths in characters, by field; Bangla needs a little more room than Latin.
_WIDTHS = {
    "serial": 20,  # also holds the header-block labels
    "project": 32,
    "donor": 22,
    "upazila": 16,
    "sector": 20,
    "ben_male": 12,
    "ben_female": 12,
    "ben_children": 12,
    "budget_year": 17,
    "spent_month": 17,
    "activities": 55,
}
_TEXT_FIELDS = ("project", "donor", "upazila", "sector", "activities")
_PREFILLED = ("ngo_code", "ngo_name", "month")
_VALUE_SPAN = 3  # header-block values span columns B:D
_COUNT_FORMAT = "#,##0"
_MONEY_FORMAT = "#,##0.00"
_FILL = "DDEBF7"  # light blue for the fixed parts
_TOTAL_FILL = "F2F2F2"

_COUNT_ERROR = (
    "পূর্ণসংখ্যা / Whole number",
    "০ বা তার বেশি পূর্ণসংখ্যা লিখুন, যেমন ১২০। বাংলা অঙ্কে লিখলে Yes চাপুন।\n"
    "Enter a whole number, 0 or more, e.g. 120. Typed in Bengali digits? Click Yes.",
)
_MONEY_ERROR = (
    "টাকার অঙ্ক / Amount in taka",
    "টাকার অঙ্ক লিখুন, ০ বা তার বেশি, যেমন ১২৫০০.৫০। বাংলা অঙ্কে লিখলে Yes চাপুন।\n"
    "Enter an amount in taka, 0 or more, e.g. 12500.50. Typed in Bengali digits? Click Yes.",
)
_UPAZILA_ERROR = (
    "উপজেলা / Upazila",
    "তালিকা থেকে উপজেলা বেছে নিন।\nChoose an upazila from the list.",
)
_SECTOR_ERROR = (
    "খাত / Sector",
    "তালিকা থেকে খাত বেছে নিন; না মিললে 'অন্যান্য'।\n"
    "Choose a sector from the list; if none fits, 'অন্যান্য' (other).",
)
_MONTH_RE = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Layout:
    """Where things are on the report sheet (1-based rows; columns as letters)."""

    header_rows: dict[str, int]  # HEADER_FIELDS key -> row; label in A, value in B
    table_header_row: int  # Bangla headings
    english_row: int  # English lines, directly under
    first_entry_row: int
    last_entry_row: int
    totals_row: int
    columns: dict[str, str]  # LINE_FIELDS key -> column letter

    @property
    def last_column(self) -> str:
        return self.columns[list(self.columns)[-1]]


def layout(entry_rows: int = rf.ENTRY_ROWS) -> Layout:
    """The cell layout of a template with `entry_rows` blank project rows."""
    header_rows = {key: 4 + i for i, key in enumerate(rf.HEADER_FIELDS)}
    table = 4 + len(header_rows) + 1  # one blank row between the blocks
    first = table + 2
    last = first + entry_rows - 1
    columns = {key: column_letter(i) for i, key in enumerate(rf.LINE_FIELDS)}
    return Layout(header_rows, table, table + 1, first, last, last + 1, columns)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def due_note(due_day: int = DUE_DAY) -> str:
    """Row 2 of the template: when and where to send the report."""
    return (
        f"পূরণ করে পরবর্তী মাসের {to_bengali_digits(due_day)} তারিখের মধ্যে জেলা প্রশাসকের "
        f"কার্যালয়ে পাঠান / Fill in and send by the {_ordinal(due_day)} of the next month"
    )


def _parse_month(month: str) -> tuple[int, int]:
    m = _MONTH_RE.fullmatch(month.strip())
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"month must be YYYY-MM, e.g. 2021-01: {month!r}")
    return int(m.group(1)), int(m.group(2))


def write_template(
    path: Path,
    *,
    code: str,
    name: str,
    month: str,
    upazilas: list[str],
    sectors: Sequence[str] = rf.SECTORS,
    entry_rows: int = rf.ENTRY_ROWS,
    due_day: int = DUE_DAY,
) -> Path:
    """Write the monthly report workbook for one NGO and month ("YYYY-MM") to `path`.

    Code, name and month are filled in and locked; the NGO fills the rest of the header block
    and the entry rows. Drop-downs list `upazilas` and `sectors` from a hidden sheet.
    """
    from openpyxl import Workbook
    from openpyxl.packaging.custom import IntProperty
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.properties import PageSetupProperties

    year, month_no = _parse_month(month)
    if entry_rows < 1:
        raise ValueError("entry_rows must be at least 1")
    if not 1 <= due_day <= 28:
        raise ValueError(f"due_day must be 1-28: {due_day}")
    pos = layout(entry_rows)
    cols = pos.columns
    last_col = pos.last_column

    text = spreadsheet.set_text  # text, never a formula, no characters Excel refuses

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_FILL)
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    unlocked = Protection(locked=False)

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = rf.SHEET

    # Title and note.
    ws.merge_cells(f"A1:{last_col}1")
    text(ws["A1"], rf.TITLE)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = centred
    ws.row_dimensions[1].height = 24
    ws.merge_cells(f"A2:{last_col}2")
    text(ws["A2"], due_note(due_day))
    ws["A2"].font = Font(italic=True, size=9)
    ws["A2"].alignment = centred
    ws.row_dimensions[2].height = 16
    ws.row_dimensions[3].height = 8

    # Header block.
    value_end = column_letter(_VALUE_SPAN)  # D
    prefill = {"ngo_code": code, "ngo_name": name, "month": format_month_bn(year, month_no)}
    for key, row in pos.header_rows.items():
        bangla, english = rf.HEADER_FIELDS[key][:2]
        label = ws.cell(row, 1)
        text(label, f"{bangla}\n{english}")
        label.font = bold
        label.fill = fill
        label.border = box
        label.alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(f"B{row}:{value_end}{row}")
        for c in range(2, _VALUE_SPAN + 2):
            cell = ws.cell(row, c)
            cell.border = box
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            cell.number_format = "@"  # mobile keeps its leading 0; dates stay as typed
            if key not in _PREFILLED:
                cell.protection = unlocked
        if key in prefill:
            text(ws.cell(row, 2), prefill[key])
            ws.cell(row, 2).font = bold
        ws.row_dimensions[row].height = 30

    ws.row_dimensions[pos.table_header_row - 1].height = 8

    # Table header: Bangla headings, English lines under them.
    for i, key in enumerate(rf.LINE_FIELDS, start=1):
        bangla, english = rf.heading(key)
        for row, label_text in ((pos.table_header_row, bangla), (pos.english_row, english)):
            cell = ws.cell(row, i)
            text(cell, label_text)
            cell.font = bold if row == pos.table_header_row else Font(bold=True, size=9)
            cell.fill = fill
            cell.border = box
            cell.alignment = centred
    ws.row_dimensions[pos.table_header_row].height = 36
    ws.row_dimensions[pos.english_row].height = 26

    # Entry rows: unlocked, bordered, formatted; left empty (no serial numbers).
    formats = {key: "@" for key in _TEXT_FIELDS}
    formats |= {key: _COUNT_FORMAT for key in rf.COUNT_FIELDS}
    formats |= {key: _MONEY_FORMAT for key in rf.MONEY_FIELDS}
    for row in range(pos.first_entry_row, pos.last_entry_row + 1):
        for i, key in enumerate(rf.LINE_FIELDS, start=1):
            cell = ws.cell(row, i)
            cell.protection = unlocked
            cell.border = box
            if key in formats:
                cell.number_format = formats[key]
            cell.alignment = wrap_top if key in _TEXT_FIELDS else Alignment(vertical="top")

    # Totals row: "মোট" first (the importer drops a row that starts so), then SUMs.
    total_fill = PatternFill("solid", fgColor=_TOTAL_FILL)
    for i, key in enumerate(rf.LINE_FIELDS, start=1):
        cell = ws.cell(pos.totals_row, i)
        cell.font = bold
        cell.fill = total_fill
        cell.border = box
        letter = cols[key]
        if key in rf.COUNT_FIELDS or key in rf.MONEY_FIELDS:
            cell.value = f"=SUM({letter}{pos.first_entry_row}:{letter}{pos.last_entry_row})"
            cell.number_format = _COUNT_FORMAT if key in rf.COUNT_FIELDS else _MONEY_FORMAT
    text(ws.cell(pos.totals_row, 1), "মোট")  # "মোট / Total" is not a totals label to sheets.py
    text(ws.cell(pos.totals_row, 2), "Total")

    # Lists for the drop-downs, on a hidden sheet (inline lists are limited to 255 chars).
    lists = wb.create_sheet(rf.LISTS_SHEET)
    upazila_list = list(dict.fromkeys(u.strip() for u in upazilas if u and u.strip()))
    sector_list = list(dict.fromkeys(s.strip() for s in sectors if s and s.strip()))
    for r, value in enumerate(upazila_list, start=1):
        text(lists.cell(r, 1), value)
    for r, value in enumerate(sector_list, start=1):
        text(lists.cell(r, 2), value)
    lists.column_dimensions["A"].width = 24
    lists.column_dimensions["B"].width = 24
    lists.sheet_state = "hidden"
    lists.protection.sheet = True

    def validation(kind: str, formula: str, message: tuple[str, str], style: str) -> Any:
        dv = DataValidation(
            type=kind,
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle=style,
            errorTitle=message[0],
            error=message[1],
        )
        if kind != "list":
            dv.operator = "greaterThanOrEqual"
        ws.add_data_validation(dv)
        return dv

    def column_range(key: str) -> str:
        letter = cols[key]
        return f"{letter}{pos.first_entry_row}:{letter}{pos.last_entry_row}"

    quoted = "'" + rf.LISTS_SHEET.replace("'", "''") + "'"
    for key, column, values, message in (
        ("upazila", "A", upazila_list, _UPAZILA_ERROR),
        ("sector", "B", sector_list, _SECTOR_ERROR),
    ):
        if values:
            ref = f"{quoted}!${column}$1:${column}${len(values)}"
            validation("list", ref, message, "stop").add(column_range(key))
    counts = validation("whole", "0", _COUNT_ERROR, "warning")
    money = validation("decimal", "0", _MONEY_ERROR, "warning")
    for key in rf.COUNT_FIELDS:
        counts.add(column_range(key))
    for key in rf.MONEY_FIELDS:
        money.add(column_range(key))

    # Sizes, panes, printing.
    for key, letter in cols.items():
        ws.column_dimensions[letter].width = _WIDTHS.get(key, 14)
    start = f"B{pos.header_rows['prepared_by']}"  # the first cell the NGO fills
    ws.sheet_view.selection[0].activeCell = start
    ws.sheet_view.selection[0].sqref = start
    ws.print_title_rows = f"{pos.table_header_row}:{pos.english_row}"
    ws.print_area = f"A1:{last_col}{pos.totals_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4

    # Protection without a password: labels, pre-filled cells and totals are locked; the
    # NGO may still widen columns and rows, and insert or delete entry rows.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.insertRows = False
    ws.protection.deleteRows = False

    # Properties and the format version marker.
    wb.properties.title = rf.TITLE
    wb.properties.subject = f"{code} {month}"
    wb.properties.creator = "ngocoord"
    wb.properties.keywords = f"{FORMAT_NAME}={rf.FORMAT_VERSION}"
    wb.defined_names[FORMAT_NAME] = DefinedName(FORMAT_NAME, attr_text=str(rf.FORMAT_VERSION))
    wb.custom_doc_props.append(IntProperty(name=FORMAT_NAME, value=rf.FORMAT_VERSION))
    wb.active = 0

    return spreadsheet.save(wb, Path(path))


def write_templates(
    session: Session, month: str, out: Path, codes: list[str] | None = None
) -> list[Path]:
    """One pre-filled blank report per NGO on the list in `month` (or the NGOs named)."""
    upazilas = sorted(o.name_bn for o in offices.upazila_offices(session).values())
    due_day = returns.kind(session, returns.NGO_REPORT).due_day
    if codes:
        ngos = [roster.get(session, c) for c in codes]
    else:
        ngos = roster.listed(session, periods.last_day(month))
    files.make_dirs(out)
    written = []
    for ngo in ngos:
        path = files.inside(out, rf.template_name(month, ngo.code))
        write_template(
            path,
            code=ngo.code,
            name=ngo.name_bn or ngo.name_en or ngo.code,
            month=month,
            upazilas=upazilas,
            due_day=due_day,
        )
        written.append(path)
    return written
