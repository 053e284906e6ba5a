"""Kept values moved into their field once the office maps their header (`report remap`).

A report whose column no field fitted keeps that column's cells with each row (`extra`).
When the office later maps the header (`ngocoord columns map ... --for report`), the current
version of each report moves the kept value into the field, in place: same version, same
received date, the content hash taken again (so the same file re-imported is "unchanged"),
and an audit row per report. A value the field cannot take, or a field that already holds a
value, stays kept and is named.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ngocoord.errors import NgocoordError
from ngocoord.intake.columns import IGNORE, map_key
from ngocoord.intake.report_file import extra_text, line_value
from ngocoord.register import locks, returns, states
from ngocoord.store import audit, tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

_LINE_KEYS = (
    "project",
    "donor",
    "sector",
    "activities",
    "ben_male",
    "ben_female",
    "ben_children",
    "budget_year",
    "spent_month",
    "upazila_office_id",
)
_DETAILS = ("prepared_by", "designation", "mobile", "report_date")


@dataclass
class Remapped:
    """What a remap did: values moved per report, and values left kept (with why)."""

    moved: dict[str, int] = field(default_factory=dict)  # "CODE MONTH" -> values moved
    left: list[str] = field(default_factory=list)


def remap(
    conn: Connection,
    month: str,
    maps: dict[str, tuple[str, str]],
    upazila_of: Callable[[str], int | None],
    *,
    ngo_id: int | None = None,
    unlock_reason: str | None = None,
) -> Remapped:
    """Move kept values of the month's current reports (of one NGO, if given) into the fields
    their headers are now mapped to, in the caller's transaction. A report of a month locked
    after review is changed only with an unlock reason (register/locks.py)."""
    from sqlalchemy import select, update

    sub, line, ngo, kind = (
        tables.table(conn, name) for name in ("submission", "report_line", "ngo", "return_kind")
    )
    query = (
        select(sub, ngo.c.code)
        .join(ngo, ngo.c.id == sub.c.ngo_id)
        .join(kind, kind.c.id == sub.c.kind_id)
        .where(kind.c.name == returns.NGO_REPORT, sub.c.month == month)
        .where(sub.c.is_current.is_(True), sub.c.voided_at.is_(None))
    )
    if ngo_id is not None:
        query = query.where(sub.c.ngo_id == ngo_id)
    done = Remapped()
    said_once: set[str] = set()
    if not maps:
        return done
    for s in conn.execute(query).mappings().all():
        rows = conn.execute(
            select(line).where(line.c.submission_id == s["id"]).order_by(line.c.line_no)
        )
        lines = [dict(r) for r in rows.mappings()]
        label = f"{s['code']} {month}"
        moved = old = 0
        changes: list[dict[str, Any]] = []
        for ln in lines:
            if not ln["extra"]:
                continue
            extra = json.loads(ln["extra"])
            new_extra, values, left = _move(ln, extra, maps, upazila_of, label)
            done.left += [said for said in left if said not in said_once]
            said_once.update(left)
            if values:
                moved += len(values)
                old += 1
                ln.update(values)
                ln["extra"] = extra_text(new_extra)
                changes.append({"id": ln["id"], **values, "extra": ln["extra"]})
        if not changes:
            continue
        locks.guard(
            conn,
            office_id=s["office_id"],
            kind=(s["kind_id"], returns.NGO_REPORT),
            month=month,
            unit=s["code"],
            change=f"version {s['version']}: {moved} kept value(s) moved into their fields",
            unlock_reason=unlock_reason,
        )
        prior = states.state(conn, "submission", s["id"], None)  # with its lines, for `undo`
        for change in changes:
            key = change.pop("id")
            conn.execute(update(line).where(line.c.id == key).values(**change))
        digest = returns.report_hash(month, *_content(s, lines))
        conn.execute(update(sub).where(sub.c.id == s["id"]).values(content_hash=digest))
        entry = audit.entry(
            "submission",
            f"{returns.NGO_REPORT}:{s['code']}:{month}",
            "update",
            {"version": s["version"], "kept": "moved"},
            {"version": s["version"], "values_moved": moved, "rows": old},
            row_id=s["id"],
            prior=prior,
        )
        audit.write(conn, [entry])
        done.moved[label] = moved
    return done


def _move(
    ln: dict[str, Any],
    extra: dict[str, str],
    maps: dict[str, tuple[str, str]],
    upazila_of: Callable[[str], int | None],
    label: str,
) -> tuple[dict[str, str], dict[str, Any], list[str]]:
    """(what stays kept, the values moved by column, why some stayed)."""
    where = f"{label} row {ln['line_no']}"
    keep: dict[str, str] = {}
    values: dict[str, Any] = {}
    left: list[str] = []
    for header, text in extra.items():
        mapped = maps.get(map_key(header))
        if mapped is None or mapped[0] in ("serial", IGNORE):
            keep[header] = text
            if mapped is not None and mapped[0] == IGNORE:  # once a report: no value is dropped
                left.append(f'{label}: "{header}" stays kept: {IGNORE} leaves out later files only')
            continue
        name = mapped[0]
        column = "upazila_office_id" if name == "upazila" else name
        if ln.get(column) is not None or column in values:
            keep[header] = text
            left.append(f'{where}: "{header}" stays kept, {name} already holds a value')
            continue
        try:
            values[column] = line_value(name, text, upazila_of)
        except ValueError as exc:
            keep[header] = text
            left.append(f'{where}: "{header}" stays kept: {exc}')
        except NgocoordError as exc:
            keep[header] = text
            left.append(f'{where}: "{header}" stays kept: {exc.message}')
    return keep, values, left


def _content(s: Any, lines: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The details and rows a report's hash is taken of (as `report_batch.content_of` builds
    them from a file)."""
    details = {k: s[k] for k in _DETAILS if s[k] is not None}
    rows = []
    for ln in lines:
        row = {k: ln[k] for k in _LINE_KEYS}
        if ln["extra"] is not None:
            row["extra"] = ln["extra"]
        rows.append(row)
    return details, rows
