"""Plain immutable rows the store hands out (never live ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from store.rows import AssignmentRow, DocumentRow, document_label

__all__ = [
    "AgencyRow", "AssignmentDetail", "AssignmentRow", "AuditRow", "DeadlineRow", "DocumentDetail",
    "DocumentRow", "ExtensionRow", "LinkRow", "NoteRow", "document_label",
]


@dataclass(frozen=True, slots=True)
class AgencyRow:
    id: int
    name: str
    short_name: str | None
    aliases: tuple[str, ...]
    parent_id: int | None
    version: int = 1


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
    refs: dict[tuple[str, int], str] = field(default_factory=dict)
    """Labels of the records the id fields point at (store.audit.refs_in)."""


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
