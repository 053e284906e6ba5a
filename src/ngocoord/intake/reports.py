"""NGO monthly reports in the register: the rows of a stored version, and the blank forms
sent out to the NGOs on the list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.intake import report_format
from ngocoord.intake.report_template import write_template
from ngocoord.register import returns, roster
from ngocoord.store import offices

if TYPE_CHECKING:
    from sqlmodel import Session


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
        }
        for line, office in session.exec(query)
    ]


def write_templates(
    session: Session, month: str, out: Path, codes: list[str] | None = None
) -> list[Path]:
    """One pre-filled blank report per NGO on the list in `month` (or the NGOs named)."""

    upazilas = sorted(o.name_bn for o in offices.upazila_offices(session).values())
    due_day = returns.kind(session, returns.NGO_REPORT).due_day
    if codes:
        ngos = [roster.get(session, c) for c in codes]
    else:
        ngos = roster.listed(session, periods.last_day(month))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ngo in ngos:
        path = out / report_format.template_name(month, ngo.code)
        write_template(
            path,
            code=ngo.code,
            name=ngo.name_bn or ngo.name_en or ngo.code,
            month=month,
            upazilas=upazilas,
            due_day=due_day,
        )
        written.append(path)
    return written
