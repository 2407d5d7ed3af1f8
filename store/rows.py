"""The two list rows the first screen shows (documents, assignments), apart from the rest of
`store.records` so that the ORM-free first screen (`store.quick`) does not pay for making
every record class at start (each dataclass costs a few ms to create). `store.records`
re-exports them: use them from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def document_label(number: str | None, doc_type: str, issued: date | None) -> str:
    """How a document is named in lists and links: its number, else its type and date."""
    from store.vocab import DOC_TYPES

    if number:
        return number
    name = DOC_TYPES.get(doc_type, (doc_type, ""))[0]
    return f"{name} {issued.strftime('%d/%m/%Y')}" if issued else name


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
