"""Reading clerks' spreadsheets (xlsx/xlsm/xls/ods/csv) into header-matched rows.

Rosters and monthly reports arrive as sheets made by hand in Excel or LibreOffice, in Bangla:
a merged title row or two, a header row (sometimes two lines per cell, sometimes a second
English header row or a row of column numbers under it), data with upazila names merged down
several rows, and a totals row at the bottom. This module turns such a sheet into plain rows
keyed by canonical field names, and turns every way a file can be unreadable into a `BadFile`
that tells the clerk what to do. What a file is comes from `ngocoord.intake.sniff`; the header
table and its recognition from `ngocoord.intake.headers`.

python-calamine does the reading (it is fast), imported inside functions so that importing
this module stays cheap for the CLI. Writing is `ngocoord.documents.spreadsheet`'s.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ngocoord import bijoy
from ngocoord.bulk import gc_paused
from ngocoord.errors import BadFile
from ngocoord.intake import columns as column_rules
from ngocoord.intake import extent
from ngocoord.intake.headers import (
    HEADER_SEARCH_ROWS,
    Grid,
    Table,
    _Candidate,
    _is_blank,
    _is_column_numbers,
    column_letter,
    header_key,
    locate_header,
    paths,
)
from ngocoord.intake.merges import Merge, _ods_merges_all, _xlsx_merges
from ngocoord.intake.sniff import (
    _KIND_BY_SUFFIX,
    _RESAVE_HINT,
    _TOO_LARGE_HINT,
    _bad,
    _check_file,
    _decode_csv,
    _reader_error,
    _sniff_delimiter,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from concurrent.futures import Future, ThreadPoolExecutor

    from ngocoord.meaning import Form

__all__ = ["Table", "column_letter", "find_table", "header_key", "read_sheet"]


def _clean(grid: list[list[Any]]) -> Grid:
    """Strip strings, turn empty cells into None and whole-number floats into ints, in place.

    calamine gives '' for empty cells and floats for every xlsx/ods number (1711000000.0 for a
    phone number typed as a number); callers want None and 1711000000. This is the only
    per-cell Python work, so it is one comprehension per row; each row replaces the one it
    was made from, so a big sheet is not held twice.
    """
    for i, row in enumerate(grid):
        grid[i] = [
            (v.strip() or None)
            if v.__class__ is str
            else (int(v) if v.__class__ is float and v.is_integer() else v)
            for v in row
        ]
    return grid


def _fill_merges(grid: Grid, merges: Iterable[Merge]) -> None:
    """Copy each merged range's top-left value into every cell of the range (within the grid)."""
    height = len(grid)
    for (r0, c0), (r1, c1) in merges:
        if r0 >= height or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        if value is None:
            continue
        for r in range(r0, min(r1, height - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


class _Book:
    """One opened input file: its sheet names and, per sheet, the cleaned grid and merges."""

    def __init__(self, path: Path, max_rows: int) -> None:
        self.path = path
        self.display = str(path)
        self.max_rows = max_rows
        self.kind, self.extents = _check_file(path, self.display)
        self.largest = extent.largest(self.extents)
        self._wb: Any = None
        self._fh: IO[bytes] | None = None
        self.hidden: set[str] = set()
        self.merges: dict[str, list[Merge]] = {}
        self._ods_job: Future[dict[str, list[Merge]]] | None = None
        self._pool: ThreadPoolExecutor | None = None
        self.encoding: str | None = None  # a CSV's, as read (named in the import summary)
        if self.kind == "csv":
            self.names = ["csv"]
            return
        if self.kind == "xls":
            try:
                self.extents = extent.xls_extents(path)
            except Exception:  # not understood: an xls holds at most 65,536 × 256 cells anyway
                self.extents = {}
            self.largest = extent.largest(self.extents)
        if self.kind in ("ods", "xls"):  # calamine reads every sheet of these when opening
            for name in self.extents:
                self._check_extent(name)
        import python_calamine

        if self.kind == "ods":  # calamine releases the GIL while parsing: find merges meanwhile
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(1, thread_name_prefix="ods-merges")
            self._ods_job = self._pool.submit(_ods_merges_all, path)
        try:
            if self.kind == _KIND_BY_SUFFIX[path.suffix.lower()]:
                self._wb = python_calamine.CalamineWorkbook.from_path(str(path))
            else:  # content and name disagree: let calamine detect the format from the bytes
                self._fh = path.open("rb")
                self._wb = python_calamine.CalamineWorkbook.from_filelike(self._fh)
            self.names = list(self._wb.sheet_names)
            for meta in getattr(self._wb, "sheets_metadata", None) or []:
                # chart/macro sheets hold no rows; hidden sheets hold lookup lists
                if (
                    meta.typ != python_calamine.SheetTypeEnum.WorkSheet
                    or meta.visible != python_calamine.SheetVisibleEnum.Visible
                ):
                    self.hidden.add(meta.name)
        except (KeyboardInterrupt, SystemExit):
            self.close()
            raise
        except BaseException as exc:  # calamine raises its own errors and Rust panics
            self.close()
            raise _reader_error(self.display, exc) from exc

    def close(self) -> None:
        if self._wb is not None:
            with contextlib.suppress(Exception):  # already closed: nothing to release
                self._wb.close()
            self._wb = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> _Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def resolve(self, sheet: str) -> str:
        """The sheet's real name; tolerate case and spacing differences, else list the sheets."""
        if sheet in self.names:
            return sheet
        wanted = " ".join(sheet.split()).casefold()
        for name in self.names:
            if " ".join(name.split()).casefold() == wanted:
                return name
        listed = ", ".join(f'"{n}"' for n in self.names)
        raise _bad(
            self.display,
            f'has no sheet named "{sheet}"; its sheets are: {listed}.',
            "Give one of those sheet names."
            if self.kind != "csv"
            else "A CSV file has no sheets; leave out the sheet name.",
        )

    def candidates(self) -> list[str]:
        """Sheets to try when none is named: visible work sheets first, then hidden ones."""
        visible = [n for n in self.names if n not in self.hidden]
        return visible + [n for n in self.names if n in self.hidden]

    def grid(self, name: str) -> Grid | None:
        """The cleaned, merge-filled grid of one sheet; None when it has no data at all."""
        grid: Grid | None
        if self.kind == "csv":
            grid, self.encoding = _read_csv(self.path, self.display, self.max_rows)
        else:
            grid = self._calamine_grid(name)
        if grid is None or all(_is_blank(r) for r in grid):
            return None
        return grid

    def _check_extent(self, name: str) -> None:
        """Refuse a sheet whose cells reach past the limits before calamine allocates it."""
        found = self.extents.get(name)
        over = extent.too_large(found or self.largest, self.max_rows)
        if over is not None:
            which = f'sheet "{name}"' if found else "a sheet of the workbook"
            raise _bad(
                self.display,
                f"{which} is too large: its cells reach {over}.",
                _TOO_LARGE_HINT + " A stray value far below or right of the table (check with"
                " Ctrl+End in Excel) makes a sheet this large: delete those rows and columns.",
            )

    def _calamine_grid(self, name: str) -> Grid | None:
        self._check_extent(name)
        try:
            sheet = self._wb.get_sheet_by_name(name)
            end = sheet.end
            if end is None:
                return None
            if end[0] + 1 > self.max_rows:
                raise _bad(
                    self.display,
                    f'sheet "{name}" is too large ({end[0] + 1:,} rows; '
                    f"the limit is {self.max_rows:,}).",
                    _TOO_LARGE_HINT,
                )
            with gc_paused():
                grid = _clean(sheet.to_python(skip_empty_area=False))
            merges = getattr(sheet, "merged_cell_ranges", None)
        except BadFile:
            raise
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise _reader_error(self.display, exc) from exc
        try:
            if merges is None and self._ods_job is not None:
                merges = self._ods_job.result().get(name)
            elif merges is None and self.kind == "xlsx":
                merges = _xlsx_merges(self.path, name)  # python-calamine < 0.4
        except Exception:  # merges are a nicety; the values themselves were read fine
            merges = None
        if merges:
            self.merges[name] = list(merges)
            _fill_merges(grid, self.merges[name])
        return grid


# --- csv -----------------------------------------------------------------------------------


def _read_csv(path: Path, display: str, max_rows: int) -> tuple[Grid, str]:
    """The one CSV reader: the grid, and the encoding the file was read in."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _bad(display, f"cannot be opened ({exc.strerror or exc}).") from exc
    text, encoding = _decode_csv(data, display)
    first, _, rest = text.partition("\n")
    first = first.rstrip("\r")
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]  # Excel's "sep=;" hint line; Excel does not show it as a row
        text = rest
    else:
        delimiter = _sniff_delimiter(text)
    rows: list[list[str]] = []
    try:
        with gc_paused():
            for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
                rows.append(record)
                if len(rows) > max_rows:
                    raise _bad(
                        display,
                        f"the file is too large (more than {max_rows:,} rows).",
                        _TOO_LARGE_HINT,
                    )
            width = max((len(r) for r in rows), default=0)
            over = extent.too_large(extent.Extent(len(rows), width), max_rows)
            if over is not None:
                raise _bad(display, f"the file is too large ({over}).", _TOO_LARGE_HINT)
            for r in rows:
                if len(r) < width:
                    r.extend([""] * (width - len(r)))
            return _clean(rows), encoding
    except csv.Error as exc:
        raise _bad(display, f"could not be read as CSV ({exc}).", _RESAVE_HINT) from exc


# --- public reading API --------------------------------------------------------------------


def _first_grid(book: _Book) -> tuple[str, Grid]:
    for name in book.candidates():
        grid = book.grid(name)
        if grid is not None:
            return name, grid
    raise _bad(
        book.display,
        "has no data: every sheet is empty." if book.kind != "csv" else "has no data.",
        "Check that this is the right file and that it was saved after typing the data.",
    )


def _named_grid(book: _Book, sheet: str) -> tuple[str, Grid]:
    name = book.resolve(sheet)
    grid = book.grid(name)
    if grid is None:
        raise _bad(
            book.display,
            f'sheet "{name}" has no data.',
            "Check the sheet name, or that the file was saved after typing the data.",
        )
    return name, grid


def read_sheet(
    path: Path, sheet: str | None = None, *, max_rows: int = 1_000_000
) -> tuple[str, list[list[object]]]:
    """The raw grid of one sheet (first non-empty sheet by default): values as Python objects
    (str, int, float, date, datetime, None), merged cells filled with their top-left value.

    grid[i] is sheet row i + 1 and grid[i][j] is column j (A = 0), blank rows included, so that
    positions can be reported back to the clerk. Strings are stripped; empty cells are None.
    """
    with _Book(Path(path), max_rows) as book:
        return _first_grid(book) if sheet is None else _named_grid(book, sheet)


def _header_failure(
    book: _Book,
    sheet: str,
    form: Form,
    missing: set[str],
    best: _Candidate | None,
    searched: list[str],
) -> BadFile:
    fields = form.descriptions

    def describe(field: str) -> str:
        said = [a.lstrip("=~") for a in fields[field]]
        also = f" (or words like: {', '.join(said[1:4])})" if len(said) > 1 else ""
        return f'"{said[0]}"{also}'

    order = [f for f in fields if f in missing]
    where = f'sheet "{sheet}"' if book.kind != "csv" else "the file"
    lines = "\n".join(f"  - {describe(f)}" for f in order)
    message = (
        f"could not find the header row in {where} (looked at the first {HEADER_SEARCH_ROWS}"
        f" rows); these required columns were not found:\n{lines}"
    )
    if best is not None and best.texts:
        seen = ", ".join(best.texts)
        hint = f"Row {best.row} has the headers: {seen}."
    else:
        hint = "No header texts were found at the top of the sheet."
    if len(searched) > 1:
        others = ", ".join(f'"{n}"' for n in searched if n != sheet)
        hint += f" The other sheets ({others}) do not have them either."
    hint += (
        " Rename the column headers to say what they hold, map a header to its field with"
        ' --map "HEADER=FIELD", or check that this is the right file and sheet.'
    )
    return _bad(book.display, message, hint)


# A header naming fewer fields than this may be a cover or summary sheet's: later sheets are
# read for a fuller one.
WEAK_HEADER = 3


def find_table(
    path: Path,
    fields: dict[str, list[str]] | Form,
    *,
    required: set[str],
    any_of: Sequence[set[str]] = (),
    sheet: str | None = None,
    max_rows: int = 1_000_000,
    hints: column_rules.Hints | None = None,
    other_sheets: bool = False,
) -> Table:
    """Locate the header (one to three rows) among the first 30 rows and return the data rows
    under it, each column decided (`ngocoord.intake.columns`).

    Title rows above the header, a row of column numbers right under it, blank rows and a
    totals row are all left out. `any_of` lists groups of fields of which at least one must be
    present (a roster may name NGOs in Bangla, in English, or both). With `hints`, cells typed
    in Bijoy are converted first (`ngocoord.bijoy`, unless hints.bijoy is False) and the table
    names the columns converted. Without a sheet name every sheet is tried in order (visible
    ones first) and the first one with the header wins, because workbooks often open with an
    instructions sheet; a header naming fewer than WEAK_HEADER fields (a cover sheet's "মোট
    এনজিও | ১০") wins only when no later sheet's names more. With `other_sheets`, the other
    sheets whose header names as many fields are named in the table's notes (with their rows
    and how to read them): they are not read as well, since whether they repeat, add to or
    are apart from the sheet read is the clerk's to say.
    """
    from ngocoord.meaning import Form, form_of

    form = fields if isinstance(fields, Form) else form_of(fields)
    unknown = set(required) - set(form.descriptions)
    if unknown:
        raise ValueError(f"required fields not in fields: {sorted(unknown)}")
    with _Book(Path(path), max_rows) as book:
        names = [book.resolve(sheet)] if sheet is not None else book.candidates()
        best: tuple[_Candidate, str] | None = None
        weak: tuple[str, Grid, tuple[int, int, Any], _Candidate] | None = None  # best so far
        searched: list[str] = []
        for name in names:
            grid = book.grid(name)
            if grid is None:
                if sheet is not None:
                    _named_grid(book, name)  # raises "has no data"
                continue
            searched.append(name)
            # Bijoy cells are converted for the callers that say so in the summary (the roster
            # and report imports pass hints); the others read the file as it is
            converted = bijoy.convert_grid(grid) if hints is not None and hints.bijoy else {}
            header, depth, candidate = locate_header(grid, form, required, any_of)
            if header is not None and candidate is not None:
                if weak is None or len(candidate.found) > len(weak[3].found):
                    weak = (name, grid, (header, depth, converted), candidate)
                if len(candidate.found) >= WEAK_HEADER:
                    break
                continue
            if candidate is not None and (best is None or candidate.score[:2] > best[0].score[:2]):
                best = (candidate, name)
        if weak is not None:
            name, grid, (header, depth, converted), _ = weak
            table = _build_table(book, name, grid, (header, depth), form, hints)
            table.bijoy = _converted(converted, table.labels)
            table.encoding = book.encoding
            if other_sheets and sheet is None:
                others = [n for n in names if n != name]
                table.notes += _other_tables(book, others, form, (required, any_of))
            return table
        if not searched:
            _first_grid(book)  # raises "has no data"
        if best is None:  # only blank rows at the top of every sheet
            best = (_Candidate((0, 0, 0), 0, [], set()), searched[0])
        candidate, name = best
        missing = set(required) - candidate.found
        for group in any_of:
            if not group & candidate.found:
                missing |= group
        raise _header_failure(book, name, form, missing, candidate, searched)


def _other_tables(
    book: _Book, names: list[str], form: Form, needs: tuple[set[str], Sequence[set[str]]]
) -> list[str]:
    """The other sheets that look like the table read (a header naming WEAK_HEADER fields or
    more), each with its rows under the header and the option that reads it."""
    said = []
    for name in names:
        grid = book.grid(name)
        if grid is None:
            continue
        header, depth, candidate = locate_header(grid, form, *needs)
        if header is None or candidate is None or len(candidate.found) < WEAK_HEADER:
            continue
        head = grid[header + depth - 1]
        count = 0
        for row in grid[header + depth :]:
            if row.count(None) == len(row) or row == head or _is_column_numbers(row):
                continue
            if total_row(row) is not None:
                break
            count += 1
        quoted = name.replace('"', '\\"')
        said.append(
            f'sheet "{name}" also looks like a list ({count} row(s) under its header, row '
            f"{header + 1}) and was not read; to read it, import the file again with "
            f'--sheet "{quoted}"'
        )
    return said


def _converted(converted: dict[int, bijoy.Converted], labels: list[str]) -> list[bijoy.Converted]:
    """The columns put from Bijoy into Unicode, in sheet order, named as the summary names them."""
    for col, found in converted.items():
        found.column = column_letter(col)
        found.header = labels[col] if col < len(labels) else found.column
    return [converted[c] for c in sorted(converted)]


def _build_table(
    book: _Book,
    sheet: str,
    grid: Grid,
    header: tuple[int, int],
    form: Form,
    hints: column_rules.Hints | None,
) -> Table:
    top, depth = header
    header_paths = paths(grid, top, depth)
    header_row = grid[top + depth - 1]
    start = top + depth
    if start < len(grid) and _is_column_numbers(grid[start]):
        start += 1
    labels = [" / ".join(p) if p else column_letter(c) for c, p in enumerate(header_paths)]

    rows: list[tuple[int, list[object]]] = []
    totals = None
    notes: list[str] = []
    with gc_paused():
        for r in range(start, len(grid)):
            row = grid[r]
            if row.count(None) == len(row) or row == header_row:
                continue  # blank, or the header repeated (sheets pasted together page by page)
            said = total_row(row)
            if said is not None:  # the totals row ends the table: below, signatures and notes
                below = sum(1 for x in grid[r + 1 :] if x.count(None) != len(x))
                more = f"; the {below} filled row(s) below it were not read" if below else ""
                totals = (r + 1, row)
                notes.append(f'row {r + 1} "{said}" was read as a totals row and skipped{more}')
                break
            rows.append((r + 1, row))
    where = f'sheet "{sheet}"' if book.kind != "csv" else "the file"
    assigned = column_rules.assign(
        (book.display, where, top + 1), header_paths, rows, form, hints or column_rules.Hints()
    )
    return Table(
        file=book.display,
        sheet=sheet,
        header_row=top + 1,
        columns=assigned.columns,
        headers=assigned.headers,
        unmatched=list(assigned.kept.values()),
        rows=rows,
        labels=labels,
        above=grid[:top],
        kept=assigned.kept,
        read=assigned.read,
        totals=totals,
        notes=notes,
    )


# A totals row's words ("মোট", "সর্ব মোট", "Grand total", "মোট এনজিও ১২টি", "Total: 4 NGOs"):
# words of a total, and words of what is counted; at least one of the first.
_TOTAL_WORDS = frozenset(("মোট", "সর্বমোট", "total", "subtotal", "উপমোট", "সাকুল্যে", "সর্বসাকুল্যে"))
_COUNTED_WORDS = frozenset(
    (
        *("সর্ব", "grand", "sub", "উপ", "এনজিও", "এনজিওর", "ngo", "ngos", "সংস্থা", "সংস্থার"),
        *("টি", "টা", "জন", "no", "nos", "number", "সংখ্যা", "of", "in", "all", "=", "সকল", "count"),
    )
)
_DIGITS_APART = re.compile(r"(\d+)")


def total_row(row: Sequence[object]) -> str | None:
    """The row's text if it is a totals or summary row, else None: every text cell, wherever
    it is (the first column blank or not), says only a total and a count (numbers, sums and
    formulas beside it are a total's), or the row's first filled cell does (a note may follow
    it). An NGO's row has a name, which is more than that."""
    texts = [v for v in row if v.__class__ is str and v.strip() and v[:1] != "="]  # no formula
    if not texts:
        return None
    if _says_total(" ".join(texts)):
        return " ".join(t.strip() for t in texts)
    first = next(v for v in row if v is not None)
    return first.strip() if first is texts[0] and _says_total(first) else None


def _says_total(text: str) -> bool:
    from ngocoord.meaning import fold

    if len(text) > 60:
        return False
    words = _DIGITS_APART.sub(r" \1 ", fold(text)).split()
    total, counted = _total_vocabulary()
    return any(w in total for w in words) and all(
        w.isdigit() or w in total or w in counted for w in words
    )


@functools.cache
def _total_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    from ngocoord.meaning import fold

    return frozenset(map(fold, _TOTAL_WORDS)), frozenset(map(fold, _COUNTED_WORDS))
