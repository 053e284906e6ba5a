"""Which NGOs and upazila offices a decision's implementers link, by one rule (`wanted`):
each NGO named through the one lookup; "সকল এনজিও" and the like every NGO on the list on the
meeting day, and at an upazila's own meeting only those that work in it (their areas,
register/membership.working_in); "উপজেলা নির্বাহী অফিসার (সকল)" every upazila office at the
district's meeting, and at an upazila's own meeting that upazila's officer only.

Links are written with the decision (`link`) and kept as written: a meeting recorded before
the rule keeps its links until its decisions are written again. `stale` names the decisions
whose links differ from the rule's now, and `meeting relink` brings them to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ngocoord.register import roster
from ngocoord.register.lookup import Lookup

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Decision, Meeting, Office

# Implementers that mean every NGO on the list, or every upazila office.
ALL_NGOS = ("সকল এনজিও", "এনজিও সকল", "সকল সংস্থা", "সংস্থা সকল", "all ngos")
ALL_UPAZILAS = ("উপজেলা নির্বাহী অফিসার (সকল)", "সকল উপজেলা নির্বাহী অফিসার", "all upazilas")
OFFICER = "উপজেলা নির্বাহী অফিসার"


def own_upazila(session: Session, meeting: Meeting) -> Office | None:
    """The upazila office whose own meeting this is; None for the district's."""
    from ngocoord.store.models import Office

    office = session.get(Office, meeting.office_id)
    return office if office is not None and office.level == "upazila" else None


class Rule:
    """The rule for one meeting, with the NGOs on its list read once."""

    def __init__(
        self, session: Session, meeting: Meeting, ngos: Lookup, upazilas: dict[int, Office]
    ) -> None:
        self.session, self.meeting, self.ngos = session, meeting, ngos
        self.upazilas = upazilas
        self.upazila = own_upazila(session, meeting)
        self._listed: set[int] | None = None

    def listed(self) -> set[int]:
        if self._listed is None:
            place = self.upazila.id if self.upazila else None
            found = roster.listed(self.session, self.meeting.held_on, place)
            self._listed = {n.id for n in found if n.id is not None}
        return self._listed

    def wanted(self, text: str | None) -> tuple[set[int], set[int]]:
        """The NGO ids and office ids `text` links at this meeting."""
        if not text:
            return set(), set()
        folded = " ".join(text.casefold().split())
        office_ids: set[int] = set()
        if any(phrase in folded for phrase in ALL_UPAZILAS):
            every = {o.id for o in self.upazilas.values() if o.id is not None}
            office_ids = {self.upazila.id} if self.upazila and self.upazila.id else every
        elif OFFICER in text:
            office_ids = {o.id for o in self.upazilas.values() if o.id and o.name_bn in text}
        ngo_ids = self.ngos.in_text(text)
        if any(phrase in folded for phrase in ALL_NGOS):
            ngo_ids |= self.listed()
        return ngo_ids, office_ids


def link(session: Session, rule: Rule, d: Decision) -> None:
    """The decision's links made again from its implementers, by the rule."""
    from sqlmodel import select

    from ngocoord.store.models import DecisionLink

    for row in session.exec(select(DecisionLink).where(DecisionLink.decision_id == d.id)):
        session.delete(row)
    ngo_ids, office_ids = rule.wanted(d.implementers)
    for ngo_id in sorted(ngo_ids):
        session.add(DecisionLink(decision_id=d.id, ngo_id=ngo_id))  # type: ignore[arg-type]
    for office_id in sorted(office_ids):
        session.add(DecisionLink(decision_id=d.id, office_id=office_id))  # type: ignore[arg-type]


@dataclass
class Change:
    """A decision whose links differ from what the rule links now."""

    decision: Decision
    item_number: int
    ngos: tuple[set[int], set[int]] = field(default_factory=lambda: (set(), set()))
    offices: tuple[set[int], set[int]] = field(default_factory=lambda: (set(), set()))
    said: str = ""  # the change in words (items.relink)


def stale(session: Session, rule: Rule) -> list[Change]:
    """The meeting's decisions linked otherwise than the rule links them now: for each, the
    NGOs and offices it would link and those it would no longer link."""
    from sqlmodel import col, select

    from ngocoord.store.models import AgendaItem, Decision, DecisionLink

    found = session.exec(
        select(Decision, AgendaItem)
        .join(AgendaItem, col(Decision.item_id) == col(AgendaItem.id))
        .where(AgendaItem.meeting_id == rule.meeting.id)
        .order_by(col(AgendaItem.number), col(Decision.seq))
    ).all()
    held: dict[int, tuple[set[int], set[int]]] = {d.id: (set(), set()) for d, _ in found if d.id}
    links = select(DecisionLink).where(col(DecisionLink.decision_id).in_(list(held)))
    for row in session.exec(links):
        ngos, offices = held[row.decision_id]
        if row.ngo_id is not None:
            ngos.add(row.ngo_id)
        if row.office_id is not None:
            offices.add(row.office_id)
    changes = []
    for d, item in found:
        assert d.id is not None
        ngos, offices = rule.wanted(d.implementers)
        had_ngos, had_offices = held[d.id]
        if (ngos, offices) != (had_ngos, had_offices):
            changes.append(
                Change(
                    d,
                    item.number,
                    (ngos - had_ngos, had_ngos - ngos),
                    (offices - had_offices, had_offices - offices),
                )
            )
    return changes
