"""A roster sheet's cells turned into values, a column at a time.

A roster repeats itself down a column (designations, upazilas, sectors, years), so each
distinct text is parsed once per column; a hundred thousand rows hold far fewer values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import places
from ngocoord.bangla import parse_date
from ngocoord.errors import CellProblem, UnknownPlace
from ngocoord.intake.values import check_text, checked_texts, shown
from ngocoord.register import fields
from ngocoord.register.registrations import Reg
from ngocoord.store import offices

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.intake.sheets import Table


@dataclass(slots=True)
class RowPlan:
    """One sheet row, parsed: only the cells that hold something (slots: a big roster has
    a hundred thousand)."""

    row: int
    code: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    areas: list[int] | None = None  # office ids
    regs: list[Reg] | None = None
    joined: date | None = None
    periods: list[fields.Period] | None = None
    extra: dict[str, str] = field(default_factory=dict)  # kept columns: header -> text

    @property
    def label(self) -> str:
        return str(self.values.get("name_bn") or self.values.get("name_en") or "")


class _Failed:
    """A cell that did not parse: what to tell the clerk."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _field_parser(name: str, district_areas: Any) -> Any:
    """The function that turns one non-blank cell of this field into its value."""
    if name in fields.PARSERS:
        return lambda value: fields.parse_scalar(name, value)
    if name == "code":
        return fields.parse_code
    if name in fields.REG_FIELDS:
        return lambda value: fields.parse_registrations(name, value)
    if name == "areas":
        return lambda value: district_areas(str(value))
    if name == "joined":
        return parse_date
    if name == "periods":
        return fields.parse_periods
    return None  # a column read only to recognise the sheet (the serial number)


def _attempt(parse: Any, value: Any) -> Any:
    try:
        check_text(value)
        return parse(value)
    except UnknownPlace as exc:
        return _Failed(f"{exc.message} {exc.hint or ''}".strip())
    except ValueError as exc:
        return _Failed(f"{shown(value)}: {exc}")


def _quick(name: str, parse: Any, column: list[Any]) -> Any:
    """What parses one text cell of this column when it fails (raises) only where `_attempt`
    would report it: the field's own parser, when no text of the column fails `check_text`
    (checked once for the whole column), else `_attempt` itself. Two calls a cell fewer
    than `_attempt` on a hundred thousand names and addresses."""
    if not checked_texts([v for v in column if v.__class__ is str]):
        return lambda value: _attempt(parse, value)
    return fields.PARSERS[name][0] if name in fields.PARSERS else parse


def _store(plan: RowPlan, name: str, parsed: Any) -> None:
    """Put a parsed cell other than a plain value (those go straight into plan.values)."""
    if name == "code":
        plan.code = parsed
    elif name in fields.REG_FIELDS:
        plan.regs = (plan.regs or []) + parsed
    elif name == "areas":
        plan.areas = parsed
    elif name == "periods":
        plan.periods = parsed
        if len(parsed) == 1:  # one period: its start is the date the NGO joined
            plan.joined = parsed[0][0]
    else:
        plan.joined = parsed


def read_plans(
    session: Session, table: Table, joined_default: date | None
) -> tuple[list[RowPlan], dict[int, list[CellProblem]]]:
    """Parse every row, a column at a time (see the module)."""

    district = offices.home_district(session)
    by_geo = offices.upazila_offices(session)

    def district_areas(text: str) -> list[int]:
        return [by_geo[u.id].id for u in places.parse_areas(text, district)]  # type: ignore[misc]

    plans = [RowPlan(row) for row, _ in table.rows]
    if table.kept:
        for plan, (_, cells) in zip(plans, table.rows, strict=True):
            plan.extra = table.extra(cells)
    problems: dict[int, list[CellProblem]] = {}
    for name, index in table.columns.items():
        parse = _field_parser(name, district_areas)
        if parse is None:
            continue
        scalar = name in fields.PARSERS
        column = [cells[index] if index < len(cells) else None for _, cells in table.rows]
        quick = _quick(name, parse, column)
        cache: dict[str, Any] = {}  # text cells only: True == 1 must not share an entry
        for plan, value in zip(plans, column, strict=True):
            if value is None:  # blank: the sheet reader made empty and spaces-only cells None
                continue
            if value.__class__ is str:
                parsed = cache.get(value, cache)
                if parsed is cache:
                    try:
                        parsed = quick(value)
                    except Exception:  # parsed again the long way, for its message
                        parsed = _attempt(parse, value)
                    cache[value] = parsed
            else:
                parsed = _attempt(parse, value)
            if parsed.__class__ is _Failed:
                problems.setdefault(plan.row, []).append(
                    table.problem(plan.row, name, parsed.message)
                )
            elif scalar:
                plan.values[name] = parsed
            else:
                _store(plan, name, parsed)
    name_field = "name_bn" if "name_bn" in table.columns else "name_en"
    for plan in plans:
        if "name_bn" not in plan.values and "name_en" not in plan.values:
            problems.setdefault(plan.row, []).append(
                table.problem(plan.row, name_field, "the NGO's name is empty; write its name")
            )
        if plan.joined is None:
            plan.joined = joined_default
    return plans, problems
