"""Every xlsx and csv the tool writes goes through one writer with one formula guard: a cell
that starts with = + - @ is never a formula, whichever command wrote the file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from conftest import ROSTER_HEADERS, Cli, report_csv

from ngocoord.bangla import bn_text
from ngocoord.documents import spreadsheet

INJECTIONS = ['=HYPERLINK("http://example.com","x")', "+8801712", "-2+3", "@SUM(A1:A2)"]


@pytest.fixture
def hostile(register: Cli, tmp_path: Path) -> Cli:
    """A register whose NGOs are named with each of = + - @ in front, one report in."""
    for name in INJECTIONS:
        register("ngo", "add", f"--name-bn={name}", "--mobile", "01712345678", "--areas", "বিরল")
    register("config", "set", "tracking.start", "2021-01")
    path = report_csv(tmp_path / "inbox", "NGO", "2021-01")
    register("report", "import", str(path), "--received-on", "2021-02-05")
    return register


def _guarded(values: list[str], texts: list[str] = INJECTIONS) -> None:
    for text in texts:
        assert "'" + text in values, (text, values)
        assert text not in values, (text, values)


def _text_cells(ws: object, wanted: list[str]) -> None:
    found = {}
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            if cell.value in wanted:
                found[cell.value] = cell
    assert sorted(found) == sorted(wanted), sorted(found)
    for text, cell in found.items():
        assert cell.data_type == "s" and cell.quotePrefix, (text, cell.coordinate)


def test_ngo_list_and_check_csv(hostile: Cli) -> None:
    listed = list(csv.DictReader(io.StringIO(hostile("ngo", "list", "--format", "csv").stdout)))
    _guarded([r["name_bn"] for r in listed])
    out = hostile("check", "--month", "2021-01", "--as-of", "2021-03-01", "--format", "csv", code=3)
    _guarded([r["name"] for r in csv.DictReader(io.StringIO(out.stdout))])


def test_summary_csv_and_xlsx(hostile: Cli, tmp_path: Path) -> None:
    common = ("render", "summary", "--month", "2021-01", "--as-of", "2021-03-01", "--out")
    hostile(*common, str(tmp_path / "s.csv"))
    text = (tmp_path / "s.csv").read_bytes().decode("utf-8-sig")
    printed = [bn_text(t) for t in INJECTIONS]  # a Bangla name's digits print Bengali
    _guarded([r[2] for r in csv.reader(io.StringIO(text))], printed)
    hostile(*common, str(tmp_path / "s.xlsx"))
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    _text_cells(wb["এনজিওভিত্তিক অবস্থা"], printed)


def test_rejects_workbook(register: Cli, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"  # csv: an xlsx written here would hold "=..." as a formula
    with roster.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ROSTER_HEADERS)
        writer.writerow(["১", INJECTIONS[0], None, *INJECTIONS[1:], "not a phone"])
    rejects = tmp_path / "rejects.xlsx"
    register("ngo", "import", str(roster), "--skip-invalid", "--rejects", str(rejects), code=1)
    _text_cells(openpyxl.load_workbook(rejects).active, INJECTIONS)


def test_report_template(hostile: Cli, tmp_path: Path) -> None:
    hostile("report", "template", "--month", "2021-02", "--out", str(tmp_path / "tpl"))
    names = []
    for path in sorted((tmp_path / "tpl").glob("*.xlsx")):
        ws = openpyxl.load_workbook(path).worksheets[0]
        names.append(ws["B5"].value)
        _text_cells(ws, [ws["B5"].value])
    assert sorted(names) == sorted(INJECTIONS)


def test_the_one_guard() -> None:
    for text in INJECTIONS:
        assert spreadsheet.csv_value(text) == "'" + text
    assert spreadsheet.csv_value(["-a", "b"]) == "'-a, b"
    assert spreadsheet.csv_value(-5) == "-5"  # a number is a number, not text
    assert spreadsheet.csv_value(None) == ""
    assert spreadsheet.csv_value("ব্র্যাক") == "ব্র্যাক"
