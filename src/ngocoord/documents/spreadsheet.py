"""Every xlsx and csv file the tool writes, with the one formula guard.

A spreadsheet must never read what a clerk or an NGO typed as a formula: text that starts with
one of `FORMULA_START` (= + - @) is written to csv with a leading ' and to xlsx as a text cell
(with Excel's quote prefix, so it stays text when the clerk edits the cell). Numbers, dates and
empty cells are written as what they are.

- `csv_text` / `csv_bytes`: rows as CSV (text for the terminal; bytes with a BOM for files
  Excel opens, so Bangla is read as UTF-8).
- `write_rows`: a plain workbook a clerk edits and imports again (bold frozen header row,
  widths to fit), e.g. the rejected rows of a roster import.
- `workbook`, `add_table`, `bar_chart`, `set_text`, `set_value`, `workbook_bytes`, `save`:
  the pieces the summary workbook and the report template are built of.

openpyxl is imported inside the functions that need it, so importing this module stays cheap.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ngocoord import files

FORMULA_START = ("=", "+", "-", "@")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")
_WIDTH_SAMPLE = 2000  # rows looked at to size the columns of a big sheet


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet take this text for a formula?"""
    return text.startswith(FORMULA_START)


def guard(text: str) -> str:
    """CSV text a spreadsheet must not read as a formula: a leading ' before = + - @."""
    return "'" + text if is_formula_like(text) else text


def unguard(text: str) -> str:
    """A CSV field as `guard` had it before: "'=1+1" written by this tool is "=1+1"."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def csv_value(value: object) -> str:
    """One CSV field: empty for None, lists joined by ", ", dates as ISO, text guarded."""
    if value is None:
        return ""
    if isinstance(value, str | list | tuple):
        return guard(plain_text(value))
    return str(value)


def plain_text(value: object) -> str:
    """A value as one line of a listing: empty for None, lists joined by ", "."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(plain_text(v) for v in value)
    return str(value)


def csv_text(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, lineterminator: str = "\n"
) -> str:
    """The header and rows as CSV text, every field through `csv_value`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([csv_value(h) for h in headers])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return buffer.getvalue()


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """A CSV file for Excel: UTF-8 with a BOM (so it reads Bangla), CRLF line ends."""
    return csv_text(headers, rows, lineterminator="\r\n").encode("utf-8-sig")


# ---------------------------------------------------------------- xlsx cells


def clean_text(text: str) -> str:
    """Text without the control characters an xlsx file cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text) if ILLEGAL_CHARACTERS_RE.search(text) else text


def set_text(cell: Any, text: str) -> Any:
    """Store `text` in `cell` as text, never as a formula; a formula-like text keeps Excel's
    quote prefix so that it stays text when the clerk edits the cell."""
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def set_value(cell: Any, value: object, number_format: str | None = None) -> Any:
    """Store a value: text through `set_text`, numbers and dates as themselves (with
    `number_format`, if given and the value is not empty)."""
    if isinstance(value, str):
        return set_text(cell, value)
    cell.value = value
    if value is not None and number_format is not None:
        cell.number_format = number_format
    return cell


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.0f}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str, fallback: str = "Sheet1") -> str:
    """A name Excel accepts for a sheet: no [ ] : * ? / \\, at most 31 characters."""
    return _SHEET_TITLE_BAD.sub(" ", title).strip("' ")[:31] or fallback


def _column_widths(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    sample = rows[:_WIDTH_SAMPLE]
    ncols = max([len(headers), *(len(r) for r in sample)])
    widths = [_width(h) for h in headers] + [0] * (ncols - len(headers))
    for row in sample:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    return widths


def workbook() -> Any:
    """An empty workbook (no default sheet) for `add_table`."""
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    return wb


def add_table(
    wb: Any,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    formats: dict[int, str] | None = None,
) -> Any:
    """A sheet: bold frozen header row, widths to fit, numbers as numbers, text as text;
    `formats` gives the number format of a column (0-based) by its index."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    formats = formats or {}
    ws = wb.create_sheet(sheet_title(title))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate([headers, *rows], start=1):
        for c, value in enumerate(values, start=1):
            cell = set_value(ws.cell(row=r, column=c), value, formats.get(c - 1))
            if r == 1:
                cell.font = bold
                cell.alignment = wrap
    for c, w in enumerate(_column_widths(headers, rows), start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(w * 1.2 + 2, 8), 60)
    ws.freeze_panes = "A2"
    return ws


def bar_chart(
    wb: Any,
    sheet: str,
    data: Any,
    *,
    value_column: int,
    count: int,
    title: str,
    x_title: str,
    y_title: str,
) -> Any:
    """A sheet `sheet` holding a native column chart of `data`'s column `value_column`
    (rows 2 to count + 1, header in row 1) against column A, on a 0-100% axis."""
    from openpyxl.chart import BarChart, Reference

    chart_ws = wb.create_sheet(sheet_title(sheet))
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.x_axis.title = x_title
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.25
    chart.y_axis.number_format = "0%"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    values = Reference(data, min_col=value_column, min_row=1, max_row=count + 1)
    labels = Reference(data, min_col=1, min_row=2, max_row=count + 1)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(labels)
    chart.width, chart.height = 24, 12
    chart_ws.add_chart(chart, "A1")
    return chart_ws


def workbook_bytes(wb: Any) -> bytes:
    """The workbook as the bytes of an xlsx file."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def save(payload: bytes | Any, path: Path, *, new_name: bool = False) -> Path:
    """Write a finished file (bytes, or a workbook) to `path`: built fully first, then written
    under a temporary name and renamed, so a failed write (a full disk, a file Excel holds open)
    leaves no half-made file and is an error that says so. `new_name`: a file already at
    `path` is kept and this one written beside it (`files.write_new`); the name is returned."""
    data = payload if isinstance(payload, bytes) else workbook_bytes(payload)
    if new_name:
        return files.write_new(Path(path), data)
    return files.write_bytes(Path(path), data)


# The last column of a rejects workbook: what is wrong with each row. Read back by an import,
# it is left out (said), never kept as the NGO's own.
PROBLEM_HEADER = "সমস্যা (Problem)"


def write_rows(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    sheet: str = "Sheet1",
    new_name: bool = False,
    above: Sequence[str] = (),
) -> Path:
    """Write an xlsx a clerk can edit and re-import: bold frozen header row, sensible column
    widths, every text cell that starts with = + - @ stored as text, never as a formula;
    `above`, title lines in bold before the header (the header finder passes over them).

    Text is written as text so that a value like "=1+1" or "-" in a remarks column comes back
    unchanged and Excel does not evaluate it (formula injection) when the clerk opens it.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(sheet))
    ws.freeze_panes = f"A{len(above) + 2}"
    for i, w in enumerate(_column_widths(headers, rows)):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(max(w * 1.15 + 2, 8), 60)

    bold = Font(bold=True)
    for line in above:
        title = set_text(WriteOnlyCell(ws), line)
        title.font = bold
        ws.append([title])
    head_cells = []
    for h in headers:
        cell = set_text(WriteOnlyCell(ws), h)
        cell.font = bold
        head_cells.append(cell)
    ws.append(head_cells)

    for row in rows:
        out: list[object] = []
        for value in row:
            if value.__class__ is str:
                text = clean_text(str(value))
                out.append(set_text(WriteOnlyCell(ws), text) if is_formula_like(text) else text)
            elif value is None or isinstance(value, int | float | bool) or hasattr(value, "year"):
                out.append(value)
            else:
                out.append(str(value))
        ws.append(out)
    return save(wb, path, new_name=new_name)
