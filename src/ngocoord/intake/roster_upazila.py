"""An upazila office's roster imported into the district's register (`ngo import --upazila`).

An upazila's list names only the NGOs working in that upazila, and its upazila column that
upazila alone: taken as the district's list it would take each NGO's other upazilas away and
put the upazila office's spellings over the district's. Taken as the upazila's, it only adds:
each NGO gains the upazila, a value the register lacks is filled in, and a value the register
holds otherwise is kept and listed (`Held`) unless `--update` takes the file's. A file that
says it is one upazila's list (its title, or every row naming one upazila) is refused until
the clerk says which list it is, rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ngocoord import places
from ngocoord.errors import CellProblem, Invalid, UnknownPlace
from ngocoord.store import offices

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.intake.roster_cells import RowPlan
    from ngocoord.intake.sheets import Table


@dataclass(frozen=True)
class Held:
    """A value an upazila's list gives differently from the register: not taken."""

    code: str
    name: str
    field: str
    register: Any
    file: Any


@dataclass
class OneUpazila:
    """The upazila office whose list a file is, and what its rows were not allowed to change."""

    office_id: int
    name: str  # the upazila's Bangla name, as the register's office has it
    update: bool = False  # --update: the file's values are taken where they differ
    held: list[Held] = field(default_factory=list)

    def take(self, ngo: str, what: str, register: Any, file: Any) -> bool:
        """Whether a value the row gives differently from the register is taken: where the
        register has none, or with --update; otherwise it is held, to be listed (`ngo`: the
        NGO's code and name, as "CODE NAME")."""
        if self.update or register in (None, ""):
            return True
        code, _, name = ngo.partition(" ")
        self.held.append(Held(code, name, what, register, file))
        return False

    def keep_taken(
        self, plan: RowPlan, stored: Callable[[str], Any], extra: dict[str, str], ngo: str
    ) -> None:
        """Leave in the row's values and kept columns only those `take` allows."""
        for k in list(plan.values):
            if stored(k) != plan.values[k] and not self.take(ngo, k, stored(k), plan.values[k]):
                del plan.values[k]
        for k in list(plan.extra):
            if extra.get(k, plan.extra[k]) != plan.extra[k] and not self.take(
                ngo, f'column "{k}"', extra[k], plan.extra[k]
            ):
                del plan.extra[k]

    def keep_regs(self, ngo: str, updates: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The registration updates taken: those that only fill a date the register lacks,
        or all with --update; the others held."""
        kept = []
        for u in updates:
            old = u["_old"]
            fills = u["number"] == old["number"] and all(
                old[k] is None or old[k] == u[k] for k in ("reg_date", "reg_year")
            )
            what = f"registration {old['authority']}"
            if fills or self.take(ngo, what, _reg_text(old), _reg_text(u)):
                kept.append(u)
        return kept

    def check_rows(
        self, table: Table, plans: list[RowPlan], problems: dict[int, list[CellProblem]]
    ) -> None:
        """Each row is of an NGO working in this upazila: a blank upazila cell gives it, a
        cell that names others must name it too (they are added beside it)."""
        for plan in plans:
            if plan.row in problems:
                continue
            if plan.areas is None:
                plan.areas = [self.office_id]
            elif self.office_id not in plan.areas:
                problems[plan.row] = [
                    table.problem(
                        plan.row,
                        "areas",
                        f"this is {self.name} upazila's list (--upazila {self.name}), but the "
                        f"row does not name {self.name}; write {self.name} in the cell (with "
                        "any other upazila it works in) or leave it blank, or import this NGO "
                        "with its own upazila's list",
                    )
                ]


def removals(changed: Iterable[Any]) -> list[tuple[Any, list[str]]]:
    """The changes (`roster_file.Change`) that take an NGO out of upazilas, each with those."""
    found = []
    for change in changed:
        was, now = change.fields.get("upazilas", ((), ()))
        if gone := [name for name in was if name not in now]:
            found.append((change, gone))
    return found


def _reg_text(r: dict[str, Any]) -> str:
    return f"{r['number']} {r['reg_date'] or r['reg_year'] or ''}".strip()


_MARKERS = frozenset(
    unicodedata.normalize("NFC", w)
    for w in (
        *("উপজেলা", "উপজেলার", "উপজেলায়", "উপজেলাধীন", "উপজেলাতে", "উপজেলাস্থ"),
        *("থানা", "থানার", "থানায়", "upazila", "upazilla", "upozila", "thana"),
    )
)
# "উপজেলা: বিরল", "উপজেলার নামঃ বিরল", "Upazila - Biral": the name after a label
_LABELLED = re.compile(r"\s*(?:এর\s*)?(?:নাম|name)?\s*[:ঃ\-–]\s*(.+)", re.IGNORECASE)
_PUNCT = " ,.:ঃ;।()[]-–\"'“”"
_LONGEST = 4  # words an upazila's name (or "বিরল ও বোচাগঞ্জ") takes before its marker


def _parsed(text: str, district: places.District) -> list[places.Upazila]:
    try:
        return places.parse_areas(text, district)
    except UnknownPlace:
        return []


def named_in(text: str, district: places.District) -> list[places.Upazila]:
    """The upazilas a title names as the list's: the words before "উপজেলা(য়/র)", "থানা" or
    "upazila" (the longest run of them that reads as upazilas), or after such a label and a
    colon. "দিনাজপুর জেলার সকল উপজেলায়" names every upazila; a name without the word
    names none (a district's title may carry its own name)."""
    text = unicodedata.normalize("NFC", text)
    words = text.casefold().split()
    found: dict[int, places.Upazila] = {}
    for i, word in enumerate(words):
        stem = word.strip(_PUNCT)
        if stem not in _MARKERS:
            continue
        best: list[places.Upazila] = []
        for k in range(1, min(i, _LONGEST) + 1):
            best = _parsed(" ".join(words[i - k : i]), district) or best
        after = " ".join(words[i:])
        label = _LABELLED.match(after[after.index(stem) + len(stem) :])
        if label and not best:
            rest = label.group(1).split()
            for k in range(1, min(len(rest), _LONGEST - 1) + 1):
                best = _parsed(" ".join(w.strip(_PUNCT) for w in rest[:k]), district) or best
        found.update((u.id, u) for u in best)
    return list(found.values())


def of_file(
    session: Session, table: Table, upazila: str | None, update: bool, district_list: bool
) -> OneUpazila | None:
    """The upazila whose list the file is (`--upazila`, found as `check --upazila` finds it),
    or None for the district's; refused when its title says otherwise and the clerk did not."""
    if district_list and upazila is not None:
        raise Invalid("--district-list and --upazila say different things.", "Give one of them.")
    if update and upazila is None:
        raise Invalid(
            "--update goes with --upazila: a district list's values are taken anyway.",
            "Give --upazila NAME, or leave out --update.",
        )
    office = offices.find_upazila_office(session, upazila) if upazila is not None else None
    said = None if district_list else title_upazila(table, offices.home_district(session))
    if said is not None and (office is None or office.geo_id != said[1].id):
        refuse_title(table, said, office.name_bn if office is not None else None)
    if office is None:
        return None
    assert office.id is not None
    return OneUpazila(office.id, office.name_bn, update)


def title_upazila(table: Table, district: places.District) -> tuple[str, places.Upazila] | None:
    """The one upazila the rows above a roster's header name as the list's (its title), with
    the title's text; None when they name none, or several."""
    found: dict[int, tuple[str, places.Upazila]] = {}
    for row in table.above:
        for cell in row:
            if isinstance(cell, str):
                found.update((u.id, (cell, u)) for u in named_in(cell, district))
    return next(iter(found.values())) if len(found) == 1 else None


def _where(table: Table) -> str:
    return table.file if table.sheet == "csv" else f'{table.file}: sheet "{table.sheet}"'


def refuse_title(table: Table, said: tuple[str, places.Upazila], upazila: str | None) -> None:
    """A file whose title names one upazila is imported only as that upazila's list, or as the
    district's when the clerk says so (--district-list)."""
    title, found = said
    where = f'{_where(table)}, title "{title}"'
    if upazila is None:
        raise Invalid(
            f"{where} reads as {found.bn} upazila's list; it was not imported as the "
            "district's (that would replace these NGOs' upazilas with the file's).",
            f"Import it with --upazila {found.bn}: its NGOs gain {found.bn} and keep their other "
            "upazilas, and values that differ from the register's are listed, not taken. If it "
            "is the district's own list all the same, give --district-list.",
        )
    raise Invalid(
        f"{where} reads as {found.bn} upazila's list, not {upazila}'s (--upazila); nothing "
        "was imported.",
        f"Give --upazila {found.bn} if the title is right, or correct the title.",
    )


def refuse_one_upazila(
    table: Table, office: str, wider: list[tuple[str, list[str]]], shown: int = 5
) -> None:
    """A district list (no --upazila) whose every upazila cell names the same one upazila, while
    the register has some of its NGOs in others too: is it that upazila's list?"""
    column = table.column_label("areas")
    listed = "; ".join(f"{code}: {', '.join(areas)}" for code, areas in wider[:shown])
    more = f" and {len(wider) - shown} more" if len(wider) > shown else ""
    raise Invalid(
        f"{_where(table)}: every row's upazila ({column}) is {office} "
        f"alone, and the register has {len(wider)} of its NGOs in other upazilas too "
        f"({listed}{more}). Taken as the district's list, they would lose those upazilas; "
        "nothing was imported.",
        f"If this is {office} upazila's list, import it with --upazila {office}: its NGOs gain "
        f"{office} and keep the others. If it is the district's list and these NGOs now work "
        f"in {office} alone, give --district-list (the result names every upazila removed).",
    )


def ask_if_one(
    table: Table,
    rows: tuple[Iterable[RowPlan], dict[int, Any]],
    updates: list[tuple[RowPlan, int]],
    areas: dict[int, set[int]],
    code: Callable[[int], str],
    names: Mapping[Any, str],
) -> None:
    """Refuse a district list (its good `rows`: plans, problems) whose every filled upazila
    cell names the same one upazila while the register has NGOs it updates in others too
    (`refuse_one_upazila`)."""
    plans, problems = rows
    named = {tuple(p.areas) for p in plans if p.areas is not None and p.row not in problems}
    if len(named) != 1 or len(only := next(iter(named))) != 1:
        return
    wider = [
        (code(i), sorted(names[o] for o in areas[i]))
        for _, i in updates
        if areas.get(i, set()) - {only[0]}
    ]
    if wider:
        refuse_one_upazila(table, names[only[0]], wider)
