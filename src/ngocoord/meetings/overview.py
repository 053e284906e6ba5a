"""A meeting as `meeting show` gives it: header, texts, items and decisions (each with its ID
and status), who attended and how many, whether the minutes are finalised, and the open
decisions of earlier meetings read out again."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.meetings.attendance import Absent, Present, attendance, counted
from ngocoord.meetings.decisions import carried, listing
from ngocoord.meetings.document import MeetingText
from ngocoord.meetings.meeting import live
from ngocoord.meetings.sending import sent

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Meeting


@dataclass
class Overview:
    values: dict[str, Any]  # the header, as meeting.document gives it
    doc: MeetingText
    present: list[Present]
    absent: list[Absent]  # as the minutes give them: as signed once finalised
    carried: list[dict[str, Any]]
    warnings: list[str]
    finalised: dict[str, Any] | None
    decisions: list[dict[str, Any]]  # this meeting's, as `ngocoord decisions` lists them
    sent: list[dict[str, Any]] = field(default_factory=list)  # `meeting send`: who got what

    def attendance(self) -> dict[str, int]:
        """Who came, counted as the minutes count them (attendance.counted)."""
        return counted(self.present, self.absent)

    def as_dict(self) -> dict[str, Any]:
        """The JSON of `meeting show --format json` (docs/json.md)."""
        return {
            **{k: _plain(v) for k, v in self.values.items()},
            "previous_confirmed": self.values["previous_minutes"] in ("confirmed", "changed"),
            "finalised": self.finalised,
            "is_finalised": self.finalised is not None,
            "warnings": self.warnings,
            "opening": self.doc.opening,
            "items": [
                {
                    "number": it.number,
                    "standard": it.standard,
                    "discussion": it.discussion,
                    "decisions": [
                        {
                            "seq": d.seq,
                            "text": d.text,
                            "due_on": _plain(d.due_on),
                            "removes": d.removes,
                            "implementers": d.implementers or it.implementers,
                        }
                        for d in it.decisions
                    ],
                    "implementers": it.implementers,
                }
                for it in self.doc.items
            ],
            "closing": self.doc.closing,
            "distribution": self.doc.distribution,
            "present": [dataclasses.asdict(p) for p in self.present],
            "absent": [n.code for n in self.absent],
            "attendance": self.attendance(),
            "decisions": self.decisions,
            "carried": self.carried,
            "sent": self.sent,
        }


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def overview(session: Session, meeting: Meeting) -> Overview:
    values, doc, warnings = live(session, meeting)
    present, absent = attendance(session, meeting)
    finalised = (
        {"at": periods.stamp(meeting.finalised_at), "by": meeting.finalised_by}
        if meeting.finalised_at
        else None
    )
    own = listing(session, meeting_id=meeting.id)
    return Overview(
        values,
        doc,
        present,
        absent,
        carried(session, meeting),
        list(dict.fromkeys(warnings)),  # each said once, in order
        finalised,
        own,
        sent(session, meeting),
    )
