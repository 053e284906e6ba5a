"""A meeting's items and decisions: written from the document or the minutes' sheet, with the
NGOs and offices that implement them linked, and the NGOs a decision takes off the list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ngocoord import periods
from ngocoord.bangla import parse_int, to_bengali_digits
from ngocoord.errors import CellProblem, Invalid, InvalidRows, WouldReplace
from ngocoord.intake import sheets
from ngocoord.meetings import links, standard
from ngocoord.meetings.decisions import DECISION_HINT, decision_number, items_with_several
from ngocoord.meetings.decisions import get as get_decision
from ngocoord.meetings.document import DecisionText, ItemText, quote, split_decisions
from ngocoord.register import locks, lookup, membership, roster, states
from ngocoord.register.lookup import Lookup
from ngocoord.store import audit, offices, rows

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import AgendaItem, Decision, Meeting


def writable(meeting: Meeting) -> None:
    """Refuse to change a meeting whose minutes are finalised (signed)."""
    if meeting.finalised_at is not None:
        raise Invalid(
            f"Meeting {meeting.id} was finalised on {periods.clock(meeting.finalised_at)} by "
            f"{meeting.finalised_by}; its minutes are kept as signed.",
            f"To change it, first `ngocoord meeting reopen {meeting.id} --reason TEXT`.",
        )


def due_date(meeting: Meeting, number: str, due: date | None) -> date | None:
    """A decision's due date, refused when it falls before the meeting that took the
    decision: nothing can be due before it was decided, and such a date is a slip (a year or
    a month mistyped) that would make the decision overdue from the day it is recorded."""
    if due is not None and due < meeting.held_on:
        raise Invalid(
            f"Decision {number} of meeting {meeting.id} would be due on {due}, before the "
            f"meeting itself ({meeting.held_on}).",
            "Check the due date's year and month ({শেষ তারিখ: DATE} in the document, --due).",
        )
    return due


def write_items(
    session: Session,
    meeting: Meeting,
    items: list[ItemText],
    ngos: Lookup | None = None,
    *,
    whole: bool,
    replace: bool = False,
    unlock_reason: str | None = None,
) -> dict[str, int]:
    """Bring the meeting's items in line with `items`. With `whole` (the meeting document)
    they are all its items, and a recorded item or decision left out is removed; otherwise (the
    sheet) only the items of those numbers are touched. Nothing recorded is removed, replaced,
    or loses its standard mark unless `replace`: WouldReplace names each one instead. Every
    change is audited with the text before and after; a decision that stays keeps its
    follow-up. A removal decision made or deleted that changes a locked month's list needs
    `unlock_reason` (register/locks.py)."""
    from ngocoord.store.models import AgendaItem, Decision

    for it in items:
        for dt in it.decisions:
            due_date(meeting, decision_number(it.number, dt.seq, len(it.decisions) > 1), dt.due_on)
    existing, recorded = _recorded(session, meeting)
    refuse_losses(session, meeting, items, whole=whole, replace=replace)
    ngos = ngos if ngos is not None else lookup.load(session)
    upazilas = offices.upazila_offices(session)
    conn = session.connection()
    trail: list[dict[str, object]] = []
    written: list[Decision] = []  # linked once every removal is made: the list as it ends
    counts = {"items": len(items), "decisions": 0, "removed_decisions": 0}
    given = {it.number for it in items}
    why = unlock_reason
    for it in items:
        item = existing.get(it.number)
        key = f"{meeting.id}:{it.number}"
        before = _item_values(item) if item else None
        prior = rows.plain_dict(before)
        if item is None:
            item = AgendaItem(meeting_id=meeting.id, number=it.number, discussion=it.discussion)  # type: ignore[arg-type]
            session.add(item)
            session.flush()
        if it.standard is not None:
            item.standard = it.standard
        elif item.standard and not standard.keeps(item.standard, item.discussion, it.discussion):
            item.standard = None
        item.discussion, item.implementers = it.discussion, it.implementers or None
        after = _item_values(item)
        if before != after:
            action = "update" if before else "insert"
            trail.append(
                audit.entry("agenda_item", key, action, before, after, row_id=item.id, prior=prior)
            )
        old = {d.seq: d for d in recorded.get(it.number, [])}
        for dt in it.decisions:
            d = old.pop(dt.seq, None)
            was = _decision_values(d) if d else None
            kept = states.state(conn, "decision", d.id, None) if d and d.id else None
            if d is None:
                d = Decision(item_id=item.id, seq=dt.seq, text=dt.text)  # type: ignore[arg-type]
                session.add(d)
                session.flush()
            d.text, d.due_on = dt.text, dt.due_on
            d.implementers = dt.implementers or it.implementers or None
            written.append(d)
            dkey = f"{key}.{dt.seq}"
            if dt.removes:
                # the decision's row before the removal's: undo ends the removal first
                now = _decision_values(d)
                action = "update" if was else "insert"
                trail.append(
                    audit.entry("decision", dkey, action, was, now, row_id=d.id, prior=kept)
                )
                audit.write(session, trail)
                trail.clear()
                was = now
                several = len(it.decisions) > 1
                remove_by_decision(session, meeting, d, it.number, dt.removes, several, why)
            if was != _decision_values(d):
                action = "update" if was else "insert"
                now = _decision_values(d)
                trail.append(
                    audit.entry("decision", dkey, action, was, now, row_id=d.id, prior=kept)
                )
            counts["decisions"] += 1
        for gone in old.values():
            trail.append(_dropped(conn, f"{key}.{gone.seq}", gone))
            _drop_decision(session, gone, why)
            counts["removed_decisions"] += 1
    rule = links.Rule(session, meeting, ngos, upazilas)
    for d in written:
        links.link(session, rule, d)
    if whole:
        for number, item in existing.items():
            if number in given:
                continue
            for d in recorded[number]:
                trail.append(_dropped(conn, f"{meeting.id}:{number}.{d.seq}", d))
                _drop_decision(session, d, why)
                counts["removed_decisions"] += 1
            assert item.id is not None
            whole_item = rows.state(conn, "agenda_item", item.id)
            trail.append(
                audit.entry(
                    "agenda_item",
                    f"{meeting.id}:{number}",
                    "delete",
                    _item_values(item),
                    row_id=item.id,
                    prior=whole_item,
                )
            )
            session.delete(item)
    session.flush()
    audit.write(session, trail)
    return counts


def _recorded(
    session: Session, meeting: Meeting
) -> tuple[dict[int, AgendaItem], dict[int, list[Decision]]]:
    """The meeting's items by number, and each item's decisions in order."""
    from sqlmodel import col, select

    from ngocoord.store.models import AgendaItem, Decision

    existing = {
        i.number: i
        for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    }
    recorded = {
        number: list(
            session.exec(
                select(Decision).where(Decision.item_id == item.id).order_by(col(Decision.seq))
            )
        )
        for number, item in existing.items()
    }
    return existing, recorded


def refuse_losses(
    session: Session, meeting: Meeting, items: list[ItemText], *, whole: bool, replace: bool
) -> None:
    """WouldReplace, before anything is changed, when writing `items` would remove or replace
    what is recorded and `replace` was not given; a finalised meeting is refused outright."""
    writable(meeting)
    losses = _losses(*_recorded(session, meeting), items, whole)
    if losses and not replace:
        raise WouldReplace(losses)


def _dropped(conn: Any, key: str, d: Decision) -> dict[str, Any]:
    """The audit row of a decision deleted, with all of it (links, notes) for `undo`."""
    assert d.id is not None
    whole = states.state(conn, "decision", d.id, None)
    return audit.entry("decision", key, "delete", _decision_values(d), row_id=d.id, prior=whole)


def _item_values(item: AgendaItem) -> dict[str, object]:
    return {
        "discussion": item.discussion,
        "implementers": item.implementers,
        "standard": item.standard,
    }


def _decision_values(d: Decision) -> dict[str, object]:
    return {"text": d.text, "due_on": d.due_on, "implementers": d.implementers, "status": d.status}


def _same(d: Decision, dt: DecisionText, it: ItemText) -> bool:
    return (d.seq, d.text, d.due_on, d.implementers) == (
        dt.seq,
        dt.text,
        dt.due_on,
        dt.implementers or it.implementers or None,
    )


def _losses(
    existing: dict[int, AgendaItem],
    recorded: dict[int, list[Decision]],
    items: list[ItemText],
    whole: bool,
) -> list[str]:
    """What writing `items` would remove or replace of what is recorded, one line each."""
    losses: list[str] = []
    given = {it.number: it for it in items}
    for number, item in sorted(existing.items()):
        label = _label(item)
        it = given.get(number)
        if it is None:
            if whole:
                n = len(recorded[number])
                losses.append(f"item {label} would be removed, with its {n} decision(s)")
            continue
        decisions = recorded[number]
        same = (
            item.discussion == it.discussion
            and (item.implementers or "") == (it.implementers or "")
            and len(decisions) == len(it.decisions)
            and all(_same(d, dt, it) for d, dt in zip(decisions, it.decisions, strict=True))
        )
        if not whole and not same:
            losses.append(f"item {label} would be replaced by {quote(it.discussion)}")
            continue
        if (
            item.standard
            and it.standard is None
            and not standard.keeps(item.standard, item.discussion, it.discussion)
        ):
            losses.append(f"item {label} would no longer be the one `meeting new` wrote")
        if whole:
            kept = {dt.seq for dt in it.decisions}
            several = len(decisions) > 1
            for d in decisions:
                if d.seq not in kept:
                    number_bn = decision_number(number, d.seq, several)
                    losses.append(f"decision {number_bn} {quote(d.text)} would be removed")
    return losses


def _label(item: AgendaItem) -> str:
    number = to_bengali_digits(f"{item.number:02d}")
    written = f" (written by `meeting new`: {item.standard})" if item.standard else ""
    return f"{number}{written} {quote(item.discussion)}"


def _drop_decision(session: Session, d: Decision, unlock_reason: str | None) -> None:
    """A decision deleted from the document: its links and notes go, a removal is undone."""
    from sqlmodel import select

    from ngocoord.store.models import DecisionLink, DecisionNote, Membership, Ngo

    for row in session.exec(select(DecisionLink).where(DecisionLink.decision_id == d.id)):
        session.delete(row)
    for note in session.exec(select(DecisionNote).where(DecisionNote.decision_id == d.id)):
        session.delete(note)
    for period in session.exec(select(Membership).where(Membership.end_decision_id == d.id)):
        ngo = session.get(Ngo, period.ngo_id)
        assert ngo is not None
        change = f"back on the list: the decision that removed it on {period.end_date} deleted"
        periods = roster.memberships(session, period.ngo_id)
        membership.refuse_reopen(ngo.code, periods, period)
        moved = locks.end_move(ngo.code, change, periods, period, None)
        locks.guard_list(session.connection(), [moved], unlock_reason, DECISION_HINT)
        period.end_date, period.end_reason, period.end_decision_id = None, None, None
    session.flush()
    session.delete(d)
    session.flush()  # no relationships are declared: the decision must go before its item


def remove_by_decision(
    session: Session,
    meeting: Meeting,
    d: Decision,
    item_number: int,
    code: str,
    several: bool,
    unlock_reason: str | None = None,
) -> None:
    """The decision takes an NGO off the list from the meeting date (seed 000, item ০৩), and
    is done by it; a locked month it takes the NGO out of needs `unlock_reason`."""
    from ngocoord.store.models import DecisionNote

    ngo = roster.get(session, code)
    periods_ = roster.memberships(session, ngo.id)  # type: ignore[arg-type]
    if any(p.end_decision_id == d.id for p in periods_):
        return
    open_periods = [p for p in periods_ if p.end_date is None]
    if not open_periods:
        raise Invalid(
            f"{ngo.code} is not on the list, so decision {item_number}.{d.seq} cannot remove it."
        )
    number = decision_number(item_number, d.seq, several)
    reason = f"সভার সিদ্ধান্ত {number} ({meeting.held_on})"
    roster.end_membership(
        session, ngo.code, open_periods[-1], meeting.held_on, reason, d.id, unlock_reason,
        DECISION_HINT,
    )  # fmt: skip
    d.status, d.closed_on = "done", meeting.held_on  # the removal is what it decided
    session.add(
        DecisionNote(
            decision_id=d.id,  # type: ignore[arg-type]
            written_on=meeting.held_on,
            kind="done",
            text=f"{ngo.code} taken off the list from {meeting.held_on}",
        )
    )


def edit_decision(
    session: Session,
    decision_id: int,
    *,
    text: str | None = None,
    due_on: date | Literal[False] | None = False,
    implementers: str | None = None,
) -> bool:
    """Change a decision's text, due date (None clears it; False leaves it) or implementers
    (linked as the document's are; empty: the item's again), audited; False when that is what
    it already says. A decision of a finalised meeting is refused."""
    from ngocoord.store.models import AgendaItem, Meeting

    d = get_decision(session, decision_id)
    item = session.get(AgendaItem, d.item_id)
    meeting = session.get(Meeting, item.meeting_id) if item else None
    assert item is not None and meeting is not None
    writable(meeting)
    before = _decision_values(d)
    assert d.id is not None
    prior = states.state(session.connection(), "decision", d.id, None)  # links too, for undo
    if text is not None:
        d.text = " ".join(text.split())
        if not d.text:
            raise Invalid("The decision's text cannot be empty.")
    if due_on is not False:
        several = item.id in items_with_several(session, {item.id})
        d.due_on = due_date(meeting, decision_number(item.number, d.seq, several), due_on)
    ngos = lookup.load(session)
    if implementers is not None:
        unknown = ngos.unknown_codes(implementers)
        if unknown:
            raise Invalid("\n".join(unknown), "Give the implementers by code or name.")
        d.implementers = " ".join(implementers.split()) or item.implementers or None
    after = _decision_values(d)
    if after == before:
        return False
    links.link(session, links.Rule(session, meeting, ngos, offices.upazila_offices(session)), d)
    key = f"{meeting.id}:{item.number}.{d.seq}"
    audit.record(session, "decision", key, "update", before, after, row_id=d.id, prior=prior)
    return True


def relink(session: Session, meeting: Meeting, *, replace: bool) -> list[str]:
    """Bring the links of the meeting's decisions to the rule (meetings/links.py), for a
    meeting recorded before it: what changes, a line a decision, and WouldReplace with those
    lines unless `replace`; each decision's links audited with their state before, so `undo`
    puts them back. A finalised meeting is refused (`meeting reopen` first)."""
    from ngocoord.meetings.decisions import items_with_several

    writable(meeting)
    rule = links.Rule(session, meeting, lookup.load(session), offices.upazila_offices(session))
    changes = links.stale(session, rule)
    several = items_with_several(session, {c.decision.item_id for c in changes})
    codes = _codes(session, changes)
    places = {o.id: o.name_bn for o in rule.upazilas.values() if o.id is not None}
    lines = []
    for c in changes:
        parts: list[tuple[str, dict[int, str], set[int]]] = [
            ("links NGO(s)", codes, c.ngos[0]),
            ("no longer links NGO(s)", codes, c.ngos[1]),
            ("links upazila office(s)", places, c.offices[0]),
            ("no longer links upazila office(s)", places, c.offices[1]),
        ]
        said = [
            f"{what} ({len(ids)}): {_shown(sorted(names[i] for i in ids))}"
            for what, names, ids in parts
            if ids
        ]
        number = decision_number(c.item_number, c.decision.seq, c.decision.item_id in several)
        lines.append(f"decision {number} ({c.decision.implementers}): {'; '.join(said)}")
        c.said = lines[-1]
    if changes and not replace:
        raise WouldReplace(lines)
    conn, trail = session.connection(), []
    for c in changes:
        d = c.decision
        assert d.id is not None
        prior = states.state(conn, "decision", d.id, None)  # with its links, for undo
        links.link(session, rule, d)
        key = f"{meeting.id}:{c.item_number}.{d.seq}"
        was, now = {"links": "as recorded"}, {"links": c.said}
        trail.append(audit.entry("decision", key, "update", was, now, row_id=d.id, prior=prior))
    session.flush()
    audit.write(session, trail)
    return lines


def _codes(session: Session, changes: list[links.Change]) -> dict[int, str]:
    from sqlmodel import col, select

    from ngocoord.store.models import Ngo

    ids = {i for c in changes for part in c.ngos for i in part}
    return {n.id: n.code for n in session.exec(select(Ngo).where(col(Ngo.id).in_(ids))) if n.id}


def _shown(names: list[str]) -> str:
    return ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")


def import_items(
    session: Session,
    meeting: Meeting,
    path: Path,
    *,
    replace: bool = False,
    unlock_reason: str | None = None,
) -> dict[str, int]:
    """Add a meeting's items from the minutes' four-column sheet: items of new numbers are
    added, items the sheet does not hold are left alone, and a recorded item the sheet holds
    differently is replaced only with `replace`."""
    ngos = lookup.load(session)
    found = items_from_sheet(path, ngos)
    return write_items(
        session, meeting, found, ngos, replace=replace, whole=False, unlock_reason=unlock_reason
    )


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
    seen: dict[int, int] = {}
    at = table.columns.get("number")
    numbered = at is not None and any(
        at < len(cells) and str(cells[at] or "").strip() for _, cells in table.rows
    )
    for row, cells in table.rows:

        def cell(name: str, cells: list[object] = cells) -> str:
            i = table.columns.get(name)
            value = cells[i] if i is not None and i < len(cells) else None
            return "" if value is None else str(value).strip()

        if numbered and items and not (cell("number") or cell("decisions") or cell("implementers")):
            # the discussion of the item above, carried on in a row of its own as Word splits it
            if cell("discussion"):
                items[-1].discussion += " " + " ".join(cell("discussion").split())
            continue
        try:
            number = parse_int(cell("number")) if cell("number") else len(items) + 1
        except ValueError:
            problems.append(
                table.problem(row, "number", f"{cell('number')!r} is not an item number")
            )
            continue
        if not cell("discussion"):
            said = (
                "decisions without an item: give the row its item number and discussion"
                if cell("decisions")
                else "the discussion is empty"
            )
            problems.append(table.problem(row, "discussion", said))
            continue
        if number in seen:
            problems.append(
                table.problem(row, "number", f"item {number} is also on row {seen[number]}")
            )
        seen.setdefault(number, row)
        found: list[tuple[int, str]] = []
        decisions = split_decisions(number, cell("decisions"), 0, found)
        problems += [table.problem(row, "decisions", said) for _, said in found]
        if ngos is not None:
            unknown = ngos.unknown_codes(cell("implementers"))
            problems += [table.problem(row, "implementers", said) for said in unknown]
        items.append(
            ItemText(
                number,
                " ".join(cell("discussion").split()),
                decisions,
                cell("implementers"),
                row,
            )
        )
    if problems:
        raise InvalidRows(problems, "Correct the sheet and import it again.")
    return items
