"""SQLModel tables: the one schema of dondoc.

Rows never leave the store as live ORM objects; `store.records` holds what callers get.
Every `search_text` column holds the folded text (see `store.text.fold`) that full-text
search indexes; every `version` column backs the optimistic checks against lost updates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timestamps are stored aware, in UTC; screens show them in local time."""
    from store.clock import now

    return now()


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


def _partial(name: str, *columns: str, where: str) -> Index:
    """A partial index (`... WHERE where`), as its migration makes it on SQLite and PostgreSQL.

    Only SQLite's form is declared (the condition is also kept in `info["where"]`): naming
    PostgreSQL's (`postgresql_where`) makes SQLAlchemy import its whole PostgreSQL dialect
    to check the argument, about 2 MB resident in every SQLite session (issue #8). These
    declarations create nothing: the migrations make the schema, on either engine
    (store.migrate; `SQLModel.metadata.create_all` is never used).
    """
    return Index(name, *columns, sqlite_where=text(where), info={"where": where})


class _Table(SQLModel):
    """The tables' base (no table itself): pydantic builds a table's validator and
    serializer only if one is ever asked for (`defer_build`). The store never validates or
    dumps rows through pydantic (a table model's constructor does not validate), and
    building them for every table at every open cost ~0.2 MB resident and ~40 ms (issue #8).
    """

    model_config = ConfigDict(defer_build=True)


class Agency(_Table, table=True):
    """A body that issues documents or carries out assignments."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    short_name: str | None = None
    aliases: list[str] = _json_list()
    parent_id: int | None = Field(default=None, foreign_key="agency.id")
    search_text: str = ""
    version: int = 1


class Document(_Table, table=True):
    """A registered document (văn bản): directive, official letter, plan, ..."""

    __table_args__ = (
        # A number is unique only with its issuer and year; the number itself is optional.
        UniqueConstraint("issuer_key", "number_key", "year", name="uq_document_issuer_number_year"),
        Index("ix_document_sort", "sort_date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    doc_type: str = Field(index=True)
    number: str | None = None
    number_key: str | None = Field(default=None, index=True)
    issuer: str = ""
    issuer_key: str = ""
    place: str | None = None
    issued: date | None = None
    year: int | None = None
    sort_date: date = Field(default=date(1900, 1, 1))
    subject: str = ""
    signer: str | None = None
    signer_title: str | None = None
    recipients: list[str] = _json_list()
    incoming_number: str | None = None
    incoming_date: date | None = None
    status: str = Field(default="active", index=True)
    partial: bool = False
    full_text: str | None = None
    source: str = "manual"
    search_text: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class DocumentLink(_Table, table=True):
    """source --relation--> target, or to a reference as written when not in the database."""

    __table_args__ = (
        Index("ix_link_source", "source_id"),
        Index("ix_link_target", "target_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    relation: str
    target_id: int | None = Field(default=None, foreign_key="document.id", ondelete="SET NULL")
    reference: str | None = None
    ref_type: str | None = None
    ref_number: str | None = None
    ref_number_key: str | None = Field(default=None, index=True)
    ref_date: date | None = None
    ref_issuer: str | None = None


LATE = "work_status = 'done' AND done_on > next_due"
"""Done after the deadline in force: `store.assignments.status_condition("done_late")`."""

SPAN_COPIES = ("report_first", "report_gap", "late_first", "late_gap")
"""The report copies of migration 0011 (store.followup.report_span), carried by its indexes."""

MONTH_COPIES = ("report_month", "report_bits", "late_bits")
"""The report copies of migration 0012 (store.followup.report_months), carried by its indexes."""

REPORTED = "work_status IN ('not_started', 'in_progress') AND report_last IS NOT NULL"
"""Open work with a report received due before its deadline in force (migration 0010)."""


class Assignment(_Table, table=True):
    """One piece of work (nhiệm vụ) a document assigns."""

    __table_args__ = (
        Index("ix_assignment_doc", "document_id", "position"),
        Index("ix_assignment_due", "due_key", "id"),
        # migration 0005: open work in deadline order, and the scoreboard's covering index
        _partial(
            "ix_assignment_open_due", "due_key", "id", "work_status",
            where="work_status IN ('not_started', 'in_progress')",
        ),
        Index("ix_assignment_score", "done_on", "next_due", "due_key", "work_status"),
        # migration 0006: the per-agency scoreboard, counted in index ranges per lead agency
        Index("ix_assignment_lead", "lead_agency_id", "work_status", "due_key", "done_on", "next_due"),
        _partial(
            "ix_assignment_lead_done", "lead_agency_id", "work_status", "done_on", "next_due", "due_key",
            where="done_on IS NOT NULL",
        ),
        _partial(
            "ix_assignment_lead_late", "lead_agency_id", "work_status", "due_key", "done_on", "next_due",
            where=LATE,
        ),
        _partial(
            "ix_assignment_co_lead", "co_lead_agency_id", "work_status", "due_key", "done_on", "next_due",
            where="co_lead_agency_id IS NOT NULL",
        ),
        _partial(
            "ix_assignment_co_lead_done", "co_lead_agency_id", "work_status", "done_on", "next_due", "due_key",
            where="co_lead_agency_id IS NOT NULL AND done_on IS NOT NULL",
        ),
        _partial(
            "ix_assignment_many_leads", "id",
            where="lead_count > 2",
        ),
        # migration 0008: open work by first lead agency (the scoreboard), and the agenda's
        # covering index over open work (on PostgreSQL it carries
        # the narrow columns only: see the migration)
        _partial(
            "ix_assignment_lead_open", "lead_agency_id", "work_status", "due_key", "done_on",
            where="work_status IN ('not_started', 'in_progress')",
        ),
        _partial(
            "ix_assignment_agenda", "due_key", "id", "work_status", "document_id", "lead_agency_id",
            "co_lead_agency_id", "lead_count", "created_at", "ref", "title",
            where="work_status IN ('not_started', 'in_progress')",
        ),
        # migration 0010: open work with reports received, by lead agency (first, second) and
        # due_key, with the report copies (the scoreboard's work acted on in a period); and
        # that with two reports received, by the earlier one (on PostgreSQL the agency and
        # due_key, or report_prev, are the key, the rest carried); migration 0011: with the
        # copies of the earliest reports and the largest gaps too; migration 0012: with the
        # months of the reports received (and received late) before report_prev
        _partial(
            "ix_assignment_lead_reported", "lead_agency_id", "due_key", "report_last", "report_prev", "done_on",
            "late_last", "late_prev", "work_status", *SPAN_COPIES, *MONTH_COPIES,
            where=REPORTED,
        ),
        _partial(
            "ix_assignment_co_lead_reported", "co_lead_agency_id", "due_key", "report_last", "report_prev", "done_on",
            "late_last", "late_prev", "work_status", *SPAN_COPIES, *MONTH_COPIES,
            where=f"{REPORTED} AND co_lead_agency_id IS NOT NULL",
        ),
        _partial(
            "ix_assignment_reported_twice", "report_prev", "report_last", "due_key", "done_on", "work_status",
            "lead_agency_id", "co_lead_agency_id", "lead_count", "late_prev", *SPAN_COPIES, *MONTH_COPIES,
            where="work_status IN ('not_started', 'in_progress') AND report_prev IS NOT NULL",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    position: int = 0
    ref: str = ""
    title: str = ""
    body: str = ""
    work_status: str = Field(default="not_started")  # indexed by ix_assignment_open_due/_score
    done_on: date | None = None
    follower: str | None = None
    # Denormalised for lists and the agenda: the deadline in force that comes next,
    # and the same as a non-null sort key (date.max when there is none).
    next_due: date | None = None
    due_key: date = Field(default=date(9999, 12, 31))
    search_text: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1
    # Denormalised from assignment_agency (migration 0006) for the scoreboard and the agenda:
    # the lead agencies in position order, first and second, and how many there are. Written
    # with the agency rows (store.assignments._set_agencies; `dondoc gen` alike).
    lead_agency_id: int | None = None
    co_lead_agency_id: int | None = None
    lead_count: int = 0
    # Denormalised for the scoreboard (migration 0010), written with due_key
    # (store.followup.refresh_next_due_in; refresh_report_copies in bulk): of the reports
    # received (occurrences 'reported') of its deadlines that are due before due_key, the
    # latest due date and the latest before that one; the latest due date of a report received
    # late (after its due date), and the latest such before report_last. NULL when none
    # (store.followup.report_copies; what they answer: store.reports._received).
    report_last: date | None = None
    report_prev: date | None = None
    late_last: date | None = None
    late_prev: date | None = None
    # And (migration 0011), of the same reports: the earliest due date and the largest gap in
    # days between two consecutive distinct ones (NULL with fewer than two), and the same of
    # those received late (store.followup.report_span): they answer for a period ending
    # before report_prev (store.reports._received).
    report_first: date | None = None
    report_gap: int | None = None
    late_first: date | None = None
    late_gap: int | None = None
    # And (migration 0012), of the same reports, when there are two (NULL otherwise): the
    # month of report_prev (year * 12 + month - 1) and, as bits, the months with a report
    # received due in them, bit k for the month report_month - k (k from 0 to 62: about five
    # years before it); the same of those received late (store.followup.report_months): they
    # answer for a period of whole months ending before report_prev without reading reports.
    report_month: int | None = None
    report_bits: int | None = Field(default=None, sa_type=BigInteger)
    late_bits: int | None = Field(default=None, sa_type=BigInteger)


class AssignmentAgency(_Table, table=True):
    """Lead (chủ trì) and supporting (phối hợp) agencies of an assignment."""

    __tablename__ = "assignment_agency"
    __table_args__ = (Index("ix_assignment_agency_agency", "agency_id", "role"),)

    assignment_id: int = Field(foreign_key="assignment.id", primary_key=True, ondelete="CASCADE")
    agency_id: int = Field(foreign_key="agency.id", primary_key=True)
    role: str = Field(primary_key=True)
    position: int = 0


class Deadline(_Table, table=True):
    """An assignment's due date or recurring reporting rule, as the text says it."""

    # migration 0008: an assignment's deadlines with what the agenda reads of them (replaces
    # the plain index on assignment_id)
    __table_args__ = (
        Index("ix_deadline_agenda", "assignment_id", "id", "kind", "due", "phrase", "spec"),
        # migration 0009: the deadlines of open work in the order of their assignments'
        # due_key, with what the agenda reads of them (on PostgreSQL the narrow columns only)
        _partial(
            "ix_deadline_open", "open_due_key", "assignment_id", "id", "kind", "due_in_force", "phrase",
            "acted_ahead", "spec",
            where="open_due_key IS NOT NULL",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", ondelete="CASCADE")
    phrase: str = ""
    kind: str = "date"  # date | period_end | relative | recurring | adhoc | unparsed
    due: date | None = None  # one-off deadline as first set (extensions never change it)
    spec: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    version: int = 1
    # Denormalised for the agenda (migration 0009), written with the deadlines, extensions,
    # reports acted on and the assignment's status (store.followup.refresh_next_due_in;
    # refresh_all in bulk): the date in force (a one-off's last extension or date as set; a
    # rule's current occurrence), the periods of a rule acted on ahead of its current one
    # (joined with \x1f; NULL when none), and the assignment's due_key while it is open
    # (not started, in progress), NULL otherwise.
    due_in_force: date | None = None
    acted_ahead: str | None = None
    open_due_key: date | None = None


class Note(_Table, table=True):
    """A progress note (cập nhật tiến độ) on an assignment."""

    __table_args__ = (Index("ix_note_assignment", "assignment_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", ondelete="CASCADE")
    author: str
    created_at: datetime = Field(default_factory=utcnow)
    text: str


class AuditEvent(_Table, table=True):
    """Append-only history: who changed what, when, before and after."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str
    action: str  # create | update | delete | note | ...
    entity: str  # document | assignment | agency | deadline | ...
    entity_id: int | None = None
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


# --- added by migration 0002: the follow-up workflow -------------------------------------


class Extension(_Table, table=True):
    """A deadline extended (gia hạn): the original stays, the latest extension is in force."""

    id: int | None = Field(default=None, primary_key=True)
    deadline_id: int = Field(foreign_key="deadline.id", index=True, ondelete="CASCADE")
    new_due: date
    reason: str
    document_id: int | None = Field(default=None, foreign_key="document.id", ondelete="SET NULL")
    document_ref: str | None = None
    created_by: str
    created_at: datetime = Field(default_factory=utcnow)


class Occurrence(_Table, table=True):
    """An occurrence of a recurring deadline that has been acted on (reported, waived, noted)."""

    __table_args__ = (
        UniqueConstraint("deadline_id", "period", name="uq_occurrence_period"),
        # migration 0010: a deadline's reports received, by due date (the scoreboard, the
        # assignments' report copies)
        _partial("ix_occurrence_reported", "deadline_id", "due", "acted_on", "status", where="status = 'reported'"),
    )

    id: int | None = Field(default=None, primary_key=True)
    deadline_id: int = Field(foreign_key="deadline.id", ondelete="CASCADE")
    period: str  # period label key, e.g. "2026-Q1"
    due: date
    status: str  # reported | waived | noted
    acted_on: date | None = None
    note: str | None = None
    version: int = 1


class Setting(_Table, table=True):
    """Office-wide settings (office name, report policy, extra days off, roles policy...)."""

    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))


class UserRole(_Table, table=True):
    """The role of an OS user in this database: viewer, editor or admin."""

    __tablename__ = "user_role"

    username: str = Field(primary_key=True)
    role: str
