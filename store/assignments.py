"""Assignments (nhiệm vụ): create, edit, mark done, notes, list with derived status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Date, Integer, and_, bindparam, case, cast, func, literal, null, or_, select, tuple_,
)
from sqlalchemy.orm import Session

from store import audit
from store.agencies import resolver_in
from store.dates import format_date
from store.db import Database
from store.errors import ConflictError, NotFound, ValidationError
from store.models import (
    Agency, Assignment, AssignmentAgency, Deadline, Document, Extension, Note, utcnow,
)
from store.records import (
    AssignmentDetail, AssignmentRow, DeadlineRow, ExtensionRow, NoteRow,
)
from store.search import assignment_search_text, count_index_hits, last_hits_page, search_matches
from store.followup import refresh_next_due_in
from store.text import clean, clean_or_none
from store.vocab import OPEN_WORK, AgencyRole, WorkStatus

FAR_FUTURE = date(9999, 12, 31)
DEFAULT_SOON_DAYS = 7
OPEN = OPEN_WORK
DEEP_OFFSET = 20_000
"""Past this offset a page is read from the nearer end of the list (see list_assignments)."""


def open_condition() -> Any:
    """`work_status IN ('not_started', 'in_progress')` with the values written into the SQL.

    Written out (not bound) because that is the predicate of the partial index
    `ix_assignment_open_due` (migration 0005): SQLite uses a partial index only when the
    query's WHERE clause implies the index's, and a bound parameter implies nothing.
    """
    return Assignment.work_status.in_(bindparam("open_states", list(OPEN), expanding=True, literal_execute=True))


@dataclass
class DeadlineInput:
    """A deadline as the clerk or the text gives it: a phrase, a date, or both."""

    phrase: str = ""
    due: date | None = None


@dataclass
class AssignmentInput:
    document_id: int
    title: str
    ref: str = ""
    body: str = ""
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadlines: list[DeadlineInput] = field(default_factory=list)
    follower: str | None = None
    work_status: str = WorkStatus.NOT_STARTED.value
    done_on: date | None = None


@dataclass(frozen=True)
class AssignmentQuery:
    """Filters for the assignment list (all optional)."""

    search: str | None = None
    agency: str | None = None
    role: str | None = None  # lead | support | None for either
    status: str | None = None  # a derived status key (store.deadlines.Status)
    overdue: bool = False
    due_within: int | None = None
    document_id: int | None = None
    today: date | None = None
    soon_days: int = DEFAULT_SOON_DAYS
    doc_type: str | None = None  # type of the assignment's document (CT, CV, KH...)


def today() -> date:
    from store import clock

    return clock.today()


# --- deadlines -----------------------------------------------------------------------------


def _deadline_from_input(
    session: Session, d: DeadlineInput, issued: date | None, event: date | None
) -> Deadline:
    """Store what the text says, with what dondoc understood of it."""
    from store import deadlines as dl
    from store.followup import calendar_in, policy_in

    phrase = clean(d.phrase or "").strip()
    if d.due is not None:
        return Deadline(phrase=phrase, kind="date", due=d.due, spec=None)
    if not phrase:
        raise ValidationError("err.required", field="deadlines")
    spec = dl.parse_deadline(phrase, issued=issued)
    if isinstance(spec, dl.NotUnderstood):
        return Deadline(phrase=phrase, kind="unparsed", due=None, spec=None)
    due = None
    if spec.kind in ("date", "period_end", "relative"):
        computed = dl.compute_due(spec, event, calendar_in(session), policy_in(session))
        if not isinstance(computed, dl.NotUnderstood):
            due = computed.due
    return Deadline(phrase=phrase, kind=spec.kind, due=due, spec=spec.to_dict())


# --- writing -------------------------------------------------------------------------------


def _set_agencies(session: Session, a: Assignment, lead: list[str], support: list[str]) -> list[str]:
    """The only writer of an assignment's agency rows (add, edit; intake, import, fixtures go
    through add_in): replaces them, and the lead agencies denormalised on the assignment."""
    resolver = resolver_in(session)
    session.query(AssignmentAgency).filter(AssignmentAgency.assignment_id == a.id).delete()
    names: list[str] = []
    leads: list[int] = []
    for role, items in ((AgencyRole.LEAD, lead), (AgencyRole.SUPPORT, support)):
        seen: set[int] = set()
        for pos, name in enumerate(x for x in (clean_or_none(n) for n in items) if x):
            agency_id = resolver.require(name, field=role.value)
            if agency_id in seen:
                continue
            seen.add(agency_id)
            session.add(
                AssignmentAgency(assignment_id=a.id, agency_id=agency_id, role=role.value, position=pos)
            )
            names.append(resolver.name_of(agency_id))
            if role is AgencyRole.LEAD:
                leads.append(agency_id)
    a.lead_agency_id, a.co_lead_agency_id, a.lead_count = lead_columns(leads)
    return names


def lead_columns(leads: list[int]) -> tuple[int | None, int | None, int]:
    """(lead_agency_id, co_lead_agency_id, lead_count) of the lead agencies in position order
    (the columns migration 0006 denormalises onto the assignment)."""
    return (leads[0] if leads else None, leads[1] if len(leads) > 1 else None, len(leads))


def _validate(data: AssignmentInput) -> None:
    if not clean_or_none(data.title):
        raise ValidationError("err.required", field="title")
    if not [n for n in data.lead if clean_or_none(n)]:
        raise ValidationError("err.lead_required", field="lead")
    if data.work_status not in {s.value for s in WorkStatus}:
        raise ValidationError(
            "err.invalid_status", field="work_status", value=data.work_status,
            choices=", ".join(s.value for s in WorkStatus),
        )


def check_done_on(done_on: date | None, doc: Document | None) -> None:
    """The one check of a completion date, wherever one is written (add, edit, mark done,
    CSV import, `dondoc set`): not after today, not before the document was issued.

    Before the assignment was created is allowed: a clerk back-fills work done long ago.
    A document without an issue date gives the earliest date it is known by instead: the
    day it was received, else the day it was registered in dondoc (a back-filled date
    before that needs the document's issue date first, said in the message): without one,
    01/01/2000 (a typo) was taken for work done a quarter of a century ago.

    Raises:
        ValidationError: `err.done_on_future`, `err.done_on_before_issued`,
            `err.done_on_before_received` or `err.done_on_before_registered`, naming the limit.
    """
    if done_on is None:
        return
    limit = today()
    if done_on > limit:
        raise ValidationError(
            "err.done_on_future", field="done_on", value=format_date(done_on), today=format_date(limit)
        )
    if doc is None:
        return
    if doc.issued is not None:
        floor, name = doc.issued, "issued"
    elif doc.incoming_date is not None:
        floor, name = doc.incoming_date, "received"
    else:
        # (a frozen today, `dondoc --today`, may be before the real day it was registered)
        floor, name = min(_local_day(doc.created_at), limit), "registered"
    if done_on < floor:
        raise ValidationError(f"err.done_on_before_{name}", field="done_on", value=format_date(done_on),
                              **{name: format_date(floor)})


def _local_day(at: datetime) -> date:
    """The local calendar day of a stored timestamp (UTC, naive on SQLite)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone().date()


def _add_deadlines(session: Session, a: Assignment, doc: Document, inputs: list[DeadlineInput]) -> None:
    event = doc.incoming_date or doc.issued  # relative deadlines count from receipt
    for d in inputs:
        row = _deadline_from_input(session, d, doc.issued, event)
        row.assignment_id = a.id or 0
        session.add(row)


def _settle(session: Session, a: Assignment, doc: Document, agency_names: list[str]) -> None:
    """After fields, agencies or deadlines changed: next deadline and search text."""
    if a.work_status == WorkStatus.DONE and a.done_on is None:
        a.done_on = today()
    session.flush()
    refresh_next_due_in(session, a)
    a.search_text = assignment_search_text(
        ref=a.ref, title=a.title, body=a.body, agencies=agency_names, document_number=doc.number
    )


def _full_snapshot(session: Session, a: Assignment) -> dict[str, Any]:
    """The audit view of an assignment: its columns, agencies and deadlines as written."""
    snap = audit.snapshot(a)
    snap["lead"], snap["support"] = _agency_names(session, [a.id or 0])[a.id or 0]
    snap["deadlines"] = [d.phrase or str(d.due) for d in _deadlines_of(session, a.id or 0)]
    return snap


def add_in(session: Session, data: AssignmentInput, *, position: int | None = None) -> int:
    _validate(data)
    doc = session.get(Document, data.document_id)
    if doc is None:
        raise NotFound("err.not_found", entity="document", id=data.document_id)
    check_done_on(data.done_on, doc)
    if position is None:
        position = int(
            session.scalar(
                select(func.coalesce(func.max(Assignment.position), -1)).where(
                    Assignment.document_id == doc.id
                )
            )
        ) + 1
    a = Assignment(
        document_id=doc.id or 0, position=position, ref=clean(data.ref).strip(),
        title=clean(data.title).strip(), body=clean(data.body).strip(),
        work_status=data.work_status, done_on=data.done_on, follower=clean_or_none(data.follower),
    )
    session.add(a)
    session.flush()
    names = _set_agencies(session, a, data.lead, data.support)
    _add_deadlines(session, a, doc, data.deadlines)
    _settle(session, a, doc, names)
    session.flush()
    audit.record(session, "create", "assignment", a.id, None, audit.snapshot(a))
    return a.id or 0


def add(db: Database, data: AssignmentInput) -> int:
    """Add an assignment with its agencies and deadlines in one transaction."""
    return db.write(lambda s: add_in(s, data))


def _load_for_update(session: Session, assignment_id: int, expected_version: int | None) -> Assignment:
    # FOR UPDATE (PostgreSQL; SQLite already holds the write lock): a concurrent change of
    # this assignment waits here, then reads the committed version.
    a = session.get(Assignment, assignment_id, with_for_update=True)
    if a is None:
        raise NotFound("err.not_found", entity="assignment", id=assignment_id)
    if expected_version is not None and a.version != expected_version:
        raise ConflictError(entity="assignment", id=assignment_id, current=_detail_in(session, a))
    return a


def update(db: Database, assignment_id: int, data: AssignmentInput, *, expected_version: int) -> None:
    """Save an edited assignment (fields, agencies, deadlines); refuses on a version conflict."""

    def work(session: Session) -> None:
        _validate(data)
        a = _load_for_update(session, assignment_id, expected_version)
        doc = session.get(Document, a.document_id)
        assert doc is not None
        if data.done_on != a.done_on:  # a date recorded before the check stays editable
            check_done_on(data.done_on, doc)
        before = _full_snapshot(session, a)
        a.ref, a.title, a.body = clean(data.ref).strip(), clean(data.title).strip(), clean(data.body).strip()
        a.follower = clean_or_none(data.follower)
        a.work_status, a.done_on = data.work_status, data.done_on
        names = _set_agencies(session, a, data.lead, data.support)
        old = {(d.phrase, d.due): d for d in _deadlines_of(session, a.id or 0)}
        wanted = [(clean(d.phrase or "").strip(), d.due) for d in data.deadlines]
        for key, d in old.items():
            if key not in wanted:
                session.delete(d)
        _add_deadlines(session, a, doc, [d for d, key in zip(data.deadlines, wanted) if key not in old])
        _settle(session, a, doc, names)
        a.version += 1
        a.updated_at = utcnow()
        session.flush()
        audit.record(session, "update", "assignment", a.id, before, _full_snapshot(session, a))

    db.write(work)


def set_status(
    db: Database,
    assignment_id: int,
    work_status: str,
    *,
    done_on: date | None = None,
    expected_version: int | None = None,
) -> None:
    """Change what the clerk records (done, in progress, paused...); done gets a date."""
    if work_status not in {s.value for s in WorkStatus}:
        raise ValidationError(
            "err.invalid_status", field="work_status", value=work_status,
            choices=", ".join(s.value for s in WorkStatus),
        )

    def work(session: Session) -> None:
        a = _load_for_update(session, assignment_id, expected_version)
        if work_status == WorkStatus.DONE:
            doc = session.get(Document, a.document_id)
            check_done_on(done_on, doc)
        before = audit.snapshot(a)
        a.work_status = work_status
        a.done_on = (done_on or today()) if work_status == WorkStatus.DONE else None
        refresh_next_due_in(session, a)
        a.version += 1
        a.updated_at = utcnow()
        session.flush()
        audit.record(session, "update", "assignment", a.id, before, audit.snapshot(a))

    db.write(work)


def add_note(db: Database, assignment_id: int, text: str, *, expected_version: int | None = None) -> int:
    """Record a progress note (author = the acting OS user); bumps the assignment's version.

    With `expected_version`, refuses (ConflictError carrying the current detail) when the
    assignment changed since the clerk read it.
    """
    body = clean_or_none(text)
    if not body:
        raise ValidationError("err.required", field="text")

    def work(session: Session) -> int:
        from store.db import actor_of

        a = _load_for_update(session, assignment_id, expected_version)
        note = Note(assignment_id=assignment_id, author=actor_of(session), text=body)
        session.add(note)
        if a.work_status == WorkStatus.NOT_STARTED:
            a.work_status = WorkStatus.IN_PROGRESS
            audit.record(
                session, "update", "assignment", assignment_id,
                {"work_status": WorkStatus.NOT_STARTED.value}, {"work_status": WorkStatus.IN_PROGRESS.value},
            )
        a.version += 1
        a.updated_at = utcnow()
        session.flush()
        audit.record(session, "note", "assignment", assignment_id, None, {"note_id": note.id, "text": body})
        return note.id or 0

    return db.write(work)


# --- reading -------------------------------------------------------------------------------


def _deadlines_of(session: Session, assignment_id: int) -> list[Deadline]:
    return list(
        session.scalars(select(Deadline).where(Deadline.assignment_id == assignment_id).order_by(Deadline.id))
    )


def _agency_names(session: Session, ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    out: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in ids}
    if not ids:
        return out
    stmt = (
        select(AssignmentAgency.assignment_id, AssignmentAgency.role, Agency.name)
        .join(Agency, Agency.id == AssignmentAgency.agency_id)
        .where(AssignmentAgency.assignment_id.in_(ids))
        .order_by(AssignmentAgency.assignment_id, AssignmentAgency.role, AssignmentAgency.position)
    )
    for aid, role, name in session.execute(stmt):
        out[aid][0 if role == AgencyRole.LEAD else 1].append(name)
    return out


def derive(work_status: str, next_due: date | None, done_on: date | None, on: date, soon_days: int) -> tuple[str, int]:
    """(status key, days overdue) through the one status definition in store.deadlines."""
    from store.deadlines import status_of

    status = status_of(work_status, next_due, done_on, on, soon_days)
    overdue = 0
    if next_due is not None:
        end = done_on if work_status == WorkStatus.DONE and done_on else on
        if work_status in (*OPEN, WorkStatus.DONE.value) and end > next_due:
            overdue = (end - next_due).days
    return str(status.value if hasattr(status, "value") else status), overdue


def _rows(session: Session, raw: list[Any], on: date, soon_days: int) -> list[AssignmentRow]:
    names = _agency_names(session, [r.id for r in raw])
    out = []
    for r in raw:
        status, overdue = derive(r.work_status, r.next_due, r.done_on, on, soon_days)
        lead, support = names[r.id]
        label = r.number or _doc_label(r.doc_type, r.issued)
        out.append(
            AssignmentRow(
                id=r.id, document_id=r.document_id, document_label=label, ref=r.ref, title=r.title,
                lead=tuple(lead), support=tuple(support), next_due=r.next_due,
                work_status=r.work_status, done_on=r.done_on, status=status, days_overdue=overdue,
            )
        )
    return out


def _doc_label(doc_type: str, issued: date | None) -> str:
    from store.vocab import DOC_TYPES

    name = DOC_TYPES.get(doc_type, (doc_type, ""))[0]
    return f"{name} {issued.strftime('%d/%m/%Y')}" if issued else name


_COLUMNS = (
    Assignment.id, Assignment.document_id, Assignment.ref, Assignment.title, Assignment.next_due,
    Assignment.due_key, Assignment.work_status, Assignment.done_on, Document.number,
    Document.doc_type, Document.issued,
)


def status_condition(status: str, on: date, soon_days: int) -> Any:
    """SQL for one derived status; mirrors store.deadlines.status_of (tests keep them equal)."""
    conditions = _status_conditions(on, soon_days)
    if status not in conditions:
        raise ValidationError(
            "err.invalid_status", field="status", value=status, choices=", ".join(conditions)
        )
    return conditions[status]


def _status_conditions(on: date, soon_days: int) -> dict[str, Any]:
    """Status key -> its SQL condition (the conditions exclude one another)."""
    soon = on + timedelta(days=soon_days)
    open_ = open_condition()
    due = Assignment.next_due
    # Ranges on `due_key` (= next_due, or 9999-12-31 when there is none): the same rows for
    # any date before 9999, and the key of the partial index over open work.
    key = Assignment.due_key
    return {
        "overdue": and_(open_, key < on),
        "due_soon": and_(open_, key >= on, key <= soon),
        "not_started": and_(
            Assignment.work_status == WorkStatus.NOT_STARTED.value, or_(due.is_(None), due > soon)
        ),
        "in_progress": and_(
            Assignment.work_status == WorkStatus.IN_PROGRESS.value, or_(due.is_(None), due > soon)
        ),
        "done_on_time": and_(
            Assignment.work_status == WorkStatus.DONE.value,
            or_(due.is_(None), Assignment.done_on.is_(None), Assignment.done_on <= due),
        ),
        "done_late": and_(Assignment.work_status == WorkStatus.DONE.value, Assignment.done_on > due),
        "paused": Assignment.work_status == WorkStatus.PAUSED.value,
        "cancelled": Assignment.work_status == WorkStatus.CANCELLED.value,
    }


def status_case(on: date, soon_days: int, label: Callable[[str], str] = str) -> Any:
    """SQL for each row's derived status: `status_condition`'s branches in one CASE, giving
    `label(status key)` (NULL for a work status `status_of` refuses). Lets an export derive
    `derive`'s status in the query instead of per row in Python."""
    return case(
        *[(cond, label(s)) for s, cond in _status_conditions(on, soon_days).items()], else_=null()
    )


def days_overdue_sqlite(on: date) -> Any:
    """SQL (SQLite: julianday) for `derive`'s days overdue: days from the deadline in force
    to the completion date (done) or `on` (open), when past it; NULL otherwise."""
    done = Assignment.work_status == WorkStatus.DONE.value
    end = case((and_(done, Assignment.done_on.is_not(None)), Assignment.done_on), else_=literal(on, Date))
    return case(
        (
            and_(
                Assignment.next_due.is_not(None),
                Assignment.work_status.in_([*OPEN, WorkStatus.DONE.value]),
                end > Assignment.next_due,
            ),
            cast(func.julianday(end) - func.julianday(Assignment.next_due), Integer),
        ),
        else_=null(),
    )


def _filtered(stmt: Any, session: Session, q: AssignmentQuery, on: date) -> tuple[Any, Any]:
    rank = None
    if q.search:
        hit = search_matches(Assignment, q.search, session.bind.dialect.name)  # type: ignore[union-attr]
        if hit is not None:
            sub, rank = hit
            stmt = stmt.join(sub, sub.c.id == Assignment.id)
    if q.document_id is not None:
        stmt = stmt.where(Assignment.document_id == q.document_id)
    if q.doc_type:
        stmt = stmt.where(
            Assignment.document_id.in_(select(Document.id).where(Document.doc_type == q.doc_type))
        )
    if q.agency:
        # An exact name, short name or alias picks one agency; otherwise any agency whose
        # folded names contain the text ("tu phap" -> every Sở Tư pháp).
        exact = resolver_in(session).resolve(q.agency)
        if exact is not None:
            agency_ids: Any = [exact]
        else:
            from store.text import fold

            agency_ids = select(Agency.id).where(Agency.search_text.contains(fold(q.agency)))
        sub_q = select(AssignmentAgency.assignment_id).where(AssignmentAgency.agency_id.in_(agency_ids))
        if q.role:
            sub_q = sub_q.where(AssignmentAgency.role == q.role)
        stmt = stmt.where(Assignment.id.in_(sub_q))
    if q.status:
        stmt = stmt.where(status_condition(q.status, on, q.soon_days))
    if q.overdue:
        stmt = stmt.where(status_condition("overdue", on, q.soon_days))
    if q.due_within is not None:
        stmt = stmt.where(
            open_condition(),
            Assignment.due_key >= on,
            Assignment.due_key <= on + timedelta(days=q.due_within),
        )
    return stmt, rank


def list_assignments(
    db: Database,
    query: AssignmentQuery = AssignmentQuery(),
    *,
    after: tuple[date, int] | None = None,
    limit: int = 100,
    offset: int = 0,
    last: bool = False,
    newest_first: bool | None = None,
) -> list[AssignmentRow]:
    """A page of assignments, soonest deadline first (keyset on (due_key, id) via `after`).

    Deep pages cost what the first one does: an `offset` is walked inside a subquery that
    reads only the (due_key, id) index, never the rows; past DEEP_OFFSET the page is read
    from whichever end of the list is nearer (the last page of 500k is as quick as the first).

    `last`: the last `limit` rows of the list instead (in list order, `after` and `offset`
    ignored), read from its end where the order allows it, so that nobody needs to count
    first where to start (`G` in a search with 300k hits).

    `newest_first`: for a search-only list, whether it has more than RANK_AT_MOST hits
    (its count with `at_most` >= RANK_AT_MOST went past it), when the caller knows; None
    counts here (see store.search.search_matches).
    """
    on = query.today or today()
    with db.read() as session:
        stmt = select(*_COLUMNS).join(Document, Document.id == Assignment.document_id)
        dialect = session.bind.dialect.name  # type: ignore[union-attr]
        if last:
            raw = _last_rows(session, query, on, stmt, limit, newest_first)
            if raw is not None:
                return _rows(session, raw, on, query.soon_days)
            after, offset = None, max(_count_in(session, query, on) - limit, 0)
        hit = search_matches(
            Assignment, query.search, dialect, top=(limit, offset), session=session, newest_first=newest_first,
        ) if (_search_only(query) and dialect == "sqlite" and after is None) else None
        if hit is not None:  # the page of hits straight from the search index (see search_matches)
            sub, rank = hit
            stmt = stmt.join(sub, sub.c.id == Assignment.id).order_by(rank, Assignment.due_key, Assignment.id)
            return _rows(session, list(session.execute(stmt)), on, query.soon_days)
        stmt, rank = _filtered(stmt, session, query, on)
        if rank is not None:
            stmt = stmt.order_by(rank, Assignment.due_key, Assignment.id).offset(offset).limit(limit)
        elif query.document_id:
            stmt = stmt.order_by(Assignment.position, Assignment.id).offset(offset).limit(limit)
        else:
            if after is not None:
                stmt = stmt.where(_after(after))
            if offset:
                return _rows(session, _page_at(session, query, on, after, offset, limit), on, query.soon_days)
            stmt = stmt.order_by(Assignment.due_key, Assignment.id).limit(limit)
        return _rows(session, list(session.execute(stmt)), on, query.soon_days)


def _after(after: tuple[date, int]) -> Any:
    """(due_key, id) > after, as a row value: SQLite seeks the index straight to it (the same
    condition spelt with OR makes it walk the index from the start: 30 ms half-way in 500k)."""
    return tuple_(Assignment.due_key, Assignment.id) > tuple_(after[0], after[1])


def _page_at(
    session: Session, query: AssignmentQuery, on: date, after: tuple[date, int] | None, offset: int, limit: int
) -> list[Any]:
    """Rows [offset, offset + limit) of the list in (due_key, id) order, by their ids first.

    The ids come from a subquery over the (due_key, id) index (covering: no row is read for
    the rows skipped); deep offsets are counted from the end when that end is nearer.
    """
    ids = select(Assignment.id)
    ids, _ = _filtered(ids, session, query, on)
    if after is not None:
        ids = ids.where(_after(after))
    backwards, start, size = False, offset, limit
    if offset > DEEP_OFFSET:
        total = int(session.scalar(select(func.count()).select_from(ids.subquery())) or 0)
        if offset > total // 2:
            backwards = True
            end = min(offset + limit, total)
            start, size = total - end, max(end - offset, 0)
    order = (Assignment.due_key.desc(), Assignment.id.desc()) if backwards else (Assignment.due_key, Assignment.id)
    page_ids = ids.order_by(*order).offset(start).limit(size).subquery()
    stmt = (
        select(*_COLUMNS)
        .join(Document, Document.id == Assignment.document_id)
        .where(Assignment.id.in_(select(page_ids.c.id)))
        .order_by(Assignment.due_key, Assignment.id)
    )
    return list(session.execute(stmt))


def _last_rows(
    session: Session, query: AssignmentQuery, on: date, stmt: Any, limit: int, newest_first: bool | None = None
) -> list[Any] | None:
    """The last `limit` rows of the list read from its end (list_assignments with `last`),
    or None where the order has no cheap end (ranked hits, a document's own order): the
    caller counts and takes the page at that offset."""
    if query.search:
        stmt = last_hits_page(
            session, Assignment, "assignment", query.search, stmt, limit, (Assignment.due_key, Assignment.id),
            search_only=_search_only(query), newest_first=newest_first,
        )
        return None if stmt is None else list(session.execute(stmt))
    if query.document_id is not None:
        return None
    # (due_key, id) order read backwards over the index, then turned round.
    ids, _ = _filtered(select(Assignment.id), session, query, on)
    page_ids = ids.order_by(Assignment.due_key.desc(), Assignment.id.desc()).limit(limit).subquery()
    stmt = stmt.where(Assignment.id.in_(select(page_ids.c.id))).order_by(Assignment.due_key, Assignment.id)
    return list(session.execute(stmt))


def _search_only(query: AssignmentQuery) -> bool:
    """A search and no other filter (what search-as-you-type asks)."""
    return bool(query.search) and not (
        query.agency or query.status or query.overdue or query.due_within is not None
        or query.document_id is not None or query.doc_type
    )


def count_assignments(
    db: Database, query: AssignmentQuery = AssignmentQuery(), *, at_most: int | None = None
) -> int:
    """How many assignments match `query`.

    With `at_most`, counting stops past it: the exact count when it is at most `at_most`,
    else `at_most + 1`, read "more than `at_most`" (a search as you type shows that at each
    keystroke; the exact count of 300k hits takes 0.1-0.2 s, see store.search.count_index_hits).
    """
    on = query.today or today()
    with db.read() as session:
        return _count_in(session, query, on, at_most=at_most)


def _count_in(session: Session, query: AssignmentQuery, on: date, *, at_most: int | None = None) -> int:
    dialect = session.bind.dialect.name  # type: ignore[union-attr]
    if query.search and _search_only(query) and dialect == "sqlite":
        # every hit is an assignment: count in the index alone
        counted = count_index_hits(session, "assignment", query.search, at_most=at_most)
        if counted is not None:
            return counted
    if at_most is not None:
        ids, _ = _filtered(select(Assignment.id), session, query, on)
        stmt = select(func.count()).select_from(ids.limit(at_most + 1).subquery())
    else:
        # count(*), not count(id): without a filter SQLite counts the entries of its smallest
        # index without reading them (4x faster over 500k rows than count(assignment.id)).
        stmt, _ = _filtered(select(func.count()).select_from(Assignment), session, query, on)
    return int(session.scalar(stmt) or 0)


def rows_for_document_in(
    session: Session, document_id: int, on: date | None = None
) -> tuple[AssignmentRow, ...]:
    stmt = (
        select(*_COLUMNS)
        .join(Document, Document.id == Assignment.document_id)
        .where(Assignment.document_id == document_id)
        .order_by(Assignment.position, Assignment.id)
    )
    return tuple(_rows(session, list(session.execute(stmt)), on or today(), DEFAULT_SOON_DAYS))


def _detail_in(session: Session, a: Assignment, on: date | None = None) -> AssignmentDetail:
    from store.followup import due_in_force_in

    on = on or today()
    stmt = select(*_COLUMNS).join(Document, Document.id == Assignment.document_id).where(Assignment.id == a.id)
    row = _rows(session, list(session.execute(stmt)), on, DEFAULT_SOON_DAYS)[0]
    deadlines = []
    for d in _deadlines_of(session, a.id or 0):
        exts = list(session.scalars(select(Extension).where(Extension.deadline_id == d.id).order_by(Extension.id)))
        deadlines.append(
            DeadlineRow(
                id=d.id or 0, phrase=d.phrase, kind=d.kind, due=d.due,
                due_in_force=due_in_force_in(session, d, a), spec=d.spec,
                extensions=tuple(
                    ExtensionRow(
                        id=e.id or 0, new_due=e.new_due, reason=e.reason, document_ref=e.document_ref,
                        created_by=e.created_by, created_at=e.created_at,
                    )
                    for e in exts
                ),
            )
        )
    notes = tuple(
        NoteRow(id=n.id or 0, assignment_id=n.assignment_id, author=n.author, created_at=n.created_at, text=n.text)
        for n in session.scalars(
            select(Note).where(Note.assignment_id == a.id).order_by(Note.created_at.desc(), Note.id.desc())
        )
    )
    return AssignmentDetail(
        row=row, body=a.body, follower=a.follower, deadlines=tuple(deadlines), notes=notes,
        history=audit.history_in(session, "assignment", a.id or 0), version=a.version,
    )


def get(db: Database, assignment_id: int, *, on: date | None = None) -> AssignmentDetail:
    """An assignment with its deadlines, notes (newest first) and history."""
    with db.read() as session:
        a = session.get(Assignment, assignment_id)
        if a is None:
            raise NotFound("err.not_found", entity="assignment", id=assignment_id)
        return _detail_in(session, a, on)
