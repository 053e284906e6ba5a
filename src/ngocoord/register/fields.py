"""The roster's fields: what their headers say (read by meaning, `ngocoord.meaning`), and how
each cell becomes a value (the message of a ValueError says what to write instead)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ngocoord import names
from ngocoord.bangla import parse_date, parse_mobile, parse_year
from ngocoord.emails import is_email
from ngocoord.errors import ParseError
from ngocoord.register.lookup import CODE_RE
from ngocoord.register.membership import Span, wrong
from ngocoord.register.registrations import Reg, parse_cell

# Each field and what its header says, in phrases (Bangla and English): a header means the
# field whose phrase it covers best, whatever its spelling, endings, units or order of words
# (`ngocoord.meaning`). The first phrase names the field in messages. "=" fits a header that
# says only that; "~" weighs little, so that a more telling word decides.
FIELDS: dict[str, list[str]] = {
    "code": ["এনজিও কোড", "NGO Code", "NGO ID"],
    "serial": ["ক্রমিক নং", "SL No", "No"],
    "name_bn": ["সংস্থার নাম", "এনজিওর নাম", "নাম", "=সংস্থা", "=প্রতিষ্ঠান", "বাংলা নাম", "=এনজিও"],
    "name_en": ["Name (English)", "English Name"],
    "head_name": ["প্রধান নির্বাহীর নাম", "সংস্থা প্রধানের নাম", "~প্রধান নির্বাহী", "Head of NGO"],
    "head_designation": ["পদবি", "Designation"],
    "mobile": ["মোবাইল নম্বর", "Mobile"],
    "email": ["ই-মেইল", "Email"],
    "address": ["ঠিকানা", "Address"],
    "website": ["ওয়েবসাইট", "Website"],
    "areas": ["কর্ম এলাকা (উপজেলা)", "উপজেলা", "Working Area", "এলাকা"],
    "sectors": ["কার্যক্রমের ধরন", "কাজের ধরন", "কার্যক্রম", "সেক্টর", "Type of Activities"],
    "start_year": ["জেলায় কাজের শুরু (সাল)", "শুরু", "Start Year", "কাজের শুরু"],
    "reg_ngoab": ["এনজিও বিষয়ক ব্যুরো নিবন্ধন নং/তারিখ", "ব্যুরো", "NGOAB Registration"],
    "reg_dss": ["সমাজসেবা নিবন্ধন নং", "সমাজসেবা", "DSS Registration"],
    "reg_dwa": ["মহিলা বিষয়ক অধিদপ্তর নিবন্ধন", "মহিলা বিষয়ক", "DWA Registration"],
    "reg_rjsc": ["যৌথ মূলধন কোম্পানি নিবন্ধন", "যৌথ মূলধন", "RJSC Registration"],
    "reg_mra": ["এমআরএ সনদ নং", "এমআরএ", "MRA Licence"],
    "reg_other": ["অন্যান্য নিবন্ধন", "নিবন্ধন", "Registration"],
    "joined": ["তালিকাভুক্তির তারিখ", "তালিকাভুক্তি", "Date Joined"],
    "periods": ["তালিকায় থাকার সময়কাল", "=Membership periods", "=List periods"],
    "projects": ["প্রকল্পসমূহ", "Projects"],
    "notes": ["মন্তব্য", "Remarks"],
}

# Fields a header may be mapped to, with their names in Bangla and English (`columns fields`).
LABELS: dict[str, tuple[str, str]] = {
    "code": ("এনজিও কোড", "NGO code"),
    "serial": ("ক্রমিক নং (রাখা হয় না)", "serial number (not stored)"),
    "name_bn": ("সংস্থার নাম (বাংলা)", "name in Bangla"),
    "name_en": ("সংস্থার নাম (ইংরেজি)", "name in English"),
    "head_name": ("প্রধান নির্বাহীর নাম", "head of the NGO"),
    "head_designation": ("প্রধান নির্বাহীর পদবি", "head's designation"),
    "mobile": ("মোবাইল নম্বর", "mobile"),
    "email": ("ই-মেইল", "e-mail"),
    "address": ("ঠিকানা", "address"),
    "website": ("ওয়েবসাইট", "website"),
    "areas": ("কর্ম এলাকা (উপজেলা)", "working area (upazilas)"),
    "sectors": ("কার্যক্রমের ধরন", "sectors"),
    "start_year": ("জেলায় কাজের শুরু (সাল)", "year work began in the district"),
    "reg_ngoab": ("এনজিও বিষয়ক ব্যুরো নিবন্ধন", "NGO Affairs Bureau registration"),
    "reg_dss": ("সমাজসেবা অধিদপ্তর নিবন্ধন", "Social Services registration"),
    "reg_dwa": ("মহিলা বিষয়ক অধিদপ্তর নিবন্ধন", "Women Affairs registration"),
    "reg_rjsc": ("যৌথ মূলধন কোম্পানি নিবন্ধন", "RJSC registration"),
    "reg_mra": ("এমআরএ সনদ", "MRA licence"),
    "reg_other": ("অন্যান্য নিবন্ধন", "other registration"),
    "joined": ("তালিকাভুক্তির তারিখ", "date joined the list"),
    "periods": ("তালিকায় থাকার সময়কাল", "periods on the list (from–to; from–to)"),
    "projects": ("প্রকল্পসমূহ", "projects"),
    "notes": ("মন্তব্য", "notes"),
}

REG_FIELDS = {
    "reg_ngoab": "NGOAB",
    "reg_dss": "DSS",
    "reg_dwa": "DWA",
    "reg_rjsc": "RJSC",
    "reg_mra": "MRA",
    "reg_other": "OTHER",
}

# The NGO's own columns, in the order they are shown and compared.
SCALARS = (
    "name_bn",
    "name_en",
    "head_name",
    "head_designation",
    "mobile",
    "email",
    "address",
    "website",
    "start_year",
    "sectors",
    "projects",
    "notes",
)

_PHONE_SEPARATORS = re.compile(r"[,;/\n]+")
_EMAIL_SEPARATORS = re.compile(r"[,;\s]+")
_LIST_SEPARATORS = re.compile(r"[,;।\n]+")


def clean_text(value: Any) -> str:
    """The text with its whitespace collapsed; the cell's own string when it already is (a
    big roster's names and addresses are then held once, not once per copy)."""
    text = str(value)
    cleaned = " ".join(text.split())
    return text if cleaned == text else cleaned


def parse_code(value: Any) -> str:
    code = clean_text(value).upper()
    if not CODE_RE.match(code):
        raise ValueError(
            "a code is 2–16 Latin letters, digits, - or _, starting with a letter (e.g. MBSK)"
        )
    return code


def parse_mobiles(value: Any) -> str:
    """One or more numbers in a cell; a number cell (Excel dropped the 0) is one mobile."""
    if isinstance(value, int | float):
        return parse_mobile(value)
    text = str(value)
    if not _PHONE_SEPARATORS.search(text):  # one number, as nearly every cell is
        return parse_mobile(text) if text.strip() else ""
    parts = [p for p in _PHONE_SEPARATORS.split(text) if p.strip()]
    return ", ".join(parse_mobile(p) for p in parts)


def parse_email(value: Any) -> str:
    emails = [e.strip() for e in _EMAIL_SEPARATORS.split(str(value)) if e.strip()]
    for e in emails:
        if not is_email(e):
            raise ValueError(f"{e!r} is not an e-mail address")
    return ", ".join(emails)


def parse_list(value: Any) -> str:
    """Sectors or projects: separated by commas, semicolons, । or new lines; kept as written."""
    items = [clean_text(p) for p in _LIST_SEPARATORS.split(str(value))]
    return "; ".join(i for i in items if i)


# How each scalar cell becomes a value; the message says what to write instead.
PARSERS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "name_bn": (clean_text, ""),
    "name_en": (clean_text, ""),
    "head_name": (clean_text, ""),
    "head_designation": (clean_text, ""),
    "mobile": (parse_mobiles, "write an 11-digit mobile like ০১৭১২৩৪৫৬৭৮"),
    "email": (parse_email, "write an address like name@example.org"),
    "address": (clean_text, ""),
    "website": (clean_text, ""),
    "start_year": (parse_year, "write a year like ১৯৯৬"),
    "sectors": (parse_list, ""),
    "projects": (parse_list, ""),
    "notes": (clean_text, ""),
}


def parse_scalar(name: str, value: Any) -> Any:
    """Parse one field; the ParseError names what is wrong and what to write."""
    parser, advice = PARSERS[name]
    try:
        return parser(value)
    except ValueError as exc:
        raise ParseError(f"{exc}; {advice}" if advice else str(exc)) from exc


def parse_registrations(
    name: str, value: Any, dates: dict[str, date | None] | None = None
) -> list[Reg]:
    """A registration column's cell; `dates` as for registrations.parse_one."""
    try:
        return parse_cell(str(value), REG_FIELDS[name], dates)
    except ValueError as exc:
        raise ParseError(f"{exc}; write number/date like ১৯৬৩/২৩.০৯.০৪") from exc


# Between the two dates of a period: an en or em dash, or " - " / " to " with spaces around.
_PERIOD_DASH = re.compile(r"\s*(?:–|—|\s-\s|\sto\s)\s*")

Period = tuple[date | None, date | None]  # (from, to); None: before tracking began / still on


def parse_periods(value: Any) -> list[Period]:
    """Membership periods as `ngo export` writes them: `2019-07-01–2021-03-31; 2021-06-01–`
    (nothing before the dash: on the list since before tracking began; after it: still on)."""
    periods: list[Period] = []
    for part in str(value).split(";"):
        if not part.strip():
            continue
        pieces = _PERIOD_DASH.split(f" {part.strip()} ")
        if len(pieces) != 2:
            raise ValueError(f"{part.strip()!r} is not from–to; write 2019-07-01–2021-03-31")
        start, end = (parse_date(p) if p.strip() else None for p in pieces)
        if start is not None and end is not None and end <= start:
            raise ValueError(f"{part.strip()!r} ends before it starts")
        periods.append((start, end))
    overlap = wrong([Span(*p) for p in periods])
    if overlap is not None:
        raise ValueError(f"{overlap}; each period must end before the next begins")
    return periods


def periods_text(periods: list[Period]) -> str:
    """The cell parse_periods reads back."""
    return "; ".join(
        f"{s.isoformat() if s else ''}–{e.isoformat() if e else ''}" for s, e in periods
    )


def key_of(name_bn: str | None, name_en: str | None) -> str:
    return names.name_key(name_bn or name_en or "")
