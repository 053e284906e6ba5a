"""The roster's fields: the header aliases a roster sheet may use, and how each cell becomes a
value (the message of a ValueError says what to write instead)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ngocoord import names
from ngocoord.bangla import parse_mobile, parse_year
from ngocoord.emails import is_email
from ngocoord.register.lookup import CODE_RE
from ngocoord.register.registrations import Reg, parse_cell

# Canonical field -> header aliases (Bangla and English) accepted in roster sheets.
FIELDS: dict[str, list[str]] = {
    "code": ["সংস্থার কোড", "এনজিও কোড", "কোড", "Code", "NGO Code", "NGO ID"],
    "serial": ["ক্রমিক নং", "ক্র: নং", "ক্রঃ নং", "ক্রমিক", "ক্র নং", "SL", "SL No", "Serial"],
    "name_bn": [
        "সংস্থার নাম",
        "এনজিওর নাম",
        "এনজিও এর নাম",
        "প্রতিষ্ঠানের নাম",
        "সংস্থার নাম (বাংলা)",
        "Name (Bangla)",
        "NGO Name (Bangla)",
    ],
    "name_en": [
        "Name of NGO",
        "NGO Name",
        "Name of the NGO",
        "Name of Organization",
        "Name of Organisation",
        "Organization",
        "Organisation",
        "English Name",
        "Name (English)",
        "সংস্থার নাম (ইংরেজি)",
    ],
    "head_name": [
        "প্রধান নির্বাহীর নাম",
        "সংস্থা প্রধানের নাম",
        "নির্বাহী পরিচালকের নাম",
        "প্রধানের নাম",
        "Head of NGO",
        "Name of Head",
        "Chief Executive",
        "Executive Director",
    ],
    "head_designation": ["পদবি", "পদবী", "Designation"],
    "mobile": [
        "মোবাইল নম্বর",
        "মোবাইল নং",
        "মোবাইল",
        "ফোন নম্বর",
        "ফোন",
        "Mobile",
        "Mobile No",
        "Phone",
    ],
    "email": ["ই-মেইল", "ইমেইল", "ই মেইল", "Email", "E-mail", "Email Address"],
    "address": ["ঠিকানা", "অফিসের ঠিকানা", "Address", "Office Address"],
    "website": ["ওয়েবসাইট", "ওয়েব সাইট", "Website", "Web"],
    "areas": [
        "কর্ম এলাকা (উপজেলা)",
        "কর্ম এলাকা",
        "কর্মএলাকা",
        "কার্যএলাকা",
        "কাজের এলাকা",
        "উপজেলা",
        "Working Area",
        "Working Areas",
        "Upazila",
        "Upazilas",
    ],
    "sectors": [
        "কার্যক্রমের ধরন",
        "কার্যক্রমের ধরণ",
        "কাজের ধরন",
        "কার্যক্রম",
        "সেক্টর",
        "Sector",
        "Sectors",
        "Type of Activities",
        "Activities",
    ],
    "start_year": [
        "জেলায় কাজের শুরু (সাল)",
        "জেলায় কাজের শুরু",
        "কাজের শুরু",
        "শুরুর সাল",
        "Start Year",
        "Working Since",
        "Year Started",
    ],
    "reg_ngoab": [
        "এনজিও বিষয়ক ব্যুরো নিবন্ধন নং/তারিখ",
        "এনজিও বিষয়ক ব্যুরো নিবন্ধন নং",
        "এনজিও বিষয়ক ব্যুরো নিবন্ধন",
        "এনজিও ব্যুরো নিবন্ধন",
        "NGOAB Registration",
        "NGOAB Reg No",
        "NGO Affairs Bureau Registration",
    ],
    "reg_dss": [
        "সমাজসেবা নিবন্ধন নং",
        "সমাজসেবা নিবন্ধন",
        "সমাজসেবা অধিদপ্তর নিবন্ধন",
        "DSS Registration",
        "Social Services Registration",
    ],
    "reg_dwa": ["মহিলা বিষয়ক অধিদপ্তর নিবন্ধন", "মহিলা বিষয়ক নিবন্ধন", "DWA Registration"],
    "reg_rjsc": ["যৌথ মূলধন কোম্পানি নিবন্ধন", "RJSC Registration"],
    "reg_mra": ["এমআরএ সনদ নং", "এমআরএ নিবন্ধন", "MRA Licence", "MRA License", "MRA Registration"],
    "reg_other": ["অন্যান্য নিবন্ধন", "নিবন্ধন", "নিবন্ধন নং", "Registration", "Other Registration"],
    "joined": ["তালিকাভুক্তির তারিখ", "অন্তর্ভুক্তির তারিখ", "Joined", "Date Joined", "Joining Date"],
    "projects": ["প্রকল্পসমূহ", "প্রকল্প", "Projects", "Project"],
    "notes": ["মন্তব্য", "Remarks", "Notes", "Comment"],
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
    return " ".join(str(value).split())


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
    parts = [p for p in _PHONE_SEPARATORS.split(str(value)) if p.strip()]
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
    """Parse one field; ValueError names what is wrong and what to write."""
    parser, advice = PARSERS[name]
    try:
        return parser(value)
    except ValueError as exc:
        raise ValueError(f"{exc}; {advice}" if advice else str(exc)) from exc


def parse_registrations(name: str, value: Any) -> list[Reg]:
    try:
        return parse_cell(str(value), REG_FIELDS[name])
    except ValueError as exc:
        raise ValueError(f"{exc}; write number/date like ১৯৬৩/২৩.০৯.০৪") from exc


def key_of(name_bn: str | None, name_en: str | None) -> str:
    return names.name_key(name_bn or name_en or "")
