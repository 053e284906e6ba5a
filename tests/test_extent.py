"""The sheet scan of `intake.extent` against references read plainly: the whole sheet text at
once, or an XML parser. Sheets are generated (cells in any order, with and without `r`,
prefixed, odd spacing, references that are not whole), and cut into pieces of any size."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngocoord.intake import extent
from ngocoord.intake.extent import Extent

SHEET = "xl/worksheets/sheet1.xml"
HEAD = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
WHOLE_REF = re.compile(rb'<c r="([A-Z]{1,4})([0-9]{1,9})"')


def letters(column: int) -> str:
    text = ""
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def number(text: str) -> int:
    value = 0
    for char in text:
        value = value * 26 + ord(char) - 64
    return value


def sheet_zip(path: Path, body: str) -> zipfile.ZipFile:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(SHEET, f"{HEAD}<sheetData>{body}</sheetData></worksheet>")
    return zipfile.ZipFile(path)


@contextmanager
def cut(chunk: int, sample: int, raises: int) -> Iterator[None]:
    """The scan with pieces of `chunk` bytes, `sample` bytes read first, `raises` bounds."""
    saved = extent._CHUNK, extent._SAMPLE, extent._RAISES
    extent._CHUNK, extent._SAMPLE, extent._RAISES = chunk, sample, raises
    try:
        yield
    finally:
        extent._CHUNK, extent._SAMPLE, extent._RAISES = saved


def plainly(zf: zipfile.ZipFile) -> Extent:
    """The rule, on the whole text: when every cell tag begins with a whole reference and none
    is prefixed, the largest row and column of those references; otherwise the sheet is read
    tag by tag."""
    xml = zf.read(SHEET)
    tags = {m.start() for m in re.finditer(rb"<c(?=[\s/>])", xml)}
    refs = {m.start(): m for m in WHOLE_REF.finditer(xml)}
    if re.search(rb":c[\s>]", xml) or tags - set(refs):
        return extent._xlsx_extent_by_tag(zf, SHEET)
    rows = max((int(m[2]) for m in refs.values()), default=0)
    return Extent(rows, max((number(m[1].decode()) for m in refs.values()), default=0))


PARTS = [*"ab c>xyz ক১", "&lt;", "&gt;", "&amp;", "&lt;c r=&quot;XFD9&quot;"]


def whole(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A cell that begins with its whole reference (leading zeros at times), with or
    without a value."""
    return st.builds(
        lambda c, r, zeros, empty, text: (
            f'<c r="{letters(c)}{("0" * zeros + str(r))[:9]}"'
            + (' s="1"/>' if empty else f' t="inlineStr"><is><t>{text}</t></is></c>')
        ),
        st.integers(1, 18_278) | st.integers(1, 30),
        st.integers(0, 999_999_999) | st.integers(1, 120),
        st.sampled_from([0] * 9 + [1, 2]),
        st.booleans(),
        text,
    )


# text that looks like a prefixed cell tag (a:c b) sends the sheet to the tag-by-tag reading
WHOLE = whole(st.lists(st.sampled_from(PARTS), max_size=8).map("".join))
WITH_COLONS = whole(st.lists(st.sampled_from([*PARTS, ":", ":c"]), max_size=8).map("".join))
ODD = st.sampled_from(
    [
        "<c><v>1</v></c>",
        "<c/>",
        '<c s="1" r="B2"><v>1</v></c>',
        '<c\tr="XFD5"><v>1</v></c>',
        '<c\nr="C3"/>',
        "<c r='B2'><v>1</v></c>",
        '<c r="b2"><v>1</v></c>',
        '<c r="A0000000001"><v>1</v></c>',
        '<c r="AAAAA1"><v>1</v></c>',
        '<c r="A1 "><v>1</v></c>',
        '<x:c r="XFD9"><v>1</v></x:c>',
        '<x:c\tr="Q9"/>',
        '<col min="1" max="3"/>',
        '<cfRule type="x"/>',
        "<is><t>a:c b</t></is>",
        '<c r="A0"><v>0</v></c>',
    ]
)


@st.composite
def sheets(draw: st.DrawFn, odd: bool) -> str:
    cells = draw(st.lists(WITH_COLONS | ODD if odd else WHOLE, max_size=120))
    body: list[str] = []
    opened = False
    for cell in cells:
        if draw(st.integers(0, 9)) == 0:
            row = draw(st.integers(1, 2_000))
            body.append(f'</row><row r="{row}">' if opened else f'<row r="{row}">')
            opened = True
        body.append(cell)
    return "".join(body) + ("</row>" if opened else "")


CUTS = {
    "chunk": st.integers(16, 2_048) | st.just(1 << 20),
    "sample": st.integers(0, 300) | st.just(8_192),
    "raises": st.integers(0, 10),
}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(body=sheets(odd=True), **CUTS)
def test_scan_matches_the_rule_read_plainly(
    tmp_path_factory: pytest.TempPathFactory, body: str, chunk: int, sample: int, raises: int
) -> None:
    path = tmp_path_factory.mktemp("x") / "s.xlsx"
    with sheet_zip(path, body) as zf:
        expected = plainly(zf)
        with cut(chunk, sample, raises):
            assert extent._xlsx_extent(zf, SHEET) == expected


@SETTINGS
@given(body=sheets(odd=False), **CUTS)
def test_written_references_match_an_xml_parser(
    tmp_path_factory: pytest.TempPathFactory, body: str, chunk: int, sample: int, raises: int
) -> None:
    path = tmp_path_factory.mktemp("x") / "s.xlsx"
    with sheet_zip(path, body) as zf:
        root = ET.fromstring(zf.read(SHEET))
        refs = [
            re.fullmatch(r"([A-Z]+)0*([0-9]+)", c.attrib["r"])
            for c in root.iter()
            if c.tag.endswith("}c")
        ]
        found = [(int(m[2]), number(m[1])) for m in refs if m]
        rows = max((r for r, _ in found), default=0)
        expected = Extent(rows, max((c for _, c in found), default=0))
        with cut(chunk, sample, raises):
            assert extent._xlsx_extent(zf, SHEET) == expected


def test_openpyxl_sheet_out_of_order_and_far_cells(tmp_path: Path) -> None:
    """A sheet as openpyxl writes it, its cells set in random order, one far right in row 1
    and one far down in the middle: the scan, in pieces of any size, finds both."""
    from openpyxl import Workbook

    rng = random.Random(7)
    book = Workbook()
    sheet = book.active
    cells = [(r, c) for r in range(1, 400) for c in range(1, 26)]
    rng.shuffle(cells)
    for r, c in cells:
        sheet.cell(r, c, f"{r}-{c}" if c % 2 else r * c)
    sheet.cell(1, 700, "far right")
    sheet.cell(98_765, 3, "far down")
    book.save(tmp_path / "o.xlsx")
    with zipfile.ZipFile(tmp_path / "o.xlsx") as zf:
        for chunk, sample in ((1 << 20, 8_192), (997, 0), (64, 40)):
            with cut(chunk, sample, 2):
                assert extent._xlsx_extent(zf, SHEET) == Extent(98_765, 700)
                assert extent._xlsx_extent_by_tag(zf, SHEET) == Extent(98_765, 700)


def test_a_cell_tag_spaced_with_a_tab_or_prefixed_after_a_megabyte_is_read(
    tmp_path: Path,
) -> None:
    """`<c\\tr="XFD1048576">` is a cell to an XML reader; and a prefixed cell in one piece is
    not forgotten when a later piece holds a cell without a reference."""
    filler = '<c r="A2"><v>1</v></c>' * 60_000  # more than a piece
    with sheet_zip(
        tmp_path / "t.xlsx", f'<row r="2">{filler}<c\tr="XFD1048576"><v>1</v></c></row>'
    ) as zf:
        assert extent._xlsx_extent(zf, SHEET) == Extent(1_048_576, 16_384)
    body = f'<row r="1"><x:c r="XFD1048576"><v>1</v></x:c>{filler}<c r="B2"/><c/></row>'
    with sheet_zip(tmp_path / "p.xlsx", body) as zf:
        assert extent._xlsx_extent(zf, SHEET) == Extent(1_048_576, 16_384)
