"""Bengali digits, numbers, dates, months and phone numbers as district clerks type them.

Registers arrive as Excel sheets that mix Bengali and Latin digits, write dates
day-first in half a dozen styles, and carry values Excel has mangled (12.0 for 12,
phone numbers stripped of their leading 0, dates as serial numbers).  Every cell
reader goes through this module so that the rules live in one place.  The
functions are pure (a two-digit year reads today's Bangladesh date from
`periods` unless given one); failures raise `errors.ParseError` (a ValueError) with a short English
reason that the caller wraps with the file/row/column it knows about
(`parse_month_arg`, for a month on the command line, raises Invalid itself).
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from ngocoord import periods
from ngocoord.errors import Invalid, ParseError

BN_DIGITS = "০১২৩৪৫৬৭৮৯"

MONTHS_BN = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_TO_LATIN = str.maketrans(BN_DIGITS, "0123456789")
_TO_BENGALI = str.maketrans("0123456789", BN_DIGITS)

# Applied to every text cell: Latin digits, no invisible characters, plain spaces.
_CLEAN = str.maketrans(
    {
        **{ord(b): ord(a) for b, a in zip(BN_DIGITS, "0123456789", strict=True)},
        **dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None),
        0x00A0: " ",
        0x2007: " ",
        0x202F: " ",
    }
)

# Folding for Bangla month names: long/short vowels, sibilants and hasanta vary by writer.
_BN_MONTH_FOLD = str.maketrans({"ী": "ি", "ূ": "ু", "ষ": "স", "শ": "স", "্": None, "ঃ": None})

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 onwards (Lotus 1900 leap-year bug)
_YEAR_MIN, _YEAR_MAX = 1900, 2100


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _clean(value: object) -> str:
    """NFC, Latin digits, zero-width characters removed, stripped."""
    return _nfc(str(value)).translate(_CLEAN).strip()


def to_latin_digits(text: str) -> str:
    """Bengali digits ০-৯ to 0-9, so Python can parse what clerks typed."""
    return text.translate(_TO_LATIN)


_ADDRESS = re.compile(r"(\S+@\S+\.\w+|(?:https?://|www\.)\S+)", re.IGNORECASE)


def bn_text(value: object) -> str:
    """Text as Bangla output prints it: spaces and line breaks made single spaces, Bengali
    digits except inside e-mail and web addresses; None → ""."""
    if value is None:
        return ""
    parts = _ADDRESS.split(" ".join(str(value).split()))
    return "".join(p if i % 2 else to_bengali_digits(p) for i, p in enumerate(parts))


def to_bengali_digits(value: object) -> str:
    """str(value) with 0-9 as ০-৯, for minutes and letters written in Bangla."""
    return str(value).translate(_TO_BENGALI)


def _as_float(value: int | float | Decimal, what: str) -> float:
    """A number cell as a finite float; a huge integer or a NaN is not one."""
    try:
        result = float(value)
    except (OverflowError, ValueError):
        raise ParseError(f"not {what}: {value!r}") from None
    if not math.isfinite(result):
        raise ParseError(f"not {what}: {value!r}")
    return result


def _is_bool(value: object) -> bool:
    # bool is an int subclass; a TRUE cell in a number column is a mistake, not 1.
    return isinstance(value, bool)


# ---------------------------------------------------------------- numbers

_COUNT_SUFFIX = re.compile(r"\s*(?:টি|টা|জন|খানা)?\s*।?$")
_GROUPED_INT = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:,\d{2})+,\d{3})(?:\.0+)?")
_GROUPED_DEC = re.compile(
    r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?:,\d{2})+,\d{3})(?:\.\d+)?|[+-]?\.\d+"
)
_MONEY_NOISE = re.compile(r"৳|\bbdt\b|\btk\b\.?|tk\.?(?=\s*\d)|টাকা|মাত্র|/-|/=|=/-|=$", re.I)
_MULTIPLIER = re.compile(r"^(.*?)\s*(লক্ষ|লাখ|lakhs?|lacs?|কোটি|crores?)$", re.I)
_MULTIPLIERS = {"লক্ষ": 100_000, "লাখ": 100_000, "কোটি": 10_000_000}


_MAX_DIGITS = 30  # more digits than any count or amount; Python refuses over 4,300 anyway


def parse_int(value: object) -> int:
    """A whole number from a cell: 12, 12.0, "১২", "১২,৩৪,৫৬৭", "12,345", "৫০ জন"."""
    if _is_bool(value):
        raise ParseError(f"not a number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if _as_float(value, "a whole number") != int(value):
            raise ParseError(f"not a whole number: {value!r}")
        return int(value)
    if value is None:
        raise ParseError("empty value")
    text = _clean(value)
    if not text:
        raise ParseError("empty value")
    number = _COUNT_SUFFIX.sub("", text).strip()
    if not _GROUPED_INT.fullmatch(number):
        if _GROUPED_DEC.fullmatch(number):
            raise ParseError(f"not a whole number: {text!r}")
        raise ParseError(f"not a number: {text!r}")
    digits = number.replace(",", "").split(".")[0]
    if len(digits.lstrip("+-")) > _MAX_DIGITS:
        raise ParseError(f"too large a number: {text[:40]!r}")
    return int(digits)


def parse_decimal(value: object) -> float:
    """An amount of money: "৳ ১২,৫০০.৫০", "Tk. 5,000/-", "১২০০০ টাকা", "১.৫ কোটি"."""
    if _is_bool(value):
        raise ParseError(f"not a number: {value!r}")
    if isinstance(value, int | float | Decimal):
        return _as_float(value, "a number")
    if value is None:
        raise ParseError("empty value")
    text = _clean(value)
    if not text:
        raise ParseError("empty value")
    number = _MONEY_NOISE.sub(" ", text).strip()
    factor = 1
    found = _MULTIPLIER.match(number)
    if found:
        word = found.group(2).casefold()
        factor = _MULTIPLIERS.get(word, 10_000_000 if word.startswith("cr") else 100_000)
        number = found.group(1).strip()
    number = number.replace(" ", "")
    if not _GROUPED_DEC.fullmatch(number):
        raise ParseError(f"not an amount: {text!r}")
    if len(number) > _MAX_DIGITS + 20:
        raise ParseError(f"too large an amount: {text[:40]!r}")
    return float(number.replace(",", "")) * factor


# ---------------------------------------------------------------- months

_EN_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(MONTHS_EN, start=1):
    _EN_MONTHS[_name.casefold()] = _i
    _EN_MONTHS[_name[:3].casefold()] = _i
_EN_MONTHS["sept"] = 9

_BN_MONTH_VARIANTS = (
    ("জানুয়ারী",),
    ("ফেব্রুয়ারী", "ফেব্রুয়ারি", "ফেবরুয়ারি"),
    ("মারচ",),
    ("এপ্রিল",),
    (),
    (),
    ("জুলায়",),
    ("আগষ্ট", "অগাস্ট", "অগস্ট", "আগস্টো"),
    ("সেপ্টেমবর", "সেপ্টেম্বার"),
    ("অক্টোবার",),
    ("নভেম্বার",),
    ("ডিসেম্বার",),
)


def _bn_month_key(text: str) -> str:
    return _nfc(text).translate(_CLEAN).translate(_BN_MONTH_FOLD)


_BN_MONTHS: dict[str, int] = {}
for _i, (_name, _variants) in enumerate(zip(MONTHS_BN, _BN_MONTH_VARIANTS, strict=True), 1):
    for _spelling in (_name, *_variants):
        _BN_MONTHS[_bn_month_key(_spelling)] = _i


def _month_number(word: str) -> int | None:
    word = word.strip(".").casefold()
    return _EN_MONTHS.get(word) or _BN_MONTHS.get(_bn_month_key(word))


def _full_year(year_text: str, today: date | None) -> int:
    """A two-digit year is in this century up to this year ("today": a Bangladesh date unless
    given), else in the last: in 2021, "21" is 2021 and "22" is 1922."""
    year = int(year_text)
    if len(year_text) == 2:
        pivot = (today or periods.today()).year % 100
        return 2000 + year if year <= pivot else 1900 + year
    return year


def _check_year(year: int, text: object) -> int:
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise ParseError(f"year out of range {_YEAR_MIN}-{_YEAR_MAX}: {text!r}")
    return year


_MONTH_WORD = r"([a-z]+|[\u0980-\u09ff]+)"
_YM = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")
_MY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{4})")
_NAME_Y = re.compile(_MONTH_WORD + r"\.?[\s\-/,.'’]*(\d{4}|\d{2})")
_Y_NAME = re.compile(r"(\d{4})[\s\-/,.]*" + _MONTH_WORD)


def parse_month(text: object, *, today: date | None = None) -> tuple[int, int]:
    """(year, month) of a reporting month: "2021-01", "জানুয়ারি/২০২১", "Jan-21", ..."""
    if _is_bool(text):
        raise ParseError(f"not a month: {text!r}")
    if isinstance(text, date | int | float):
        got = parse_date(text, today=today)
        return got.year, got.month
    if text is None:
        raise ParseError("empty value")
    s = _clean(text).casefold()
    if not s:
        raise ParseError("empty value")
    year = month = 0
    if m := _YM.fullmatch(s):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _MY.fullmatch(s):
        month, year = int(m.group(1)), int(m.group(2))
    elif (m := _NAME_Y.fullmatch(s)) and (number := _month_number(m.group(1))):
        month, year = number, _full_year(m.group(2), today)
    elif (m := _Y_NAME.fullmatch(s)) and (number := _month_number(m.group(2))):
        year, month = int(m.group(1)), number
    else:
        try:
            got = parse_date(s, today=today)
        except ValueError:
            raise ParseError(f"not a month: {text!r}") from None
        return got.year, got.month
    if not 1 <= month <= 12:
        raise ParseError(f"no such month: {text!r}")
    return _check_year(year, text), month


def parse_month_arg(text: str) -> str:
    """A month typed by the clerk (2021-01, জানুয়ারি/২০২১, Jan-21 …) as YYYY-MM."""
    try:
        year, month = parse_month(text)
    except ValueError as exc:
        raise Invalid(f"Cannot read the month {text!r}: {exc}.", "Write it like 2021-01.") from exc
    return f"{year:04d}-{month:02d}"


def format_month_bn(year: int, month: int, sep: str = "/") -> str:
    """ "জানুয়ারি/২০২১" (sep=", " gives "জানুয়ারি, ২০২১"), as minutes head a month."""
    if not 1 <= month <= 12:
        raise ValueError(f"no such month: {month}")
    return f"{MONTHS_BN[month - 1]}{sep}{to_bengali_digits(year)}"


def format_month_key_bn(month: str, sep: str = "/") -> str:
    """A register's month key "2021-01" as Bangla prints it: "জানুয়ারি/২০২১"."""
    year, _, number = month.partition("-")
    return format_month_bn(int(year), int(number[:2]), sep)


def format_date_bn(d: date) -> str:
    """ "১০ ফেব্রুয়ারি, ২০২১": the form used in Bangla letters and minutes."""
    return f"{to_bengali_digits(d.day)} {MONTHS_BN[d.month - 1]}, {to_bengali_digits(d.year)}"


# ---------------------------------------------------------------- dates

_DATE_SUFFIX = re.compile(
    r"[\s,.]*(?:ইংরেজি|ইং|খ্রিষ্টাব্দ|খ্রিস্টাব্দ|খ্রীষ্টাব্দ|খ্রীস্টাব্দ|খ্রি|খ্রী|খৃ|a\.?d)"
    r"[\s.:ঃ।]*$"
)
_TIME = r"(?:[t\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})" + _TIME)
_DMY = re.compile(r"(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})" + _TIME)
_D_NAME_Y = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[\s.,/-]*" + _MONTH_WORD + r"[\s.,/'’-]*(\d{4}|\d{2})"
)
_NAME_D_Y = re.compile(_MONTH_WORD + r"\.?\s*(\d{1,2})(?:st|nd|rd|th)?[\s,]+(\d{4})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


def _from_excel(serial: float) -> date:
    """Excel's 1900 date system: serial 1 is 1900-01-01 and 60 the fictitious 1900-02-29."""
    if not math.isfinite(serial) or serial < 1:
        raise ParseError(f"not an Excel date: {serial!r}")
    days = int(serial)
    if days == 60:
        raise ParseError("Excel serial 60 is the non-existent 29 February 1900")
    try:
        if days < 60:
            return date(1899, 12, 31) + timedelta(days=days)
        return _EXCEL_EPOCH + timedelta(days=days)
    except OverflowError:
        raise ParseError(f"not an Excel date: {serial!r}") from None


def _make_date(year: int, month: int, day: int, text: object) -> date:
    try:
        return date(_check_year(year, text), month, day)
    except ValueError as exc:
        if "year out of range" in str(exc):
            raise
        raise ParseError(f"impossible date: {text!r}") from None


def parse_date(value: object, *, today: date | None = None) -> date:
    """A date from a cell, always day-first as Bangladesh writes it (২৩.০৯.০৪ is 23 Sep 2004).

    Accepts date/datetime, Excel serial numbers, ISO text, d.m.y with . / or -,
    and day-month-name-year in English or Bangla, with an optional ইং / খ্রিঃ.
    """
    if _is_bool(value):
        raise ParseError(f"not a date: {value!r}")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float | Decimal):
        return _from_excel(_as_float(value, "a date"))
    if value is None:
        raise ParseError("empty value")
    s = _clean(value).casefold()
    if not s:
        raise ParseError("empty value")
    s = _DATE_SUFFIX.sub("", s).strip()
    if m := _ISO.fullmatch(s):
        return _make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)), value)
    if m := _DMY.fullmatch(s):
        year = _full_year(m.group(4), today)
        return _make_date(year, int(m.group(3)), int(m.group(1)), value)
    if (m := _D_NAME_Y.fullmatch(s)) and (month := _month_number(m.group(2))):
        return _make_date(_full_year(m.group(3), today), month, int(m.group(1)), value)
    if (m := _NAME_D_Y.fullmatch(s)) and (month := _month_number(m.group(1))):
        return _make_date(int(m.group(3)), month, int(m.group(2)), value)
    if _SERIAL.fullmatch(s):  # a serial number that went through CSV as text
        return _from_excel(float(s))
    raise ParseError(f"not a date (expected day first, e.g. 23.09.2004): {value!r}")


_YEAR_TEXT = re.compile(r"(?:since|from)?\s*(\d{4})\s*(.*)")
_YEAR_WORDS = frozenset(
    {
        "সাল",
        "সালে",
        "সালের",
        "সন",
        "সনে",
        "থেকে",
        "হতে",
        "হইতে",
        "ইং",
        "খ্রি",
        "খ্রী",
        "খ্রিষ্টাব্দ",
        "খ্রিস্টাব্দ",
        "খ্রীষ্টাব্দ",
        "onwards",
        "onward",
        "ad",
    }
)
_YEAR_PUNCT = re.compile(r"[\s.,:ঃ;()।-]+")


def parse_year(value: object) -> int:
    """A year such as an NGO's founding year: 1996, 1996.0, "১৯৯৬", "১৯৯৬ সাল থেকে"."""
    if _is_bool(value):
        raise ParseError(f"not a year: {value!r}")
    if isinstance(value, datetime | date):
        return _check_year(value.year, value)
    if isinstance(value, int | float | Decimal):
        try:
            year = parse_int(value)
        except ValueError:
            raise ParseError(f"not a year: {value!r}") from None
        return _check_year(year, value)
    if value is None:
        raise ParseError("empty value")
    s = _clean(value).casefold()
    if not s:
        raise ParseError("empty value")
    if m := _YEAR_TEXT.fullmatch(s):
        rest = [w for w in _YEAR_PUNCT.split(m.group(2)) if w]
        if all(w in _YEAR_WORDS for w in rest):
            return _check_year(int(m.group(1)), value)
    try:
        return parse_date(s).year
    except ValueError:
        raise ParseError(f"not a year: {value!r}") from None


# ---------------------------------------------------------------- phones

_PHONE_NOISE = re.compile(r"[\s\-.()]")
_MOBILE = re.compile(r"01[3-9][0-9]{8}")
_LANDLINE = re.compile(r"0[2-9]\d{6,9}")
_LANDLINE_WRITTEN = re.compile(r"(?:\+?88\s*-?\s*)?(0\d{1,4})\s*[-\s]\s*(\d{4,8})")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def parse_mobile(value: object) -> str:
    """A Bangladesh phone number: mobiles as 01XXXXXXXXX, land lines as written (0531-65001).

    Undoes what Excel and clerks do to numbers: +88/88 prefixes, spaces and dashes,
    Bengali digits, and the leading 0 lost when the cell was a number.
    """
    if _is_bool(value):
        raise ParseError(f"not a phone number: {value!r}")
    numeric = isinstance(value, int | float | Decimal)
    if isinstance(value, int | float | Decimal):
        try:
            text = str(parse_int(value))
        except ValueError:
            raise ParseError(f"not a phone number: {value!r}") from None
    elif value is None:
        raise ParseError("empty phone number")
    else:
        text = _clean(value)
        if _MOBILE.fullmatch(text):  # already as it should be, as most are
            return text
    if not text:
        raise ParseError("empty phone number")
    compact = _PHONE_NOISE.sub("", text)
    if compact.startswith("+"):
        compact = compact[1:]
    elif compact.startswith("00"):
        compact = compact[2:]
    if not _ASCII_DIGITS.fullmatch(compact):
        raise ParseError(f"not a phone number: {text!r}")
    if compact.startswith("88") and (
        compact[2:3] == "0" or (len(compact) == 12 and compact[2] == "1")
    ):
        compact = compact[2:]
    # Excel drops the leading 0 of a number typed into a numeric cell.
    if (len(compact) == 10 and compact[0] == "1") or (numeric and compact[0] != "0"):
        compact = "0" + compact
    if _MOBILE.fullmatch(compact):
        return compact
    if compact.startswith("01"):
        if len(compact) != 11:
            raise ParseError(
                f"not a valid mobile number: {text!r} has {len(compact)} digits, a mobile 11 "
                "(01XXXXXXXXX)"
            )
        raise ParseError(
            f"not a valid mobile number: {text!r} begins {compact[:3]}, which is no operator's; "
            "mobiles begin 013 to 019"
        )
    if _LANDLINE.fullmatch(compact):
        written = _LANDLINE_WRITTEN.fullmatch(text)
        if written and (written.group(1) + written.group(2)) == compact:
            return f"{written.group(1)}-{written.group(2)}"
        return compact
    raise ParseError(f"not a phone number: {text!r}")


# ---------------------------------------------------------------- the Bangla calendar

BANGLA_MONTHS = tuple(
    _nfc(m)
    for m in (
        "বৈশাখ",
        "জ্যৈষ্ঠ",
        "আষাঢ়",
        "শ্রাবণ",
        "ভাদ্র",
        "আশ্বিন",
        "কার্তিক",
        "অগ্রহায়ণ",
        "পৌষ",
        "মাঘ",
        "ফাল্গুন",
        "চৈত্র",
    )
)
_FALGUN = 10  # index of ফাল্গুন in BANGLA_MONTHS


def _bangla_month_lengths(falgun_leap: bool) -> tuple[int, ...]:
    """Bangla Academy calendar, revised 2019 (in use from 1426): 6 × 31, 4 × 30, ফাল্গুন
    29 (30 when that February is in a Gregorian leap year), চৈত্র 30."""
    return (31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30 if falgun_leap else 29, 30)


def bangabda(d: date) -> tuple[int, str, int]:
    """(year, month name, day) of a date in the Bangla calendar as Bangladesh uses it.

    The year starts on 14 April (পহেলা বৈশাখ): 14 April 2021 is ১ বৈশাখ ১৪২৮.
    """
    start_year = d.year if (d.month, d.day) >= (4, 14) else d.year - 1
    offset = (d - date(start_year, 4, 14)).days
    february_year = start_year + 1
    leap = february_year % 4 == 0 and (february_year % 100 != 0 or february_year % 400 == 0)
    for index, length in enumerate(_bangla_month_lengths(leap)):
        if offset < length:
            return start_year - 593, BANGLA_MONTHS[index], offset + 1
        offset -= length
    raise AssertionError("a Bangla year has as many days as the Gregorian year it spans")


def format_date_bangabda(d: date) -> str:
    """ "১৫ মাঘ ১৪২৭ বঙ্গাব্দ": the Bangla-calendar half of a government letter's date."""
    year, month, day = bangabda(d)
    return f"{to_bengali_digits(day)} {month} {to_bengali_digits(year)} বঙ্গাব্দ"


def format_date_christian(d: date) -> str:
    """ "২৯ জানুয়ারি ২০২১ খ্রিষ্টাব্দ": the Gregorian half of a government letter's date."""
    return (
        f"{to_bengali_digits(d.day)} {MONTHS_BN[d.month - 1]} {to_bengali_digits(d.year)} খ্রিষ্টাব্দ"
    )


# ---------------------------------------------------------------- times and amounts

_DAY_PARTS = (  # (from hour, word): each part runs until the next one starts
    (0, "রাত"),
    (4, "ভোর"),
    (6, "সকাল"),
    (12, "দুপুর"),
    (15, "বিকাল"),
    (18, "সন্ধ্যা"),
    (20, "রাত"),
)


def format_time_bn(hour: int, minute: int) -> str:
    """ "বিকাল ৪:০০ ঘটিকা" for 16:00: part of the day, 12-hour clock, as minutes write times."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"not a time of day: {hour}:{minute}")
    part = next(word for start, word in reversed(_DAY_PARTS) if hour >= start)
    clock = hour % 12 or 12
    return f"{part} {to_bengali_digits(clock)}:{to_bengali_digits(f'{minute:02d}')} ঘটিকা"


def group_amount(number: int | float | Decimal, decimals: int | None = None) -> str:
    """Bangladeshi digit grouping in Bengali digits: 1234567 → "১২,৩৪,৫৬৭" (lakh, crore).

    Whole numbers are written without decimals unless `decimals` is given.
    """
    value = Decimal(str(number))
    if not value.is_finite():
        raise ValueError(f"not an amount: {number!r}")
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    groups = [whole[-3:]] if len(whole) > 3 else [whole]
    rest = whole[:-3] if len(whole) > 3 else ""
    while rest:
        groups.insert(0, rest[-2:])
        rest = rest[:-2]
    sign = "-" if value < 0 and any(c != "0" for c in text if c.isdigit()) else ""
    grouped = sign + ",".join(groups) + (f".{fraction}" if fraction else "")
    return to_bengali_digits(grouped)
