"""The register's tables.

Every membership, meeting and return belongs to an office, so one database can hold a
district with its upazilas, or a whole division on a server.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Table, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class Office(SQLModel, table=True):
    """A district office or one of its upazila offices (UNO)."""

    id: int | None = Field(default=None, primary_key=True)
    level: str  # "district" or "upazila"
    geo_id: int  # the gazetteer's id of the district or upazila
    name_bn: str
    name_en: str
    parent_id: int | None = Field(default=None, foreign_key="office.id")
    is_home: bool = False  # the office this register's clerk works in

    __table_args__ = (UniqueConstraint("level", "geo_id"),)


class Setting(SQLModel, table=True):
    """The office's settings (`ngocoord config`)."""

    key: str = Field(primary_key=True)
    value: str


class Ngo(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)
    name_bn: str | None = None
    name_en: str | None = None
    name_key: str = Field(index=True)  # names.name_key of the Bangla (else English) name
    head_name: str | None = None
    head_designation: str | None = None
    mobile: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    start_year: int | None = None
    sectors: str | None = None  # "; "-separated, as written
    projects: str | None = Field(default=None, sa_column=Column(Text))
    notes: str | None = Field(default=None, sa_column=Column(Text))
    extra: str | None = Field(default=None, sa_column=Column(Text))  # JSON: kept columns


class NgoFormerCode(SQLModel, table=True):
    """A code an NGO had before `ngo edit --code` gave it another, so a report or roster that
    still carries it is matched to the NGO (register/lookup.py), and said so. One NGO at a time
    had a former code (unique); a code given to an NGO again stops being anyone's former code."""

    __tablename__ = "ngo_former_code"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True)
    ngo_id: int = Field(foreign_key="ngo.id", index=True)
    replaced_on: date  # the Bangladesh day it stopped being the NGO's code


class NgoArea(SQLModel, table=True):
    """An upazila an NGO works in."""

    __tablename__ = "ngo_area"
    ngo_id: int = Field(foreign_key="ngo.id", primary_key=True)
    office_id: int = Field(foreign_key="office.id", primary_key=True, index=True)


class Registration(SQLModel, table=True):
    """A registration with an authority, e.g. NGOAB 1963 of 23.09.2004."""

    id: int | None = Field(default=None, primary_key=True)
    ngo_id: int = Field(foreign_key="ngo.id", index=True)
    authority: str  # NGOAB, DSS, DWA, RJSC, MRA, OTHER
    number: str
    reg_date: date | None = None
    reg_year: int | None = None

    __table_args__ = (UniqueConstraint("ngo_id", "authority", "number"),)


class Membership(SQLModel, table=True):
    """A period during which an NGO is on an office's coordination list."""

    id: int | None = Field(default=None, primary_key=True)
    ngo_id: int = Field(foreign_key="ngo.id")
    office_id: int = Field(foreign_key="office.id")
    start_date: date | None = None  # None: on the list since before tracking began
    end_date: date | None = None  # None: still on the list
    start_reason: str | None = None
    end_reason: str | None = None
    end_decision_id: int | None = Field(default=None, foreign_key="decision.id")

    # no period ends before it starts; migration 0013 also keeps two periods of one NGO at one
    # office from overlapping (PostgreSQL: EXCLUDE membership_overlap; SQLite: a trigger)
    __table_args__ = (
        Index("ix_membership_office_ngo", "office_id", "ngo_id"),
        CheckConstraint(
            "start_date IS NULL OR end_date IS NULL OR start_date <= end_date",
            name="membership_dates",
        ),
    )


class Run(SQLModel, table=True):
    """One command that changed the register: what was typed (passwords masked), by whom, when,
    how it ended and how many rows of each table it changed. Every audit row belongs to one."""

    id: int | None = Field(default=None, primary_key=True)
    command: str
    os_user: str
    started: datetime = Field(index=True)
    ended: datetime | None = None
    outcome: str | None = None  # ok, "N files rejected", "error: …"; None while it runs
    changes: str | None = Field(default=None, sa_column=Column(Text))  # JSON: table → rows
    undoes: str | None = None  # the runs this one undid (`ngocoord undo`), ids by commas


class Audit(SQLModel, table=True):
    """One change to the register: who, when, by which command, old and new values."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="run.id", index=True)
    # the row changed (for an NGO's areas, registrations and memberships: the NGO's id) and
    # its state before the change (JSON; "null": it did not exist), which `undo` puts back
    row_id: int | None = None
    prior: str | None = Field(default=None, sa_column=Column(Text))
    at: datetime = Field(index=True)
    os_user: str
    command: str
    table_name: str
    row_key: str
    action: str  # insert, update, delete
    old: str | None = Field(default=None, sa_column=Column(Text))  # JSON
    new: str | None = Field(default=None, sa_column=Column(Text))  # JSON


class ReturnKind(SQLModel, table=True):
    """A kind of monthly return, who sends it and by which day of the next month."""

    __tablename__ = "return_kind"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)  # e.g. ngo-report, upazila-minutes
    title_bn: str
    submitter: str  # "ngo" or "upazila"
    due_day: int
    # an office that does not track this kind switches it off (`return disable-kind`): not
    # checked, not in the cron mail, the summary or the history
    enabled: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})


# The rows the one-current-version indexes cover: current and not voided.
CURRENT_VERSION = text("is_current AND voided_at IS NULL")
# The covering index of the compliance check (migration 0007 creates it as written here).
RECEIPT_COLUMNS = ("kind_id", "month", "ngo_id", "unit_office_id", "received_on", "voided_at")


class Submission(SQLModel, table=True):
    """One version of a return received from an NGO or an upazila office for a month.

    A changed resubmission adds a version and becomes current; nothing is deleted.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind_id: int = Field(foreign_key="return_kind.id")
    office_id: int = Field(foreign_key="office.id")  # the office that receives it
    ngo_id: int | None = Field(default=None, foreign_key="ngo.id")
    unit_office_id: int | None = Field(default=None, foreign_key="office.id")
    month: str  # YYYY-MM
    version: int
    is_current: bool
    received_on: date
    content_hash: str
    source_file: str
    stored_file: str | None = None  # copy kept beside the register (returns that are not sheets)
    prepared_by: str | None = None
    designation: str | None = None
    mobile: str | None = None
    report_date: date | None = None
    imported_at: datetime
    imported_by: str
    voided_at: datetime | None = None
    void_reason: str | None = None

    __table_args__ = (
        Index("ix_submission_kind_month", "kind_id", "month", "is_current"),
        # Everything `check` and `check history` read, in the order they group it: the month's
        # receipts come from the index alone, already sorted (no temporary b-tree).
        Index("ix_submission_receipts", *RECEIPT_COLUMNS),
        Index("ix_submission_ngo_month", "ngo_id", "month"),
        # One current version per (kind, office, unit, month), whoever writes it: one index per
        # unit column, since a NULL unit is distinct from every other in a unique index.
        *(
            Index(
                f"ux_submission_current_{unit}",
                "kind_id",
                "office_id",
                unit,
                "month",
                unique=True,
                sqlite_where=CURRENT_VERSION,
                postgresql_where=CURRENT_VERSION,
            )
            for unit in ("ngo_id", "unit_office_id")
        ),
    )


class ReportLine(SQLModel, table=True):
    """One project row of an NGO's monthly report."""

    __tablename__ = "report_line"
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    line_no: int
    project: str
    donor: str | None = None
    upazila_office_id: int | None = Field(default=None, foreign_key="office.id")
    sector: str | None = None
    ben_male: int | None = None
    ben_female: int | None = None
    ben_children: int | None = None
    budget_year: float | None = None
    spent_month: float | None = None
    activities: str | None = Field(default=None, sa_column=Column(Text))
    extra: str | None = Field(default=None, sa_column=Column(Text))  # JSON: kept columns


class ColumnMap(SQLModel, table=True):
    """A header an office taught the tool: read as this field in every later file."""

    __tablename__ = "column_map"
    id: int | None = Field(default=None, primary_key=True)
    form: str  # roster or report
    header_key: str  # the header folded (intake.columns.map_key)
    header: str  # as the clerk wrote it
    field: str
    created_at: datetime

    __table_args__ = (UniqueConstraint("form", "header_key"),)


class Reminder(SQLModel, table=True):
    """A reminder e-mailed to an NGO about a missing return, so it is not sent twice."""

    id: int | None = Field(default=None, primary_key=True)
    kind_id: int = Field(foreign_key="return_kind.id")
    ngo_id: int = Field(foreign_key="ngo.id")
    month: str
    sent_at: datetime
    to_address: str
    memo_no: str | None = None

    __table_args__ = (Index("ix_reminder_ngo_month", "ngo_id", "kind_id", "month"),)


class Meeting(SQLModel, table=True):
    """A monthly NGO coordination meeting held by an office (district or upazila)."""

    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id")
    held_on: date
    time: str  # HH:MM, 24-hour
    venue: str
    chair_name: str
    chair_designation: str
    month_reviewed: str  # YYYY-MM
    committee: str
    memo_no: str | None = None
    memo_date: date | None = None
    read_by: str | None = None  # who read out the last meeting's decisions
    # how this meeting took the last meeting's minutes (দৃঢ়করণ): None (not recorded),
    # confirmed, changed (confirmed with the changes in previous_changes) or not_confirmed
    previous_minutes: str | None = None
    previous_changes: str | None = Field(default=None, sa_column=Column(Text))
    opening: str | None = Field(default=None, sa_column=Column(Text))
    closing: str | None = Field(default=None, sa_column=Column(Text))
    signatory_name: str | None = None
    signatory_designation: str | None = None
    distribution: str | None = Field(default=None, sa_column=Column(Text))  # one per line
    presenter_ngo_id: int | None = Field(default=None, foreign_key="ngo.id")
    next_presenter_ngo_id: int | None = Field(default=None, foreign_key="ngo.id")
    created_at: datetime | None = None  # when `meeting new` recorded it (UTC)
    # finalised: the minutes as signed (meetings/signing.py), kept as JSON, and who signed when
    finalised_at: datetime | None = None
    finalised_by: str | None = None
    signed: str | None = Field(default=None, sa_column=Column(Text))
    reopened_at: datetime | None = None  # the last `meeting reopen`, and why
    reopened_reason: str | None = Field(default=None, sa_column=Column(Text))

    __table_args__ = (UniqueConstraint("office_id", "held_on"),)


class Attendance(SQLModel, table=True):
    """Who came to a meeting: an NGO (by its head or a subordinate) or a government office."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    ngo_id: int | None = Field(default=None, foreign_key="ngo.id")
    organisation: str | None = None  # a government office or other body, as written
    present: bool = True
    name: str | None = None
    designation: str | None = None
    is_head: bool | None = None  # the NGO's head came (not a subordinate)


class AgendaItem(SQLModel, table=True):
    """One row of the minutes' table: ক্র: নং, আলোচনা, and its decisions."""

    __tablename__ = "agenda_item"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    number: int
    discussion: str = Field(sa_column=Column(Text, nullable=False))
    implementers: str | None = Field(default=None, sa_column=Column(Text))
    # what `meeting new` wrote it as (figures, carried, rota), whatever its number; None if typed
    standard: str | None = None


class Decision(SQLModel, table=True):
    """A decision of an item (numbered 1.1, 1.2 … when an item has several), followed up
    until done or dropped."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agenda_item.id", index=True)
    seq: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    implementers: str | None = Field(default=None, sa_column=Column(Text))
    due_on: date | None = None
    status: str = "open"  # open, done, dropped
    closed_on: date | None = None


class DecisionLink(SQLModel, table=True):
    """An implementer of a decision that is in the register: an NGO or an office."""

    __tablename__ = "decision_link"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True)
    ngo_id: int | None = Field(default=None, foreign_key="ngo.id")
    office_id: int | None = Field(default=None, foreign_key="office.id")


class DecisionNote(SQLModel, table=True):
    """Follow-up on a decision: a note, or why it was marked done or dropped."""

    __tablename__ = "decision_note"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True)
    written_on: date
    kind: str  # note, done, dropped
    text: str = Field(sa_column=Column(Text, nullable=False))


class MinutesSent(SQLModel, table=True):
    """One e-mail of a meeting's finalised minutes (`meeting send`): the minutes to an address
    of the distribution, or an implementer's own decisions, for one finalised version (the
    finalisation's time), so the same version is not sent twice without `--again`. The row is
    claimed (state "sending", committed) before the mail goes and marked "sent" once the
    server took it: one claim per mail and sending is a rule of the schema, so two `meeting
    send` at once cannot both send it."""

    __tablename__ = "minutes_sent"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    finalised_at: datetime  # the version sent: the meeting's finalised_at then
    what: str  # minutes, decisions
    to_address: str
    ngo_id: int | None = Field(default=None, foreign_key="ngo.id")  # the implementer, if one
    office_id: int | None = Field(default=None, foreign_key="office.id")
    decisions: str | None = None  # the decisions' numbers, as the minutes print them
    sent_at: datetime  # when it was claimed, then when the server took it
    sent_by: str
    target: str  # "the same mail" (sending.target): minutes:ADDRESS, decisions:ngo:ID, …
    attempt: int  # the nth sending of this version to this target (--again adds one)
    state: str  # sending (claimed, not known to have gone), sent

    __table_args__ = (
        Index("ix_minutes_sent_meeting", "meeting_id", "finalised_at"),
        Index(
            "uq_minutes_sent_claim", "meeting_id", "finalised_at", "target", "attempt", unique=True
        ),
    )


class PeriodLock(SQLModel, table=True):
    """A month locked for an office after review (`ngocoord lock`, or the meeting that reviewed
    it finalised): its returns change only with a recorded reason (register/locks.py)."""

    __tablename__ = "period_lock"
    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id")
    month: str  # YYYY-MM
    locked_at: datetime
    locked_by: str
    reason: str | None = Field(default=None, sa_column=Column(Text))
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")

    __table_args__ = (UniqueConstraint("office_id", "month", name="uq_period_lock_office_month"),)


class LockOverride(SQLModel, table=True):
    """A return of a locked month changed all the same (`--unlock-reason`): what, by whom,
    when and why, shown in the month's `check` and summary as changed after review."""

    __tablename__ = "lock_override"
    id: int | None = Field(default=None, primary_key=True)
    office_id: int = Field(foreign_key="office.id")
    kind_id: int = Field(foreign_key="return_kind.id")
    month: str
    unit: str  # NGO code or upazila name
    change: str  # e.g. "version 2 imported", "version 1 voided"
    reason: str = Field(sa_column=Column(Text, nullable=False))
    changed_at: datetime
    changed_by: str

    __table_args__ = (Index("ix_lock_override_month", "office_id", "month", "kind_id"),)


def table(model: type[SQLModel]) -> Table:
    """The Core table behind a model, for bulk statements and typed queries."""
    return model.__table__  # type: ignore[attr-defined]
