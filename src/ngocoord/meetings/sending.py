"""E-mailing a meeting's finalised minutes (`meeting send`), through `compliance.mail`.

- Only finalised minutes go, as signed: PDF and Word, written by the documents code that
  `render minutes` uses, attached to a Bangla covering mail (`minutes_mail.md.j2`), to each
  address of the setting `minutes.recipients` and of `--to`.
- Each implementer of the meeting's open decisions that is in the register (an NGO, at its
  e-mail in the roster; an upazila office, at the setting `office.<upazila>.email`) gets the
  decisions it must carry out, with their due dates, and only those (`decisions_mail.md.j2`).
- An implementer without an address, and a decision none of whose implementers is an NGO or an
  office of the register, are listed to deliver by hand: nobody is passed over in silence.
- Each mail is claimed before it goes: a row of `minutes_sent` (state "sending", audited)
  with the version it carries (the finalisation's time), committed on its own; one claim per
  mail and attempt is a rule of the schema, so of two `meeting send` at once only one sends
  it. The claim is marked "sent" the moment the server accepts the mail, so the same version
  goes to the same address, or the same implementer, once unless `again`. A mail that fails
  is reported and its claim released; run again to send only what did not go. A claim left
  "sending" (a run cut off mid-mail, or one sending now) is reported, not sent again, until
  `again` says to.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ngocoord import periods
from ngocoord.bangla import bn_text, format_month_bn
from ngocoord.compliance.mail import Mailer, message, smtp_config
from ngocoord.emails import is_email
from ngocoord.errors import Invalid
from ngocoord.meetings import minutes
from ngocoord.meetings.decisions import decision_number, items_with_several
from ngocoord.store import audit, offices, runs, settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from ngocoord.documents.render import Renderer
    from ngocoord.store.models import Meeting, MinutesSent

SENT, ALREADY, NO_EMAIL, FAILED = "sent", "already sent", "no e-mail", "failed"
CLAIMED = "claimed"  # another run's claim: sending it now, or cut off not knowing if it went
SENDING = "sending"  # the state of a claim whose mail is not known to have gone
MINUTES, DECISIONS = "minutes", "decisions"
ATTACHED = ("pdf", "docx")


@dataclass
class Mail:
    """One mail of a send: the minutes to an address, or an implementer's decisions."""

    what: str  # minutes, decisions
    label: str  # the address, or the implementer: NGO code, upazila
    to: str | None  # the address(es); None: the implementer has none
    recipient: str = ""  # an implementer as the mail addresses it (Bangla)
    decisions: list[dict[str, Any]] = field(default_factory=list)  # number, text, due_on
    ngo_id: int | None = None
    office_id: int | None = None
    status: str = ""
    detail: str = ""

    @property
    def result(self) -> str:
        if self.status == ALREADY:
            return f"already sent on {self.detail} (--again to send it again)"
        if self.status == NO_EMAIL:
            return "no e-mail: deliver by hand"
        if self.status == CLAIMED:
            return f"not sent: {self.detail}"
        return f"failed: {self.detail}" if self.status == FAILED else self.status


@dataclass
class Sending:
    """The outcome of one `meeting send`, for the CLI to print."""

    meeting: int
    version: datetime  # the finalisation sent
    mails: list[Mail] = field(default_factory=list)
    by_hand: list[dict[str, str]] = field(default_factory=list)  # number, implementers
    attached: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for m in self.mails if m.status == status)


def _distribution(session: Session, extra: list[str]) -> list[str]:
    """The setting's addresses, then --to's, each once (whatever its case)."""
    bad = [a for a in extra if not is_email(a.strip())]
    if bad:
        raise Invalid(
            f"--to {bad[0]!r} is not an e-mail address; nothing was sent.",
            "Give an address like name@example.gov.bd.",
        )
    seen: dict[str, str] = {}
    for address in [*settings.addresses(settings.get(session, "minutes.recipients")), *extra]:
        seen.setdefault(address.strip().casefold(), address.strip())
    return list(seen.values())


def _implementers(session: Session, meeting: Meeting) -> tuple[list[Mail], list[dict[str, str]]]:
    """A mail for each implementer in the register of the meeting's open decisions, holding
    its own decisions; and the decisions no implementer in the register carries out."""
    from sqlmodel import col, select

    from ngocoord.store.models import AgendaItem, Decision, DecisionLink, Ngo, Office

    found = list(
        session.exec(
            select(Decision, AgendaItem)
            .join(AgendaItem, col(Decision.item_id) == col(AgendaItem.id))
            .where(AgendaItem.meeting_id == meeting.id, Decision.status == "open")
            .order_by(col(AgendaItem.number), col(Decision.seq))
        )
    )
    several = items_with_several(session, {item.id for _, item in found})
    links: dict[int, list[DecisionLink]] = defaultdict(list)
    for link in session.exec(
        select(DecisionLink).where(col(DecisionLink.decision_id).in_([d.id for d, _ in found]))
    ):
        links[link.decision_id].append(link)
    mails: dict[tuple[str, int], Mail] = {}
    by_hand = []
    for d, item in found:
        number = decision_number(item.number, d.seq, item.id in several)
        decision = {"number": number, "text": bn_text(d.text), "due_on": d.due_on}
        if not links.get(d.id or 0):
            by_hand.append({"number": number, "implementers": d.implementers or ""})
        for link in links.get(d.id or 0, []):
            if link.ngo_id is not None:
                key = ("ngo", link.ngo_id)
                if key not in mails:
                    ngo = session.get(Ngo, link.ngo_id)
                    assert ngo is not None
                    to = ", ".join(settings.addresses(ngo.email)) or None
                    name = bn_text(ngo.name_bn or ngo.name_en or ngo.code)
                    mails[key] = Mail(DECISIONS, ngo.code, to, name, ngo_id=ngo.id)
            else:
                assert link.office_id is not None
                key = ("office", link.office_id)
                if key not in mails:
                    office = session.get(Office, link.office_id)
                    assert office is not None
                    name = offices.officer_title(office)
                    to = offices.email(session, office)
                    mails[key] = Mail(DECISIONS, office.name_en, to, name, office_id=office.id)
            mails[key].decisions.append(decision)
    return list(mails.values()), by_hand


class Claim(NamedTuple):
    """A claim as read when the send began: plain values, not a row of the session, which
    another `meeting send` may delete (a mail that failed) before this one looks at it
    again (after a claim refused rolled the session back)."""

    attempt: int
    state: str
    sent_at: datetime
    sent_by: str


def _earlier(session: Session, meeting: Meeting) -> dict[str, Claim]:
    """The latest claim of this version for each target: sent, or still "sending"."""
    from sqlalchemy import select

    from ngocoord.store.models import MinutesSent, table

    s = table(MinutesSent).c
    rows = session.execute(
        select(s.target, s.attempt, s.state, s.sent_at, s.sent_by)
        .where(s.meeting_id == meeting.id, s.finalised_at == meeting.finalised_at)
        .order_by(s.attempt)
    )
    return {target: Claim(*rest) for target, *rest in rows}


def target(mail: Mail) -> str:
    """What "the same mail" is: the minutes to one address, or one implementer's decisions
    (migration 0011 writes the rule out for the rows sent before it)."""
    if mail.what == MINUTES:
        return f"{MINUTES}:{(mail.to or '').strip().casefold()}"
    if mail.ngo_id is not None:
        return f"{DECISIONS}:ngo:{mail.ngo_id}"
    return f"{DECISIONS}:office:{mail.office_id}"


def send(
    session: Session,
    meeting: Meeting,
    renderer: Renderer,
    *,
    to: list[str] | None = None,
    again: bool = False,
) -> Sending:
    """E-mail the finalised minutes to the distribution and each implementer its decisions
    (the module's rules); each mail recorded, and committed, the moment the server takes it."""
    if meeting.finalised_at is None:
        raise Invalid(
            f"Meeting {meeting.id} is not finalised; only minutes as signed are sent.",
            f"Finalise them first: `ngocoord meeting finalise {meeting.id}`.",
        )
    addresses = _distribution(session, to or [])
    implementers, by_hand = _implementers(session, meeting)
    if not addresses and not implementers:
        raise Invalid(
            f"Nobody to send meeting {meeting.id}'s minutes to: no addresses, and none of its "
            "open decisions names an implementer in the register.",
            "Set them with `ngocoord config set minutes.recipients ADDR,ADDR` or give --to ADDR.",
        )
    config = smtp_config(session)  # before anything is rendered or sent
    result = Sending(meeting.id or 0, meeting.finalised_at, by_hand=by_hand)
    result.mails = [Mail(MINUTES, a, a) for a in addresses] + implementers
    earlier = _earlier(session, meeting)
    for mail in result.mails:
        before = earlier.get(target(mail))
        if mail.to is None:
            mail.status = NO_EMAIL
        elif before is not None and not again:
            mail.status, mail.detail = ALREADY, periods.clock(before.sent_at)
            if before.state == SENDING:
                mail.status = CLAIMED
                mail.detail = (
                    f"claimed on {mail.detail} by {before.sent_by} and not known to have gone "
                    "(another `meeting send` now, or one cut off); --again sends it anew"
                )
    context = minutes.context(session, meeting.id or 0)  # as signed
    context["title"] = context["heading"].rstrip(":").strip()
    month = format_month_bn(meeting.held_on.year, meeting.held_on.month)
    with tempfile.TemporaryDirectory(prefix="ngocoord-minutes-") as folder:
        files: list[Path] = []
        if any(m.what == MINUTES and not m.status for m in result.mails):
            stem = f"minutes-{meeting.held_on:%Y-%m}"
            files = [
                renderer.write("minutes", fmt, context, Path(folder) / f"{stem}.{fmt}")
                for fmt in ATTACHED
            ]
        result.attached = [p.name for p in files]
        mailer = Mailer(config)
        try:
            if any(not m.status for m in result.mails):
                mailer.open()  # an unreachable server: nothing claimed, nothing sent
            session.commit()  # what was read ends here: each claim is a transaction of its own
            for mail in result.mails:
                if mail.status:
                    continue
                assert mail.to is not None
                if mail.what == MINUTES:
                    subject = context["title"]
                    text = renderer.render(
                        "minutes_mail.md.j2", {**context, "files": result.attached}
                    )
                else:
                    subject = f"{month} মাসের মাসিক সমন্বয় সভার সিদ্ধান্ত বাস্তবায়ন প্রসঙ্গে"
                    own = {"subject": subject, "implementer": {"name": mail.recipient}}
                    text = renderer.render(
                        "decisions_mail.md.j2", {**context, **own, "decisions": mail.decisions}
                    )
                attachments = files if mail.what == MINUTES else []
                email = message(
                    config,
                    context["office"],
                    subject=subject,
                    text=text,
                    to=mail.to,
                    attachments=attachments,
                    tag="minutes",
                )
                before = earlier.get(target(mail))
                claim = _claim(session, meeting, mail, before.attempt + 1 if before else 1)
                if claim is None:
                    mail.status = CLAIMED
                    mail.detail = "another `meeting send` claimed it at the same moment"
                    continue
                failed = mailer.deliver(email)
                _settle(session, meeting, mail, claim, failed)
                mail.status, mail.detail = (SENT, "") if failed is None else (FAILED, failed)
        finally:
            mailer.close()
    return result


def _claim(session: Session, meeting: Meeting, mail: Mail, attempt: int) -> MinutesSent | None:
    """The mail's claim, committed before it goes; None when another run holds it (the
    schema's unique claim: that run sends it)."""
    from sqlalchemy.exc import IntegrityError

    from ngocoord.store.models import MinutesSent

    assert meeting.id is not None and meeting.finalised_at is not None and mail.to is not None
    numbers = ", ".join(d["number"] for d in mail.decisions) or None
    claim = MinutesSent(
        meeting_id=meeting.id,
        finalised_at=meeting.finalised_at,
        what=mail.what,
        to_address=mail.to,
        ngo_id=mail.ngo_id,
        office_id=mail.office_id,
        decisions=numbers,
        sent_at=datetime.now(UTC),
        sent_by=runs.os_user(),
        target=target(mail),
        attempt=attempt,
        state=SENDING,
    )
    session.add(claim)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    new = {"version": claim.finalised_at, "to": mail.to, "decisions": numbers, "state": SENDING}
    audit.record(session, "minutes_sent", _key(meeting, mail), "insert", None, new)
    session.commit()
    return claim


def _settle(
    session: Session, meeting: Meeting, mail: Mail, claim: MinutesSent, failed: str | None
) -> None:
    """The claim marked sent the moment the server took the mail, or released when it did
    not (a retry sends it); committed at once, whatever happens to the rest."""
    if failed is None:
        claim.state, claim.sent_at = SENT, datetime.now(UTC)
        change = {"state": SENT, "at": claim.sent_at}
        audit.record(session, "minutes_sent", _key(meeting, mail), "update", None, change)
    else:
        session.delete(claim)
        gone = {"state": SENDING, "failed": failed}
        audit.record(session, "minutes_sent", _key(meeting, mail), "delete", gone, None)
    session.commit()


def _key(meeting: Meeting, mail: Mail) -> str:
    return f"meeting {meeting.id}:{mail.what}:{mail.to}"


def sent(session: Session, meeting: Meeting) -> list[dict[str, Any]]:
    """Who received what of this meeting, and when, oldest first (`meeting show`); with each
    mail still claimed "sending", not known to have gone (a run cut off, or one at work now),
    so nobody takes a mail that may never have left for one sent."""
    from sqlmodel import col, select

    from ngocoord.store.models import MinutesSent, Ngo, Office

    rows = session.exec(
        select(MinutesSent, Ngo, Office)
        .join(Ngo, col(MinutesSent.ngo_id) == col(Ngo.id), isouter=True)
        .join(Office, col(MinutesSent.office_id) == col(Office.id), isouter=True)
        .where(MinutesSent.meeting_id == meeting.id, col(MinutesSent.state).in_([SENT, SENDING]))
        .order_by(col(MinutesSent.sent_at), col(MinutesSent.id))
    )
    return [
        {
            "at": periods.stamp(row.sent_at),
            "to": row.to_address,
            "what": row.what,
            "implementer": ngo.code if ngo else office.name_en if office else None,
            "decisions": row.decisions,
            "version": periods.clock(row.finalised_at),
            "current": row.finalised_at == meeting.finalised_at,
            "state": row.state,
        }
        for row, ngo, office in rows
    ]
