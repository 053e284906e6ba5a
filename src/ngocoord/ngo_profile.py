"""The NGO profile page (`ngo show --format html|pdf`), laid out like seed 003: what it prints."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import bangla
from ngocoord.bangla import bn_text
from ngocoord.compliance import check as compliance
from ngocoord.compliance.summary import STATUS_BN
from ngocoord.documents.letterhead import office_context
from ngocoord.documents.render import date_bn, month_bn
from ngocoord.register import returns
from ngocoord.register.registrations import AUTHORITIES

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.register.registrations import Reg
    from ngocoord.register.roster import Profile


def start_text(year: int | None) -> str:
    """When the NGO began work in the district, as seed 003 writes it: "১৯৮৬ সাল থেকে"."""

    return f"{bangla.to_bengali_digits(year)} সাল থেকে" if year else ""


def registration_line(r: Reg) -> str:
    """One registration as seed 003 lists it: "এনজিও বিষয়ক ব্যুরো- নিবন্ধন নম্বর- ০৫৮৮/২১.০৮.৯২"."""

    return f"{AUTHORITIES[r.authority]}- নিবন্ধন নম্বর- {r.display()}"


def report_record(cells: dict[str, str]) -> dict[str, Any]:
    """The months of an NGO's monthly report as the profile counts them, from its history
    cells: the months due while it was on the list since the tracking start (or since it
    joined), how many of them came in and how many did not, and the sentence that says so.
    The counts are the cells' own, so the sentence cannot disagree with the table beside it."""

    due = sorted(
        m
        for m, st in cells.items()
        if st in (compliance.ON_TIME, compliance.LATE, compliance.MISSING)
    )
    received = sum(1 for m in due if cells[m] != compliance.MISSING)
    missed = len(due) - received
    n = bangla.to_bengali_digits
    if not due:
        sentence = "এখনো কোনো মাসের প্রতিবেদন দাখিলের সময় হয়নি।"
    else:
        span = f"{month_bn(due[0])} থেকে {month_bn(due[-1])}" if len(due) > 1 else month_bn(due[0])
        sentence = (
            f"{span} পর্যন্ত দাখিলের সময় পেরোনো {n(len(due))} মাসের মধ্যে "
            f"{n(received)} মাসের প্রতিবেদন পাওয়া গেছে, {n(missed)} মাসের পাওয়া যায়নি।"
        )
    return {"due": len(due), "received": received, "missed": missed, "sentence": sentence}


def context(s: Session, p: Profile, as_of: date) -> dict[str, Any]:
    """What templates/ngo_profile.html.j2 prints: the profile as seed 003 writes one, and the
    months whose monthly report has come in."""

    n = p.ngo
    in_bangla = {st: STATUS_BN[st] for st in (compliance.ON_TIME, compliance.LATE)}
    kind = returns.kind(s, returns.NGO_REPORT)
    start = compliance.tracking_start(s)
    received: list[dict[str, str]] = []
    missed = 0
    cells: dict[str, str] = {}
    if start is not None:
        grid = compliance.history(s, kind, first=start, last=None, as_of=as_of)
        row = next((r for r in grid.rows if r["unit"] == n.code), None)
        cells = row["cells"] if row else {}
        received = [
            {"month": month_bn(m), "status": in_bangla[st]}
            for m, st in sorted(cells.items())
            if st in in_bangla
        ]
        missed = row["missed_last_12"] if row else 0
    return {
        "office": office_context(s),
        "as_of": date_bn(as_of),
        "ngo": {
            "code": n.code,
            "name": bn_text(n.name_bn or n.name_en),
            "name_en": n.name_en if n.name_bn else None,
            "start": start_text(n.start_year),
            "address": bn_text(n.address),
            "head": ", ".join(bn_text(x) for x in (n.head_name, n.head_designation) if x),
            "mobile": bangla.to_bengali_digits(n.mobile) if n.mobile else "",
            "email": n.email or "",
            "website": n.website or "",
            "notes": bn_text(n.notes),
        },
        "listed": p.status == "listed",
        "registrations": [registration_line(r) for r in p.registrations],
        "areas": [bn_text(a) for a in p.areas],
        "sectors": [bn_text(x) for x in p.sectors],
        "projects": [bn_text(x) for x in p.projects],
        "memberships": [
            {
                "start": date_bn(m.start_date) if m.start_date else "",
                "end": date_bn(m.end_date) if m.end_date else "",
                "reason": bn_text(m.end_reason or m.start_reason),
            }
            for m in p.periods
        ],
        "reports": received,
        "missed_last_12": missed,
        "record": report_record(cells) if start is not None else None,
    }
