"""Intake: paste a directive, get the record, its links and its assignments (pure part).

`parse_text` is the entry point; see `store.intake.parser` for the rules.
"""

from store.intake.model import (
    NO_DOCUMENT_MESSAGE,
    Assignment,
    DocumentLink,
    IntakeResult,
    KnownAgency,
    ParsedDocument,
    Reference,
)
from store.intake.parser import parse_text

__all__ = [
    "NO_DOCUMENT_MESSAGE",
    "Assignment",
    "DocumentLink",
    "IntakeResult",
    "KnownAgency",
    "ParsedDocument",
    "Reference",
    "parse_text",
]
