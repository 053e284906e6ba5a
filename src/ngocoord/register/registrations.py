"""NGO registrations with government authorities, as offices write them.

Seed 003 writes `সাত-২৭৮/৯৯` (Social Services: district prefix, number, year) and
`১৯৬৩/২৩.০৯.০৪` (NGO Affairs Bureau: number/date). A cell may hold several, each with
its authority named before a colon.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ngocoord.bangla import parse_date, to_bengali_digits, to_latin_digits
from ngocoord.errors import ParseError

AUTHORITIES: dict[str, str] = {
    "NGOAB": "এনজিও বিষয়ক ব্যুরো",
    "DSS": "সমাজসেবা অধিদপ্তর",
    "DWA": "মহিলা বিষয়ক অধিদপ্তর",
    "RJSC": "যৌথ মূলধন কোম্পানি ও ফার্মসমূহের পরিদপ্তর",
    "MRA": "মাইক্রোক্রেডিট রেগুলেটরি অথরিটি",
    "OTHER": "অন্যান্য",
}

_LABELS: dict[str, list[str]] = {
    "NGOAB": [
        "এনজিও বিষয়ক ব্যুরো",
        "এনজিও ব্যুরো",
        "ব্যুরো",
        "ngoab",
        "ngo affairs bureau",
        "ngo bureau",
    ],
    "DSS": ["সমাজসেবা অধিদপ্তর", "সমাজসেবা", "সমাজ সেবা", "সামজসেবা অধিদপ্তর", "dss", "social services"],
    "DWA": ["মহিলা বিষয়ক অধিদপ্তর", "মহিলা বিষয়ক", "dwa", "women affairs"],
    "RJSC": ["যৌথ মূলধন কোম্পানি", "যৌথ মূলধন", "rjsc", "joint stock"],
    "MRA": ["এমআরএ", "mra", "microcredit regulatory authority"],
}


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("-", " ").split())


_LABEL_KEYS = sorted(
    ((_fold(label), code) for code, labels in _LABELS.items() for label in labels),
    key=lambda item: -len(item[0]),
)


# Compiled once: a national roster has a hundred thousand registration cells.
_NUMBER_LABEL = re.compile(r"^(?:নং|নম্বর|no\.?|number)\s*[:ঃ.-]?\s*", re.IGNORECASE)
_YEAR = re.compile(r"\d{2}|\d{4}")
_DIGIT = re.compile(r"\d")
_PARTS = re.compile(r"[;\n]+")
_LABELLED = re.compile(r"^([^:ঃ\d]+)[:ঃ]\s*(.+)$")


@dataclass(frozen=True)
class Reg:
    authority: str
    number: str
    reg_date: date | None = None
    reg_year: int | None = None

    def display(self) -> str:
        """As the office writes it, in Bengali digits: ১৯৬৩/২৩.০৯.০৪."""
        text = self.number
        if self.reg_date is not None:
            text += "/" + self.reg_date.strftime("%d.%m.%y")
        elif self.reg_year is not None:
            text += f"/{self.reg_year % 100:02d}"
        return to_bengali_digits(text)


def authority_of(label: str) -> str | None:
    folded = _fold(label).rstrip(":ঃ ").replace("নিবন্ধন", "").replace("registration", "").strip()
    for key, code in _LABEL_KEYS:
        if folded.startswith(key):
            return code
    return None


def parse_one(text: str, authority: str) -> Reg:
    """One registration `number[/date-or-year]`; ParseError if the number is missing."""
    text = to_latin_digits(unicodedata.normalize("NFC", text)).strip().rstrip("।.;,")
    text = _NUMBER_LABEL.sub("", text)
    number, reg_date, reg_year = text, None, None
    if "/" in text:
        head, tail = text.rsplit("/", 1)
        tail = tail.strip()
        if _YEAR.fullmatch(tail) and head.strip():
            number = head.strip()
            value = int(tail)
            reg_year = value if value >= 100 else (2000 + value if value <= 40 else 1900 + value)
        elif head.strip():
            try:
                reg_date = parse_date(tail)
                number = head.strip()
            except ValueError:
                number = text
    number = " ".join(number.split())
    if not number or not _DIGIT.search(number):
        raise ParseError(f"{text!r} has no registration number")
    return Reg(authority, number, reg_date, reg_year)


def parse_cell(text: str, default_authority: str) -> list[Reg]:
    """Every registration in a cell: `১৯৬৩/২৩.০৯.০৪` or `MRA: 00452; সমাজসেবা: দিনা-২৭৮/৯৯`."""
    regs = []
    for part in _PARTS.split(str(text)):
        part = part.strip()
        if not part:
            continue
        authority = default_authority
        match = _LABELLED.match(part)
        if match:
            found = authority_of(match.group(1))
            if found is not None:
                authority, part = found, match.group(2)
        regs.append(parse_one(part, authority))
    return regs
