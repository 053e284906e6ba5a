"""When each report file of a batch was received: the receipts sheet the office keeps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ngocoord.bangla import parse_date
from ngocoord.errors import CellProblem


def receipts_from(path: Path) -> dict[str, date]:
    """A two-column sheet (file name, date received) as {file name: date}."""
    from ngocoord.intake import sheets

    table = sheets.find_table(
        path,
        {
            "file": ["ফাইল", "ফাইলের নাম", "File", "File name", "Filename"],
            "date": ["প্রাপ্তির তারিখ", "তারিখ", "Received", "Received on", "Date"],
        },
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
        from ngocoord.errors import InvalidRows

        raise InvalidRows(problems, "Correct the dates in the receipts sheet.")
    return found
