"""The kinds of monthly return (the NGO report, the upazila minutes, any the office adds):
who sends each and by which day of the next month, and which the office tracks. A kind it does
not collect (an office whose upazilas send no minutes) is switched off: `check`, its cron exit
status, `check history`, `remind` and the summary leave it out, and say so when it is asked for
by name. Its returns already in stay.

Read through the ORM by the commands that write, and as plain rows (`kind_rows`) by `check`,
which loads no models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ngocoord import files
from ngocoord.errors import Invalid, NotFound
from ngocoord.store import audit, settings, tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.models import ReturnKind

NGO_REPORT = "ngo-report"
UPAZILA_MINUTES = "upazila-minutes"


def kinds(session: Session) -> list[ReturnKind]:
    from sqlmodel import col, select

    from ngocoord.store.models import ReturnKind

    return list(session.exec(select(ReturnKind).order_by(col(ReturnKind.id))))


def kind(session: Session, name: str) -> ReturnKind:
    from sqlmodel import select

    from ngocoord.store.models import ReturnKind

    found = session.exec(select(ReturnKind).where(ReturnKind.name == name)).first()
    if found is None:
        raise _unknown_kind(name, [k.name for k in kinds(session)])
    return found


def _unknown_kind(name: str, known: Sequence[str]) -> NotFound:
    return NotFound(f"Unknown return kind {name!r}.", f"Known kinds: {', '.join(known)}.")


class Kind(NamedTuple):
    """A return kind as a plain row, for reads without the ORM (`check`)."""

    id: int
    name: str
    title_bn: str
    submitter: str
    due_day: int
    enabled: bool


def kind_rows(conn: Connection, name: str | None = None) -> list[Kind]:
    """The return kinds by id, as kinds() lists them (or the one named, as kind() finds it),
    read without the ORM."""
    from sqlalchemy import select

    from ngocoord.store.tables import table

    t = table(conn, "return_kind").c
    query = select(t.id, t.name, t.title_bn, t.submitter, t.due_day, t.enabled).order_by(t.id)
    every = [Kind(*row) for row in conn.execute(query)]
    if name is None:
        return every
    found = [k for k in every if k.name == name]
    if not found:
        raise _unknown_kind(name, [k.name for k in every])
    return found


def add_kind(
    session: Session, name: str, title_bn: str, submitter: str, due_day: int
) -> ReturnKind:
    from sqlmodel import select

    from ngocoord.store.models import ReturnKind

    files.slug(name, "return kind name")
    if submitter not in ("ngo", "upazila"):
        raise Invalid(f"Unknown submitter {submitter!r}.", "Use ngo or upazila.")
    if not 1 <= due_day <= 28:
        raise Invalid("The due day must be from 1 to 28.")
    if session.exec(select(ReturnKind).where(ReturnKind.name == name)).first() is not None:
        raise Invalid(f"The return kind {name!r} already exists.")
    row = ReturnKind(name=name, title_bn=title_bn, submitter=submitter, due_day=due_day)
    session.add(row)
    audit.record(session, "return_kind", name, "insert", None, {"due_day": due_day})
    return row


def tracked(session: Session) -> list[ReturnKind]:
    """The kinds switched on, in the order `return kinds` lists them."""
    return [k for k in kinds(session) if k.enabled]


def tracked_kind(session: Session, name: str) -> ReturnKind:
    """The kind named, refused when it is switched off."""
    found = kind(session, name)
    if not found.enabled:
        raise _switched_off(found.name)
    return found


def tracked_rows(conn: Connection, name: str | None = None) -> list[Kind]:
    """The kinds switched on as plain rows (or the one named, refused when it is off)."""
    found = kind_rows(conn, name)
    if name is not None and not found[0].enabled:
        raise _switched_off(found[0].name)
    return [k for k in found if k.enabled]


def tracking_start(conn: Connection) -> str | None:
    """The first month returns are expected for: the setting `tracking.start`, else the
    earliest month with any return."""
    return settings.get(conn, "tracking.start") or first_month(conn)


def first_month(conn: Connection) -> str | None:
    """The earliest month with any return (voided ones too): the tracking start when the
    setting is not set."""
    from sqlalchemy import func, select

    # per kind, so the (kind_id, month) index answers at once instead of reading every row
    sub = tables.table(conn, "submission").c
    firsts = [
        conn.execute(select(func.min(sub.month)).where(sub.kind_id == kind.id)).scalar()
        for kind in kind_rows(conn)
    ]
    return min((m for m in firsts if m), default=None)


def _switched_off(name: str) -> Invalid:
    return Invalid(
        f"The return kind {name} is switched off; this office does not track it.",
        f"Switch it on with `ngocoord return enable-kind {name}`.",
    )


def switch(session: Session, name: str, enabled: bool) -> bool:
    """Switch a kind on or off (audited); False when it already was. Through `locks.switch`,
    which first asks the lock of the months whose figures it takes away or brings."""
    found = kind(session, name)
    if found.enabled == enabled:
        return False
    audit.record(
        session,
        "return_kind",
        found.name,
        "update",
        {"enabled": found.enabled},
        {"enabled": enabled},
        row_id=found.id,
        prior={"enabled": found.enabled},
    )
    found.enabled = enabled
    return True
