"""Finalising a meeting's minutes as signed, and reopening them.

`finalise` works the standard items out one last time, writes them into the record, keeps the
minutes exactly as they print (text, figures, attendance, decisions) in the meeting, records
who and when, and writes the final minutes as PDF and Word into the register's files folder,
where kept returns go. From then on the minutes print as signed, whatever comes into the
register later, and the meeting cannot be changed until `reopen`, whose reason is audited and
shown when the minutes are next printed. Finalising a meeting of the home office also locks the
month it reviewed (register/locks.py), so its returns no longer change without a recorded
reason; reopening leaves the lock, which only `ngocoord unlock` removes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ngocoord.errors import Invalid
from ngocoord.meetings import meeting as meetings
from ngocoord.meetings import minutes
from ngocoord.meetings.items import write_items
from ngocoord.register import locks
from ngocoord.store import audit

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.documents.render import Renderer
    from ngocoord.store.models import Meeting

FINAL_FORMATS = ("pdf", "docx")


def finalise(session: Session, meeting: Meeting, folder: Path, renderer: Renderer) -> list[Path]:
    """Freeze the minutes as signed and write them as PDF and docx into `folder`."""
    meetings.writable(meeting)
    _, doc, _ = meetings.live(session, meeting)
    write_items(session, meeting, doc.items, whole=True)  # the figures as signed
    session.flush()
    context = minutes.context(session, meeting.id)  # type: ignore[arg-type]
    context["reopened"] = None
    now = datetime.now(UTC)
    stamp = f"{now:%Y%m%d-%H%M%S}"
    written: list[Path] = []
    try:
        for fmt in FINAL_FORMATS:
            path = folder / f"minutes-{meeting.held_on}-meeting-{meeting.id}-final-{stamp}.{fmt}"
            written.append(renderer.write("minutes", fmt, context, path))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    meeting.signed = minutes.as_signed(context)
    meeting.finalised_at, meeting.finalised_by = now, audit.os_user()
    audit.record(
        session,
        "meeting",
        str(meeting.id),
        "finalise",
        None,
        {"finalised_by": meeting.finalised_by, "files": [str(p) for p in written]},
    )
    locks.lock_reviewed(session, meeting)
    return written


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
    meeting.reopened_at = datetime.now(UTC)
    meeting.reopened_reason = reason
    audit.record(session, "meeting", str(meeting.id), "reopen", old, {"reason": reason})
