"""Tests for ngocoord.bangla: digits, numbers, dates, months, phone numbers."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ngocoord import bangla
from ngocoord.bangla import (
    MONTHS_BN,
    format_date_bn,
    format_month_bn,
    parse_date,
    parse_decimal,
    parse_int,
    parse_mobile,
    parse_month,
    parse_year,
    to_bengali_digits,
    to_latin_digits,
)

TODAY = date(2025, 6, 1)
PRECOMPOSED_YA = "\u09df"  # য় as one code point; NFC turns it into য + nukta


def test_source_is_nfc() -> None:
    text = Path(bangla.__file__).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


def test_digits_round_trip() -> None:
    assert to_latin_digits("১২৩৪৫৬৭৮৯০") == "1234567890"
    assert to_latin_digits("মোট ১২টি") == "মোট 12টি"
    assert to_bengali_digits(2021) == "২০২১"
    assert to_bengali_digits("01712-345678") == "০১৭১২-৩৪৫৬৭৮"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12),
        (12.0, 12),
        (Decimal("7"), 7),
        ("১২", 12),
        ("১২,৩৪,৫৬৭", 1234567),
        ("12,345", 12345),
        ("1,234,567", 1234567),
        ("  12  ", 12),
        ("৫০ জন", 50),
        ("৫টি", 5),
        ("12.00", 12),
        ("-3", -3),
        ("\u200b১০", 10),
    ],
)
def test_parse_int(value: object, expected: int) -> None:
    assert parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        (None, "empty"),
        ("abc", "not a number"),
        (12.5, "not a whole number"),
        ("১২.৫", "not a whole number"),
        ("1,2", "not a number"),
        (True, "not a number"),
        (float("nan"), "not a whole number"),
    ],
)
def test_parse_int_rejects(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_int(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1500, 1500.0),
        (12.5, 12.5),
        ("৳ ১২,৫০০.৫০", 12500.5),
        ("Tk. 5,000/-", 5000.0),
        ("TK 5000", 5000.0),
        ("১২০০০ টাকা", 12000.0),
        ("১০,০০০/= টাকা মাত্র", 10000.0),
        ("৫০ লক্ষ", 5_000_000.0),
        ("১.৫ কোটি", 15_000_000.0),
        ("2 lakh", 200_000.0),
    ],
)
def test_parse_decimal(value: object, expected: float) -> None:
    assert parse_decimal(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["", "টাকা", "abc", "12,5", float("inf"), False])
def test_parse_decimal_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_decimal(value)


@pytest.mark.parametrize(
    "value",
    [
        "২৩.০৯.০৪",
        "23/09/2004",
        "23-09-2004",
        "2004-09-23",
        "23.9.2004",
        "23 Sep 2004",
        "23 SEPT. 2004",
        "23 September 2004",
        "23-Sep-04",
        "২৩ সেপ্টেম্বর ২০০৪",
        "২৩ সেপ্টেমবর, ২০০৪",
        "২৩.০৯.২০০৪ ইং",
        "২৩/০৯/২০০৪ খ্রি:",
        "২৩/০৯/২০০৪ খ্রিঃ",
        "২৩ সেপ্টেম্বর ২০০৪ খ্রিষ্টাব্দ",
        "2004-09-23 00:00:00",
        "September 23, 2004",
        38253,
        38253.75,
        "38253",
        date(2004, 9, 23),
        datetime(2004, 9, 23, 10, 30),
    ],
)
def test_parse_date_forms(value: object) -> None:
    assert parse_date(value, today=TODAY) == date(2004, 9, 23)


def test_month_key_in_bangla() -> None:
    assert bangla.format_month_key_bn("2021-01") == "জানুয়ারি/২০২১"
    assert bangla.format_month_key_bn("2020-12", ", ") == "ডিসেম্বর, ২০২০"
    for month in range(1, 13):
        key = f"2021-{month:02d}"
        assert bangla.format_month_key_bn(key) == format_month_bn(2021, month)


def test_two_digit_years_pivot_on_the_bangladesh_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """00:30 on 1 January 2027 in Dhaka is still 31 December 2026 on a UTC clock: "27" is
    this year in Bangladesh, not 1927."""
    from datetime import UTC

    from ngocoord import periods

    monkeypatch.setattr(periods, "now", lambda: datetime(2026, 12, 31, 18, 30, tzinfo=UTC))
    assert parse_date("01.01.27") == date(2027, 1, 1)
    assert parse_date("১ জানুয়ারি ২৭") == date(2027, 1, 1)
    assert parse_month("Jan-27") == (2027, 1)
    assert bangla.parse_month_arg("জানুয়ারি/২৭") == "2027-01"
    monkeypatch.setattr(periods, "now", lambda: datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    assert parse_date("01.01.27") == date(1927, 1, 1)  # 23:30 in Dhaka: still 2026


def test_parse_date_two_digit_years_pivot_on_today() -> None:
    assert parse_date("01.01.99", today=TODAY) == date(1999, 1, 1)
    assert parse_date("01.01.25", today=TODAY) == date(2025, 1, 1)
    assert parse_date("01.01.26", today=TODAY) == date(1926, 1, 1)
    assert parse_date("০১.০১.২৬", today=date(2026, 1, 1)) == date(2026, 1, 1)


def test_parse_date_is_day_first() -> None:
    assert parse_date("03/04/2021") == date(2021, 4, 3)


def test_parse_date_excel_serials() -> None:
    assert parse_date(1) == date(1900, 1, 1)
    assert parse_date(59) == date(1900, 2, 28)
    assert parse_date(61) == date(1900, 3, 1)
    assert parse_date(44197) == date(2021, 1, 1)


def test_parse_date_month_with_precomposed_ya() -> None:
    text = "১০ ফেব্রু" + PRECOMPOSED_YA + "ারি ২০২১"
    assert unicodedata.normalize("NFC", text) != text
    assert parse_date(text) == date(2021, 2, 10)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("৩১.০২.২০২০", "impossible date"),
        ("31/02/2020", "impossible date"),
        ("2020-13-01", "impossible date"),
        ("yesterday", "not a date"),
        ("23/09", "not a date"),
        ("", "empty"),
        ("23 Foo 2004", "not a date"),
        ("01.01.1850", "year out of range"),
        (60, "non-existent"),
        (-5, "not an Excel date"),
        (True, "not a date"),
    ],
)
def test_parse_date_rejects(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(value, today=TODAY)


@pytest.mark.parametrize(
    "value",
    ["১৯৯৬", "1996", "১৯৯৬ সাল থেকে", "১৯৯৬ সালে", 1996, 1996.0, "since 1996", "12/05/1996"],
)
def test_parse_year(value: object) -> None:
    assert parse_year(value) == 1996


def test_parse_year_from_date_cell() -> None:
    assert parse_year(date(1996, 5, 12)) == 1996


@pytest.mark.parametrize("value", ["1850", 2150, "abc", "", 1996.5, "১৯৯৬ সালের পর ১০ বছর"])
def test_parse_year_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_year(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01712345678", "01712345678"),
        ("০১৭১২৩৪৫৬৭৮", "01712345678"),
        ("০১৭১২-৩৪৫৬৭৮", "01712345678"),
        ("01712 345 678", "01712345678"),
        ("+8801712345678", "01712345678"),
        ("+88 01712-345678", "01712345678"),
        ("8801712345678", "01712345678"),
        ("008801712345678", "01712345678"),
        ("1712345678", "01712345678"),
        (1712345678, "01712345678"),
        (1712345678.0, "01712345678"),
        (8801912345678, "01912345678"),
        ("01312345678", "01312345678"),
        ("০৫৩১-৬৫০০১", "0531-65001"),
        ("0531 65001", "0531-65001"),
        ("+88 0531-65001", "0531-65001"),
        ("02-9123456", "02-9123456"),
        ("053165001", "053165001"),
    ],
)
def test_parse_mobile(value: object, expected: str) -> None:
    assert parse_mobile(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("01212345678", "begins 012, which is no operator's; mobiles begin 013 to 019"),
        ("০১১১২৩৪৫৬৭৮", "begins 011, which is no operator's"),
        ("0171234567", "has 10 digits, a mobile 11"),
        ("017123456789", "has 12 digits, a mobile 11"),
        ("12345", "not a phone number"),
        ("0171234567x", "not a phone number"),
        ("01712345678, 01812345678", "not a phone number"),
        ("", "empty"),
        (1712345678.5, "not a phone number"),
    ],
)
def test_parse_mobile_rejects(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_mobile(value)


def test_months_bn_spelling() -> None:
    assert MONTHS_BN[0] == "জানুয়ারি"
    assert MONTHS_BN[8] == "সেপ্টেম্বর"
    assert all(unicodedata.normalize("NFC", m) == m for m in MONTHS_BN)
    assert len(MONTHS_BN) == 12


@pytest.mark.parametrize(
    "value",
    [
        "2021-01",
        "২০২১-০১",
        "01/2021",
        "1/2021",
        "জানুয়ারি/২০২১",
        "জানুয়ারি, ২০২১",
        "জানুয়ারি ২০২১",
        "জানুয়ারী ২০২১",
        "জানু" + PRECOMPOSED_YA + "ারি ২০২১",
        "January 2021",
        "JANUARY, 2021",
        "Jan-21",
        "Jan 2021",
        "Jan'21",
        datetime(2021, 1, 15),
        44197,
    ],
)
def test_parse_month_january(value: object) -> None:
    assert parse_month(value, today=TODAY) == (2021, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ফেব্রুয়ারী ২০২১", (2021, 2)),
        ("আগষ্ট/২০২২", (2022, 8)),
        ("আগস্ট ২০২২", (2022, 8)),
        ("সেপ্টেমবর, ২০২৩", (2023, 9)),
        ("সেপ্টেম্বর ২০২৩", (2023, 9)),
        ("Sept 2023", (2023, 9)),
        ("ডিসেম্বর/২০২০", (2020, 12)),
        ("মে ২০২৪", (2024, 5)),
    ],
)
def test_parse_month_variants(value: str, expected: tuple[int, int]) -> None:
    assert parse_month(value, today=TODAY) == expected


@pytest.mark.parametrize("value", ["13/2021", "2021-00", "Foo 2021", "", "জানুয়ারি", "বৈশাখ ১৪৩০"])
def test_parse_month_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_month(value, today=TODAY)


def test_every_month_round_trips() -> None:
    for month in range(1, 13):
        assert parse_month(format_month_bn(2021, month)) == (2021, month)
        assert parse_month(format_month_bn(2021, month, sep=", ")) == (2021, month)


def test_format_month_and_date() -> None:
    assert format_month_bn(2021, 1) == "জানুয়ারি/২০২১"
    assert format_month_bn(2021, 1, sep=", ") == "জানুয়ারি, ২০২১"
    assert format_date_bn(date(2021, 2, 10)) == "১০ ফেব্রুয়ারি, ২০২১"
    assert format_date_bn(date(2004, 9, 3)) == "৩ সেপ্টেম্বর, ২০০৪"
    with pytest.raises(ValueError):
        format_month_bn(2021, 13)


def test_format_date_parses_back() -> None:
    d = date(2021, 2, 10)
    assert parse_date(format_date_bn(d)) == d
