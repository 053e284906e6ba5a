"""The whole roster as a sheet (`ngo export`): one row per NGO with every field, each
registration (number/date), its upazilas, its periods on the list and its kept columns, under
headers `ngo import` reads as those fields, so the file comes back as a no-op (or as the
clerk's corrections). Written through the one spreadsheet writer, formula-safe."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord.documents import spreadsheet
from ngocoord.errors import Invalid
from ngocoord.register import fields, roster
from ngocoord.register.registrations import Reg

if TYPE_CHECKING:
    from sqlmodel import Session

# The columns, in the order a roster is read: the NGO's own fields, then what it has.
_ORDER = (
    "code",
    *(name for name in fields.SCALARS if name != "notes"),
    "areas",
    *fields.REG_FIELDS,
    "periods",
    "notes",
)


def header(name: str) -> str:
    """A field's header as the roster's first phrase for it writes it (without "=" or "~")."""
    return fields.FIELDS[name][0].lstrip("=~")


def _reg_text(r: Reg) -> str:
    when = r.reg_date.strftime("%d.%m.%Y") if r.reg_date else (str(r.reg_year or ""))
    return f"{r.number}/{when}" if when else r.number


def table(session: Session) -> tuple[list[str], list[list[Any]]]:
    """The headers and one row per NGO, by code, from five queries."""
    from sqlmodel import col, select

    from ngocoord.store.models import Membership, Ngo, NgoArea, Office, Registration

    ngos = list(session.exec(select(Ngo).order_by(col(Ngo.code))))
    areas: dict[int, list[str]] = defaultdict(list)
    query = select(NgoArea.ngo_id, Office.name_bn).join(
        Office,
        NgoArea.office_id == Office.id,  # type: ignore[arg-type]
    )
    for ngo_id, name in session.exec(query):
        areas[ngo_id].append(name)
    regs: dict[tuple[int, str], list[str]] = defaultdict(list)
    for r in session.exec(select(Registration).order_by(col(Registration.id))):
        regs[r.ngo_id, r.authority].append(
            _reg_text(Reg(r.authority, r.number, r.reg_date, r.reg_year))
        )
    periods: dict[int, list[fields.Period]] = defaultdict(list)
    for m in session.exec(select(Membership).order_by(col(Membership.id))):
        periods[m.ngo_id].append((m.start_date, m.end_date))
    extras = {n.id: roster.extra_of(n.extra) for n in ngos}
    kept = sorted({h for e in extras.values() for h in e})
    rows = []
    for n in ngos:
        assert n.id is not None
        row: list[Any] = []
        for name in _ORDER:
            if name == "areas":
                row.append(", ".join(sorted(areas[n.id])) or None)
            elif name in fields.REG_FIELDS:
                row.append("; ".join(regs[n.id, fields.REG_FIELDS[name]]) or None)
            elif name == "periods":
                row.append(fields.periods_text(periods[n.id]) or None)
            else:
                row.append(getattr(n, name))
        row += [extras[n.id].get(h) for h in kept]
        rows.append(row)
    return [header(name) for name in _ORDER] + kept, rows


def export(session: Session, out: Path) -> int:
    """Write the roster to an .xlsx or .csv file; the number of NGOs written."""
    kind = out.suffix.lower()
    if kind not in (".xlsx", ".csv"):
        raise Invalid(
            f"{out.name}: the roster is written as .xlsx or .csv.", "Name the file FILE.xlsx."
        )
    headers, rows = table(session)
    if kind == ".csv":
        spreadsheet.save(spreadsheet.csv_bytes(headers, rows), out)
    else:
        spreadsheet.write_rows(out, headers, rows, sheet="NGOs")
    return len(rows)
