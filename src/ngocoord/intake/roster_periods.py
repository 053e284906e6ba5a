"""A roster row's periods on the list against the register's: what an import may change (one
period's start) and what only `ngo remove` and `ngo rejoin` change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ngocoord.register import fields

if TYPE_CHECKING:
    from ngocoord.intake.roster_cells import RowPlan


def conflict(plan: RowPlan, stored: list[tuple[int, Any, Any]]) -> str | None:
    """Why a row's membership periods cannot be taken (they change what only remove and rejoin
    change), or None: the same periods, or one period whose start alone moves."""
    if not plan.periods:
        return joined_conflict(plan, stored)
    have = [(start, end) for _, start, end in stored]  # by id, as _load reads them
    if have == plan.periods or (
        len(have) == 1 and len(plan.periods) == 1 and have[0][1] == plan.periods[0][1]
    ):
        return None
    return (
        f"the periods on the list {fields.periods_text(plan.periods)} are not the register's "
        f"({fields.periods_text(have) or 'none'}); change them with `ngo remove` and `ngo rejoin`"
    )


def joined_conflict(plan: RowPlan, stored: list[tuple[int, Any, Any]]) -> str | None:
    """Why a row's joining date cannot be the start of the NGO's one period: it left the list
    on or before that day (the schema's rule, register/membership), or None."""
    if plan.joined is None or len(stored) != 1 or stored[0][2] is None:
        return None
    left = stored[0][2]
    if plan.joined < left:
        return None
    return (
        f"{plan.label!r} joins the list on {plan.joined}, not before the day it left it, {left} "
        f"(it would leave before it joined); correct the date, or put it back on the list "
        f"with `ngo rejoin --on {plan.joined}`"
    )
