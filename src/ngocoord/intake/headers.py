"""The header table of a sheet: normalising header texts, matching them to fields, and finding
the header row among the top rows of a sheet.

A field table maps each canonical field name to the header texts that name it (Bangla and
English, as clerks write them). `header_key` removes the spelling noise; `_alias_lookup` turns
a field table into a lookup (cached by its contents); `_locate_header` finds the first row
that names every required field; `Table` is what `ngocoord.intake.sheets.find_table` returns.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ngocoord.errors import CellProblem

if TYPE_CHECKING:
    from collections.abc import Sequence

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


def _is_blank(row: list[object]) -> bool:
    return row.count(None) == len(row)


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
