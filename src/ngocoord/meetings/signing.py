"""Finalising a meeting's minutes as signed, and reopening them.

`finalise` works the standard items out one last time, writes them into the record, keeps the
minutes exactly as they print (text, figures, attendance, decisions) in the meeting, records
who and when, and writes the final minutes as PDF and Word into the register's files folder,
where kept returns go. From then on the minutes print as signed, whatever comes into the
register later, and the meeting cannot be changed until `reopen`, whose reason is audited and
shown when the minutes are next printed. Finalising a meeting of the home office also locks the
month it reviewed (register/locks.py), so its returns no longer change without a recorded
reason; reopening leaves the lock, which only `ngocoord unlock` removes.

An upazila meeting's minutes, once finalised, are that upazila's minutes return
(`upazila-minutes`) for the month reviewed, received on the finalising day (a Bangladesh date),
through the one version writer, unless a file was already received for that month: the
office's own minutes are what the upazila sends. Reopening leaves the return received (the
minutes were signed and in on that day); finalising again writes a new version when the
minutes changed, which does not move the day the return first came in.
"""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ngocoord import periods
from ngocoord.errors import Invalid, Locked
from ngocoord.meetings import meeting as meetings
from ngocoord.meetings import minutes
from ngocoord.meetings.items import write_items
from ngocoord.register import locks, returns
from ngocoord.store import audit, offices, runs

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.documents.render import Renderer
    from ngocoord.store.models import Meeting

FINAL_FORMATS = ("pdf", "docx")


@dataclass
class Finalised:
    files: list[Path]  # the minutes as signed, PDF first
    as_return: str | None  # an upazila meeting: what became of its minutes return, for the clerk


def _stem(meeting: Meeting) -> str:
    """How the files of this meeting's signed minutes begin (the return's source file too)."""
    return f"minutes-{meeting.held_on}-meeting-{meeting.id}-final-"


def finalise(session: Session, meeting: Meeting, folder: Path, renderer: Renderer) -> Finalised:
    """Freeze the minutes as signed and write them as PDF and docx into `folder`; an upazila
    meeting's become its minutes return."""
    meetings.writable(meeting)
    _, doc, _ = meetings.live(session, meeting)
    write_items(session, meeting, doc.items, whole=True)  # the figures as signed
    session.flush()
    context = minutes.context(session, meeting.id)  # type: ignore[arg-type]
    context["reopened"] = None
    now = periods.now()
    stamp = f"{periods.local(now):%Y%m%d-%H%M%S}"  # the office's clock, as the clerk reads it
    written: list[Path] = []
    try:
        for fmt in FINAL_FORMATS:
            path = folder / f"{_stem(meeting)}{stamp}.{fmt}"
            written.append(renderer.write("minutes", fmt, context, path))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    meeting.signed = minutes.as_signed(context)
    meeting.finalised_at, meeting.finalised_by = now, runs.os_user()
    audit.record(
        session,
        "meeting",
        str(meeting.id),
        "finalise",
        None,
        {"finalised_by": meeting.finalised_by, "files": [str(p) for p in written]},
    )
    locks.lock_reviewed(session, meeting)
    return Finalised(written, _as_return(session, meeting, written[0]))


def _as_return(session: Session, meeting: Meeting, pdf: Path) -> str | None:
    """Record an upazila meeting's signed minutes as its minutes return (the module's rule);
    None for a district meeting."""
    from ngocoord.store.models import Office

    office = session.get(Office, meeting.office_id)
    if office is None or office.level != "upazila" or meeting.finalised_at is None:
        return None
    session.flush()  # the meeting as signed is written before the version writer's statements
    kind = returns.kind(session, returns.UPAZILA_MINUTES)
    assert kind.id is not None and meeting.signed is not None
    month, whose = meeting.month_reviewed, f"the {kind.name} of {office.name_bn}"
    received = [
        s
        for s in returns.versions(session, kind.id, month, ngo_id=None, unit_office_id=office.id)
        if s.voided_at is None and not s.source_file.startswith(_stem(meeting))
    ]
    if received:
        first = min(received, key=lambda s: s.received_on)
        return (
            f"Not counted as {whose} for {month}: {first.source_file} was received for that "
            f"month on {first.received_on}."
        )
    home = offices.home(session)
    assert home.id is not None
    on = periods.today(meeting.finalised_at)
    try:
        result = returns.record(
            session,
            kind=kind,
            office_id=home.id,
            month=month,
            received_on=on,
            content=hashlib.sha256(meeting.signed.encode("utf-8")).hexdigest(),
            source_file=pdf.name,
            unit_office_id=office.id,
            unit_label=office.name_en,
        )
    except Locked as locked:  # the district reviewed the month already: the clerk decides
        return (
            f"Not counted as {whose} for {month}: {locked.message} If it must count, run "
            f"`ngocoord return receive {shlex.quote(str(pdf))} --kind {kind.name} --month {month} "
            f"--from {office.name_en} --received-on {on} --unlock-reason TEXT`."
        )
    if result.status == "unchanged":
        return f"Counted as {whose} for {month} already, with the same minutes."
    assert result.submission is not None
    result.submission.stored_file = str(pdf)
    return f"Counted as {whose} for {month}, received on {on} (version {result.version})."


def lock_of(session: Session, meeting: Meeting) -> locks.Lock | None:
    """The lock of the month the meeting reviewed, if any."""
    assert meeting.office_id is not None
    return locks.found(session.connection(), meeting.office_id, meeting.month_reviewed)


def reopen(session: Session, meeting: Meeting, reason: str) -> None:
    """Make a finalised meeting changeable again; the reason is audited and printed."""
    reason = " ".join(reason.split())
    if meeting.finalised_at is None:
        raise Invalid(f"Meeting {meeting.id} is not finalised; there is nothing to reopen.")
    if not reason:
        raise Invalid("Give the reason with --reason.")
    old = {"finalised_at": meeting.finalised_at, "finalised_by": meeting.finalised_by}
    meeting.finalised_at = meeting.finalised_by = meeting.signed = None
    meeting.reopened_at = periods.now()
    meeting.reopened_reason = reason
    audit.record(session, "meeting", str(meeting.id), "reopen", old, {"reason": reason})
