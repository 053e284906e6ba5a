"""What else than its names makes a new roster row look like an NGO already in: its name
writes an NGO's code or former code (a roster writing "BRAC", "ইএসডিও" or "Gram Unnayan Karma
(GUK)" for the register's BRAC, ESDO and GUK; initials the tool would make a code of do not
count), its name sounds like an NGO's name, code or acronym written in the other script
("ব্রাক" for BRAC, "Gana Unnayan Kendra" for গণ উন্নয়ন কেন্দ্র: Lookup.sounding), or it gives
an NGO's mobile or registration (authority, number and date). Such a
row is asked about, as a near name is, never added as a second NGO in silence; two new rows
of one file that share a mobile or registration are named too.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ngocoord import names
from ngocoord.register.registrations import Reg

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ngocoord.intake.roster_cells import RowPlan
    from ngocoord.register.lookup import Entry, Lookup


def _mobiles(text: Any) -> list[str]:
    """The numbers of a mobile cell as stored (parse_mobiles joins them with ", "): the
    stored text itself for one number, so a big roster's index makes no new strings."""
    if not text:
        return []
    return text.split(", ") if ", " in text else [text]


class Alike:
    """The register's mobiles and registrations, indexed when first asked (a first import
    into an empty register never asks)."""

    def __init__(
        self,
        lookup: Lookup,
        mobiles: Callable[[], Iterable[tuple[int, str | None]]],
        regs: Callable[[], Iterable[tuple[int, Reg]]],
    ) -> None:
        self.lookup = lookup
        self._mobiles, self._regs = mobiles, regs  # the register's, read when first asked
        self._by_mobile: dict[str, list[Entry]] | None = None
        self._by_reg: dict[Reg, list[Entry]] = {}
        # a mobile or registration (the row's own objects: no copies) → the new row giving it
        self._file: dict[object, RowPlan] = {}

    def _index(self) -> dict[str, list[Entry]]:
        """The register's NGOs by mobile and by registration, built once."""
        if self._by_mobile is None:
            by_id = {e.id: e for e in self.lookup.by_code.values()}
            self._by_mobile = defaultdict(list)
            for ngo_id, text in self._mobiles():
                for mobile in _mobiles(text):
                    self._by_mobile[mobile].append(by_id[ngo_id])
            for ngo_id, reg in self._regs():
                self._by_reg.setdefault(reg, []).append(by_id[ngo_id])
        return self._by_mobile

    def of(self, plan: RowPlan) -> list[tuple[Entry, str]]:
        """The register's NGOs a new row may be, each with why."""
        found: dict[Entry, str] = {}
        if not self.lookup.by_code:
            return []
        written = [n for n in (plan.values.get("name_bn"), plan.values.get("name_en")) if n]
        for name in written if not plan.code else ():
            for acronym in dict.fromkeys([names.acronym(name), *names.written_acronyms(name)]):
                held = self.lookup.by_code.get(acronym) or self.lookup.by_former.get(acronym)
                if acronym and held is not None:
                    whose = "the code" if held.code == acronym else "a former code"
                    found.setdefault(held, f"its name writes {acronym}, {whose} of {held.code}")
        for name in written:
            for text in dict.fromkeys([name, names.without_brackets(name)]):
                for entry, theirs in self.lookup.sounding(text):
                    code = f", {entry.code}" if theirs != entry.code else ""
                    found.setdefault(entry, f'"{text}" sounds like {theirs}{code}')
        by_mobile = self._index()
        for mobile in _mobiles(plan.values.get("mobile")):
            for entry in by_mobile.get(mobile, []):
                found.setdefault(entry, f"both give the mobile {mobile}")
        for reg in plan.regs or ():
            for entry in self._by_reg.get(reg, []):
                found.setdefault(entry, f"both have the registration {_shown(reg)}")
        return list(found.items())

    def in_file(self, plan: RowPlan) -> str | None:
        """What a new row shares with an earlier new row of the file, or None; remembered."""
        said = None
        for key in [*_mobiles(plan.values.get("mobile")), *(plan.regs or ())]:
            earlier = self._file.setdefault(key, plan)
            if earlier is not plan and said is None:  # words only for a clash, not every row
                what = f"the mobile {key}" if isinstance(key, str) else _registration(key)
                said = f"row {plan.row} gives {what} of row {earlier.row}"
        return said


def _registration(reg: Reg) -> str:
    return f"the registration {_shown(reg)}"


def _shown(reg: Reg) -> str:
    return f"{reg.authority} {reg.display()}"


def near_message(plan: RowPlan, near: list[tuple[Any, str]]) -> str:
    """The pairs a new row makes with the register's NGOs it may be, both names shown."""
    pairs = "; ".join(f"{e.code} {e.label!r} ({why})" for e, why in near)
    return (
        f"{plan.label!r} may be an NGO already in the register: {pairs}. If it is, give "
        f'--same-as "{plan.label}={near[0][0].code}"; if it is a new NGO, --add-new'
    )
