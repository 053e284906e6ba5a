"""One NGO monthly report file (the "ছক"): its header block, its project rows, what is wrong.

Reading a file needs no register: the caller passes how an upazila's written name becomes an
office, so worker processes can read files too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import meaning
from ngocoord.bangla import parse_date, parse_decimal, parse_int, parse_month
from ngocoord.errors import CellProblem, NgocoordError, ParseError
from ngocoord.intake import column_maps, columns, report_format, sheets
from ngocoord.intake.headers import column_letter
from ngocoord.intake.values import check_count, check_text, shown
from ngocoord.register import report_sanity
from ngocoord.register.lookup import CODE_PATTERN

if TYPE_CHECKING:
    from ngocoord.bijoy import Converted
    from ngocoord.intake.headers import Column
    from ngocoord.intake.sheets import Table
    from ngocoord.register.report_sanity import Finding

EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
MAX_ROWS = 5_000  # a monthly report has tens of projects; more is a wrong or hostile file
_FILE_NAME = re.compile(
    rf"(?P<month>\d{{4}}-\d{{2}})[ _-]+(?P<code>{CODE_PATTERN})$", re.IGNORECASE
)


def collect(paths: Iterable[Path]) -> list[Path]:
    """The report files named, and those in the folders named (recursively), in order."""
    return gather(paths)[0]


def gather(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """`collect`'s files, and the files in the folders named that it leaves out (a scanned
    PDF, a Word letter), so the clerk is told of them instead of their report going missing
    without a word; each folder is walked once for both."""
    found: list[Path] = []
    others: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(_in_folder(path))
        found += (p for p in inside if p.suffix.lower() in EXTENSIONS)
        others += (p for p in inside if p.suffix.lower() not in EXTENSIONS)
    return list(dict.fromkeys(found)), sorted(others)


def _in_folder(folder: Path) -> Iterable[Path]:
    """The files below a folder, without hidden files and Excel's lock files (~$name.xlsx)."""
    return (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(("~$", ".")))


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
    kept: list[str] = field(default_factory=list)  # headers no field fits (kept with the rows)
    columns: list[Column] = field(default_factory=list)  # every column as read (--explain)
    bijoy: list[Converted] = field(default_factory=list)  # columns typed in Bijoy, converted
    encoding: str | None = None  # a CSV file's encoding, as read
    mapped: bool = False  # an office map decided a column (kept values may move: remap)
    # where things are, for the warnings (`report_sanity`) to name their cells
    file: str = ""
    sheet: str = ""
    line_rows: list[int] = field(default_factory=list)  # the sheet row of each line
    labels: dict[str, str] = field(default_factory=dict)  # line field -> column letter, header
    header_at: dict[str, tuple[int, str]] = field(default_factory=dict)  # field -> row, column

    def where(self, finding: Finding) -> str:
        """A warning as the clerk reads it: file, sheet, row and column, then what to check."""
        if finding.line_no is None:
            row, column = self.header_at.get(finding.field, (0, finding.field))
        else:
            row = self.line_rows[finding.line_no - 1]
            column = self.labels.get(finding.field, finding.field)
        return str(CellProblem(self.file, self.sheet, row, column, finding.message))


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


def _header_block(
    rows: list[list[object]], at: dict[str, tuple[int, str]] | None = None
) -> tuple[dict[str, object], list[str]]:
    """Label → value pairs from the form rows above the table, and their free texts; `at`
    is given where each value is (sheet row, column letter and label)."""

    labels = meaning.form_of(report_format.HEADER_FIELDS)
    found: dict[str, object] = {}
    at = {} if at is None else at
    texts: list[str] = []
    named: dict[str, str | None] = {}  # label -> field: merged cells repeat each text
    for r, row in enumerate(rows, start=1):
        for i, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            texts.append(cell)
            label, _, inline = cell.partition(":")
            if label in named:
                name = named[label]
            else:
                name = named[label] = _label_field(labels, label)
            if name is None or name in found:
                continue
            said = " / ".join(line.strip() for line in label.splitlines() if line.strip())
            if inline.strip():
                found[name] = inline.strip()
                at[name] = (r, f'{column_letter(i)} "{said}"')
                continue
            j = next((j for j in range(i + 1, len(row)) if row[j] is not None and row[j] != ""), 0)
            if j:
                found[name] = row[j]
                at[name] = (r, f'{column_letter(j)} (beside "{said}")')
    return found, texts


def _label_field(labels: meaning.Form, label: str) -> str | None:
    """The header field a label names exactly, or one of its lines ("এনজিও কোড\nNGO Code")."""
    name = labels.field((label,), exact=True)
    if name is None and len(lines := label.splitlines()) > 1:
        said = (labels.field((x,), exact=True) for x in lines)
        name = next((f for f in said if f is not None), None)
    return name


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


_TEXT_FIELDS = ("project", "donor", "sector", "activities")


def line_value(name: str, value: object, upazila_of: Callable[[str], int | None]) -> Any:
    """One cell of a project row as it is stored (a ValueError or the project's error says
    what to write instead): a text, a count, an amount, or an upazila's office id."""
    if name in _TEXT_FIELDS:
        return " ".join(str(value).split())
    if name == "upazila":
        return upazila_of(str(value))
    parse, advice, check = _NUMBERS[name]
    try:
        number = parse(value)
    except ValueError:
        raise ParseError(f"{shown(value)} is not {advice}") from None
    try:
        return check(number)
    except ParseError as exc:
        raise ParseError(f"{shown(value)} {exc.message}") from None


def _parse_lines(
    table: Table, upazila_of: Callable[[str], int | None], problems: list[str], at: list[int]
) -> list[dict[str, Any]]:
    """The project rows as stored; `at` is given the sheet row of each."""
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
        extra = table.extra(cells) if table.kept else {}
        if all(v is None for v in values.values()) and not extra:
            continue  # a template row with only its serial number
        for name, v in values.items():
            try:
                check_text(v)
            except ParseError as exc:
                problems.append(_cell(table, row, name, exc.message))
                values[name] = None
        line: dict[str, Any] = {"line_no": len(lines) + 1}
        for name, v in values.items():
            key = "upazila_office_id" if name == "upazila" else name
            line[key] = None
            if v is None:
                continue
            try:
                line[key] = line_value(name, v, upazila_of)
            except NgocoordError as exc:
                problems.append(_cell(table, row, name, exc.message))
        if not line["project"]:
            problems.append(_cell(table, row, "project", "the project name is empty; write it"))
        line["extra"] = extra_text(extra)
        lines.append(line)
        at.append(row)
    return lines


def _check_totals(table: Table, lines: list[dict[str, Any]], problems: list[str]) -> None:
    """A totals row's figures against the rows above it (`report_sanity.totals_wrong`):
    each number column whose total cell holds a number; a formula Excel never worked out
    (an empty cell) or a dash holds none."""
    if table.totals is None:
        return
    row, cells = table.totals
    for name in (*report_format.COUNT_FIELDS, *report_format.MONEY_FIELDS):
        i = table.columns.get(name)
        value = cells[i] if i is not None and i < len(cells) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            total = _NUMBERS[name][0](value)
        except ValueError:
            continue
        wrong = report_sanity.totals_wrong(name, total, (line[name] for line in lines))
        if wrong is not None:
            problems.append(_cell(table, row, name, wrong))


def extra_text(extra: dict[str, str]) -> str | None:
    """A row's kept columns as stored: JSON with sorted keys (None for none, so that a file
    without kept columns hashes as it always did)."""
    import json

    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def read_report(
    path: Path, upazila_of: Callable[[str], int | None], hints: columns.Hints | None = None
) -> Parsed:
    """Read one report workbook: its header block, its project rows, and what is wrong."""

    parsed = Parsed(path)
    table = sheets.find_table(
        path, report_format.LINE_FIELDS, required={"project"}, max_rows=MAX_ROWS, hints=hints
    )
    block, texts = _header_block(table.above, parsed.header_at)
    parsed.file, parsed.sheet = table.file, table.sheet
    parsed.labels = {name: table.column_label(name) for name in table.columns}
    for label, value in block.items():
        try:
            check_text(value)
        except ParseError as exc:
            parsed.problems.append(f"{path}: {label}: {exc.message}")
            block[label] = None
    parsed.texts = texts
    parsed.kept = table.unmatched
    parsed.columns = table.read
    parsed.bijoy, parsed.encoding = table.bijoy, table.encoding
    parsed.mapped = any(c.why.startswith(column_maps.OFFICE_MAP) for c in table.read)
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
    parsed.lines = _parse_lines(table, upazila_of, parsed.problems, parsed.line_rows)
    if not parsed.problems:  # a figure that could not be read would make any sum wrong
        _check_totals(table, parsed.lines, parsed.problems)
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
