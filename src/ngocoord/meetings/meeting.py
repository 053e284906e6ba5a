"""The monthly coordination meeting: its record, attendance, items and decisions.

A meeting is created with what a normal month needs (defaults from the settings and the last
meeting, and the standard items written for the clerk); its long texts are then edited as a
document (meeting_doc) or taken from the minutes' four-column sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import names, periods
from ngocoord.bangla import format_month_bn, to_bengali_digits
from ngocoord.errors import CellProblem, Invalid, InvalidRows, NotFound
from ngocoord.meetings.document import DecisionText, ItemText, MeetingText, split_decisions
from ngocoord.store import audit

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
    from ngocoord.store import offices

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

    from ngocoord.meetings.document import parse_time
    from ngocoord.store import settings
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
    from ngocoord.compliance import check as compliance
    from ngocoord.register import returns
    from ngocoord.store import offices

    kind = returns.kind(session, returns.NGO_REPORT)
    check = compliance.check(session, kind, month=meeting.month_reviewed, as_of=meeting.held_on)
    district = offices.home_district(session).bn
    n = to_bengali_digits
    month = format_month_bn(int(meeting.month_reviewed[:4]), int(meeting.month_reviewed[5:]))
    text = (
        f"সহকারী কমিশনার, এনজিও শাখা সভায় জানান যে, {district} জেলায় কর্মরত "
        f"{n(check.expected)}টি এনজিওর মধ্যে {n(check.received)} টি এনজিও ছক মোতাবেক "
        f"{month} মাসের কার্যক্রম সম্পর্কিত প্রতিবেদন দাখিল করেছেন।"
    )
    missing = [u.name for u in check.units if u.status == compliance.MISSING]
    if missing:
        text += (
            f" বাকী {n(len(missing))} টি সংস্থার প্রতিবেদন পাওয়া যায়নি। প্রতিবেদন দাখিল করেনি: "
            + ", ".join(missing)
            + "।"
        )
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

    from ngocoord.store import offices
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


# ---------------------------------------------------------------- items and decisions


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
    return [decision_row(d, i, m, several=True) for d, i, m in rows]


def decision_number(item_number: int, seq: int, several: bool) -> str:
    return to_bengali_digits(f"{item_number}.{seq}" if several else f"{item_number:02d}")


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
    from ngocoord.register import roster

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


def write_items(session: Session, meeting: Meeting, items: list[ItemText]) -> dict[str, int]:
    """Replace the meeting's items; decisions keep their follow-up when item and number stay."""
    from sqlmodel import select

    from ngocoord.store.models import AgendaItem, Decision

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
            link_implementers(session, d)
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
    from ngocoord.register import roster

    ngo = roster.get(session, code)
    periods_ = roster.memberships(session, ngo.id)  # type: ignore[arg-type]
    if any(p.end_decision_id == d.id for p in periods_):
        return
    open_periods = [p for p in periods_ if p.end_date is None]
    if not open_periods:
        raise Invalid(
            f"{ngo.code} is not on the list, so decision {item_number}.{d.seq} cannot remove it."
        )
    period = open_periods[-1]
    period.end_date = meeting.held_on
    period.end_reason = (
        f"সভার সিদ্ধান্ত {decision_number(item_number, d.seq, several)} ({meeting.held_on})"
    )
    period.end_decision_id = d.id
    audit.record(
        session,
        "membership",
        ngo.code,
        "update",
        {"end_date": None},
        {"end_date": meeting.held_on, "decision": d.id},
    )


def link_implementers(session: Session, d: Decision) -> None:
    """Link the NGOs and upazila offices named in the implementers' text."""
    import re

    from sqlmodel import select

    from ngocoord.store import offices
    from ngocoord.store.models import DecisionLink, Ngo

    for row in session.exec(select(DecisionLink).where(DecisionLink.decision_id == d.id)):
        session.delete(row)
    text = d.implementers or ""
    if not text:
        return
    by_key: dict[str, int] = {}
    for ngo in session.exec(select(Ngo)):
        by_key[ngo.name_key] = ngo.id  # type: ignore[assignment]
        by_key[names.name_key(ngo.code)] = ngo.id  # type: ignore[assignment]
        if ngo.name_en:
            by_key[names.name_key(ngo.name_en)] = ngo.id  # type: ignore[assignment]
    ngo_ids: set[int] = set()
    for part in re.split(r"[,;।\n]|\s[০-৯0-9]+\s*\.|^[০-৯0-9]+\s*\.", text):
        key = names.name_key(part)
        if key in by_key:
            ngo_ids.add(by_key[key])
    for token in re.findall(r"\b[A-Z][A-Z0-9]{1,15}\b", text):
        if names.name_key(token) in by_key:
            ngo_ids.add(by_key[names.name_key(token)])
    office_ids: set[int] = set()
    if "উপজেলা নির্বাহী অফিসার" in text:
        upazilas = offices.upazila_offices(session)
        if "সকল" in text:
            office_ids = {o.id for o in upazilas.values()}  # type: ignore[misc]
        else:
            office_ids = {o.id for o in upazilas.values() if o.name_bn in text}  # type: ignore[misc]
    for ngo_id in ngo_ids:
        session.add(DecisionLink(decision_id=d.id, ngo_id=ngo_id))  # type: ignore[arg-type]
    for office_id in office_ids:
        session.add(DecisionLink(decision_id=d.id, office_id=office_id))  # type: ignore[arg-type]


def items_from_sheet(path: Path) -> list[ItemText]:
    """The minutes' four-column table (ক্র: নং | আলোচনা | সিদ্ধান্ত | বাস্তবায়ন) as items."""
    from ngocoord.bangla import parse_int
    from ngocoord.intake import sheets

    table = sheets.find_table(
        path,
        {
            "number": ["ক্র: নং", "ক্রমিক নং", "ক্র নং", "No", "Item"],
            "discussion": ["আলোচনা", "Discussion"],
            "decisions": ["সিদ্ধান্ত", "Decision", "Decisions"],
            "implementers": ["বাস্তবায়ন", "বাস্তবায়নে", "Implementer", "Implementers"],
        },
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


# ---------------------------------------------------------------- attendance


@dataclass
class Present:
    organisation: str
    name: str | None
    designation: str | None
    is_head: bool | None
    ngo_code: str | None


def on_list(session: Session, on: date) -> list[Ngo]:
    from ngocoord.register import roster

    return roster.listed(session, on)


def mark(
    session: Session,
    meeting: Meeting,
    *,
    ngo_code: str | None = None,
    organisation: str | None = None,
    present: bool = True,
    name: str | None = None,
    designation: str | None = None,
    is_head: bool | None = None,
) -> None:
    """Record one NGO's or office's attendance (replacing an earlier mark for the NGO)."""
    from sqlmodel import select

    from ngocoord.register import roster
    from ngocoord.store.models import Attendance

    ngo_id = None
    if ngo_code:
        ngo = roster.get(session, ngo_code)
        ngo_id = ngo.id
        if is_head is None and present and name and ngo.head_name:
            is_head = names.name_key(name) == names.name_key(ngo.head_name)
        for old in session.exec(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.ngo_id == ngo_id
            )
        ):
            session.delete(old)
    elif not organisation:
        raise Invalid("Name an NGO code or an --org.")
    session.add(
        Attendance(
            meeting_id=meeting.id,  # type: ignore[arg-type]
            ngo_id=ngo_id,
            organisation=organisation,
            present=present,
            name=name,
            designation=designation,
            is_head=is_head if ngo_id else None,
        )
    )
    audit.record(
        session,
        "attendance",
        f"{meeting.id}:{ngo_code or organisation}",
        "insert",
        None,
        {"present": present, "name": name},
    )


def import_attendance(session: Session, meeting: Meeting, path: Path) -> dict[str, int]:
    """An attendance sheet for the whole list; bad rows are all reported, nothing written."""
    from sqlmodel import select

    from ngocoord.intake import sheets
    from ngocoord.store.models import Ngo

    table = sheets.find_table(
        path,
        {
            "code": ["সংস্থার কোড", "এনজিও কোড", "কোড", "Code", "NGO Code"],
            "ngo": ["সংস্থার নাম", "এনজিওর নাম", "NGO", "Name of NGO"],
            "organisation": ["প্রতিষ্ঠান", "দপ্তর", "অফিস", "Organisation", "Office"],
            "name": ["নাম", "প্রতিনিধির নাম", "Name"],
            "designation": ["পদবি", "পদবী", "Designation"],
            # not "উপস্থিত" or "Present": those are values, and a first row of them would be
            # taken for a second header row
            "present": ["উপস্থিতি", "Attendance"],
            "head": ["সংস্থা প্রধান", "প্রধান", "Head"],
        },
        required={"name"},
        any_of=[{"code", "ngo", "organisation"}],
    )
    by_key = {n.name_key: n.code for n in session.exec(select(Ngo))}
    marks: list[dict[str, Any]] = []
    problems: list[CellProblem] = []
    for row, cells in table.rows:

        def cell(field: str, cells: list[object] = cells) -> str:
            i = table.columns.get(field)
            value = cells[i] if i is not None and i < len(cells) else None
            return "" if value is None else " ".join(str(value).split())

        row_problems = []
        code = cell("code").upper() or by_key.get(names.name_key(cell("ngo"))) or None
        if cell("ngo") and not code:
            row_problems.append(
                table.problem(row, "ngo", f"{cell('ngo')!r} is not an NGO of the register")
            )
        present_text = cell("present").casefold()
        present = present_text in ("", "উপস্থিত", "হ্যাঁ", "yes", "present", "p", "✓")
        if not present and present_text not in ("অনুপস্থিত", "না", "no", "absent", "a", "✗"):
            row_problems.append(
                table.problem(row, "present", f"{cell('present')!r}: write উপস্থিত or অনুপস্থিত")
            )
        head_text = cell("head").casefold()
        is_head = {"হ্যাঁ": True, "yes": True, "y": True, "না": False, "no": False, "n": False}.get(
            head_text
        )
        if row_problems:
            problems += row_problems
            continue
        marks.append(
            {
                "ngo_code": code,
                "organisation": None if code else cell("organisation") or None,
                "present": present,
                "name": cell("name") or None,
                "designation": cell("designation") or None,
                "is_head": is_head,
            }
        )
    if problems:
        raise InvalidRows(problems, "Correct the sheet and import it again.")
    from ngocoord.store.models import Attendance

    for old in session.exec(select(Attendance).where(Attendance.meeting_id == meeting.id)):
        session.delete(old)
    session.flush()
    for m in marks:
        try:
            mark(session, meeting, **m)
        except NotFound as exc:
            raise Invalid(f"{path}: {exc.message}", exc.hint) from exc
    return {
        "present": sum(1 for m in marks if m["present"]),
        "absent": sum(1 for m in marks if not m["present"]),
    }


def attendance(session: Session, meeting: Meeting) -> tuple[list[Present], list[Ngo]]:
    """Who attended (appendix ক) and the NGOs on the list who did not (appendix খ)."""
    from sqlmodel import col, select

    from ngocoord.store.models import Attendance, Ngo

    present: list[Present] = []
    came: set[int] = set()
    for a in session.exec(
        select(Attendance)
        .where(Attendance.meeting_id == meeting.id, col(Attendance.present).is_(True))
        .order_by(col(Attendance.id))
    ):
        ngo = session.get(Ngo, a.ngo_id) if a.ngo_id else None
        if ngo is not None:
            came.add(ngo.id)  # type: ignore[arg-type]
        present.append(
            Present(
                (ngo.name_bn or ngo.name_en or ngo.code) if ngo else a.organisation or "",
                a.name,
                a.designation,
                a.is_head,
                ngo.code if ngo else None,
            )
        )
    absent = [n for n in on_list(session, meeting.held_on) if n.id not in came]
    return present, absent


def attendance_report(
    session: Session, office_id: int | None, year: int | None = None
) -> dict[str, Any]:
    """Per meeting: NGOs on the list, present, represented by their head; and the NGOs absent
    from the last 3 or more meetings in a row."""
    from sqlmodel import col, select

    from ngocoord.store.models import Meeting

    query = select(Meeting).where(Meeting.office_id == office_id).order_by(col(Meeting.held_on))
    meetings = [m for m in session.exec(query) if year is None or m.held_on.year == year]
    per_meeting = []
    streak: dict[str, int] = {}
    labels: dict[str, str] = {}
    heads = ngo_present = 0
    for m in meetings:
        present, absent = attendance(session, m)
        ngos = [p for p in present if p.ngo_code]
        by_head = sum(1 for p in ngos if p.is_head)
        heads += by_head
        ngo_present += len(ngos)
        listed = len(ngos) + len(absent)
        per_meeting.append(
            {
                "meeting": m.id,
                "held_on": m.held_on.isoformat(),
                "on_list": listed,
                "present": len(ngos),
                "by_head": by_head,
                "head_share": round(by_head / len(ngos), 4) if ngos else None,
            }
        )
        present_codes = {p.ngo_code for p in ngos}
        for n in absent:
            streak[n.code] = streak.get(n.code, 0) + 1
            labels[n.code] = n.name_bn or n.name_en or n.code
        for code in present_codes:
            streak[code] = 0  # type: ignore[index]
        for code in list(streak):
            if code not in present_codes and code not in {n.code for n in absent}:
                streak.pop(code)  # no longer on the list
    return {
        "meetings": per_meeting,
        "head_share": round(heads / ngo_present, 4) if ngo_present else None,
        "absent_3_in_a_row": [
            {"code": c, "name": labels[c], "meetings": k}
            for c, k in sorted(streak.items())
            if k >= 3
        ],
    }


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
