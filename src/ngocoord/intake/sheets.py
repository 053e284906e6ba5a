"""Reading clerks' spreadsheets (xlsx/xlsm/xls/ods/csv) into header-matched rows.

Rosters and monthly reports arrive as sheets made by hand in Excel or LibreOffice, in Bangla:
a merged title row or two, a header row (sometimes two lines per cell, sometimes a second
English header row or a row of column numbers under it), data with upazila names merged down
several rows, and a totals row at the bottom. This module turns such a sheet into plain rows
keyed by canonical field names, and turns every way a file can be unreadable into a `BadFile`
that tells the clerk what to do.

python-calamine does the reading (it is fast), imported inside functions so that importing
this module stays cheap for the CLI. Writing is `ngocoord.documents.spreadsheet`'s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ngocoord.errors import BadFile, CellProblem

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from concurrent.futures import Future, ThreadPoolExecutor

__all__ = ["Table", "find_table", "header_key", "read_sheet"]

Grid = list[list[object]]
Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col))

ACCEPTED = ".xlsx, .xlsm, .xls, .ods or .csv"
_KIND_BY_SUFFIX = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 500 * 1024 * 1024  # zip-bomb guard for xlsx/ods
HEADER_SEARCH_ROWS = 30

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"

_RESAVE_HINT = (
    "Open it in Excel or LibreOffice and save it again as an Excel workbook (.xlsx), "
    "then import that file."
)
_PASSWORD_HINT = (
    "Open it in Excel, remove the password (File › Info › Protect Workbook) and save it again."
)
_TOO_LARGE_HINT = (
    "Split it into smaller files, or delete unused sheets and empty formatted rows, "
    "and save it again."
)

# --- header normalisation ------------------------------------------------------------------

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_PUNCTUATION = ".,:;()[]{}/\\'\"-_?*#=!|<>।–—‘’“”\u0983"  # U+0983 visarga typed as a colon
_KEY_TABLE = str.maketrans(
    {
        **{ch: None for ch in _ZERO_WIDTH + _PUNCTUATION},
        **{chr(0x09E6 + d): str(d) for d in range(10)},  # Bengali digits -> Latin
    }
)


def header_key(text: object) -> str:
    """Normalise header text so that spelling noise does not stop a match.

    Clerks type the same header many ways: with or without a trailing colon (or a visarga
    standing in for one), Bengali or Latin digits, stray zero-width joiners from Bangla
    keyboards, extra spaces and line breaks. All of that is removed; case is folded.
    """
    return _key_of(str(text))


@functools.lru_cache(maxsize=8192)
def _key_of(text: str) -> str:
    """header_key on text (cached: a batch of reports repeats the same headings)."""
    s = unicodedata.normalize("NFC", text).translate(_KEY_TABLE).casefold()
    return "".join(s.split())


_TOTAL_KEYS = frozenset(header_key(t) for t in ("মোট", "সর্বমোট", "Total", "Grand Total"))

# --- the table -----------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Table:
    """A located table: where its header is, which column holds which field, and its rows."""

    file: str  # the path as the user gave it (for messages)
    sheet: str  # sheet name ("csv" for csv files)
    header_row: int  # 1-based row number of the header in the sheet
    columns: dict[str, int]  # canonical field name -> 0-based column index
    headers: dict[str, str]  # canonical field name -> the header text as written in the file
    unmatched: list[str]  # header texts that matched no field (for a warning)
    rows: list[tuple[int, list[object]]]  # (1-based sheet row number, cell values), data only
    # header text of every column, in order; and the rows above the header (title, form fields)
    labels: list[str] = dataclasses.field(default_factory=list)
    above: list[list[object]] = dataclasses.field(default_factory=list)

    def column_label(self, field: str) -> str:
        """Column letter plus header text, e.g. 'D "মোবাইল নম্বর"', so a clerk can find it."""
        if field not in self.columns:
            return field
        text = " / ".join(line.strip() for line in self.headers[field].splitlines() if line)
        return f'{column_letter(self.columns[field])} "{text}"'

    def problem(self, row: int, field: str, message: str) -> CellProblem:
        """A CellProblem pointing at this table's file, sheet, `row` and the field's column."""
        return CellProblem(self.file, self.sheet, row, self.column_label(field), message)


# --- opening files -------------------------------------------------------------------------


def _bad(display: str, message: str, hint: str | None = None) -> BadFile:
    return BadFile(f"{display}: {message}", hint)


def _check_file(path: Path, display: str) -> str:
    """Check that `path` is a readable spreadsheet of an accepted kind; return what it really is.

    The kind comes from the content, not the name: clerks rename files (.xls saved as .xlsx,
    web pages saved as .xls), and a clear message beats a parser's stack of errors.
    """
    suffix = path.suffix.lower()
    kind = _KIND_BY_SUFFIX.get(suffix)
    if kind is None:
        what = f'"{suffix}" files' if suffix else "files without an extension"
        raise _bad(
            display,
            f"cannot read {what}; accepted are {ACCEPTED}.",
            "Save the sheet from Excel or LibreOffice in one of those formats.",
        )
    try:
        if not path.exists():
            raise _bad(display, "file not found.", "Check the file name and folder.")
        if not path.is_file():
            raise _bad(display, "is a folder, not a file.", "Give the path of the file itself.")
        size = path.stat().st_size
        if size == 0:
            raise _bad(
                display,
                "the file is empty (0 bytes).",
                "It was probably not saved or copied completely. " + _RESAVE_HINT,
            )
        if size > MAX_FILE_BYTES:
            raise _bad(
                display,
                f"the file is too large ({size / 1024 / 1024:.0f} MB; "
                f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB).",
                _TOO_LARGE_HINT,
            )
        with path.open("rb") as fh:
            head = fh.read(512)
            if head.startswith(_OLE_MAGIC):
                fh.seek(0)
                if _ENCRYPTION_INFO in fh.read():
                    raise _bad(display, "is protected with a password to open.", _PASSWORD_HINT)
                return "xls"
    except OSError as exc:
        raise _bad(display, f"cannot be opened ({exc.strerror or exc}).") from exc
    if head.startswith(_ZIP_MAGICS):
        return _check_zip(path, display)
    if kind == "csv":
        return "csv"
    raise _bad(display, _not_a_spreadsheet(head, suffix), _RESAVE_HINT)


def _not_a_spreadsheet(head: bytes, suffix: str) -> str:
    """Say what a file with spreadsheet extension but no spreadsheet inside most likely is."""
    probe = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return f"is a web page (HTML) saved with a {suffix} name, not a real spreadsheet."
    if probe.startswith(b"<?xml"):
        return f"is an XML file (perhaps 'XML Spreadsheet 2003') with a {suffix} name."
    if probe.startswith(b"%pdf"):
        return f"is a PDF document with a {suffix} name, not a spreadsheet."
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut at the end of the probe
            return f"is not a {suffix} spreadsheet; the file is damaged or of another kind."
        text = head[: exc.start].decode("utf-8")
    first_line = text.partition("\n")[0]
    csv_like = any(d in first_line for d in ",;\t")
    return f"is a plain text file with a {suffix} name, not a real spreadsheet" + (
        " (if it is a CSV file, rename it to .csv)." if csv_like else "."
    )


def _check_zip(path: Path, display: str) -> str:
    """Tell xlsx from ods inside a zip, refuse damaged archives and zip bombs."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
                raise _bad(
                    display,
                    "the workbook is too large when unpacked "
                    f"(over {MAX_UNZIPPED_BYTES // 1024 // 1024} MB).",
                    _TOO_LARGE_HINT,
                )
            names = {i.filename for i in infos}
            if "mimetype" in names:
                mime = zf.read("mimetype").strip()
                if mime == _ODS_MIME:
                    return "ods"
                raise _bad(
                    display,
                    f"is an OpenDocument file of another kind ({mime.decode(errors='replace')}),"
                    " not a spreadsheet.",
                    _RESAVE_HINT,
                )
            if "xl/workbook.xml" in names or any(n.endswith("workbook.xml") for n in names):
                return "xlsx"
            if "content.xml" in names:  # an OpenDocument file written without its mimetype
                return "ods"
            if "word/document.xml" in names:
                what = "a Word document"
            elif any(n.startswith("ppt/") for n in names):
                what = "a PowerPoint file"
            else:
                what = "a zip archive"
            raise _bad(display, f"is {what}, not a spreadsheet.", _RESAVE_HINT)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError) as exc:
        raise _bad(
            display,
            f"the workbook is damaged or incomplete ({exc}).",
            "It was probably not saved or copied completely. " + _RESAVE_HINT,
        ) from exc
    except OSError as exc:
        raise _bad(display, f"cannot be opened ({exc.strerror or exc}).") from exc


def _reader_error(display: str, exc: BaseException) -> BadFile:
    """Wrap whatever the spreadsheet reader raised into a clerk-facing BadFile."""
    if type(exc).__name__ == "PasswordError":
        return _bad(display, "is protected with a password to open.", _PASSWORD_HINT)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return _bad(
        display,
        f"could not be read as a spreadsheet; it may be damaged ({detail}).",
        _RESAVE_HINT,
    )


def _clean(raw: Iterable[list[Any]]) -> Grid:
    """Strip strings, turn empty cells into None and whole-number floats into ints.

    calamine gives '' for empty cells and floats for every xlsx/ods number (1711000000.0 for a
    phone number typed as a number); callers want None and 1711000000. This is the only
    per-cell Python work, so it is one comprehension per row.
    """
    return [
        [
            (v.strip() or None)
            if v.__class__ is str
            else (int(v) if v.__class__ is float and v.is_integer() else v)
            for v in row
        ]
        for row in raw
    ]


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


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of cell (or row) objects are created.

    Those objects form no cycles, yet each allocation burst triggers collections that scan
    them all again; pausing halves the Python-side time of reading a big roster.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _is_blank(row: list[object]) -> bool:
    return row.count(None) == len(row)


class _Book:
    """One opened input file: its sheet names and, per sheet, the cleaned grid and merges."""

    def __init__(self, path: Path, max_rows: int) -> None:
        self.path = path
        self.display = str(path)
        self.max_rows = max_rows
        self.kind = _check_file(path, self.display)
        self._wb: Any = None
        self._fh: IO[bytes] | None = None
        self.hidden: set[str] = set()
        self.merges: dict[str, list[Merge]] = {}
        self._ods_job: Future[dict[str, list[Merge]]] | None = None
        self._pool: ThreadPoolExecutor | None = None
        if self.kind == "csv":
            self.names = ["csv"]
            return
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
            grid = _read_csv(self.path, self.display, self.max_rows)
        else:
            grid = self._calamine_grid(name)
        if grid is None or all(_is_blank(r) for r in grid):
            return None
        return grid

    def _calamine_grid(self, name: str) -> Grid | None:
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


# --- merged ranges that calamine does not expose -------------------------------------------

_A1 = re.compile(rb"([A-Z]{1,3})(\d+)")


def _a1(ref: bytes) -> tuple[int, int]:
    m = _A1.fullmatch(ref.replace(b"$", b""))
    if m is None:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + (ch - 64)
    return int(m.group(2)) - 1, col - 1


def _xlsx_merges(path: Path, sheet: str) -> list[Merge]:
    """Merged ranges of an xlsx sheet read from its XML (for calamine without merge support)."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as zf:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rid = next(
            (
                value
                for el in book.iter()
                if el.tag.endswith("}sheet") and el.get("name") == sheet
                for key, value in el.attrib.items()
                if key.endswith("}id")
            ),
            None,
        )
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        target = next((el.get("Target", "") for el in rels if el.get("Id") == rid), "")
        if not target:
            return []
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        data = zf.read(posixpath.normpath(part))
    merges: list[Merge] = []
    for m in re.finditer(rb'<(?:\w+:)?mergeCell\s+ref="([^"]+)"', data):
        first, _, last = m.group(1).partition(b":")
        merges.append((_a1(first), _a1(last or first)))
    return merges


_ODS_TABLE_NS = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ods_attr(attrs: bytes, name: bytes) -> int:
    m = re.search(rb":" + name + rb'="(\d+)"', attrs)
    return int(m.group(1)) if m else 1


def _ods_merges(path: Path, sheet: str) -> list[Merge]:
    """Merged ranges of one ods sheet (see `_ods_merges_all`)."""
    return _ods_merges_all(path).get(sheet, [])


def _ods_merges_all(path: Path) -> dict[str, list[Merge]]:
    """Merged ranges of every sheet of an ods file, from the spans in content.xml.

    calamine (0.9.1) does not report ODS merges. ODF writes a merged cell as a cell with
    number-rows/columns-spanned followed by covered cells. Parsing the whole document again
    would cost more than calamine's own read, so only the row tags up to the last span are
    counted (with their repeats), and only the few rows that hold a span have their cells
    counted. `_Book` runs this in a thread while calamine parses the same file.
    """
    import zipfile
    from html import unescape

    with zipfile.ZipFile(path) as zf:
        data = zf.read("content.xml")
    if b"-spanned=" not in data:
        return {}
    ns = re.search(rb'xmlns:([\w.-]+)="' + re.escape(_ODS_TABLE_NS) + b'"', data)
    if ns is None:
        return {}
    prefix = ns.group(1)
    p = re.escape(prefix)
    found: dict[str, list[Merge]] = {}
    for m in re.finditer(rb"<" + p + rb":table(?=\s)([^>]*)>", data):
        name = re.search(p + rb':name="([^"]*)"', m.group(1))
        end = data.find(b"</" + prefix + b":table>", m.end())
        merges = _ods_table_merges(data, p, m.end(), len(data) if end < 0 else end)
        if name is not None and merges:
            found[unescape(name.group(1).decode())] = merges
    return found


def _ods_table_merges(data: bytes, p: bytes, start: int, end: int) -> list[Merge]:
    import bisect

    last_span = data.rfind(b"-spanned=", start, end)
    if last_span < 0:
        return []
    end = data.find(b">", last_span) + 1  # rows after the last span do not matter
    offsets: list[int] = []  # where each row tag starts
    numbers: list[int] = []  # the 0-based sheet row it stands for
    row = 0
    for m in re.compile(rb"<" + p + rb":table-row(?=[\s/>])([^>]*)>").finditer(data, start, end):
        offsets.append(m.start())
        numbers.append(row)
        attrs = m.group(1)
        row += _ods_attr(attrs, b"number-rows-repeated") if b"number-" in attrs else 1
    cells = re.compile(rb"<" + p + rb":(table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
    merges: list[Merge] = []
    done: set[int] = set()
    for hit in re.finditer(rb"-spanned=", data[start:end]):
        i = bisect.bisect_right(offsets, start + hit.start()) - 1
        if i < 0 or i in done:
            continue
        done.add(i)
        stop = offsets[i + 1] if i + 1 < len(offsets) else end
        col = 0
        for m in cells.finditer(data, offsets[i], stop):
            attrs = m.group(2)
            if b"number-" not in attrs:
                col += 1
                continue
            if m.group(1) == b"table-cell" and b"-spanned=" in attrs:
                rows = _ods_attr(attrs, b"number-rows-spanned")
                cols = _ods_attr(attrs, b"number-columns-spanned")
                if rows > 1 or cols > 1:
                    r = numbers[i]
                    merges.append(((r, col), (r + rows - 1, col + cols - 1)))
            col += _ods_attr(attrs, b"number-columns-repeated")
    return merges


# --- csv -----------------------------------------------------------------------------------


def _decode_csv(data: bytes, display: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text" renamed .csv
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _bad(
            display,
            "is not saved as UTF-8 text, so Bangla letters would be garbled.",
            'In Excel use File › Save As › "CSV UTF-8 (Comma delimited)"; in LibreOffice choose '
            'character set "Unicode (UTF-8)". Or save it as .xlsx instead.',
        ) from exc


def _sniff_delimiter(text: str) -> str:
    """Pick , ; or tab: the one that splits most of the first lines into several fields.

    csv.Sniffer gets confused by title lines and Bangla text; counting is enough here.
    """
    import csv
    import io

    sample = "\n".join(text[:65536].splitlines()[:30])
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if len(r) > 1 and any(c.strip() for c in r)]
        score = (len(widths), max(widths, default=0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(path: Path, display: str, max_rows: int) -> Grid:
    import csv
    import io

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _bad(display, f"cannot be opened ({exc.strerror or exc}).") from exc
    text = _decode_csv(data, display)
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
            for r in rows:
                if len(r) < width:
                    r.extend([""] * (width - len(r)))
            return _clean(rows)
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


class _Lookup(dict[str, str]):
    """Header key -> field; it also remembers the field each cell text was found to name."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[str, str | None] = {}


_LOOKUPS: dict[tuple[tuple[str, tuple[str, ...]], ...], _Lookup] = {}


def _alias_lookup(fields: dict[str, list[str]]) -> _Lookup:
    """Header key -> field, built once per heading table (a batch reads hundreds of files).

    Cached by the table's contents, not its identity: a caller that writes its table as a
    literal in the function passes a new dict each time, and must not add an entry each time.
    """
    key = tuple((name, tuple(aliases or ())) for name, aliases in fields.items())
    lookup = _LOOKUPS.get(key)
    if lookup is None:
        lookup = _LOOKUPS[key] = _build_lookup(fields)
    return lookup


def _build_lookup(fields: dict[str, list[str]]) -> _Lookup:
    lookup = _Lookup()
    for name, aliases in fields.items():
        for alias in aliases or [name]:
            key = header_key(alias)
            if not key:
                continue
            other = lookup.setdefault(key, name)
            if other != name:
                raise ValueError(f"alias {alias!r} is given for both {other!r} and {name!r}")
    return lookup


def _match_cell(value: object, lookup: _Lookup) -> str | None:
    """The field a header cell names: the whole text, or any one line of a multi-line cell."""
    if value is None:
        return None
    text = value if value.__class__ is str else str(value)
    if text in lookup.seen:  # a batch meets the same headings in every file
        return lookup.seen[text]
    found = None
    for candidate in (text, *(text.splitlines() if "\n" in text else ())):
        field = lookup.get(header_key(candidate))
        if field is None and candidate.rstrip().endswith(")"):
            # a unit or note after the name: "বাজেট (টাকা)", "Budget (Tk)"
            field = lookup.get(header_key(_TRAILING_NOTE.sub("", candidate)))
        if field is not None:
            found = field
            break
    if len(lookup.seen) < 100_000:
        lookup.seen[text] = found
    return found


_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _match_row(row: list[object], lookup: _Lookup) -> dict[int, str]:
    found: dict[int, str] = {}
    for col, value in enumerate(row):
        field = _match_cell(value, lookup)
        if field is not None:
            found[col] = field
    return found


def _is_column_numbers(row: list[object]) -> bool:
    """A row of column serial numbers (১ ২ ৩ … or 1 2 3 …) that government forms put under
    the header."""
    values = [v for v in row if v is not None]
    if len(values) < 3:
        return False
    for expected, value in enumerate(values, start=1):
        if isinstance(value, str):
            key = header_key(value)
            if not key.isdigit() or int(key) != expected:
                return False
        elif isinstance(value, bool) or not isinstance(value, int) or value != expected:
            return False
    return True


def _is_second_header(
    row: list[object], header_matches: dict[int, str], lookup: _Lookup
) -> dict[int, str] | None:
    """The matches of `row` when it is a second header row (English names under Bangla ones,
    or the lower half of a two-row header), else None."""
    filled = [(c, v) for c, v in enumerate(row) if v is not None]
    if not filled:
        return None
    matches = _match_row(row, lookup)
    if len(matches) * 2 > len(filled):
        return matches
    same_field = sum(1 for c, f in matches.items() if header_matches.get(c) == f)
    if same_field and all(isinstance(v, str) for _, v in filled):
        return matches
    return None


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def _quote_header(value: object) -> str:
    return '"' + " / ".join(_cell_text(value).splitlines()) + '"'


@dataclass
class _Candidate:
    score: tuple[int, int, int]
    row: int
    texts: list[str]
    found: set[str]


def _header_failure(
    book: _Book,
    sheet: str,
    fields: dict[str, list[str]],
    missing: set[str],
    best: _Candidate | None,
    searched: list[str],
) -> BadFile:
    def describe(field: str) -> str:
        aliases = fields[field] or [field]
        also = f" (also accepted: {', '.join(aliases[1:])})" if len(aliases) > 1 else ""
        return f'"{aliases[0]}"{also}'

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
        " Rename the column headers to one of the accepted names, or check that this is the"
        " right file and sheet."
    )
    return _bad(book.display, message, hint)


def _locate_header(
    grid: Grid, lookup: _Lookup, required: set[str], any_of: Sequence[set[str]] = ()
) -> tuple[int | None, dict[int, str], _Candidate | None]:
    """The first of the top rows naming every required field, its matches, and the best
    near-miss (for the error message when there is no such row)."""
    best: _Candidate | None = None
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        row = grid[r]
        if _is_blank(row):
            continue
        matches = _match_row(row, lookup)
        found = set(matches.values())
        if found and required <= found and all(found & group for group in any_of):
            return r, matches, None
        score = (len(found & required), len(found), sum(isinstance(v, str) for v in row))
        if best is None or score > best.score:
            best = _Candidate(score, r + 1, [], found)
            best_row = row
    if best is not None:  # quoted only now: the header is usually found and they are not needed
        best.texts = list(dict.fromkeys(_quote_header(v) for v in best_row if isinstance(v, str)))
    return None, {}, best


def _same_merge(cols: list[int], row: int, merges: list[Merge]) -> bool:
    for (r0, c0), (r1, c1) in merges:
        if r0 <= row <= r1 and all(c0 <= c <= c1 for c in cols):
            return True
    return False


def find_table(
    path: Path,
    fields: dict[str, list[str]],
    *,
    required: set[str],
    any_of: Sequence[set[str]] = (),
    sheet: str | None = None,
    max_rows: int = 1_000_000,
) -> Table:
    """Locate the header row among the first 30 rows and return the data rows under it.

    Title rows above the header, a second header row or a row of column numbers right under
    it, blank rows and a totals row are all left out. `any_of` lists groups of fields of which
    at least one must be present (a roster may name NGOs in Bangla, in English, or both).
    Without a sheet name every sheet is tried in order (visible ones first) and the first one
    with the header wins, because workbooks often open with an instructions sheet.
    """
    unknown = set(required) - set(fields)
    if unknown:
        raise ValueError(f"required fields not in fields: {sorted(unknown)}")
    lookup = _alias_lookup(fields)
    with _Book(Path(path), max_rows) as book:
        names = [book.resolve(sheet)] if sheet is not None else book.candidates()
        best: tuple[_Candidate, str] | None = None
        searched: list[str] = []
        for name in names:
            grid = book.grid(name)
            if grid is None:
                if sheet is not None:
                    _named_grid(book, name)  # raises "has no data"
                continue
            searched.append(name)
            header, matches, candidate = _locate_header(grid, lookup, required, any_of)
            if header is not None:
                return _build_table(book, name, grid, header, matches, fields, lookup)
            if candidate is not None and (best is None or candidate.score[:2] > best[0].score[:2]):
                best = (candidate, name)
        if not searched:
            _first_grid(book)  # raises "has no data"
        if best is None:  # only blank rows at the top of every sheet
            best = (_Candidate((0, 0, 0), 0, [], set()), searched[0])
        candidate, name = best
        missing = set(required) - candidate.found
        for group in any_of:
            if not group & candidate.found:
                missing |= group
        raise _header_failure(book, name, fields, missing, candidate, searched)


def _build_table(
    book: _Book,
    sheet: str,
    grid: Grid,
    header: int,
    matches: dict[int, str],
    fields: dict[str, list[str]],
    lookup: _Lookup,
) -> Table:
    header_row = grid[header]
    merges = book.merges.get(sheet, [])
    by_field: dict[str, list[int]] = {}
    for col, field in matches.items():
        by_field.setdefault(field, []).append(col)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for field, cols in by_field.items():
        if len(cols) > 1 and not _same_merge(cols, header, merges):
            named = " and ".join(f"{column_letter(c)} {_quote_header(header_row[c])}" for c in cols)
            where = f'sheet "{sheet}"' if book.kind != "csv" else "the file"
            each = "both mean" if len(cols) == 2 else "all mean"
            raise _bad(
                book.display,
                f"in {where}, columns {named} (row {header + 1}) {each} "
                f'"{(fields[field] or [field])[0]}"; a column may appear only once.',
                "Rename or delete all but one of them and save the file again.",
            )
        columns[field] = cols[0]
        headers[field] = _cell_text(header_row[cols[0]])

    start = header + 1
    second: list[object] | None = None
    matched = set(matches)
    if start < len(grid):
        extra = _is_second_header(grid[start], matches, lookup)
        if extra is not None:
            matched |= set(extra)
            second = grid[start]
            for col, field in extra.items():  # sub-headers under a group header
                if field not in columns and col not in columns.values():
                    columns[field] = col
                    headers[field] = _cell_text(second[col])
            start += 1
    if start < len(grid) and _is_column_numbers(grid[start]):
        start += 1

    unmatched: list[str] = []
    width = max(len(header_row), len(second or []))
    for col in range(width):
        if col in matched:
            continue
        value = header_row[col] if col < len(header_row) else None
        if value is None and second is not None and col < len(second):
            value = second[col]
        if value is not None:
            unmatched.append(_cell_text(value))
    unmatched = list(dict.fromkeys(unmatched))  # merged group headers repeat across columns
    labels = []
    for col in range(width):
        value = header_row[col] if col < len(header_row) else None
        if value is None and second is not None and col < len(second):
            value = second[col]
        labels.append(_cell_text(value) if value is not None else column_letter(col))

    rows: list[tuple[int, list[object]]] = []
    total_keys = _TOTAL_KEYS
    with gc_paused():
        for r in range(start, len(grid)):
            row = grid[r]
            if row.count(None) == len(row) or row == header_row:
                continue  # blank, or the header repeated (sheets pasted together page by page)
            first = row[0]
            if first is None:
                first = next(v for v in row if v is not None)
            if first.__class__ is str and len(first) < 20 and header_key(first) in total_keys:
                break  # the totals row ends the table: below it come signatures and notes
            rows.append((r + 1, row))
    return Table(
        file=book.display,
        sheet=sheet,
        header_row=header + 1,
        columns=columns,
        headers=headers,
        unmatched=unmatched,
        rows=rows,
        labels=labels,
        above=grid[:header],
    )
