"""The monthly coordination meeting: its record, its standard items, and the meeting as a document.

A meeting is created with what a normal month needs (defaults from the settings and the last
meeting, and the standard items written for the clerk); its long texts are then edited as a
document (meeting_doc) or taken from the minutes' four-column sheet.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.errors import Invalid, NotFound
from ngocoord.meetings import standard
from ngocoord.meetings.document import (
    DecisionText,
    ItemText,
    MeetingText,
    parse,
    parse_time,
    render,
)
from ngocoord.meetings.items import refuse_losses, writable, write_items
from ngocoord.register import roster
from ngocoord.store import audit, offices, rows, settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Decision, Meeting, Ngo, Office


def get(session: Session, meeting_id: int) -> Meeting:
    from ngocoord.store.models import Meeting

    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"No meeting {meeting_id}.", "`ngocoord meeting list` shows the meetings.")
    return meeting


def _office(session: Session, level: str, upazila: str | None) -> Office:
    if level == "district":
        if upazila:
            raise Invalid("--upazila goes with --level upazila.")
        return offices.home(session)
    if level == "upazila":
        if not upazila:
            raise Invalid("An upazila meeting needs --upazila NAME.")
        return offices.find_upazila_office(session, upazila)
    raise Invalid(f"Unknown level {level!r}.", "Use district or upazila.")


def last_meeting(
    session: Session, office_id: int | None, before: date | None = None
) -> Meeting | None:
    from sqlmodel import col, select

    from ngocoord.store.models import Meeting

    query = select(Meeting).where(Meeting.office_id == office_id)
    if before is not None:
        query = query.where(Meeting.held_on < before)
    return session.exec(query.order_by(col(Meeting.held_on).desc())).first()


def create(
    session: Session,
    *,
    held_on: date,
    time: str | None = None,
    venue: str | None = None,
    chair_name: str | None = None,
    chair_designation: str | None = None,
    month_reviewed: str | None = None,
    level: str = "district",
    upazila: str | None = None,
    memo_no: str | None = None,
    closed: list[int] | None = None,
) -> Meeting:
    """Record a meeting; what is not given comes from the last meeting and the settings. The
    earlier decisions it restates or fulfils are marked done (their ids go into `closed`)."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from ngocoord.store.models import Meeting

    office = _office(session, level, upazila)
    same_day = session.exec(
        select(Meeting).where(Meeting.office_id == office.id, Meeting.held_on == held_on)
    ).first()
    if same_day is not None:
        raise Invalid(
            f"Meeting {same_day.id} of {office.name_bn} is already on {held_on}.",
            f"Edit it with `ngocoord meeting edit {same_day.id}`.",
        )
    last = last_meeting(session, office.id, held_on)
    if time:
        try:
            time = parse_time(time)
        except ValueError as exc:
            raise Invalid(f"Bad --time {time!r}: {exc}.") from exc
    values = {
        "time": time or (last.time if last else None),
        "venue": venue or (last.venue if last else None),
        "chair_name": chair_name
        or (last.chair_name if last else settings.get(session, "chair.name")),
        "chair_designation": chair_designation
        or (last.chair_designation if last else settings.get(session, "chair.designation")),
    }
    missing = [k for k, v in values.items() if not v]
    if missing:
        options = ", ".join(
            "--" + k.replace("_", "-").replace("chair-name", "chair") for k in missing
        )
        raise Invalid(f"This first meeting needs {options}.", "Later meetings reuse them.")
    meeting = Meeting(
        office_id=office.id,  # type: ignore[arg-type]
        held_on=held_on,
        month_reviewed=month_reviewed or periods.previous_month(periods.month_of(held_on)),
        committee=(last.committee if last else None)
        or settings.get(session, "committee.name")
        or "",
        memo_no=memo_no,
        read_by=last.read_by if last else None,
        opening=last.opening if last else None,
        closing=last.closing if last else None,
        signatory_name=last.signatory_name if last else values["chair_name"],
        signatory_designation=last.signatory_designation if last else values["chair_designation"],
        distribution=last.distribution if last else None,
        created_at=datetime.now(UTC),
        **values,  # type: ignore[arg-type]
    )
    session.add(meeting)
    session.flush()
    audit.record(
        session,
        "meeting",
        str(meeting.id),
        "insert",
        None,
        {"held_on": held_on, "office": office.name_en},
        row_id=meeting.id,
        prior=None,
    )
    write_items(session, meeting, standard.items(session, meeting, last, closed), whole=True)
    return meeting


def rota(
    session: Session, on: date, exclude: set[int | None] | None = None, upazila: str | None = None
) -> list[dict[str, Any]]:
    """Who presents next at the district's meetings, or at an upazila's own
    (meetings/standard.py)."""
    office = offices.find_upazila_office(session, upazila) if upazila else None
    return standard.rota(session, on, exclude, office)


def document(session: Session, meeting: Meeting) -> tuple[dict[str, Any], MeetingText]:
    """The meeting as header values and texts, for the editor and the minutes."""
    from sqlmodel import col, select

    from ngocoord.store.models import AgendaItem, Decision, Ngo

    def code(ngo_id: int | None) -> str | None:
        ngo = session.get(Ngo, ngo_id) if ngo_id else None
        return ngo.code if ngo else None

    values = {
        "meeting": meeting.id,
        "held_on": meeting.held_on,
        "time": meeting.time,
        "venue": meeting.venue,
        "chair_name": meeting.chair_name,
        "chair_designation": meeting.chair_designation,
        "month_reviewed": meeting.month_reviewed,
        "committee": meeting.committee,
        "memo_no": meeting.memo_no,
        "memo_date": meeting.memo_date,
        "read_by": meeting.read_by,
        "previous_minutes": meeting.previous_minutes,
        "previous_changes": meeting.previous_changes,
        "presenter": code(meeting.presenter_ngo_id),
        "next_presenter": code(meeting.next_presenter_ngo_id),
        "signatory_name": meeting.signatory_name,
        "signatory_designation": meeting.signatory_designation,
    }
    doc = MeetingText(
        opening=meeting.opening or "",
        closing=meeting.closing or "",
        distribution=[line for line in (meeting.distribution or "").splitlines() if line.strip()],
    )
    items = session.exec(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(col(AgendaItem.number))
    )
    for item in items:
        decisions = session.exec(
            select(Decision).where(Decision.item_id == item.id).order_by(col(Decision.seq))
        )
        text = ItemText(
            item.number,
            item.discussion,
            implementers=item.implementers or "",
            standard=item.standard,
        )
        for d in decisions:
            removed = _removed_by(session, d)
            own = d.implementers if d.implementers != item.implementers else ""
            text.decisions.append(
                DecisionText(d.seq, d.text, d.due_on, removed, implementers=own or "")
            )
        doc.items.append(text)
    return values, doc


def _removed_by(session: Session, decision: Decision) -> str | None:
    from sqlmodel import select

    from ngocoord.store.models import Membership, Ngo

    period = session.exec(
        select(Membership).where(Membership.end_decision_id == decision.id)
    ).first()
    if period is None:
        return None
    ngo = session.get(Ngo, period.ngo_id)
    return ngo.code if ngo else None


def live(session: Session, meeting: Meeting) -> tuple[dict[str, Any], MeetingText, list[str]]:
    """The meeting as it stands today: its standard items worked out again from the register
    until the minutes are finalised, and what the clerk should be warned of."""
    values, doc = document(session, meeting)
    if meeting.finalised_at is None:
        standard.refresh(session, meeting, doc)
    return values, doc, standard.warnings(session, meeting, doc)


def apply_document(
    session: Session,
    meeting: Meeting,
    doc: MeetingText,
    *,
    replace: bool = False,
    unlock_reason: str | None = None,
) -> dict[str, int]:
    """Bring the meeting in line with an edited document (header, texts, items, decisions);
    what it would remove is named (WouldReplace) before anything is changed, and kept unless
    `replace`; a removal decision that changes a locked month's list needs `unlock_reason`.
    A document that says what the meeting already says writes nothing (`changed` 0)."""
    writable(meeting)
    if unchanged(session, meeting, doc):
        decisions = sum(len(it.decisions) for it in doc.items)
        return {
            "items": len(doc.items),
            "decisions": decisions,
            "removed_decisions": 0,
            "changed": 0,
        }
    refuse_losses(session, meeting, doc.items, whole=True, replace=replace)
    before = _texts(meeting)
    header = dict(doc.header)
    given_id = header.pop("meeting", None)
    if given_id not in (None, meeting.id):
        raise Invalid(f"The document is for meeting {given_id}, not {meeting.id}.")
    presenter = meeting.presenter_ngo_id
    for key in ("presenter", "next_presenter"):
        code = header.pop(key, None)
        setattr(meeting, f"{key}_ngo_id", roster.get(session, code).id if code else None)
    if meeting.presenter_ngo_id not in (None, presenter):  # the rota decision it fulfils
        standard.settle(session, meeting, [], meeting.presenter_ngo_id)
    for key, value in header.items():
        if value is None and key in (
            "held_on",
            "time",
            "venue",
            "chair_name",
            "chair_designation",
            "month_reviewed",
        ):
            raise Invalid(f"The document leaves {key.replace('_', ' ')} empty.")
        setattr(meeting, key, value if value is not None else ("" if key == "committee" else None))
    meeting.opening = doc.opening or None
    meeting.closing = doc.closing or None
    meeting.distribution = "\n".join(doc.distribution) or None
    counts = write_items(
        session, meeting, doc.items, whole=True, replace=replace, unlock_reason=unlock_reason
    )
    after = _texts(meeting)
    changed = {k for k in after if after[k] != before[k]}
    audit.record(
        session,
        "meeting",
        str(meeting.id),
        "update",
        {k: before[k] for k in sorted(changed)},
        {**{k: after[k] for k in sorted(changed)}, "document": counts},
        row_id=meeting.id,
        prior={k: rows.plain(before[k]) for k in sorted(changed)},
    )
    return {**counts, "changed": 1}


def unchanged(session: Session, meeting: Meeting, doc: MeetingText) -> bool:
    """Whether `doc` says what the meeting, as `meeting edit` shows it, already says."""
    values, current, _ = live(session, meeting)
    return _bare(parse(render(values, current))) == _bare(doc)


def _bare(doc: MeetingText) -> MeetingText:
    """The document without the line numbers its parts were read from."""
    items = [
        dataclasses.replace(
            it, line=0, decisions=[dataclasses.replace(d, line=0) for d in it.decisions]
        )
        for it in doc.items
    ]
    return dataclasses.replace(doc, items=items)


def _texts(meeting: Meeting) -> dict[str, Any]:
    """The meeting's own fields, as the audit row shows them before and after."""
    return {
        k: v
        for k, v in meeting.model_dump().items()
        if k not in ("id", "signed", "created_at", "finalised_at", "finalised_by")
    }


CONFIRM_STATES = ("confirmed", "changed", "not_confirmed")


def confirm(
    session: Session, meeting: Meeting, state: str = "confirmed", changes: str | None = None
) -> None:
    """Record how this meeting took the previous meeting's minutes (দৃঢ়করণ): confirmed,
    confirmed with changes (what they were), or not confirmed."""
    writable(meeting)
    if state not in CONFIRM_STATES:
        raise Invalid(f"Unknown state {state!r}.", f"Use one of {', '.join(CONFIRM_STATES)}.")
    changes = " ".join((changes or "").split()) or None
    if state == "changed" and not changes:
        raise Invalid("Say what was changed: --with-changes TEXT.")
    old = {
        "previous_minutes": meeting.previous_minutes,
        "previous_changes": meeting.previous_changes,
    }
    prior = dict(old)
    meeting.previous_minutes = state
    meeting.previous_changes = changes if state == "changed" else None
    new = {
        "previous_minutes": meeting.previous_minutes,
        "previous_changes": meeting.previous_changes,
    }
    audit.record(
        session, "meeting", str(meeting.id), "update", old, new, row_id=meeting.id, prior=prior
    )


def on_list(session: Session, meeting: Meeting) -> list[Ngo]:
    """The NGOs on the list on the meeting day: for an upazila's own meeting, those that work
    in it (`check --upazila`'s rule; an NGO whose areas are not recorded is in none)."""
    upazila = standard.upazila_of(session, meeting)
    return roster.listed(session, meeting.held_on, upazila.id if upazila is not None else None)


def listing(session: Session) -> list[dict[str, Any]]:
    from sqlmodel import col, select

    from ngocoord.store.models import AgendaItem, Meeting, Office

    rows = []
    for m, office in session.exec(
        select(Meeting, Office)
        .join(Office, col(Meeting.office_id) == col(Office.id))
        .order_by(col(Meeting.held_on))
    ):
        items = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == m.id)).all()
        rows.append(
            {
                "id": m.id,
                "held_on": m.held_on.isoformat(),
                "office": office.name_bn,
                "month_reviewed": m.month_reviewed,
                "chair": m.chair_name,
                "items": len(items),
                "previous_minutes": m.previous_minutes,
                "finalised": m.finalised_at is not None,
            }
        )
    return rows
