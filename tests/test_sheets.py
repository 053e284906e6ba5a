"""Reading clerks' spreadsheets: real xlsx/xls/ods/csv files written into tmp_path."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from workbooks import write_ods, write_xls

from ngocoord import meaning
from ngocoord.documents.spreadsheet import write_rows
from ngocoord.errors import BadFile, CellProblem
from ngocoord.intake import sniff
from ngocoord.intake.merges import _ods_merges, _xlsx_merges
from ngocoord.intake.sheets import Table, find_table, header_key, read_sheet

DATA = Path(__file__).parent / "data"

FIELDS: dict[str, list[str]] = {
    "serial": ["ক্রমিক নং", "ক্রম", "Sl No", "SL"],
    "name_bn": ["সংস্থার নাম", "এনজিওর নাম", "Name of NGO", "NGO Name"],
    "reg_no": ["নিবন্ধন নম্বর", "রেজিস্ট্রেশন নং", "Registration No"],
    "upazila": ["উপজেলা", "Upazila"],
    "mobile": ["মোবাইল নম্বর", "মোবাইল", "Mobile"],
    "email": ["ইমেইল", "Email"],
}
REQUIRED = {"name_bn", "upazila"}

HEADER = ["ক্রমিক নং", "সংস্থার নাম", "নিবন্ধন নম্বর", "উপজেলা", "মোবাইল নম্বর"]
ROWS = [
    [1, "ব্র্যাক", "১২৩/০৪", "সদর", "০১৭১১০০০০০১"],
    [2, "আশা", "২২৪", "বিরল", 1711000002],
]


# --- writers for real files ----------------------------------------------------------------


Rows = Sequence[Sequence[object]]


def write_xlsx(
    path: Path,
    rows: Rows,
    merges: tuple[str, ...] = (),
    *,
    sheet: str = "Sheet1",
    extra_sheets: dict[str, Rows] | None = None,
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for name, more in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in more:
            extra.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, lines: list[str], *, bom: bool = False, encoding: str = "utf-8") -> Path:
    data = "\r\n".join(lines).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def table(path: Path, **kw: Any) -> Table:
    return find_table(path, FIELDS, required=REQUIRED, **kw)


def bad(path: Path, **kw: Any) -> str:
    with pytest.raises(BadFile) as info:
        table(path, **kw)
    text = str(info.value)
    assert str(path) in text  # every message names the file
    return text


# --- header_key ----------------------------------------------------------------------------


def test_header_key_ignores_spelling_noise() -> None:
    assert header_key("সংস্থার নামঃ") == header_key("সংস্থার নাম")  # visarga as colon
    assert header_key("  Name of\n NGO: ") == header_key("name of ngo") == "nameofngo"
    assert header_key("মোবাইল নং ১") == header_key("মোবাইল নং 1")
    assert header_key("নিবন্ধন\u200c নম্বর") == header_key("নিবন্ধন নম্বর")  # ZWNJ
    assert header_key("Reg. No. (if any)") == "regnoifany"
    assert header_key(2024) == "2024"


# --- layouts clerks make -------------------------------------------------------------------


def test_plain_header_and_rows(tmp_path: Path) -> None:
    t = table(write_xlsx(tmp_path / "r.xlsx", [HEADER, *ROWS]))
    assert (t.sheet, t.header_row) == ("Sheet1", 1)
    assert t.columns == {"serial": 0, "name_bn": 1, "reg_no": 2, "upazila": 3, "mobile": 4}
    assert t.headers["mobile"] == "মোবাইল নম্বর"
    assert t.unmatched == []
    assert [n for n, _ in t.rows] == [2, 3]
    assert t.rows[0][1] == [1, "ব্র্যাক", "১২৩/০৪", "সদর", "০১৭১১০০০০০১"]


def test_title_rows_above_header_with_merged_title(tmp_path: Path) -> None:
    rows: Rows = [
        ["জেলা এনজিও বিষয়ক সমন্বয় সভা — এনজিও তালিকা"],
        ["জেলা: দিনাজপুর", None, None, "মাস: জানুয়ারি ২০২৫"],
        [],
        HEADER,
        *ROWS,
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows, ("A1:E1", "A2:C2"))
    t = table(path)
    assert t.header_row == 4
    assert [n for n, _ in t.rows] == [5, 6]
    assert t.column_label("upazila") == 'D "উপজেলা"'
    _, grid = read_sheet(path)
    assert grid[0] == [rows[0][0]] * 5  # the merged title is filled across
    assert grid[2] == [None] * 5  # blank rows stay in the raw grid, so numbers stay right


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_merged_data_cell_is_filled_into_every_row(tmp_path: Path, kind: str) -> None:
    rows: Rows = [
        ["এনজিও তালিকা", None, None, None, None],
        HEADER,
        [1, "ব্র্যাক", "১০১", "সদর", "01711000001"],
        [2, "আশা", "১০২", None, "01711000002"],
        [3, "কারিতাস", "১০৩", None, "01711000003"],
        [4, "প্রশিকা", "১০৪", "বিরল", "01711000004"],
    ]
    path = tmp_path / f"r.{kind}"
    if kind == "xlsx":
        write_xlsx(path, rows, ("A1:E1", "D3:D5"))
    elif kind == "xls":
        write_xls(path, rows, ((0, 0, 0, 4), (2, 4, 3, 3)))
    else:
        write_ods(path, rows, ("A1:E1", "D3:D5"))
    t = table(path)
    assert t.header_row == 2
    upazila = [(n, row[t.columns["upazila"]]) for n, row in t.rows]
    assert upazila == [(3, "সদর"), (4, "সদর"), (5, "সদর"), (6, "বিরল")]
    _, grid = read_sheet(path)
    assert grid[0][:5] == ["এনজিও তালিকা"] * 5


def test_two_line_bangla_english_header_cell(tmp_path: Path) -> None:
    header = ["ক্রম\nSl No", "সংস্থার নাম\nName of NGO", "উপজেলা\n(Upazila)", "Mobile\nমোবাইল"]
    t = table(write_xlsx(tmp_path / "r.xlsx", [header, [1, "ব্র্যাক", "সদর", "017"]]))
    assert t.columns == {"serial": 0, "name_bn": 1, "upazila": 2, "mobile": 3}
    assert t.column_label("name_bn") == 'B "সংস্থার নাম / Name of NGO"'
    assert [n for n, _ in t.rows] == [2]


def test_second_english_header_row_is_skipped(tmp_path: Path) -> None:
    english = ["Sl No", "Name of NGO", "Reg. No. of NGOAB", "Upazila", "Contact no."]
    path = write_xlsx(tmp_path / "r.xlsx", [["Title"], HEADER, english, *ROWS])
    t = table(path)
    assert t.header_row == 2
    assert [n for n, _ in t.rows] == [4, 5]


def test_second_header_row_mostly_unknown_text_is_still_skipped(tmp_path: Path) -> None:
    english = ["Serial", "Name of NGO", "Reg. No. of NGOAB", "Thana", "Contact no."]
    t = table(write_xlsx(tmp_path / "r.xlsx", [HEADER, english, *ROWS]))
    assert [n for n, _ in t.rows] == [3, 4]


def test_header_merged_over_two_rows_with_sub_headers(tmp_path: Path) -> None:
    rows: Rows = [
        ["ক্রম", "সংস্থার নাম", "উপজেলা", "যোগাযোগ", None],
        [None, None, None, "মোবাইল", "ইমেইল"],
        [1, "ব্র্যাক", "সদর", "01711000001", "a@b.org"],
    ]
    t = table(write_xlsx(tmp_path / "r.xlsx", rows, ("A1:A2", "B1:B2", "C1:C2", "D1:E1")))
    assert t.header_row == 1
    assert t.columns == {"serial": 0, "name_bn": 1, "upazila": 2, "mobile": 3, "email": 4}
    assert t.headers["email"] == "যোগাযোগ › ইমেইল"  # the header as read: its whole path
    assert t.unmatched == []  # the group header's columns are named by their sub-headers
    assert [n for n, _ in t.rows] == [3]


def test_header_below_group_headers(tmp_path: Path) -> None:
    rows: Rows = [
        ["সংস্থার তথ্য", None, "এলাকা"],
        ["সংস্থার নাম", "নিবন্ধন নম্বর", "উপজেলা"],
        ["ব্র্যাক", "১০১", "সদর"],
    ]
    t = table(write_xlsx(tmp_path / "r.xlsx", rows, ("A1:B1",)))
    # group headers that name no field are read as titles: the header starts below them
    assert (t.header_row, t.columns) == (2, {"name_bn": 0, "reg_no": 1, "upazila": 2})
    assert [n for n, _ in t.rows] == [3]


def test_row_of_column_numbers_under_header_is_skipped(tmp_path: Path) -> None:
    numbers = ["১", "২", "৩", "৪", "৫"]
    t = table(write_xlsx(tmp_path / "r.xlsx", [HEADER, numbers, *ROWS]))
    assert [n for n, _ in t.rows] == [3, 4]
    t = table(write_xlsx(tmp_path / "r2.xlsx", [HEADER, [1, 2, 3, 4, 5], *ROWS]))
    assert [n for n, _ in t.rows] == [3, 4]


def test_bengali_digits_stay_text_and_whole_numbers_are_ints(tmp_path: Path) -> None:
    t = table(write_xlsx(tmp_path / "r.xlsx", [HEADER, *ROWS, [3, "X", 4.5, "সদর", None]]))
    first, second, third = (row for _, row in t.rows)
    assert first[2] == "১২৩/০৪" and first[4] == "০১৭১১০০০০০১"  # caller converts digits
    assert second[4] == 1711000002 and type(second[4]) is int  # not 1711000002.0
    assert third[2] == 4.5


def test_blank_and_totals_rows_are_dropped(tmp_path: Path) -> None:
    rows: Rows = [
        HEADER,
        ROWS[0],
        [None, "   ", None, "", None],
        [],
        ROWS[1],
        ["মোট", None, None, None, 2],
        [None, "(মোঃ আব্দুর রহিম)", None, None, None],  # the signature under the table
        [None, "নির্বাহী পরিচালক", None, None, None],
        ["  "],
    ]
    t = table(write_xlsx(tmp_path / "r.xlsx", rows))
    assert [n for n, _ in t.rows] == [2, 5]
    for label in ("সর্বমোটঃ", "Grand Total:"):
        rows[5] = [None, label, None, None, 2]
        assert [n for n, _ in table(write_xlsx(tmp_path / "t.xlsx", rows)).rows] == [2, 5]


def test_a_unit_after_a_heading_is_tolerated(tmp_path: Path) -> None:
    rows: Rows = [["সংস্থার নাম (বাংলায়)", "উপজেলা (কর্ম এলাকা)"], ["আশা", "বিরল"]]
    t = table(write_xlsx(tmp_path / "u.xlsx", rows))
    assert set(t.columns) == {"name_bn", "upazila"}


def test_header_repeated_in_data_is_dropped(tmp_path: Path) -> None:
    t = table(write_xlsx(tmp_path / "r.xlsx", [HEADER, ROWS[0], HEADER, ROWS[1]]))
    assert [n for n, _ in t.rows] == [2, 4]


def test_dates_are_kept(tmp_path: Path) -> None:
    fields = {"name_bn": ["সংস্থার নাম"], "date": ["তারিখ"]}
    xlsx = write_xlsx(tmp_path / "r.xlsx", [["সংস্থার নাম", "তারিখ"], ["ব্র্যাক", dt.date(2025, 1, 31)]])
    ods = write_ods(tmp_path / "r.ods", [["সংস্থার নাম", "তারিখ"], ["ব্র্যাক", dt.date(2025, 1, 31)]])
    for path in (xlsx, ods):
        t = find_table(path, fields, required={"name_bn"})
        value = t.rows[0][1][1]
        assert isinstance(value, dt.date) and value.isoformat().startswith("2025-01-31")


def test_unmatched_headers_and_problem(tmp_path: Path) -> None:
    header = [*HEADER, "মন্তব্য"]
    t = table(write_xlsx(tmp_path / "r.xlsx", [header, [*ROWS[0], "ভালো"]]))
    assert t.unmatched == ["মন্তব্য"]
    p = t.problem(2, "mobile", "not a mobile number")
    assert p == CellProblem(str(tmp_path / "r.xlsx"), "Sheet1", 2, 'E "মোবাইল নম্বর"', p.message)
    assert str(p).endswith(':2:E "মোবাইল নম্বর": not a mobile number')


def test_instructions_sheet_before_the_roster(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "এনজিও তালিকা.xlsx",
        [["নির্দেশনা: নিচের শিটে তথ্য লিখুন"]],
        sheet="নির্দেশনা",
        extra_sheets={"তালিকা": [HEADER, *ROWS]},
    )
    assert table(path).sheet == "তালিকা"
    assert read_sheet(path)[0] == "নির্দেশনা"  # first non-empty sheet
    assert table(path, sheet="তালিকা").header_row == 1


def test_workbooks_saved_under_another_name_are_read(tmp_path: Path) -> None:
    real = write_xls(tmp_path / "r.xls", [HEADER, *ROWS])
    expected = [row for _, row in table(real).rows]
    for name in ("xls-named.xlsx", "xls-named.csv"):
        renamed = tmp_path / name
        renamed.write_bytes(real.read_bytes())
        assert [row for _, row in table(renamed).rows] == expected
    xlsx = write_xlsx(tmp_path / "x.xlsx", [HEADER, *ROWS])
    for name in ("xlsx-named.ods", "xlsx-named.xls", "xlsx-named.csv"):
        renamed = tmp_path / name
        renamed.write_bytes(xlsx.read_bytes())
        assert [row for _, row in table(renamed).rows] == expected


# --- csv -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [False, True])
def test_csv_utf8_with_and_without_bom(tmp_path: Path, bom: bool) -> None:
    lines = [",".join(HEADER), '1,ব্র্যাক,"১২৩, ক",সদর,01711000001', ",,,,", "মোট,,,,"]
    t = table(write_csv(tmp_path / "r.csv", lines, bom=bom))
    assert (t.sheet, t.header_row, t.columns["upazila"]) == ("csv", 1, 3)
    assert t.rows == [(2, ["1", "ব্র্যাক", "১২৩, ক", "সদর", "01711000001"])]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    lines = ["এনজিও তালিকা", delimiter.join(HEADER), delimiter.join(["1", "আশা, ঢাকা", "", "বিরল"])]
    t = table(write_csv(tmp_path / "r.csv", lines))
    assert t.header_row == 2
    assert t.rows == [(3, ["1", "আশা, ঢাকা", None, "বিরল", None])]


@pytest.mark.parametrize(
    ("encoding", "bom", "named"),
    [
        ("utf-8", False, "UTF-8"),
        ("utf-8", True, "UTF-8"),
        ("utf-16", False, "UTF-16 (Excel's Unicode text)"),  # Python writes its BOM
        ("cp1252", False, "Windows-1252 (ANSI)"),
    ],
)
def test_csv_encodings_are_read_and_named(
    tmp_path: Path, encoding: str, bom: bool, named: str
) -> None:
    """Excel saves "CSV UTF-8", "Unicode text" (UTF-16, tabs) and, on an office PC, plain
    "CSV" in Windows-1252: the text Bijoy is typed in (‡ is byte 0x87 there)."""
    sep = "\t" if encoding == "utf-16" else ","
    lines = [sep.join(["Name of NGO", "Upazila"]), sep.join(["Café ‡gvt", "Sadar"])]
    t = table(write_csv(tmp_path / "r.csv", lines, bom=bom, encoding=encoding))
    assert t.encoding == named
    assert t.rows == [(2, ["Café ‡gvt", "Sadar"])]


def test_xlsx_has_no_csv_encoding(tmp_path: Path) -> None:
    t = table(write_xlsx(tmp_path / "r.xlsx", [["Name of NGO", "Upazila"], ["BRAC", "Sadar"]]))
    assert t.encoding is None


@pytest.mark.parametrize(
    "data",
    [
        b"Name of NGO,Upazila\r\nBRAC\x81\x8d,Sadar\r\n",  # bytes Windows-1252 leaves undefined
        b"Name of NGO,Upazila\r\n\x00\x01\x02\xff\xfe\x03,Sadar\r\n",  # binary, no BOM
    ],
)
def test_csv_in_no_known_encoding_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    text = bad(path)
    assert "UTF-8, UTF-16 or Windows-1252" in text and '"CSV UTF-8' in text


# --- bad files -----------------------------------------------------------------------------


def test_missing_required_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["এনজিও তালিকা"], ["ক্রম", "সংস্থার নাম", "গ্রাম"]])
    text = bad(path)
    assert 'sheet "Sheet1"' in text
    assert '"উপজেলা" (or words like: Upazila)' in text
    assert "সংস্থার নাম" not in text.split("Row 2 has")[0]  # it was found, so not listed
    assert 'Row 2 has the headers: "ক্রম", "সংস্থার নাম", "গ্রাম"' in text


def test_duplicate_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [["সংস্থার নাম", "উপজেলা", "Upazila"], ["ক", "খ", "গ"]])
    text = bad(path)
    assert 'B "উপজেলা" and C "Upazila" (row 1) both mean "উপজেলা"' in text


def test_header_merged_across_columns_is_one_column(tmp_path: Path) -> None:
    rows: Rows = [
        ["সংস্থার নাম", "উপজেলা", None, "মন্তব্য"],
        ["ব্র্যাক", "সদর", "পৌরসভা", None],
    ]
    t = table(write_xlsx(tmp_path / "r.xlsx", rows, ("B1:C1",)))
    assert t.columns == {"name_bn": 0, "upazila": 1}
    # the second column under the merged header is kept with its row, not lost; the notes
    # column has no values at all
    assert t.unmatched == ["উপজেলা (C)"]
    assert t.extra(t.rows[0][1]) == {"উপজেলা (C)": "পৌরসভা"}
    assert [(c.letter, c.outcome) for c in t.read] == [
        ("A", "name_bn"),
        ("B", "upazila"),
        ("C", "kept"),
        ("D", "not stored"),
    ]


@pytest.mark.parametrize("name", ["r.xlsx", "r.csv", "r.ods"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert "empty" in bad(path)


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    assert "not found" in bad(tmp_path / "nope.xlsx")
    path = tmp_path / "r.docx"
    path.write_text("x")
    text = bad(path)
    assert ".docx" in text and ".xlsx, .xlsm, .xls, .ods or .csv" in text


def test_text_file_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_text("সংস্থার নাম\tউপজেলা\nব্র্যাক\tসদর\n" * 40, encoding="utf-8")
    assert "plain text file" in bad(path)
    assert "rename it to .csv" in bad(path)
    path.write_bytes(bytes(range(256)) * 4)
    assert "damaged or of another kind" in bad(path)


def test_web_page_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "r.xls"
    path.write_text("<html><body><table><tr><td>x</td></tr></table></body></html>")
    assert "web page" in bad(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, *ROWS])
    path = tmp_path / "r.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "damaged or incomplete" in bad(path)


def test_corrupt_member_in_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "this is not xml <")
    assert "could not be read as a spreadsheet" in bad(path)


def test_encrypted_workbook_minimal(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(
        sniff._OLE_MAGIC + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64
    )
    text = bad(path)
    assert "is protected with a password to open" in text
    assert "File › Info › Protect Workbook" in text


def test_encrypted_workbook_real(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"  # copied so that the message names a tmp path
    path.write_bytes((DATA / "encrypted.xlsx").read_bytes())
    assert "is protected with a password to open" in bad(path)


def test_named_sheet_missing_lists_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER], extra_sheets={"জুন": [HEADER]})
    text = bad(path, sheet="জুলাই")
    assert '"Sheet1", "জুন"' in text
    assert table(path, sheet=" জুন ").sheet == "জুন"  # stray spaces forgiven


def test_sheet_without_data(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [], extra_sheets={"তালিকা": [HEADER, *ROWS]})
    assert 'sheet "Sheet1" has no data' in bad(path, sheet="Sheet1")
    empty = write_xlsx(tmp_path / "e.xlsx", [[None, "  "]])
    assert "has no data" in bad(empty)
    csv = write_csv(tmp_path / "e.csv", ["", ",,", ""])
    assert "has no data" in bad(csv)


def test_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", [HEADER, *ROWS])
    assert "too large" in bad(path, max_rows=2)
    assert table(path, max_rows=3).rows
    csv = write_csv(tmp_path / "r.csv", [",".join(HEADER)] * 5)
    assert "too large" in bad(csv, max_rows=2)
    monkeypatch.setattr(sniff, "MAX_UNZIPPED_BYTES", 1000)
    assert "too large when unpacked" in bad(path)
    monkeypatch.setattr(sniff, "MAX_FILE_BYTES", 100)
    assert "too large" in bad(path)


# --- merges calamine does not report -------------------------------------------------------


def test_xlsx_merges_from_xml_match_calamine(tmp_path: Path) -> None:
    import python_calamine

    path = write_xlsx(tmp_path / "r.xlsx", [["t"], HEADER, *ROWS], ("A1:E1", "D3:D4", "AB7:AC9"))
    ours = sorted(_xlsx_merges(path, "Sheet1"))
    assert ours == [((0, 0), (0, 4)), ((2, 3), (3, 3)), ((6, 27), (8, 28))]
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet1")
    theirs = getattr(sheet, "merged_cell_ranges", None)  # python-calamine >= 0.4
    if theirs is not None:
        assert sorted(theirs) == ours


def test_ods_merges_count_repeated_rows_and_columns(tmp_path: Path) -> None:
    rows: Rows = [
        ["t", None, None],
        [],
        [],
        ["a", "b", "c"],
        ["x", 1, 2],
        [None, 3, 4],
    ]
    path = write_ods(tmp_path / "r.ods", rows, ("A1:C1", "A5:A6", "B4:C4"))
    assert sorted(_ods_merges(path, "Sheet1")) == [
        ((0, 0), (0, 2)),
        ((3, 1), (3, 2)),
        ((4, 0), (5, 0)),
    ]
    assert _ods_merges(path, "Other") == []


# --- writing -------------------------------------------------------------------------------


def test_write_rows_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    rows: Rows = [
        [1, "ব্র্যাক", "=1+1", "+8801711000001", dt.date(2025, 1, 31)],
        [2, "আশা", "-", "@home", None],
        [3, "কারিতাস\x07", "-5 জন", "০১৭১১", 2.5],
    ]
    write_rows(path, ["ক্রম", "সংস্থার নাম", "মন্তব্য", "মোবাইল নম্বর", "তারিখ"], rows, sheet="তালিকা")
    fields = {**FIELDS, "remarks": ["মন্তব্য"], "date": ["তারিখ"]}
    t = find_table(path, fields, required={"name_bn"})
    assert (t.sheet, t.header_row) == ("তালিকা", 1)
    got = [row for _, row in t.rows]
    assert got[0][:4] == [1, "ব্র্যাক", "=1+1", "+8801711000001"]
    assert isinstance(got[0][4], dt.date) and got[0][4].isoformat().startswith("2025-01-31")
    assert got[1] == [2, "আশা", "-", "@home", None]
    assert got[2] == [3, "কারিতাস", "-5 জন", "০১৭১১", 2.5]

    ws = openpyxl.load_workbook(path)["তালিকা"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b and ws["E1"].font.b
    assert ws["C2"].data_type == "s" and ws["C2"].value == "=1+1"
    assert ws["C2"].quotePrefix
    width_b = ws.column_dimensions["B"].width
    assert 8 <= width_b <= 60


def test_write_rows_unwritable(tmp_path: Path) -> None:
    with pytest.raises(BadFile, match="cannot be written"):
        write_rows(tmp_path / "no-such-dir" / "out.xlsx", ["a"], [])


def test_header_lookups_are_cached_by_heading_table_not_by_call(tmp_path: Path) -> None:
    path = tmp_path / "receipts.csv"
    path.write_text("ফাইল,তারিখ\na.xlsx,05.02.2021\n", encoding="utf-8")

    def read() -> Table:  # a new dict on every call, as a table written inside a function is
        return find_table(path, {"file": ["ফাইল"], "date": ["তারিখ"]}, required={"file"})

    read()
    size = meaning.form.cache_info().currsize
    for _ in range(5):
        assert read().columns == {"file": 0, "date": 1}
    assert meaning.form.cache_info().currsize == size
    from ngocoord.intake.receipts import receipts_from

    receipts_from(path)
    size = meaning.form.cache_info().currsize
    receipts_from(path)
    receipts_from(path)
    assert meaning.form.cache_info().currsize == size
