"""The returns in the register as the commands list and show them: the current returns of a
month, and the project rows of one report version."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ngocoord.register import report_sanity
from ngocoord.register.returns import kind

if TYPE_CHECKING:
    from sqlmodel import Session


def listing(session: Session, kind_name: str, month: str) -> list[dict[str, Any]]:
    """The current returns of a kind for a month, as dicts with stable keys; `warnings` are
    what a report was taken with (`report_sanity`), each with its project row."""
    from sqlmodel import col, select

    from ngocoord.store.models import Ngo, Office, Submission

    rk = kind(session, kind_name)
    query = (
        select(Submission, Ngo, Office)
        .join(Ngo, col(Submission.ngo_id) == col(Ngo.id), isouter=True)
        .join(Office, col(Submission.unit_office_id) == col(Office.id), isouter=True)
        .where(Submission.kind_id == rk.id, Submission.month == month)
        .where(col(Submission.is_current).is_(True), col(Submission.voided_at).is_(None))
    )
    found = list(session.exec(query))
    warned = report_sanity.stored(session, (sub for sub, *_ in found))
    rows = []
    for sub, ngo, office in found:
        assert sub.id is not None
        rows.append(
            {
                "unit": ngo.code if ngo else office.name_en if office else None,
                "name": (ngo.name_bn or ngo.name_en) if ngo else office.name_bn if office else None,
                "month": sub.month,
                "received_on": sub.received_on.isoformat(),
                "version": sub.version,
                "file": sub.stored_file or sub.source_file,
                "warnings": [f.said() for f in warned[sub.id]],
            }
        )
    return sorted(rows, key=lambda r: str(r["unit"]))


def lines_of(session: Session, submission_id: int) -> list[dict[str, Any]]:
    """The project rows of one report version, with upazila names."""
    from sqlmodel import col, select

    from ngocoord.store.models import Office, ReportLine

    query = (
        select(ReportLine, Office)
        .join(Office, col(ReportLine.upazila_office_id) == col(Office.id), isouter=True)
        .where(ReportLine.submission_id == submission_id)
        .order_by(col(ReportLine.line_no))
    )
    return [
        {
            "line": line.line_no,
            "project": line.project,
            "donor": line.donor,
            "upazila": office.name_bn if office else None,
            "sector": line.sector,
            "male": line.ben_male,
            "female": line.ben_female,
            "children": line.ben_children,
            "budget_year": line.budget_year,
            "spent_month": line.spent_month,
            "activities": line.activities,
            "extra": json.loads(line.extra) if line.extra else {},
        }
        for line, office in session.exec(query)
    ]
