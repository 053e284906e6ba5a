"""`ngocoord undo RUN`: a run's changes put back from its audit rows.

Each entity the run changed (an NGO with its areas, registrations and memberships; a return's
version; a meeting, item, decision, column map) goes back to the state its first audit row in
the run recorded, newest first. An undo is a run of its own whose audit rows hold the states it
replaced, so it can be undone in turn. A later run that changed the same entities (and is not
itself undone) stops it, unless the later runs are undone too (cascade), newest first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ngocoord.errors import Invalid, NotFound
from ngocoord.register import kept_files, kinds, locks, start_guard, states
from ngocoord.store import audit, offices, runs

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass
class Step:
    """One entity put back: which, how it is named in the log, the state it goes back to."""

    kind: str
    row_id: int
    table: str
    key: str
    prior: Any

    @property
    def what(self) -> str:
        """What putting it back does, as `undo` shows it before asking."""
        if self.prior is None:
            return f"remove {self.table} {self.key}"
        named = [k for k in self.prior if k != "ngo"] + list(self.prior.get("ngo") or {})
        named = [k for k in named if k not in ("id", "name_key")]
        if not named or len(named) > 6:
            return f"put back {self.table} {self.key} as it was"
        return f"put back {self.table} {self.key}: {', '.join(named)} as before"


@dataclass
class Plan:
    run: int
    command: str
    steps: list[Step]
    later: list[int] = field(default_factory=list)


def _run_row(conn: Connection, run_id: int) -> Any:
    from sqlalchemy import select

    from ngocoord.store.models import Run, table

    row = conn.execute(select(table(Run)).where(table(Run).c.id == run_id)).first()
    if row is None:
        raise NotFound(f"There is no run {run_id}.", "See the runs with `ngocoord log`.")
    return row


def cancelled(conn: Connection) -> set[int]:
    """The runs undone by an undo that is not itself undone."""
    from sqlalchemy import select

    from ngocoord.store.models import Run, table

    run = table(Run).c
    undoes = {
        r: [int(x) for x in u.split(",")]
        for r, u in conn.execute(select(run.id, run.undoes).where(run.undoes.is_not(None)))
    }
    gone: set[int] = set()
    for undo_run in sorted(undoes, reverse=True):  # the newest undo decides first
        if undo_run not in gone:
            gone.update(undoes[undo_run])
    return gone


def _settled(conn: Connection, after: int) -> set[int]:
    """The runs later than `after` whose changes are gone: each undone, and each undo whose
    runs are all undone and later (together they changed nothing)."""
    from sqlalchemy import select

    from ngocoord.store.models import Run, table

    gone = cancelled(conn)
    run = table(Run).c
    found = {r for r in gone if r > after}
    for undo_run, undoes in conn.execute(
        select(run.id, run.undoes).where(run.undoes.is_not(None), run.id > after)
    ):
        targets = [int(x) for x in undoes.split(",")]
        if all(t > after and t in gone for t in targets):
            found.add(undo_run)
    return found


def plan(conn: Connection, run_id: int) -> Plan:
    """What undoing `run_id` would do, or why it cannot be done."""
    from sqlalchemy import select

    from ngocoord.store.models import Audit, table

    found = _run_row(conn, run_id)
    if run_id in cancelled(conn):
        raise Invalid(f"Run {run_id} is already undone.", "Undo the undo to bring it back.")
    a = table(Audit).c
    trail = conn.execute(
        select(a.table_name, a.row_key, a.row_id, a.prior).where(a.run_id == run_id).order_by(a.id)
    ).all()
    if not trail:
        raise Invalid(f"Run {run_id} changed nothing; there is nothing to undo.")
    steps: dict[tuple[str, int], Step] = {}
    for table_name, key, row_id, prior in trail:
        if row_id is None or prior is None:
            raise Invalid(
                f"Run {run_id} ({found.command}) cannot be undone: its change to {table_name} "
                f"{key} was recorded without the state before it (a command older than undo, "
                "or one undo does not cover, such as a setting).",
                "Change it back by hand, or restore a backup with `ngocoord db restore`.",
            )
        ident = (states.entity(table_name), int(row_id))
        if ident not in steps:
            name = "ngo" if ident[0] == "ngo" else table_name
            steps[ident] = Step(ident[0], ident[1], name, key, json.loads(prior))
        else:
            _fill(steps[ident], json.loads(prior))
    ordered = list(steps.values())
    ordered.reverse()
    for step in ordered:
        if step.kind == "submission":
            kept_files.missing(conn, run_id, step.key, step.prior)
    return Plan(run_id, found.command, ordered, _later(conn, run_id, ordered))


def _fill(step: Step, later: Any) -> None:
    """The state before the run, completed by a later row's prior state: what the first
    change left alone was, until the later change, as that one found it."""
    if step.prior is None or not isinstance(later, dict):
        return
    for key, value in later.items():
        if key not in step.prior:
            step.prior[key] = value
        elif isinstance(step.prior[key], dict) and isinstance(value, dict):
            step.prior[key] = {**value, **step.prior[key]}


def _later(conn: Connection, run_id: int, steps: list[Step]) -> list[int]:
    """The later runs, not undone, that changed an entity of `steps` (for an NGO, also its
    returns), newest first."""
    from sqlalchemy import select

    from ngocoord.store.models import Audit, table

    idents = {(s.kind, s.row_id) for s in steps}
    # an NGO the undo removes cannot leave returns behind; an NGO only changed can
    codes = {s.key for s in steps if s.kind == "ngo" and s.prior is None}
    gone = _settled(conn, run_id)
    a = table(Audit).c
    hit: set[int] = set()
    later = conn.execute(
        select(a.run_id, a.table_name, a.row_id, a.row_key).where(a.run_id > run_id)
    )
    for other, table_name, row_id, key in later:
        if other in gone or other in hit:
            continue
        parts = key.split(":")
        if (states.entity(table_name), row_id) in idents or (
            codes and (key in codes or (len(parts) == 3 and parts[1] in codes))
        ):
            hit.add(other)
    return sorted(hit, reverse=True)


def alone(undoing: Plan) -> None:
    """Refuse, naming them, when later runs changed the same rows (before anything is asked)."""
    if undoing.later:
        named = ", ".join(map(str, undoing.later))
        raise Invalid(
            f"Run {undoing.run} cannot be undone alone: later runs changed the same rows "
            f"({named}).",
            f"Undo those first, or undo them all with `ngocoord undo {undoing.run} --cascade`.",
        )


def commands(conn: Connection, run_ids: list[int]) -> list[str]:
    """Each run's command line, as `undo --cascade` names the later runs it takes with it."""
    return [f"run {r}: {_run_row(conn, r).command}" for r in run_ids]


def apply(
    conn: Connection, run_id: int, *, cascade: bool = False, unlock_reason: str | None = None
) -> list[int]:
    """Undo `run_id` (and with `cascade` every later run in its way, and theirs, newest
    first) in the caller's transaction; returns the runs undone, newest first. A version of
    a month locked after review is put back only with `unlock_reason`, as any change to it."""
    first = plan(conn, run_id)
    if not cascade:
        alone(first)
    todo = {run_id: first}
    waiting = list(first.later)
    while waiting:
        other = waiting.pop()
        if other not in todo:
            todo[other] = plan(conn, other)
            waiting += todo[other].later
    done = sorted(todo, reverse=True)
    with start_guard.start_kept(conn, f"undo of run {run_id}", unlock_reason):
        for target in done:
            _put_back(conn, todo[target], unlock_reason)
    runs.mark_undo(conn, done)
    return done


def _guard_figures(conn: Connection, undoing: Plan, unlock_reason: str | None) -> None:
    """The NGOs whose list periods the undo puts back (or that it removes, or brings back),
    and the kinds it switches back, meet the lock of each month whose figures that changes."""
    home, _ = offices.home_ids(conn)
    moves = []
    for step in undoing.steps:
        if step.kind == "ngo" and step.prior is not None and "areas" in step.prior:
            moves.append(_areas_back(conn, undoing, step, home))
        if step.kind != "ngo" or (step.prior is not None and "memberships" not in step.prior):
            continue
        now = states.state(conn, "ngo", step.row_id, step.prior)
        before = locks.spans(now["memberships"], home) if now is not None else []
        after = locks.spans(step.prior["memberships"], home) if step.prior is not None else []
        change = f"{_done(step, now, 'list periods put back')} by undo {undoing.run}"
        moves.append(locks.membership_move(step.key, change, before, after))
    locks.guard_list(conn, moves, unlock_reason)
    for step in undoing.steps:  # a kind switched back on or off
        if step.kind == "return_kind" and step.prior and "enabled" in step.prior:
            now = states.state(conn, step.kind, step.row_id, step.prior)
            if now is not None and bool(now["enabled"]) != bool(step.prior["enabled"]):
                said = f"switched {'on' if step.prior['enabled'] else 'off'} by undo {undoing.run}"
                moved = locks.switch_move(conn, step.key, said)
                locks.guard_figures(conn, [moved], [(step.row_id, step.key)], unlock_reason)


def _areas_back(conn: Connection, undoing: Plan, step: Step, home: int) -> locks.Move:
    """An NGO's upazilas put back: the months it was on the list (as it is, or comes back)."""
    now = states.state(conn, "ngo", step.row_id, None)
    was = now["areas"] if now is not None else []
    listed = locks.spans((now or step.prior).get("memberships", []), home)
    change = f"upazilas put back by undo {undoing.run}"
    start = kinds.tracking_start(conn)
    return locks.areas_move(start, step.key, change, listed, was, step.prior["areas"])


# What a meeting's signed minutes are made of; a decision's follow-up (done, dropped, its
# notes) goes on after they are signed, as `decisions` does it.
_MINUTES = ("meeting", "agenda_item", "decision", "attendance")
_FOLLOW_UP = {"status", "closed_on"}


def _meeting_of(conn: Connection, step: Step) -> Any:
    """The meeting whose minutes the step changes, or None for a decision's follow-up."""
    from sqlalchemy import select

    from ngocoord.store import rows, tables

    if step.table == "meeting":
        return step.row_id
    state = rows.state(conn, step.table, step.row_id) or step.prior or {}
    if step.table != "decision":
        return state.get("meeting_id")
    if step.prior is not None and set(step.prior) <= _FOLLOW_UP:
        return None
    item = tables.table(conn, "agenda_item").c
    return conn.execute(select(item.meeting_id).where(item.id == state.get("item_id"))).scalar()


def _not_signed(conn: Connection, undoing: Plan, step: Step) -> None:
    """Finalised minutes are as signed: an undo does not change their meeting, items,
    decisions or attendance either (`meetings.writable`, the rule of every edit)."""
    from sqlalchemy import select

    from ngocoord.store import tables

    meeting_id = _meeting_of(conn, step)
    meeting = tables.table(conn, "meeting").c
    query = select(meeting.finalised_at).where(meeting.id == meeting_id)
    if meeting_id is not None and conn.execute(query).scalar() is not None:
        raise Invalid(
            f"Run {undoing.run} cannot be undone: it changed {step.table} {step.key} of meeting "
            f"{meeting_id}, whose minutes are finalised; nothing was changed.",
            f"Reopen them first: `ngocoord meeting reopen {meeting_id} --reason TEXT`.",
        )


def _done(step: Step, now: Any, put_back: str = "put back") -> str:
    """What the undo does to the entity, as a locked month's record of it says: removed (the
    run made it), brought back (the run removed it), else put back as it was."""
    if step.prior is None:
        return "removed"
    return "brought back" if now is None else put_back


def _put_back(conn: Connection, undoing: Plan, unlock_reason: str | None) -> None:
    """Each entity of one run put back, and the states it replaced audited (in this run)."""
    from sqlalchemy.exc import IntegrityError

    _guard_figures(conn, undoing, unlock_reason)
    entries = []
    for step in undoing.steps:
        if step.table in _MINUTES:
            _not_signed(conn, undoing, step)
        now = states.state(conn, step.kind, step.row_id, step.prior)
        if step.kind == "submission":
            change = f"{_done(step, now)} by undo {undoing.run}"
            locks.guard_version(conn, step.row_id, change, unlock_reason, step.prior)
        try:
            states.put(conn, step.kind, step.row_id, step.prior)
        except IntegrityError as exc:
            raise Invalid(
                f"Run {undoing.run} cannot be undone: {step.table} {step.key} is used by rows "
                f"that no later run recorded ({exc.orig}); nothing was changed.",
                "Remove those rows first, or restore a backup with `ngocoord db restore`.",
            ) from exc
        action = "delete" if step.prior is None else "insert" if now is None else "update"
        entries.append(
            audit.entry(
                step.table, step.key, action, now, step.prior, row_id=step.row_id, prior=now
            )
        )
    audit.write(conn, entries)
