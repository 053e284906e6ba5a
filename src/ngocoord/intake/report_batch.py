"""A batch of NGO monthly reports taken in: each file read and checked first, then each good
file written in its own transaction, so one bad file never stops the others and never leaves
half a report behind.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
import warnings
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import periods, places
from ngocoord.documents import spreadsheet
from ngocoord.errors import Busy, Invalid, Locked, NgocoordError, NgocoordWarning
from ngocoord.intake import column_maps
from ngocoord.intake.columns import Hints
from ngocoord.intake.remap import remap
from ngocoord.intake.report_file import Parsed, from_file_name, read_report
from ngocoord.register import former_codes, kinds, lookup, membership, report_sanity, returns
from ngocoord.register.lookup import CODE_IN_TEXT, Entry, Lookup
from ngocoord.store import db, offices, settings, tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.db import Register


@dataclass
class Outcome:
    """What happened to one file of a batch."""

    file: Path
    status: str  # imported, unchanged, rejected
    code: str | None = None
    month: str | None = None
    version: int | None = None  # the version the file is (or would be), or is unchanged from
    replaces: int | None = None  # imported as a new version: the version it replaced
    renamed: str | None = None  # the file carries the NGO's former code: what to say
    received_on: date | None = None
    reason: str | None = None
    problems: list[str] = field(default_factory=list)  # every problem; `reason` is the first
    warnings: list[str] = field(default_factory=list)  # taken as read: what to check, by cell
    lines: int = 0
    kept: list[str] = field(default_factory=list)  # headers no field fits (kept with the rows)
    columns: list[Any] = field(default_factory=list)  # every column as read (--explain)
    bijoy: list[Any] = field(default_factory=list)  # columns typed in Bijoy, converted
    encoding: str | None = None  # a CSV file's encoding, as read


@dataclass
class Roster:
    """The register's NGOs and their list memberships, loaded once per batch."""

    ngos: Lookup
    periods: dict[int, list[Any]]

    def find(self, code: str | None, name: str | None) -> Entry:
        if code:
            found = self.ngos.code(code)
            if found is None:
                raise Invalid(self.ngos.unknown(code))
            return found
        if name:
            return self.ngos.find(name)
        raise Invalid("the file names no NGO: fill in the NGO code (এনজিও কোড) in the header")

    def guess(self, texts: list[str], stem: str) -> tuple[str | None, str | None]:
        """For a report in the NGO's own layout: its name as a title line, or its code in the
        file name ("MBSK January.xlsx"). Only exact matches are taken."""
        for text in texts:
            # "বিরামপুর সমাজ উন্নয়ন সংস্থা, বিরামপুর, দিনাজপুর" or "মাসিক প্রতিবেদন - <name>, <place>"
            parts = [text, *re.split(r"\s[-–—:|]\s|[:|]", text)]
            for candidate in dict.fromkeys(p for part in parts for p in (part, part.split(",")[0])):
                if len(self.ngos.named(candidate)) == 1:
                    return None, candidate.strip()
        upper = stem.upper()
        tokens = {t for t in re.split(r"[\s_.,()-]+", upper) if t}
        tokens.update(CODE_IN_TEXT.findall(upper))
        found = sorted(t for t in tokens if self.ngos.code(t) is not None)  # former codes too
        return (found[0], None) if len({self.ngos.code(t) for t in found}) == 1 else (None, None)


def _load_roster(conn: Connection) -> Roster:
    from sqlalchemy import select

    m = tables.table(conn, "membership")
    by_ngo: dict[int, list[Any]] = defaultdict(list)
    for row in conn.execute(select(m.c.ngo_id, m.c.start_date, m.c.end_date)):
        by_ngo[row.ngo_id].append(row)
    return Roster(lookup.load(conn), by_ngo)


FIRST_MONTH = "1971-01"  # no office kept a return before Bangladesh did


def _check_month(month: str) -> None:
    """A month from 1971 to the current one; anything else is a typing mistake."""
    if month < FIRST_MONTH:
        raise Invalid(f"the month {month} is before {FIRST_MONTH}; correct the month")
    this = periods.month_of(periods.today())
    if month > this:
        raise Invalid(f"the month {month} is after this month ({this}); correct the month")


def _identify(
    parsed: Parsed, roster: Roster, received_on: date
) -> tuple[int, str, str, str | None]:
    """The NGO id, code and month of a parsed report, and what to say if the file carries the
    NGO's former code; or Invalid saying why not."""
    name_month, name_code = from_file_name(parsed.path)
    named = roster.ngos.code(name_code) if name_code else None
    if parsed.code and named is not None and roster.ngos.code(parsed.code) != named:
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
    _check_month(month)
    code_hint = parsed.code or (name_code if not parsed.name else None)
    name = parsed.name
    if code_hint is None and name is None:
        code_hint, name = roster.guess(parsed.texts, parsed.path.stem)
    ngo = roster.find(code_hint, name)
    ngo_id, code = ngo.id, ngo.code
    renamed = roster.ngos.renamed(code_hint) if code_hint else None
    report_sanity.month_over(month, received_on)
    spans = roster.periods.get(ngo_id, [])
    if not membership.member_during(spans, periods.first_day(month), periods.last_day(month)):
        raise Invalid(f"{code} was not on the coordination list in {month}{_listed(spans)}")
    return ngo_id, code, month, renamed


def _listed(spans: list[Any]) -> str:
    """When an NGO was on the list, as a refusal names it: "(on it 2020-03-01 to 2020-12-15)"."""
    said = [
        f"{p.start_date or 'the start'} to {p.end_date or 'now'}"
        for p in sorted(spans, key=lambda p: p.start_date or date.min)
    ]
    return f" (on it {', '.join(said)})" if said else " (never on it)"


def content_of(parsed: Parsed) -> list[dict[str, Any]]:
    """The rows a report's hash is taken of (`returns.report_hash`, with its month and
    details): a row without kept columns hashes as it always has."""
    return [
        {k: v for k, v in line.items() if k != "line_no" and (k != "extra" or v is not None)}
        for line in parsed.lines
    ]


def _earlier_hashes(month: str, parsed: Parsed, codes: list[str]) -> Callable[[], Collection[str]]:
    """The content's hashes by the rule before (the NGO's code in them), under each code the
    NGO has had: a version taken in then is the same content."""

    def made() -> set[str]:
        lines = content_of(parsed)
        return {returns.report_hash(month, parsed.details, lines, code) for code in codes}

    return made


@dataclass
class Batch:
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False
    rejects_file: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "rejected"]

    @property
    def warned(self) -> list[Outcome]:
        """The files taken as read with a warning (`report_sanity`)."""
        return [o for o in self.outcomes if o.status != "rejected" and o.warnings]


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
        if text not in self.cache:
            self.cache[text] = self.by_geo[places.find_upazila(text, self.district).id]
        return self.cache[text]

    def fits(self, value: object) -> bool:
        """Whether a cell names one of the district's upazilas (a column's value test)."""
        try:
            return self(str(value)) is not None
        except NgocoordError:
            return False


def upazila_reader(db: Session | Connection) -> _Upazilas:
    """How a written upazila name becomes one of the register's upazila offices (read
    without the ORM)."""
    conn = tables.connection(db)
    home_id, geo_id = offices.home_ids(conn)
    return _Upazilas(places.district_by_id(geo_id), offices.upazila_ids(conn, home_id))


_worker: tuple[_Upazilas, Hints] | None = None  # set in each worker process


def _start_worker(upazilas: _Upazilas, hints: Hints) -> None:
    global _worker
    _worker = (upazilas, hints)


def _read_or_reason(path: Path, upazilas: _Upazilas, hints: Hints) -> Parsed | str:
    """read_report, with a file the clerk must fix given as its reason."""
    try:
        return read_report(path, upazilas, hints)
    except NgocoordError as exc:
        return exc.message


class _WorkerCrash:
    """An unexpected error in a worker process, as text: not every exception can be pickled."""

    def __init__(self, path: Path, trace: str) -> None:
        self.path = path
        self.trace = trace


def _read_in_worker(path: Path) -> Parsed | str | _WorkerCrash:
    assert _worker is not None
    try:
        return _read_or_reason(path, *_worker)
    except Exception:
        return _WorkerCrash(path, traceback.format_exc())


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may use (Linux)
    except AttributeError:
        return os.cpu_count() or 1


def _fork_context() -> Any:
    """Workers started by fork (Linux): they begin with everything already imported."""
    import multiprocessing

    if not sys.platform.startswith("linux"):
        return None  # spawned workers import ngocoord afresh: not worth it by default
    return multiprocessing.get_context("fork")


def _read_all(
    files: list[Path], upazilas: _Upazilas, hints: Hints, jobs: int | None
) -> Iterator[Parsed | str]:
    """Each file read (or the reason it cannot be), in the order given."""

    context = _fork_context()
    if jobs is None:
        jobs = _cpus() if context is not None and len(files) >= PARALLEL_FROM else 1
    jobs = min(jobs, len(files))
    if sys.platform == "win32":
        jobs = min(jobs, 61)  # the most ProcessPoolExecutor takes there
    if jobs <= 1:
        for path in files:
            yield _read_or_reason(path, upazilas, hints)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, min(32, len(files) // (jobs * 4)))
    done = 0
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_start_worker, initargs=(upazilas, hints)
        ) as pool:
            for result in pool.map(_read_in_worker, files, chunksize=chunk):
                yield _checked(result)
                done += 1
    except BrokenProcessPool:
        # a worker died (killed, or the reader failed in native code): read the files not
        # yet read each in a process of its own, so the one that kills its reader is known
        for path in files[done:]:
            yield _read_alone(path, upazilas, hints, context)


def _checked(result: Parsed | str | _WorkerCrash) -> Parsed | str:
    if isinstance(result, _WorkerCrash):
        raise RuntimeError(f"reading {result.path} failed:\n{result.trace}")
    return result


def _read_alone(path: Path, upazilas: _Upazilas, hints: Hints, context: Any) -> Parsed | str:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(
            1, mp_context=context, initializer=_start_worker, initargs=(upazilas, hints)
        ) as pool:
            return _checked(pool.submit(_read_in_worker, path).result())
    except BrokenProcessPool:
        return (
            f"{path}: the spreadsheet reader stopped on this file (its process ended); the file "
            "is damaged or built to break readers. Open it in Excel or LibreOffice and save it "
            "again as .xlsx, then import that file."
        )


def import_reports(
    register: Register,
    files: list[Path],
    received: Callable[[Path], date],
    *,
    dry_run: bool = False,
    progress: Callable[[Path], None] | None = None,
    jobs: int | None = None,
    rejects: Path | None = None,
    maps: list[str] | None = None,
    strict: bool = False,
    bijoy: bool = True,
    unlock_reason: str | None = None,
) -> Batch:
    """Take in a batch of report files; each good file lands in its own transaction.

    `jobs` is how many processes read the files (default: one per CPU for a big batch on
    Linux, else 1); `maps` are `--map "HEADER=FIELD"` for this batch; `strict` rejects a file
    with columns no field fits; `bijoy` False reads Bijoy-typed cells as the Latin text they
    are. When a file is rejected, every problem is written to `rejects`. A file of a month
    locked after review is rejected, naming the lock, unless `unlock_reason` says why it
    changes all the same (recorded with it).
    """

    # the ids read now must still name the same NGOs when the last file is written: no
    # `db restore` or `db upgrade` while the batch is at work
    with nullcontext() if dry_run else db.writing(register.url):
        options = (jobs, maps or [], strict, bijoy, unlock_reason)
        return _import(register, files, received, dry_run, progress, options, rejects)


WARNED = "imported as read, check: "  # a warning's row in the rejects workbook


def write_rejects(batch: Batch, path: Path) -> Path:
    """Every problem of every rejected file, one per row: the list the screen only begins;
    then every warning of the files taken with one. Written at `path`, or beside it under a
    new name when a file is there (an earlier batch's list): the name written is returned."""
    rows = [
        [str(o.file), o.code, o.month, problem]
        for o in batch.rejected
        for problem in (o.problems or [o.reason or ""])
    ]
    rows += [[str(o.file), o.code, o.month, WARNED + w] for o in batch.warned for w in o.warnings]
    return spreadsheet.write_rows(
        path,
        ["file", "ngo", "month", spreadsheet.PROBLEM_HEADER],
        rows,
        sheet="rejected",
        new_name=True,
    )


def _import(
    register: Register,
    files: list[Path],
    received: Callable[[Path], date],
    dry_run: bool,
    progress: Callable[[Path], None] | None,
    options: tuple[int | None, list[str], bool, bool, str | None],
    rejects: Path | None,
) -> Batch:
    jobs, given, strict, bijoy, unlock_reason = options
    batch = Batch(dry_run=dry_run)
    with register.reading() as conn:  # plain rows through Core: no models are loaded
        roster = _load_roster(conn)
        upazilas = upazila_reader(conn)
        home_id = offices.home_ids(conn)[0]
        (kind,) = kinds.kind_rows(conn, returns.NGO_REPORT)
        start = settings.get(conn, "tracking.start")
        first = None if start else kinds.first_month(conn)
        office_maps = column_maps.load(conn, "report")
        had: dict[int, list[str]] = defaultdict(list)  # NGO: its former codes
        for former, owner in former_codes.held(conn):
            had[owner].append(former)
    hints = Hints(
        maps={**office_maps, **column_maps.one_import("report", given)},
        by_values={"upazila": upazilas.fits},
        strict=strict,
        bijoy=bijoy,
        form_name="report",
    )

    ready: list[tuple[Outcome, Parsed, int, str]] = []  # with the content's hash
    moved = False  # the first month expected moved earlier: said once
    for path, parsed in zip(files, _read_all(files, upazilas, hints, jobs), strict=True):
        outcome = Outcome(path, "rejected")
        batch.outcomes.append(outcome)
        if not isinstance(parsed, str):
            outcome.kept, outcome.columns, outcome.bijoy = parsed.kept, parsed.columns, parsed.bijoy
            outcome.encoding = parsed.encoding
        try:
            outcome.received_on = received(path)
            if isinstance(parsed, str):
                raise Invalid(parsed)
            if parsed.problems:
                outcome.problems = parsed.problems
                more = len(parsed.problems) - 1
                # a dry run writes the workbook only when --rejects names it
                listed = "; --rejects FILE.xlsx lists every one"
                listed = ", all in the rejects workbook" if rejects is not None else listed
                also = f" (and {more:,} more problem(s){listed})" if more else ""
                raise Invalid(parsed.problems[0] + also)
            ngo_id, outcome.code, outcome.month, outcome.renamed = _identify(
                parsed, roster, outcome.received_on
            )
            if start is not None and outcome.month < start:
                warnings.warn(
                    f"{path}: {outcome.month} is before the tracking start ({start}, config "
                    "tracking.start); it is imported, and `check` does not count that month",
                    NgocoordWarning,
                    stacklevel=1,
                )
            elif first is not None and outcome.month < first and not moved:
                warnings.warn(
                    f"{path}: {outcome.month} is before the first month with a return ({first})"
                    ", and tracking.start is not set, so `check` "
                    f"{'would then expect' if dry_run else 'now expects'} every NGO's return "
                    f"from {outcome.month} on; to keep expecting them from {first}: "
                    f"ngocoord config set tracking.start {first}",
                    NgocoordWarning,
                    stacklevel=1,
                )
                moved = True  # said once a batch
            outcome.lines = len(parsed.lines)
            # hashed here, while the workers read the next files
            digest = returns.report_hash(outcome.month, parsed.details, content_of(parsed))
            ready.append((outcome, parsed, ngo_id, digest))
        except NgocoordError as exc:
            outcome.reason = exc.message
            outcome.problems = outcome.problems or [exc.message]
        if progress:
            progress(path)

    _one_file_each(ready)
    good = [r for r in ready if not r[0].reason and r[0].status != SAME]
    _write(register, (kind, home_id, office_maps, upazilas, unlock_reason, had), good, dry_run)
    for outcome, parsed, *_ in good:
        if outcome.status != "rejected":  # as stored: a re-import keeps the received date
            assert outcome.month is not None and outcome.received_on is not None
            found = report_sanity.of_report(
                outcome.month, parsed.details.get("report_date"), outcome.received_on, parsed.lines
            )
            outcome.warnings = [parsed.where(f) for f in found]
    if (batch.rejected or batch.warned) and rejects is not None:
        batch.rejects_file = write_rejects(batch, rejects)
    return batch


SAME = "same file"  # the status of a copy of another file of the batch, read once


def _one_file_each(ready: list[tuple[Outcome, Parsed, int, str]]) -> None:
    """One file per NGO and month in a batch. Copies of one report (a second download,
    "2021-01_PMUS (1).xlsx") are one report: the first received is taken (the shortest name
    if received alike), each other is said to be the same file, both named. Files that differ
    reject each other: which one is the report is not for the importer to guess."""
    seen: dict[tuple[str | None, str | None], list[tuple[Outcome, str]]] = {}
    for outcome, _, _, digest in ready:
        seen.setdefault((outcome.code, outcome.month), []).append((outcome, digest))
    for (code, month), same in seen.items():
        if len(same) < 2:
            continue
        if len({digest for _, digest in same}) == 1:
            kept = min((o for o, _ in same), key=_first_received)
            for o, _ in same:
                if o is not kept:
                    o.status, o.version = SAME, None
                    o.reason = f"the same {code} {month} report as {kept.file}; read once"
                    if o.received_on != kept.received_on:
                        o.reason += (
                            f", as received on {kept.received_on} (this copy {o.received_on})"
                        )
            continue
        for o, _ in same:
            others = ", ".join(str(x.file) for x, _ in same if x is not o)
            o.status, o.reason = "rejected", f"{code} {month} is also in {others}; keep one"
            o.problems = [o.reason]


def _first_received(o: Outcome) -> tuple[object, ...]:
    return (o.received_on, len(o.file.name), o.file.name)


def _write(
    register: Register,
    context: tuple[Any, int, dict[str, tuple[str, str]], _Upazilas, str | None, Any],
    ready: list[tuple[Outcome, Parsed, int, str]],
    dry_run: bool,
) -> None:
    """Each good file as a new version in its own transaction, unless its content is already
    the current version. The versions already in are read inside that transaction, under the
    write lock (returns.write_version), so two imports at once cannot both write a version;
    a file whose write keeps losing the race is rejected with the reason. A file read with
    an office's map first moves the current version's kept values (`intake.remap`), so the
    same file again is "unchanged". A file of a locked month is rejected with the lock's
    message (returns.write_version asks register/locks.py)."""
    kind, home_id, maps, upazilas, unlock_reason, had = context

    with register.engine.connect() as conn:  # one connection, one transaction per file
        for outcome, parsed, ngo_id, digest in ready:
            assert outcome.code and outcome.month and outcome.received_on
            codes = [outcome.code, *had[ngo_id]]
            new = returns.NewVersion(
                kind_id=kind.id,
                kind_name=kind.name,
                office_id=home_id,
                month=outcome.month,
                received_on=outcome.received_on,
                content_hash=digest,
                source_file=str(parsed.path),
                unit_label=outcome.code,
                ngo_id=ngo_id,
                details=parsed.details,
                lines=parsed.lines,
                unlock_reason=unlock_reason,
                earlier_hashes=_earlier_hashes(outcome.month, parsed, codes),
            )
            try:
                if parsed.mapped and not dry_run:  # a header mapped since: move kept values
                    with conn.begin():
                        remap(
                            conn,
                            outcome.month,
                            maps,
                            upazilas,
                            ngo_id=ngo_id,
                            unlock_reason=unlock_reason,
                        )
                written = returns.take_in(conn, new, dry_run=dry_run)
            except (Busy, Locked) as exc:
                outcome.status, outcome.reason = "rejected", str(exc)
                outcome.problems = [outcome.reason]
                continue
            outcome.status = "unchanged" if written.status == "unchanged" else "imported"
            outcome.version = written.version
            if written.status == "superseded":  # the current version was, by this file
                outcome.replaces = written.current.version
            if written.status == "unchanged":
                outcome.received_on = written.current.received_on  # a re-import keeps the date
