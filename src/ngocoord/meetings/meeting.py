"""The monthly coordination meeting: its record, its standard items, and the meeting as a document.

A meeting is created with what a normal month needs (defaults from the settings and the last
meeting, and the standard items written for the clerk); its long texts are then edited as a
document (meeting_doc) or taken from the minutes' four-column sheet.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.bangla import format_month_bn, to_bengali_digits
from ngocoord.compliance import check as compliance
from ngocoord.errors import Invalid, NotFound
from ngocoord.meetings.decisions import carried
from ngocoord.meetings.document import DecisionText, ItemText, MeetingText, parse_time
from ngocoord.meetings.items import write_items
from ngocoord.register import returns, roster
from ngocoord.store import audit, offices, settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Decision, Meeting, Ngo, Office

ALL_NGOS = ("সকল এনজিও", "এনজিও সকল", "সকল সংস্থা")


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
) -> Meeting:
    """Record a meeting; what is not given comes from the last meeting and the settings."""
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
    )
    write_items(session, meeting, standard_items(session, meeting, last))
    return meeting


# ---------------------------------------------------------------- standard items


def standard_items(session: Session, meeting: Meeting, last: Meeting | None) -> list[ItemText]:
    """Item ০১ (who reported), the last meetings' open decisions, and the presentation rota."""
    items = [compliance_item(session, meeting)]
    still_open = carried(session, meeting)
    if still_open:
        lines = [
            f"({to_bengali_digits(i)}) {d['number']} {d['text']} — {d['implementers'] or ''}".strip(
                " —"
            )
            for i, d in enumerate(still_open, start=1)
        ]
        items.append(
            ItemText(
                len(items) + 1,
                "বিগত সভাসমূহের অনিষ্পন্ন সিদ্ধান্তসমূহ সভায় পর্যালোচনা করা হয়: " + " ".join(lines),
                [],  # the decisions stay open on their own meetings; nothing new to follow
                "সংশ্লিষ্ট সকল",
            )
        )
    rota_item = presentation_item(session, meeting, last, len(items) + 1)
    if rota_item is not None:
        items.append(rota_item)
    return items


def compliance_item(session: Session, meeting: Meeting) -> ItemText:
    kind = returns.kind(session, returns.NGO_REPORT)
    check = compliance.check(session, kind, month=meeting.month_reviewed, as_of=meeting.held_on)
    district = offices.home_district(session).bn
    n = to_bengali_digits
    text = "সহকারী কমিশনার, এনজিও শাখা সভায় জানান যে, " + check.sentence(district)
    if check.not_in:
        text += " প্রতিবেদন দাখিল করেনি: " + ", ".join(u.name for u in check.not_in) + "।"
    decision = (
        f"প্রত্যেক এনজিওকে পরবর্তী মাসের {n(kind.due_day)} তারিখের মধ্যে পূর্ববর্তী মাসের "
        "প্রতিবেদন দাখিল নিশ্চিত করতে হবে।"
    )
    return ItemText(1, text, [DecisionText(1, decision)], f"সকল এনজিও, {district}।")


def presentation_item(
    session: Session, meeting: Meeting, last: Meeting | None, number: int
) -> ItemText | None:
    """This month's presenter (named at the last meeting) and the next one from the rota."""
    from ngocoord.store.models import Ngo

    presenter = (
        session.get(Ngo, last.next_presenter_ngo_id)
        if last and last.next_presenter_ngo_id
        else None
    )
    suggestions = rota(session, meeting.held_on, exclude={presenter.id} if presenter else set())
    if not suggestions:
        return None
    nxt = suggestions[0]["ngo"]
    meeting.presenter_ngo_id = presenter.id if presenter else None
    meeting.next_presenter_ngo_id = nxt.id
    next_month = periods.next_month(periods.month_of(meeting.held_on))
    month = format_month_bn(int(next_month[:4]), int(next_month[5:]))
    if presenter:
        text = (
            f"বিগত সভার সিদ্ধান্ত অনুযায়ী {presenter.name_bn or presenter.name_en} সংস্থাটির সার্বিক "
            "কার্যক্রম সভায় উপস্থাপন করেন।"
        )
    else:
        text = "এনজিওসমূহের কার্যক্রম পর্যায়ক্রমে মাসিক সভায় উপস্থাপনের বিষয়ে আলোচনা করা হয়।"
    decision = (
        f"আগামী {month} মাসে {nxt.name_bn or nxt.name_en} সংস্থাটি তাদের কার্যক্রমের উপর "
        "প্রতিবেদন উপস্থাপন করবেন।"
    )
    return ItemText(number, text, [DecisionText(1, decision)], nxt.name_bn or nxt.name_en or "")


def rota(
    session: Session, on: date, exclude: set[int | None] | None = None
) -> list[dict[str, Any]]:
    """NGOs on the list, the one that has gone longest without presenting first."""
    from sqlmodel import col, select

    from ngocoord.store.models import Meeting

    home = offices.home(session)
    last_presented: dict[int, date] = {}
    for ngo_id, held_on in session.exec(
        select(col(Meeting.presenter_ngo_id), col(Meeting.held_on)).where(
            Meeting.office_id == home.id
        )
    ):
        if ngo_id is not None and held_on > last_presented.get(ngo_id, date.min):
            last_presented[ngo_id] = held_on
    found: list[dict[str, Any]] = []
    for ngo in on_list(session, on):
        if ngo.id not in (exclude or set()):
            found.append({"ngo": ngo, "last_presented": last_presented.get(ngo.id or 0)})
    found.sort(key=lambda r: (r["last_presented"] or date.min, r["ngo"].code))
    return found


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
        "previous_confirmed": meeting.previous_confirmed,
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
        text = ItemText(item.number, item.discussion, implementers=item.implementers or "")
        for d in decisions:
            removed = _removed_by(session, d)
            text.decisions.append(DecisionText(d.seq, d.text, d.due_on, removed))
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


def apply_document(session: Session, meeting: Meeting, doc: MeetingText) -> dict[str, int]:
    """Bring the meeting in line with an edited document (header, texts, items, decisions)."""

    header = dict(doc.header)
    given_id = header.pop("meeting", None)
    if given_id not in (None, meeting.id):
        raise Invalid(f"The document is for meeting {given_id}, not {meeting.id}.")
    for key in ("presenter", "next_presenter"):
        code = header.pop(key, None)
        setattr(meeting, f"{key}_ngo_id", roster.get(session, code).id if code else None)
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
    counts = write_items(session, meeting, doc.items)
    audit.record(session, "meeting", str(meeting.id), "update", None, {"document": counts})
    return counts


def confirm(session: Session, meeting: Meeting) -> None:
    """Record that this meeting confirmed (দৃঢ়করণ) the previous meeting's minutes."""
    meeting.previous_confirmed = True
    audit.record(session, "meeting", str(meeting.id), "update", None, {"previous_confirmed": True})


def on_list(session: Session, on: date) -> list[Ngo]:
    return roster.listed(session, on)


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
                "confirmed": m.previous_confirmed,
            }
        )
    return rows
