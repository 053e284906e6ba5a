"""Writers of real .xls and .ods files for tests (LibreOffice is not needed to make them)."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from ngocoord.intake.merges import _a1

Rows = Sequence[Sequence[object]]


def write_xls(path: Path, rows: Rows, merges: tuple[tuple[int, int, int, int], ...] = ()) -> Path:
    """merges are (first row, last row, first col, last col), 0-based, as xlwt takes them."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    covered = set()
    for r0, r1, c0, c1 in merges:
        ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) not in covered and value is not None:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def _ods_cell(value: object, spans: tuple[int, int] | None) -> str:
    attrs = ""
    if spans:
        attrs = f' table:number-rows-spanned="{spans[0]}" table:number-columns-spanned="{spans[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell{attrs} office:value-type="date" '
            f'office:date-value="{value.isoformat()}"><text:p>{value}</text:p></table:table-cell>'
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell{attrs} office:value-type="string">{paragraphs}</table:table-cell>'


def write_ods(path: Path, rows: Rows, merges: tuple[str, ...] = ()) -> Path:
    """A minimal real .ods (mimetype, content.xml, manifest) as LibreOffice would lay it out:
    a merged cell carries the spans and the cells it covers are covered-table-cells; runs of
    blank rows are one row with number-rows-repeated."""
    width = max(len(r) for r in rows)
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for ref in merges:
        (r0, c0), (r1, c1) = (_a1(p.encode()) for p in ref.split(":"))
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    body: list[str] = []
    blank_run = 0
    for r, row in enumerate(rows):
        row = [*row, *[None] * (width - len(row))]
        if all(v is None for v in row) and not any((r, c) in covered for c in range(width)):
            blank_run += 1
            continue
        if blank_run:
            body.append(
                f'<table:table-row table:number-rows-repeated="{blank_run}">'
                f'<table:table-cell table:number-columns-repeated="{width}"/></table:table-row>'
            )
            blank_run = 0
        cells = [
            "<table:covered-table-cell/>" if (r, c) in covered else _ods_cell(v, spans.get((r, c)))
            for c, v in enumerate(row)
        ]
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f'<table:table-column table:number-columns-repeated="{width}"/>'
        + "".join(body)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return path
