"""A meeting's items and decisions: written from the document or the minutes' sheet, with the
NGOs and offices that implement them linked, and the NGOs a decision takes off the list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ngocoord.bangla import parse_int
from ngocoord.errors import CellProblem, Invalid, InvalidRows
from ngocoord.intake import sheets
from ngocoord.meetings.decisions import decision_number
from ngocoord.meetings.document import ItemText, split_decisions
from ngocoord.register import lookup, roster
from ngocoord.register.lookup import Lookup
from ngocoord.store import offices

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Decision, Meeting, Office


def write_items(
    session: Session, meeting: Meeting, items: list[ItemText], ngos: Lookup | None = None
) -> dict[str, int]:
    """Replace the meeting's items; decisions keep their follow-up when item and number stay."""
    from sqlmodel import select

    from ngocoord.store.models import AgendaItem, Decision

    ngos = ngos if ngos is not None else lookup.load(session)
    upazilas = offices.upazila_offices(session)
    existing = {
        i.number: i
        for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    }
    kept = set()
    counts = {"items": len(items), "decisions": 0, "removed_decisions": 0}
    for it in items:
        item = existing.get(it.number)
        if item is None:
            item = AgendaItem(meeting_id=meeting.id, number=it.number, discussion=it.discussion)  # type: ignore[arg-type]
            session.add(item)
            session.flush()
        item.discussion, item.implementers = it.discussion, it.implementers or None
        kept.add(item.id)
        old = {d.seq: d for d in session.exec(select(Decision).where(Decision.item_id == item.id))}
        for dt in it.decisions:
            d = old.pop(dt.seq, None)
            if d is None:
                d = Decision(item_id=item.id, seq=dt.seq, text=dt.text)  # type: ignore[arg-type]
                session.add(d)
                session.flush()
            d.text, d.due_on, d.implementers = dt.text, dt.due_on, it.implementers or None
            link_implementers(session, d, ngos, upazilas)
            if dt.removes:
                remove_by_decision(
                    session, meeting, d, it.number, dt.removes, several=len(it.decisions) > 1
                )
            counts["decisions"] += 1
        for gone in old.values():
            _drop_decision(session, gone)
            counts["removed_decisions"] += 1
    for item in existing.values():
        if item.id not in kept:
            for d in session.exec(select(Decision).where(Decision.item_id == item.id)):
                _drop_decision(session, d)
                counts["removed_decisions"] += 1
            session.delete(item)
    session.flush()
    return counts


def _drop_decision(session: Session, d: Decision) -> None:
    """A decision deleted from the document: its links and notes go, a removal is undone."""
    from sqlmodel import select

    from ngocoord.store.models import DecisionLink, DecisionNote, Membership

    for row in session.exec(select(DecisionLink).where(DecisionLink.decision_id == d.id)):
        session.delete(row)
    for note in session.exec(select(DecisionNote).where(DecisionNote.decision_id == d.id)):
        session.delete(note)
    for period in session.exec(select(Membership).where(Membership.end_decision_id == d.id)):
        period.end_date, period.end_reason, period.end_decision_id = None, None, None
    session.flush()
    session.delete(d)
    session.flush()  # no relationships are declared: the decision must go before its item


def remove_by_decision(
    session: Session, meeting: Meeting, d: Decision, item_number: int, code: str, several: bool
) -> None:
    """The decision takes an NGO off the list from the meeting date (seed 000, item ০৩)."""

    ngo = roster.get(session, code)
    periods_ = roster.memberships(session, ngo.id)  # type: ignore[arg-type]
    if any(p.end_decision_id == d.id for p in periods_):
        return
    open_periods = [p for p in periods_ if p.end_date is None]
    if not open_periods:
        raise Invalid(
            f"{ngo.code} is not on the list, so decision {item_number}.{d.seq} cannot remove it."
        )
    reason = f"সভার সিদ্ধান্ত {decision_number(item_number, d.seq, several)} ({meeting.held_on})"
    roster.end_membership(session, ngo.code, open_periods[-1], meeting.held_on, reason, d.id)


def link_implementers(
    session: Session, d: Decision, ngos: Lookup, upazilas: dict[int, Office]
) -> None:
    """Link the NGOs and upazila offices named in the implementers' text."""
    from sqlmodel import select

    from ngocoord.store.models import DecisionLink

    for row in session.exec(select(DecisionLink).where(DecisionLink.decision_id == d.id)):
        session.delete(row)
    text = d.implementers or ""
    if not text:
        return
    office_ids: set[int] = set()
    if "উপজেলা নির্বাহী অফিসার" in text:
        if "সকল" in text:
            office_ids = {o.id for o in upazilas.values()}  # type: ignore[misc]
        else:
            office_ids = {o.id for o in upazilas.values() if o.name_bn in text}  # type: ignore[misc]
    for ngo_id in ngos.in_text(text):
        session.add(DecisionLink(decision_id=d.id, ngo_id=ngo_id))  # type: ignore[arg-type]
    for office_id in office_ids:
        session.add(DecisionLink(decision_id=d.id, office_id=office_id))  # type: ignore[arg-type]


def import_items(session: Session, meeting: Meeting, path: Path) -> dict[str, int]:
    """Take a meeting's items and decisions from the minutes' four-column sheet."""
    ngos = lookup.load(session)
    return write_items(session, meeting, items_from_sheet(path, ngos), ngos)


# The minutes' four-column table, as a sheet.
ITEM_HEADINGS: dict[str, list[str]] = {
    "number": ["ক্র: নং", "ক্রমিক নং", "ক্র নং", "No", "Item"],
    "discussion": ["আলোচনা", "Discussion"],
    "decisions": ["সিদ্ধান্ত", "Decision", "Decisions"],
    "implementers": ["বাস্তবায়ন", "বাস্তবায়নে", "Implementer", "Implementers"],
}


def items_from_sheet(path: Path, ngos: Lookup | None = None) -> list[ItemText]:
    """The minutes' four-column table (ক্র: নং | আলোচনা | সিদ্ধান্ত | বাস্তবায়ন) as items; with
    the register's NGOs, an implementer written as a code that is none is a problem."""

    table = sheets.find_table(
        path,
        ITEM_HEADINGS,
        required={"discussion", "decisions"},
    )
    items: list[ItemText] = []
    problems: list[CellProblem] = []
    for row, cells in table.rows:

        def cell(name: str, cells: list[object] = cells) -> str:
            i = table.columns.get(name)
            value = cells[i] if i is not None and i < len(cells) else None
            return "" if value is None else str(value).strip()

        try:
            number = parse_int(cell("number")) if cell("number") else len(items) + 1
        except ValueError:
            problems.append(
                table.problem(row, "number", f"{cell('number')!r} is not an item number")
            )
            continue
        if not cell("discussion"):
            problems.append(table.problem(row, "discussion", "the discussion is empty"))
            continue
        if ngos is not None:
            unknown = ngos.unknown_codes(cell("implementers"))
            problems += [table.problem(row, "implementers", said) for said in unknown]
        items.append(
            ItemText(
                number,
                " ".join(cell("discussion").split()),
                split_decisions(number, cell("decisions")),
                cell("implementers"),
                row,
            )
        )
    if problems:
        raise InvalidRows(problems, "Correct the sheet and import it again.")
    return items
