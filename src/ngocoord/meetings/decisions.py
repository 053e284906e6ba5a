"""Following decisions up: open until done or dropped, with notes along the way."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import names
from ngocoord.bangla import to_bengali_digits
from ngocoord.errors import Invalid, NotFound
from ngocoord.register import lookup
from ngocoord.store import audit, rows

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Decision, Meeting


# what a refusal of a removal decision (made, or undone by its deletion) tells the clerk
DECISION_HINT = (
    "A removal decision takes the NGO off the list from the meeting's day, and deleting it "
    "puts the NGO back from then. "
)


def carried(session: Session, meeting: Meeting) -> list[dict[str, Any]]:
    """Open decisions of this office's earlier meetings: read out again until done or dropped."""
    from sqlmodel import col, select

    from ngocoord.store.models import AgendaItem, Decision, Meeting

    rows = session.exec(
        select(Decision, AgendaItem, Meeting)
        .join(AgendaItem, col(Decision.item_id) == col(AgendaItem.id))
        .join(Meeting, col(AgendaItem.meeting_id) == col(Meeting.id))
        .where(Meeting.office_id == meeting.office_id, col(Meeting.held_on) < meeting.held_on)
        .where(Decision.status == "open")
        .order_by(col(Meeting.held_on), col(AgendaItem.number), col(Decision.seq))
    )
    found = list(rows)
    several = items_with_several(session, {i.id for _, i, _ in found})
    return [decision_row(d, i, m, several=i.id in several) for d, i, m in found]


def decision_number(item_number: int, seq: int, several: bool) -> str:
    """A decision's number as the minutes print it: ১.২ in an item of several decisions, else
    the item's own number (০২)."""
    return to_bengali_digits(f"{item_number}.{seq}" if several else f"{item_number:02d}")


def items_with_several(session: Session, item_ids: set[Any]) -> set[int]:
    """Which of these items hold more than one decision (all of them, whatever their status):
    what decision_number needs, wherever a decision is shown."""
    from sqlalchemy import func, select

    from ngocoord.store.models import Decision, table

    if not item_ids:
        return set()
    d = table(Decision).c
    query = (
        select(d.item_id)
        .where(d.item_id.in_(sorted(item_ids)))
        .group_by(d.item_id)
        .having(func.count() > 1)
    )
    return set(session.execute(query).scalars())


def decision_row(d: Decision, item: Any, meeting: Meeting, several: bool) -> dict[str, Any]:
    return {
        "id": d.id,
        "meeting": meeting.id,
        "held_on": meeting.held_on.isoformat(),
        "number": decision_number(item.number, d.seq, several),
        "text": d.text,
        "implementers": d.implementers,
        "due_on": d.due_on.isoformat() if d.due_on else None,
        "status": d.status,
        "closed_on": d.closed_on.isoformat() if d.closed_on else None,
    }


def get(session: Session, decision_id: int) -> Decision:
    from ngocoord.store.models import Decision

    found = session.get(Decision, decision_id)
    if found is None:
        raise NotFound(f"No decision {decision_id}.", "`ngocoord decisions` lists them with IDs.")
    return found


def listing(
    session: Session,
    *,
    open_only: bool = False,
    overdue_on: date | None = None,
    implementer: str | None = None,
    meeting_id: int | None = None,
    decision_id: int | None = None,
) -> list[dict[str, Any]]:
    """Decisions with their meeting, number, implementers, due date and status."""

    from sqlmodel import col, select

    from ngocoord.store.models import AgendaItem, Decision, DecisionLink, Meeting, Ngo, Office

    query = (
        select(Decision, AgendaItem, Meeting)
        .join(AgendaItem, col(Decision.item_id) == col(AgendaItem.id))
        .join(Meeting, col(AgendaItem.meeting_id) == col(Meeting.id))
        .order_by(col(Meeting.held_on), col(AgendaItem.number), col(Decision.seq))
    )
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    if decision_id is not None:
        query = query.where(Decision.id == decision_id)
    if open_only or overdue_on is not None:
        query = query.where(Decision.status == "open")
    rows = list(session.exec(query))
    several = items_with_several(session, {item.id for _, item, _ in rows})
    ngo_links: dict[int, dict[int, str]] = defaultdict(dict)  # decision -> NGO id -> code
    office_links: dict[int, set[str]] = defaultdict(set)  # decision -> office names
    for link, ngo, office in session.exec(
        select(DecisionLink, Ngo, Office)
        .join(Ngo, col(DecisionLink.ngo_id) == col(Ngo.id), isouter=True)
        .join(Office, col(DecisionLink.office_id) == col(Office.id), isouter=True)
    ):
        if ngo is not None:
            ngo_links[link.decision_id][ngo.id or 0] = ngo.code
        if office is not None:
            office_links[link.decision_id] |= {
                names.name_key(office.name_bn),
                office.name_en.casefold(),
            }
    wanted_ngos: set[int] = set()
    wanted = None
    if implementer:
        wanted = names.name_key(implementer)
        wanted_ngos = {e.id for e in lookup.load(session).matches(implementer)}
    result = []
    for d, item, meeting in rows:
        if overdue_on is not None and (d.due_on is None or d.due_on >= overdue_on):
            continue
        linked = ngo_links.get(d.id or 0, {})
        if wanted is not None and not (
            wanted_ngos & set(linked)
            or wanted in office_links.get(d.id or 0, set())
            or wanted in names.name_key(d.implementers or "")
        ):
            continue
        row = decision_row(d, item, meeting, several=item.id in several)
        row["linked"] = sorted(linked.values())
        result.append(row)
    return result


def close(session: Session, decision_id: int, status: str, note: str | None, on: date) -> Decision:
    """Mark a decision done or dropped (a reason is required to drop one)."""
    d = get(session, decision_id)
    if d.status != "open":
        raise Invalid(f"Decision {decision_id} is already {d.status} (on {d.closed_on}).")
    if status == "dropped" and not (note and note.strip()):
        raise Invalid("Give the reason with --reason.")
    prior = {"status": d.status, "closed_on": rows.plain(d.closed_on)}
    d.status, d.closed_on = status, on
    audit.record(
        session,
        "decision",
        str(d.id),
        "update",
        {"status": "open"},
        {"status": status, "note": note},
        row_id=d.id,
        prior=prior,
    )
    if note:
        _note(session, d, on, status, note)
    return d


def _note(session: Session, d: Decision, on: date, kind: str, text: str) -> None:
    """A follow-up note, audited with its id so `undo` can take it out again."""
    from ngocoord.store.models import DecisionNote

    note = DecisionNote(decision_id=d.id, written_on=on, kind=kind, text=text.strip())  # type: ignore[arg-type]
    session.add(note)
    session.flush()
    new = {"text": text.strip()}
    audit.record(
        session, "decision_note", str(d.id), "insert", None, new, row_id=note.id, prior=None
    )


def add_note(session: Session, decision_id: int, text: str, on: date) -> None:
    d = get(session, decision_id)
    if not text.strip():
        raise Invalid("The note is empty.")
    _note(session, d, on, "note", text)


def notes(session: Session, decision_id: int) -> list[dict[str, Any]]:
    from sqlmodel import col, select

    from ngocoord.store.models import DecisionNote

    return [
        {"on": n.written_on.isoformat(), "kind": n.kind, "text": n.text}
        for n in session.exec(
            select(DecisionNote)
            .where(DecisionNote.decision_id == decision_id)
            .order_by(col(DecisionNote.id))
        )
    ]


def membership_ended(session: Session, decision_id: int) -> dict[str, Any] | None:
    """The membership a removal decision ended: which NGO, from when to when."""
    from sqlmodel import select

    from ngocoord.store.models import Membership, Ngo

    period = session.exec(
        select(Membership).where(Membership.end_decision_id == decision_id)
    ).first()
    if period is None:
        return None
    ngo = session.get(Ngo, period.ngo_id)
    return {
        "ngo": ngo.code if ngo else None,
        "from": period.start_date.isoformat() if period.start_date else None,
        "to": period.end_date.isoformat() if period.end_date else None,
    }


def removal_of(session: Session, ngo_id: int) -> dict[str, Any] | None:
    """The decision that ended the NGO's last membership, if a decision did: what rejoining
    goes against."""
    from sqlmodel import col, select

    from ngocoord.store.models import Membership

    period = session.exec(
        select(Membership)
        .where(Membership.ngo_id == ngo_id, col(Membership.end_decision_id).is_not(None))
        .order_by(col(Membership.end_date).desc())
    ).first()
    if period is None or period.end_decision_id is None:
        return None
    found = listing(session, decision_id=period.end_decision_id)
    return found[0] if found else None
