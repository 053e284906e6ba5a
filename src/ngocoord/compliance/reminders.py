"""Reminder letters to the NGOs whose monthly return is overdue, and e-mailing them (through
`compliance.mail`).

For one return kind and month, every NGO that `compliance.check` finds missing gets a Bangla
letter (`<month>_<CODE>_reminder.<ext>`) and the office a covering list of them
(`<month>_reminders.<ext>`). With `send`, each letter goes by e-mail to the NGO (text: the
Markdown letter; attached: the file written) through the office's SMTP server.

- A reminder that went out is recorded (a `reminder` row and an audit entry) as soon as the
  server accepts it, so a crash half-way never causes a second letter to the same NGO; the
  same NGO, kind and month is not mailed again unless `again` is given.
- Memo numbers are `memo.prefix` + "." + a three-digit serial in Bengali digits, following the
  highest serial already recorded under that prefix; a letter to an NGO already reminded
  keeps the number it was sent with. Without `memo.prefix`, the number is left blank.
- The SMTP settings and password, the connection and the message: `compliance.mail`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ngocoord import files, periods
from ngocoord.bangla import bn_text, format_month_key_bn, to_bengali_digits, to_latin_digits
from ngocoord.compliance import check as compliance
from ngocoord.compliance.mail import Mailer, SmtpConfig, message, smtp_config
from ngocoord.documents.letterhead import memo_prefix, office_context
from ngocoord.documents.render import FORMATS, Renderer
from ngocoord.errors import Invalid
from ngocoord.register import kinds
from ngocoord.store import audit, settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.documents.render import Renderer
    from ngocoord.store.models import Ngo, Reminder, ReturnKind

SENT, ALREADY, NO_EMAIL, FAILED = "sent", "already reminded", "no e-mail", "failed"
BLANK_MEMO = None


@dataclass
class Letter:
    """One reminder letter written to disk."""

    code: str
    name: str
    email: str | None
    days_overdue: int
    memo_no: str | None
    path: Path
    reminded_on: date | None = None  # the last e-mail reminder for this NGO, kind and month


@dataclass
class Delivery:
    """What happened when a letter was to be e-mailed."""

    code: str
    name: str
    email: str | None
    status: str  # sent, already reminded, no e-mail, failed
    detail: str = ""

    @property
    def result(self) -> str:
        if self.status == SENT:
            return "sent"
        if self.status == ALREADY:
            return f"already reminded on {self.detail} (--again to send it again)"
        if self.status == NO_EMAIL:
            return "no e-mail: deliver by hand"
        return f"failed: {self.detail}"


@dataclass
class Reminders:
    """The outcome of one `remind` run, for the CLI to print."""

    kind: str
    month: str
    due_date: date
    as_of: date
    fmt: str
    out: Path
    before_tracking: bool = False
    letters: list[Letter] = field(default_factory=list)
    list_file: Path | None = None
    send: bool = False
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [letter.path for letter in self.letters] + (
            [self.list_file] if self.list_file else []
        )

    def count(self, status: str) -> int:
        return sum(1 for d in self.deliveries if d.status == status)


# ---------------------------------------------------------------- letters


def _last_serial(session: Session, prefix: str) -> int:
    """The highest serial already used under `prefix` by a recorded reminder."""
    from sqlmodel import col, select

    from ngocoord.store.models import Reminder

    highest = 0
    query = select(Reminder.memo_no).where(col(Reminder.memo_no).startswith(prefix + "."))
    for memo in session.exec(query):
        tail = to_latin_digits((memo or "").rsplit(".", 1)[-1]).strip()
        if tail.isdigit():
            highest = max(highest, int(tail))
    return highest


def _previous(session: Session, kind_id: int, month: str, ngo_ids: list[int]) -> dict[int, Any]:
    """The latest recorded reminder of each NGO for this kind and month."""
    from sqlmodel import col, select

    from ngocoord.store.models import Reminder

    latest: dict[int, Reminder] = {}
    query = (
        select(Reminder)
        .where(Reminder.kind_id == kind_id, Reminder.month == month)
        .where(col(Reminder.ngo_id).in_(ngo_ids))
        .order_by(col(Reminder.sent_at), col(Reminder.id))
    )
    for row in session.exec(query):
        latest[row.ngo_id] = row
    return latest


def _bd_date(moment: datetime) -> date:
    return periods.today(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def subject_title(kind: ReturnKind) -> str:
    """The kind's title as the letter to the NGO names it ("মাসিক কার্যক্রম প্রতিবেদন")."""
    title = kind.title_bn.strip()
    for lead in ("এনজিওর ", "এনজিও'র ", "সংস্থার "):
        if title.startswith(lead):
            return title[len(lead) :]
    return title


def _office_context(session: Session) -> dict[str, Any]:
    """The letterhead, and who signs: the chair of the committee."""

    def get(key: str) -> str | None:
        return settings.get(session, key)

    return {
        "office": office_context(session),
        "chair": {
            "name": bn_text(get("chair.name")) or None,
            "designation": bn_text(get("chair.designation")),
        },
        "committee": bn_text(get("committee.name")) or None,
    }


def _ngo_context(ngo: Ngo) -> dict[str, Any]:
    """The NGO as a Bangla letter addresses it: its texts in Bengali digits."""
    return {
        "code": ngo.code,
        "name": bn_text(ngo.name_bn) or ngo.name_en or ngo.code,
        "name_bn": bn_text(ngo.name_bn) or None,
        "name_en": ngo.name_en,
        "head_name": bn_text(ngo.head_name) or None,
        "head_designation": bn_text(ngo.head_designation) or None,
        "mobile": ngo.mobile,
        "email": ngo.email,
        "address": bn_text(ngo.address) or None,
    }


def file_stem(kind: str, month: str, code: str | None = None) -> str:
    """`2021-01_MBSK_reminder` / `2021-01_reminders` (other kinds than ngo-report add theirs)."""
    middle = "" if kind == "ngo-report" else f"_{kind}"
    if code is None:
        return f"{month}{middle}_reminders"
    return f"{month}_{code}{middle}_reminder"


def remind(
    session: Session,
    *,
    out: Path,
    as_of: date,
    kind_name: str = "ngo-report",
    month: str | None = None,
    fmt: str = "docx",
    send: bool = False,
    again: bool = False,
    templates: Path | None = None,
) -> Reminders:
    """Write a reminder letter for each NGO whose return is overdue, a covering list, and with
    `send` e-mail the letters. Returns what was written and what each e-mail did."""
    from sqlmodel import col, select

    from ngocoord.store.models import Ngo

    if fmt not in FORMATS:
        raise Invalid(f"Unknown format {fmt!r}.", f"Use one of {', '.join(FORMATS)}.")
    kind = kinds.tracked_kind(session, kind_name)
    assert kind.id is not None
    if kind.submitter != "ngo":
        raise Invalid(
            f"{kind.name} is sent by upazila offices; reminders are letters to NGOs.",
            "Use --kind ngo-report (or another kind that NGOs send).",
        )
    config = smtp_config(session) if send else None  # before anything is written
    renderer = Renderer.for_register(session, templates)
    check = compliance.check(session, kind, month=month, as_of=as_of)
    result = Reminders(
        kind.name, check.month, check.due_date, as_of, fmt, out, check.before_tracking, send=send
    )
    missing = [u for u in check.units if u.status == compliance.MISSING]
    if not missing:
        return result

    by_code = {
        n.code: n
        for n in session.exec(select(Ngo).where(col(Ngo.code).in_([u.unit for u in missing])))
    }
    ngos = [(u, by_code[u.unit]) for u in missing]
    previous = _previous(session, kind.id, check.month, [n.id for _, n in ngos if n.id])
    prefix = memo_prefix(session)
    serial = _last_serial(session, prefix) if prefix else 0
    base = {
        **_office_context(session),
        "kind": {
            "name": kind.name,
            "title": kind.title_bn,
            "subject_title": subject_title(kind),
            "due_day": kind.due_day,
        },
        "month": check.month,
        "due_date": check.due_date,
        "as_of": as_of,
        "date": as_of,
        "subject": (f"{format_month_key_bn(check.month)} মাসের {subject_title(kind)} দাখিল প্রসঙ্গে"),
    }
    files.make_dirs(out)
    contexts: list[dict[str, Any]] = []
    for unit, ngo in ngos:
        earlier = previous.get(ngo.id) if ngo.id is not None else None
        if earlier is not None and earlier.memo_no and not (send and again):
            memo_no: str | None = earlier.memo_no
        elif prefix:
            serial += 1
            memo_no = f"{prefix}.{to_bengali_digits(f'{serial:03d}')}"
        else:
            memo_no = BLANK_MEMO
        context = {
            **base,
            "ngo": _ngo_context(ngo),
            "memo_no": memo_no,
            "days_overdue": unit.days_overdue or 0,
        }
        path = files.inside(out, f"{file_stem(kind.name, check.month, ngo.code)}.{fmt}")
        renderer.write("reminder", fmt, context, path)
        contexts.append(context)
        result.letters.append(
            Letter(
                code=ngo.code,
                name=context["ngo"]["name"],
                email=ngo.email,
                days_overdue=context["days_overdue"],
                memo_no=memo_no,
                path=path,
                reminded_on=_bd_date(earlier.sent_at) if earlier is not None else None,
            )
        )
    rows = [
        {"ngo": c["ngo"], "memo_no": c["memo_no"], "days_overdue": c["days_overdue"]}
        for c in contexts
    ]
    list_context = {**base, "rows": rows, "with_memo": any(r["memo_no"] for r in rows)}
    result.list_file = renderer.write(
        "reminder_list",
        fmt,
        list_context,
        files.inside(out, f"{file_stem(kind.name, check.month)}.{fmt}"),
    )
    if config is not None:
        _deliver(session, config, renderer, kind, result, ngos, contexts, again)
    return result


def _deliver(
    session: Session,
    config: SmtpConfig,
    renderer: Renderer,
    kind: ReturnKind,
    result: Reminders,
    ngos: list[tuple[Any, Ngo]],
    contexts: list[dict[str, Any]],
    again: bool,
) -> None:
    """E-mail each letter; record each one the server accepted, at once."""
    from ngocoord.store.models import Reminder

    mailer = Mailer(config)
    try:
        for letter, (_, ngo), context in zip(result.letters, ngos, contexts, strict=True):
            if not ngo.email:
                result.deliveries.append(Delivery(ngo.code, letter.name, None, NO_EMAIL))
                continue
            if letter.reminded_on is not None and not again:
                result.deliveries.append(
                    Delivery(
                        ngo.code, letter.name, ngo.email, ALREADY, letter.reminded_on.isoformat()
                    )
                )
                continue
            mail = message(
                config,
                context["office"],
                subject=context["subject"],
                text=renderer.render("reminder.md.j2", context),
                to=ngo.email,
                attachments=[letter.path],
            )
            failed = mailer.deliver(mail)
            if failed is not None:
                result.deliveries.append(Delivery(ngo.code, letter.name, ngo.email, FAILED, failed))
                continue
            assert kind.id is not None and ngo.id is not None
            session.add(
                Reminder(
                    kind_id=kind.id,
                    ngo_id=ngo.id,
                    month=result.month,
                    sent_at=datetime.now(UTC),
                    to_address=ngo.email,
                    memo_no=letter.memo_no,
                )
            )
            audit.record(
                session,
                "reminder",
                f"{kind.name}:{ngo.code}:{result.month}",
                "insert",
                None,
                {"to": ngo.email, "memo_no": letter.memo_no, "file": letter.path.name},
            )
            session.commit()  # recorded the moment it went, whatever happens to the rest
            result.deliveries.append(Delivery(ngo.code, letter.name, ngo.email, SENT))
    finally:
        mailer.close()
