"""Taking an NGO roster sheet into the register: match, compare, write in one transaction.

An import never erases: a blank cell keeps the stored value, NGOs missing from the file
stay as they are, and the same file imported twice changes nothing.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import names, places
from ngocoord.bulk import gc_paused
from ngocoord.documents import spreadsheet
from ngocoord.errors import BadFile, CellProblem, Invalid, InvalidRows, Locked, NgocoordWarning
from ngocoord.intake import (
    column_maps,
    columns,
    roster_alike,
    roster_periods,
    roster_rejects,
    roster_upazila,
    sheets,
)
from ngocoord.intake.roster_alike import Alike
from ngocoord.intake.roster_cells import RowPlan, read_plans
from ngocoord.register import fields, roster, roster_writes, states
from ngocoord.register.former_codes import held
from ngocoord.register.lookup import Lookup
from ngocoord.register.registrations import Reg
from ngocoord.store import audit, db, offices

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlmodel import Session

    from ngocoord.bijoy import Converted
    from ngocoord.intake.headers import Column
    from ngocoord.intake.sheets import Table


@dataclass
class Change:
    code: str
    name: str
    fields: dict[str, tuple[Any, Any]]


@dataclass
class RosterResult:
    file: str
    added: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[tuple[int, list[CellProblem]]] = field(default_factory=list)
    rejects_file: Path | None = None  # the name written
    rejects_kept: Path | None = None  # an earlier workbook at the name asked, left as it was
    dry_run: bool = False
    kept_columns: list[str] = field(default_factory=list)  # headers no field fits (kept)
    left_out: list[str] = field(default_factory=list)  # a rejects workbook's problem column
    columns: list[Column] = field(default_factory=list)  # every column as read (--explain)
    bijoy: list[Converted] = field(default_factory=list)  # columns typed in Bijoy, converted
    renamed: list[str] = field(default_factory=list)  # former codes the file carries, said
    encoding: str | None = None  # a CSV file's encoding, as read
    # a dry run: why the import itself would be refused by a lock, or the locked months it
    # would record as changed after review (with an unlock reason)
    refused: Locked | None = None
    after_review: list[str] = field(default_factory=list)
    upazila: roster_upazila.OneUpazila | None = None  # an upazila office's list (--upazila)

    @property
    def removals(self) -> list[tuple[Change, list[str]]]:
        """The NGOs this import takes out of upazilas (a district list), each with those."""
        return roster_upazila.removals(self.changed)


# The NGO's columns a row is compared with, in the order _load reads them (no date among
# them): the first five are the lookup's (register/lookup.py's Row)
_NGO_COLUMNS = (
    *("id", "code", "name_bn", "name_en", "name_key"),
    *(k for k in fields.SCALARS if k not in ("name_bn", "name_en")),
    "extra",
)
_AT = {k: i for i, k in enumerate(_NGO_COLUMNS)}
_REG_COLUMNS = ("id", "ngo_id", "authority", "number", "reg_date", "reg_year")


@dataclass
class _Existing:
    """What the register holds, loaded once so matching does no query per row: rows as the
    driver returns them (a tuple each, a hundred thousand of them), dicts made only for the
    NGOs a file changes."""

    ngos: dict[int, tuple[Any, ...]]  # id -> the row of _NGO_COLUMNS
    lookup: Lookup
    areas: dict[int, set[int]]
    regs: dict[int, list[tuple[Any, ...]]]  # rows of _REG_COLUMNS, by id
    periods: dict[int, list[tuple[int, date | None, date | None]]]  # (id, start, end), by id

    def ngo(self, ngo_id: int) -> dict[str, Any]:
        return dict(zip(_NGO_COLUMNS, self.ngos[ngo_id], strict=True))

    def reg_records(self, ngo_id: int) -> list[dict[str, Any]]:
        return [dict(zip(_REG_COLUMNS, r, strict=True)) for r in self.regs.get(ngo_id, [])]


def _load(session: Session) -> _Existing:
    """The register's NGOs, upazilas, registrations and list periods, straight from the
    driver (`db.fetch_rows`: SQLAlchemy's Row and result processors per row cost more than
    the read), the dates made dates again."""
    from sqlalchemy import select

    from ngocoord.store.models import Membership, Ngo, NgoArea, Registration, table

    conn = session.connection()
    n, a, r, m = (table(t).c for t in (Ngo, NgoArea, Registration, Membership))
    ngos = {row[0]: row for row in db.fetch_rows(conn, select(*(n[k] for k in _NGO_COLUMNS)))}
    found = Lookup((row[:5] for row in ngos.values()), held(conn))
    areas: dict[int, set[int]] = defaultdict(set)
    for ngo_id, office_id in db.fetch_rows(conn, select(a.ngo_id, a.office_id)):
        areas[ngo_id].add(office_id)
    regs: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    query = select(*(r[k] for k in _REG_COLUMNS)).order_by(r.id)
    for reg_id, ngo_id, authority, number, day, year in db.fetch_rows(conn, query):
        regs[ngo_id].append((reg_id, ngo_id, authority, number, _day(day), year))
    periods: dict[int, list[tuple[int, date | None, date | None]]] = defaultdict(list)
    query = select(m.id, m.ngo_id, m.start_date, m.end_date).order_by(m.id)
    for period_id, ngo_id, start, end in db.fetch_rows(conn, query):
        periods[ngo_id].append((period_id, _day(start), _day(end)))
    return _Existing(ngos, found, areas, regs, periods)


def _day(value: Any) -> Any:
    """A date as the driver gives it (ISO text on SQLite) made a date."""
    return date.fromisoformat(value) if value.__class__ is str else value


@dataclass
class Choices:
    """What the clerk said about rows that may be NGOs already in the register: `--add-new`
    (they are new), `--same-as "ROW NAME=CODE"` (this row is that NGO; by name_key)."""

    add_new: bool = False
    same_as: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    asked: bool = False  # a row was refused as possibly an NGO of the register
    twins: bool = False  # two new rows of the file were refused as possibly one NGO

    @classmethod
    def parse(cls, found: Lookup, add_new: bool, same_as: list[str]) -> Choices:
        pairs: dict[str, str] = {}
        for given in same_as:
            name, sep, code = given.rpartition("=")
            if not sep or not name.strip() or not code.strip():
                raise Invalid(f"--same-as {given!r} is not ROW NAME=CODE.")
            entry = found.code(code)
            if entry is None:
                raise Invalid(f"--same-as {given!r}: {found.unknown(code)}.")
            pairs[names.name_key(name)] = entry.code
        return cls(add_new, pairs)

    def unused(self) -> list[str]:
        return [name for name in self.same_as if name not in self.used]


def _match(plan: RowPlan, ex: _Existing, choices: Choices) -> tuple[int | None, str | None]:
    """The register's NGO this row is about (or None for a new one), or a reason it's unclear.

    A row is a new NGO only when nothing points to one already in (`Lookup.same`); a new
    code with the name of an NGO in the register is a misspelling to correct."""
    found = ex.lookup
    written = [n for n in (plan.values.get("name_bn"), plan.values.get("name_en")) if n]
    for name in written if choices.same_as else ():
        said = choices.same_as.get(names.name_key(name))
        if said is not None:
            choices.used.add(names.name_key(name))
            return found.by_code[said].id, None
    if plan.code:
        entry = found.code(plan.code)
        if entry is not None:
            return entry.id, None
        for name in written:
            same = found.named(name)
            if same:
                code = same[0].code
                advice = f"the name is that of {code}: write {code}, or the new NGO's own name"
                return None, found.unknown(plan.code, advice)
        return None, None
    same = found.same(written)
    if len(same) == 1:
        return same[0].id, None
    if same:
        return None, found.ambiguous(written[0], same, "add a code column")
    return None, None


def _in_register(
    plan: RowPlan, ex: _Existing, choices: Choices, alike: Alike
) -> tuple[int | None, str | None]:
    """`_match`, and for a new row the register's NGOs it may be, for an update its periods."""
    target, unclear = _match(plan, ex, choices)
    if target is None and not unclear and not choices.add_new:
        near = ex.lookup.near(
            n for n in (plan.values.get("name_bn"), plan.values.get("name_en")) if n
        )
        near += [pair for pair in alike.of(plan) if pair[0] not in dict(near)]
        if near:
            unclear = roster_alike.near_message(plan, near)
            choices.asked = True
    elif target is not None:
        unclear = roster_periods.conflict(plan, ex.periods.get(target, []))
    return target, unclear


def _classify(
    table: Table,
    plans: list[RowPlan],
    problems: dict[int, list[CellProblem]],
    ex: _Existing,
    choices: Choices,
) -> tuple[list[tuple[RowPlan, str]], list[tuple[RowPlan, int]]]:
    """Split good rows into new NGOs (with a code) and updates; flag unclear and repeated rows,
    and new rows that may be NGOs already in the register (unless the clerk said)."""
    taken = {*ex.lookup.by_code, *ex.lookup.by_former}  # a made-up code is no former code
    mobile = _NGO_COLUMNS.index("mobile")
    alike = Alike(
        ex.lookup,
        lambda: ((ngo_id, row[mobile]) for ngo_id, row in ex.ngos.items()),
        lambda: ((r[1], Reg(*r[2:])) for held in ex.regs.values() for r in held),
    )
    counters: dict[str, int] = {}
    seen: dict[Any, int] = {}
    new_rows: list[tuple[RowPlan, str]] = []
    updates: list[tuple[RowPlan, int]] = []
    name_field = "name_bn" if "name_bn" in table.columns else "name_en"
    # an empty register (a first import) holds no NGO a row could be: nothing to look up
    empty = not ex.lookup.by_code
    for plan in plans:
        if plan.row in problems:
            continue
        target, unclear = (None, None) if empty else _in_register(plan, ex, choices, alike)
        if unclear:
            problems[plan.row] = [table.problem(plan.row, name_field, unclear)]
            continue
        ident = target if target is not None else plan.code or names.name_key(plan.label)
        if ident in seen:
            problems[plan.row] = [
                table.problem(
                    plan.row,
                    "code" if plan.code else name_field,
                    f"the same NGO is already on row {seen[ident]}; keep one of the rows",
                )
            ]
            continue
        seen[ident] = plan.row
        twice = alike.in_file(plan) if target is None and not choices.add_new else None
        if twice:
            problems[plan.row] = [
                table.problem(
                    plan.row,
                    name_field,
                    f"{twice}: the same NGO twice? Keep one of the rows; if they are two NGOs, "
                    "--add-new",
                )
            ]
            choices.twins = True
            continue
        if target is None:
            code = plan.code or names.make_code(
                plan.values.get("name_en"), plan.values.get("name_bn"), taken, counters
            )
            taken.add(code)
            new_rows.append((plan, code))
        else:
            updates.append((plan, target))
    return new_rows, updates


def _merged_extra(stored: str | None, kept: dict[str, str], mapped: set[str]) -> str | None:
    """The NGO's kept columns after this row: a header now read as a field leaves them (its
    value is in the field), a kept cell of this file is added or replaced, the rest stay."""
    if not kept and not stored:
        return stored
    before = roster.extra_of(stored)
    merged = {k: v for k, v in before.items() if k not in mapped}
    merged.update(kept)
    return roster.extra_text(merged) if merged != before else stored


def _plan_update(
    plan: RowPlan,
    ngo_id: int,
    ex: _Existing,
    w: roster_writes.Writes,
    area_names: Any,
    mapped: set[str],
    one: roster_upazila.OneUpazila | None = None,
) -> dict[str, tuple[Any, Any]]:
    """What this row changes in a stored NGO (blank cells change nothing); queue the writes.
    An upazila's list (`one`) adds its upazila and fills what the register lacks."""
    stored, at = ex.ngos[ngo_id], _AT
    held_extra = stored[at["extra"]]
    ngo = ""
    if one is not None:  # it takes nothing the register holds otherwise, unless --update
        ngo = f"{stored[at['code']]} {stored[at['name_bn']] or stored[at['name_en']]}"
        one.keep_taken(plan, lambda k: stored[at[k]], roster.extra_of(held_extra), ngo)
        mapped = set()
    extra = _merged_extra(held_extra, plan.extra, mapped)
    if extra != held_extra:
        plan.values["extra"] = extra
    diff = {k: (stored[at[k]], v) for k, v in plan.values.items() if stored[at[k]] != v}
    if diff:
        merged = {**{k: stored[at[k]] for k in (*fields.SCALARS, "extra")}, **plan.values}
        merged["name_key"] = fields.key_of(merged["name_bn"], merged["name_en"])
        w.ngo_updates.append({"_id": ngo_id, **merged})
    had = ex.areas.get(ngo_id, set())
    if one is not None and plan.areas is not None and not set(plan.areas) <= had:
        w.area_adds[ngo_id] = [o for o in dict.fromkeys(plan.areas) if o not in had]
        diff["upazilas"] = (area_names(had), area_names({*had, *plan.areas}))
    elif one is None and plan.areas is not None and set(plan.areas) != had:
        w.area_sets[ngo_id] = plan.areas
        diff["upazilas"] = (area_names(had), area_names(plan.areas))
    if plan.regs and not _same_regs(plan.regs, ex.regs.get(ngo_id, [])):
        inserts, updates = roster_writes.reg_changes(ngo_id, plan.regs, ex.reg_records(ngo_id))
        if one is not None:
            updates = one.keep_regs(ngo, updates)
        w.reg_inserts += inserts
        w.reg_updates += updates
        for r in inserts:
            diff[f"registration {r['authority']}"] = (None, r["number"])
        for r in updates:
            old = r.pop("_old")
            diff[f"registration {old['authority']}"] = (
                f"{old['number']} {old['reg_date'] or old['reg_year'] or ''}".strip(),
                f"{r['number']} {r['reg_date'] or r['reg_year'] or ''}".strip(),
            )
    periods = ex.periods.get(ngo_id, [])
    moved = plan.joined and len(periods) == 1 and periods[0][1] != plan.joined
    if moved and (one is None or one.take(ngo, "joined", periods[0][1], plan.joined)):
        w.period_updates.append({"_id": periods[0][0], "start_date": plan.joined})
        diff["joined"] = (periods[0][1], plan.joined)
    return diff


def _same_regs(regs: list[Reg], stored: list[tuple[Any, ...]]) -> bool:
    """Are a row's registrations the NGO's, one for one in the order stored? Then
    `roster_writes.reg_changes` would find each the stored one it equals, and change nothing
    (without building its dicts); any other case is left to it."""
    if len(regs) != len(stored):
        return False
    for r, s in zip(regs, stored, strict=True):
        if (r.authority, r.number, r.reg_date, r.reg_year) != s[2:]:
            return False
    return True


def import_roster(
    session: Session,
    path: Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    joined: date | None = None,
    sheet: str | None = None,
    maps: list[str] | None = None,
    strict: bool = False,
    add_new: bool = False,
    same_as: list[str] | None = None,
    bijoy: bool = True,
    unlock_reason: str | None = None,
    upazila: str | None = None,
    update: bool = False,
    district_list: bool = False,
) -> RosterResult:
    """Import a roster sheet; raise InvalidRows (nothing written) unless skip_invalid.

    `maps` are `--map "HEADER=FIELD"` for this file only; `strict` refuses kept columns.
    A row that may be an NGO already in the register is refused unless `add_new` (it is new)
    or `same_as` ("ROW NAME=CODE": it is that NGO) says which. Cells typed in Bijoy are
    read as Unicode Bangla unless `bijoy` is False (`ngocoord.bijoy`). `upazila` names the
    upazila office whose list the file is (`intake/roster_upazila.py`); `district_list` says
    it is the district's, whatever its title or rows suggest."""

    table = sheets.find_table(
        path,
        fields.FIELDS,
        required=set(),
        any_of=[{"name_bn", "name_en"}],
        sheet=sheet,
        hints=roster_hints(session, maps or [], strict, bijoy),
        other_sheets=True,
    )
    for note in table.notes:  # totals rows skipped, other sheets of NGOs not read
        warnings.warn(
            f'{table.file}, sheet "{table.sheet}": {note}.', NgocoordWarning, stacklevel=1
        )
    if table.sheet == "csv":  # a CSV this tool wrote: its formula guard comes off
        table.rows = [
            (row, [spreadsheet.unguard(c) if isinstance(c, str) else c for c in cells])
            for row, cells in table.rows
        ]
    left_out = [col for col, header in table.kept.items() if header == spreadsheet.PROBLEM_HEADER]
    for col in left_out:  # a rejects workbook imported again: its problems are no NGO's data
        del table.kept[col]
        table.unmatched.remove(spreadsheet.PROBLEM_HEADER)
    result = RosterResult(
        file=str(path),
        dry_run=dry_run,
        left_out=[spreadsheet.PROBLEM_HEADER] if left_out else [],
        kept_columns=table.unmatched,
        columns=table.read,
        bijoy=table.bijoy,
        encoding=table.encoding,
        upazila=roster_upazila.of_file(session, table, upazila, update, district_list),
    )
    if not table.rows:
        raise BadFile(
            f'{table.file}: sheet "{table.sheet}" has no rows under its header (row '
            f"{table.header_row}); nothing was imported.",
            "Fill in the NGOs under the header row, or check that this is the right file.",
        )
    with gc_paused():  # a big roster makes millions of small objects, none in cycles
        ex = _load(session)
        choices = Choices.parse(ex.lookup, add_new, same_as or [])
        done = _take(
            session,
            path,
            table,
            result,
            (ex, choices),
            joined=joined,
            skip_invalid=skip_invalid,
            rejects=rejects,
            unlock_reason=unlock_reason,
            district_list=district_list,
        )
    done.renamed = [said for c in sorted(ex.lookup.former_used) if (said := ex.lookup.renamed(c))]
    return done


def roster_hints(
    session: Session, maps: list[str], strict: bool, bijoy: bool = True
) -> columns.Hints:
    """What decides a roster's columns besides their headers: the office's maps and these
    `--map`s, and the values (mobiles; the district's upazilas; a name's script)."""
    district = offices.home_district(session)

    def is_area(value: object) -> bool:
        return bool(places.parse_areas(str(value), district))

    return columns.Hints(
        maps={**column_maps.load(session, "roster"), **column_maps.one_import("roster", maps)},
        by_values={"mobile": columns.looks_like_mobile, "areas": is_area},
        script_pair=("name_bn", "name_en"),
        strict=strict,
        bijoy=bijoy,
    )


def _take(
    session: Session,
    path: Path,
    table: Table,
    result: RosterResult,
    known: tuple[_Existing, Choices],
    *,
    joined: date | None,
    skip_invalid: bool,
    rejects: Path | None,
    unlock_reason: str | None,
    district_list: bool = False,
) -> RosterResult:
    dry_run = result.dry_run
    ex, choices = known
    one = result.upazila
    plans, problems = read_plans(session, table, joined)
    if one is not None:
        one.check_rows(table, plans, problems)
    new_rows, updates = _classify(table, plans, problems, ex, choices)
    area_name = {o.id: o.name_bn for o in offices.upazila_offices(session).values()}
    if one is None and not district_list:  # every row naming one upazila: whose list is it?
        at = _AT["code"]
        roster_upazila.ask_if_one(
            table, (plans, problems), updates, ex.areas, lambda i: ex.ngos[i][at], area_name
        )
    # the sheet's cells are needed from here on only for the rejects file: free the rest
    table.rows = [(row, cells) for row, cells in table.rows if row in problems]
    unused = choices.unused()
    if unused:
        raise Invalid(
            f"--same-as names {', '.join(map(repr, unused))}, which no row of {path.name} has.",
            "Write the row's name as the file has it.",
        )
    if problems and not skip_invalid:
        out = rejects or (None if dry_run else roster_rejects.default_name(path))
        fix = (
            "that workbook and import it (or the corrected file)"
            if out
            else f"{path.name} and import it"
        )
        hint = f"Correct the cells in {fix} again, or use --skip-invalid to take the good rows now."
        if choices.asked:
            hint += (
                " A row that may be an NGO of the register is taken as that NGO with "
                '--same-as "ROW NAME=CODE", or added as a new NGO with --add-new.'
            )
        if choices.twins:
            hint += " Two rows that are two NGOs are both added with --add-new."
        del plans, ex, new_rows, updates  # a big bad file: free them before the workbook
        said = None if out is None else roster_rejects.saved(table, problems, out)
        listed = [p for row in sorted(problems) for p in problems[row]]
        raise InvalidRows(listed, hint, rejects=said, read=result)
    result.rejected = sorted(problems.items())

    def area_names(ids: Any) -> list[str]:
        return sorted(area_name[i] for i in set(ids))

    w = roster_writes.Writes(new_rows=new_rows, unlock_reason=unlock_reason)
    mapped = set(table.headers.values())
    changed: list[tuple[int, str, dict[str, Any]]] = []
    for plan, ngo_id in updates:
        diff = _plan_update(plan, ngo_id, ex, w, area_names, mapped, one)
        if not diff:
            result.unchanged += 1
            continue
        stored = ex.ngo(ngo_id)
        result.changed.append(Change(stored["code"], stored["name_bn"] or stored["name_en"], diff))
        changed.append((ngo_id, stored["code"], diff))
    # what `undo` puts back: each changed NGO as it stands now (nothing to read for a dry run)
    before = {} if dry_run else states.ngo_states(session.connection(), [c[0] for c in changed])
    for ngo_id, code, diff in changed:
        old = {k: o for k, (o, _) in diff.items()}
        new = {k: n for k, (_, n) in diff.items()}
        w.log.append(
            audit.entry("ngo", code, "update", old, new, row_id=ngo_id, prior=before.get(ngo_id))
        )
    for plan, code in new_rows:
        if plan.extra:
            plan.values["extra"] = roster.extra_text(plan.extra)
        result.added.append((code, plan.label))

    def inserted(ids: dict[str, int]) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """The new NGOs' audit rows, made as they are written, each naming its NGO's id; the
        upazilas' names once for each set of them (a district has a few hundred sets)."""
        named: dict[tuple[int, ...], list[str]] = {}
        for plan, code in new_rows:
            areas = tuple(plan.areas or ())
            upazilas = named.get(areas)
            if upazilas is None:
                upazilas = named[areas] = area_names(areas)
            yield code, ids[code], {**plan.values, "upazilas": upazilas, "joined": plan.joined}

    w.new_log = inserted

    asked = rejects or (None if dry_run else roster_rejects.default_name(path))

    def save_rejects() -> None:
        """The rejects workbook at the name asked, or beside it when an earlier one is there."""
        if result.rejected and asked is not None:
            result.rejects_file = roster_rejects.write(table, problems, asked)
            result.rejects_kept = asked if result.rejects_file != asked else None

    if dry_run:  # what the lock would say of the import, without a write
        save_rejects()  # a dry run writes it only when --rejects names it
        try:
            result.after_review = roster_writes.guard(
                session.connection(), w, offices.home(session).id, write=False
            )
        except Locked as exc:
            result.refused = exc
        return result
    roster_writes.write(session, w, offices.home(session).id)
    save_rejects()
    return result
