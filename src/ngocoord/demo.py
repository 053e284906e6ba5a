"""A register built from the bundled Dinajpur sample, so a new user sees the whole job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ngocoord import periods, places
from ngocoord.compliance import check as compliance
from ngocoord.compliance import reminders, summary, summary_files
from ngocoord.documents.render import Renderer
from ngocoord.errors import Invalid, NgocoordError
from ngocoord.intake.receipts import receipts_from
from ngocoord.intake.report_batch import import_reports
from ngocoord.intake.report_file import collect
from ngocoord.intake.roster_file import import_roster
from ngocoord.meetings import attendance, minutes
from ngocoord.meetings import meeting as meetings
from ngocoord.meetings.document import parse
from ngocoord.register import returns
from ngocoord.resources import folder as shipped
from ngocoord.store import offices, settings
from ngocoord.store.db import create_register

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.db import Register

MONTH = "2021-01"
MEETING_DAY = date(2021, 2, 10)  # the meeting of seed 000

DEMO_SETTINGS = {
    "chair.name": "মোঃ মাহমুদুল আলম",
    "chair.designation": "জেলা প্রশাসক",
    "office.phone": "০৫৩১-৬৫০০১",
    "office.email": "dcdinajpur@mopa.gov.bd",
    "office.website": "www.dinajpurngos.com",
    "tracking.start": "2021-01",
}


@dataclass
class DemoResult:
    folder: Path  # as the clerk gave it (relative stays relative), and so every path below
    db_path: Path
    steps: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # documents written, or why one was not


def build(folder: Path) -> DemoResult:
    """Create a fresh register in `folder` and load the sample data into it."""

    given = folder.expanduser()
    folder = given.resolve()
    db_path = folder / "register.sqlite"
    if db_path.exists():
        raise Invalid(
            f"{db_path} already exists.", "Give another --dir, or delete that folder first."
        )
    folder.mkdir(parents=True, exist_ok=True)
    sample = shipped("sample_data")
    result = DemoResult(given, given / db_path.name)
    register = create_register(f"sqlite:///{db_path}")
    try:
        with register.session() as s:
            district = places.find_district("দিনাজপুর")
            offices.set_up(s, district, "জেলা প্রশাসকের কার্যালয়, দিনাজপুর")
            for key, value in DEMO_SETTINGS.items():
                settings.put(s, key, value)
            result.steps.append(
                f"created the register for {district.bn} district with "
                f"{len(places.upazilas_of(district))} upazila offices"
            )
        with register.session() as s:
            roster = import_roster(s, sample / "roster.xlsx")
            result.steps.append(
                f"imported the roster sample_data/roster.xlsx: {len(roster.added)} NGOs, "
                "codes assigned from their names"
            )
        result.steps.append(_import_reports(register, sample))
        with register.session() as s:
            kind = returns.kind(s, returns.NGO_REPORT)
            january = compliance.check(s, kind, month=MONTH, as_of=MEETING_DAY)
            result.steps.append(
                f"checked {MONTH} as on the meeting day {MEETING_DAY}: {january.sentence()}"
            )
        with register.session() as s:
            result.steps.append(_hold_meeting(s, sample))
        with register.session() as s:
            result.files = _write_documents(s, folder, given)
    finally:
        register.close()
    return result


def _write_documents(session: Session, folder: Path, shown: Path) -> list[str]:
    """What the office prints: the minutes, the January summary, the reminder letters.

    The lines name each file under `shown`, the folder as the clerk wrote it.
    """

    renderer = Renderer.for_register(session)
    context = minutes.context(session, 1)
    written = []
    for fmt in ("html", "docx", "pdf"):
        path = folder / f"minutes-2021-02.{fmt}"
        try:
            renderer.write("minutes", fmt, context, path)
            written.append(str(shown / path.name))
        except NgocoordError as exc:  # a PC without a Bangla font still gets the rest
            written.append(f"{path.name} not written: {exc.message}")
    figures = summary.build(session, MONTH, MEETING_DAY)
    for fmt in ("html", "xlsx"):
        path = summary_files.write(figures, fmt, folder / f"summary-{MONTH}.{fmt}", renderer)
        written.append(str(shown / path.relative_to(folder)))
    letters = reminders.remind(
        session, out=folder / "reminders", as_of=MEETING_DAY, month=MONTH, fmt="docx"
    )
    written += [str(shown / p.relative_to(folder)) for p in letters.files[:1]]
    written.append(f"… {len(letters.files)} files in {shown / 'reminders'}")
    return written


def _hold_meeting(session: Session, sample: Path) -> str:
    """The meeting of 10 February 2021 (seed 000): its minutes as a document, its attendance."""

    meeting = meetings.create(
        session, held_on=MEETING_DAY, time="16:00", venue="জেলা প্রশাসকের সম্মেলন কক্ষ"
    )
    path = sample / "meeting-2021-02.txt"
    text = parse(path.read_text("utf-8"), str(path))
    # the typed minutes of seed 000 take the place of the standard items, as the office's did
    counts = meetings.apply_document(session, meeting, text, replace=True)
    attendance.import_attendance(session, meeting, sample / "attendance-2021-02.xlsx")
    figures = attendance.counted(*attendance.attendance(session, meeting))
    return (
        f"recorded the meeting of {MEETING_DAY} (meeting {meeting.id}): {counts['items']} items, "
        f"{counts['decisions']} decisions, ঢাকা আহছানিয়া মিশন (DAM) taken off the list by "
        f"decision ৩.১; {attendance.said(figures)}"
    )


def _import_reports(register: Register, sample: Path) -> str:
    """The January 2021 reports, each received on the date in the receipts sheet."""

    receipts = receipts_from(sample / f"receipts-{MONTH}.xlsx")
    files = collect([sample / f"reports-{MONTH}"])

    def received(path: Path) -> date:
        return receipts[path.name.casefold()]

    batch = import_reports(register, files, received)
    with register.session() as s:
        due = periods.due_date(MONTH, returns.kind(s, returns.NGO_REPORT).due_day)
    late = sum(
        1
        for o in batch.outcomes
        if o.received_on and o.received_on > due and o.status == "imported"
    )
    return (
        f"imported {batch.count('imported')} January reports from sample_data/reports-{MONTH} "
        f"({late} of them late), {batch.count('rejected')} rejected"
    )
