"""NGO monthly reports (the "ছক"): reading a workbook, and taking a batch of them in.

Each file is read and checked first; then each good file is written in its own transaction,
so one bad file never stops the others and never leaves half a report behind.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import names
from ngocoord.bangla import parse_date, parse_decimal, parse_int, parse_month
from ngocoord.errors import CellProblem, Invalid, NgocoordError
from ngocoord.intake import report_format

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.intake.sheets import Table
    from ngocoord.store.db import Register

EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
MAX_ROWS = 5_000  # a monthly report has tens of projects; more is a wrong or hostile file
_FILE_NAME = re.compile(r"(?P<month>\d{4}-\d{2})[ _-]+(?P<code>[A-Za-z][A-Za-z0-9_-]*)$")


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
    from ngocoord.intake.sheets import header_key

    return {
        header_key(alias): name
        for name, aliases in report_format.HEADER_FIELDS.items()
        for alias in aliases
    }


def _header_block(rows: list[list[object]]) -> tuple[dict[str, object], list[str]]:
    """Label → value pairs from the form rows above the table, and their free texts."""
    from ngocoord.intake.sheets import header_key

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


# Number columns: how each is read, and what to write instead of a bad value.
_NUMBERS: dict[str, tuple[Callable[[object], float], str]] = {
    **{
        f: (parse_int, "a whole number; write a count like ১২০") for f in report_format.COUNT_FIELDS
    },
    **{
        f: (lambda v: round(parse_decimal(v), 2), "an amount; write taka like ১২,৫০০")
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
        line: dict[str, Any] = {"line_no": len(lines) + 1}
        for name in ("project", "donor", "sector", "activities"):
            v = values[name]
            line[name] = " ".join(str(v).split()) if v is not None else None
        if not line["project"]:
            problems.append(_cell(table, row, "project", "the project name is empty; write it"))
        for name, (parse, advice) in _NUMBERS.items():
            v = values[name]
            line[name] = None
            if v is None:
                continue
            try:
                number = parse(v)
            except ValueError:
                problems.append(_cell(table, row, name, f"{v!r} is not {advice}"))
                continue
            if number < 0:
                problems.append(_cell(table, row, name, f"{v!r} is negative; write 0 or more"))
            line[name] = number
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
    from ngocoord.intake import sheets

    parsed = Parsed(path)
    table = sheets.find_table(
        path, report_format.LINE_FIELDS, required={"project"}, max_rows=MAX_ROWS
    )
    block, texts = _header_block(table.above)
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
                f"{path}: the month {raw!r} cannot be read; write it like জানুয়ারি/২০২১ or 2021-01"
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
        except ValueError:
            parsed.details["report_date"] = None
    parsed.lines = _parse_lines(table, upazila_of, parsed.problems)
    if not parsed.lines and not parsed.problems:
        parsed.problems.append(f"{path}: the report has no project rows; fill in the table")
    return parsed


def from_file_name(path: Path) -> tuple[str | None, str | None]:
    """(month, code) from a template's name like 2021-01_MBSK.xlsx, else what can be read."""
    match = _FILE_NAME.search(path.stem)
    if match:
        return match.group("month"), match.group("code").upper()
    return month_in_text(path.stem.replace("_", " ")), None


# ---------------------------------------------------------------- the batch


@dataclass
class Outcome:
    """What happened to one file of a batch."""

    file: Path
    status: str  # imported, unchanged, superseded, rejected
    code: str | None = None
    month: str | None = None
    version: int | None = None
    received_on: date | None = None
    reason: str | None = None
    lines: int = 0
    ignored: list[str] = field(default_factory=list)  # column headings not recognised


@dataclass
class Roster:
    """The register's NGOs, loaded once per batch."""

    by_code: dict[str, tuple[int, str]]  # code -> (id, display name)
    by_key: dict[str, list[str]]  # name_key -> codes
    periods: dict[int, list[Any]]

    def find(self, code: str | None, name: str | None) -> tuple[int, str]:
        if code:
            if code in self.by_code:
                return self.by_code[code][0], code
            raise Invalid(f"unknown NGO code {code!r}" + self._hint(code))
        if name:
            codes = self.by_key.get(names.name_key(name), [])
            if len(codes) == 1:
                return self.by_code[codes[0]][0], codes[0]
            if len(codes) > 1:
                raise Invalid(f"the name {name!r} matches {', '.join(codes)}; write the NGO code")
            raise Invalid(f"no NGO named {name!r} in the register" + self._hint(name))
        raise Invalid("the file names no NGO: fill in the NGO code (এনজিও কোড) in the header")

    def guess(self, texts: list[str], stem: str) -> tuple[str | None, str | None]:
        """For a report in the NGO's own layout: its name as a title line, or its code in the
        file name ("MBSK January.xlsx"). Only exact matches are taken."""
        for text in texts:
            # "বিরামপুর সমাজ উন্নয়ন সংস্থা, বিরামপুর, দিনাজপুর" or "মাসিক প্রতিবেদন - <name>, <place>"
            parts = [text, *re.split(r"\s[-–—:|]\s|[:|]", text)]
            for candidate in dict.fromkeys(p for part in parts for p in (part, part.split(",")[0])):
                codes = self.by_key.get(names.name_key(candidate), [])
                if len(codes) == 1:
                    return None, candidate.strip()
        tokens = {t.upper() for t in re.split(r"[\s_.,()-]+", stem) if t}
        found = [code for code in self.by_code if code in tokens]
        return (found[0], None) if len(found) == 1 else (None, None)

    def _hint(self, text: str) -> str:
        choices: dict[str, str] = {}
        for code, (_, label) in self.by_code.items():
            choices[names.name_key(code)] = f"{code} ({label})"
        for key, codes in self.by_key.items():
            choices.setdefault(key, f"{codes[0]} ({self.by_code[codes[0]][1]})")
        close = names.suggest(text, choices)
        return f"; did you mean {', '.join(close)}?" if close else ""


def _load_roster(session: Session) -> Roster:
    from collections import defaultdict

    from sqlalchemy import select

    from ngocoord.store.models import Membership, Ngo, table

    ngo = table(Ngo)
    by_code: dict[str, tuple[int, str]] = {}
    by_key: dict[str, list[str]] = defaultdict(list)
    query = select(ngo.c.id, ngo.c.code, ngo.c.name_bn, ngo.c.name_en, ngo.c.name_key)
    for ngo_id, code, name_bn, name_en, key in session.execute(query):
        by_code[code] = (ngo_id, name_bn or name_en or code)
        by_key[key].append(code)
        if name_en:
            by_key[names.name_key(name_en)].append(code)
    periods: dict[int, list[Any]] = defaultdict(list)
    for m in session.execute(select(table(Membership))):
        periods[m.ngo_id].append(m)
    return Roster(by_code, dict(by_key), periods)


def _identify(parsed: Parsed, roster: Roster, received_on: date) -> tuple[int, str, str]:
    """The NGO id, code and month of a parsed report, or Invalid saying why not."""
    from ngocoord import periods
    from ngocoord.register import roster as roster_rules

    name_month, name_code = from_file_name(parsed.path)
    if parsed.code and name_code and parsed.code != name_code and name_code in roster.by_code:
        raise Invalid(
            f"the header says NGO {parsed.code} but the file name says {name_code}; "
            "correct one of them"
        )
    if parsed.month and name_month and parsed.month != name_month:
        raise Invalid(
            f"the header says month {parsed.month} but the file name says {name_month}; "
            "correct one of them"
        )
    month = parsed.month or name_month
    if month is None:
        raise Invalid("the month cannot be found; fill in প্রতিবেদনের মাস (e.g. জানুয়ারি/২০২১)")
    code_hint = parsed.code or (name_code if not parsed.name else None)
    name = parsed.name
    if code_hint is None and name is None:
        code_hint, name = roster.guess(parsed.texts, parsed.path.stem)
    ngo_id, code = roster.find(code_hint, name)
    if periods.last_day(month) >= received_on:
        raise Invalid(
            f"the month {month} is not over on {received_on}; a report covers a finished month"
        )
    if not roster_rules.is_member(roster.periods.get(ngo_id, []), periods.last_day(month)):
        raise Invalid(f"{code} was not on the coordination list in {month}")
    return ngo_id, code, month


def content_of(code: str, month: str, parsed: Parsed) -> dict[str, Any]:
    lines = [{k: v for k, v in line.items() if k != "line_no"} for line in parsed.lines]
    return {"code": code, "month": month, "details": parsed.details, "lines": lines}


@dataclass
class Batch:
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "rejected"]


# A batch this big is read by worker processes, one per CPU: reading a workbook is CPU work,
# and a clerk's PC has more than one core. Smaller batches are read in this process (starting
# workers costs more than they save).
PARALLEL_FROM = 100


class _Upazilas:
    """The office's upazila offices by written name; picklable, so workers can use it too."""

    def __init__(self, district: Any, by_geo: dict[int, int]) -> None:
        self.district = district
        self.by_geo = by_geo
        self.cache: dict[str, int | None] = {}

    def __call__(self, text: str) -> int | None:
        from ngocoord import places

        if text not in self.cache:
            self.cache[text] = self.by_geo[places.find_upazila(text, self.district).id]
        return self.cache[text]


_worker_upazilas: _Upazilas | None = None  # set in each worker process


def _start_worker(upazilas: _Upazilas) -> None:
    global _worker_upazilas
    _worker_upazilas = upazilas


def _read_or_reason(path: Path, upazilas: _Upazilas) -> Parsed | str:
    """read_report, with a file the clerk must fix given as its reason."""
    try:
        return read_report(path, upazilas)
    except NgocoordError as exc:
        return exc.message


class _WorkerCrash:
    """An unexpected error in a worker process, as text: not every exception can be pickled."""

    def __init__(self, path: Path, trace: str) -> None:
        self.path = path
        self.trace = trace


def _read_in_worker(path: Path) -> Parsed | str | _WorkerCrash:
    import traceback

    assert _worker_upazilas is not None
    try:
        return _read_or_reason(path, _worker_upazilas)
    except Exception:
        return _WorkerCrash(path, traceback.format_exc())


def _cpus() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (Linux)
    except AttributeError:
        return os.cpu_count() or 1


def _fork_context() -> Any:
    """Workers started by fork (Linux): they begin with everything already imported."""
    import multiprocessing
    import sys

    if not sys.platform.startswith("linux"):
        return None  # spawned workers import ngocoord afresh: not worth it by default
    return multiprocessing.get_context("fork")


def _read_all(files: list[Path], upazilas: _Upazilas, jobs: int | None) -> Iterator[Parsed | str]:
    """Each file read (or the reason it cannot be), in the order given."""
    import sys

    context = _fork_context()
    if jobs is None:
        jobs = _cpus() if context is not None and len(files) >= PARALLEL_FROM else 1
    jobs = min(jobs, len(files))
    if sys.platform == "win32":
        jobs = min(jobs, 61)  # the most ProcessPoolExecutor takes there
    if jobs <= 1:
        for path in files:
            yield _read_or_reason(path, upazilas)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(32, len(files) // (jobs * 4)))
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(upazilas,)
    ) as pool:
        for result in pool.map(_read_in_worker, files, chunksize=chunk):
            if isinstance(result, _WorkerCrash):
                raise RuntimeError(f"reading {result.path} failed:\n{result.trace}")
            yield result


def import_reports(
    register: Register,
    files: list[Path],
    received: Callable[[Path], date],
    *,
    dry_run: bool = False,
    progress: Callable[[Path], None] | None = None,
    jobs: int | None = None,
) -> Batch:
    """Take in a batch of report files; each good file lands in its own transaction.

    `jobs` is how many processes read the files (default: one per CPU for a big batch on
    Linux, else 1).
    """
    from ngocoord.register import returns
    from ngocoord.store import offices

    batch = Batch(dry_run=dry_run)
    with register.session() as s:
        roster = _load_roster(s)
        upazilas = _Upazilas(
            offices.home_district(s),
            {geo: o.id for geo, o in offices.upazila_offices(s).items()},  # type: ignore[misc]
        )
        home_id = offices.home(s).id
        kind = returns.kind(s, returns.NGO_REPORT)
    assert home_id is not None

    ready: list[tuple[Outcome, Parsed, int]] = []
    for path, parsed in zip(files, _read_all(files, upazilas, jobs), strict=True):
        outcome = Outcome(path, "rejected")
        batch.outcomes.append(outcome)
        try:
            outcome.received_on = received(path)
            if isinstance(parsed, str):
                raise Invalid(parsed)
            if parsed.problems:
                raise Invalid("; ".join(parsed.problems))
            ngo_id, outcome.code, outcome.month = _identify(parsed, roster, outcome.received_on)
            outcome.lines = len(parsed.lines)
            outcome.ignored = parsed.ignored
            ready.append((outcome, parsed, ngo_id))
        except NgocoordError as exc:
            outcome.reason = exc.message
        if progress:
            progress(path)

    seen: dict[tuple[str | None, str | None], list[Outcome]] = {}
    for outcome, _, _ in ready:
        seen.setdefault((outcome.code, outcome.month), []).append(outcome)
    for (code, month), same in seen.items():
        if len(same) > 1:
            for o in same:
                others = ", ".join(str(x.file) for x in same if x is not o)
                o.status, o.reason = "rejected", f"{code} {month} is also in {others}; keep one"

    _write(register, kind, home_id, [r for r in ready if not r[0].reason], dry_run)
    return batch


def _write(
    register: Register,
    kind: Any,
    home_id: int,
    ready: list[tuple[Outcome, Parsed, int]],
    dry_run: bool,
) -> None:
    """Each good file as a new version in its own transaction, unless its content is already
    the current version. The versions already in are read once for the whole batch, and the
    writes are plain Core statements: per file, that is most of the cost beyond reading it."""
    from collections import defaultdict
    from datetime import UTC, datetime

    from sqlalchemy import select, update

    from ngocoord.register import returns
    from ngocoord.store import audit
    from ngocoord.store.db import insert_many
    from ngocoord.store.models import Audit, ReportLine, Submission, table

    sub = table(Submission)
    months = sorted({o.month for o, _, _ in ready if o.month})
    existing: dict[tuple[int, str], list[Any]] = defaultdict(list)
    if months:
        with register.engine.connect() as conn:
            query = (
                select(
                    sub.c.ngo_id,
                    sub.c.month,
                    sub.c.version,
                    sub.c.is_current,
                    sub.c.content_hash,
                    sub.c.received_on,
                    sub.c.voided_at,
                )
                .where(sub.c.kind_id == kind.id, sub.c.month.in_(months))
                .where(sub.c.ngo_id.is_not(None))
                .order_by(sub.c.version)
            )
            for row in conn.execute(query):
                existing[(row.ngo_id, row.month)].append(row)
    with register.engine.connect() as conn:  # one connection, one transaction per file
        for outcome, parsed, ngo_id in ready:
            assert outcome.code and outcome.month and outcome.received_on
            content = returns.content_hash(content_of(outcome.code, outcome.month, parsed))
            history = existing.get((ngo_id, outcome.month), [])
            outcome.status, outcome.version, current = returns.next_version(history, content)
            if outcome.status == "unchanged":
                outcome.received_on = current.received_on  # a re-import never moves the date
                continue
            if dry_run:
                continue
            with conn.begin():
                if history:
                    conn.execute(
                        update(sub)
                        .where(sub.c.kind_id == kind.id, sub.c.month == outcome.month)
                        .where(sub.c.ngo_id == ngo_id)
                        .values(is_current=False)
                    )
                new_id = insert_many(
                    conn,
                    sub,
                    [
                        {
                            "kind_id": kind.id,
                            "office_id": home_id,
                            "ngo_id": ngo_id,
                            "month": outcome.month,
                            "version": outcome.version,
                            "is_current": True,
                            "received_on": outcome.received_on,
                            "content_hash": content,
                            "source_file": str(parsed.path),
                            "imported_at": datetime.now(UTC),
                            "imported_by": audit.os_user(),
                            **parsed.details,
                        }
                    ],
                )
                insert_many(
                    conn,
                    table(ReportLine),
                    [{"submission_id": new_id, **line} for line in parsed.lines],
                )
                entry = returns.receipt_entry(
                    kind.name,
                    outcome.code,
                    outcome.month,
                    current,
                    outcome.version,
                    outcome.received_on,
                    str(parsed.path),
                )
                insert_many(conn, table(Audit), [entry])


# ---------------------------------------------------------------- received dates


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


def lines_of(session: Session, submission_id: int) -> list[dict[str, Any]]:
    """The project rows of one report version, with upazila names."""
    from sqlmodel import col, select

    from ngocoord.store.models import Office, ReportLine

    query = (
        select(ReportLine, Office)
        .join(Office, col(ReportLine.upazila_office_id) == col(Office.id), isouter=True)
        .where(ReportLine.submission_id == submission_id)
        .order_by(col(ReportLine.line_no))
    )
    return [
        {
            "line": line.line_no,
            "project": line.project,
            "donor": line.donor,
            "upazila": office.name_bn if office else None,
            "sector": line.sector,
            "male": line.ben_male,
            "female": line.ben_female,
            "children": line.ben_children,
            "budget_year": line.budget_year,
            "spent_month": line.spent_month,
            "activities": line.activities,
        }
        for line, office in session.exec(query)
    ]


def write_templates(
    session: Session, month: str, out: Path, codes: list[str] | None = None
) -> list[Path]:
    """One pre-filled blank report per NGO on the list in `month` (or the NGOs named)."""

    from ngocoord import periods
    from ngocoord.intake.report_template import write_template
    from ngocoord.register import returns, roster
    from ngocoord.store import offices

    upazilas = sorted(o.name_bn for o in offices.upazila_offices(session).values())
    due_day = returns.kind(session, returns.NGO_REPORT).due_day
    if codes:
        ngos = [roster.get(session, c) for c in codes]
    else:
        ngos = roster.listed(session, periods.last_day(month))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ngo in ngos:
        path = out / report_format.template_name(month, ngo.code)
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
