"""When each report file of a batch was received: one date for all, each file's own time, or
the receipts sheet the office keeps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from ngocoord import periods
from ngocoord.bangla import parse_date
from ngocoord.errors import CellProblem, Invalid, InvalidRows
from ngocoord.intake import sheets

# A receipts sheet: each file and the day it came in.
RECEIPT_HEADINGS: dict[str, list[str]] = {
    "file": ["ফাইল", "ফাইলের নাম", "File", "File name", "Filename"],
    "date": ["প্রাপ্তির তারিখ", "তারিখ", "Received", "Received on", "Date"],
}


def receipts_from(path: Path) -> dict[str, date]:
    """A two-column sheet (file name, date received) as {file name: date}."""

    table = sheets.find_table(
        path,
        RECEIPT_HEADINGS,
        required={"file", "date"},
    )
    found: dict[str, date] = {}
    problems: list[CellProblem] = []
    for row, cells in table.rows:
        name, value = cells[table.columns["file"]], cells[table.columns["date"]]
        if name is None:
            continue
        try:
            found[Path(str(name).strip()).name.casefold()] = parse_date(value)
        except ValueError as exc:
            problems.append(table.problem(row, "date", f"{value!r}: {exc}"))
    if problems:
        raise InvalidRows(problems, "Correct the dates in the receipts sheet.")
    return found


def received_rule(
    *, on: date | None = None, mtime: bool = False, sheet: Path | None = None
) -> Callable[[Path], date]:
    """How each file's received date is decided: the receipts sheet when there is one (a file
    not in it is an error), else the file's modification time as a Bangladesh date when asked,
    else the one date given."""
    if sheet is not None:
        table = receipts_from(sheet)

        def from_sheet(path: Path) -> date:
            found = table.get(path.name.casefold())
            if found is None:
                raise Invalid(f"{path.name} is not in the receipts sheet {sheet}; add a row")
            return found

        return from_sheet
    if mtime:
        return lambda path: periods.today(datetime.fromtimestamp(path.stat().st_mtime, tz=UTC))
    if on is None:
        raise ValueError("a received date, mtime or a receipts sheet is needed")
    return lambda _path: on
