"""How big a sheet really is, read from its XML before the spreadsheet reader allocates.

python-calamine makes one cell for every position between the first and the last cell it
finds: a 1.8 KB workbook holding only A1 and XFD1000000 asks it for 16 billion cells and the
process dies in native code. So an xlsx or ods sheet is scanned first, streamed through the
zip a piece at a time, for the rows and columns its cells really reach (the declared
`<dimension>` is not trusted), an xls sheet by its cell records, and a sheet over the limits
is refused with a message.
"""

from __future__ import annotations

import functools
import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_COLUMNS = 1_000  # a roster has about 25 columns, a report about 15
MAX_CELLS = 15_000_000  # rows × columns between the first and the last cell: 1,000,000 × 15
MAX_TEXT = 32_767  # characters in one cell: Excel's own limit
_CHUNK = 1 << 20

_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""  # a quoted value may hold a `>`
_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])" + _ATTRS + rb">")
_ODS_TAG = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])" + _ATTRS + rb">"
)
# Excel, LibreOffice and openpyxl write a cell as <c r="B7" …>: the fast way reads only those
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,4})([0-9]{1,9})"')
_CELL_TAG = re.compile(rb"<c(?=[\s/>])")
_PREFIXED_CELL = re.compile(rb":c[\s>]")  # <x:c r="B7">, or text that only looks like one
_SAMPLE = 8_192  # the end of a piece read first: where an ordered sheet's largest cells are
_RAISES = 8  # bounds raised in one piece before all the rest of its references are read at once
_ROW_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*(\d{1,9})""")
_REF_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']\s*([A-Za-z]{1,4})(\d{1,9})""")
_ROWS_REPEATED = re.compile(rb"""number-rows-repeated\s*=\s*["']\s*(\d{1,12})""")
_COLUMNS_REPEATED = re.compile(rb"""number-columns-repeated\s*=\s*["']\s*(\d{1,12})""")
_VALUE_TYPE = re.compile(rb"value-type\s*=")


@dataclass(frozen=True)
class Extent:
    """The rows and columns a sheet's cells with content reach (1-based, 0 when empty)."""

    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + char - 64
    return number


def _pieces(zf: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The entry's bytes a megabyte at a time, each piece cut before a `<`, so that no tag
    is split (XML allows no bare `<` in text or in an attribute's value)."""
    tail = b""
    declared = zf.getinfo(name).file_size
    unpacked = 0
    with zf.open(name) as fh:
        while block := fh.read(_CHUNK):
            unpacked += len(block)
            if unpacked > declared:  # the size guard trusted this figure
                raise ValueError(f"{name} unpacks to more than the {declared:,} bytes it declares")
            block = tail + block
            cut = block.rfind(b"<")
            if cut < 0:  # text without a tag in it
                tail = b""
                continue
            if cut == 0:  # one tag and its text, a megabyte or more long
                if block.find(b">") >= 0:  # the tag is whole; the rest is text
                    tail = b""
                    yield block
                elif len(block) > 8 * _CHUNK:
                    raise ValueError(f"{name} holds a tag over 8 MB long")
                else:
                    tail = block
                continue
            tail = block[cut:]
            yield block[:cut]
    yield tail


def _xlsx_extent(zf: zipfile.ZipFile, name: str) -> Extent:
    """The largest row and column named by the cells' references, when every cell tag begins
    with its whole reference as spreadsheet programs write it (`<c r="B7"`); any other sheet,
    or one with a reference of ten digits or more, is read tag by tag.

    Each piece is searched once, in C, for a cell tag that is not a whole reference within
    the largest row and column found so far (taken first from the piece's last cells, where
    an ordered sheet keeps its largest): with no such tag the piece adds nothing, and each
    one found raises the bounds or sends the sheet to the tag-by-tag reading. Objects are made
    only for the references of a piece's last 8 KB, and of a piece out of order; a reference
    to row 0 is found, and raises nothing, one by one."""
    rows = columns = 0
    for piece in _pieces(zf, name):
        if b":c" in piece and _PREFIXED_CELL.search(piece):
            return _xlsx_extent_by_tag(zf, name)
        rows, columns = _largest(
            _CELL_REF.findall(piece, max(0, len(piece) - _SAMPLE)), rows, columns
        )
        at = raised = 0
        while found := _beyond(rows, columns).search(piece, at):
            ref = _CELL_REF.match(piece, found.start())
            if ref is None:  # <c>, <c s="1" r="B7">, <c r="b7">, a row of ten digits
                return _xlsx_extent_by_tag(zf, name)
            raised += 1
            if raised == _RAISES + 1:  # out of order: every reference of the rest, at once
                rows, columns = _largest(_CELL_REF.findall(piece, at), rows, columns)
            rows = max(rows, int(ref.group(2)))
            columns = max(columns, _column_number(ref.group(1)))
            at = ref.end()
    return Extent(rows, columns)


def _largest(found: list[tuple[bytes, bytes]], rows: int, columns: int) -> tuple[int, int]:
    """The largest row and column of these references and of `rows` and `columns`; the
    references are split and made distinct in C, as most repeat their column or row."""
    if not found:
        return rows, columns
    written_columns, written_rows = (set(part) for part in zip(*found, strict=True))
    return (
        max(rows, *(int(n) for n in written_rows)),
        max(columns, *(_column_number(c) for c in written_columns)),
    )


def _letters(number: int) -> bytes:
    letters = b""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters


def _at_most(written: bytes, first: int, low: int, high: int) -> bytes:
    """A pattern for the strings of `written`'s length over the characters low…high (`first`…
    high in the first place) that are at most `written`, for which alphabetical order is
    numeric order: a tree, one choice per character, so that a string is decided in one pass."""
    head, rest = written[0], written[1:]
    if not rest:
        return b"[%c-%c]" % (first, head)
    at = b"%c(?:%b)" % (head, _at_most(rest, low, low, high))
    if head == first:
        return at
    return b"[%c-%c][%c-%c]{%d}|%b" % (first, head - 1, low, high, len(rest), at)


@functools.lru_cache(maxsize=256)
def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """A cell tag that does not begin with a whole reference at most `rows` and `columns`
    (one with a row of 0 is found too, and raises nothing)."""
    if columns == 0:
        return _CELL_TAG
    letters, digits = _letters(columns), b"%d" % rows
    column = _at_most(letters, 65, 65, 90)
    if len(letters) > 1:  # fewer letters: possessive, as letters must be followed by a digit
        column = b"[A-Z]{1,%d}+|%b" % (len(letters) - 1, column)
    row = _at_most(digits, 49, 48, 57) if rows else b"(?!)"
    if len(digits) > 1:
        row = b"[1-9][0-9]{0,%d}+|%b" % (len(digits) - 2, row)
    zeros = rb'(?:0(?=[0-9]{0,8}")0*+)?'  # leading zeros, in a reference of nine digits at most
    return re.compile(rb'<c(?! r="(?:%b)%b(?:%b)")(?=[\s/>])' % (column, zeros, row))


def _xlsx_extent_by_tag(zf: zipfile.ZipFile, name: str) -> Extent:
    rows = columns = row = column = 0
    for piece in _pieces(zf, name):
        for tag, attrs in _XLSX_TAG.findall(piece):
            if tag == b"row":
                found = _ROW_ATTR.search(attrs)
                row = int(found.group(1)) if found else row + 1
                column = 0
                continue
            ref = _REF_ATTR.search(attrs)
            if ref:
                column, row = _column_number(ref.group(1)), max(row, int(ref.group(2)))
            else:
                column += 1
            if not attrs.endswith(b"/"):  # <c r="XFD9" s="1"/>: formatting only, no value
                rows, columns = max(rows, row), max(columns, column)
    return Extent(rows, columns)


def _ods_extents(zf: zipfile.ZipFile) -> dict[str, Extent]:
    """Each table's extent, repeated rows and cells counted as the readers expand them; a
    repeated run of empty cells (LibreOffice ends every row with one) reaches nothing."""
    found: dict[str, Extent] = {}
    name = ""
    rows = columns = row = column = 0
    row_repeat = 1
    row_has = False
    for piece in _pieces(zf, "content.xml"):
        for closing, tag, attrs in _ODS_TAG.findall(piece):
            empty = attrs.endswith(b"/")
            if tag == b"table":
                if closing:
                    found[name] = Extent(rows, columns)
                else:
                    named = re.search(rb'table:name="([^"]*)"', attrs)
                    name = html.unescape(named.group(1).decode("utf-8", "replace")) if named else ""
                    rows = columns = row = 0
                continue
            if tag == b"table-row":
                if closing:
                    row += row_repeat
                    if row_has:
                        rows = row
                    continue
                repeat = _ROWS_REPEATED.search(attrs)
                row_repeat = int(repeat.group(1)) if repeat else 1
                column, row_has = 0, False
                if empty:
                    row += row_repeat
                continue
            if closing:
                continue
            repeat = _COLUMNS_REPEATED.search(attrs)
            column += int(repeat.group(1)) if repeat else 1
            if not empty or _VALUE_TYPE.search(attrs):
                columns, row_has = max(columns, column), True
    return found


def _xlsx_parts(zf: zipfile.ZipFile) -> list[str]:
    """The parts that can hold a sheet: the workbook's worksheet links, and any part named
    like a sheet (a hostile workbook may link one anywhere, or list one twice)."""
    names = zf.namelist()
    parts = {n for n in names if "sheet" in n.lower() and n.lower().endswith(".xml")}
    parts.discard("xl/sharedStrings.xml")
    for rels in (n for n in names if n.endswith("workbook.xml.rels")):
        folder = rels[: rels.index("_rels/")] if "_rels/" in rels else ""
        for kind, target in _TARGET.findall(zf.read(rels)):
            if b"sheet" not in kind.lower():  # styles, theme, shared strings
                continue
            path = target.decode("utf-8", "replace")
            parts.add(path.lstrip("/") if path.startswith("/") else folder + path)
    return sorted(p for p in parts if p in set(names))


_TARGET = re.compile(
    rb"""<(?:\w+:)?Relationship\b(?=[^>]*?Type\s*=\s*["']([^"']*))[^>]*?Target\s*=\s*["']([^"']*)"""
)


def sheet_extents(zf: zipfile.ZipFile, kind: str) -> dict[str, Extent]:
    """The real extent of the sheets of an open xlsx or ods workbook.

    An ods file's come by sheet name. In an xlsx every part that can hold a sheet is scanned,
    by part name: the largest extent stands for every sheet (`largest`), which is cheaper than
    matching parts to sheet names, and lets no sheet hide."""
    if kind == "ods":
        return _ods_extents(zf)
    return {f"\0{n}": _xlsx_extent(zf, n) for n in _xlsx_parts(zf)}


def largest(extents: dict[str, Extent]) -> Extent:
    """The most rows and the most columns of any sheet: what a sheet not found stands for."""
    return Extent(
        max((e.rows for e in extents.values()), default=0),
        max((e.columns for e in extents.values()), default=0),
    )


def too_large(extent: Extent, max_rows: int) -> str | None:
    """What is over the limits in this extent, in the clerk's words, or None."""
    if extent.rows > max_rows:
        return f"{extent.rows:,} rows; the limit is {max_rows:,}"
    if extent.columns > MAX_COLUMNS:
        return f"{extent.columns:,} columns; the limit is {MAX_COLUMNS:,}"
    if extent.cells > MAX_CELLS:
        return (
            f"{extent.rows:,} rows × {extent.columns:,} columns = {extent.cells:,} cells; "
            f"the limit is {MAX_CELLS:,}"
        )
    return None


# --- xls: the Workbook stream of an OLE2 compound file, its BIFF cell records ----------------

_END_OF_CHAIN = 0xFFFFFFFA  # and above: end of chain, FAT and DIFAT sectors, free
_CELL_RECORDS = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0204, 0x0205, 0x00D6}  # formula … rstring
_MULRK, _BOUNDSHEET, _EOF = 0x00BD, 0x0085, 0x000A


def _u16(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 2], "little")


def _u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 4], "little")


def _chain(table: list[int], start: int) -> Iterator[int]:
    """The sectors of one chain; a loop or a sector out of the table ends it."""
    seen = 0
    while start < _END_OF_CHAIN and start < len(table) and seen <= len(table):
        yield start
        start, seen = table[start], seen + 1


def _ole_stream(data: bytes, wanted: tuple[str, ...]) -> bytes:
    """The first stream named in `wanted`, read through the FAT (or the mini FAT)."""
    size = 1 << _u16(data, 0x1E)
    mini_size = 1 << _u16(data, 0x20)

    def sector(i: int) -> bytes:
        return data[(i + 1) * size : (i + 2) * size]

    fat_sectors = [_u32(data, 0x4C + 4 * i) for i in range(109)]
    difat = _u32(data, 0x44)
    for _ in range(_u32(data, 0x48)):
        if difat >= _END_OF_CHAIN:
            break
        block = sector(difat)
        fat_sectors += [_u32(block, 4 * i) for i in range(size // 4 - 1)]
        difat = _u32(block, size - 4)
    fat_bytes = b"".join(sector(s) for s in fat_sectors[: _u32(data, 0x2C)] if s < _END_OF_CHAIN)
    fat = [_u32(fat_bytes, 4 * i) for i in range(len(fat_bytes) // 4)]

    def read(start: int) -> bytes:
        return b"".join(sector(s) for s in _chain(fat, start))

    directory = read(_u32(data, 0x30))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise ValueError("the file has no directory")
    root = entries[0]
    for entry in entries:
        name = entry[: max(0, _u16(entry, 0x40) - 2)].decode("utf-16-le", "replace")
        if entry[0x42] != 2 or name not in wanted:
            continue
        start, length = _u32(entry, 0x74), _u32(entry, 0x78)
        if length >= _u32(data, 0x38):  # at least the mini stream cut-off: in whole sectors
            return read(start)[:length]
        mini_fat_bytes = read(_u32(data, 0x3C))
        mini_fat = [_u32(mini_fat_bytes, 4 * i) for i in range(len(mini_fat_bytes) // 4)]
        mini = read(_u32(root, 0x74))
        parts = (mini[s * mini_size : (s + 1) * mini_size] for s in _chain(mini_fat, start))
        return b"".join(parts)[:length]
    raise ValueError("the file holds no workbook stream")


def _biff_extent(stream: bytes, at: int) -> Extent:
    rows = columns = 0
    end = len(stream)
    while at + 4 <= end:
        kind, length = _u16(stream, at), _u16(stream, at + 2)
        body = at + 4
        if kind == _EOF:
            break
        if kind in _CELL_RECORDS and length >= 4:
            rows = max(rows, _u16(stream, body) + 1)
            columns = max(columns, _u16(stream, body + 2) + 1)
        elif kind == _MULRK and length >= 6:
            rows = max(rows, _u16(stream, body) + 1)
            columns = max(columns, _u16(stream, body + length - 2) + 1)
        at = body + length
    return Extent(rows, columns)


def xls_extents(path: Path) -> dict[str, Extent]:
    """Each sheet's extent from its cell records (blank cells do not count, as for calamine)."""
    stream = _ole_stream(path.read_bytes(), ("Workbook", "Book"))
    found: dict[str, Extent] = {}
    at = 0
    while at + 4 <= len(stream):
        kind, length = _u16(stream, at), _u16(stream, at + 2)
        if kind == _BOUNDSHEET and length >= 8:
            body = stream[at + 4 : at + 4 + length]
            chars, wide = body[6], body[7] & 1
            raw = body[8 : 8 + chars * (2 if wide else 1)]
            name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            found[name] = _biff_extent(stream, _u32(body, 0))
        elif kind == _EOF:
            break
        at += 4 + length
    return found
