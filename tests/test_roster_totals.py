"""Totals and summary rows are never NGOs, in any spelling and wherever their text is, and
the import says which rows it read as totals; another sheet of NGOs is named, not ignored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from conftest import ROSTER_HEADERS, SEED_ROWS, Cli, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ngocoord.intake.sheets import total_row

TOTALS = [
    *("মোট", "সর্বমোট", "সর্ব মোট", "মোটঃ", "মোট:", "মোট এনজিও", "মোট এনজিওর সংখ্যা", "সর্বমোট ৪টি"),
    *("মোট ১২টি এনজিও", "মোট = ১২", "মোট সংস্থা ৭টি", "উপমোট", "সাকুল্যে", "সর্বসাকুল্যে ৯ টি"),
    *("Total", "TOTAL", "Total:", "Grand total", "Grand Total", "Sub total", "Subtotal"),
    *("Total NGOs", "Total 4 NGOs", "Total: 4 NGOs", "Total no. of NGOs", "4 NGOs in total"),
    *("Total number of NGOs: 12", "মোট (৪টি)", "সর্বমোট = ৪ টি"),
]
NOT_TOTALS = [
    "মোট উন্নয়ন সংস্থা",
    "Total Reform Society",
    "সর্বমোট কল্যাণ সমিতি",
    "Total Development Foundation (TDF)",
    "৪টি ইউনিয়ন",
]


def names(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    return sorted(r[0] for r in conn.execute("SELECT name_bn FROM ngo WHERE name_bn IS NOT NULL"))


def test_total_row_spellings() -> None:
    for text in TOTALS:
        assert total_row([None, text, None, 450]) == text, text
        assert total_row([text]) == text, text
    for text in NOT_TOTALS:
        assert total_row([None, text, None]) is None, text
    for row in SEED_ROWS:
        assert total_row(row) is None, row
    assert total_row(["মোট", None, "হালনাগাদ চলমান", 12]) == "মোট"  # a note beside the total
    assert total_row(["১", "মোট উন্নয়ন সংস্থা", "ঢাকা"]) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(TOTALS),
    st.integers(min_value=0, max_value=len(ROSTER_HEADERS) - 1),
    st.sampled_from([None, "=SUM(M5:M17)", 12, "১২টি এনজিও", "৪৫০"]),
)
def test_a_totals_row_anywhere_in_the_row_is_no_ngo(
    tmp_path_factory: object, total: str, column: int, beside: object
) -> None:
    row: list[object] = [None] * len(ROSTER_HEADERS)
    row[column] = total
    row[(column + 5) % len(row)] = beside
    assert total_row(row) is not None, row
    assert total_row([*SEED_ROWS[0][:1], total, *SEED_ROWS[0][2:]]) is None


def test_upazila_list_total_row_is_skipped_and_said(register: Cli, tmp_path: Path) -> None:
    """The trial's upazila list: "সর্বমোট ৪টি" in the name column, the first column blank."""
    rows = [*SEED_ROWS, [None, "সর্বমোট ৩টি", None, None, None, None, None, None, None]]
    path = write_xlsx(tmp_path / "upazila.xlsx", rows)
    dry = register("ngo", "import", str(path), "--dry-run")
    assert 'row 7 "সর্বমোট ৩টি" was read as a totals row and skipped' in dry.output, dry.output
    result = register("ngo", "import", str(path))
    assert 'row 7 "সর্বমোট ৩টি" was read as a totals row and skipped' in result.output
    assert len(names(register.db)) == 3
    assert not any("মোট" in n for n in names(register.db))


def test_rows_below_the_totals_row_are_counted(register: Cli, tmp_path: Path) -> None:
    rows = [*SEED_ROWS[:2], ["Grand Total", "2 NGOs"], [None, "স্বাক্ষর: জেলা প্রশাসক"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows)
    result = register("ngo", "import", str(path))
    assert '"Grand Total 2 NGOs" was read as a totals row and skipped' in result.output
    assert "the 1 filled row(s) below it were not read" in result.output
    assert len(names(register.db)) == 2


def two_sheets(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "তালিকা"
    ws.append(ROSTER_HEADERS)
    for row in SEED_ROWS:
        ws.append(row)
    ws.append(["মোট", "৩টি এনজিও"])
    new = wb.create_sheet("নতুন তালিকাভুক্ত")
    new.append(["২০২১ সালে নতুন তালিকাভুক্ত এনজিও"])
    new.append(["ক্রঃ নং", "সংস্থার নাম", "Name of NGO", "প্রধান নির্বাহীর নাম", "মোবাইল নম্বর"])
    new.append(["১", "সেতু বন্ধন সংস্থা", "Setu Bandhan Sangstha", "মোঃ ফারুক", "০১৭৮৮-৯৯০০১১"])
    new.append(["২", "আমরা কাজ করি", "Amra Kaj Kori", "রাবেয়া খাতুন", "০১৯৭৭-৮৮৯৯০০"])
    notes = wb.create_sheet("নির্দেশনা")
    notes.append(["এই ফাইলে প্রতিটি এনজিওর তথ্য দিন"])
    wb.save(path)
    return path


def test_another_sheet_of_ngos_is_named_with_its_rows(register: Cli, tmp_path: Path) -> None:
    path = two_sheets(tmp_path / "roster.xlsx")
    result = register("ngo", "import", str(path))
    said = 'sheet "নতুন তালিকাভুক্ত" also looks like a list (2 row(s) under its header, row 2)'
    assert said in result.output, result.output
    assert '--sheet "নতুন তালিকাভুক্ত"' in result.output
    assert "নির্দেশনা" not in result.output  # a sheet of notes is no list
    assert len(names(register.db)) == 3
    second = register("ngo", "import", str(path), "--sheet", "নতুন তালিকাভুক্ত")
    assert "also looks like" not in second.output  # the sheet was named: nothing else to say
    assert set(names(register.db)) >= {"সেতু বন্ধন সংস্থা", "আমরা কাজ করি"}
    listed = json.loads(register("ngo", "list", "--format", "json").output)
    assert len(listed) == 5
