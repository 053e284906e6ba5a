"""A roster sheet's cells turned into values, a column at a time.

A roster repeats itself down a column (designations, upazilas, sectors, years), so each
distinct text is parsed once per column; a hundred thousand rows hold far fewer values. A
long roster's later half is parsed meanwhile by a forked worker (`_Worker`), as report import
reads files: the same values, messages and problems as parsed here.
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
        dates: dict[str, date | None] = {}  # a column's registration dates repeat
        return lambda value: fields.parse_registrations(name, value, dates)
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
    """Parse every row, a column at a time (see the module); a long roster's later rows in a
    worker process meanwhile (`_Worker`)."""

    district = offices.home_district(session)
    by_geo = offices.upazila_offices(session)

    def district_areas(text: str) -> list[int]:
        return [by_geo[u.id].id for u in places.parse_areas(text, district)]  # type: ignore[misc]

    plans = [RowPlan(row) for row, _ in table.rows]
    if table.kept:
        for plan, (_, cells) in zip(plans, table.rows, strict=True):
            plan.extra = table.extra(cells)
    read: list[tuple[str, int, Any]] = []
    for name, index in table.columns.items():
        parse = _field_parser(name, district_areas)
        if parse is not None:
            read.append((name, index, parse))
    worker = _Worker.start(read, table.rows)
    split = worker.first if worker is not None else len(plans)
    problems: dict[int, list[CellProblem]] = {}
    for name, index, parse in read:
        column = _column(table.rows[:split], index)
        _put(table, plans[:split], problems, name, _parse_column(name, parse, column))
    if split < len(plans):
        later = worker.results() if worker is not None else None
        for k, (name, index, parse) in enumerate(read):
            column = _column(table.rows[split:], index)
            values = (
                _unpacked(name, column, later[k]) if later else _parse_column(name, parse, column)
            )
            _put(table, plans[split:], problems, name, values)
    name_field = "name_bn" if "name_bn" in table.columns else "name_en"
    for plan in plans:
        if "name_bn" not in plan.values and "name_en" not in plan.values:
            problems.setdefault(plan.row, []).append(
                table.problem(plan.row, name_field, "the NGO's name is empty; write its name")
            )
        if plan.joined is None:
            plan.joined = joined_default
    return plans, problems


def _column(rows: list[tuple[int, list[Any]]], index: int) -> list[Any]:
    return [cells[index] if index < len(cells) else None for _, cells in rows]


def _parse_column(name: str, parse: Any, column: list[Any]) -> list[Any]:
    """Each cell's value: None for a blank (the sheet reader made empty and spaces-only cells
    None), _Failed for one that does not parse; each distinct text parsed once."""
    quick = _quick(name, parse, column)
    cache: dict[str, Any] = {}  # text cells only: True == 1 must not share an entry
    values: list[Any] = []
    for value in column:
        if value is None:
            values.append(None)
        elif value.__class__ is str:
            parsed = cache.get(value, cache)
            if parsed is cache:
                try:
                    parsed = quick(value)
                except Exception:  # parsed again the long way, for its message
                    parsed = _attempt(parse, value)
                cache[value] = parsed
            values.append(parsed)
        else:
            values.append(_attempt(parse, value))
    return values


def _put(
    table: Table,
    plans: list[RowPlan],
    problems: dict[int, list[CellProblem]],
    name: str,
    values: list[Any],
) -> None:
    """A column's values into its rows' plans, and its cells that did not parse as problems."""
    scalar = name in fields.PARSERS
    for plan, parsed in zip(plans, values, strict=True):
        if parsed is None:
            continue
        if parsed.__class__ is _Failed:
            problems.setdefault(plan.row, []).append(table.problem(plan.row, name, parsed.message))
        elif scalar:
            plan.values[name] = parsed
        else:
            _store(plan, name, parsed)


# A roster of this many rows or more is parsed in two processes where they can be forked
PARALLEL_FROM = 20_000


class _Worker:
    """A forked process (Linux) that parses the later half of the rows while this one parses
    the first, and sends back plain values (`_packed`): a cell's own text is not sent again,
    dates go as day numbers (pickling dates and registrations costs as much as parsing)."""

    def __init__(self, process: Any, receive: Any, first: int) -> None:
        self.process = process
        self.receive = receive
        self.first = first  # the index of the worker's first row

    @classmethod
    def start(cls, read: list[tuple[str, int, Any]], rows: list[Any]) -> _Worker | None:
        if len(rows) < PARALLEL_FROM or not read:
            return None
        from ngocoord.intake.report_batch import _fork_context  # as report import forks

        context = _fork_context()
        if context is None or not _spare_core():
            return None
        first = len(rows) // 2
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_parse_later, args=(send, read, rows[first:]))
        process.daemon = True
        process.start()
        send.close()
        return cls(process, receive, first)

    def results(self) -> list[list[Any]] | None:
        """The worker's columns, packed; None when it failed (the rows are parsed here)."""
        import pickle

        try:
            found: list[list[Any]] | None = pickle.loads(self.receive.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            found = None
        finally:
            self.receive.close()
            self.process.join()
        return found


def _spare_core() -> bool:
    """Whether a second core is there to be had: two or more, and the load average below
    their number. On a machine kept busy by other work the worker only competes with this
    process (measured at a load of 12-15: the same wall time, a tenth more CPU time)."""
    import os

    from ngocoord.intake.report_batch import _cpus

    cpus = _cpus()
    return cpus >= 2 and os.getloadavg()[0] < cpus


def _parse_later(send: Any, read: list[tuple[str, int, Any]], rows: list[Any]) -> None:
    """In the worker: every column of its rows, parsed and packed, sent as one message."""
    import pickle

    try:
        packed = []
        for name, index, parse in read:
            column = _column(rows, index)
            packed.append(_packed(name, column, _parse_column(name, parse, column)))
        send.send_bytes(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # nothing sent: this process parses the rows and meets it there
        return
    finally:
        send.close()


def _packed(name: str, column: list[Any], values: list[Any]) -> list[Any]:
    """A column's values as plain data: `...` for the cell itself, a registration as a tuple
    with its date's day number, a date as its day number (each shared value packed once)."""
    done: dict[int, Any] = {}
    for i, (cell, value) in enumerate(zip(column, values, strict=True)):
        if value is None or value.__class__ is _Failed:
            continue
        if value is cell:
            values[i] = ...
        elif name in fields.REG_FIELDS or name in ("joined", "periods"):
            found = done.get(id(value))
            if found is None:
                found = done[id(value)] = _pack(name, value)
            values[i] = found
    return values


def _pack(name: str, value: Any) -> Any:
    if name == "joined":
        return value.toordinal()
    if name == "periods":
        return tuple((_day(start), _day(end)) for start, end in value)
    return tuple((r.authority, r.number, _day(r.reg_date), r.reg_year) for r in value)


def _day(when: date | None) -> int | None:
    return None if when is None else when.toordinal()


def _date(day: int | None) -> date | None:
    return None if day is None else date.fromordinal(day)


def _unpacked(name: str, column: list[Any], values: list[Any]) -> list[Any]:
    """`_packed` undone: the values `_parse_column` gave in the worker."""
    done: dict[int, Any] = {}
    for i, value in enumerate(values):
        if value is None or value.__class__ is _Failed:
            continue
        if value is ...:
            values[i] = column[i]
        elif name in fields.REG_FIELDS or name in ("joined", "periods"):
            found = done.get(id(value))
            if found is None:
                found = done[id(value)] = _unpack(name, value)
            values[i] = found
    return values


def _unpack(name: str, value: Any) -> Any:
    if name == "joined":
        return date.fromordinal(value)
    if name == "periods":
        return [(_date(start), _date(end)) for start, end in value]
    return [Reg(a, n, _date(day), year) for a, n, day, year in value]
