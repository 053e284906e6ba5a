"""The header of a sheet: where it is among the top rows, how many rows deep, and each
column's header as a path ("প্রধান নির্বাহী › নাম").

What a header means is `ngocoord.meaning`'s; which column ends in which field (or is kept
with its row) is `ngocoord.intake.columns`'. `Table` is what `ngocoord.intake.sheets.find_table`
returns.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ngocoord.errors import CellProblem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ngocoord.bijoy import Converted
    from ngocoord.meaning import Form

Grid = list[list[object]]

HEADER_SEARCH_ROWS = 30

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
class Column:
    """One column of a file as read: where it went and why (what `--explain` prints)."""

    letter: str
    header: str  # the header path as read, parent first, joined by " › "
    outcome: str  # a field name, or "kept", "not stored" (serial, spacer)
    why: str


PATH_JOIN = " › "


@dataclass
class Table:
    """A located table: where its header is, which column holds which field, and its rows."""

    file: str  # the path as the user gave it (for messages)
    sheet: str  # sheet name ("csv" for csv files)
    header_row: int  # 1-based row number of the header in the sheet
    columns: dict[str, int]  # canonical field name -> 0-based column index
    headers: dict[str, str]  # canonical field name -> the header text as written in the file
    unmatched: list[str]  # the headers of the columns kept with their rows (no field)
    rows: list[tuple[int, list[object]]]  # (1-based sheet row number, cell values), data only
    # header text of every column, in order; and the rows above the header (title, form fields)
    labels: list[str] = dataclasses.field(default_factory=list)
    above: list[list[object]] = dataclasses.field(default_factory=list)
    kept: dict[int, str] = dataclasses.field(default_factory=dict)  # column -> extras key
    read: list[Column] = dataclasses.field(default_factory=list)  # every column, for --explain
    notes: list[str] = dataclasses.field(default_factory=list)  # rows and sheets not read: why
    bijoy: list[Converted] = dataclasses.field(default_factory=list)  # columns put in Unicode
    encoding: str | None = None  # a CSV file's encoding, as read (`intake.sniff`)
    totals: tuple[int, list[object]] | None = None  # the totals row that ends the table

    def extra(self, cells: list[object]) -> dict[str, str]:
        """The kept cells of one row: header -> text, the non-empty ones only."""
        found: dict[str, str] = {}
        for col, key in self.kept.items():
            value = cells[col] if col < len(cells) else None
            if value is not None and (text := str(value).strip()):
                found[key] = text
        return found

    def column_label(self, field: str) -> str:
        """Column letter plus header text, e.g. 'D "মোবাইল নম্বর"', so a clerk can find it."""
        if field not in self.columns:
            return field
        text = " / ".join(line.strip() for line in self.headers[field].splitlines() if line)
        return f'{column_letter(self.columns[field])} "{text}"'

    def problem(self, row: int, field: str, message: str) -> CellProblem:
        """A CellProblem pointing at this table's file, sheet, `row` and the field's column."""
        return CellProblem(self.file, self.sheet, row, self.column_label(field), message)


def _is_blank(row: list[object]) -> bool:
    return row.count(None) == len(row)


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


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def _quote_header(value: object) -> str:
    return '"' + " / ".join(_cell_text(value).splitlines()) + '"'


# --- finding the header --------------------------------------------------------------------

MAX_DEPTH = 3  # header rows read as one path: a group, its sub-columns, and theirs


def _texts(row: list[object]) -> list[str | None]:
    return [None if v is None else _cell_text(v) for v in row]


def _row_fields(row: list[object], form: Form) -> dict[int, str]:
    found: dict[int, str] = {}
    last: object = None
    field: str | None = None
    for col, value in enumerate(row):
        if value is None:
            continue
        if value != last or value.__class__ is not last.__class__:  # a merged cell repeats
            last, field = value, form.field((_cell_text(value),))
        if field is not None:
            found[col] = field
    return found


def _spans(parent: list[str | None], child: list[object]) -> list[str | None]:
    """The parent row with each group header carried over the sub-columns it stands above: a
    merged cell is already filled in; one written once with blanks to its right (as a CSV or
    an unmerged sheet has it) is carried while the row below has sub-headers there."""
    out = list(parent)
    carry: str | None = None
    for c in range(len(out)):
        below = child[c] if c < len(child) else None
        if out[c] is not None:
            carry = out[c] if below is not None else None
        elif below is not None and carry is not None:
            out[c] = carry
        else:
            carry = None
    return out


def _names_a_field(group: str, text: str, form: Form) -> bool:
    """Whether a text under a group header is a sub-header: it names a field by itself, or
    says more under its group than the group alone (data under a merged header does not)."""
    if form.field((text,)) is not None:
        return True
    under = form.field((group, text))
    return under is not None and under != form.field((group,))


def _is_sub_header(parent: list[object], row: list[object], form: Form) -> bool:
    """Whether `row` belongs to the header above it: text only, and a header cell merged down
    into it, sub-headers under a group header spanning several columns, or mostly the same
    fields as the cells above them (an English row under the Bangla one)."""
    filled = [(c, v) for c, v in enumerate(row) if v is not None]
    if not filled or not all(isinstance(v, str) for _, v in filled) or _is_column_numbers(row):
        return False
    if len(parent) - parent.count(None) < 2:
        return False  # one text alone in its row is a title, not a group header
    if any(c < len(parent) and parent[c] == v for c, v in filled):
        return True  # a header cell merged down into this row: the header goes on
    spans = _spans(_texts(parent), row)
    for c, v in filled:
        group = spans[c] if c < len(spans) else None
        if group is None or group == v:
            continue
        neighbours = [spans[x] for x in (c - 1, c + 1) if 0 <= x < len(spans)]
        if group in neighbours and _names_a_field(group, str(v), form):
            return True
    # a translation row: the same fields, column by column. A cell with a digit in it is a
    # value ("সংস্থা ১", a serial number), not a header's translation: data rows whose names
    # hold field words must not be read as header and lost
    words = {c for c, v in filled if not any(ch.isdigit() for ch in str(v))}
    if any(not str(v).strip(" .)") or str(v).strip(" .)").isdigit() for _, v in filled):
        return False  # a serial number ("১", "2.") starts a data row
    above = _row_fields(parent, form)
    same = sum(1 for c, f in _row_fields(row, form).items() if c in words and above.get(c) == f)
    return same * 2 > len(filled)


def header_rows(grid: Grid, top: int, form: Form) -> int:
    """How many rows from `top` the header takes (1 to MAX_DEPTH)."""
    depth = 1
    while depth < MAX_DEPTH and top + depth < len(grid):
        if not _is_sub_header(grid[top + depth - 1], grid[top + depth], form):
            break
        depth += 1
    return depth


def paths(grid: Grid, top: int, depth: int) -> list[tuple[str, ...]]:
    """Each column's header texts from the top header row down (repeats of a vertically merged
    cell once), as `ngocoord.meaning.Form.recognise` reads them."""
    rows = [_texts(grid[r]) for r in range(top, top + depth)]
    for i in range(depth - 1):
        rows[i] = _spans(rows[i], grid[top + i + 1])
    width = max(len(r) for r in rows)
    out: list[tuple[str, ...]] = []
    for c in range(width):
        path: list[str] = []
        for r in rows:
            text = r[c] if c < len(r) else None
            if text is not None and (not path or path[-1] != text):
                path.append(text)
        out.append(tuple(path))
    return out


@dataclass
class _Candidate:
    score: tuple[int, int, int]
    row: int
    texts: list[str]
    found: set[str]


def _is_title(row: list[object], below: list[object] | None) -> bool:
    """A title: one text, repeated across a merged title row, or alone in its row above a
    wider one."""
    filled = {v for v in row if v is not None}
    if len(filled) != 1:
        return False
    if row.count(None) < len(row) - 1:
        return True
    return below is not None and len(below) - below.count(None) > 1


def locate_header(
    grid: Grid, form: Form, required: set[str], any_of: Sequence[set[str]] = ()
) -> tuple[int | None, int, _Candidate | None]:
    """The first of the top rows whose header (with its sub-header rows) names every required
    field, its depth and what it names, or the best near-miss (for the message)."""
    best: _Candidate | None = None
    best_row: list[object] = []
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        row = grid[r]
        if _is_blank(row) or _is_title(row, grid[r + 1] if r + 1 < len(grid) else None):
            continue
        if not _row_fields(row, form):
            continue  # no field at all: a form line above the table (its merged cells repeat)
        depth = header_rows(grid, r, form)
        found = {f for p in paths(grid, r, depth) if (f := form.field(p)) is not None}
        score = (len(found & required), len(found), sum(isinstance(v, str) for v in row))
        if found and required <= found and all(found & group for group in any_of):
            return r, depth, _Candidate(score, r + 1, [], found)
        if best is None or score > best.score:
            best = _Candidate(score, r + 1, [], found)
            best_row = row
    if best is not None:  # quoted only now: the header is usually found and they are not needed
        best.texts = list(dict.fromkeys(_quote_header(v) for v in best_row if isinstance(v, str)))
    return None, 1, best
