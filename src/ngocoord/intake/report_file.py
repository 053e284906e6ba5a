"""One NGO monthly report file (the "ছক"): its header block, its project rows, what is wrong.

Reading a file needs no register: the caller passes how an upazila's written name becomes an
office, so worker processes can read files too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord.bangla import parse_date, parse_decimal, parse_int, parse_month
from ngocoord.errors import NgocoordError, ParseError
from ngocoord.intake import report_format, sheets
from ngocoord.intake.sheets import header_key
from ngocoord.intake.values import check_count, check_text, shown
from ngocoord.register.lookup import CODE_PATTERN

if TYPE_CHECKING:
    from ngocoord.intake.sheets import Table

EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
MAX_ROWS = 5_000  # a monthly report has tens of projects; more is a wrong or hostile file
_FILE_NAME = re.compile(
    rf"(?P<month>\d{{4}}-\d{{2}})[ _-]+(?P<code>{CODE_PATTERN})$", re.IGNORECASE
)


def collect(paths: Iterable[Path]) -> list[Path]:
    """The report files named, and those in the folders named (recursively), in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in EXTENSIONS and not p.name.startswith("~$")
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


@dataclass
class Parsed:
    """One report file as read: who sent it, for which month, and its project rows."""

    path: Path
    code: str | None = None
    name: str | None = None
    month: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    lines: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # free text above the table (titles)
    ignored: list[str] = field(default_factory=list)  # column headings not recognised


def _month_text(value: object) -> str | None:
    try:
        year, month = parse_month(value)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}"


_MONTH_IN_TEXT = re.compile(r"([^\s,/।:()\[\]\-–]+)[\s,/\-–]*([০-৯0-9]{4}|[০-৯0-9]{2})(?![০-৯0-9])")


def month_in_text(text: str) -> str | None:
    """A month named inside a title such as 'জানুয়ারি/২০২১ মাসের মাসিক প্রতিবেদন'."""
    found = _month_text(text.strip())
    if found:
        return found
    for match in _MONTH_IN_TEXT.finditer(text):
        found = _month_text(f"{match.group(1)} {match.group(2)}")
        if found:
            return found
    return None


@functools.cache
def _label_fields() -> dict[str, str]:
    return {
        header_key(alias): name
        for name, aliases in report_format.HEADER_FIELDS.items()
        for alias in aliases
    }


def _header_block(rows: list[list[object]]) -> tuple[dict[str, object], list[str]]:
    """Label → value pairs from the form rows above the table, and their free texts."""

    labels = _label_fields()
    found: dict[str, object] = {}
    texts: list[str] = []
    for row in rows:
        for i, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            texts.append(cell)
            label, _, inline = cell.partition(":")
            name = labels.get(header_key(label))
            if name is None and len(lines := label.splitlines()) > 1:  # "এনজিও কোড\nNGO Code"
                keys = (header_key(x) for x in lines)
                name = next((labels[k] for k in keys if k in labels), None)
            if name is None or name in found:
                continue
            if inline.strip():
                found[name] = inline.strip()
                continue
            value = next((v for v in row[i + 1 :] if v is not None and v != ""), None)
            if value is not None:
                found[name] = value
    return found, texts


MAX_AMOUNT = 10**15  # taka: more than any budget, short of where a float loses the paisa


def _amount(number: float) -> float:
    if number < 0:
        raise ParseError("is negative; write 0 or more")
    if number > MAX_AMOUNT:
        raise ParseError(f"is over {MAX_AMOUNT:,} taka; check the amount")
    return number


# Number columns: how each is read, what to write instead of a bad value, and its bounds.
_NUMBERS: dict[str, tuple[Callable[[object], float], str, Callable[[Any], Any]]] = {
    **{
        f: (parse_int, "a whole number; write a count like ১২০", check_count)
        for f in report_format.COUNT_FIELDS
    },
    **{
        f: (lambda v: round(parse_decimal(v), 2), "an amount; write taka like ১২,৫০০", _amount)
        for f in report_format.MONEY_FIELDS
    },
}


def _cell(table: Table, row: int, name: str, message: str) -> str:
    return str(table.problem(row, name, message))


def _parse_lines(
    table: Table, upazila_of: Callable[[str], int | None], problems: list[str]
) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    cols = table.columns
    for row, cells in table.rows:

        def get(name: str, cells: list[object] = cells) -> object:
            i = cols.get(name)
            if i is None or i >= len(cells):
                return None
            value = cells[i]
            return None if isinstance(value, str) and not value.strip() else value

        values = {n: get(n) for n in report_format.LINE_FIELDS if n != "serial"}
        if all(v is None for v in values.values()):
            continue  # a template row with only its serial number
        for name, v in values.items():
            try:
                check_text(v)
            except ParseError as exc:
                problems.append(_cell(table, row, name, exc.message))
                values[name] = None
        line: dict[str, Any] = {"line_no": len(lines) + 1}
        for name in ("project", "donor", "sector", "activities"):
            v = values[name]
            line[name] = " ".join(str(v).split()) if v is not None else None
        if not line["project"]:
            problems.append(_cell(table, row, "project", "the project name is empty; write it"))
        for name, (parse, advice, check) in _NUMBERS.items():
            v = values[name]
            line[name] = None
            if v is None:
                continue
            try:
                number = parse(v)
            except ValueError:
                problems.append(_cell(table, row, name, f"{shown(v)} is not {advice}"))
                continue
            try:
                line[name] = check(number)
            except ParseError as exc:
                problems.append(_cell(table, row, name, f"{shown(v)} {exc.message}"))
        line["upazila_office_id"] = None
        if values["upazila"] is not None:
            try:
                line["upazila_office_id"] = upazila_of(str(values["upazila"]))
            except NgocoordError as exc:
                problems.append(_cell(table, row, "upazila", exc.message))
        lines.append(line)
    return lines


def read_report(path: Path, upazila_of: Callable[[str], int | None]) -> Parsed:
    """Read one report workbook: its header block, its project rows, and what is wrong."""

    parsed = Parsed(path)
    table = sheets.find_table(
        path, report_format.LINE_FIELDS, required={"project"}, max_rows=MAX_ROWS
    )
    block, texts = _header_block(table.above)
    for label, value in block.items():
        try:
            check_text(value)
        except ParseError as exc:
            parsed.problems.append(f"{path}: {label}: {exc.message}")
            block[label] = None
    parsed.texts = texts
    parsed.ignored = table.unmatched
    if block.get("ngo_code") is not None:
        parsed.code = str(block["ngo_code"]).strip().upper()
    if block.get("ngo_name") is not None:
        parsed.name = " ".join(str(block["ngo_name"]).split())
    if block.get("month") is not None:
        raw = block["month"]
        parsed.month = _month_text(raw) or (month_in_text(raw) if isinstance(raw, str) else None)
        if parsed.month is None:
            parsed.problems.append(
                f"{path}: the month {shown(raw)} cannot be read; "
                "write it like জানুয়ারি/২০২১ or 2021-01"
            )
    if parsed.month is None and not parsed.problems:
        parsed.month = next((m for t in texts if (m := month_in_text(t))), None)
    for name in ("prepared_by", "designation"):
        if block.get(name) is not None:
            parsed.details[name] = " ".join(str(block[name]).split())
    if block.get("mobile") is not None:
        parsed.details["mobile"] = str(block["mobile"]).strip()
    if block.get("report_date") is not None:
        try:
            parsed.details["report_date"] = parse_date(block["report_date"])
        except ValueError as exc:
            parsed.problems.append(
                f"{path}: the report date {shown(block['report_date'])} cannot be read ({exc});"
                " write it like ১০.০২.২০২১"
            )
    parsed.lines = _parse_lines(table, upazila_of, parsed.problems)
    if not parsed.lines and not parsed.problems:
        parsed.problems.append(
            f"{path}: the report has no rows under its header; fill in the project table"
        )
    return parsed


def from_file_name(path: Path) -> tuple[str | None, str | None]:
    """(month, code) from a template's name like 2021-01_MBSK.xlsx, else what can be read."""
    match = _FILE_NAME.search(path.stem)
    if match:
        return match.group("month"), match.group("code").upper()
    return month_in_text(path.stem.replace("_", " ")), None
