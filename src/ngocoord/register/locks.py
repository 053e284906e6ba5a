"""Locked months: once a month is reviewed, its returns change only with a recorded reason.

A month is locked for an office by `ngocoord lock`, or when the meeting that reviewed it is
finalised, and stays locked until `ngocoord unlock` (with a reason); reopening the meeting
leaves it locked. Every writer of returns (a new version, a void, a remap) calls `guard` in its
write transaction, after taking the write order, so a lock that another process took while the
writer was reading its files is seen: the change is refused, naming the lock, unless an unlock
reason is given. That change is recorded (`lock_override` and the audit) and shown in the
month's `check` and summary as changed after review.

A change that alters a locked month's figures without touching a version (an NGO's joining or
leaving day, an NGO added, the tracking start, a kind's due day, a kind switched off or on)
meets the same rule through `guard_figures`: each change says which of the locked months it
alters (an NGO removed from today on alters none of them), and only those are named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from ngocoord import periods
from ngocoord.errors import Invalid, Locked, NotFound
from ngocoord.register.moves import Move as Move
from ngocoord.register.moves import areas_move as areas_move
from ngocoord.register.moves import due_move as due_move
from ngocoord.register.moves import end_move as end_move
from ngocoord.register.moves import membership_move as membership_move
from ngocoord.register.moves import spans as spans
from ngocoord.register.moves import start_move as start_move
from ngocoord.register.moves import switch_move as switch_move
from ngocoord.store import audit, db, offices, rows, runs, tables

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.models import Meeting

CHANGED_BN = "পর্যালোচনার পর তথ্য পরিবর্তিত"  # "figures changed after review"


class NotYetDue(Invalid):
    """A month would be locked before its returns are due: said, and asked or refused."""


@dataclass(frozen=True)
class Lock:
    """One locked month of one office, as the register holds it."""

    office_id: int
    office: str  # the office's Bangla name
    month: str
    locked_at: datetime
    locked_by: str
    reason: str | None
    meeting_id: int | None
    meeting_held_on: date | None

    def describe(self) -> str:
        """When, by whom and why, as the refusal and `locks` say it."""
        text = f"locked on {periods.clock(self.locked_at)} by {self.locked_by}"
        if self.meeting_id is not None:
            text += f", when meeting {self.meeting_id} of {self.meeting_held_on} was finalised"
        return text + (f": {self.reason}" if self.reason else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "office": self.office,
            "locked_at": periods.stamp(self.locked_at),
            "locked_by": self.locked_by,
            "reason": self.reason,
            "meeting": self.meeting_id,
        }


def _read(conn: Connection) -> Any:
    """The locks with what their messages name (the office, the meeting's day). Read through
    the register's own tables (store/tables), so `check` shows a lock without the ORM."""
    from sqlalchemy import select

    pl, office, meeting = (tables.table(conn, n) for n in ("period_lock", "office", "meeting"))
    return (
        select(pl.c.office_id, office.c.name_bn, pl.c.month, pl.c.locked_at, pl.c.locked_by)
        .add_columns(pl.c.reason, pl.c.meeting_id, meeting.c.held_on)
        .join(office, office.c.id == pl.c.office_id)
        .outerjoin(meeting, meeting.c.id == pl.c.meeting_id)
    )


def _one(conn: Connection) -> Any:
    from sqlalchemy import bindparam

    pl = tables.table(conn, "period_lock")
    return _read(conn).where(pl.c.office_id == bindparam("o"), pl.c.month == bindparam("m"))


def _probe(conn: Connection) -> str:
    """Whether an office-month is locked, as SQL for the driver: a batch asks for every file,
    and SQLAlchemy's statement handling costs ten times SQLite's own lookup. Compiled once per
    register (`tables.built`)."""
    from sqlalchemy import bindparam, select

    def build() -> str:
        pl = tables.table(conn, "period_lock")
        query = select(pl.c.id).where(
            pl.c.office_id == bindparam("o"), pl.c.month == bindparam("m")
        )
        return str(query.compile(dialect=conn.dialect))

    return tables.built(conn, "locks.probe", build)


def found(conn: Connection, office_id: int, month: str) -> Lock | None:
    """The lock of `month` for the office, if any: on SQLite one lookup on the unique index
    through the driver when there is none (the usual case)."""
    if conn.dialect.name == "sqlite":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            if cursor.execute(_probe(conn), (office_id, month)).fetchone() is None:
                return None
        finally:
            cursor.close()
    row = conn.execute(_one(conn), {"o": office_id, "m": month}).first()
    return Lock(*row) if row is not None else None


def _order(conn: Connection, office_id: int, *, exclusive: bool) -> None:
    """Order the lock's takers and the writers of returns, so neither reads before the other
    commits. SQLite: the database's write lock, now (BEGIN IMMEDIATE). PostgreSQL: the
    office's row, shared by writers (FOR KEY SHARE), exclusive to `lock` and `unlock` (FOR
    UPDATE); the lock is read after it in a statement of its own, which sees a lock committed
    while this one waited."""
    from sqlalchemy import select

    if conn.dialect.name == "sqlite":
        raw = conn.connection.driver_connection
        if not raw.in_transaction:  # type: ignore[union-attr]
            raw.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
        return
    office = tables.table(conn, "office")
    query = select(office.c.id).where(office.c.id == office_id)
    conn.execute(query.with_for_update(read=not exclusive, key_share=not exclusive))


def guard(
    conn: Connection,
    *,
    office_id: int,
    kind: tuple[int, str],
    month: str,
    unit: str,
    change: str,
    unlock_reason: str | None,
    write: bool = True,
) -> None:
    """The rule every writer of returns calls in its write transaction, before it changes a
    return of `month` (`kind` is the return kind's id and name): nothing when the month is not
    locked; Locked, naming the lock, when it is and no unlock reason is given; else the
    change is recorded as made after review. `write=False` (a dry run) only reads."""
    if write:
        _order(conn, office_id, exclusive=False)
    lock = found(conn, office_id, month)
    if lock is None:
        return
    reason = " ".join((unlock_reason or "").split())
    if not reason:
        raise Locked(
            f"{unit} {kind[1]} {month} was not changed: {month} is locked for {lock.office}, "
            f"{lock.describe()}.",
            "If it must change, give --unlock-reason TEXT (recorded, and shown in `check` and "
            f"the summary as changed after review), or `ngocoord unlock {month} --reason TEXT`.",
        )
    if write:
        _override(conn, [(lock, kind, unit, change)], reason)


# a change let through a lock: (the lock, the kind's id and name, the unit, the change)
_Through = tuple["Lock", tuple[int, str], str, str]
_OVERRIDE = (
    "office_id",
    "kind_id",
    "month",
    "unit",
    "change",
    "reason",
    "changed_at",
    "changed_by",
)


def _override(conn: Connection, through: Sequence[_Through], reason: str) -> None:
    """Changes let through locks, recorded for the months' `check` and summary, audited: the
    rows in one executemany (`db.insert_rows`), then their audit rows in one. Their ids are
    read back by what they hold, this call's time and user among it, in the order written."""
    from sqlalchemy import select

    now, user = datetime.now(UTC), runs.os_user()
    table = tables.table(conn, "lock_override")
    made = [(k.office_id, kind[0], k.month, unit, change) for k, kind, unit, change in through]
    if len(made) == 1:  # one version written (`guard`): its id comes back from the insert
        row = dict(zip(_OVERRIDE, (*made[0], reason, now, user), strict=True))
        ids = [db.insert_many(conn, table, [row])]
    else:
        db.insert_rows(conn, table, _OVERRIDE, ((*r, reason, now, user) for r in made))
        o = table.c
        query = select(o.id, o.office_id, o.kind_id, o.month, o.unit, o.change).where(
            o.changed_at == now, o.changed_by == user, o.reason == reason
        )
        written: dict[tuple[Any, ...], list[int]] = {}
        for found_id, *held in conn.execute(query.order_by(o.id.desc())):
            written.setdefault(tuple(held), []).append(found_id)
        ids = [written[r].pop() for r in made]
    entries = [
        audit.entry(
            "lock_override",
            f"{lock.office}:{lock.month}",
            "override",
            lock.as_dict(),
            {"kind": kind[1], "unit": unit, "change": change, "unlock_reason": reason},
            row_id=override_id,
            prior=None,  # undone with the change it let through
        )
        for (lock, kind, unit, change), override_id in zip(through, ids, strict=True)
    ]
    audit.write(conn, entries)


def guard_figures(
    conn: Connection,
    moves: Sequence[Move],
    kinds: Sequence[tuple[int, str]],
    unlock_reason: str | None,
    hint: str = "",
    *,
    write: bool = True,
    lead: str = "Nothing was changed",
) -> list[str]:
    """`guard` for changes that alter locked months' figures of `kinds` without touching a
    version, called in the write transaction before they are made: nothing when none alters a
    locked month; Locked naming each and its lock (after `lead`) when no unlock reason is
    given; else each recorded as changed after review, per month and kind. Returns the locked
    months altered; `write=False` (a dry run) only reads."""
    if not moves or not kinds:
        return []
    office_id, _ = offices.home_ids(conn)
    if write:
        _order(conn, office_id, exclusive=False)
    pl = tables.table(conn, "period_lock")
    held = {
        row.month: Lock(*row)
        for row in conn.execute(_read(conn).where(pl.c.office_id == office_id).order_by(pl.c.month))
    }
    if not held:
        return []
    hits = [(move, move.alters(list(held))) for move in moves]
    hits = [(move, months) for move, months in hits if months]
    months = sorted({m for _, ms in hits for m in ms})
    reason = " ".join((unlock_reason or "").split())
    if hits and not reason:
        said = [f"{move.unit} {move.change} ({', '.join(ms)})" for move, ms in hits[:5]]
        if len(hits) > 5:
            said.append(f"and {len(hits) - 5} more")
        locked = "; ".join(
            f"{m} is locked for {held[m].office}, {held[m].describe()}" for m in months
        )
        raise Locked(
            f"{lead}: {', '.join(said)} would change the reviewed figures of "
            f"{', '.join(months)}: {locked}.",
            f"{hint}If it must change, give --unlock-reason TEXT (recorded, and shown in "
            "`check` and the summary as changed after review), or `ngocoord unlock MONTH "
            "--reason TEXT`.",
        )
    if write and hits:
        through = [
            (held[month], kind, move.unit, move.change)
            for move, altered in hits
            for month in altered
            for kind in kinds
        ]
        _override(conn, through, reason)
    return months


def guard_list(
    conn: Connection,
    moves: Sequence[Move],
    unlock_reason: str | None,
    hint: str = "",
    **dry: Any,
) -> list[str]:
    """`guard_figures` for changes to the coordination list: they alter the kinds NGOs send."""
    from ngocoord.register import kinds

    sent = [(k.id, k.name) for k in kinds.tracked_rows(conn) if k.submitter == "ngo"]
    return guard_figures(conn, moves, sent, unlock_reason, hint, **dry)


def tracked_kinds(conn: Connection) -> list[tuple[int, str]]:
    """The kinds `check` shows (a setting such as the tracking start alters them all)."""
    from ngocoord.register import kinds

    return [(k.id, k.name) for k in kinds.tracked_rows(conn)]


def switch(session: Session, name: str, enabled: bool, unlock_reason: str | None) -> bool:
    """`kinds.switch` under the rule: a kind switched off or on takes away or brings its
    figures of each locked month from the tracking start."""
    from ngocoord.register import kinds

    found = kinds.kind(session, name)
    if found.enabled != enabled:
        assert found.id is not None
        conn = session.connection()
        moved = switch_move(conn, found.name, f"switched {'on' if enabled else 'off'}")
        guard_figures(conn, [moved], [(found.id, found.name)], unlock_reason)
    return kinds.switch(session, name, enabled)


def add_kind(
    session: Session,
    name: str,
    title_bn: str,
    submitter: str,
    due_day: int,
    unlock_reason: str | None,
) -> None:
    """`kinds.add_kind` under the rule: a kind added is missing from every unit in each
    locked month from the tracking start."""
    from ngocoord.register import kinds

    row = kinds.add_kind(session, name, title_bn, submitter, due_day)
    session.flush()
    assert row.id is not None
    conn = session.connection()
    guard_figures(conn, [switch_move(conn, name, "added")], [(row.id, name)], unlock_reason)


def guard_version(
    conn: Connection, submission_id: int, change: str, reason: str | None, prior: Any = None
) -> None:
    """`guard` for a change to one stored version (`undo` putting a run's versions back):
    the version's own office, kind, month and unit name the lock it meets. A version no longer
    stored (an undo bringing a removed version back) is named by `prior`, the state it comes
    back in."""
    from sqlalchemy import func, select

    sub, kind, ngo, office = (
        tables.table(conn, n) for n in ("submission", "return_kind", "ngo", "office")
    )
    query = (
        select(sub.c.office_id, sub.c.kind_id, kind.c.name, sub.c.month, sub.c.version)
        .add_columns(func.coalesce(ngo.c.code, office.c.name_en))
        .join(kind, kind.c.id == sub.c.kind_id)
        .outerjoin(ngo, ngo.c.id == sub.c.ngo_id)
        .outerjoin(office, office.c.id == sub.c.unit_office_id)
        .where(sub.c.id == submission_id)
    )
    row: Any = conn.execute(query).first()
    if row is None:
        if not isinstance(prior, dict) or "month" not in prior:
            return  # nothing stored, nothing coming back
        named = select(kind.c.name).where(kind.c.id == prior["kind_id"])
        by_code = select(ngo.c.code).where(ngo.c.id == prior.get("ngo_id"))
        by_office = select(office.c.name_en).where(office.c.id == prior.get("unit_office_id"))
        unit = conn.execute(by_code).scalar() or conn.execute(by_office).scalar()
        kind_name = conn.execute(named).scalar_one()
        row = (prior["office_id"], prior["kind_id"], kind_name, prior["month"])
        row += (prior.get("version"), unit or "?")
    office_id, kind_id, kind_name, month, version, unit = row
    guard(
        conn,
        office_id=office_id,
        kind=(kind_id, kind_name),
        month=month,
        unit=unit,
        change=f"version {version} {change}",
        unlock_reason=reason,
    )


def _over(month: str) -> None:
    if month > periods.month_of(periods.today()):
        raise Invalid(f"{month} is not over yet; a month is locked once it is reviewed.")


def not_yet_due(conn: Connection, month: str) -> str | None:
    """What locking `month` today would take from the senders: the tracked kinds whose returns
    for it are not yet due (due on or after today, as `check` counts "not yet due"), each
    with its due date; None when every one is due."""
    from ngocoord.register import kinds

    today = periods.today()
    _over(month)
    open_ = [
        f"{k.name} by {due.isoformat()}"
        for k in kinds.kind_rows(conn)
        if k.enabled and (due := periods.due_date(month, k.due_day)) >= today
    ]
    if not open_:
        return None
    return (
        f"{month}'s returns are not yet due ({', '.join(open_)}): NGOs and upazilas can still "
        "send them on time, and once the month is locked each one needs --unlock-reason."
    )


def lock(
    session: Session,
    month: str,
    *,
    reason: str | None = None,
    meeting: Meeting | None = None,
    before_due: bool = False,
) -> Lock:
    """Lock `month` for the home office (the office that receives the returns), by hand or by
    `meeting` finalised: audited. A month already locked is refused, naming the lock; one lock
    per office and month is a rule of the schema. A month whose returns are not yet due is
    refused (NotYetDue, saying when they are) unless `before_due` says the clerk meant it."""
    from sqlalchemy.exc import IntegrityError

    from ngocoord.store.models import PeriodLock

    _over(month)
    early = None if before_due else not_yet_due(session.connection(), month)
    if early is not None:
        raise NotYetDue(early, "Give --yes (or --reason TEXT) to lock it before it is due.")
    office_id = offices.home(session).id
    assert office_id is not None
    conn = session.connection()
    _order(conn, office_id, exclusive=True)
    held = found(conn, office_id, month)
    if held is not None:
        raise Invalid(
            f"{month} is already locked for {held.office}, {held.describe()}.",
            "`ngocoord locks` lists the locks.",
        )
    row = PeriodLock(
        office_id=office_id,
        month=month,
        locked_at=datetime.now(UTC),
        locked_by=runs.os_user(),
        reason=" ".join(reason.split()) if reason else None,
        meeting_id=meeting.id if meeting is not None else None,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # another process locked it after all: the schema holds
        raise Invalid(f"{month} was locked by another ngocoord just now.") from exc
    taken = found(conn, office_id, month)
    assert taken is not None
    audit.record(
        session, "period_lock", f"{taken.office}:{month}", "insert", None, taken.as_dict(),
        row_id=row.id, prior=None,
    )  # fmt: skip
    return taken


def lock_reviewed(session: Session, meeting: Meeting) -> Lock | None:
    """The lock of the month a meeting of the home office reviewed, taken as it is finalised.
    A month already locked (by hand, or by this meeting before it was reopened) keeps its
    lock. An upazila office's meeting locks nothing: its NGOs' returns come to the district."""
    home = offices.home(session).id
    assert home is not None
    if meeting.office_id != home:
        return None
    conn = session.connection()
    _order(conn, home, exclusive=True)
    # the meeting's review decides: its month is locked when it is finalised, due or not
    return found(conn, home, meeting.month_reviewed) or lock(
        session, meeting.month_reviewed, meeting=meeting, before_due=True
    )


def unlock(session: Session, month: str, reason: str) -> Lock:
    """Remove the home office's lock of `month`; the reason is required and audited with the
    lock as it was."""
    from sqlmodel import select

    from ngocoord.store.models import PeriodLock

    reason = " ".join(reason.split())
    if not reason:
        raise Invalid("Give the reason with --reason: why the reviewed month must change.")
    office_id = offices.home(session).id
    assert office_id is not None
    conn = session.connection()
    _order(conn, office_id, exclusive=True)
    held = found(conn, office_id, month)
    if held is None:
        raise NotFound(f"{month} is not locked.", "`ngocoord locks` lists the locks.")
    query = select(PeriodLock).where(PeriodLock.office_id == office_id, PeriodLock.month == month)
    gone = session.exec(query).one()
    assert gone.id is not None
    prior = rows.state(conn, "period_lock", gone.id)  # every column, so undo can put it back
    session.delete(gone)
    audit.record(
        session,
        "period_lock",
        f"{held.office}:{month}",
        "delete",
        held.as_dict(),
        {"reason": reason},
        row_id=gone.id,
        prior=prior,
    )
    return held


def listing(session: Session) -> list[Lock]:
    """Every lock, by office and month."""
    conn = session.connection()
    pl = tables.table(conn, "period_lock")
    rows = conn.execute(_read(conn).order_by(pl.c.office_id, pl.c.month))
    return [Lock(*row) for row in rows]


def of_month(
    conn: Connection, office_id: int, kind_id: int, month: str
) -> tuple[Lock | None, list[dict[str, Any]]]:
    """An office's lock of `month` and the changes made to its returns of one kind after
    review, oldest first: what `check` and the summary show (read without the ORM)."""
    from sqlalchemy import select

    o = tables.table(conn, "lock_override").c
    query = (
        select(o.unit, o.change, o.reason, o.changed_at, o.changed_by)
        .where(o.office_id == office_id, o.month == month, o.kind_id == kind_id)
        .order_by(o.id)
    )
    changes = [
        {
            "unit": unit,
            "change": change,
            "reason": reason,
            "at": periods.stamp(at),
            "by": by,
        }
        for unit, change, reason, at, by in conn.execute(query)
    ]
    return found(conn, office_id, month), changes
