"""CSV exports for meetings and spreadsheets: documents, assignments, deadlines, meeting packs.

Every export streams: rows come from the store a keyset page at a time and are written as
they come, so memory stays flat however many rows there are. Every file is written to a
temporary file in the target directory and renamed at the end (`store.csvio.atomic_csv`).
Headings and labels come from the catalogue, in the language asked for.

These functions do blocking I/O: the TUI calls them from a thread worker, passing
`progress` (called with the number of rows written so far after each page).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from store import agencies, assignments, audit, documents
from store.assignments import FAR_FUTURE, AssignmentQuery
from store.csvio import COMMA, atomic_csv, cell, check_delimiter, field, output_error, text_fields
from store.db import Database, driver_cursor_in
from store.errors import OutputError
from store.documents import DocumentQuery
from store.i18n import CATALOGUE, t
from store.models import Agency, Assignment, AuditEvent, Deadline, Document, Note
from store.records import AssignmentRow, DocumentRow
from store.text import fold
from store.vocab import DOC_TYPES

PAGE = 500
Progress = Callable[[int], None]

# Meeting pack file names: ASCII so that any zip tool or mail client keeps them intact.
MEETING_FILES = {
    "documents": "1-van-ban-den.csv",
    "overdue": "2-qua-han-theo-co-quan.csv",
    "due": "3-sap-den-han.csv",
    "changes": "4-thay-doi.csv",
    "scoreboard": "5-ket-qua-theo-co-quan.csv",
}

# Column catalogue keys (the importer matches headings against these in both languages).
DOCUMENT_COLUMNS = (
    "field.number", "field.doc_type", "field.issuer", "field.issued", "field.subject",
    "field.place", "field.signer", "field.signer_title", "field.recipients",
    "field.incoming_number", "field.incoming_date", "csv.col.validity", "field.open_count",
)
ASSIGNMENT_COLUMNS = (
    "field.number", "field.doc_type", "field.issuer", "field.issued", "field.subject",
    "field.ref", "field.title", "field.body", "field.lead", "field.support", "field.due",
    "field.deadlines", "field.status", "field.days_overdue", "csv.col.progress",
    "csv.col.done_on", "field.last_note", "field.follower",
)
DEADLINE_COLUMNS = (
    "field.due", "agenda.when", "field.number", "field.ref", "field.title", "field.lead",
    "agenda.period", "field.deadlines", "field.status",
)
MEETING_DOCUMENT_COLUMNS = (
    "csv.col.received", "field.incoming_number", "field.number", "field.doc_type",
    "field.issuer", "field.issued", "field.subject", "field.open_count",
)
OVERDUE_COLUMNS = (
    "field.lead", "field.number", "field.subject", "field.ref", "field.title", "field.support",
    "field.due", "field.days_overdue", "field.status", "field.last_note",
)
DUE_COLUMNS = (
    "field.due", "agenda.when", "field.number", "field.subject", "field.ref", "field.title",
    "field.lead", "field.support", "field.status", "field.last_note",
)
CHANGE_COLUMNS = (
    "csv.col.when", "csv.col.actor", "csv.col.action", "csv.col.record", "csv.col.changes",
)
SCORE_COLUMNS = (
    "field.lead", "csv.col.total", "status.done_on_time", "status.done_late", "status.overdue",
    "csv.col.pending", "csv.col.on_time_rate",
)


def headings(keys: Sequence[str], lang: str | None = None) -> list[str]:
    return [t(k, lang=lang) for k in keys]


def type_name(code: str, lang: str | None = None) -> str:
    """The document type as people write it ("Chỉ thị" / "Directive")."""
    names = DOC_TYPES.get(code)
    if names is None:
        return code
    return names[0] if (lang or _lang()) == "vi" else names[1]


def _lang() -> str:
    from store.i18n import get_lang

    return get_lang()


def _report(progress: Progress | None, count: int) -> None:
    if progress is not None:
        progress(count)


# --- paging through the store ---------------------------------------------------------------


def iter_documents(db: Database, query: DocumentQuery = DocumentQuery(), *, page: int = PAGE) -> Iterator[list[DocumentRow]]:
    """The documents `list_documents` gives for `query`, a page at a time (keyset paging)."""
    after: tuple[date, int] | None = None
    offset = 0
    while True:
        if query.search:  # a ranked list pages by offset (no stable keyset)
            rows = documents.list_documents(db, query, limit=page, offset=offset)
            offset += len(rows)
        else:
            rows = documents.list_documents(db, query, after=after, limit=page)
        if not rows:
            return
        yield rows
        if len(rows) < page:
            return
        last = rows[-1]
        after = (last.issued or date(1900, 1, 1), last.id)


def iter_assignments(db: Database, query: AssignmentQuery = AssignmentQuery(), *, page: int = PAGE) -> Iterator[list[AssignmentRow]]:
    """The assignments `list_assignments` gives for `query`, a page at a time.

    Keyset paging on (due_key, id); a search (ranked) or one document's list (in section
    order) pages by offset instead.
    """
    query = replace(query, today=query.today or assignments.today())
    by_offset = bool(query.search) or query.document_id is not None
    after: tuple[date, int] | None = None
    offset = 0
    while True:
        if by_offset:
            rows = assignments.list_assignments(db, query, limit=page, offset=offset)
            offset += len(rows)
        else:
            rows = assignments.list_assignments(db, query, after=after, limit=page)
        if not rows:
            return
        yield rows
        if len(rows) < page:
            return
        last = rows[-1]
        after = (last.next_due or FAR_FUTURE, last.id)


@dataclass(frozen=True, slots=True)
class _AssignmentExtra:
    number: str | None
    doc_type: str
    issuer: str
    issued: date | None
    subject: str
    body: str
    follower: str | None
    phrases: tuple[str, ...]
    last_note: str | None


def _extras(session: Session, ids: list[int]) -> dict[int, _AssignmentExtra]:
    """What the list rows do not carry, for one page of assignments (three queries)."""
    if not ids:
        return {}
    phrases: dict[int, list[str]] = {i: [] for i in ids}
    for aid, phrase in session.execute(
        select(Deadline.assignment_id, Deadline.phrase)
        .where(Deadline.assignment_id.in_(ids))
        .order_by(Deadline.assignment_id, Deadline.id)
    ):
        if phrase:
            phrases[aid].append(phrase)
    latest = (
        select(Note.assignment_id, func.max(Note.id).label("nid"))
        .where(Note.assignment_id.in_(ids))
        .group_by(Note.assignment_id)
        .subquery()
    )
    notes = {
        aid: text
        for aid, text in session.execute(select(Note.assignment_id, Note.text).join(latest, latest.c.nid == Note.id))
    }
    out: dict[int, _AssignmentExtra] = {}
    for r in session.execute(
        select(
            Assignment.id, Assignment.body, Assignment.follower, Document.number, Document.doc_type,
            Document.issuer, Document.issued, Document.subject,
        )
        .join(Document, Document.id == Assignment.document_id)
        .where(Assignment.id.in_(ids))
    ):
        out[r.id] = _AssignmentExtra(
            number=r.number, doc_type=r.doc_type, issuer=r.issuer, issued=r.issued, subject=r.subject,
            body=r.body, follower=r.follower, phrases=tuple(phrases[r.id]), last_note=notes.get(r.id),
        )
    return out


def _assignment_query(on: date, soon_days: int) -> Any:
    """The assignment export's rows as one SQLite SELECT (the fast path of #8).

    In the list's (due_key, id) order (add it), one row per assignment with everything the
    file needs: the document's columns, agencies joined with "; " in position order,
    deadline phrases joined with line breaks, the last note, and the status `derive` gives,
    derived in SQL (`assignments.status_case`, `assignments.days_overdue_sqlite`). Values
    stay raw (codes, ISO dates, NULL): `_AssignmentFields` turns them into CSV fields.
    """
    from sqlalchemy import case, literal

    from store.models import AssignmentAgency
    from store.vocab import AgencyRole

    def joined(inner: Any, sep: str) -> Any:
        return select(func.group_concat(inner.c.value, literal(sep))).scalar_subquery()

    def agencies_in(role: str) -> Any:
        links = (AssignmentAgency.assignment_id == Assignment.id, AssignmentAgency.role == role)
        return (
            select(Agency.name.label("value")).join(AssignmentAgency, AssignmentAgency.agency_id == Agency.id)
            .where(*links).correlate(Assignment)
        )

    def in_order(role: str) -> Any:
        return joined(agencies_in(role).order_by(AssignmentAgency.position).subquery(), "; ")

    def names(role: str) -> Any:
        # Most assignments have one agency in a role: only two or more are sorted (a sort in
        # a correlated subquery costs as much as the rest of it, twice per row).
        links = (AssignmentAgency.assignment_id == Assignment.id, AssignmentAgency.role == role)
        count = select(func.count()).select_from(AssignmentAgency).where(*links).correlate(Assignment)
        return case((count.scalar_subquery() > 1, in_order(role)), else_=agencies_in(role).scalar_subquery())

    def leads() -> Any:
        # The first two leads are on the row itself (lead_agency_id, co_lead_agency_id of
        # migration 0006, kept by assignments._set_agencies): two lookups in the small agency
        # table instead of searches of assignment_agency; three leads and more (rare) from there.
        def name(column: Any) -> Any:
            return select(Agency.name).where(Agency.id == column).correlate(Assignment).scalar_subquery()

        first = name(Assignment.lead_agency_id)
        return case(
            (Assignment.lead_count > 2, in_order(AgencyRole.LEAD.value)),
            (Assignment.co_lead_agency_id.is_(None), first),
            else_=first.concat(literal("; ")).concat(name(Assignment.co_lead_agency_id)),
        )

    phrases = joined(
        select(Deadline.phrase.label("value"))
        .where(Deadline.assignment_id == Assignment.id, Deadline.phrase != "")
        .order_by(Deadline.id)
        .correlate(Assignment)
        .subquery(),
        "\n",
    )
    # The newest note by its id, found through max(): no sort per row (ORDER BY id DESC LIMIT 1
    # sorts, the index being on (assignment_id, created_at)).
    mine = Note.__table__.alias("mine")
    newest = select(func.max(mine.c.id)).where(mine.c.assignment_id == Assignment.id).correlate(Assignment)
    last_note = select(Note.text).where(Note.id == newest.scalar_subquery()).scalar_subquery()
    return (
        select(
            Document.number, Document.doc_type, Document.issuer, Document.issued, Document.subject,
            Assignment.ref, Assignment.title, Assignment.body, leads(),
            names(AgencyRole.SUPPORT.value), Assignment.next_due, phrases, assignments.status_case(on, soon_days),
            assignments.days_overdue_sqlite(on), Assignment.work_status, Assignment.done_on, last_note,
            Assignment.follower,
        )
        .select_from(Assignment)
        .join(Document, Document.id == Assignment.document_id)
    )


class _Fields:
    """value -> its CSV field, worked out once (`make`) and then shared by every row."""

    def __init__(self, make: Callable[[Any], str], delimiter: str) -> None:
        self.make = make
        self.delimiter = delimiter
        self.table: dict[Any, str] = {}

    def of(self, values: Sequence[Any]) -> list[str]:
        table = self.table
        for value in set(values).difference(table):
            table[value] = field(self.make(value), self.delimiter)
        return list(map(table.__getitem__, values))


class _AssignmentFields:
    """Turns pages of `_assignment_query` rows into columns of CSV fields: the bytes the
    row-by-row path writes (`csvio.cell` of its values; tests compare both files).

    Column by column: the text columns through `csvio.text_fields`, the values that need
    work (dates, document types, statuses, days overdue) from tables of the few there are,
    each worked out once. No Python call per cell.
    """

    def __init__(self, lang: str, dialect: Any, delimiter: str) -> None:
        from sqlalchemy import Date

        parse = Date().dialect_impl(dialect).result_processor(dialect, None) or (lambda v: v)
        d = self.delimiter = delimiter
        self.day = _Fields(lambda iso: cell(None if iso is None else parse(iso)), d)
        self.kind = _Fields(lambda code: cell(type_name(code, lang)), d)
        self.status = _Fields(lambda key: "" if key is None else cell(t(f"status.{key}", lang=lang)), d)
        self.work = _Fields(lambda key: cell(t(f"workstatus.{key}", lang=lang)), d)
        self.days = _Fields(lambda n: cell(n or ""), d)

    def page(self, rows: list[Any]) -> list[list[str]]:
        (
            number, kind, issuer, issued, subject, ref, title, body, lead, support, due, phrases, status,
            days, work, done_on, note, follower,
        ) = zip(*rows)
        day, d = self.day.of, self.delimiter

        def text(values: Sequence[str | None]) -> list[str]:
            return text_fields(values, d)

        return [
            text(number), self.kind.of(kind), text(issuer), day(issued), text(subject), text(ref),
            text(title), text(body), text(lead), text(support), day(due), text(phrases),
            self.status.of(status), self.days.of(days), self.work.of(work), day(done_on), text(note),
            text(follower),
        ]


def _write_assignments_sqlite(db: Database, query: AssignmentQuery, w: Any, lang: str, page: int, progress: Progress | None) -> int:
    """Every row of the list in its keyset order from one query on a driver cursor, a page
    at a time (memory flat), each page written column by column: no Row objects, no ORM,
    no Python call per cell (#8: about as fast as a plain sqlite3 + csv loop)."""
    on = query.today or assignments.today()
    count = 0
    with db.read() as session:
        stmt, _ = assignments._filtered(_assignment_query(on, query.soon_days), session, query, on)
        fields = _AssignmentFields(lang, session.connection().dialect, w.delimiter)
        with _mapped(session), closing(driver_cursor_in(session, stmt.order_by(Assignment.due_key, Assignment.id))) as cursor:
            while rows := cursor.fetchmany(page):
                w.writefields(fields.page(rows))
                count += len(rows)
                _report(progress, count)
    return count


MMAP_BYTES = 1 << 40
"""Asked of SQLite for the export's reads; it takes at most its compile-time maximum
(SQLITE_MAX_MMAP_SIZE, 2 GB in the usual builds) and reads the rest of a bigger file as usual."""


@contextmanager
def _mapped(session: Session) -> Iterator[None]:
    """The database file memory-mapped for this connection while the block runs (#8).

    The export reads rows in deadline order, which visits the file's pages in random order:
    each visit was a read() into SQLite's small page cache, and the kernel's part of that was
    a quarter of the export. Mapped, SQLite reads the pages in place. The connection's own
    setting (none by default) comes back afterwards, so the pool's connections are unchanged.
    """
    raw = session.connection().connection.driver_connection
    before = raw.execute("PRAGMA mmap_size").fetchone()[0]
    raw.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA mmap_size={int(before)}")


def _with_extras(db: Database, pages: Iterable[list[AssignmentRow]]) -> Iterator[list[tuple[AssignmentRow, _AssignmentExtra]]]:
    for rows in pages:
        with db.read() as session:
            extra = _extras(session, [r.id for r in rows])
        yield [(r, extra[r.id]) for r in rows if r.id in extra]


# --- documents ------------------------------------------------------------------------------


def _document_cells(doc: Document, open_count: int, lang: str | None) -> list[Any]:
    return [
        doc.number, type_name(doc.doc_type, lang), doc.issuer, doc.issued, doc.subject, doc.place,
        doc.signer, doc.signer_title, "\n".join(doc.recipients or ()), doc.incoming_number,
        doc.incoming_date, t(f"docstatus.{doc.status}", lang=lang), open_count,
    ]


def write_documents(
    db: Database,
    query: DocumentQuery,
    out_path: str | os.PathLike[str],
    *,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
    page: int = PAGE,
) -> int:
    """Export the documents of the document list (same filters); returns rows written."""
    count = 0
    with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
        w.writerow(headings(DOCUMENT_COLUMNS, lang))
        for rows in iter_documents(db, query, page=page):
            with db.read() as session:
                docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_([r.id for r in rows])))}
                for r in rows:
                    doc = docs.get(r.id)
                    if doc is not None:
                        w.writerow(_document_cells(doc, r.open_count, lang))
                        count += 1
            _report(progress, count)
    return count


# --- assignments ----------------------------------------------------------------------------


def _status(row: AssignmentRow, lang: str | None) -> str:
    return t(f"status.{row.status}", lang=lang)


def write_assignments(
    db: Database,
    query: AssignmentQuery,
    out_path: str | os.PathLike[str],
    *,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
    page: int = PAGE,
) -> int:
    """Export the assignments of the assignment list (same filters); returns rows written.

    Each row names its document (number, type, issuer, date, subject) so that the file can
    be imported again on its own. On SQLite the list in its keyset order comes from one
    query (`_write_assignments_sqlite`); a search, one document's list and other engines go
    row by row through the list's pages. Both write the same bytes (tests compare them).
    """
    count = 0
    lang = lang or _lang()  # once: looking it up per cell (environment reads) cost a fifth of the export
    with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
        w.writerow(headings(ASSIGNMENT_COLUMNS, lang))
        if db.is_sqlite and not query.search and query.document_id is None:
            return _write_assignments_sqlite(db, query, w, lang, page, progress)
        for rows in _with_extras(db, iter_assignments(db, query, page=page)):
            for r, x in rows:
                w.writerow([
                    x.number, type_name(x.doc_type, lang), x.issuer, x.issued, x.subject, r.ref,
                    r.title, x.body, list(r.lead), list(r.support), r.next_due, "\n".join(x.phrases),
                    _status(r, lang), r.days_overdue or "", t(f"workstatus.{r.work_status}", lang=lang),
                    r.done_on, x.last_note, x.follower,
                ])
                count += 1
            _report(progress, count)
    return count


# --- deadlines ------------------------------------------------------------------------------


def when_text(due: date | None, on: date, lang: str | None = None) -> str:
    """"quá hạn 5 ngày" / "còn 3 ngày làm việc" / "hạn hôm nay": as the agenda says it."""
    from store.deadlines import due_text

    return due_text(due, on, lang=lang or _lang())


def when_texts(on: date, lang: str | None = None) -> Callable[[date | None], str]:
    """`when_text` on the day `on`, said once per due date: a list of tens of thousands of rows
    has a few hundred dates, and "còn 9 ngày làm việc" counts working days (most of a row's
    cost otherwise)."""
    lang = lang or _lang()
    said: dict[date | None, str] = {}

    def when(due: date | None) -> str:
        text = said.get(due)
        if text is None:
            text = said[due] = when_text(due, on, lang)
        return text

    return when


def write_deadlines(
    db: Database,
    out_path: str | os.PathLike[str],
    *,
    start: date,
    end: date,
    agency: str | None = None,
    search: str | None = None,
    overdue_only: bool = False,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
    page_of_work: int = 5_000,
) -> int:
    """Export the agenda from `start` to `end`, overdue deadlines included (`store.agenda`).

    Each occurrence of a recurring report is a row, with its period ("Quý I/2026"). The
    agenda is read a page of assignments at a time (`agenda.agenda_pages`); each page's rows
    are formatted and set aside, and written in the agenda's order once all are read
    (`store.runs`): memory stays that of a page, whatever the date range (a year of the
    national agenda is half a million rows).
    """
    from store import agenda
    from store.runs import SortedRuns

    lang = lang or _lang()
    when = when_texts(start, lang)
    # what many rows share, made into finished fields once: a due date's two cells, a lead
    # agencies' cell, a status's (half a million rows at national scale, a few thousand dates)
    days: dict[date, str] = {}
    leads: dict[tuple[str, ...], str] = {}
    statuses: dict[str, str] = {}

    d = check_delimiter(delimiter)  # (before the agenda is read: the fields are made as it is)

    def day(due: date) -> str:
        text = days[due] = f"{field(cell(due), d)}{d}{field(cell(when(due)), d)}"
        return text

    def lead(names: tuple[str, ...]) -> str:
        text = leads[names] = field(cell(list(names)), d)
        return text

    def status(code: str) -> str:
        text = statuses[code] = field(cell(t(f"status.{code}", lang=lang)), d)
        return text

    count = 0
    with SortedRuns() as runs:
        for items in agenda.agenda_pages(db, start, end, agency=agency, search=search, today=start, page=page_of_work):
            if overdue_only:
                items = [i for i in items if i.days_overdue > 0]
            if not items:
                continue
            columns = (  # as `csvio._Writer.writefields` takes them: each cell a finished field
                [days.get(i.due) or day(i.due) for i in items],
                text_fields([i.document_label for i in items], d),
                text_fields([i.ref for i in items], d),
                text_fields([i.title for i in items], d),
                [leads.get(i.lead) or lead(i.lead) for i in items],
                text_fields([i.period for i in items], d),
                text_fields([i.phrase for i in items], d),
                [statuses.get(i.status) or status(i.status) for i in items],
            )
            keys = [(i.due.toordinal(), i.assignment_id, i.deadline_id) for i in items]
            runs.add(list(zip(keys, [f"{line}\r\n" for line in map(d.join, zip(*columns))])))
            count += len(items)
            _report(progress, count)
        with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
            w.writerow(headings(DEADLINE_COLUMNS, lang))
            w.writetexts(runs.merged())
    _report(progress, count)
    return count


# --- what changed (audit trail) -------------------------------------------------------------


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)


def _action_cell(action: str, lang: str | None) -> str:
    """The action as a cell ("Gia hạn", "Sửa"): store.audit's words, capitalised."""
    text = audit.action_text(action, lang)
    return text[:1].upper() + text[1:]


def change_text(ev: Any, lang: str | None = None, refs: dict[tuple[str, int], str] | None = None) -> str:
    """Which fields changed, before → after (or the value recorded), one per line."""
    if ev.action == "note":
        return str((ev.after or {}).get("text", ""))
    return "\n".join(
        f"{label}: {after}" if before is None else f"{label}: {before} → {after}"
        for label, before, after in audit.changes(ev, lang, refs, empty=t("csv.value.empty", lang=lang))
    )


def _labels(session: Session, events: Sequence[AuditEvent], lang: str | None) -> dict[tuple[str, int], str]:
    """Human names of the records a page of events is about (one query per entity kind)."""
    ids: dict[str, set[int]] = {}
    for ev in events:
        if ev.entity_id is not None:
            ids.setdefault(ev.entity, set()).add(ev.entity_id)
    out: dict[tuple[str, int], str] = {}
    entity = lambda name: t(f"entity.{name}", lang=lang)  # noqa: E731
    if ids.get("document"):
        for d in session.scalars(select(Document).where(Document.id.in_(ids["document"]))):
            label = d.number or f"{type_name(d.doc_type, lang)} {d.issued.strftime('%d/%m/%Y') if d.issued else ''}".strip()
            out[("document", d.id or 0)] = f"{entity('document')} {label}: {_short(d.subject)}"
    if ids.get("assignment"):
        stmt = (
            select(Assignment.id, Assignment.ref, Assignment.title, Document.number, Document.doc_type)
            .join(Document, Document.id == Assignment.document_id)
            .where(Assignment.id.in_(ids["assignment"]))
        )
        for r in session.execute(stmt):
            doc = r.number or type_name(r.doc_type, lang)
            ref = f" {t('field.ref', lang=lang).lower()} {r.ref}" if r.ref else ""
            out[("assignment", r.id)] = f"{entity('assignment')} ({doc}{ref}): {_short(r.title)}"
    if ids.get("agency"):
        for a in session.scalars(select(Agency).where(Agency.id.in_(ids["agency"]))):
            out[("agency", a.id or 0)] = f"{entity('agency')} {a.name}"
    return out


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _fallback_label(ev: AuditEvent, lang: str | None) -> str:
    data = ev.after or ev.before or {}
    name = data.get("number") or data.get("title") or data.get("name") or data.get("subject") or ""
    kind = t(f"entity.{ev.entity}", lang=lang) if f"entity.{ev.entity}" in CATALOGUE else ev.entity
    return f"{kind} {ev.entity_id or ''} {_short(str(name))}".strip()


def write_changes(
    db: Database,
    out_path: str | os.PathLike[str],
    *,
    since: date,
    until: date,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
    page: int = PAGE,
) -> int:
    """Export the audit trail from `since` to `until` (whole local days), oldest first."""
    start, stop = _local_midnight_utc(since), _local_midnight_utc(until + timedelta(days=1))
    count = 0
    last_id = 0
    with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
        w.writerow(headings(CHANGE_COLUMNS, lang))
        while True:
            with db.read() as session:
                events = list(
                    session.scalars(
                        select(AuditEvent)
                        .where(AuditEvent.id > last_id, AuditEvent.at >= start, AuditEvent.at < stop)
                        .order_by(AuditEvent.id)
                        .limit(page)
                    )
                )
                labels = _labels(session, events, lang)
                refs = audit.refs_in(session, events)
            for ev in events:
                w.writerow([
                    ev.at.astimezone() if ev.at.tzinfo else ev.at.replace(tzinfo=UTC).astimezone(),
                    ev.actor, _action_cell(ev.action, lang),
                    labels.get((ev.entity, ev.entity_id or 0)) or _fallback_label(ev, lang),
                    change_text(ev, lang, refs),
                ])
                count += 1
            _report(progress, count)
            if len(events) < page:
                return count
            last_id = events[-1].id or 0


# --- the meeting pack -----------------------------------------------------------------------


def write_received_documents(
    db: Database,
    out_path: str | os.PathLike[str],
    *,
    since: date,
    until: date,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
    page: int = PAGE,
) -> int:
    """Documents received from `since` to `until`: by incoming date, else by issue date."""
    received = func.coalesce(Document.incoming_date, Document.issued)
    open_count = documents._open_count_expr()
    count = 0
    after: tuple[date, int] | None = None
    with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
        w.writerow(headings(MEETING_DOCUMENT_COLUMNS, lang))
        while True:
            stmt = select(Document, received.label("received"), open_count.label("open_count")).where(
                received >= since, received <= until
            )
            if after is not None:
                stmt = stmt.where(or_(received > after[0], and_(received == after[0], Document.id > after[1])))
            stmt = stmt.order_by(received, Document.id).limit(page)
            with db.read() as session:
                rows = list(session.execute(stmt))
                for doc, when, n_open in rows:
                    w.writerow([
                        when, doc.incoming_number, doc.number, type_name(doc.doc_type, lang), doc.issuer,
                        doc.issued, doc.subject, n_open or 0,
                    ])
            count += len(rows)
            _report(progress, count)
            if len(rows) < page:
                return count
            last = rows[-1]
            after = (last.received if isinstance(last.received, date) else date.fromisoformat(str(last.received)), last[0].id)


def write_overdue_by_agency(
    db: Database,
    out_path: str | os.PathLike[str],
    *,
    as_of: date,
    agency: str | None = None,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
    page: int = PAGE,
) -> int:
    """Overdue assignments, grouped by lead agency in Vietnamese alphabetical order.

    An assignment led by two agencies appears under each of them.
    """
    count = 0
    key = fold(agency) if agency else None
    with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
        w.writerow(headings(OVERDUE_COLUMNS, lang))
        for ag in agencies.list_all(db):
            if key and key not in fold(" ".join([ag.name, ag.short_name or "", *ag.aliases])):
                continue
            query = AssignmentQuery(agency=ag.name, role="lead", overdue=True, today=as_of)
            for rows in _with_extras(db, iter_assignments(db, query, page=page)):
                for r, x in rows:
                    if ag.name not in r.lead:  # the agency filter matches names loosely
                        continue
                    w.writerow([
                        ag.name, r.document_label, x.subject, r.ref, r.title, list(r.support),
                        r.next_due, r.days_overdue, _status(r, lang), x.last_note,
                    ])
                    count += 1
                _report(progress, count)
    return count


def write_due_within(
    db: Database,
    out_path: str | os.PathLike[str],
    *,
    as_of: date,
    days: int,
    agency: str | None = None,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
    page: int = PAGE,
) -> int:
    """Open assignments due from `as_of` to `as_of + days`, soonest first."""
    count = 0
    query = AssignmentQuery(agency=agency, due_within=days, today=as_of)
    when = when_texts(as_of, lang)
    with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
        w.writerow(headings(DUE_COLUMNS, lang))
        for rows in _with_extras(db, iter_assignments(db, query, page=page)):
            for r, x in rows:
                w.writerow([
                    r.next_due, when(r.next_due), r.document_label, x.subject, r.ref,
                    r.title, list(r.lead), list(r.support), _status(r, lang), x.last_note,
                ])
                count += 1
            _report(progress, count)
    return count


def rate_text(rate: float | None) -> str:
    """An on-time rate as Vietnamese figures write it: 85,7%."""
    if rate is None:
        return ""
    return f"{rate * 100:.1f}%".replace(".", ",")


def write_scoreboard(
    db: Database,
    out_path: str | os.PathLike[str],
    *,
    start: date | None,
    end: date | None,
    today: date,
    agency: str | None = None,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
) -> int:
    """The per-agency scoreboard (`store.reports.scoreboard`) with a total row at the end."""
    from store import reports

    total = None
    if agency:
        rows = reports.scoreboard(db, start=start, end=end, today=today, agency=agency)
    else:  # every agency and the total row, in one pass
        rows, total = reports.scoreboard_with_total(db, start=start, end=end, today=today)
    with atomic_csv(out_path, bom=bom, delimiter=delimiter) as w:
        w.writerow(headings(SCORE_COLUMNS, lang))
        for r in rows:
            w.writerow([r.agency, r.total, r.done_on_time, r.done_late, r.overdue, r.pending, rate_text(r.on_time_rate)])
        if total is not None:
            w.writerow([
                t("csv.col.all_agencies", lang=lang), total.total, total.done_on_time, total.done_late,
                total.overdue, total.pending, rate_text(total.on_time_rate),
            ])
    return len(rows)


def write_meeting(
    db: Database,
    out_dir: str | os.PathLike[str],
    *,
    since: date,
    as_of: date,
    due_within: int,
    agency: str | None = None,
    score_since: date | None = None,
    bom: bool = True,
    delimiter: str = COMMA,
    lang: str | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the meeting pack into `out_dir`; returns file name -> rows written.

    The files are written into a temporary directory inside `out_dir` first and moved in
    only when all of them are complete, so a failure leaves no partial pack (and no folder
    made for it). A folder or file that cannot be written raises OutputError naming it.
    """
    target = Path(out_dir)
    made = [p for p in (target, *target.parents) if not p.exists()]
    try:
        try:
            target.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".meeting-", dir=target))
        except OSError as exc:
            raise output_error(exc, target, folder=True) from exc
        return _write_pack(db, target, work, since=since, as_of=as_of, due_within=due_within,
                           agency=agency, score_since=score_since, bom=bom, delimiter=delimiter, lang=lang,
                           progress=progress)
    except BaseException as exc:
        for folder in made:  # the folders made for a pack not written (failed, cancelled): gone
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OutputError) and exc.params.get("path", "").startswith(str(target / ".meeting-")):
            # (written into the pack's temporary folder: the clerk knows the folder they gave)
            raise OutputError(exc.key, field="path", **{**exc.params, "path": str(target)}) from exc
        raise


def _write_pack(db: Database, target: Path, work: Path, *, since: date, as_of: date, due_within: int,
                agency: str | None, score_since: date | None, bom: bool, delimiter: str,
                lang: str | None, progress: Progress | None) -> dict[str, int]:
    written: dict[str, int] = {}
    done = 0

    def step(n: int) -> None:
        _report(progress, done + n)

    try:
        kw: dict[str, Any] = dict(bom=bom, delimiter=delimiter, lang=lang)
        jobs: list[tuple[str, Callable[[Path], int]]] = [
            ("documents", lambda p: write_received_documents(db, p, since=since, until=as_of, progress=step, **kw)),
            ("overdue", lambda p: write_overdue_by_agency(db, p, as_of=as_of, agency=agency, progress=step, **kw)),
            ("due", lambda p: write_due_within(db, p, as_of=as_of, days=due_within, agency=agency, progress=step, **kw)),
            ("changes", lambda p: write_changes(db, p, since=since, until=as_of, progress=step, **kw)),
            ("scoreboard", lambda p: write_scoreboard(db, p, start=score_since, end=as_of, today=as_of, agency=agency, **kw)),
        ]
        for key, job in jobs:
            n = job(work / MEETING_FILES[key])
            written[MEETING_FILES[key]] = n
            done += n
        for name in written:
            try:
                os.replace(work / name, target / name)
            except OSError as exc:
                # (a file of the pack held open, by Excel on Windows: those moved before it
                # are in, the others are not; the message names the one at fault)
                raise output_error(exc, target / name) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return written
