"""The office's letterhead: what every document the office issues prints about itself.

One context for the minutes, the attendance sheet, the reminder letters and their covering
list, the monthly summary and the NGO profile page, from the settings:

- `name`: `office.name` as Bangla output prints it (Bengali digits; "" when unset);
- `name_en`, `district`, `email`, `website`: as set (None when unset);
- `phone`: `office.phone` in Bengali digits (None when unset).

`memo_prefix` is the one reading of `memo.prefix`: the memo numbers of letters and minutes are
the prefix, ".", and a serial (or a blank to fill in by hand).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ngocoord.bangla import bn_text, to_bengali_digits
from ngocoord.store import settings

if TYPE_CHECKING:
    from sqlmodel import Session


def office_context(session: Session) -> dict[str, Any]:
    """The office as the letterhead and signature block of a document print it."""

    phone = settings.get(session, "office.phone")
    return {
        "name": bn_text(settings.get(session, "office.name")),
        "name_en": settings.get(session, "office.name_en"),
        "district": settings.get(session, "district"),
        "phone": to_bengali_digits(phone) if phone else None,
        "email": settings.get(session, "office.email"),
        "website": settings.get(session, "office.website"),
    }


def memo_prefix(session: Session) -> str | None:
    """`memo.prefix` as memo numbers begin: Bengali digits, without the trailing "." that the
    number adds itself; None when unset."""

    prefix = bn_text(settings.get(session, "memo.prefix")).rstrip(".").rstrip()
    return prefix or None
