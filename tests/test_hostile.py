"""Files and names built to break the importer, as an attacker (or a very unlucky clerk) would
send them: each through `ngo import` and through `report import` read in this process and by
two worker processes. Every one ends in a message naming the file, exit 1, the register as it
was (a batch imports its good files), and never a crash of the process."""

from __future__ import annotations

import re
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROSTER_HEADERS, SEED_ROWS, Cli, report_csv, table_dump, write_xlsx
from openpyxl import load_workbook

from ngocoord.intake.extent import MAX_TEXT

NS = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def raw_xlsx(path: Path, body: str, *, doctype: str = "") -> Path:
    """An xlsx written by hand, byte by byte: what no spreadsheet program would save."""
    sheet = f'<?xml version="1.0" encoding="UTF-8"?>{doctype}{NS}<sheetData>{body}</sheetData>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/worksheets/sheet1.xml", sheet + "</worksheet>")
    return path


def _escaped(text: str) -> str:
    """XML text, with control characters as OOXML writes them (_x0000_), which readers undo."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", text)


def rows_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """Rows as a hand-made xlsx: values openpyxl refuses to write (NUL, ESC, 10 MB of text)."""
    from openpyxl.utils import get_column_letter

    body = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row, start=1):
            ref = f"{get_column_letter(c)}{r}"
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value is not None:
                cells.append(_cell(ref, _escaped(str(value))))
        body.append(f'<row r="{r}">{"".join(cells)}</row>')
    return raw_xlsx(path, "".join(body))


def header_row() -> str:
    return '<row r="1">' + _cell("A1", "সংস্থার নাম") + _cell("B1", "প্রকল্পের নাম") + "</row>"


def sparse(path: Path, far: str = "XFD1048576") -> Path:
    row = re.sub(r"[A-Z]+", "", far)
    return raw_xlsx(path, header_row() + f'<row r="{row}">{_cell(far, "x")}</row>')


def lying_zip(path: Path) -> Path:
    """A workbook whose zip directory says its sheet unpacks to 1 KB; it unpacks to 60 MB."""
    rows = "".join(f'<row r="{i}">{_cell(f"A{i}", "ক" * 200)}</row>' for i in range(2, 50_000))
    raw_xlsx(path, header_row() + rows)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + offset : at + offset + 4] = struct.pack("<I", 1024)
            at += 4
    path.write_bytes(bytes(data))
    return path


LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)


def entity_expansion(path: Path) -> Path:
    return raw_xlsx(path, header_row() + f'<row r="2">{_cell("A2", "&i;")}</row>', doctype=LAUGHS)


def xxe(path: Path, target: str) -> Path:
    doctype = f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "{target}">]>'
    return raw_xlsx(path, header_row() + f'<row r="2">{_cell("A2", "&x;")}</row>', doctype=doctype)


def far_xls(path: Path) -> Path:
    """An xls with cells at A1 and IV65536, its format's last cell: 16.8 million to a reader."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    sheet.write(0, 0, "সংস্থার নাম")
    sheet.write(65535, 255, "x")
    book.save(str(path))
    return path


# name -> what makes the file; each is refused as a whole with the word in `says`
HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "sparse at XFD1048576": (sparse, "too large"),
    "sparse at XFD1000000": (lambda p: sparse(p, "XFD1000000"), "too large"),
    "a column far right (XFD1)": (lambda p: sparse(p, "XFD2"), "16,384 columns"),
    "a row far down (A1048576)": (lambda p: sparse(p, "A1048576"), "1,048,576 rows"),
    "a row of eleven digits": (lambda p: sparse(p, "A12345678901"), "too large"),
    "lying zip": (lying_zip, "damaged"),
    "xls to its last cell": (far_xls, "65,536 rows"),
    "entity expansion": (entity_expansion, ""),
    "XXE file": (lambda p: xxe(p, "file:///etc/passwd"), ""),
    "XXE http": (lambda p: xxe(p, "http://127.0.0.1:9/x"), ""),
}


def _no_secret_or_crash(output: str) -> None:
    assert "Traceback" not in output and "root:x:" not in output
    assert "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" not in output


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_roster_is_refused(office: Cli, tmp_path: Path, case: str) -> None:
    make, says = HOSTILE[case]
    path = make(tmp_path / ("hostile.xls" if "xls" in case else "hostile.xlsx"))
    before = table_dump(office.db)
    result = office("ngo", "import", str(path), code=1)
    _no_secret_or_crash(result.output)
    assert str(path) in result.output and says in result.output
    assert table_dump(office.db) == before


JOBS = pytest.mark.parametrize("jobs", ["1", "2"])


@JOBS
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_batch_with_a_hostile_file_imports_the_others(
    office: Cli, tmp_path: Path, case: str, jobs: str
) -> None:
    make, says = HOSTILE[case]
    inbox = tmp_path / "inbox"
    report_csv(inbox, "MBSK", "2021-01")
    report_csv(inbox, "DAM", "2021-01")
    make(inbox / ("2021-01_CTW.xls" if "xls" in case else "2021-01_CTW.xlsx"))
    result = office(
        "report", "import", str(inbox), "--received-on", "2021-02-07", "--jobs", jobs, code=1
    )
    _no_secret_or_crash(result.output)
    assert "2 imported" in result.output and "1 rejected" in result.output, result.output
    assert says in result.output
    rejects = next(tmp_path.glob("rejected-*.xlsx"))
    rows = list(load_workbook(rejects).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "2021-01_CTW.xls" in str(rows[1][0])
    codes = sqlite3.connect(office.db).execute(
        "SELECT n.code FROM submission s JOIN ngo n ON n.id = s.ngo_id ORDER BY n.code"
    )
    assert [c for (c,) in codes] == ["DAM", "MBSK"]


def report_xlsx(path: Path, cells: dict[str, Any]) -> Path:
    """A one-row report in the district's layout, with `cells` (field -> value) in its row."""
    rows: list[list[Any]] = [
        ["এনজিও কোড", cells.get("code", "CTW")],
        ["প্রতিবেদনের মাস", cells.get("month", "জানুয়ারি/২০২১")],
        ["প্রতিবেদনের তারিখ", cells.get("report_date", "০৮.০২.২০২১")],
        [],
        ["প্রকল্পের নাম", "দাতা সংস্থা", "উপকারভোগী নারী", "বাজেট"],
        [
            cells.get("project", "নারী শিক্ষা"),
            cells.get("donor"),
            cells.get("ben_female", 12),
            cells.get("budget", 5000),
        ],
    ]
    return rows_xlsx(path, rows)


# A cell value -> what the rejection says; each is an error of that one cell, with its place.
BAD_VALUES: dict[str, tuple[dict[str, Any], str]] = {
    "a count over 2,147,483,647": ({"ben_female": "99999999999999999999999"}, "is over"),
    "a count as a huge number": ({"ben_female": 10**22}, "is over"),
    "a negative count": ({"ben_female": -3}, "negative"),
    "NUL in the project": ({"project": "নারী\x00শিক্ষা"}, "control character (U+0000)"),
    "an escape sequence": ({"donor": "\x1b[2J\x1b[31mরেড"}, "control character (U+001B)"),
    "a 10 MB cell": ({"donor": "ক" * (10 * 1024 * 1024)}, f"the limit is {MAX_TEXT:,}"),
    "31 February": ({"report_date": "31/02/2021"}, "impossible date"),
    "the month 1900-01": ({"month": "1900-01"}, "before 1971-01"),
    "a month to come": ({"month": "2099-01"}, "after this month"),
}


@JOBS
@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_bad_values_reject_their_file_with_the_place(
    office: Cli, tmp_path: Path, case: str, jobs: str
) -> None:
    cells, says = BAD_VALUES[case]
    inbox = tmp_path / "inbox"
    report_csv(inbox, "MBSK", "2021-01")
    report_xlsx(inbox / "ctw.xlsx", dict(cells))
    result = office(
        "report", "import", str(inbox), "--received-on", "2021-02-07", "--jobs", jobs, code=1
    )
    out = result.output
    assert "1 imported" in out and "1 rejected" in out, out
    assert says in out, out
    assert "\x1b" not in out and "\x00" not in out and len(out) < 20_000
    if "month" not in case:
        assert re.search(r"ctw\.xlsx:Sheet:\d+:", out) or "ctw.xlsx:" in out


def test_values_out_of_range_in_a_roster_are_cell_errors(office: Cli, tmp_path: Path) -> None:
    rows = [list(r) for r in SEED_ROWS]
    rows[0][3] = "মোঃ\x00হাকীম"  # head of NGO
    rows[1][4] = "\x1b]0;owned\x07পরিচালক"  # designation with an OSC title sequence
    rows[2][2] = "Dhaka Ahsania Mission " + "x" * (MAX_TEXT + 1)
    path = rows_xlsx(tmp_path / "bad.xlsx", [[], [], list(ROSTER_HEADERS), *rows])
    before = table_dump(office.db)
    result = office("ngo", "import", str(path), code=1)
    out = result.output
    assert out.count("control character") == 2 and "the limit is 32,767" in out
    assert re.search(r"bad\.xlsx:Sheet1:4:", out) and "\x1b" not in out
    assert table_dump(office.db) == before
    assert (tmp_path / "bad.rejected.xlsx").exists()


def test_bidi_controls_never_make_a_second_ngo(office: Cli, tmp_path: Path) -> None:
    rows = [list(r) for r in SEED_ROWS]
    for i, mark in enumerate(("\u200f", "\u202e", "\u2067")):  # RLM, RLO, RLI
        rows[i][1] = mark + str(rows[i][1])
        rows[i][2] = str(rows[i][2]).replace(" ", f" {mark}", 1) + "\u2069"
    result = office("ngo", "import", str(write_xlsx(tmp_path / "bidi.xlsx", rows)))
    assert "0 were added" in result.output
    codes = [r[0] for r in sqlite3.connect(office.db).execute("SELECT code FROM ngo")]
    assert sorted(codes) == ["CTW", "DAM", "MBSK"]


def test_a_header_only_roster_or_report_says_no_rows(office: Cli, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", [], ROSTER_HEADERS)
    assert "no rows" in office("ngo", "import", str(path), code=1).output
    report = tmp_path / "2021-01_MBSK.csv"
    report.write_text("এনজিও কোড,MBSK\nপ্রতিবেদনের মাস,2021-01\n\nপ্রকল্পের নাম,উপকারভোগী নারী\n")
    out = office("report", "import", str(report), "--received-on", "2021-02-07", code=1).output
    assert "no rows" in out


def test_many_bad_rows_show_twenty_and_count_the_rest(office: Cli, tmp_path: Path) -> None:
    rows = [[str(i), f"সংস্থা {i}", f"NGO {i}", None, None, "not a phone"] for i in range(3000)]
    path = write_xlsx(tmp_path / "many.xlsx", rows)
    result = office("ngo", "import", str(path), code=1)
    out = result.output
    assert "3,000 problem(s)" in out and "… and 2,980 more: 2,980 in" in out
    assert len(out.splitlines()) < 40
    listed = list(load_workbook(tmp_path / "many.rejected.xlsx").active.iter_rows(values_only=True))
    assert len(listed) == 3001 and "not a phone" in str(listed[-1][-1])


def test_formulas_in_every_field_come_back_as_text(office: Cli, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.invalid","x")'
    bad = [formula] * len(ROSTER_HEADERS)  # every column: the mobile, year, areas fail
    good = [f"{formula}{i}" if i in (1, 2, 3, 4, 7) else None for i in range(len(ROSTER_HEADERS))]
    path = rows_xlsx(tmp_path / "formulas.xlsx", [list(ROSTER_HEADERS), bad, good])
    office("ngo", "import", str(path), "--skip-invalid", code=1)
    wb = load_workbook(tmp_path / "formulas.rejected.xlsx")
    cells = [c for row in wb.active.iter_rows(min_row=2) for c in row if c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    listed = office("ngo", "list", "--format", "csv").output
    assert "HYPERLINK" in listed
    for field in (f for line in listed.splitlines() for f in line.split(",")):
        assert not field.lstrip('"').startswith("="), field


@pytest.mark.parametrize("name", ["x/../../../ESCAPED", "/tmp/abs-kind", "..", "a b", "x-", "ক"])
def test_a_return_kind_that_would_become_a_path_is_refused(office: Cli, name: str) -> None:
    result = office(
        "return", "add-kind", name, "--title", "t", "--from", "upazila", "--due-day", "5", code=1
    )
    assert "becomes part of file names" in result.output


def test_a_stored_kind_that_is_not_a_slug_writes_nothing_outside(
    office: Cli, tmp_path: Path
) -> None:
    conn = sqlite3.connect(office.db)
    conn.executemany(
        "INSERT INTO return_kind (name, title_bn, submitter, due_day) VALUES (?, 't', ?, 5)",
        [("x/../../ESCAPED", "ngo"), (str(tmp_path / "ABSOLUTE"), "upazila")],
    )
    conn.commit()
    before = table_dump(office.db)
    out = tmp_path / "letters" / "deep"
    out.mkdir(parents=True)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4")
    remind = ["remind", "--kind", "x/../../ESCAPED", "--month", "2021-01", "--out", str(out)]
    receive = ["return", "receive", "--kind", str(tmp_path / "ABSOLUTE"), "--from", "Parbatipur"]
    runs = [
        [*remind, "--as-of", "2021-03-01", "--format", "md"],
        [*receive, "--month", "2021-01", str(scan), "--received-on", "2021-02-02"],
    ]
    for args in runs:
        result = office(*args, code=1)
        assert "would be written outside" in result.output, result.output
    assert not list(tmp_path.rglob("*ESCAPED*")) and not (tmp_path / "ABSOLUTE").exists()
    assert table_dump(office.db) == before


def test_a_reader_dying_in_native_code_rejects_only_its_file(
    office: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What python-calamine did on a sparse sheet: abort the process (SIGABRT) in a worker.
    The reader is made to abort on one file, in the forked workers that read the batch."""
    import faulthandler
    import os

    from ngocoord.intake import report_batch

    real = report_batch.read_report

    def aborting(path: Path, upazila_of: Any, hints: Any = None) -> Any:
        if path.stem.endswith("CTW"):
            faulthandler.disable()  # pytest's: it would print the worker's stack
            os.abort()
        return real(path, upazila_of, hints)

    monkeypatch.setattr(report_batch, "read_report", aborting)
    inbox = tmp_path / "inbox"
    for code in ("MBSK", "CTW", "DAM"):
        report_csv(inbox, code, "2021-01")
    result = office(
        "report", "import", str(inbox), "--received-on", "2021-02-07", "--jobs", "2", code=1
    )
    assert "2 imported" in result.output and "1 rejected" in result.output, result.output
    assert "reader stopped on this file" in result.output
