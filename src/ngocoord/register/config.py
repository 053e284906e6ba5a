"""What `ngocoord config` shows and sets: the office's settings and each return kind's due day.

The due days live on the return kinds themselves and appear as the virtual keys
`due.<kind>` (e.g. `due.ngo-report`); an upazila office's e-mail is `office.<upazila>.email`,
the upazila written as the clerk writes it (`office.পার্বতীপুর.email`) and kept under its
English name (`office.parbatipur.email`); every other key is a plain setting.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ngocoord.errors import Invalid
from ngocoord.register import kinds, locks, returns
from ngocoord.store import audit, offices, settings

if TYPE_CHECKING:
    from sqlmodel import Session

DUE_PREFIX = "due."
UPAZILA_EMAIL = re.compile(r"office\.(.+)\.email")


def _key(session: Session, name: str) -> str:
    """The setting's own key: an upazila's e-mail under its English name, else as given."""
    upazila = UPAZILA_EMAIL.fullmatch(name)
    if upazila is None or name in settings.KEYS:
        return name
    office = offices.find_upazila_office(session, upazila.group(1).replace("-", " "))
    return offices.email_key(office)


def get(session: Session, name: str) -> str | None:
    """A due day, else the setting's stored value, else its default, else None."""
    if name.startswith(DUE_PREFIX):
        return str(returns.kind(session, name[len(DUE_PREFIX) :]).due_day)
    return settings.get(session, _key(session, name))


def put(session: Session, name: str, value: str, unlock_reason: str | None = None) -> str:
    """Check and store a due day or a setting; return the stored (normalised) value. A due
    day or tracking start that alters a locked month's figures needs `unlock_reason`."""
    if name.startswith(DUE_PREFIX):
        return _put_due(session, name, value, unlock_reason)
    if name != "tracking.start":
        return settings.put(session, _key(session, name), value)
    conn = session.connection()
    old = kinds.tracking_start(conn)
    stored = settings.put(session, name, value)
    session.flush()  # the start as `check` will read it: the setting, else the first return
    moved = locks.start_move(old, kinds.tracking_start(conn))
    locks.guard_figures(conn, [moved], locks.tracked_kinds(conn), unlock_reason)
    return stored


def _put_due(session: Session, name: str, value: str, unlock_reason: str | None) -> str:
    kind = returns.kind(session, name[len(DUE_PREFIX) :])
    try:
        day = int(settings.int_between(1, 28)(value))
    except ValueError as exc:
        raise Invalid(f"Bad value for `{name}`: {value!r}: {exc}.") from exc
    if kind.due_day != day:
        assert kind.id is not None
        conn = session.connection()
        moved = locks.due_move(conn, (kind.id, kind.name), kind.due_day, day)
        locks.guard_figures(conn, [moved], [(kind.id, kind.name)], unlock_reason)
        audit.record(
            session, "return_kind", kind.name, "update", {"due_day": kind.due_day}, {"due_day": day}
        )
        kind.due_day = day
    return str(day)


def listing(session: Session) -> list[dict[str, str | None]]:
    """The due day of every return kind, then every setting, each with where its value comes
    from: the tracking start when unset is the first month with a return, shown as in force
    (what `check` reads, `kinds.tracking_start`) instead of empty."""
    due: list[dict[str, str | None]] = [
        {
            "key": DUE_PREFIX + k.name,
            "value": str(k.due_day),
            "default": "",
            "description": f"Day of the next month the {k.name} return is due",
            "source": "return kind",
        }
        for k in returns.kinds(session)
    ]
    found = settings.listing(session)
    for item in found:
        item["source"] = (
            "default" if item["default"] else "not set" if item["value"] is None else "set"
        )
        if item["key"] == "tracking.start" and item["value"] is None:
            item["value"] = kinds.first_month(session.connection())
            item["source"] = (
                "not set: the first month with a return stands in for it"
                if item["value"]
                else "not set, and no return yet: the first month imported will stand in"
            )
    return due + found
