"""Deleting a meeting that is not finalised: what goes with it (items, decisions and their
follow-up, attendance) is named before anything is removed, and every row removed is audited
with all its values, so that the meeting could be put back from the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ngocoord.bangla import to_bengali_digits
from ngocoord.errors import Invalid, WouldReplace
from ngocoord.meetings.decisions import DECISION_HINT, decision_number
from ngocoord.meetings.document import quote
from ngocoord.register import locks, membership, roster, states
from ngocoord.store import audit

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Meeting


class WouldDelete(WouldReplace):
    """`meeting delete` names what it would remove and removes nothing unless told to."""

    def __init__(self, what: list[str]) -> None:
        super().__init__(what)
        lines = "\n".join(f"  {line}" for line in what)
        self.message = f"This would delete, with nothing kept but the log:\n{lines}"
        self.hint = "Run it again with --yes to delete it."


@dataclass
class Contents:
    """The rows that go with a meeting (removed table by table in ORDER), what the clerk is
    told of them, and the memberships its decisions ended."""

    rows: list[tuple[str, str, Any]] = field(default_factory=list)  # table, key, model row
    lines: list[str] = field(default_factory=list)  # what the clerk is told
    restored: list[tuple[str, Any]] = field(default_factory=list)  # NGO code, membership
    locks: list[Any] = field(default_factory=list)  # the months its finalising locked


ORDER = (
    "decision_link",
    "decision_note",
    "minutes_sent",
    "decision",
    "agenda_item",
    "attendance",
    "meeting",
)


def contents(session: Session, meeting: Meeting) -> Contents:
    """Everything deleting `meeting` removes, and the memberships its decisions ended."""
    from sqlmodel import col, select

    from ngocoord.store.models import (
        AgendaItem,
        Attendance,
        Decision,
        DecisionLink,
        DecisionNote,
        Membership,
        MinutesSent,
        Ngo,
        PeriodLock,
    )

    found = Contents()
    items = session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(col(AgendaItem.number))
    ).all()
    found.lines.append(
        f"meeting {meeting.id} of {meeting.held_on} (reviewing {meeting.month_reviewed}), "
        f"with its {len(items)} item(s):"
    )
    for item in items:
        decisions = session.exec(
            select(Decision).where(Decision.item_id == item.id).order_by(col(Decision.seq))
        ).all()
        key = f"{meeting.id}:{item.number}"
        notes = 0
        removals: list[str] = []
        for d in decisions:
            number = decision_number(item.number, d.seq, len(decisions) > 1)
            for link in session.exec(select(DecisionLink).where(DecisionLink.decision_id == d.id)):
                found.rows.append(("decision_link", f"{key}.{d.seq}", link))
            for note in session.exec(select(DecisionNote).where(DecisionNote.decision_id == d.id)):
                found.rows.append(("decision_note", f"{key}.{d.seq}", note))
                notes += 1
            for period in session.exec(
                select(Membership).where(Membership.end_decision_id == d.id)
            ):
                ngo = session.get(Ngo, period.ngo_id)
                code = ngo.code if ngo else str(period.ngo_id)
                found.restored.append((code, period))
                removals.append(
                    f"    decision {number} took {code} off the list on {period.end_date}: "
                    f"{code} goes back on it"
                )
            found.rows.append(("decision", f"{key}.{d.seq}", d))
        found.rows.append(("agenda_item", key, item))
        follow_up = f", {notes} follow-up note(s)" if notes else ""
        number_bn = to_bengali_digits(f"{item.number:02d}")
        found.lines.append(
            f"  item {number_bn} {quote(item.discussion)}: {len(decisions)} decision(s){follow_up}"
        )
        found.lines += removals
    marks = session.exec(select(Attendance).where(Attendance.meeting_id == meeting.id)).all()
    for mark in marks:
        found.rows.append(("attendance", f"{meeting.id}:{mark.ngo_id or mark.organisation}", mark))
    present = sum(1 for m in marks if m.present)
    found.lines.append(f"{len(marks)} attendance mark(s): {present} present")
    sends = session.exec(select(MinutesSent).where(MinutesSent.meeting_id == meeting.id)).all()
    for sent in sends:
        found.rows.append(("minutes_sent", f"{meeting.id}:{sent.to_address}", sent))
    if sends:
        found.lines.append(f"the record of {len(sends)} e-mail(s) sent of its earlier minutes")
    found.locks = list(session.exec(select(PeriodLock).where(PeriodLock.meeting_id == meeting.id)))
    for held in found.locks:
        found.lines.append(
            f"{held.month} stays locked (the lock its finalising took; `ngocoord unlock` "
            "removes it)"
        )
    found.rows.append(("meeting", str(meeting.id), meeting))
    return found


def delete(
    session: Session, meeting: Meeting, *, yes: bool = False, unlock_reason: str | None = None
) -> Contents:
    """Delete a meeting that is not finalised, with its items, decisions, follow-up and
    attendance; a removal one of its decisions made is undone (a locked month whose list that
    changes needs `unlock_reason`). Without `yes`, WouldDelete names all that before anything
    is changed. Each row removed is audited with every value it held."""
    if meeting.finalised_at is not None:
        raise Invalid(
            f"Meeting {meeting.id} is finalised: its minutes are kept as signed and it cannot "
            "be deleted.",
            f"To delete it, first reopen it: `ngocoord meeting reopen {meeting.id} --reason TEXT`.",
        )
    found = contents(session, meeting)
    for code, period in found.restored:
        membership.refuse_reopen(code, roster.memberships(session, period.ngo_id), period)
    if not yes:
        raise WouldDelete(found.lines)
    conn = session.connection()
    back = f"back on the list: meeting {meeting.id} of {meeting.held_on}, whose decision removed"
    moves = [
        locks.end_move(code, f"{back} it on {period.end_date}, deleted",
                       roster.memberships(session, period.ngo_id), period, None)
        for code, period in found.restored
    ]  # fmt: skip
    locks.guard_list(conn, moves, unlock_reason, DECISION_HINT)
    trail = []  # each row with its state before (`prior`), so `undo` can put the meeting back
    for code, period in found.restored:
        prior = states.ngo_parts(conn, period.ngo_id, "memberships")
        old = period.model_dump()
        period.end_date, period.end_reason, period.end_decision_id = None, None, None
        trail.append(
            audit.entry(
                "membership",
                code,
                "update",
                old,
                period.model_dump(),
                row_id=period.ngo_id,
                prior=prior,
            )
        )
    for held in found.locks:  # the lock outlives the meeting, and says which meeting it was
        old = held.model_dump()
        said = f"locked when meeting {meeting.id} of {meeting.held_on} was finalised (deleted)"
        held.meeting_id, held.reason = None, "; ".join(filter(None, [held.reason, said]))
        trail.append(
            audit.entry(
                "period_lock",
                held.month,
                "update",
                old,
                held.model_dump(),
                row_id=held.id,
                prior={"meeting_id": old["meeting_id"], "reason": old["reason"]},
            )
        )
    session.flush()
    wholes = {
        (name, row.id): states.state(conn, states.entity(name), row.id, None)
        for name, _, row in found.rows
    }
    for table in ORDER:  # no relationships are declared: children go before their parents
        for name, key, row in found.rows:
            if name == table:
                prior = wholes[(name, row.id)]
                trail.append(
                    audit.entry(table, key, "delete", row.model_dump(), row_id=row.id, prior=prior)
                )
                session.delete(row)
        session.flush()
    audit.write(session, trail)
    return found
