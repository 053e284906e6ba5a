"""The monthly summary for the coordination meeting: who reported, what the reports say,
how reporting went over the year, and who keeps missing it.

`build(session, month, as_of)` gathers everything into one dict (docs/summary.md lists its
keys); it reads the register and writes nothing. `compliance.summary_files.write(...)` turns
that dict into a file (md, html, xlsx or csv).

Rules:
- Reporting status is `compliance.check` of the NGO monthly report (`ngo-report`) for the
  month, as of `as_of`.
- By upazila, an NGO is counted in every upazila it works in (`ngo_area`), so the upazila rows
  add up to more than the district; NGOs with no working area recorded get a row of their own.
- Beneficiaries and money come from the report lines of each NGO's latest version that is not
  voided and was received on or before `as_of` (today: the current version). Blank counts and
  amounts count as 0. Total beneficiaries = male + female + children, as the ছক counts
  children separately.
- The trend is the reporting rate of the 12 months ending at the month, each checked as of
  `as_of`; months before the tracking start, or with nobody expected, have no data.
- Repeat defaulters are `compliance.history`'s: missed 3 or more of the 12 months.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.bangla import MONTHS_BN, bn_text, format_month_key_bn, to_bengali_digits
from ngocoord.compliance import check as compliance
from ngocoord.documents.letterhead import office_context
from ngocoord.register import kinds, locks, returns
from ngocoord.store import offices

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import ReturnKind

TREND_MONTHS = 12

STATUS_BN = {
    compliance.ON_TIME: "যথাসময়ে",
    compliance.LATE: "বিলম্বে",
    compliance.MISSING: "পাওয়া যায়নি",
    compliance.NOT_DUE: "সময় বাকি",
}
NO_SECTOR = "খাত উল্লেখ নেই"
NO_UPAZILA = "উপজেলা উল্লেখ নেই"
NO_AREA = "কর্মএলাকা উল্লেখ নেই"
AREA_NOTE = (
    "একাধিক উপজেলায় কর্মরত এনজিও প্রতিটি উপজেলায় গণনা করা হয়েছে, "
    "তাই উপজেলাগুলোর যোগফল জেলার মোটের চেয়ে বেশি হতে পারে।"
)


# ---------------------------------------------------------------- gathering


def status_text(status: str, days_late: int | None, days_overdue: int | None) -> str:
    """ "বিলম্বে (৩ দিন)", "পাওয়া যায়নি (৩ দিন অতিক্রান্ত)", "যথাসময়ে"."""
    text = STATUS_BN.get(status, status)
    if status == compliance.LATE and days_late:
        return f"{text} ({to_bengali_digits(days_late)} দিন)"
    if status == compliance.MISSING and days_overdue:
        return f"{text} ({to_bengali_digits(days_overdue)} দিন অতিক্রান্ত)"
    return text


def _areas(session: Session) -> tuple[dict[str, list[int]], dict[int, tuple[str, str]]]:
    """NGO code → the upazila offices it works in; upazila office id → (name_bn, name_en)."""
    from sqlalchemy import select

    from ngocoord.store.models import Ngo, NgoArea, Office, table

    home = offices.home(session)
    o, a, n = table(Office).c, table(NgoArea).c, table(Ngo).c
    upazilas = {  # the Bangla name as the summary prints it (Bengali digits)
        oid: (bn_text(bn), en)
        for oid, bn, en in session.execute(
            select(o.id, o.name_bn, o.name_en).where(o.parent_id == home.id, o.level == "upazila")
        )
    }
    by_ngo: dict[str, list[int]] = defaultdict(list)
    for code, office_id in session.execute(
        select(n.code, a.office_id).join(table(Ngo), n.id == a.ngo_id).order_by(n.code)
    ):
        by_ngo[code].append(office_id)
    return by_ngo, upazilas


def _office_names(session: Session) -> dict[int, str]:
    from sqlalchemy import select

    from ngocoord.store.models import Office, table

    o = table(Office).c
    return {oid: bn_text(bn) for oid, bn in session.execute(select(o.id, o.name_bn))}


def _lines(session: Session, kind_id: int, month: str, as_of: date) -> list[Any]:
    """Report lines of each NGO's latest version not voided and received by `as_of`."""
    from sqlalchemy import and_, func, select

    from ngocoord.store.models import ReportLine, Submission, table

    s, rl = table(Submission).c, table(ReportLine).c
    latest = (
        select(s.ngo_id.label("ngo_id"), func.max(s.version).label("version"))
        .where(s.kind_id == kind_id, s.month == month, s.ngo_id.is_not(None))
        .where(s.voided_at.is_(None), s.received_on <= as_of)
        .group_by(s.ngo_id)
        .subquery()
    )
    chosen = (
        select(s.id)
        .join(latest, and_(s.ngo_id == latest.c.ngo_id, s.version == latest.c.version))
        .where(s.kind_id == kind_id, s.month == month)
    )
    query = (
        select(
            s.ngo_id,
            rl.sector,
            rl.upazila_office_id,
            rl.ben_male,
            rl.ben_female,
            rl.ben_children,
            rl.budget_year,
            rl.spent_month,
        )
        .join(table(Submission), s.id == rl.submission_id)
        .where(rl.submission_id.in_(chosen))
        .order_by(rl.submission_id, rl.line_no)
    )
    return list(session.execute(query))


def _empty_figures(label: str) -> dict[str, Any]:
    return {
        "label": label,
        "projects": 0,
        "ngos": 0,
        "male": 0,
        "female": 0,
        "children": 0,
        "total": 0,
        "budget_year": 0.0,
        "spent_month": 0.0,
    }


def _add(figures: dict[str, Any], ngos: set[int], line: Any) -> None:
    male, female, children = line.ben_male or 0, line.ben_female or 0, line.ben_children or 0
    figures["projects"] += 1
    figures["male"] += male
    figures["female"] += female
    figures["children"] += children
    figures["total"] += male + female + children
    figures["budget_year"] += line.budget_year or 0.0
    figures["spent_month"] += line.spent_month or 0.0
    ngos.add(line.ngo_id)


def _finish(figures: dict[str, Any], ngos: set[int]) -> dict[str, Any]:
    figures["ngos"] = len(ngos)
    figures["budget_year"] = round(figures["budget_year"], 2)
    figures["spent_month"] = round(figures["spent_month"], 2)
    return figures


def _beneficiaries(
    lines: list[Any], upazila_names: dict[int, str], office_names: dict[int, str]
) -> dict[str, Any]:
    sectors: dict[str, tuple[dict[str, Any], set[int]]] = {}
    places: dict[int | None, tuple[dict[str, Any], set[int]]] = {
        oid: (_empty_figures(name), set())
        for oid, name in sorted(upazila_names.items(), key=lambda item: item[1])
    }
    total = (_empty_figures("মোট"), set[int]())
    for line in lines:
        sector = bn_text(line.sector) or NO_SECTOR
        if sector not in sectors:
            sectors[sector] = (_empty_figures(sector), set())
        place = line.upazila_office_id
        if place not in places:
            label = office_names.get(place, NO_UPAZILA) if place is not None else NO_UPAZILA
            places[place] = (_empty_figures(label), set())
        for figures, ngos in (sectors[sector], places[place], total):
            _add(figures, ngos, line)
    by_sector = sorted(
        (_finish(f, n) for f, n in sectors.values()),
        key=lambda f: (f["label"] == NO_SECTOR, f["label"]),
    )
    by_upazila = [_finish(f, n) for key, (f, n) in places.items() if key is not None]
    if None in places:
        by_upazila.append(_finish(*places[None]))
    return {"by_sector": by_sector, "by_upazila": by_upazila, "total": _finish(*total)}


def _month_label(month: str) -> dict[str, str]:
    return {
        "month": month,
        "name": MONTHS_BN[int(month[5:7]) - 1],
        "year": to_bengali_digits(month[:4]),
        "label": format_month_key_bn(month),
    }


def _trend(
    session: Session, kind: Any, month: str, as_of: date, current: compliance.Check
) -> list[dict[str, Any]]:
    months = compliance.month_range(compliance.month_range_back(month, TREND_MONTHS), month)
    rows = []
    for m in months:
        result = current if m == month else compliance.check(session, kind, month=m, as_of=as_of)
        totals = result.totals()
        no_data = result.before_tracking or not result.expected
        rows.append(
            {
                **_month_label(m),
                "no_data": no_data,
                "expected": None if no_data else totals["expected"],
                "received": None if no_data else totals["received"],
                "on_time": None if no_data else totals["on_time"],
                "late": None if no_data else totals["late"],
                "missing": None if no_data else totals["missing"],
                "reporting_rate": None if no_data else totals["reporting_rate"],
                "on_time_rate": None if no_data else totals["on_time_rate"],
            }
        )
    return rows


CHART = {"width": 640, "height": 260, "left": 48, "right": 12, "top": 24, "bottom": 48}


def trend_chart(trend: list[dict[str, Any]]) -> dict[str, Any]:
    """The geometry of the bar chart of the reporting rate, for the HTML template's inline SVG:
    one bar per month (percent of expected NGOs that reported), a 0–100% axis."""
    c = CHART
    plot_w = c["width"] - c["left"] - c["right"]
    plot_h = c["height"] - c["top"] - c["bottom"]
    base = c["top"] + plot_h
    slot = plot_w / max(len(trend), 1)
    bar_w = round(slot * 0.6, 1)
    ticks = [
        {"y": round(base - plot_h * p / 100, 1), "label": f"{to_bengali_digits(p)}%"}
        for p in (0, 25, 50, 75, 100)
    ]
    bars = []
    for i, row in enumerate(trend):
        center = round(c["left"] + slot * (i + 0.5), 1)
        rate = row["reporting_rate"]
        height = 0.0 if rate is None else round(plot_h * rate, 1)
        bars.append(
            {
                "x": round(center - bar_w / 2, 1),
                "center": center,
                "y": round(base - height, 1),
                "height": height,
                "no_data": rate is None,
                "value": "–" if rate is None else f"{to_bengali_digits(round(rate * 100))}%",
                "value_y": round(base - height - 4, 1),
                # ০২/২০: month names at this size ran into each other under twelve bars
                "name": to_bengali_digits(f"{row['month'][5:7]}/{row['month'][2:4]}"),
            }
        )
    return {
        **c,
        "plot_right": c["width"] - c["right"],
        "base": base,
        "bar_width": bar_w,
        "ticks": ticks,
        "bars": bars,
        "label_y": base + 16,
    }


COUNTS = ("expected", "received", "on_time", "late", "missing")


def _ngo_rows(
    check: compliance.Check,
    ngo_areas: dict[str, list[int]],
    upazilas: dict[int, tuple[str, str]],
) -> list[dict[str, Any]]:
    changed: dict[str, list[str]] = defaultdict(list)  # code: what changed after review, why
    for change in check.changed_after_review:
        changed[change["unit"]].append(f"{change['change']}: {change['reason']}")
    rows = []
    for unit in check.units:
        areas = sorted(upazilas[oid][0] for oid in ngo_areas.get(unit.unit, []) if oid in upazilas)
        rows.append(
            {
                "code": unit.unit,
                "name": bn_text(unit.name) or unit.unit,
                "upazilas": areas,
                "status": unit.status,
                "status_bn": status_text(unit.status, unit.days_late, unit.days_overdue),
                "received_on": unit.received_on,
                "days_late": unit.days_late,
                "days_overdue": unit.days_overdue,
                "changed_after_review": "; ".join(changed.get(unit.unit, [])),
            }
        )
    return rows


def _upazila_status(
    check: compliance.Check,
    ngo_areas: dict[str, list[int]],
    upazilas: dict[int, tuple[str, str]],
) -> list[dict[str, Any]]:
    """Expected / received / on time / late / missing NGOs by upazila; an NGO counts in each
    upazila it works in, and NGOs with no working area recorded in a row of their own. Each
    row is the totals of the check narrowed to that upazila's NGOs."""
    ordered: list[int | None] = [*sorted(upazilas, key=lambda oid: upazilas[oid][0])]
    units: dict[int | None, list[compliance.Unit]] = {oid: [] for oid in ordered}
    for unit in check.units:
        places: list[int | None] = [o for o in ngo_areas.get(unit.unit, []) if o in upazilas]
        for oid in places or [None]:
            if oid not in units:
                ordered.append(oid)
                units[oid] = []
            units[oid].append(unit)
    rows = []
    for oid in ordered:
        totals = dataclasses.replace(check, units=units[oid]).totals()
        rows.append(
            {
                "name": upazilas[oid][0] if oid is not None else NO_AREA,
                "name_en": upazilas[oid][1] if oid is not None else None,
                **{key: totals[key] for key in COUNTS},
                "reporting_rate": totals["reporting_rate"],
                "on_time_rate": totals["on_time_rate"],
            }
        )
    return rows


def _defaulters(
    session: Session, kind: ReturnKind, month: str, as_of: date
) -> list[dict[str, Any]]:
    grid = compliance.history(
        session,
        kind,
        first=compliance.month_range_back(month, TREND_MONTHS),
        last=month,
        as_of=as_of,
    )
    found = []
    for row in grid.repeat_defaulters:
        missed = [m for m, status in row["cells"].items() if status == compliance.MISSING]
        found.append(
            {
                "code": row["unit"],
                "name": bn_text(row["name"]) or row["unit"],
                "missed": row["missed_last_12"],
                "months": [_month_label(m)["label"] for m in missed],
            }
        )
    return found


def build(session: Session, month: str, as_of: date) -> dict[str, Any]:
    """Everything the summary shows for `month` as of `as_of` (keys: docs/summary.md)."""

    kind = kinds.tracked_kind(session, returns.NGO_REPORT)
    assert kind.id is not None
    check = compliance.check(session, kind, month=month, as_of=as_of)
    ngo_areas, upazilas = _areas(session)
    lines = _lines(session, kind.id, check.month, as_of)
    upazila_names = {oid: names[0] for oid, names in upazilas.items()}
    trend = _trend(session, kind, check.month, as_of, check)
    return {
        "office": office_context(session),
        "kind": {"name": kind.name, "title": kind.title_bn, "due_day": kind.due_day},
        "month": check.month,
        "as_of": as_of,
        "due_date": check.due_date,
        "before_tracking": check.before_tracking,
        "totals": check.totals(),
        "sentence": check.sentence(),
        "lock": (
            {**check.lock.as_dict(), "on": periods.local(check.lock.locked_at).date()}
            if check.lock
            else None
        ),
        "changed_after_review": [
            {**c, "on": date.fromisoformat(c["at"][:10])} for c in check.changed_after_review
        ],
        "changed_bn": locks.CHANGED_BN,
        "ngos": _ngo_rows(check, ngo_areas, upazilas),
        "upazilas": _upazila_status(check, ngo_areas, upazilas),
        "area_note": AREA_NOTE,
        "beneficiaries": _beneficiaries(lines, upazila_names, _office_names(session)),
        "trend": trend,
        "chart": trend_chart(trend),
        "repeat_defaulters": (
            [] if check.before_tracking else _defaulters(session, kind, check.month, as_of)
        ),
        "repeat_misses": compliance.REPEAT_MISSES,
    }
