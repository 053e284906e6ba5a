"""Merged ranges that calamine does not expose, read from the workbook's own XML.

A clerk's sheet merges upazila names down several rows and titles across the table;
`ngocoord.intake.sheets` fills each merged range with its top-left value. python-calamine
before 0.4 gives no merges for xlsx, and none for ods at all: these read them from the file.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col))


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
