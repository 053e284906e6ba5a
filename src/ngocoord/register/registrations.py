"""NGO registrations with government authorities, as offices write them.

Seed 003 writes `সাত-২৭৮/৯৯` (Social Services: district prefix, number, year) and
`১৯৬৩/২৩.০৯.০৪` (NGO Affairs Bureau: number/date). A cell may hold several, each with its
authority named in any of the ways offices write it (`ngocoord.meaning.authority_at`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from ngocoord import meaning
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

# Compiled once: a national roster has a hundred thousand registration cells.
_NUMBER_LABEL = re.compile(r"^(?:নং|নম্বর|no\.?|number)\s*[:ঃ.-]?\s*", re.IGNORECASE)
_YEAR = re.compile(r"\d{2}|\d{4}")
_DIGIT = re.compile(r"\d")
# Several registrations in a cell: a comma, semicolon or line break between them, or the word
# "ও" (not the letter: এনজিও has it).
_PARTS = re.compile(r"[;,\n]+|\s+ও\s+")
_MAY_SPLIT = re.compile(r"[;,\n]|\sও\s")
_TRAILING_AUTHORITY = re.compile(r"^(.*?)\s*[(\[]([^()\[\]]+)[)\]]\s*$")


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
    """The authority a label names ("সমাজসেবা অধিদপ্তর", "NGOAB Reg. No."), else None."""
    found = meaning.authority_at(label)
    return found[0] if found is not None and not label[found[1] :].strip() else None


def _split_authority(part: str) -> tuple[str | None, str]:
    """(the authority the text names before or, in brackets, after its number; the rest)."""
    found = meaning.authority_at(part)
    if found is not None:
        return found[0], part[found[1] :]
    bracketed = _TRAILING_AUTHORITY.match(part)
    if bracketed:
        named = authority_of(bracketed.group(2))
        if named is not None:
            return named, bracketed.group(1)
    return None, part


def parse_one(text: str, authority: str, dates: dict[str, date | None] | None = None) -> Reg:
    """One registration `number[/date-or-year]`; ParseError if the number is missing. A
    roster's many cells pass `dates`, each date text's day (None: no date) as parsed once."""
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
            dates = {} if dates is None else dates
            reg_date = dates.get(tail, _UNSEEN)
            if reg_date is _UNSEEN:
                reg_date = dates[tail] = _date_or_none(tail)
            number = head.strip() if reg_date is not None else text
    number = " ".join(number.split())
    if not number or not _DIGIT.search(number):
        raise ParseError(f"{text!r} has no registration number")
    return Reg(authority, number, reg_date, reg_year)


def parse_cell(
    text: str, default_authority: str, dates: dict[str, date | None] | None = None
) -> list[Reg]:
    """Every registration in a cell: `১৯৬৩/২৩.০৯.০৪`, `MRA: 00452; সমাজসেবা: দিনা-২৭৮/৯৯`,
    `এনজিও বিষয়ক ব্যুরো-০৪৯৪/১২.০৩.৯১ ও সমাজসেবা ১২৩/৯৮`. One that names no authority is
    the column's (`default_authority`); `dates` as for parse_one."""
    regs = []
    text = str(text)
    parts = _PARTS.split(text) if _MAY_SPLIT.search(text) else [text]
    for part in parts:
        part = part.strip()
        if not part:
            continue
        # most cells are a bare number/date: no authority before a digit, none in brackets after
        bare = part[0].isdigit() and part[-1] not in ")]"
        authority, number = (None, part) if bare else _split_authority(part)
        regs.append(parse_one(number, authority or default_authority, dates))
    return regs


_UNSEEN: Any = object()


def _date_or_none(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None
