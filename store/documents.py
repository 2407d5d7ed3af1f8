"""Documents (văn bản): register, edit, link, list and search."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from store import audit
from store.db import Database
from store.errors import ConflictError, NotFound, ValidationError
from store.i18n import t
from store.models import Assignment, Document, DocumentLink
from store.records import DocumentDetail, DocumentRow, LinkRow
from store.search import count_index_hits, document_search_text, last_hits_page, search_matches
from store.text import clean, clean_or_none, fold, number_key
from store.vocab import DOC_TYPES, DocumentStatus, LinkRelation, WorkStatus

OPEN_STATES = (WorkStatus.NOT_STARTED, WorkStatus.IN_PROGRESS, WorkStatus.PAUSED)


@dataclass
class LinkInput:
    """A link from the document being saved: to a record (`target_id`) or a reference as written."""

    relation: str
    target_id: int | None = None
    reference: str | None = None
    ref_type: str | None = None
    ref_number: str | None = None
    ref_date: date | None = None
    ref_issuer: str | None = None


@dataclass
class DocumentInput:
    """What a clerk (or an import, or intake) gives to register a document."""

    doc_type: str
    issuer: str
    subject: str
    number: str | None = None
    issued: date | None = None
    place: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    incoming_number: str | None = None
    incoming_date: date | None = None
    status: str = DocumentStatus.ACTIVE
    partial: bool = False
    full_text: str | None = None
    source: str = "manual"
    links: list[LinkInput] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentQuery:
    """Filters for the document list (all optional)."""

    search: str | None = None
    status: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None

    @property
    def only_search(self) -> bool:
        """A search with no other filter (answered from the search index alone on SQLite)."""
        return not (self.status or self.doc_type or self.issuer or self.year)


def _year_of(number: str | None, issued: date | None) -> int | None:
    if issued:
        return issued.year
    if number:
        import re

        match = re.search(r"/((?:19|20)\d\d)/", number)
        if match:
            return int(match.group(1))
    return None


def _validate(data: DocumentInput) -> DocumentInput:
    doc_type = (data.doc_type or "").strip().upper()
    aliases = {fold(v[0]).upper(): k for k, v in DOC_TYPES.items()}
    doc_type = aliases.get(fold(doc_type).upper(), doc_type)
    if doc_type == "QD":
        doc_type = "QĐ"
    if doc_type == "ND":
        doc_type = "NĐ"
    if doc_type not in DOC_TYPES:
        raise ValidationError(
            "err.unknown_doc_type", field="doc_type", value=data.doc_type,
            choices=", ".join(DOC_TYPES),
        )
    issuer = clean_or_none(data.issuer)
    if not issuer:
        raise ValidationError("err.required", field="issuer")
    subject = clean_or_none(data.subject)
    if not subject:
        raise ValidationError("err.required", field="subject")
    if data.status not in {s.value for s in DocumentStatus}:
        raise ValidationError(
            "err.invalid_status", field="status", value=data.status,
            choices=", ".join(s.value for s in DocumentStatus),
        )
    check_dates(data.issued, data.incoming_date)
    for link in data.links:
        if link.relation not in {r.value for r in LinkRelation}:
            raise ValidationError(
                "err.invalid_status", field="links", value=link.relation,
                choices=", ".join(r.value for r in LinkRelation),
            )
    return replace(
        data, doc_type=doc_type, issuer=issuer, subject=subject,
        number=clean_or_none(data.number),
        recipients=[r for r in (clean_or_none(x) for x in data.recipients) if r],
    )


def check_dates(issued: date | None, incoming_date: date | None) -> None:
    """The refused document dates, for every way a document is written (form, CLI, CSV
    import, intake, fixtures): issued after today, received after today.

    A received date before the issue date is not refused, only pointed out (date_warnings):
    the stamp and the print disagree in real papers (seed 000: 09-CT/TU issued 25/08/2021
    bears the incoming stamp "Ngày 1 tháng 8 năm 2021"), and the clerk records what the
    paper says.

    Raises:
        ValidationError: `err.issued_future` or `err.incoming_future`, naming today.
    """
    from store import clock
    from store.dates import format_date

    limit = clock.today()
    if issued is not None and issued > limit:
        raise ValidationError(
            "err.issued_future", field="issued", value=format_date(issued), today=format_date(limit)
        )
    if incoming_date is not None and incoming_date > limit:
        raise ValidationError(
            "err.incoming_future", field="incoming_date", value=format_date(incoming_date),
            today=format_date(limit),
        )


def date_warnings(issued: date | None, incoming_date: date | None) -> list[str]:
    """What looks wrong in a document's dates but is saved anyway (see check_dates)."""
    from store.dates import format_date

    if issued is not None and incoming_date is not None and incoming_date < issued:
        return [t("warn.incoming_before_issued", incoming=format_date(incoming_date), issued=format_date(issued))]
    return []


def _issuer_matches(issuer_key: str, ref_issuer: str | None) -> bool:
    if not ref_issuer:
        return True
    ref = fold(ref_issuer)
    return ref == issuer_key or ref in issuer_key or issuer_key in ref


def resolve_reference_in(
    session: Session, ref_number: str | None, ref_date: date | None, ref_issuer: str | None
) -> int | None:
    """The document a reference names, by issuer + number + year; None unless exactly one."""
    key = number_key(ref_number)
    if not key:
        return None
    stmt = select(Document.id, Document.issuer_key, Document.year).where(Document.number_key == key)
    candidates = [
        row.id for row in session.execute(stmt)
        if (ref_date is None or row.year is None or row.year == ref_date.year)
        and _issuer_matches(row.issuer_key, ref_issuer)
    ]
    return candidates[0] if len(candidates) == 1 else None


def _check_unique(session: Session, doc: Document, exclude_id: int | None = None) -> None:
    if not doc.number_key:
        return
    stmt = select(Document.id).where(
        Document.issuer_key == doc.issuer_key,
        Document.number_key == doc.number_key,
        Document.year == doc.year if doc.year is not None else Document.year.is_(None),
    )
    if exclude_id is not None:
        stmt = stmt.where(Document.id != exclude_id)
    other = session.scalar(stmt)
    if other is not None:
        raise ValidationError(
            "err.duplicate_document", field="number", number=doc.number, issuer=doc.issuer,
            year=doc.year or "?", id=other,
        )


def _apply(doc: Document, data: DocumentInput) -> None:
    doc.doc_type = data.doc_type
    doc.number = data.number
    doc.number_key = number_key(data.number)
    doc.issuer = data.issuer
    doc.issuer_key = fold(data.issuer)
    doc.place = clean_or_none(data.place)
    doc.issued = data.issued
    doc.year = _year_of(data.number, data.issued)
    doc.sort_date = data.issued or date(1900, 1, 1)
    doc.subject = data.subject
    doc.signer = clean_or_none(data.signer)
    doc.signer_title = clean_or_none(data.signer_title)
    doc.recipients = list(data.recipients)
    doc.incoming_number = clean_or_none(data.incoming_number)
    doc.incoming_date = data.incoming_date
    doc.status = data.status
    doc.partial = data.partial
    doc.full_text = clean(data.full_text) if data.full_text else None
    doc.source = data.source
    doc.search_text = document_search_text(
        doc_type=doc.doc_type, number=doc.number, issuer=doc.issuer, subject=doc.subject,
        place=doc.place, signer=doc.signer, year=doc.year,
    )


def _add_link_in(session: Session, source_id: int, link: LinkInput) -> DocumentLink:
    target_id = link.target_id
    if target_id is None:
        target_id = resolve_reference_in(session, link.ref_number, link.ref_date, link.ref_issuer)
    row = DocumentLink(
        source_id=source_id, relation=link.relation, target_id=target_id,
        reference=clean_or_none(link.reference), ref_type=link.ref_type,
        ref_number=clean_or_none(link.ref_number), ref_number_key=number_key(link.ref_number),
        ref_date=link.ref_date, ref_issuer=clean_or_none(link.ref_issuer),
    )
    session.add(row)
    if link.relation == LinkRelation.REPLACES and target_id is not None:
        target = session.get(Document, target_id, with_for_update=True)
        if target is not None and target.status != DocumentStatus.SUPERSEDED:
            before = audit.snapshot(target)
            target.status = DocumentStatus.SUPERSEDED
            target.version += 1
            audit.record(session, "update", "document", target_id, before, audit.snapshot(target))
    return row


def _resolve_waiting_links(session: Session, doc: Document) -> None:
    """Links elsewhere that named this document before it was registered now point at it."""
    if not doc.number_key:
        return
    waiting = session.scalars(
        select(DocumentLink).where(
            DocumentLink.target_id.is_(None), DocumentLink.ref_number_key == doc.number_key
        )
    )
    for link in waiting:
        if link.ref_date is not None and doc.year is not None and link.ref_date.year != doc.year:
            continue
        if not _issuer_matches(doc.issuer_key, link.ref_issuer):
            continue
        link.target_id = doc.id
        if link.relation == LinkRelation.REPLACES:
            doc.status = DocumentStatus.SUPERSEDED


def add_in(session: Session, data: DocumentInput) -> int:
    """Register a document inside an open write transaction; returns its id."""
    data = _validate(data)
    doc = Document(doc_type=data.doc_type, issuer=data.issuer, subject=data.subject)
    _apply(doc, data)
    _check_unique(session, doc)
    session.add(doc)
    session.flush()
    assert doc.id is not None
    for link in data.links:
        _add_link_in(session, doc.id, link)
    _resolve_waiting_links(session, doc)
    session.flush()
    audit.record(session, "create", "document", doc.id, None, audit.snapshot(doc))
    return doc.id


def add(db: Database, data: DocumentInput) -> int:
    """Register a document (with its links) in one transaction; returns its id."""
    return db.write(lambda s: add_in(s, data))


def update(db: Database, doc_id: int, data: DocumentInput, *, expected_version: int) -> None:
    """Save an edited document; refuses if someone changed it since `expected_version`."""

    def work(session: Session) -> None:
        # FOR UPDATE (PostgreSQL; SQLite already holds the write lock): a concurrent save
        # waits here, then reads the committed version and fails the check below.
        doc = session.get(Document, doc_id, with_for_update=True)
        if doc is None:
            raise NotFound("err.not_found", entity="document", id=doc_id)
        if doc.version != expected_version:
            raise ConflictError(entity="document", id=doc_id, current=_detail_in(session, doc))
        clean_data = _validate(data)
        before = audit.snapshot(doc)
        _apply(doc, clean_data)
        _check_unique(session, doc, exclude_id=doc_id)
        doc.version += 1
        from store.models import utcnow

        doc.updated_at = utcnow()
        session.flush()
        audit.record(session, "update", "document", doc_id, before, audit.snapshot(doc))

    db.write(work)


def add_link(db: Database, source_id: int, link: LinkInput) -> None:
    def work(session: Session) -> None:
        if session.get(Document, source_id) is None:
            raise NotFound("err.not_found", entity="document", id=source_id)
        row = _add_link_in(session, source_id, link)
        session.flush()
        audit.record(session, "link", "document", source_id, None, audit.snapshot(row))

    db.write(work)


# --- reading ---------------------------------------------------------------------------------


def _open_count_expr() -> Any:
    return (
        select(func.count(Assignment.id))
        .where(Assignment.document_id == Document.id, Assignment.work_status.in_(list(OPEN_STATES)))
        .correlate(Document)
        .scalar_subquery()
    )


def _row(doc: Any, open_count: int) -> DocumentRow:
    return DocumentRow(
        id=doc.id, doc_type=doc.doc_type, number=doc.number, issuer=doc.issuer, issued=doc.issued,
        subject=doc.subject, status=doc.status, open_count=open_count or 0, partial=doc.partial,
    )


_LIST_COLUMNS = (
    Document.id, Document.doc_type, Document.number, Document.issuer, Document.issued,
    Document.subject, Document.status, Document.partial, Document.sort_date,
)


def _where(stmt: Any, query: DocumentQuery) -> Any:
    """The non-search filters of a document query (shared by the list and its count)."""
    if query.status:
        stmt = stmt.where(Document.status == query.status)
    if query.doc_type:
        stmt = stmt.where(Document.doc_type == query.doc_type)
    if query.issuer:
        stmt = stmt.where(Document.issuer_key.contains(fold(query.issuer)))
    if query.year:
        stmt = stmt.where(Document.year == query.year)
    return stmt


def list_documents(
    db: Database,
    query: DocumentQuery = DocumentQuery(),
    *,
    after: tuple[date, int] | None = None,
    limit: int = 100,
    offset: int = 0,
    last: bool = False,
    newest_first: bool | None = None,
) -> list[DocumentRow]:
    """A page of documents, newest first (keyset on (sort_date, id) via `after`).

    With a search, rows come best match first and pages by `offset` (a ranked list has
    no stable keyset).

    `last`: the last `limit` rows of the list instead (in list order, `after` and `offset`
    ignored), read from its end where the order allows it (see assignments.list_assignments).
    `newest_first`: as for assignments.list_assignments.
    """
    with db.read() as session:
        stmt = select(*_LIST_COLUMNS, _open_count_expr().label("open_count"))
        rank = None
        dialect = session.bind.dialect.name  # type: ignore[union-attr]
        if last:
            rows = _last_rows(session, query, stmt, limit, newest_first)
            if rows is not None:
                return rows
            after, offset = None, max(_count_in(session, query) - limit, 0)
        if query.search and query.only_search and dialect == "sqlite" and after is None:
            # the page of hits straight from the search index (see store.search.search_matches)
            hit = search_matches(Document, query.search, dialect, top=(limit, offset), session=session,
                                 newest_first=newest_first)
            if hit is not None:
                sub, rank = hit
                stmt = stmt.join(sub, sub.c.id == Document.id).order_by(
                    rank, Document.sort_date.desc(), Document.id.desc())
                return [_row(r, r.open_count) for r in session.execute(stmt)]
        if query.search:
            hit = search_matches(Document, query.search, dialect)
            if hit is not None:
                sub, rank = hit
                stmt = stmt.join(sub, sub.c.id == Document.id)
        stmt = _where(stmt, query)
        if rank is not None:
            stmt = stmt.order_by(rank, Document.sort_date.desc(), Document.id.desc()).offset(offset)
        else:
            if after is not None:  # a row value: an index seek, not a walk (see assignments._after)
                stmt = stmt.where(tuple_(Document.sort_date, Document.id) < tuple_(after[0], after[1]))
            stmt = stmt.order_by(Document.sort_date.desc(), Document.id.desc()).offset(offset)
        stmt = stmt.limit(limit)
        return [_row(r, r.open_count) for r in session.execute(stmt)]


def _last_rows(
    session: Session, query: DocumentQuery, stmt: Any, limit: int, newest_first: bool | None = None
) -> list[DocumentRow] | None:
    """The last `limit` rows of the list read from its end, or None where the order has no
    cheap end (ranked hits): the caller counts and takes the page at that offset."""
    if query.search:
        stmt = last_hits_page(
            session, Document, "document", query.search, stmt, limit, (Document.sort_date.desc(), Document.id.desc()),
            search_only=query.only_search, newest_first=newest_first,
        )
        return None if stmt is None else [_row(r, r.open_count) for r in session.execute(stmt)]
    # (sort_date, id) order read backwards (oldest first) over the index, then turned round.
    stmt = _where(stmt, query).order_by(Document.sort_date, Document.id).limit(limit)
    return [_row(r, r.open_count) for r in reversed(list(session.execute(stmt)))]


def count_documents(db: Database, query: DocumentQuery = DocumentQuery(), *, at_most: int | None = None) -> int:
    """How many documents match `query`; with `at_most`, counting stops past it (the exact
    count up to `at_most`, else `at_most + 1`: see assignments.count_assignments)."""
    with db.read() as session:
        return _count_in(session, query, at_most=at_most)


def _count_in(session: Session, query: DocumentQuery, *, at_most: int | None = None) -> int:
    dialect = session.bind.dialect.name  # type: ignore[union-attr]
    if query.search and query.only_search and dialect == "sqlite":
        # every hit is a document: count in the index alone
        counted = count_index_hits(session, "document", query.search, at_most=at_most)
        if counted is not None:
            return counted
    # count(*), not count(id): SQLite counts the entries of an index without reading them
    stmt: Any = select(func.count()).select_from(Document)
    if at_most is not None:
        stmt = select(Document.id)
    if query.search:
        hit = search_matches(Document, query.search, dialect)
        if hit is not None:
            stmt = stmt.join(hit[0], hit[0].c.id == Document.id)
    stmt = _where(stmt, query)
    if at_most is not None:
        stmt = select(func.count()).select_from(stmt.limit(at_most + 1).subquery())
    return int(session.scalar(stmt) or 0)


def _links_in(session: Session, doc_id: int) -> tuple[LinkRow, ...]:
    rows: list[LinkRow] = []
    out_stmt = (
        select(DocumentLink, Document)
        .outerjoin(Document, Document.id == DocumentLink.target_id)
        .where(DocumentLink.source_id == doc_id)
        .order_by(DocumentLink.id)
    )
    for link, target in session.execute(out_stmt):
        rows.append(
            LinkRow(
                id=link.id, relation=link.relation, direction="out",
                other_id=target.id if target else None,
                other_label=_label(target) if target else (link.ref_number or link.reference or ""),
                other_subject=target.subject if target else (link.reference or ""),
                reference=link.reference,
            )
        )
    in_stmt = (
        select(DocumentLink, Document)
        .join(Document, Document.id == DocumentLink.source_id)
        .where(DocumentLink.target_id == doc_id)
        .order_by(DocumentLink.id)
    )
    for link, source in session.execute(in_stmt):
        rows.append(
            LinkRow(
                id=link.id, relation=link.relation, direction="in", other_id=source.id,
                other_label=_label(source), other_subject=source.subject, reference=link.reference,
            )
        )
    return tuple(rows)


def _label(doc: Document) -> str:
    return _row(doc, 0).label


def _detail_in(session: Session, doc: Document, on: date | None = None) -> DocumentDetail:
    from store.assignments import rows_for_document_in

    return DocumentDetail(
        id=doc.id or 0, doc_type=doc.doc_type, number=doc.number, issuer=doc.issuer,
        place=doc.place, issued=doc.issued, subject=doc.subject, signer=doc.signer,
        signer_title=doc.signer_title, recipients=tuple(doc.recipients or ()),
        incoming_number=doc.incoming_number, incoming_date=doc.incoming_date,
        status=doc.status, partial=doc.partial, source=doc.source, full_text=doc.full_text,
        version=doc.version, links=_links_in(session, doc.id or 0),
        assignments=rows_for_document_in(session, doc.id or 0, on),
        history=audit.history_in(session, "document", doc.id or 0),
    )


def get(db: Database, doc_id: int, *, on: date | None = None) -> DocumentDetail:
    """All of a document: fields, links both ways, assignments (status as of `on`, default
    today), history."""
    with db.read() as session:
        doc = session.get(Document, doc_id)
        if doc is None:
            raise NotFound("err.not_found", entity="document", id=doc_id)
        return _detail_in(session, doc, on)


def as_input(detail: DocumentDetail) -> DocumentInput:
    """The editable fields of a document, e.g. to prefill an edit form."""
    names = {f.name for f in fields(DocumentInput)} - {"links"}
    return DocumentInput(**{n: getattr(detail, n) for n in names if hasattr(detail, n)})  # type: ignore[arg-type]
