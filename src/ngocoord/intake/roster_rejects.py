"""The rejects workbook of a roster import: the rows refused, as they were, with what is wrong,
to correct and import again; never written over an earlier one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ngocoord.documents import spreadsheet

if TYPE_CHECKING:
    from ngocoord.errors import CellProblem
    from ngocoord.intake.sheets import Table


def default_name(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejected.xlsx")


def _said(written: Path, asked: Path) -> str:
    """The rejects workbook by the name written, and the earlier one kept at the name asked."""
    return (
        str(written) if written == asked else f"{written} ({asked} was already there and is kept)"
    )


def write(table: Table, problems: dict[int, list[CellProblem]], out: Path) -> Path:
    """The rejected rows, as they were, with what is wrong: fix them and import this file.
    Written at `out`, or beside it under a new name when an earlier import's is there (as the
    report import's); the name written is returned."""

    rows = {row: cells for row, cells in table.rows}
    headers = [*table.labels, spreadsheet.PROBLEM_HEADER]
    body = []
    for row in sorted(problems):
        cells = list(rows[row]) + [None] * (len(table.labels) - len(rows[row]))
        why = "; ".join(f"{p.column}: {p.message}" for p in problems[row])
        body.append([*cells[: len(table.labels)], f"row {row}: {why}"])
    return spreadsheet.write_rows(
        out, headers, body, sheet=table.sheet[:31] or "Sheet1", new_name=True
    )


def saved(table: Table, problems: dict[int, list[CellProblem]], out: Path) -> str:
    """Write the workbook (`write`) and say where: by the name written, and the earlier one
    kept at `out` when there was one."""
    return _said(write(table, problems, out), out)
