"""Every parser of what clerks type returns a value or raises errors.ParseError, whatever it is
given: Hypothesis draws text (Bangla and Latin digits, separators, month names, control and
bidi characters), numbers of every size, dates and odd objects."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngocoord import bangla
from ngocoord.errors import BadFile, NgocoordError, ParseError
from ngocoord.intake import report_file, report_format, sheets
from ngocoord.intake.headers import header_key
from ngocoord.meetings import document
from ngocoord.register import fields, registrations

RUNS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PIECES = [
    *"০১২৩৪৫৬৭৮৯0123456789",
    *"-/.,:;ঃ। \t\n+()",
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "Jan",
    "september",
    "২০২১",
    "31",
    "02",
    "1900",
    "99999999999999999999999",
    "টাকা",
    "লক্ষ",
    "কোটি",
    "জন",
    "ইং",
    "01712345678",
    "+88",
    "\x00",
    "\x1b[31m",
    "\u200f",
    "\u202e",
    "\u2067",
    "e",
    "inf",
    "nan",
]
texts = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
    st.text(alphabet="0123456789", min_size=20, max_size=6000),
)
values = st.one_of(
    texts,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True),
    st.times(),
    st.timedeltas(),
)

CELL_PARSERS = {
    "parse_int": bangla.parse_int,
    "parse_decimal": bangla.parse_decimal,
    "parse_date": bangla.parse_date,
    "parse_month": bangla.parse_month,
    "parse_year": bangla.parse_year,
    "parse_mobile": bangla.parse_mobile,
}


def _value_or_parse_error(parse, value):  # type: ignore[no-untyped-def]
    try:
        result = parse(value)
    except ParseError as exc:
        assert isinstance(exc, ValueError) and isinstance(exc, NgocoordError)
        return None
    return result


@pytest.mark.parametrize("name", sorted(CELL_PARSERS))
@RUNS
@given(value=values)
def test_cell_parsers_return_or_raise_parse_error(name: str, value: object) -> None:
    result = _value_or_parse_error(CELL_PARSERS[name], value)
    if name == "parse_int" and result is not None:
        assert isinstance(result, int)
    if name == "parse_date" and result is not None:
        assert isinstance(result, date) and not isinstance(result, datetime)


@RUNS
@given(text=texts, authority=st.sampled_from(sorted(registrations.AUTHORITIES)))
def test_registrations(text: str, authority: str) -> None:
    result = _value_or_parse_error(lambda v: registrations.parse_cell(v, authority), text)
    assert result is None or all(r.number for r in result)


@pytest.mark.parametrize("name", sorted(fields.PARSERS))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_roster_cells(name: str, value: object) -> None:
    """Every roster field's parser (name, mobile, e-mail, year, lists) and each authority's
    registration column."""
    _value_or_parse_error(lambda v: fields.parse_scalar(name, v), value)
    for column in sorted(fields.REG_FIELDS):
        _value_or_parse_error(lambda v, c=column: fields.parse_registrations(c, v), value)


@RUNS
@given(text=texts)
def test_months_in_titles_and_headers(text: str) -> None:
    found = report_file.month_in_text(text)
    assert found is None or (len(found) == 7 and found[4] == "-")
    assert isinstance(header_key(text), str)


_DOC_LINES = [
    "# সভা",
    "তারিখ: ১০.০২.২০২১",
    "সময়: বিকাল ৪:০০",
    "স্থান: সম্মেলন কক্ষ",
    "## আলোচ্য বিষয় ০১",
    "সিদ্ধান্ত:",
    "১. ",
    "বাস্তবায়নে: ",
    "- ",
    "",
]


@RUNS
@given(
    lines=st.lists(
        st.one_of(st.sampled_from(_DOC_LINES), texts, st.sampled_from(_PIECES)), max_size=30
    )
)
def test_meeting_document(lines: list[str]) -> None:
    _value_or_parse_error(document.parse, "\n".join(lines))
    _value_or_parse_error(document.parse_time, " ".join(lines[:3]))


cells = st.one_of(st.none(), texts, st.sampled_from(["প্রকল্পের নাম", "সংস্থার নাম", "মোট", "১"]))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(grid=st.lists(st.lists(cells, max_size=6), max_size=12))
def test_header_recognition_finds_a_table_or_says_why(
    tmp_path: Path, grid: list[list[str]]
) -> None:
    """A sheet of anything: its header row is found, or the file is refused with a message."""
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[c or "" for c in row] for row in grid])
    try:
        table = sheets.find_table(path, report_format.LINE_FIELDS, required={"project"})
    except BadFile as exc:
        assert exc.message.startswith(str(path))
        return
    assert "project" in table.columns


# Registration cells as rosters write them: number/day.month.year (some days impossible),
# in either digits, with a district prefix, or two in one cell
_BN_DIGITS = str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯")
reg_cells = st.one_of(
    texts,
    st.builds(
        lambda prefix, n, d, m, y, bn, second: (
            f"{prefix}{n}/{d:02d}.{m:02d}.{y:02d}".translate(bn) + second
        ),
        st.sampled_from(["", "দিনা-", "সাত-", "NGOAB "]),
        st.integers(0, 99999),
        st.integers(0, 32),
        st.integers(0, 13),
        st.integers(0, 99),
        st.sampled_from([{}, _BN_DIGITS]),
        st.sampled_from(["", "; সমাজসেবা ১২৩/৯৮", ", 45/31.02.20"]),
    ),
)


def _said(parse, value):  # type: ignore[no-untyped-def]
    try:
        return parse(value)
    except ParseError as exc:
        return str(exc)


@RUNS
@given(
    cells=st.lists(reg_cells, min_size=1, max_size=8), authority=st.sampled_from(["NGOAB", "DSS"])
)
def test_registrations_with_dates_remembered_are_the_same(cells: list[str], authority: str) -> None:
    """A roster column parses its cells with one `dates` memo (each date text parsed once):
    every cell gives what it gives alone, the same registrations or the same message."""
    dates: dict[str, date | None] = {}
    for cell in [*cells, *cells]:  # the second time, every date text is remembered
        alone = _said(lambda v: registrations.parse_cell(v, authority), cell)
        assert _said(lambda v: registrations.parse_cell(v, authority, dates), cell) == alone
