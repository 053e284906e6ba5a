"""The NGO register: the single-NGO operations.

Business rules live here so the CLI and the sheet import share them: how a code is chosen, what
an edit changes, and how membership of the coordination list starts and ends (how a cell
becomes a value is in register.fields).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ngocoord import names, places
from ngocoord.errors import Invalid, NotFound
from ngocoord.register import former_codes, kinds, locks, lookup, states
from ngocoord.register.fields import key_of, parse_code, parse_scalar
from ngocoord.register.membership import Span, member_ids, no_areas, working_in
from ngocoord.register.membership import is_member as is_member
from ngocoord.register.registrations import Reg
from ngocoord.store import audit, offices, rows, tables

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.store.models import Membership, Ngo

# ---------------------------------------------------------------- queries


def get(session: Session, code: str) -> Ngo:
    from sqlmodel import select

    from ngocoord.store.models import Ngo

    ngo = session.exec(select(Ngo).where(Ngo.code == code.strip().upper())).first()
    if ngo is None:
        ngos = lookup.load(session)
        renamed, now = ngos.renamed(code), ngos.code(code)
        if renamed and now is not None:  # a command names the NGO by its code now
            raise NotFound(f"No NGO has the code {code!r} now: {renamed}.", f"Use {now.code}.")
        close = ngos.suggestions(code)
        hint = f"Did you mean {', '.join(close)}? " if close else ""
        raise NotFound(f"No NGO with code {code!r}.", f"{hint}`ngocoord ngo list` shows the codes.")
    return ngo


def memberships(session: Session, ngo_id: int) -> list[Membership]:
    from sqlmodel import col, select

    from ngocoord.store.models import Membership

    query = select(Membership).where(Membership.ngo_id == ngo_id).order_by(col(Membership.id))
    return list(session.exec(query))


def listed(session: Session, on: date, upazila_office_id: int | None = None) -> list[Ngo]:
    """The NGOs on this office's coordination list on a day, by code, in one query; with an
    upazila office, only those that work in it (`check --upazila`'s rule, working_in)."""
    from sqlmodel import col, select

    from ngocoord.store.models import Ngo

    conn = tables.connection(session)
    query = select(Ngo).where(col(Ngo.id).in_(member_ids(conn, _home_id(session), on)))
    if upazila_office_id is not None:
        query = query.where(col(Ngo.id).in_(working_in(conn, upazila_office_id)))
    return list(session.exec(query.order_by(col(Ngo.code))))


def areas_not_recorded(session: Session, on: date) -> list[Ngo]:
    """The NGOs on the list on a day whose areas are not recorded, by code: no upazila's."""
    from sqlmodel import col, select

    from ngocoord.store.models import Ngo

    found = no_areas(tables.connection(session), _home_id(session), on)
    return list(session.exec(select(Ngo).where(col(Ngo.id).in_(found)).order_by(col(Ngo.code))))


def status(periods: list[Membership], today: date) -> str:
    return "listed" if is_member(periods, today) else "removed"


@dataclass
class Profile:
    """Everything `ngo show` prints about one NGO."""

    ngo: Ngo
    areas: list[str]
    registrations: list[Reg]
    periods: list[Membership]
    status: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sectors(self) -> list[str]:
        return self.ngo.sectors.split("; ") if self.ngo.sectors else []

    @property
    def projects(self) -> list[str]:
        return self.ngo.projects.split("; ") if self.ngo.projects else []

    def as_dict(self) -> dict[str, Any]:
        """The profile as `ngo show --format json` prints it (keys: docs/json.md)."""
        n = self.ngo
        return {
            "code": n.code,
            "name_bn": n.name_bn,
            "name_en": n.name_en,
            "status": self.status,
            "head_name": n.head_name,
            "head_designation": n.head_designation,
            "mobile": n.mobile,
            "email": n.email,
            "address": n.address,
            "website": n.website,
            "start_year": n.start_year,
            "upazilas": self.areas,
            "sectors": self.sectors,
            "projects": self.projects,
            "registrations": [
                {
                    "authority": r.authority,
                    "number": r.number,
                    "date": r.reg_date.isoformat() if r.reg_date else None,
                    "year": r.reg_year,
                }
                for r in self.registrations
            ],
            "memberships": [
                {"from": m.start_date, "to": m.end_date, "reason": m.end_reason or m.start_reason}
                for m in self.periods
            ],
            "extra": extra_of(n.extra),
            "notes": n.notes,
        }


def extra_of(text: str | None) -> dict[str, str]:
    """The columns kept with a row (header -> cell text), from their JSON in the register."""
    import json

    return dict(json.loads(text)) if text else {}


def extra_text(extra: dict[str, str]) -> str | None:
    """Kept columns as the register holds them: JSON with sorted keys, None for none."""
    import json

    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def profile(session: Session, code: str, today: date) -> Profile:
    from sqlmodel import select

    from ngocoord.store.models import NgoArea, Office, Registration

    ngo = get(session, code)
    assert ngo.id is not None
    areas = session.exec(
        select(Office.name_bn)
        .join(NgoArea, NgoArea.office_id == Office.id)  # type: ignore[arg-type]
        .where(NgoArea.ngo_id == ngo.id)
        .order_by(Office.name_bn)
    ).all()
    regs = [
        Reg(r.authority, r.number, r.reg_date, r.reg_year)
        for r in session.exec(select(Registration).where(Registration.ngo_id == ngo.id))
    ]
    periods = memberships(session, ngo.id)
    return Profile(ngo, list(areas), regs, periods, status(periods, today))


def listing(
    session: Session,
    today: date,
    *,
    upazila: str | None = None,
    sector: str | None = None,
    status_filter: str | None = None,
    name: str | None = None,
) -> list[dict[str, Any]]:
    """NGOs as dicts with stable keys (the JSON shape of `ngo list`); `name` keeps those with
    it in either name (after names.name_key: spaces, মোঃ/মো:, case do not matter)."""

    from sqlmodel import col, select

    from ngocoord.store.models import Membership, Ngo, NgoArea, Office

    query = select(Ngo).order_by(col(Ngo.code))
    if upazila:
        office = offices.find_upazila_office(session, upazila)
        assert office.id is not None
        query = query.where(col(Ngo.id).in_(working_in(tables.connection(session), office.id)))
    if sector:
        query = query.where(col(Ngo.sectors).contains(sector.strip()))
    ngos = list(session.exec(query))
    if name is not None:
        part = names.name_key(name)
        ngos = [
            n
            for n in ngos
            if part in names.name_key(n.name_bn or "") or part in names.name_key(n.name_en or "")
        ]
    area_names: dict[int, list[str]] = defaultdict(list)
    for ngo_id, name in session.exec(
        select(NgoArea.ngo_id, Office.name_bn).join(
            Office,
            NgoArea.office_id == Office.id,  # type: ignore[arg-type]
        )
    ):
        area_names[ngo_id].append(name)
    periods: dict[int, list[Membership]] = defaultdict(list)
    for m in session.exec(select(Membership)):
        periods[m.ngo_id].append(m)
    rows = []
    for n in ngos:
        assert n.id is not None
        st = status(periods[n.id], today)
        if status_filter and st != status_filter:
            continue
        rows.append(
            {
                "code": n.code,
                "name_bn": n.name_bn,
                "name_en": n.name_en,
                "head_name": n.head_name,
                "mobile": n.mobile,
                "upazilas": sorted(area_names[n.id]),
                "sectors": n.sectors.split("; ") if n.sectors else [],
                "status": st,
            }
        )
    return rows


# ---------------------------------------------------------------- changes


def apply_changes(session: Session, code: str, changes: dict[str, str]) -> dict[str, tuple]:
    """Edit an NGO's own fields from text values (as typed at the command line)."""
    ngo = get(session, code)
    parsed: dict[str, Any] = {}
    for name, raw in changes.items():
        try:
            parsed[name] = parse_scalar(name, raw) if raw.strip() else None
        except ValueError as exc:
            raise Invalid(f"Bad value for --{name.replace('_', '-')}: {raw!r}: {exc}.") from exc
    if parsed.get("name_bn", ngo.name_bn) is None and parsed.get("name_en", ngo.name_en) is None:
        raise Invalid("An NGO needs a Bangla or an English name.")
    diff = {k: (getattr(ngo, k), v) for k, v in parsed.items() if getattr(ngo, k) != v}
    if diff:
        prior = {k: rows.plain(old) for k, (old, _) in diff.items()}
        prior["name_key"] = ngo.name_key
        for k, (_, new) in diff.items():
            setattr(ngo, k, new)
        ngo.name_key = key_of(ngo.name_bn, ngo.name_en)
        audit.record(
            session,
            "ngo",
            ngo.code,
            "update",
            {k: old for k, (old, _) in diff.items()},
            {k: new for k, (_, new) in diff.items()},
            row_id=ngo.id,
            prior={"ngo": prior},
        )
    return diff


def set_areas(
    session: Session, ngo: Ngo, text: str, unlock_reason: str | None = None, *, guard: bool = True
) -> list[str]:
    """The NGO's upazilas, replaced by those of `text`; a locked month whose upazilas' expected
    NGOs that changes needs `unlock_reason` (not asked for an NGO being added: its joining
    is what meets the lock)."""
    from sqlalchemy import delete, insert

    from ngocoord.store.models import NgoArea

    district = offices.home_district(session)
    upazilas = places.parse_areas(text, district)
    by_geo = offices.upazila_offices(session)
    assert ngo.id is not None
    conn = session.connection()
    prior = states.ngo_parts(conn, ngo.id, "areas", "memberships")
    if guard:
        named = {o.id: o.name_bn for o in by_geo.values()}
        was = ", ".join(sorted(named[i] for i in prior["areas"])) or "none"
        change = f"upazilas {was} → {', '.join(sorted(u.bn for u in upazilas)) or 'none'}"
        listed = locks.spans(prior["memberships"], _home_id(session))
        after = [by_geo[u.id].id for u in upazilas]
        start = kinds.tracking_start(conn)
        moved = locks.areas_move(start, ngo.code, change, listed, prior["areas"], after)
        locks.guard_list(conn, [moved], unlock_reason)
    del prior["memberships"]
    session.execute(delete(NgoArea).where(NgoArea.ngo_id == ngo.id))  # type: ignore[arg-type]
    session.execute(
        insert(NgoArea), [{"ngo_id": ngo.id, "office_id": by_geo[u.id].id} for u in upazilas]
    )
    names_bn = [u.bn for u in upazilas]
    audit.record(
        session,
        "ngo_area",
        ngo.code,
        "update",
        None,
        {"upazilas": names_bn},
        row_id=ngo.id,
        prior=prior,
    )
    return names_bn


def _home_id(session: Session) -> int:
    office_id = offices.home(session).id
    assert office_id is not None
    return office_id


def taken_codes(session: Session) -> set[str]:
    from sqlmodel import select

    from ngocoord.store.models import Ngo

    return set(session.exec(select(Ngo.code)))


def add(
    session: Session,
    values: dict[str, str],
    *,
    code: str | None,
    areas: str | None,
    joined: date | None,
    reuse_code: bool = False,
    unlock_reason: str | None = None,
) -> Ngo:
    """Add one NGO by hand, on the list from `joined` (or open-ended backwards): a locked
    month it would be expected in needs `unlock_reason`. Another NGO's former code is given
    only with `reuse_code` (register/former_codes.py)."""
    from sqlmodel import select

    from ngocoord.store.models import Membership, Ngo

    parsed: dict[str, Any] = {}
    for name, raw in values.items():
        if raw and raw.strip():
            try:
                parsed[name] = parse_scalar(name, raw)
            except ValueError as exc:
                raise Invalid(f"Bad value for --{name.replace('_', '-')}: {raw!r}: {exc}.") from exc
    if not parsed.get("name_bn") and not parsed.get("name_en"):
        raise Invalid("An NGO needs a name: give --name-bn or --name-en.")
    key = key_of(parsed.get("name_bn"), parsed.get("name_en"))
    same = session.exec(select(Ngo).where(Ngo.name_key == key)).first()
    if same is not None:
        raise Invalid(
            f"{same.code} already has this name.", f"Edit it with `ngo edit {same.code}`."
        )
    taken = taken_codes(session)
    if code:
        try:
            code = parse_code(code)
        except ValueError as exc:
            raise Invalid(f"Bad code {code!r}: {exc}.") from exc
        if code in taken:
            raise Invalid(f"The code {code} is already used.", "Choose another with --code.")
        former_codes.release(session, code, None, reuse=reuse_code)
    else:
        taken |= former_codes.codes(session)  # a made-up code is no NGO's former code
        code = names.make_code(parsed.get("name_en"), parsed.get("name_bn"), taken)
    joins = locks.membership_move(
        code,
        f"added to the list from {joined}" if joined else "added to the list, no --joined",
        [],
        [Span(joined, None)],
    )
    locks.guard_list(
        session.connection(),
        [joins],
        unlock_reason,
        "Give --joined DATE, the day it joined the list: it is expected from that month on. ",
    )
    ngo = Ngo(code=code, name_key=key, **parsed)
    session.add(ngo)
    session.flush()
    assert ngo.id is not None
    session.add(
        Membership(
            ngo_id=ngo.id,
            office_id=_home_id(session),
            start_date=joined,
            start_reason="added by hand",
        )
    )
    new = {**parsed, "joined": joined}
    audit.record(session, "ngo", code, "insert", None, new, row_id=ngo.id, prior=None)
    if areas:
        set_areas(session, ngo, areas, guard=False)
    return ngo


def remove(
    session: Session, code: str, on: date, reason: str, unlock_reason: str | None = None
) -> Membership:
    """End the NGO's current membership of the list; its history stays."""
    ngo = get(session, code)
    assert ngo.id is not None
    open_periods = [p for p in memberships(session, ngo.id) if p.end_date is None]
    if not open_periods:
        raise Invalid(
            f"{ngo.code} is not on the list.",
            f"To put it back on the list, run `ngocoord ngo rejoin {ngo.code} --on DATE`.",
        )
    period = open_periods[-1]
    end_membership(session, ngo.code, period, on, reason, unlock_reason=unlock_reason)
    return period


def end_membership(
    session: Session,
    code: str,
    period: Membership,
    on: date,
    reason: str,
    decision_id: int | None = None,
    unlock_reason: str | None = None,
    hint: str = (
        "Give the day it left the list with --on: a removal from a day after the locked "
        "months changes none of them. "
    ),
) -> None:
    """Close one membership period on a day, by hand or by a meeting's decision, audited; a
    locked month it takes the NGO out of needs `unlock_reason`. The day must be after the
    period started: every way an NGO leaves the list comes through here."""
    if period.start_date is not None and on <= period.start_date:
        by = f"the meeting held on {on}" if decision_id is not None else f"a removal on {on}"
        raise Invalid(
            f"{code} joined the list on {period.start_date}: {by} cannot take it off the list "
            "(it would leave before it joined).",
            f"Check {code}'s joining date (`ngocoord ngo show {code}`) and the removal's date.",
        )
    prior = states.ngo_parts(session.connection(), period.ngo_id, "memberships")
    locks.guard_list(
        session.connection(),
        [locks.end_move(code, f"removed from the list on {on}", prior["memberships"], period, on)],
        unlock_reason,
        hint,
    )
    period.end_date = on
    period.end_reason = reason
    period.end_decision_id = decision_id
    new: dict[str, object] = {"end_date": on, "reason": reason}
    if decision_id is not None:
        new["decision"] = decision_id
    audit.record(
        session,
        "membership",
        code,
        "update",
        {"end_date": None},
        new,
        row_id=period.ngo_id,
        prior=prior,
    )


def rejoin(
    session: Session, code: str, on: date, reason: str | None, unlock_reason: str | None = None
) -> Membership:
    """Start a new membership for an NGO that was removed; a locked month it puts the NGO
    back in needs `unlock_reason`."""
    from ngocoord.store.models import Membership

    ngo = get(session, code)
    assert ngo.id is not None
    periods = memberships(session, ngo.id)
    if any(p.end_date is None for p in periods):
        raise Invalid(f"{ngo.code} is already on the list.")
    last_end = max((p.end_date for p in periods if p.end_date), default=None)
    if last_end is not None and on < last_end:
        raise Invalid(f"{ngo.code} was removed on {last_end}; it cannot rejoin before that.")
    prior = states.ngo_parts(session.connection(), ngo.id, "memberships")
    home = _home_id(session)
    before = locks.spans(prior["memberships"], home)
    joins = locks.membership_move(
        ngo.code, f"back on the list from {on}", before, [*before, Span(on, None)]
    )
    locks.guard_list(
        session.connection(),
        [joins],
        unlock_reason,
        "Give the day it rejoined with --on: from a day after the locked months it changes "
        "none of them. ",
    )
    period = Membership(
        ngo_id=ngo.id,
        office_id=_home_id(session),
        start_date=on,
        start_reason=reason or "rejoined",
    )
    session.add(period)
    new = {"start_date": on}
    audit.record(session, "membership", ngo.code, "insert", None, new, row_id=ngo.id, prior=prior)
    return period


def rename(session: Session, code: str, new_code: str, *, reuse: bool = False) -> str:
    """Give an NGO another code; the old one, which this returns, is kept as its former code
    (files that still carry it are matched to the NGO) and in the audit log. Everything else
    refers to the NGO by its id, so only the code changes; its audit rows keep the code they
    were written with and name the NGO by its id (`ngo history` finds them all); files written
    later (templates, letters) carry the new code. Another NGO's former code is taken only
    with `reuse`."""
    ngo = get(session, code)
    try:
        wanted = parse_code(new_code)
    except ValueError as exc:
        raise Invalid(f"Bad code {new_code!r}: {exc}.") from exc
    old = ngo.code
    if wanted == old:
        return old
    if wanted in taken_codes(session):
        raise Invalid(f"The code {wanted} is already used.", "Choose another code.")
    former_codes.release(session, wanted, ngo.id, reuse=reuse)
    former_codes.keep(session, ngo, old)
    ngo.code = wanted
    audit.record(
        session,
        "ngo",
        wanted,
        "update",
        {"code": old},
        {"code": wanted},
        row_id=ngo.id,
        prior={"ngo": {"code": old}},
    )
    return old
