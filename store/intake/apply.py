"""From an intake result (possibly edited by the clerk) to saved records.

Two steps, so that the clerk sees everything before anything is written:

* `plan(db, result)` reads the database and says what would be created: each document (or
  that it is a duplicate of one already registered, by issuer + number + year, and will be
  skipped), its links (to another document of the same text, to a document already
  registered, or to a reference kept as written), its assignments with their lead and
  supporting agencies put on the known agencies (name, short name, aliases, diacritics
  ignored), the agencies that do not exist yet, and the deadline phrases.
* `apply(db, plan)` saves all of it in one `db.write` transaction: every record or none.

A reference to a document that is registered later gets its target then:
`store.documents.add_in` resolves links that were waiting for that number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.intake.model import Assignment, IntakeResult, KnownAgency, ParsedDocument, Reference
from store.text import clean_or_none, fold, number_key
from store.vocab import DOC_TYPES, LinkRelation

SOURCE = "intake"
"""`Document.source` of records made by intake."""

TITLE_WIDTH = 120
"""An assignment without a heading gets the start of its first sentence as title, this long."""

# Reasons an assignment is left out (catalogue keys under intake.skip.*).
SKIP_NO_LEAD = "no_lead"
SKIP_EMPTY = "empty"


@dataclass
class PlannedReference:
    """A link the new document will carry.

    Attributes:
        relation: implements | replaces | cites | copy_of.
        target_index: another document of the same text (index in `IntakePlan.documents`).
        target_id: a document already in the database.
        as_written / number / type / date / issuer: the reference as the text gives it,
            kept on the link so it can be resolved when the document is registered later.
    """

    relation: str
    target_index: int | None = None
    target_id: int | None = None
    as_written: str | None = None
    number: str | None = None
    type: str | None = None
    date: date | None = None
    issuer: str | None = None

    @property
    def resolved(self) -> bool:
        return self.target_index is not None or self.target_id is not None

    def label(self) -> str:
        """How to name the target in a summary: its number, else what the text wrote."""
        if self.number:
            return self.number
        if self.as_written:
            return self.as_written
        return DOC_TYPES.get(self.type or "", ("?",))[0]


@dataclass
class PlannedAssignment:
    """An assignment as it will be saved (or why it will not be).

    Attributes:
        lead / support: agency names, known ones under their registered name.
        new_agencies: those of `lead` + `support` that are not registered yet.
        skip: None, or why it is left out (`SKIP_NO_LEAD`, `SKIP_EMPTY`).
    """

    ref: str | None
    title: str
    body: str
    lead: list[str]
    support: list[str]
    deadlines: list[str]
    unsure: set[str] = field(default_factory=set)
    new_agencies: list[str] = field(default_factory=list)
    skip: str | None = None


@dataclass
class PlannedDocument:
    """One document of the text.

    Attributes:
        index: its place in the text (and in `IntakePlan.documents`).
        parsed: what the parser (and the clerk) said.
        data: the fields to register (links are added by `apply`).
        references: links to other documents.
        duplicate_of: id of the same document already registered (same issuer + number +
            year); such a document is skipped and links to it point at the registered one.
    """

    index: int
    parsed: ParsedDocument
    data: Any  # store.documents.DocumentInput (imported lazily: the ORM is heavy)
    references: list[PlannedReference] = field(default_factory=list)
    assignments: list[PlannedAssignment] = field(default_factory=list)
    duplicate_of: int | None = None
    filled: set[str] = field(default_factory=set)
    """Fields intake filled in from another document of the text (shown as unsure)."""

    @property
    def unsure(self) -> set[str]:
        return set(self.parsed.unsure) | self.filled

    @property
    def problems(self) -> list[str]:
        """Required fields still empty (a duplicate is skipped, so it has none)."""
        if self.duplicate_of is not None:
            return []
        return [name for name in ("issuer", "subject") if not getattr(self.data, name)]


@dataclass
class IntakePlan:
    """What `apply` will write.

    Attributes:
        documents: in text order.
        new_agencies: agencies named in assignments that are not registered yet.
        create_agencies: create them (the clerk confirmed); when False, unknown names are
            dropped and assignments left without a lead are skipped.
    """

    documents: list[PlannedDocument]
    new_agencies: list[str] = field(default_factory=list)
    create_agencies: bool = True

    @property
    def to_create(self) -> list[PlannedDocument]:
        return [d for d in self.documents if d.duplicate_of is None]

    @property
    def problems(self) -> list[tuple[int, str]]:
        """(document index, field) for every required field still empty."""
        return [(d.index, name) for d in self.documents for name in d.problems]

    def counts(self) -> dict[str, int]:
        """Documents, links, assignments that `apply` would create."""
        docs = self.to_create
        return {
            "documents": len(docs),
            "links": sum(len(d.references) for d in docs),
            "assignments": sum(1 for d in docs for a in d.assignments if a.skip is None),
            "agencies": len(self.new_agencies) if self.create_agencies else 0,
            "duplicates": len(self.documents) - len(docs),
        }


# --------------------------------------------------------------------------- agencies


class _Agencies:
    """Known agencies by folded name, short name and alias; `name()` gives the registered name."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self._by_key: dict[str, list[str]] = {}
        for row in rows:
            for label in (row.name, row.short_name, *(row.aliases or ())):
                if label:
                    names = self._by_key.setdefault(_key(label), [])
                    if row.name not in names:
                        names.append(row.name)

    def name(self, written: str) -> str | None:
        key = _key(written)
        found = self._by_key.get(key)
        if not found:
            # "Sở Tư pháp tỉnh" for a register that holds "Sở Tư pháp".
            for suffix in (" tinh", " thanh pho", " huyen", " xa", " phuong"):
                if key.endswith(suffix) and key[: -len(suffix)] in self._by_key:
                    found = self._by_key[key[: -len(suffix)]]
                    break
        if not found:
            return None
        exact = [n for n in found if _key(n) == key]
        return (exact or found)[0]


def _key(name: str) -> str:
    return fold(name).strip(" .,;:-–")


def known_agencies(db: Any) -> list[KnownAgency]:
    """The registered agencies as the parser wants them (None gives none)."""
    if db is None:
        return []
    from store import agencies

    return [KnownAgency(r.name, r.short_name, tuple(r.aliases)) for r in agencies.list_all(db)]


# --------------------------------------------------------------------------- planning


def assignment_title(assignment: Assignment) -> str:
    """The heading, else the start of the first sentence of the body."""
    if assignment.title and assignment.title.strip():
        return " ".join(assignment.title.split())
    body = " ".join((assignment.body or "").split())
    match = re.search(r"[.;:!?](?=\s|$)", body)
    first = body[: match.start()] if match else body
    if len(first) <= TITLE_WIDTH:
        return first
    cut = first[:TITLE_WIDTH].rsplit(" ", 1)[0]
    return cut.rstrip(" ,") + "…"


def document_input(parsed: ParsedDocument, text: str = "") -> Any:
    """The registration fields of a parsed document (no links)."""
    from store.documents import DocumentInput

    start, end = parsed.span
    full_text = text[start:end].strip() if text and end > start else None
    return DocumentInput(
        doc_type=parsed.type_code or "K",
        issuer=(parsed.issuer or "").strip(),
        subject=(parsed.subject or "").strip(),
        number=clean_or_none(parsed.number),
        issued=parsed.issued,
        place=clean_or_none(parsed.place),
        signer=clean_or_none(parsed.signer),
        signer_title=clean_or_none(parsed.signer_title),
        recipients=[r for r in parsed.recipients if r and r.strip()],
        incoming_number=clean_or_none(parsed.incoming_number),
        incoming_date=parsed.incoming_date,
        full_text=full_text or None,
        source=SOURCE,
    )


def _year(number: str | None, issued: date | None) -> int | None:
    if issued:
        return issued.year
    match = re.search(r"/((?:19|20)\d\d)/", number or "")
    return int(match.group(1)) if match else None


def find_duplicate_in(session: Session, data: Any) -> int | None:
    """A registered document that is the same as `data`: same issuer + number + year.

    The issuer is compared as the store resolves references (one folded name inside the
    other: "Ban Thường vụ Tỉnh ủy" is "Ban Thường vụ Tỉnh ủy Tây Ninh"). A document without
    a number is the same when type, issuer, date and subject all agree.
    """
    from store.documents import resolve_reference_in
    from store.models import Document

    issuer_key = fold(data.issuer or "")
    key = number_key(data.number)
    year = _year(data.number, data.issued)
    if key:
        exact = session.scalar(
            select(Document.id).where(
                Document.issuer_key == issuer_key,
                Document.number_key == key,
                Document.year == year if year is not None else Document.year.is_(None),
            )
        )
        if exact is not None:
            return int(exact)
        when = data.issued or (date(year, 1, 1) if year else None)
        found = resolve_reference_in(session, data.number, when, data.issuer)
        return int(found) if found is not None else None
    if not data.subject:
        return None
    stmt = select(Document.id, Document.subject).where(
        Document.number_key.is_(None),
        Document.doc_type == data.doc_type,
        Document.issuer_key == issuer_key,
        Document.issued == data.issued if data.issued else Document.issued.is_(None),
    )
    subject = fold(data.subject)
    for row in session.execute(stmt):
        if fold(row.subject) == subject:
            return int(row.id)
    return None


def _in_text_target(result: IntakeResult, i: int, ref: Reference, used: set[int]) -> int | None:
    """Index of the document of the same text `ref` names, through `result.links`."""
    for n, link in enumerate(result.links):
        if link.source != i or n in used or link.target >= len(result.documents):
            continue
        target = result.documents[link.target]
        same_number = ref.number and number_key(ref.number) == number_key(target.number)
        copy = ref.relation == link.relation == LinkRelation.COPY_OF.value
        if same_number or copy:
            used.add(n)
            return link.target
    return None


def _plan_references(session: Session | None, result: IntakeResult, i: int) -> list[PlannedReference]:
    from store.documents import resolve_reference_in

    doc = result.documents[i]
    out: list[PlannedReference] = []
    used: set[int] = set()
    for ref in doc.references:
        planned = PlannedReference(
            relation=ref.relation, as_written=ref.as_written, number=ref.number, type=ref.type,
            date=ref.date, issuer=ref.issuer,
        )
        planned.target_index = _in_text_target(result, i, ref, used)
        if planned.target_index is None and session is not None and ref.number:
            planned.target_id = resolve_reference_in(session, ref.number, ref.date, ref.issuer)
        out.append(planned)
    # Links the clerk (or the parser) set between documents of the text without a reference.
    for n, link in enumerate(result.links):
        if link.source == i and n not in used and 0 <= link.target < len(result.documents):
            target = result.documents[link.target]
            out.append(PlannedReference(
                relation=link.relation, target_index=link.target, number=target.number,
                type=target.type_code, date=target.issued, issuer=target.issuer,
            ))
    return out


def _fill_from_copied(planned: PlannedDocument, result: IntakeResult) -> None:
    """A certified copy without its own subject takes the subject of what it copies."""
    for ref in planned.references:
        if ref.relation != LinkRelation.COPY_OF.value or ref.target_index is None:
            continue
        target = result.documents[ref.target_index]
        if not planned.data.subject and target.subject and target.subject.strip():
            planned.data = replace(planned.data, subject=target.subject.strip())
            planned.filled.add("subject")


def _plan_assignment(a: Assignment, known: _Agencies | None) -> PlannedAssignment:
    def names(items: Sequence[str]) -> tuple[list[str], list[str]]:
        out: list[str] = []
        new: list[str] = []
        for item in items:
            written = " ".join((item or "").split()).strip(" .,;:-–")
            if not written:
                continue
            name = known.name(written) if known is not None else None
            if name is None:
                name = written
                new.append(written)
            if _key(name) not in {_key(x) for x in out}:
                out.append(name)
        return out, new

    lead, new_lead = names(a.lead)
    support, new_support = names(a.support)
    lead_keys = {_key(x) for x in lead}
    support = [s for s in support if _key(s) not in lead_keys]
    planned = PlannedAssignment(
        ref=clean_or_none(a.ref), title=assignment_title(a), body=(a.body or "").strip(),
        lead=lead, support=support, deadlines=[d for d in a.deadlines if d and d.strip()],
        unsure=set(a.unsure), new_agencies=_unique(new_lead + new_support),
    )
    if not planned.title and not planned.body:
        planned.skip = SKIP_EMPTY
    elif not lead:
        planned.skip = SKIP_NO_LEAD
    return planned


def _unique(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        if _key(name) not in seen:
            seen.add(_key(name))
            out.append(name)
    return out


def plan(db: Any, result: IntakeResult) -> IntakePlan:
    """What saving `result` would create, read from the database (None: an empty one).

    Args:
        db: an open `store.db.Database`, or None for a dry run without a database.
        result: the parser's result, possibly edited by the clerk.
    """
    if db is None:
        return _plan_in(None, None, result)
    from store.agencies import list_all

    known = _Agencies(list_all(db))
    with db.read() as session:
        return _plan_in(session, known, result)


def _plan_in(session: Session | None, known: _Agencies | None, result: IntakeResult) -> IntakePlan:
    docs: list[PlannedDocument] = []
    for i, parsed in enumerate(result.documents):
        data = document_input(parsed, result.text)
        planned = PlannedDocument(index=i, parsed=parsed, data=data)
        if session is not None:
            planned.duplicate_of = find_duplicate_in(session, data)
        planned.references = _plan_references(session, result, i)
        _fill_from_copied(planned, result)
        planned.assignments = [_plan_assignment(a, known) for a in parsed.assignments]
        docs.append(planned)
    new = _unique([n for d in docs if d.duplicate_of is None for a in d.assignments for n in a.new_agencies])
    return IntakePlan(documents=docs, new_agencies=new)


# --------------------------------------------------------------------------- applying


def apply(db: Any, intake_plan: IntakePlan) -> list[int]:
    """Save the plan in one transaction; returns the ids of the new documents, in text order.

    Raises:
        StoreError: a document or assignment cannot be saved (a required field is empty...);
            nothing at all is saved then.
    """
    return db.write(lambda session: apply_in(session, intake_plan))  # type: ignore[no-any-return]


def _order(docs: Sequence[PlannedDocument]) -> list[PlannedDocument]:
    """Documents whose same-text targets come first, so links get their target id at once
    (a cycle falls back to text order: the reference is then resolved by number)."""
    done: set[int] = set()
    order: list[PlannedDocument] = []
    pending = list(docs)
    while pending:
        ready = [
            d for d in pending
            if all(r.target_index is None or r.target_index in done or r.target_index == d.index
                   for r in d.references)
        ] or pending[:1]
        for d in ready:
            order.append(d)
            done.add(d.index)
            pending.remove(d)
    return order


def apply_in(session: Session, intake_plan: IntakePlan) -> list[int]:
    """`apply` inside an open write transaction (callers own the transaction)."""
    from store import agencies, assignments, documents
    from store.assignments import AssignmentInput, DeadlineInput
    from store.documents import LinkInput
    from store.errors import ValidationError

    for index, name in intake_plan.problems:
        raise ValidationError("intake.err.incomplete", field=name, n=index + 1)
    new_keys = {_key(n) for n in intake_plan.new_agencies}
    if intake_plan.create_agencies:
        for name in intake_plan.new_agencies:
            # Someone may have registered it (or a name differing only in case, diacritics
            # or spacing) since the plan was made: the assignments then go to that one.
            if agencies.same_in(session, [name]) is None:
                agencies.add_in(session, name)
    ids: dict[int, int] = {}
    created: dict[int, int] = {}
    for doc in _order(intake_plan.documents):
        duplicate = doc.duplicate_of
        if duplicate is None:
            # Someone may have registered it since the plan was made.
            duplicate = find_duplicate_in(session, doc.data)
        if duplicate is not None:
            ids[doc.index] = duplicate
            continue
        links = []
        for ref in doc.references:
            target_id = ref.target_id
            if ref.target_index is not None:
                target_id = ids.get(ref.target_index)
            links.append(LinkInput(
                relation=ref.relation, target_id=target_id, reference=ref.as_written or ref.label(),
                ref_type=ref.type, ref_number=ref.number, ref_date=ref.date, ref_issuer=ref.issuer,
            ))
        doc_id = documents.add_in(session, replace(doc.data, links=links))
        ids[doc.index] = created[doc.index] = doc_id
        for position, a in enumerate(doc.assignments):
            lead, support = a.lead, a.support
            if not intake_plan.create_agencies:
                lead = [n for n in lead if _key(n) not in new_keys]
                support = [n for n in support if _key(n) not in new_keys]
            if a.skip is not None or not lead:
                continue
            assignments.add_in(session, AssignmentInput(
                document_id=doc_id, title=a.title, ref=a.ref or "", body=a.body, lead=lead,
                support=support, deadlines=[DeadlineInput(phrase=p) for p in a.deadlines],
            ), position=position)
    return [created[d.index] for d in intake_plan.documents if d.index in created]


# --------------------------------------------------------------------------- read out


def plan_to_json(intake_plan: IntakePlan) -> list[dict[str, Any]]:
    """One object per document found, for `dondoc intake --json`."""
    out: list[dict[str, Any]] = []
    for doc in intake_plan.documents:
        p = doc.parsed
        out.append({
            "type": p.type_code,
            "type_name": p.type_name,
            "number": p.number,
            "issuer": p.issuer,
            "place": p.place,
            "issued": p.issued.isoformat() if p.issued else None,
            "subject": p.subject,
            "signer": p.signer,
            "signer_title": p.signer_title,
            "recipients": list(p.recipients),
            "incoming_number": p.incoming_number,
            "incoming_date": p.incoming_date.isoformat() if p.incoming_date else None,
            "unsure": sorted(p.unsure),
            "duplicate_of": doc.duplicate_of,
            "references": [
                {
                    "relation": r.relation,
                    "number": r.number,
                    "type": r.type,
                    "date": r.date.isoformat() if r.date else None,
                    "issuer": r.issuer,
                    "as_written": r.as_written,
                    "same_text_document": r.target_index,
                    "document_id": r.target_id,
                    "resolved": r.resolved,
                }
                for r in doc.references
            ],
            "assignments": [
                {
                    "ref": a.ref,
                    "title": a.title,
                    "body": a.body,
                    "lead": list(a.lead),
                    "support": list(a.support),
                    "deadlines": list(a.deadlines),
                    "unsure": sorted(a.unsure),
                    "new_agencies": list(a.new_agencies),
                    "skip": a.skip,
                }
                for a in doc.assignments
            ],
        })
    return out
