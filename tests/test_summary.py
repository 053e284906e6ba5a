"""`ngocoord render summary` on the sample Dinajpur register (January 2021, seed 000 item 01):
the figures, the documents (golden md and html), the workbook and the CSV — and that a name a
user typed can never become a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import sqlite3
import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pdfs
import pytest
from conftest import Cli
from pdfs import assert_bangla_in_embedded_bangla_fonts

from ngocoord.bangla import bn_text
from ngocoord.compliance import summary, summary_files
from ngocoord.documents.pdf import bengali_fonts
from ngocoord.documents.render import Renderer, bn, money
from ngocoord.store.db import open_register

MONTH = "2021-01"
MEETING_DAY = date(2021, 2, 10)
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("NGOCOORD_UPDATE_GOLDEN") == "1"
INJECTIONS = {
    "AAPUS": '=HYPERLINK("http://example.com/x","click")',
    "AB": "+8801712345678",
    "ADMUS": "-2+3",
    "AI": "@SUM(A1:A2)",
}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ngocoord import demo

    folder = tmp_path_factory.mktemp("summary") / "demo"
    demo.build(folder)
    return folder


@pytest.fixture
def db(demo_folder: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo register for each test (some tests change it)."""
    copy = shutil.copytree(demo_folder, tmp_path / "demo")
    return copy / "register.sqlite"


def build(db: Path, month: str = MONTH, as_of: date = MEETING_DAY) -> dict[str, Any]:
    register = open_register(f"sqlite:///{db}")
    try:
        with register.session() as s:
            return summary.build(s, month, as_of)
    finally:
        register.close()


def render(db: Path, fmt: str, path: Path, as_of: date = MEETING_DAY, month: str = MONTH) -> Path:
    register = open_register(f"sqlite:///{db}")
    try:
        with register.session() as s:
            data = summary.build(s, month, as_of)
            renderer = Renderer.for_register(s)
    finally:
        register.close()
    return summary_files.write(data, fmt, path, renderer)


def execute(db: Path, sql: str, *params: Any) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def inject(db: Path) -> None:
    for code, name in INJECTIONS.items():
        execute(db, "UPDATE ngo SET name_bn = ? WHERE code = ?", name, code)


# ---------------------------------------------------------------- figures


def test_january_figures_are_the_minutes(db: Path) -> None:
    data = build(db)
    totals = data["totals"]
    assert (totals["expected"], totals["received"], totals["late"], totals["missing"]) == (
        70,
        59,
        6,
        11,
    )
    assert totals["on_time"] == 53
    assert data["sentence"].startswith("৭০টি এনজিওর মধ্যে ৫৯টি এনজিও")
    assert len(data["ngos"]) == 70
    by_status: dict[str, int] = defaultdict(int)
    for ngo in data["ngos"]:
        by_status[ngo["status"]] += 1
    assert dict(by_status) == {"on time": 53, "late": 6, "missing": 11}
    late = [n for n in data["ngos"] if n["status"] == "late"]
    assert all(n["days_late"] > 0 and n["received_on"] > date(2021, 2, 7) for n in late)
    assert all(n["status_bn"].startswith("বিলম্বে (") for n in late)
    missing = [n for n in data["ngos"] if n["status"] == "missing"]
    assert all(n["received_on"] is None and n["days_overdue"] == 3 for n in missing)
    assert {n["code"] for n in missing} >= {"DAM"}


def test_upazila_rows_count_an_ngo_in_every_upazila_it_works_in(db: Path) -> None:
    data = build(db)
    rows = {r["name"]: r for r in data["upazilas"]}
    assert len(rows) == 13
    areas = query(
        db,
        "SELECT o.name_bn, n.code FROM ngo_area a JOIN ngo n ON n.id = a.ngo_id "
        "JOIN office o ON o.id = a.office_id",
    )
    status = {n["code"]: n["status"] for n in data["ngos"]}
    expected: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for upazila, code in areas:
        expected[upazila]["expected"] += 1
        expected[upazila]["received"] += status[code] in ("on time", "late")
        expected[upazila]["missing"] += status[code] == "missing"
    for name, counts in expected.items():
        row = rows[name]
        assert (row["expected"], row["received"], row["missing"]) == (
            counts["expected"],
            counts["received"],
            counts["missing"],
        )
        assert row["reporting_rate"] == round(counts["received"] / counts["expected"], 4)
    # ASA works in all 13 upazilas, so the upazila rows add up to more than the district.
    assert sum(r["expected"] for r in data["upazilas"]) == len(areas) > 70
    assert "প্রতিটি উপজেলায় গণনা" in data["area_note"]


def test_upazila_rates_are_the_checks_rate(db: Path) -> None:
    """The upazila rows' rates are `Check.rate` of the check narrowed to the upazila's NGOs:
    the same rounding, and no rate where no NGO is expected."""
    from ngocoord.compliance import check as compliance

    execute(
        db,
        "DELETE FROM ngo_area WHERE office_id = (SELECT id FROM office WHERE name_bn = ?)",
        "বিরল",
    )
    data = build(db)
    rows = {r["name"]: r for r in data["upazilas"]}
    assert rows["বিরল"]["expected"] == 0
    assert rows["বিরল"]["reporting_rate"] is None and rows["বিরল"]["on_time_rate"] is None
    for row in data["upazilas"]:
        units = [compliance.Unit("X", "X", compliance.MISSING)] * row["expected"]
        check = compliance.Check("ngo-report", "ngo", MONTH, MEETING_DAY, MEETING_DAY, units)
        assert row["reporting_rate"] == check.rate(row["received"]), row["name"]
        assert row["on_time_rate"] == check.rate(row["on_time"]), row["name"]


LINES = """
    FROM report_line l JOIN submission s ON s.id = l.submission_id
    WHERE s.month = ? AND s.is_current = 1 AND s.voided_at IS NULL
"""
LINES_BY_UPAZILA = """
    FROM report_line l JOIN submission s ON s.id = l.submission_id
    JOIN office o ON o.id = l.upazila_office_id
    WHERE s.month = ? AND s.is_current = 1 AND s.voided_at IS NULL
"""
SUMS = """COUNT(*), COUNT(DISTINCT s.ngo_id), TOTAL(l.ben_male), TOTAL(l.ben_female),
    TOTAL(l.ben_children), TOTAL(l.budget_year), TOTAL(l.spent_month)"""


def _figures(row: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("projects", "ngos", "male", "female", "children", "budget_year", "spent_month")
    return tuple(round(float(row[k]), 2) for k in keys)


def _sums(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(round(float(v), 2) for v in row)


def test_beneficiaries_and_money_are_the_sums_of_the_report_lines(db: Path) -> None:
    data = build(db)
    ben = data["beneficiaries"]
    by_sector = {
        r[0]: _sums(r[1:])
        for r in query(db, f"SELECT l.sector, {SUMS} {LINES} GROUP BY l.sector", MONTH)
    }
    assert {r["label"]: _figures(r) for r in ben["by_sector"]} == by_sector
    by_upazila = {
        r[0]: _sums(r[1:])
        for r in query(
            db,
            f"SELECT o.name_bn, {SUMS} {LINES_BY_UPAZILA} GROUP BY o.name_bn",
            MONTH,
        )
    }
    assert {r["label"]: _figures(r) for r in ben["by_upazila"] if r["projects"]} == by_upazila
    (grand,) = query(db, f"SELECT {SUMS} {LINES}", MONTH)
    assert _figures(ben["total"]) == _sums(grand)
    assert ben["total"]["projects"] == 194 and ben["total"]["ngos"] == 59
    total = ben["total"]
    assert total["total"] == total["male"] + total["female"] + total["children"]
    assert sum(r["total"] for r in ben["by_sector"]) == total["total"]
    assert sum(r["spent_month"] for r in ben["by_upazila"]) == pytest.approx(total["spent_month"])


def test_a_voided_report_is_missing_and_its_lines_are_not_counted(db: Path) -> None:
    from ngocoord.register import returns

    before = build(db)["beneficiaries"]["total"]
    (count, male), *_ = query(
        db,
        f"SELECT COUNT(*), TOTAL(l.ben_male) {LINES} AND s.ngo_id = "
        "(SELECT id FROM ngo WHERE code = 'MBSK')",
        MONTH,
    )
    register = open_register(f"sqlite:///{db}")
    try:
        with register.session() as s:
            returns.void(s, returns.NGO_REPORT, "MBSK", MONTH, "filed under the wrong NGO")
    finally:
        register.close()
    after = build(db)
    assert after["totals"]["missing"] == 12
    assert next(n for n in after["ngos"] if n["code"] == "MBSK")["status"] == "missing"
    total = after["beneficiaries"]["total"]
    assert total["projects"] == before["projects"] - count
    assert total["male"] == before["male"] - male


def test_reports_received_after_the_as_of_day_are_not_counted(db: Path) -> None:
    data = build(db, as_of=date(2021, 2, 7))
    assert data["totals"]["received"] == 53
    assert data["totals"]["late"] == 0
    (count,) = query(db, f"SELECT COUNT(*) {LINES} AND s.received_on <= '2021-02-07'", MONTH)[0]
    assert data["beneficiaries"]["total"]["projects"] == count


def test_trend_has_twelve_months_and_no_data_before_tracking(db: Path) -> None:
    trend = build(db)["trend"]
    assert [t["month"] for t in trend][:2] == ["2020-02", "2020-03"]
    assert trend[-1]["month"] == MONTH and len(trend) == 12
    assert all(t["no_data"] and t["reporting_rate"] is None for t in trend[:-1])
    assert trend[-1]["reporting_rate"] == round(59 / 70, 4)
    assert trend[-1]["label"] == "জানুয়ারি/২০২১"


def test_repeat_defaulters_missed_three_of_twelve_months(db: Path) -> None:
    execute(db, "UPDATE setting SET value = '2020-11' WHERE key = 'tracking.start'")
    data = build(db)
    rates = [t["reporting_rate"] for t in data["trend"]]
    assert rates[-3:] == [0.0, 0.0, round(59 / 70, 4)]
    missing = sorted(n["code"] for n in data["ngos"] if n["status"] == "missing")
    defaulters = data["repeat_defaulters"]
    assert sorted(d["code"] for d in defaulters) == missing
    assert all(d["missed"] == 3 for d in defaulters)
    assert defaulters[0]["months"] == ["নভেম্বর/২০২০", "ডিসেম্বর/২০২০", "জানুয়ারি/২০২১"]
    md = render(db, "md", db.parent / "s.md").read_text("utf-8")
    assert "| নভেম্বর/২০২০ | ৭০ | ০ | ০ | ০.০% |" in md
    assert "এমন কোনো সংস্থা নেই" not in md


def test_a_month_before_tracking_has_nothing_expected(db: Path) -> None:
    data = build(db, month="2020-12")
    assert data["before_tracking"] is True
    assert data["ngos"] == [] and data["repeat_defaulters"] == []
    md = render(db, "md", db.parent / "early.md", month="2020-12")
    assert "প্রতিবেদন গ্রহণ শুরুর" in md.read_text("utf-8")


# ---------------------------------------------------------------- documents


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing: run with NGOCOORD_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file; if the change is intended, "
        "run NGOCOORD_UPDATE_GOLDEN=1 pytest tests/test_summary.py and review the diff"
    )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_documents(db: Path, tmp_path: Path, fmt: str) -> None:
    written = render(db, fmt, tmp_path / f"summary.{fmt}")
    _golden(f"summary-2021-01.{fmt}", written.read_text("utf-8"))


def test_markdown_is_bangla_with_bengali_digits_and_lakh_grouping(db: Path, tmp_path: Path) -> None:
    assert money(1234567) == "১২,৩৪,৫৬৭"
    execute(db, "UPDATE report_line SET budget_year = 0 WHERE sector = 'মানবাধিকার'")
    execute(
        db,
        "UPDATE report_line SET budget_year = 1234567 WHERE id = "
        "(SELECT MIN(id) FROM report_line WHERE sector = 'মানবাধিকার')",
    )
    md = render(db, "md", tmp_path / "s.md").read_text("utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| মানবাধিকার |"))
    assert "| ১২,৩৪,৫৬৭ |" in row
    assert "### ১. প্রতিবেদন দাখিলের অবস্থা" in md
    assert "| ৭০ | ৫৯ | ৫৩ | ৬ | ১১ | ০ | ৮৪.৩% | ৭৫.৭% |" in md
    assert not re.search(r"\| [0-9][0-9,]* \|", md), "Latin digits in a figure column"


def test_html_has_an_inline_svg_chart_and_no_script(db: Path, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    execute(db, "UPDATE ngo SET name_bn = '<script>alert(1)</script>' WHERE code = 'BRAC'")
    html = render(db, "html", tmp_path / "s.html").read_text("utf-8")
    # escaped, and its digit in Bengali as every Bangla name is printed
    assert "<script" not in html and "&lt;script&gt;alert(১)&lt;/script&gt;" in html
    assert "@page { size: A4" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "০১/২১" in texts and "০৯/২০" in texts  # month/year under each bar
    assert {"০%", "৫০%", "১০০%"} <= set(texts)
    assert "৮৪%" in texts
    bars = list(root.iter(f"{ns}rect"))
    assert len(bars) == 1  # only January 2021 has data
    assert float(bars[0].get("height", 0)) == pytest.approx(188 * 59 / 70, abs=0.2)
    assert "src=" not in svg.group(0) and "href" not in svg.group(0)


# ---------------------------------------------------------------- spreadsheets


def test_xlsx_tables_numbers_frozen_headers_chart_and_no_formulas(db: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    inject(db)
    path = render(db, "xlsx", tmp_path / "summary.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "সারসংক্ষেপ",
        "এনজিওভিত্তিক অবস্থা",
        "উপজেলাভিত্তিক অবস্থা",
        "খাতভিত্তিক",
        "উপজেলাভিত্তিক উপকারভোগী",
        "১২ মাসের হার",
        "বারবার অনুপস্থিত",
        "লেখচিত্র",
    ]
    for ws in wb.worksheets[:-1]:
        assert ws.freeze_panes == "A2", ws.title
        assert re.search("[\u0980-\u09ff]", str(ws["A1"].value)), ws.title
        assert ws["A1"].font.b
        assert ws.column_dimensions["A"].width >= 8
    status = wb["এনজিওভিত্তিক অবস্থা"]
    assert [c.value for c in status[1]][:3] == ["ক্রমিক", "কোড", "সংস্থার নাম"]
    assert status.max_row == 71
    sector = wb["খাতভিত্তিক"]
    total_row = [c for c in sector[sector.max_row]]
    assert total_row[0].value == "মোট"
    assert total_row[1].value == 194 and total_row[1].data_type == "n"
    assert isinstance(total_row[7].value, int | float) and total_row[7].data_type == "n"
    assert "##\\,##\\,##0" in total_row[7].number_format
    trend = wb["১২ মাসের হার"]
    assert trend["E13"].value == pytest.approx(59 / 70, abs=1e-4)
    assert trend["E13"].number_format == "0.0%"
    assert trend["E2"].value is None  # before tracking: no data, no zero
    chart_sheet = wb["লেখচিত্র"]
    assert len(chart_sheet._charts) == 1

    names = {row[1].value: row[2] for row in status.iter_rows(min_row=2)}
    for code, text in INJECTIONS.items():  # as a Bangla name prints: Bengali digits
        cell = names[code]
        assert cell.value == bn_text(text) and cell.data_type == "s", code
    hyperlink = names["AAPUS"]
    assert hyperlink.value.startswith("=")

    with zipfile.ZipFile(path) as z:
        sheets = {
            n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/s")
        }
    for name, xml in sheets.items():
        assert "<f>" not in xml and "<f " not in xml, name
    status_xml = sheets["xl/worksheets/sheet2.xml"]
    for text in INJECTIONS.values():
        escaped = bn_text(text).replace("&", "&amp;").replace("<", "&lt;")
        escaped = "".join(c if c.isascii() else f"&#{ord(c)};" for c in escaped)  # as written
        assert re.search(f'<c [^>]*t="inlineStr"[^>]*><is><t>{re.escape(escaped)}</t>', status_xml)


def test_csv_has_a_bom_a_bangla_header_and_no_formulas(db: Path, tmp_path: Path) -> None:
    inject(db)
    path = render(db, "csv", tmp_path / "status.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == summary_files.STATUS_HEADERS
    assert len(rows) == 71
    by_code = {r[1]: r for r in rows[1:]}
    for code, text in INJECTIONS.items():
        assert by_code[code][2] == "'" + bn_text(text)
    for row in rows[1:]:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row), row
    late = next(r for r in rows[1:] if r[4].startswith("বিলম্বে"))
    assert late[5].isdigit() and re.fullmatch(r"2021-02-\d\d", late[7])


# ---------------------------------------------------------------- command


@pytest.fixture
def run(db: Path) -> Any:
    """`ngocoord render summary` on the demo copy, through the real CLI."""
    cli = Cli(db)

    def invoke(*args: str) -> Any:
        return cli("render", "summary", *args, code=None)

    return invoke


@pytest.mark.parametrize("suffix", ["md", "html", "xlsx", "csv"])
def test_command_writes_the_file_and_prints_its_path(run: Any, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / "out" / f"জানুয়ারি.{suffix}"
    result = run("--month", "জানুয়ারি/২০২১", "--as-of", "১০.০২.২০২১", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    assert out.stat().st_size > 0


def test_pdf_is_bangla_in_embedded_fonts(run: Any, tmp_path: Path) -> None:
    """The summary joins the other PDF documents: laid out from its HTML, every font
    embedded, its Bangla set in a Bangla font, one page number on each page."""
    if not bengali_fonts():
        pytest.skip("no Bangla font installed (apt install fonts-noto-core)")
    out = tmp_path / "summary.pdf"
    result = run("--month", "2021-01", "--as-of", "10.02.2021", "--out", str(out))
    assert result.exit_code == 0, result.output
    pages = assert_bangla_in_embedded_bangla_fonts(out)
    assert pages >= 2
    found = pdfs.words(out, tmp_path)
    if found is not None:
        last_words = [
            max((w for w in found if w.page == n), key=lambda w: w.bottom)
            for n in range(1, pages + 1)
        ]
        assert [w.text for w in last_words] == [bn(n) for n in range(1, pages + 1)]


def test_command_format_option_and_default_as_of_today(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "summary.txt"
    result = run("--month", "2021-01", "--format", "md", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "হিসাবের তারিখ: ১০ ফেব্রুয়ারি, ২০২১" not in text  # judged as of today


def test_command_rejects_an_unknown_suffix_and_a_bad_month(run: Any, tmp_path: Path) -> None:
    from ngocoord.errors import Invalid

    # The CLI turns the core's Invalid into its message and exit status.
    result = run("--month", "2021-01", "--out", str(tmp_path / "summary.docx"))
    assert result.exit_code == Invalid.exit_code and result.output.startswith("Error: ")
    assert "--format" in result.output
    result = run("--month", "13/2021", "--out", str(tmp_path / "s.md"))
    assert result.exit_code == Invalid.exit_code and result.output.startswith("Error: ")


def test_rows_without_an_area_a_sector_or_an_upazila_get_rows_of_their_own(db: Path) -> None:
    execute(db, "DELETE FROM ngo_area WHERE ngo_id = (SELECT id FROM ngo WHERE code = 'BLAST')")
    execute(
        db,
        "UPDATE report_line SET sector = NULL, upazila_office_id = NULL WHERE id = "
        "(SELECT MIN(id) FROM report_line)",
    )
    data = build(db)
    last = data["upazilas"][-1]
    assert (last["name"], last["expected"], last["received"]) == ("কর্মএলাকা উল্লেখ নেই", 1, 1)
    ben = data["beneficiaries"]
    assert ben["by_sector"][-1]["label"] == "খাত উল্লেখ নেই"
    assert ben["by_upazila"][-1]["label"] == "উপজেলা উল্লেখ নেই"
    assert ben["by_sector"][-1]["projects"] == ben["by_upazila"][-1]["projects"] == 1
    assert sum(r["projects"] for r in ben["by_upazila"]) == ben["total"]["projects"] == 194
