"""Who attended a meeting: marks one by one or from a sheet, the appendices of the minutes,
and heads versus subordinates over the year."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import names
from ngocoord.errors import CellProblem, Invalid, InvalidRows, NotFound, WouldReplace
from ngocoord.intake import sheets
from ngocoord.meetings import standard
from ngocoord.meetings.document import yes_or_no
from ngocoord.meetings.meeting import on_list, writable
from ngocoord.register import lookup, roster
from ngocoord.store import audit

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Meeting, Ngo


# The present column's own words; হ্যাঁ/না and the like are read as any yes-or-no cell is.
PRESENT = {"উপস্থিত", "present", "p", "✓"}
ABSENT = {"অনুপস্থিত", "absent", "a", "✗"}


@dataclass
class Present:
    organisation: str
    name: str | None
    designation: str | None
    is_head: bool | None
    ngo_code: str | None


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
    replace: bool = False,
    alongside: bool = False,
) -> None:
    """Record one NGO's or office's attendance; an earlier, different mark for the NGO is
    replaced only with `replace` (WouldReplace names it otherwise). `alongside` records one
    more person of an NGO already marked (an attendance sheet with two rows for it). Audited
    with the mark it replaced, so `undo` puts it back."""
    from sqlmodel import select

    from ngocoord.store.models import Attendance

    writable(meeting)
    ngo_id = None
    before = None
    kept: Attendance | None = None
    if ngo_code:
        ngo = roster.get(session, ngo_code)
        ngo_id = ngo.id
        if is_head is None and present and name and ngo.head_name:
            is_head = names.name_key(name) == names.name_key(ngo.head_name)
        if is_head and present and not name:  # the head came: appendix ক names them
            name, designation = ngo.head_name, designation or ngo.head_designation
        new = {"present": present, "name": name, "designation": designation, "is_head": is_head}
        _in_order(session, meeting)
        query = select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.ngo_id == ngo_id
        )
        olds = [] if alongside else list(session.exec(query.order_by(Attendance.id)))  # type: ignore[arg-type]
        if len(olds) == 1 and _mark_values(olds[0]) == new:
            return  # marked so already
        if olds and not replace:
            raise WouldReplace([f"{ngo.code} at meeting {meeting.id}: {_said(o)}" for o in olds])
        if olds:
            kept, before = olds[0], _mark_values(olds[0])
        for old in olds[1:]:  # one mark per NGO given this way: the others go, audited
            _removed(session, meeting, old, ngo.code)
    elif not organisation:
        raise Invalid("Name an NGO code or an --org.")
    row = kept or Attendance(
        meeting_id=meeting.id,  # type: ignore[arg-type]
        ngo_id=ngo_id,
        organisation=organisation,
    )
    row.present, row.name, row.designation = present, name, designation
    row.is_head = is_head if ngo_id else None
    session.add(row)
    session.flush()
    audit.record(
        session,
        "attendance",
        f"{meeting.id}:{ngo_code or organisation}",
        "update" if before else "insert",
        before,
        {"present": present, "name": name, "designation": designation, "is_head": is_head},
        row_id=row.id,
        prior=before if kept is not None else None,  # the mark it replaced
    )


def _in_order(session: Session, meeting: Meeting) -> None:
    """Take the write order before the meeting's marks are read, so that two marks of one NGO
    at once are made one after the other and the second sees the first: on SQLite the
    register's write lock, now; on PostgreSQL the meeting's row."""
    from sqlalchemy import select

    from ngocoord.store import tables

    conn = session.connection()
    if conn.dialect.name != "sqlite":
        m = tables.table(conn, "meeting").c
        conn.execute(select(m.id).where(m.id == meeting.id).with_for_update())
    elif not conn.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _removed(session: Session, meeting: Meeting, old: Any, who: str) -> None:
    """A recorded mark taken away, audited with all its columns (undo puts it back)."""
    from ngocoord.store import rows

    state = rows.state(session.connection(), "attendance", old.id)
    session.delete(old)
    key = f"{meeting.id}:{who}"
    audit.record(
        session, "attendance", key, "delete", _mark_values(old), None, row_id=old.id, prior=state
    )


def _mark_values(a: Any) -> dict[str, Any]:
    return {
        "present": a.present,
        "name": a.name,
        "designation": a.designation,
        "is_head": a.is_head,
    }


def _said(a: Any) -> str:
    """A recorded mark as the clerk would say it."""
    who = ", ".join(x for x in (a.name, a.designation) if x)
    return ("present" if a.present else "absent") + (f" ({who})" if who else "")


# The columns of an attendance sheet (the sheet signed at the meeting, filled in).
ATTENDANCE_HEADINGS: dict[str, list[str]] = {
    "code": ["সংস্থার কোড", "এনজিও কোড", "কোড", "Code", "NGO Code"],
    "ngo": ["সংস্থার নাম", "এনজিওর নাম", "NGO", "Name of NGO"],
    "organisation": ["প্রতিষ্ঠান", "দপ্তর", "অফিস", "Organisation", "Office"],
    "name": ["নাম", "প্রতিনিধির নাম", "Name"],
    "designation": ["পদবি", "পদবী", "Designation"],
    # not "উপস্থিত" or "Present": those are values, and a first row of them would be
    # taken for a second header row
    "present": ["উপস্থিতি", "Attendance"],
    "head": ["সংস্থা প্রধান", "প্রধান", "Head"],
    # the column the printed sheet (`render attendance-sheet`) is signed in
    "signature": ["স্বাক্ষর", "স্বাক্ষর ও তারিখ", "Signature"],
}


def import_attendance(
    session: Session, meeting: Meeting, path: Path, *, replace: bool = False
) -> dict[str, Any]:
    """An attendance sheet for the whole list; bad rows are all reported, nothing written. It
    takes the place of the attendance recorded: what the sheet does not hold as recorded is
    named (WouldReplace) and kept unless `replace`. In a sheet with a signature column, a row
    left unsigned and not marked in উপস্থিতি is absent (`unsigned` names it): nobody signed
    for being there. `not_read` names the columns no field fits."""
    from sqlmodel import select

    writable(meeting)
    table = sheets.find_table(
        path,
        ATTENDANCE_HEADINGS,
        required={"name"},
        any_of=[{"code", "ngo", "organisation"}],
    )
    ngos = lookup.load(session)
    marks: list[dict[str, Any]] = []
    problems: list[CellProblem] = []
    unsigned: list[str] = []
    first_row: dict[str, tuple[int, bool]] = {}  # an NGO's first row and its mark
    for row, cells in table.rows:

        def cell(field: str, cells: list[object] = cells) -> str:
            i = table.columns.get(field)
            value = cells[i] if i is not None and i < len(cells) else None
            return "" if value is None else " ".join(str(value).split())

        if not any(cell(f) for f in ATTENDANCE_HEADINGS):  # a blank row of the printed sheet
            continue
        row_problems = []
        code = None
        if cell("code"):
            found = ngos.code(cell("code"))
            if found is None:
                row_problems.append(table.problem(row, "code", ngos.unknown(cell("code"))))
            code = found.code if found else None
        elif cell("ngo"):
            try:
                code = ngos.find(cell("ngo")).code
            except Invalid as exc:
                row_problems.append(table.problem(row, "ngo", exc.message))
        present_text = cell("present").casefold()
        present: bool | None
        if present_text in PRESENT or present_text in ABSENT:
            present = present_text in PRESENT
        elif present_text:
            present = yes_or_no(present_text)
        else:  # present when blank, unless the sheet has signatures and this row is not signed
            present = "signature" not in table.columns or bool(cell("signature"))
            if not present:
                who = code or cell("organisation") or cell("ngo") or "?"
                named = f" ({cell('name')})" if cell("name") else ""
                unsigned.append(f"row {row}: {who}{named}")
        if present is None:
            row_problems.append(
                table.problem(row, "present", f"{cell('present')!r}: write উপস্থিত or অনুপস্থিত")
            )
        is_head = yes_or_no(cell("head")) if cell("head") else None
        if cell("head") and is_head is None:
            row_problems.append(table.problem(row, "head", f"{cell('head')!r}: write হ্যাঁ or না"))
        if code and present is not None and not row_problems:
            seen = first_row.setdefault(code, (row, present))
            if seen[1] != present:
                said, here = ("present", "absent") if seen[1] else ("absent", "present")
                why = f"{code} is {said} on row {seen[0]} and {here} here: mark it one way"
                row_problems.append(table.problem(row, "present", why))
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
    from ngocoord.store.models import Attendance, Ngo

    _in_order(session, meeting)
    recorded = list(session.exec(select(Attendance).where(Attendance.meeting_id == meeting.id)))
    lost = []
    for old in recorded:
        ngo = session.get(Ngo, old.ngo_id) if old.ngo_id else None
        who = ngo.code if ngo else old.organisation or ""
        if not any(_keeps(m, who, old) for m in marks):
            lost.append(f"{who} at meeting {meeting.id}: {_said(old)}")
    if lost and not replace:
        raise WouldReplace(lost)
    for old in recorded:
        ngo = session.get(Ngo, old.ngo_id) if old.ngo_id else None
        _removed(session, meeting, old, ngo.code if ngo else old.organisation or "")
    session.flush()
    marked: set[str] = set()
    for m in marks:
        try:  # each row is a person: a second row of one NGO is one more of its people
            mark(session, meeting, **m, replace=True, alongside=m["ngo_code"] in marked)
            marked.add(m["ngo_code"])
        except NotFound as exc:
            raise Invalid(f"{path}: {exc.message}", exc.hint) from exc
    return {
        "present": sum(1 for m in marks if m["present"]),
        "absent": sum(1 for m in marks if not m["present"]),
        "unsigned": unsigned,
        "not_read": table.unmatched,
    }


def _keeps(m: dict[str, Any], who: str, old: Any) -> bool:
    """Whether the sheet's mark `m` says what the recorded mark `old` of `who` says (a head
    column left blank is worked out again as it was)."""
    return (
        m["ngo_code"] or m["organisation"] or "",
        m["present"],
        m["name"],
        m["designation"],
    ) == (
        who,
        old.present,
        old.name,
        old.designation,
    ) and m["is_head"] in (None, old.is_head)


@dataclass
class Absent:
    """An NGO on the list that did not come (appendix খ), as the minutes name it."""

    code: str
    name: str
    head_name: str | None
    head_designation: str | None


def attendance(session: Session, meeting: Meeting) -> tuple[list[Present], list[Absent]]:
    """Who attended (appendix ক) and the NGOs on the list who did not (appendix খ): once the
    meeting is finalised, as its signed minutes give them (an NGO imported later with no joining
    date is not absent from a meeting held before it was in the register), else as the register
    stands. `meeting show`, the minutes and the attendance report all count these; the
    marks are given as recorded (the minutes print them in Bengali digits, a blank as "")."""
    signed = json.loads(meeting.signed) if meeting.finalised_at and meeting.signed else {}
    kept = signed.get("attendance") or {  # minutes signed before it was kept as recorded
        part: [{k: None if v == "" else v for k, v in row.items()} for row in signed[part]]
        for part in ("present", "absent")
        if part in signed
    }
    if "present" in kept and "absent" in kept:
        return [Present(**p) for p in kept["present"]], [Absent(**n) for n in kept["absent"]]
    present, absent = _as_it_stands(session, meeting)
    return present, [
        Absent(n.code, n.name_bn or n.name_en or n.code, n.head_name, n.head_designation)
        for n in absent
    ]


def counted(present: list[Present], absent: list[Absent]) -> dict[str, int]:
    """Who came, people counted with people and NGOs with NGOs: everyone present (`present`)
    and those of them not from an NGO (`officers`); the NGOs that came (`ngos_present`, each
    once however many it sent), those represented by their head (`by_head`), the NGOs on the
    list that did not come (`absent`) and the NGOs on the list (`on_list`)."""
    ngos = {p.ngo_code for p in present if p.ngo_code}
    came = len(ngos)
    return {
        "present": len(present),
        "officers": sum(1 for p in present if not p.ngo_code),
        "ngos_present": came,
        "by_head": len({p.ngo_code for p in present if p.ngo_code and p.is_head}),
        "absent": len(absent),
        "on_list": came + len(absent),
    }


def said(figures: dict[str, int]) -> str:
    """The attendance in one line, people as people and NGOs as NGOs (`meeting show`,
    `meeting attendance`)."""
    people = figures["present"]
    return (
        f"{people} {'person' if people == 1 else 'people'} present "
        f"({people - figures['officers']} for NGOs, {figures['officers']} officers and others); "
        f"NGOs: {figures['ngos_present']} of the {figures['on_list']} on the list came "
        f"({figures['by_head']} by their head), {figures['absent']} absent (appendix খ)"
    )


def _as_it_stands(session: Session, meeting: Meeting) -> tuple[list[Present], list[Ngo]]:
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
    absent = [n for n in on_list(session, meeting) if n.id not in came]
    return present, absent


def attendance_report(
    session: Session, office_id: int | None, year: int | None = None
) -> dict[str, Any]:
    """Per meeting: NGOs on the list, present, represented by their head; and the NGOs absent
    from the last 3 or more meetings in a row. An upazila's meeting not yet finalised names the
    NGOs on the list with no upazila recorded, which it does not count (`warnings` says so)."""
    from sqlmodel import col, select

    from ngocoord.store.models import Meeting

    query = select(Meeting).where(Meeting.office_id == office_id).order_by(col(Meeting.held_on))
    meetings = [m for m in session.exec(query) if year is None or m.held_on.year == year]
    per_meeting = []
    streak: dict[str, int] = {}
    labels: dict[str, str] = {}
    heads = ngo_present = 0
    warnings: list[str] = []
    for m in meetings:
        unknown = standard.areas_unknown(session, m)
        if unknown:
            warnings.append(f"Meeting {m.id}: {standard.areas_said(session, m, unknown)}")
        present, absent = attendance(session, m)
        figures = counted(present, absent)
        by_head, came = figures["by_head"], figures["ngos_present"]
        heads += by_head
        ngo_present += came
        per_meeting.append(
            {
                "meeting": m.id,
                "held_on": m.held_on.isoformat(),
                "on_list": figures["on_list"],
                "present": came,
                "by_head": by_head,
                "head_share": round(by_head / came, 4) if came else None,
                "areas_not_recorded": unknown,
            }
        )
        present_codes = {p.ngo_code for p in present if p.ngo_code}
        for n in absent:
            streak[n.code] = streak.get(n.code, 0) + 1
            labels[n.code] = n.name
        for code in present_codes:
            streak[code] = 0
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
        "warnings": warnings,
    }
