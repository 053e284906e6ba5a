"""The standard items `meeting new` writes, kept true until the minutes are signed.

Item ০১ says who reported for the month reviewed; its figures sentence and its list of the NGOs
that did not report are worked out again from the register, as of the meeting day, each time
the meeting is shown or its minutes rendered, until they are finalised. An upazila's own
meeting counts the NGOs that work in that upazila, as `check --upazila` does (`upazila_of`).
The carried-forward item lists the earlier meetings' open decisions, each on its own line with
its number, its meeting and its follow-up notes. The rota item names this month's and next
month's presenter. An item keeps its standard mark, whatever its number, while the text it was
written with is in it; `warnings` says what could make the minutes untrue on the day they are
printed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import periods, places
from ngocoord.bangla import (
    format_date_bn,
    format_month_bn,
    format_month_key_bn,
    to_bengali_digits,
    to_latin_digits,
)
from ngocoord.compliance import check as compliance
from ngocoord.meetings import links
from ngocoord.meetings.decisions import carried, notes
from ngocoord.meetings.document import DecisionText, ItemText, MeetingText
from ngocoord.register import lookup, returns, roster
from ngocoord.store import offices

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.compliance.check import Check
    from ngocoord.store.models import Meeting, Office

FIGURES, CARRIED, ROTA = "figures", "carried", "rota"


def _place() -> str:
    """Where item ০১'s sentence counts: a district ("দিনাজপুর জেলায়"), or an upazila, whose
    gazetteer name may be more words than one ("দিনাজপুর সদর উপজেলায়", "সদর দক্ষিণ উপজেলায়"):
    those names whole, tried before a one-word name, so the word before the name is not
    taken in."""
    names = {u.bn for d in places.districts() for u in places.upazilas_of(d) if " " in u.bn}
    longer = "|".join(re.escape(name) for name in sorted(names, key=lambda n: (-len(n), n)))
    return rf"(?:\S+ জেলায়|(?:{longer}|\S+) উপজেলায়)"


# The sentence item ০১ is written with (compliance.check.Check.sentence, with the district or
# the upazila) and the list after it; tests/test_meeting_records.py and
# tests/test_meeting_upazila.py hold the pattern to the sentence.
FIGURES_SENTENCE = re.compile(
    _place() + r" কর্মরত [০-৯]+টি এনজিওর মধ্যে [০-৯]+ টি এনজিও ছক মোতাবেক \S+ মাসের কার্যক্রম "
    r"সম্পর্কিত প্রতিবেদন দাখিল করেছেন।(?: বাকী [০-৯]+ টি সংস্থার [^।]*।)?"
)
NOT_IN = re.compile(r" ?প্রতিবেদন দাখিল করেনি: [^।]*।")
# Figures however typed: "কর্মরত ৭০টি এনজিওর মধ্যে ৫৯ টি"
TYPED_FIGURES = re.compile(r"কর্মরত\s*([০-৯0-9]+)\s*টি\s*এনজিওর\s*মধ্যে\s*([০-৯0-9]+)\s*টি")
CARRIED_INTRO = "বিগত সভাসমূহের অনিষ্পন্ন সিদ্ধান্তসমূহ সভায় পর্যালোচনা করা হয়:"


def items(
    session: Session, meeting: Meeting, last: Meeting | None, closed: list[int] | None = None
) -> list[ItemText]:
    """Item ০১ (who reported), the last meetings' open decisions, and the presentation rota.
    What this meeting restates or fulfils is closed first (`settle`; the ids go into
    `closed`), so that the carried-forward item does not list it."""
    found = [figures_item(session, meeting)]
    presenter = last.next_presenter_ngo_id if last else None
    done = settle(session, meeting, [d.text for d in found[0].decisions], presenter)
    if closed is not None:
        closed += done
    if carried(session, meeting):
        found.append(
            ItemText(
                len(found) + 1,
                carried_text(session, meeting),
                [],  # the decisions stay open on their own meetings; nothing new to follow
                "সংশ্লিষ্ট সকল",
                standard=CARRIED,
            )
        )
    rota_item = presentation_item(session, meeting, last, len(found) + 1)
    if rota_item is not None:
        found.append(rota_item)
    return found


def upazila_of(session: Session, meeting: Meeting) -> Office | None:
    """The upazila office whose own meeting this is; None for the district's."""
    return links.own_upazila(session, meeting)


def where(session: Session, meeting: Meeting) -> tuple[str, str]:
    """("দিনাজপুর জেলায়", "দিনাজপুর।") for the district meeting; for an upazila's own,
    ("পার্বতীপুর উপজেলায়", "পার্বতীপুর, দিনাজপুর।"): the minutes' heading and place."""
    district = offices.home_district(session).bn
    upazila = upazila_of(session, meeting)
    if upazila is not None:
        return f"{upazila.name_bn} উপজেলায়", f"{upazila.name_bn}, {district}।"
    return f"{district} জেলায়", f"{district}।"


def settle(
    session: Session, meeting: Meeting, standing: list[str], presenter: int | None
) -> list[int]:
    """Close, as a decision done is (audited, with a note; `undo` opens it again), the
    earlier meetings' open decisions this meeting takes over: item ০১'s standing decision
    ("প্রত্যেক এনজিওকে … তারিখের মধ্যে …") when this meeting writes it again in the same words,
    since the newest one is the one in force, and the rota decision that named `presenter`
    (this meeting's), since presenting is what it decided. The ids closed."""
    from sqlmodel import col, select

    from ngocoord.meetings.decisions import close
    from ngocoord.store.models import AgendaItem, Decision, Meeting

    when = format_date_bn(meeting.held_on)
    earlier = (
        select(Decision, AgendaItem, Meeting)
        .join(AgendaItem, col(Decision.item_id) == col(AgendaItem.id))
        .join(Meeting, col(AgendaItem.meeting_id) == col(Meeting.id))
        .where(Meeting.office_id == meeting.office_id, col(Meeting.held_on) < meeting.held_on)
        .where(Decision.status == "open", col(AgendaItem.standard).in_([FIGURES, ROTA]))
        .order_by(col(Meeting.held_on), col(Decision.id))
    )
    closed = []
    for d, item, m in session.exec(earlier):
        if item.standard == FIGURES and d.text in standing:
            note = f"{when} তারিখের সভায় একই সিদ্ধান্ত পুনরায় গৃহীত হয় (standing decision)"
        elif item.standard == ROTA and presenter and m.next_presenter_ngo_id == presenter:
            note = f"{when} তারিখের সভায় উপস্থাপন করা হয় (presented)"
        else:
            continue
        assert d.id is not None
        close(session, d.id, "done", note, meeting.held_on)
        closed.append(d.id)
    return closed


def month_check(session: Session, meeting: Meeting) -> Check:
    """Who reported for the month reviewed, as of the meeting day: of the upazila's NGOs for
    its own meeting (`check --upazila`)."""
    kind = returns.kind(session, returns.NGO_REPORT)
    upazila = upazila_of(session, meeting)
    return compliance.check(
        session,
        kind,
        month=meeting.month_reviewed,
        as_of=meeting.held_on,
        upazila=upazila.name_en if upazila is not None else None,
    )


def _sentence(session: Session, meeting: Meeting, check: Check) -> str:
    upazila = upazila_of(session, meeting)
    if upazila is not None:
        return check.sentence(upazila=upazila.name_bn)
    return check.sentence(offices.home_district(session).bn)


def _not_in(check: Check) -> str:
    return " প্রতিবেদন দাখিল করেনি: " + ", ".join(u.name for u in check.not_in) + "।"


def figures_item(session: Session, meeting: Meeting) -> ItemText:
    kind = returns.kind(session, returns.NGO_REPORT)
    check = month_check(session, meeting)
    text = "সহকারী কমিশনার, এনজিও শাখা সভায় জানান যে, " + _sentence(session, meeting, check)
    if check.not_in:
        text += _not_in(check)
    decision = (
        f"প্রত্যেক এনজিওকে পরবর্তী মাসের {to_bengali_digits(kind.due_day)} তারিখের মধ্যে "
        "পূর্ববর্তী মাসের প্রতিবেদন দাখিল নিশ্চিত করতে হবে।"
    )
    _, place = where(session, meeting)
    return ItemText(1, text, [DecisionText(1, decision)], f"সকল এনজিও, {place}", standard=FIGURES)


def carried_text(session: Session, meeting: Meeting) -> str:
    """The carried-forward item: each open decision of earlier meetings on its own line, with
    its number, its meeting's date, its implementers and its follow-up notes."""
    lines = [CARRIED_INTRO]
    for d in carried(session, meeting):
        held_on = format_date_bn(date.fromisoformat(d["held_on"]))
        line = f"{d['number']} ({held_on} তারিখের সভা): {d['text']}"
        if d["implementers"]:
            line += f" — {d['implementers']}"
        follow_up = [n["text"] for n in notes(session, d["id"]) if n["kind"] == "note"]
        if follow_up:
            line += f" (অগ্রগতি: {'; '.join(follow_up)})"
        lines.append(line)
    return "\n".join(lines)


def presentation_item(
    session: Session, meeting: Meeting, last: Meeting | None, number: int
) -> ItemText | None:
    """This month's presenter (named at the last meeting) and the next one from the rota of
    the meeting's office."""
    from ngocoord.store.models import Ngo, Office

    presenter = (
        session.get(Ngo, last.next_presenter_ngo_id)
        if last and last.next_presenter_ngo_id
        else None
    )
    office = session.get(Office, meeting.office_id)
    exclude: set[int | None] = {presenter.id} if presenter else set()
    suggestions = rota(session, meeting.held_on, exclude, office)
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
    name = nxt.name_bn or nxt.name_en or ""
    return ItemText(number, text, [DecisionText(1, decision)], name, standard=ROTA)


def rota(
    session: Session,
    on: date,
    exclude: set[int | None] | None = None,
    office: Office | None = None,
) -> list[dict[str, Any]]:
    """Who may present at an office's meetings, the one that has gone longest without
    presenting at them first (then by code): the NGOs on the list on the day, and for an
    upazila office those that work in it (`roster.listed`, membership.working_in). Each with
    `why`, the reason in words."""
    from sqlmodel import col, select

    from ngocoord.store.models import Meeting

    office = office or offices.home(session)
    upazila = office.id if office.level == "upazila" else None
    last_presented: dict[int, date] = {}
    for ngo_id, held_on in session.exec(
        select(col(Meeting.presenter_ngo_id), col(Meeting.held_on)).where(
            Meeting.office_id == office.id
        )
    ):
        if ngo_id is not None and held_on > last_presented.get(ngo_id, date.min):
            last_presented[ngo_id] = held_on
    found: list[dict[str, Any]] = []
    for ngo in roster.listed(session, on, upazila):
        if ngo.id not in (exclude or set()):
            last = last_presented.get(ngo.id or 0)
            why = f"last presented on {last}" if last else "has not presented yet"
            found.append({"ngo": ngo, "last_presented": last, "why": why})
    found.sort(key=lambda r: (r["last_presented"] or date.min, r["ngo"].code))
    return found


def rota_said(session: Session, meeting: Meeting) -> str | None:
    """Who the meeting's rota item names to present next, and why: of which NGOs, and since
    when it has not presented (`meeting new`)."""
    from ngocoord.store.models import Office

    office = session.get(Office, meeting.office_id)
    if meeting.next_presenter_ngo_id is None or office is None:
        return None
    pool = rota(session, meeting.held_on, {meeting.presenter_ngo_id}, office)
    picked = next((r for r in pool if r["ngo"].id == meeting.next_presenter_ngo_id), None)
    if picked is None:
        return None
    among = (
        f"the {len(pool)} NGO(s) that work in {office.name_bn} (their upazilas, as `check "
        "--upazila` counts them)"
        if office.level == "upazila"
        else f"the {len(pool)} NGO(s) on the list"
    )
    first = "first" if pool[0] is picked else f"number {pool.index(picked) + 1}"
    return (
        f"Next presenter: {picked['ngo'].code} ({picked['ngo'].name_bn or picked['ngo'].name_en}"
        f"), {first} of {among} by the rota: it {picked['why']} at {office.name_bn}'s meetings."
    )


def keeps(kind: str, old: str, new: str) -> bool:
    """Whether an item written as `kind` is still that standard item with the text `new`: its
    figures sentence, or its carried-forward list, is in it; the rota item while unchanged."""
    if kind == FIGURES:
        return FIGURES_SENTENCE.search(new) is not None
    if kind == CARRIED:
        return CARRIED_INTRO in new
    return " ".join(old.split()) == " ".join(new.split())


def refresh(session: Session, meeting: Meeting, doc: MeetingText) -> None:
    """Work item ০১'s figures and list, and the carried-forward list, out again from the
    register; the rest of each item's text is kept."""
    check = None
    for item in doc.items:
        if item.standard == FIGURES and FIGURES_SENTENCE.search(item.discussion):
            check = check or month_check(session, meeting)
            had_list = NOT_IN.search(item.discussion) is not None
            text = NOT_IN.sub("", item.discussion)
            fresh = _sentence(session, meeting, check)
            if had_list and check.not_in:
                fresh += _not_in(check)
            found = FIGURES_SENTENCE.search(text)
            assert found is not None  # the list after it was taken out, not the sentence
            item.discussion = text[: found.start()] + fresh + text[found.end() :]
        elif item.standard == CARRIED and CARRIED_INTRO in item.discussion:
            before = item.discussion[: item.discussion.index(CARRIED_INTRO)].strip()
            item.discussion = "\n".join(filter(None, [before, carried_text(session, meeting)]))


def warnings(session: Session, meeting: Meeting, doc: MeetingText) -> list[str]:
    """What the clerk should know before printing or signing: the month not yet due at the
    meeting, reports that came in after the meeting was recorded, typed figures the register
    does not bear out, an opening that contradicts how the last minutes were taken, and a
    meeting reopened after it was signed."""
    said: list[str] = []
    number = to_bengali_digits
    if meeting.finalised_at is not None:
        return [
            f"Meeting {meeting.id} was finalised on {periods.clock(meeting.finalised_at)} by "
            f"{meeting.finalised_by}: its minutes are printed as signed."
        ]
    if meeting.reopened_at is not None:
        said.append(
            f"Meeting {meeting.id} was reopened on {periods.clock(meeting.reopened_at)} "
            f"after it was signed: {meeting.reopened_reason}"
        )
    kind = returns.kind(session, returns.NGO_REPORT)
    month = format_month_key_bn(meeting.month_reviewed, "/")
    due = periods.due_date(meeting.month_reviewed, kind.due_day)
    if due >= meeting.held_on:
        said.append(
            f"The reports for {month} are due by {due}, not before the meeting on "
            f"{meeting.held_on}: item ০১ counts those in by the meeting day."
        )
    late = _imported_since(session, meeting)
    if late and meeting.created_at is not None:  # none without the time it was recorded
        said.append(
            f"{late} report(s) for {month} came in after meeting {meeting.id} was recorded "
            f"({periods.clock(meeting.created_at)}): item ০১ counts them as of the "
            f"meeting day, {meeting.held_on}."
        )
    check = None
    for item in doc.items:
        for m in TYPED_FIGURES.finditer(item.discussion):
            check = check or month_check(session, meeting)
            typed = (int(to_latin_digits(m.group(1))), int(to_latin_digits(m.group(2))))
            if typed != (check.expected, check.received):
                said.append(
                    f"Item {number(f'{item.number:02d}')} says {typed[1]} of {typed[0]} NGOs "
                    f"reported; the register has {check.received} of {check.expected} for "
                    f"{month} as of {meeting.held_on}."
                )
    unknown = areas_unknown(session, meeting)
    if unknown:
        said.append(areas_said(session, meeting, unknown))
    rule = links.Rule(session, meeting, lookup.load(session), offices.upazila_offices(session))
    stale = links.stale(session, rule)
    if stale:
        said.append(
            f"{len(stale)} decision(s) of meeting {meeting.id} are linked to implementers "
            "otherwise than the rule links them now (recorded before it, or the list has "
            f"changed since): `ngocoord meeting relink {meeting.id}` says what it would change "
            "and asks."
        )
    return said + _opening_warnings(meeting, doc)


def areas_unknown(session: Session, meeting: Meeting) -> list[str]:
    """The codes of the NGOs on the list whose areas are not recorded: an upazila's own meeting
    leaves them out, as `check --upazila` does (register/membership.working_in). None for the
    district's meeting, or for minutes signed (they stay as signed)."""
    if meeting.finalised_at is not None or upazila_of(session, meeting) is None:
        return []
    return [n.code for n in roster.areas_not_recorded(session, meeting.held_on)]


def areas_said(session: Session, meeting: Meeting, codes: list[str]) -> str:
    """What an upazila's meeting says of the NGOs `areas_unknown` gives: its absent NGOs may
    be short of them."""
    upazila = upazila_of(session, meeting)
    assert upazila is not None
    shown = ", ".join(codes[:10]) + (f" and {len(codes) - 10} more" if len(codes) > 10 else "")
    return (
        f"{len(codes)} NGO(s) on the list have no upazila recorded ({shown}): the meeting of "
        f"{upazila.name_bn} leaves them out of item ০১, of the NGOs absent (পরিশিষ্ট-“খ”) and of "
        f'"সকল এনজিও", as `check --upazila` does. If one works in {upazila.name_bn}, record '
        f"it: `ngocoord ngo edit {codes[0]} --areas {upazila.name_bn}` (or the roster's "
        "upazila column)."
    )


def _imported_since(session: Session, meeting: Meeting) -> int:
    from sqlalchemy import func, select

    from ngocoord.store.models import Submission, table

    if meeting.created_at is None:
        return 0
    kind = returns.kind(session, returns.NGO_REPORT)
    s = table(Submission).c
    query = select(func.count()).where(
        s.kind_id == kind.id,
        s.month == meeting.month_reviewed,
        s.is_current,
        s.voided_at.is_(None),
        s.imported_at > meeting.created_at,
    )
    return int(session.execute(query).scalar_one())


def _opening_warnings(meeting: Meeting, doc: MeetingText) -> list[str]:
    """A typed opening that says the last minutes were taken otherwise than recorded."""
    text = " ".join(doc.opening.split())
    if not text:
        return []
    says_not = "দৃঢ় করা হয়নি" in text or "দৃঢ় করা হয় নি" in text
    says_confirmed = "দৃঢ় করা হয়" in text.replace("দৃঢ় করা হয়নি", "").replace("দৃঢ় করা হয় নি", "")
    says_unchanged = "সংশোধন না থাকায়" in text
    state = meeting.previous_minutes
    recorded = {
        None: "not recorded",
        "confirmed": "confirmed",
        "changed": "confirmed with changes",
        "not_confirmed": "not confirmed",
    }[state]
    wrong = (
        (state == "not_confirmed" and says_confirmed)
        or (state in ("confirmed", "changed") and says_not)
        or (state == "changed" and says_unchanged)
        or (state is None and (says_confirmed or says_not))
    )
    if not wrong:
        return []
    return [
        f"The typed opening of meeting {meeting.id} says how the last minutes were taken, but "
        f"the register has them {recorded} (`ngocoord meeting confirm {meeting.id}`)."
    ]
