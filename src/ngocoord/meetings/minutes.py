"""What the minutes of a coordination meeting print, and the attendance sheet signed at it.

`context(session, meeting_id)` gathers every value `templates/minutes.*.j2` print, laid out
as seed 000 (the Dinajpur minutes of February 2021) writes them: the heading, the chair,
venue, date, time and month reviewed, the opening paragraph, the four-column table
(ক্র: নং | আলোচনা | সিদ্ধান্ত | বাস্তবায়ন) with decisions numbered ১.১, ১.২ … when an item
has several, the closing paragraph, the signature, the memo number and date in both
calendars and the distribution list (as in seed 002), and the two appendices: who attended
(পরিশিষ্ট-“ক”) and the NGOs on the list who did not (পরিশিষ্ট-“খ”).

`sheet_context(session, meeting_id)` is the attendance sheet printed for signing at the
meeting: one row per NGO on the list on the meeting day, then blank rows for officers.

Nothing here reads files or the clock: the same register gives the same document. Numbers in
the Bangla text are written in Bengali digits (a Latin digit typed into a text becomes
Bengali; e-mail and web addresses are left as they are). docs/minutes.md lists the values.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.bangla import (
    bn_text,
    format_date_bangabda,
    format_date_bn,
    format_date_christian,
    format_month_bn,
    format_month_key_bn,
    to_bengali_digits,
)
from ngocoord.documents.letterhead import memo_prefix, office_context
from ngocoord.documents.render import time_bn
from ngocoord.errors import Invalid
from ngocoord.meetings import meeting as meetings
from ngocoord.meetings import standard
from ngocoord.meetings.attendance import attendance, counted
from ngocoord.register import lookup
from ngocoord.register.lookup import CODE_RE, Lookup
from ngocoord.store import offices, settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Meeting, Office

APPENDIX_NOTE = "(সভায় উপস্থিতি পরিশিষ্ট-“ক”তে এবং অনুপস্থিতি-“খ”তে দেখানো হলো)"
TABLE_HEADER = ("ক্র: নং", "আলোচনা", "সিদ্ধান্ত", "বাস্তবায়ন")
DISTRIBUTION_TITLE = "বিতরণ (কার্যার্থে/জ্ঞাতার্থে):"
BLANK = "................"
SHEET_BLANK_ROWS = 10


def _full_stop(text: str) -> str:
    """A line of the header as the minutes end it: with the dari (।)."""
    text = text.strip()
    return text if not text or text.endswith(("।", ".", ":", "?", "!")) else f"{text}।"


def _time_text(hhmm: str | None) -> str:
    """The meeting's time as the templates' `time_bn` filter prints one ("বিকাল ৪:০০ ঘটিকা")."""

    return time_bn(hhmm) if hhmm else ""


def _default_opening(meeting: Meeting) -> str:
    reader = (
        f"{meeting.read_by} বিগত সভার সিদ্ধান্ত পাঠ করে শোনান। "
        if meeting.read_by
        else "বিগত সভার সিদ্ধান্ত পাঠ করে শোনানো হয়। "
    )
    confirmed = {
        "confirmed": "অতঃপর কোনরূপ সংশোধন না থাকায় বিগত সভার কার্যবিবরণী দৃঢ় করা হয়। ",
        "changed": (
            f"অতঃপর নিম্নরূপ সংশোধনসহ বিগত সভার কার্যবিবরণী দৃঢ় করা হয়: {meeting.previous_changes}। "
        ),
        "not_confirmed": "বিগত সভার কার্যবিবরণী দৃঢ় করা হয়নি। ",
    }.get(meeting.previous_minutes or "", "")
    return (
        "উপস্থিত সকল সদস্যকে শুভেচ্ছা জানিয়ে সভার কার্যক্রম শুরু করা হয়। "
        + reader
        + confirmed
        + "এরপর বিস্তারিত আলোচনা সাপেক্ষে নিম্নরূপ সিদ্ধান্ত গ্রহণ করা হয়।"
    )


DEFAULT_CLOSING = "সভায় আর কোন আলোচনা না থাকায় উপস্থিত সকল সদস্যকে ধন্যবাদ জানিয়ে সভার সমাপ্তি ঘোষণা করা হয়।"


# Where an implementers' line is cut into names, the cuts kept: a comma, the dari, a number
# ("১.", " ২."), or "ও"/"এবং" between two names.
_IMPLEMENTER_CUTS = re.compile(r"(\s*(?:[,;।\n]|(?:^|\s)[০-৯0-9]+\s*\.|\s+(?:ও|এবং|and)\s+)\s*)")


def implementers_bn(text: str, ngos: Lookup, upazilas: Iterable[Office], district: str) -> str:
    """The implementers as the Bangla minutes name them: an NGO written by its code by its
    name, an upazila written by its bare name by its office ("উপজেলা নির্বাহী অফিসার,
    পার্বতীপুর"), the rest as typed. A place after a comma that follows words of its own
    ("উপজেলা নির্বাহী অফিসার, চান্দিনা", "ব্র্যাক, চান্দিনা") or before the district
    ("…, পার্বতীপুর, দিনাজপুর") is where they are, and stays."""
    by_name = {n: o for o in upazilas for n in (o.name_bn, o.name_en.casefold())}
    parts = _IMPLEMENTER_CUTS.split(text)
    after_words = False  # the part before was typed words, not a code or a place
    for i in range(0, len(parts), 2):
        word = parts[i].strip()
        entry = ngos.code(word) if CODE_RE.match(word) else None
        office = by_name.get(word) or by_name.get(word.casefold())
        placed = (after_words and parts[i - 1].strip() == ",") or (
            i + 2 < len(parts) and parts[i + 2].strip() == district
        )
        if entry is not None:
            parts[i] = entry.label
        elif office is not None and not placed:
            parts[i] = offices.officer_title(office)
        after_words = bool(word) and entry is None and office is None
    return "".join(parts)


def _heading(area: str, meeting: Meeting) -> str:
    month = format_month_bn(meeting.held_on.year, meeting.held_on.month)
    return f"{area} এনজিও কর্মতৎপরতা সম্পর্কে {month} মাসের মাসিক সমন্বয় সভার কার্য বিবরণী:"


def _chair_and_time(meeting: Meeting) -> dict[str, Any]:
    """Who chaired, where and when: as the minutes' opening and the attendance sheet say it."""
    return {
        "chair": {
            "name": bn_text(meeting.chair_name),
            "designation": _full_stop(bn_text(meeting.chair_designation)),
        },
        "venue": _full_stop(bn_text(meeting.venue)),
        "date": format_date_bn(meeting.held_on),
        "time": _time_text(meeting.time),
    }


def context(session: Session, meeting_id: int) -> dict[str, Any]:
    """Everything the minutes of meeting `meeting_id` print (docs/minutes.md): as signed once
    finalised, else with the standard items worked out from the register as it stands."""
    meeting = meetings.get(session, meeting_id)
    signed = signed_context(meeting)
    if signed is not None:
        return signed
    values, doc, _ = meetings.live(session, meeting)
    present, absent = attendance(session, meeting)
    area, place = standard.where(session, meeting)
    office = office_context(session)

    ngos, upazilas = lookup.load(session), offices.upazila_offices(session).values()
    district = offices.home_district(session).bn

    def named(text: str) -> str:
        return implementers_bn(text, ngos, upazilas, district)

    items = []
    for item in doc.items:
        several = len(item.decisions) > 1
        column = named(item.implementers)
        own = [  # a decision's own implementers, unless the item's column names them already
            f"{to_bengali_digits(f'{item.number}.{d.seq}')} {named(d.implementers)}"
            for d in item.decisions
            if d.implementers and named(d.implementers) not in column
        ]
        items.append(
            {
                "number": to_bengali_digits(f"{item.number:02d}"),
                "discussion": bn_text(" ".join(item.discussion.split())),
                "lines": [bn_text(line) for line in item.discussion.splitlines() if line.strip()],
                "decisions": [
                    {
                        "number": to_bengali_digits(f"{item.number}.{d.seq}") if several else "",
                        "text": bn_text(d.text),
                    }
                    for d in item.decisions
                ],
                "implementers": bn_text(" ".join(filter(None, [column, *own]))),
            }
        )

    signatory = meeting.signatory_name or meeting.chair_name
    signature = {
        "name": bn_text(signatory),
        "designation": bn_text(meeting.signatory_designation or meeting.chair_designation),
        "is_chair": signatory == meeting.chair_name,
        "committee": bn_text(meeting.committee or settings.get(session, "committee.name")),
        "place": place,
        "phone": office["phone"],
        "email": office["email"],
    }
    prefix = memo_prefix(session)
    memo = {
        "number": bn_text(meeting.memo_no)
        if meeting.memo_no
        else (f"{prefix}.{BLANK}" if prefix else BLANK),
        "date": meeting.memo_date,
        "date_bangabda": format_date_bangabda(meeting.memo_date) if meeting.memo_date else BLANK,
        "date_ad": format_date_christian(meeting.memo_date) if meeting.memo_date else BLANK,
    }
    return {
        "meeting": values,  # the raw values (dates, "16:00", "2021-01"), for own templates
        "office": office,
        "heading": _heading(area, meeting),
        **_chair_and_time(meeting),
        "month_reviewed": format_month_key_bn(meeting.month_reviewed, ", "),
        "appendix_note": APPENDIX_NOTE,
        "opening": bn_text(doc.opening or _default_opening(meeting)),
        "table_header": list(TABLE_HEADER),
        "items": items,
        "closing": bn_text(doc.closing or DEFAULT_CLOSING),
        "signature": signature,
        "memo": memo,
        "reopened": (
            {
                "on": format_date_bn(periods.today(meeting.reopened_at)),
                "reason": bn_text(meeting.reopened_reason),
            }
            if meeting.reopened_at
            else None
        ),
        "distribution_title": DISTRIBUTION_TITLE,
        "distribution": [bn_text(line) for line in doc.distribution],
        "present": [
            {
                "name": bn_text(p.name),
                "designation": bn_text(p.designation),
                "organisation": bn_text(p.organisation),
                "ngo_code": p.ngo_code,
                "is_head": p.is_head,
            }
            for p in present
        ],
        "present_ngos": counted(present, absent)["ngos_present"],
        # as recorded, for `meeting show` and the attendance report once the minutes are signed
        "attendance": {
            "present": [dataclasses.asdict(p) for p in present],
            "absent": [dataclasses.asdict(n) for n in absent],
        },
        "absent": [
            {
                "code": n.code,
                "name": bn_text(n.name),
                "head_name": bn_text(n.head_name),
                "head_designation": bn_text(n.head_designation),
            }
            for n in absent
        ],
    }


def _encode(value: object) -> object:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not kept in signed minutes")


def _decode(value: dict[str, Any]) -> object:
    return date.fromisoformat(value["$date"]) if set(value) == {"$date"} else value


def as_signed(values: dict[str, Any]) -> str:
    """The minutes' values as kept when they are signed (JSON; dates stay dates)."""
    return json.dumps(values, ensure_ascii=False, default=_encode)


def signed_context(meeting: Meeting) -> dict[str, Any] | None:
    """The minutes as they were signed, or None while the meeting is not finalised."""
    if meeting.finalised_at is None or meeting.signed is None:
        return None
    found: dict[str, Any] = json.loads(meeting.signed, object_hook=_decode)
    return found


def sheet_context(
    session: Session, meeting_id: int, blank_rows: int = SHEET_BLANK_ROWS
) -> dict[str, Any]:
    """The attendance sheet of meeting `meeting_id`: the NGOs on the list that day, one row
    each (ক্রমিক, সংস্থা, নাম, পদবি, মোবাইল, স্বাক্ষর), then `blank_rows` empty rows."""

    if not 0 <= blank_rows <= 200:
        raise Invalid(f"{blank_rows} blank rows: give 0 to 200.")
    meeting = meetings.get(session, meeting_id)
    area, _ = standard.where(session, meeting)
    month = format_month_bn(meeting.held_on.year, meeting.held_on.month)
    return {
        "meeting": {"id": meeting.id, "held_on": meeting.held_on, "time": meeting.time},
        "office": office_context(session),
        "heading": f"{area} এনজিও কর্মতৎপরতা সম্পর্কে {month} মাসের মাসিক সমন্বয় সভা",
        "title": "উপস্থিতি পত্র",
        **_chair_and_time(meeting),
        "columns": ["ক্রমিক", "সংস্থা", "নাম", "পদবি", "মোবাইল", "স্বাক্ষর"],
        "ngos": [
            {"code": n.code, "name": bn_text(n.name_bn or n.name_en or n.code)}
            for n in meetings.on_list(session, meeting)
        ],
        "blank_rows": blank_rows,
    }


# The workbook form of the attendance sheet: the printed sheet's columns, with the NGO's code
# and the columns `meeting attendance` reads (meetings/attendance.ATTENDANCE_HEADINGS), so the
# signed sheet, filled in, is imported as it is.
SHEET_XLSX_COLUMNS = (
    "ক্রমিক",
    "সংস্থার কোড",
    "সংস্থার নাম",
    "প্রতিষ্ঠান",
    "নাম",
    "পদবি",
    "মোবাইল",
    "সংস্থা প্রধান",
    "স্বাক্ষর",
)


def write_sheet_xlsx(values: dict[str, Any], path: Path) -> Path:
    """The attendance sheet (`sheet_context`) as a workbook through the one spreadsheet
    writer: the heading, date, time and venue above, a row per NGO (serial in Bengali digits,
    its code and name), then the blank rows for officers (their office in প্রতিষ্ঠান)."""
    from ngocoord.documents.spreadsheet import write_rows

    blank = [""] * (len(SHEET_XLSX_COLUMNS) - 3)
    rows = [
        [to_bengali_digits(i), n["code"], n["name"], *blank]
        for i, n in enumerate(values["ngos"], start=1)
    ]
    first = len(rows) + 1
    rows += [
        [to_bengali_digits(i), "", "", *blank] for i in range(first, first + values["blank_rows"])
    ]
    above = [
        values["office"]["name"],
        values["heading"],
        values["title"],
        f"তারিখ: {values['date']}   সময়: {values['time']}   স্থান: {values['venue']}",
    ]
    return write_rows(path, SHEET_XLSX_COLUMNS, rows, sheet="উপস্থিতি পত্র", above=above)
