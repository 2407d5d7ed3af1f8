"""Plain immutable rows the store hands out (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


def document_label(number: str | None, doc_type: str, issued: date | None) -> str:
    """How a document is named in lists and links: its number, else its type and date."""
    from store.vocab import DOC_TYPES

    if number:
        return number
    name = DOC_TYPES.get(doc_type, (doc_type, ""))[0]
    return f"{name} {issued.strftime('%d/%m/%Y')}" if issued else name


@dataclass(frozen=True, slots=True)
class AgencyRow:
    id: int
    name: str
    short_name: str | None
    aliases: tuple[str, ...]
    parent_id: int | None
    version: int = 1


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    doc_type: str
    number: str | None
    issuer: str
    issued: date | None
    subject: str
    status: str
    open_count: int
    partial: bool = False

    @property
    def label(self) -> str:
        """How the document is named in lists and links: its number, else type and date."""
        return document_label(self.number, self.doc_type, self.issued)


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One link seen from a document: outgoing (`direction="out"`) or incoming."""

    id: int
    relation: str
    direction: str  # "out" | "in"
    other_id: int | None
    other_label: str
    other_subject: str
    reference: str | None


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    id: int
    phrase: str
    kind: str
    due: date | None
    due_in_force: date | None
    spec: dict[str, Any] | None
    extensions: tuple[ExtensionRow, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtensionRow:
    id: int
    new_due: date
    reason: str
    document_ref: str | None
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class NoteRow:
    id: int
    assignment_id: int
    author: str
    created_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    id: int
    document_id: int
    document_label: str
    ref: str
    title: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    next_due: date | None
    work_status: str
    done_on: date | None
    status: str  # derived status key (see store.deadlines.Status)
    days_overdue: int


@dataclass(frozen=True, slots=True)
class AssignmentDetail:
    row: AssignmentRow
    body: str
    follower: str | None
    deadlines: tuple[DeadlineRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[AuditRow, ...]
    version: int


@dataclass(frozen=True, slots=True)
class DocumentDetail:
    id: int
    doc_type: str
    number: str | None
    issuer: str
    place: str | None
    issued: date | None
    subject: str
    signer: str | None
    signer_title: str | None
    recipients: tuple[str, ...]
    incoming_number: str | None
    incoming_date: date | None
    status: str
    partial: bool
    source: str
    full_text: str | None
    version: int
    links: tuple[LinkRow, ...] = ()
    assignments: tuple[AssignmentRow, ...] = ()
    history: tuple[AuditRow, ...] = field(default=())

    @property
    def label(self) -> str:
        return self.number or self.subject[:40]
