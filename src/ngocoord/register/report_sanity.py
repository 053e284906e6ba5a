"""Whether an NGO's monthly report can be right: the one place its sanity rules are written.

Each rule either refuses the file (its figures cannot all be right: the clerk corrects the
file, or asks the NGO, and imports it again) or takes it as read with a warning (it may be
right, but the clerk would want to know and to check it with the NGO). A warned report is
stored exactly as read; the warnings are worked out again from what is stored wherever the
report is shown (`report show`, `report list`), so they cannot drift from the import's.

What the report form (format version 1, `intake.report_format`) can carry, and the rule:

- the month not over on the day the report was received, or after this month: refused
  (`month_over`; a report covers a finished month);
- a negative count or amount: refused as the cell is read (`intake.values`, `report_file`);
- a totals row (মোট) whose figure is not what the rows above it add up to: refused
  (`totals_wrong`): the file contradicts itself and which figure is wrong cannot be told;
- the report dated after the day it was received: warning (a mistyped date; the figures may
  be right);
- the report dated before its month ended, or before it began: warning (prepared early, or a
  mistyped date or month; the month is printed on the template and checked against the file
  name, so the figures are taken as that month's);
- a project's spending this month over its budget for the whole fiscal year: warning (a
  budget raised during the year may not be on the form yet).

The form has no targets, no year-to-date figures and no project dates, so there is nothing to
hold beneficiaries against, no month larger than its year to date, and no dates out of order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.errors import Invalid

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Submission

# Rules that take the report with a warning, by the name JSON gives them.
DATED_AFTER_RECEIPT = "dated_after_receipt"
DATED_BEFORE_MONTH = "dated_before_month"
DATED_IN_MONTH = "dated_before_month_ended"
SPENT_OVER_BUDGET = "spent_over_budget"

PAISA = 0.005  # amounts are kept to the paisa: closer than this is the same amount


@dataclass(frozen=True)
class Finding:
    """One warning of a report: the rule, the field (and project row) it is about, and what
    to check."""

    rule: str
    field: str  # report_date, spent_month
    line_no: int | None  # the project row, 1 for the first; None for the report itself
    message: str

    def said(self) -> str:
        """The warning where the register shows it: the project row first, when it has one."""
        return (f"line {self.line_no}: " if self.line_no is not None else "") + self.message


def month_over(month: str, received_on: date) -> None:
    """Refuse a report of a month that was not over on the day it was received."""
    if periods.last_day(month) >= received_on:
        raise Invalid(
            f"the month {month} is not over on {received_on}; a report covers a finished month"
        )


def of_dates(month: str, report_date: date | None, received_on: date) -> list[Finding]:
    """The report's own date held against the day it came in and the month it reports."""
    if report_date is None:
        return []
    found = []
    if report_date > received_on:
        found.append(
            Finding(
                DATED_AFTER_RECEIPT,
                "report_date",
                None,
                f"the report is dated {report_date}, after it was received on {received_on}; "
                "check the date (প্রতিবেদনের তারিখ) with the NGO",
            )
        )
    if report_date < periods.first_day(month):
        found.append(
            Finding(
                DATED_BEFORE_MONTH,
                "report_date",
                None,
                f"the report is dated {report_date}, before {month} began; check the date "
                "(প্রতিবেদনের তারিখ) and the month with the NGO",
            )
        )
    elif report_date < periods.last_day(month):
        found.append(
            Finding(
                DATED_IN_MONTH,
                "report_date",
                None,
                f"the report is dated {report_date}, before {month} ended; ask the NGO "
                "whether its figures cover the whole month",
            )
        )
    return found


def _taka(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def of_line(line: Mapping[str, Any]) -> list[Finding]:
    """One project row's figures held against each other: `line_no`, `project`,
    `budget_year` and `spent_month` as stored (None when not written)."""
    budget, spent = line.get("budget_year"), line.get("spent_month")
    if budget is None or spent is None or spent <= budget + PAISA:
        return []
    return [
        Finding(
            SPENT_OVER_BUDGET,
            "spent_month",
            line["line_no"],
            f"{line.get('project') or 'the project'}: spent this month ({_taka(spent)} taka) is "
            f"more than the budget for the whole fiscal year ({_taka(budget)} taka); check "
            "both figures with the NGO",
        )
    ]


def of_report(
    month: str, report_date: date | None, received_on: date, lines: Iterable[Mapping[str, Any]]
) -> list[Finding]:
    """Every warning of one report, the report's own first, then row by row."""
    return [*of_dates(month, report_date, received_on), *(f for x in lines for f in of_line(x))]


def totals_wrong(name: str, total: float, lines: Iterable[float | None]) -> str | None:
    """What to say when a totals row's figure for column `name` is not its rows' sum (None
    when it is): a count must match exactly, an amount to the paisa."""
    summed = sum(v for v in lines if v is not None)
    if abs(total - summed) <= PAISA:
        return None
    shown = _taka if isinstance(total, float) or isinstance(summed, float) else "{:,}".format
    return (
        f"the totals row (মোট) says {shown(total)}, but the rows above it add up to "
        f"{shown(summed)}; correct the row that is wrong, or the total, and import it again"
    )


def stored(session: Session, submissions: Iterable[Submission]) -> dict[int, list[Finding]]:
    """The warnings of stored report versions, by submission id, from what the register
    holds: the same rules as the import, read in one query for all of them."""
    from sqlalchemy import select

    from ngocoord.store import tables

    subs = {s.id: s for s in submissions if s.id is not None}
    by_sub: dict[int, list[dict[str, Any]]] = {i: [] for i in subs}
    ids = list(subs)
    conn = session.connection()
    t = tables.table(conn, "report_line").c
    columns = (t.submission_id, t.line_no, t.project, t.budget_year, t.spent_month)
    for start in range(0, len(ids), 500):  # within every database's limit of parameters
        query = (
            select(*columns)
            .where(t.submission_id.in_(ids[start : start + 500]))
            .order_by(t.submission_id, t.line_no)
        )
        for row in conn.execute(query):
            by_sub[row.submission_id].append(dict(row._mapping))
    return {i: of_report(s.month, s.report_date, s.received_on, by_sub[i]) for i, s in subs.items()}
