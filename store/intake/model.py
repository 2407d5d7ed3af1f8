"""What the intake parser returns: plain dataclasses with a `to_json()` for review screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Sequence

from store.text import fold

NO_DOCUMENT_MESSAGE = "Không tìm thấy văn bản nào"


@dataclass(frozen=True)
class KnownAgency:
    """An agency the office already knows, used to put names found in the text on file.

    Attributes:
        name: the full name as kept in the register ("Sở Tư pháp").
        short_name: the usual abbreviation ("STP"), if any.
        aliases: other spellings seen in documents ("Sở Tư Pháp tỉnh").
    """

    name: str
    short_name: str | None = None
    aliases: Sequence[str] = ()

    def keys(self) -> set[str]:
        """Folded spellings that identify this agency."""
        spellings = [self.name, self.short_name or "", *self.aliases]
        return {fold(s).strip(" .,;:") for s in spellings if s and s.strip()}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Reference:
    """Another document named in the text.

    Attributes:
        relation: "implements", "replaces", "cites" or "copy_of" (`store.vocab.LinkRelation`).
        type: type code (``CT``) or None when neither the words nor the symbol say.
        type_name: the type as written before the number ("Chỉ thị", "Quy định").
        number: the symbol with canonical spacing, or None (a copy of an unnumbered text).
        date: the date given after the number.
        issuer: the body after "của" ("Thủ tướng Chính phủ").
        subject: what follows "về"/"về việc", up to the end of the clause.
        as_written: the mention as it stands in the text.
        span: (start, end) offsets of the mention in the cleaned source text.
    """

    relation: str
    type: str | None = None
    type_name: str | None = None
    number: str | None = None
    date: date | None = None
    issuer: str | None = None
    subject: str | None = None
    as_written: str | None = None
    span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "type": self.type,
            "type_name": self.type_name,
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
            "subject": self.subject,
            "as_written": self.as_written,
            "span": list(self.span) if self.span else None,
        }


@dataclass
class Assignment:
    """One task (nhiệm vụ) of a document.

    Attributes:
        ref: the section number as a path ("4.1", "II.3.a"); None for unnumbered paragraphs.
        title: the section heading when it is a title line, else None.
        body: the section text, lines reflowed, footnotes removed.
        lead: agencies that lead (chủ trì / thực hiện), known names when matched.
        support: agencies that support (phối hợp).
        deadlines: deadline phrases as written ("định kỳ 6 tháng, hàng năm").
        unsure: names of fields guessed rather than read ("lead" when inherited).
        span: (start, end) offsets in the cleaned source text.
    """

    ref: str | None
    title: str | None
    body: str
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    unsure: set[str] = field(default_factory=set)
    span: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "title": self.title,
            "body": self.body,
            "lead": list(self.lead),
            "support": list(self.support),
            "deadlines": list(self.deadlines),
            "unsure": sorted(self.unsure),
            "span": list(self.span) if self.span else None,
        }


@dataclass
class ParsedDocument:
    """One document found in the pasted text, ready for a review screen.

    Attributes:
        type_code: key of `store.vocab.DOC_TYPES` ("CT", "CV", "BS"...).
        type_name: the type in Vietnamese ("Chỉ thị").
        number: number/symbol with canonical spacing, None when the text gives none.
        issuer: issuing body, as written (header capitals kept).
        issuer_parent: the line above the issuer in the header (the superior body), if any.
        place: place before the date ("Tây Ninh").
        issued: date of issue.
        subject: trích yếu ("V/v ...") or the line(s) under the type heading.
        signer: the person who signed.
        signer_title: signature block lines joined with " / " ("TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH").
        recipients: from "Kính gửi:" then "Nơi nhận:" ("Như trên" and "Lưu" dropped).
        incoming_number / incoming_date: the receiving office's "CÔNG VĂN ĐẾN" stamp.
        references: other documents named in the text, one per number.
        assignments: the tasks, in document order.
        unsure: names of fields the parser guessed rather than read.
        notes: remarks for the reviewer (e.g. taken from a news report).
        span: (start, end) offsets of the document in the cleaned source text.
        field_spans: field name -> (start, end) offsets of where the value was read.
    """

    type_code: str | None = None
    type_name: str | None = None
    number: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    issued: date | None = None
    subject: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    incoming_number: str | None = None
    incoming_date: date | None = None
    references: list[Reference] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    unsure: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    field_spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "type_code": self.type_code,
            "type_name": self.type_name,
            "number": self.number,
            "issuer": self.issuer,
            "issuer_parent": self.issuer_parent,
            "place": self.place,
            "issued": _iso(self.issued),
            "subject": self.subject,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "recipients": list(self.recipients),
            "incoming_number": self.incoming_number,
            "incoming_date": _iso(self.incoming_date),
            "references": [r.to_json() for r in self.references],
            "assignments": [a.to_json() for a in self.assignments],
            "unsure": sorted(self.unsure),
            "notes": list(self.notes),
            "span": list(self.span),
            "field_spans": {k: list(v) for k, v in sorted(self.field_spans.items())},
        }


@dataclass(frozen=True)
class DocumentLink:
    """A link between two documents of the same pasted text (indexes into `documents`)."""

    source: int
    target: int
    relation: str

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "relation": self.relation}


@dataclass
class IntakeResult:
    """Everything found in one pasted text.

    Attributes:
        documents: the documents, in text order.
        links: links between those documents (letter implements directive, copy_of...).
        message: NO_DOCUMENT_MESSAGE when no document was found, else None.
        text: the cleaned text the offsets refer to.
    """

    documents: list[ParsedDocument] = field(default_factory=list)
    links: list[DocumentLink] = field(default_factory=list)
    message: str | None = None
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": [d.to_json() for d in self.documents],
            "links": [link.to_json() for link in self.links],
            "message": self.message,
        }
