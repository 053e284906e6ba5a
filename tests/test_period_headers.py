"""A header naming another period (previous month, to date, cumulative, since July, annual,
target) is never read as this month's figure: the corpus in tests/data/period_headers.tsv,
generated qualifiers joined to the field's words, and the importer on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cli
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from ngocoord.intake import report_format
from ngocoord.intake.columns import Hints
from ngocoord.intake.sheets import find_table
from ngocoord.meaning import Form, form_of

CORPUS = [
    tuple(line.split("\t"))
    for line in (Path(__file__).parent / "data" / "period_headers.tsv")
    .read_text("utf-8")
    .splitlines()
    if line and not line.startswith("#")
]
LINES = form_of(report_format.LINE_FIELDS)


def test_the_corpus_is_big_enough() -> None:
    fields = [f for _, f in CORPUS]
    assert len(CORPUS) >= 100
    assert fields.count("spent_month") >= 30 and fields.count("-") >= 60
    assert len({h for h, _ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("header", "field"), CORPUS)
def test_every_header_is_read_as_its_period(header: str, field: str) -> None:
    verdict = LINES.recognise((header,))
    assert (verdict.field or "-") == field, verdict
    if field == "-":  # kept, and why is said: the field it would be, and the words that bar it
        assert verdict.other_period and verdict.period_words, verdict


def test_the_corpus_through_the_reader(tmp_path: Path) -> None:
    """Every header of the corpus as a column of one real sheet (one header each below a
    project column): the reader keeps the other periods' columns and says why."""
    for i, (header, field) in enumerate(CORPUS):
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["প্রকল্পের নাম", "উপজেলা", header])
        ws.append(["জাগরণ", "মুরাদনগর", "১৫,০০০"])
        path = tmp_path / f"r{i}.xlsx"
        wb.save(path)
        table = find_table(path, report_format.LINE_FIELDS, required={"project"}, hints=Hints())
        column = table.read[2]
        if field == "-":
            assert column.outcome == "kept", (header, column)
            assert "names another period" in column.why, (header, column)
        else:
            assert column.outcome == field, (header, column)


# Words of this month's spending, and qualifiers naming another period, as offices write them.
SPENT = ["ব্যয়", "খরচ", "মোট ব্যয়", "ব্যয়ের", "খরচের", "expenditure", "expense", "spent", "cost"]
THIS = ["চলতি মাসের", "চলতি মাসে", "এ মাসের", "মাসিক", "this month", "current month", "monthly"]
OTHER = [
    *("গত মাসের", "গত", "বিগত", "পূর্ববর্তী মাস পর্যন্ত", "পূর্বের", "আগের মাসের", "অদ্যাবধি"),
    *("আজ পর্যন্ত", "এযাবৎ", "ক্রমপুঞ্জিত", "ক্রমপুঞ্জীভূত", "জুলাই হতে", "জুলাই থেকে"),
    *("শুরু থেকে", "বার্ষিক", "অর্থবছরের", "গত বছরের", "আগামী মাসের", "পরবর্তী", "লক্ষ্যমাত্রা"),
    *("প্রস্তাবিত", "ত্রৈমাসিক", "previous month", "last month", "prior", "cumulative"),
    *("to date", "till date", "up to last month", "so far", "year to date", "ytd"),
    *("since july", "since inception", "annual", "yearly", "last year", "next month"),
    *("target", "planned", "projected", "estimated", "quarterly", "december 2020", "jan-jun"),
]
NOISE = ["", "(টাকা)", "(Tk)", "টাকায়", "মোট", "Total", "in BDT", "(৳)"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(OTHER),
    st.sampled_from(SPENT),
    st.sampled_from(NOISE),
    st.booleans(),
    st.sampled_from(["", *THIS]),
)
def test_another_period_is_never_this_months_spending(
    other: str, spent: str, noise: str, before: bool, this: str
) -> None:
    """Whatever order and company: one qualifier of another period bars spent_month."""
    words = [other, this, spent] if before else [this, spent, other]
    header = " ".join(w for w in [*words, noise] if w)
    verdict = LINES.recognise((header,))
    assert verdict.field != "spent_month", header
    assert not verdict.ambiguous, header


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(THIS), st.sampled_from(SPENT), st.sampled_from(NOISE), st.booleans())
def test_this_months_spending_in_any_order(this: str, spent: str, noise: str, flip: bool) -> None:
    words = [spent, this] if flip else [this, spent]
    header = " ".join(w for w in [*words, noise] if w)
    assert LINES.recognise((header,)).field == "spent_month", header


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(OTHER), st.sampled_from(SPENT))
def test_another_period_under_a_group_header(other: str, spent: str) -> None:
    """A two-row header: "ব্যয়" above, the period below (or the other way round)."""
    assert LINES.recognise((spent, other)).field != "spent_month"
    assert LINES.recognise((other, spent)).field != "spent_month"
    assert LINES.recognise((spent, "চলতি মাস")).field == "spent_month"


def test_a_form_with_a_cumulative_field_reads_it_there() -> None:
    """Where a form has a field for the other period, the header is that field."""
    form = Form(
        {
            "spent_month": ["চলতি মাসের ব্যয়", "Spent this month", "ব্যয়"],
            "spent_to_date": ["ক্রমপুঞ্জিত ব্যয়", "Expenditure to date", "Year to date spending"],
            "spent_last_month": ["গত মাসের ব্যয়", "Previous month expenditure"],
        }
    )
    assert form.recognise(("অদ্যাবধি মোট ব্যয়",)).field == "spent_to_date"
    assert form.recognise(("Cumulative expenditure",)).field == "spent_to_date"
    assert form.recognise(("YTD expenditure",)).field == "spent_to_date"
    assert form.recognise(("বিগত মাসের খরচ",)).field == "spent_last_month"
    assert form.recognise(("Expenditure this month",)).field == "spent_month"
    barred = form.recognise(("আগামী মাসের ব্যয়",))
    assert barred.field is None and "আগামী" in barred.period_words


def test_roster_fields_are_not_barred_by_their_own_periods() -> None:
    from ngocoord.register import fields

    roster = form_of(fields.FIELDS)
    assert roster.recognise(("জেলায় কাজের শুরু (সাল)",)).field == "start_year"
    assert roster.recognise(("কাজ শুরুর বছর",)).field == "start_year"


def report_file(path: Path, header: str) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["এনজিও কোড", "MBSK"])
    ws.append(["মাস", "জানুয়ারি/২০২১"])
    ws.append(["প্রকল্পের নাম", "উপজেলা", "উপকারভোগী নারী", "বাজেট", header])
    ws.append(["জাগরণ", "সদর", "২০০", "৩০,০০,০০০", "১৫,০০,০০০"])
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "header",
    [
        "গত মাসের ব্যয়",
        "পূর্ববর্তী মাস পর্যন্ত ব্যয়",
        "অদ্যাবধি মোট ব্যয়",
        "Cumulative expenditure",
        "ক্রমপুঞ্জিত ব্যয় (জুলাই হতে)",
    ],
)
def test_import_keeps_another_periods_column_and_says_so(
    office: Cli, tmp_path: Path, header: str
) -> None:
    path = report_file(tmp_path / "2021-01_MBSK.xlsx", header)
    result = office("report", "import", str(path), "--received-on", "2021-02-06")
    assert "1 imported" in result.output, result.output
    assert f'"{header}" names another period' in result.output
    assert "চলতি মাসের ব্যয়" in result.output  # the field it is not, named
    shown = json.loads(office("report", "show", "MBSK", "2021-01", "--format", "json").output)
    assert shown[0]["spent_month"] is None
    assert header in json.dumps(shown, ensure_ascii=False)  # kept with its row
