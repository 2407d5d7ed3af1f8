"""Deadlines in force: office calendar and report policy, extensions (gia hạn), and the
occurrences of recurring reports that the office has acted on.

The rule for a recurring deadline: its current occurrence is the earliest one, from the day
the office started tracking the assignment, that has not been acted on (reported, waived,
noted). It stays the current one, overdue if its date has passed, until it is acted on; so
an assignment's `next_due` only changes on a write and never needs a daily recomputation.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import audit, deadlines as dl
from store.calendar import WorkCalendar
from store.db import Database, actor_of
from store.errors import NotFound, ValidationError
from store.models import Assignment, Deadline, Extension, Occurrence, Setting, utcnow

REPORT_POLICY = "report_policy"
EXTRA_DAYS_OFF = "extra_days_off"
EXTRA_WORKING_DAYS = "extra_working_days"
SOON_DAYS = "soon_days"
OCCURRENCE_STATES = ("reported", "waived", "noted")
FAR_FUTURE = date(9999, 12, 31)

_calendar_cache: dict[tuple[Any, Any], WorkCalendar] = {}


def _setting(session: Session, key: str) -> Any:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def policy_in(session: Session, override: dict[str, Any] | None = None) -> dl.ReportPolicy:
    """The office's report policy (setting), or an assignment's own override."""
    data = override or _setting(session, REPORT_POLICY)
    return dl.ReportPolicy.from_dict(data) if data else dl.ReportPolicy()


def calendar_in(session: Session) -> WorkCalendar:
    """Vietnam's public holidays plus the office's announced extra days off and working days."""
    off = tuple(sorted((_setting(session, EXTRA_DAYS_OFF) or {}).items())) if isinstance(
        _setting(session, EXTRA_DAYS_OFF), dict) else tuple(_setting(session, EXTRA_DAYS_OFF) or ())
    work = tuple(_setting(session, EXTRA_WORKING_DAYS) or ())
    key = (off, work)
    if key not in _calendar_cache:
        if off and isinstance(off[0], tuple):
            days_off: Any = {date.fromisoformat(d): name for d, name in off}
        else:
            days_off = [date.fromisoformat(d) for d in off]
        _calendar_cache[key] = WorkCalendar(days_off, [date.fromisoformat(d) for d in work])
    return _calendar_cache[key]


def tracking_start(a: Assignment) -> date:
    """Reports are owed from the day the office started following the assignment."""
    return a.created_at.date() if a.created_at else date.min


def current_occurrence(
    session: Session, d: Deadline, start: date, policy: dl.ReportPolicy, cal: WorkCalendar
) -> dl.Occurrence | None:
    """The earliest occurrence from `start` not yet acted on (None when the rule has ended)."""
    spec = dl.DeadlineSpec.from_dict(d.spec or {})
    acted = set(session.scalars(select(Occurrence.period).where(Occurrence.deadline_id == d.id)))
    window_start = start
    for _ in range(40):  # 40 windows of ~400 days: a rule with every report acted on for 40+ years
        window_end = window_start + timedelta(days=400)
        for occ in dl.occurrences(spec, window_start, window_end, policy, cal):
            if occ.period_key not in acted:
                return occ
        if spec.until and window_end >= spec.until:
            return None
        window_start = window_end + timedelta(days=1)
    return None


def due_in_force_in(session: Session, d: Deadline, a: Assignment) -> date | None:
    """The date a deadline is judged against now: the latest extension, or the current occurrence."""
    if d.kind == "recurring" and d.spec:
        occ = current_occurrence(session, d, tracking_start(a), policy_in(session), calendar_in(session))
        return occ.due if occ else None
    exts = session.scalars(select(Extension).where(Extension.deadline_id == d.id).order_by(Extension.id))
    return dl.due_in_force(d.due, list(exts))


def refresh_next_due_in(session: Session, a: Assignment) -> None:
    """Recompute the assignment's denormalised next deadline (after any deadline change)."""
    dues = [
        due for d in session.scalars(select(Deadline).where(Deadline.assignment_id == a.id))
        if (due := due_in_force_in(session, d, a)) is not None
    ]
    a.next_due = min(dues) if dues else None
    a.due_key = a.next_due or FAR_FUTURE


def _deadline_and_assignment(session: Session, deadline_id: int) -> tuple[Deadline, Assignment]:
    d = session.get(Deadline, deadline_id)
    if d is None:
        raise NotFound("err.not_found", entity="deadline", id=deadline_id)
    # The assignment's next_due and version change: lock it (PostgreSQL) before reading on.
    a = session.get(Assignment, d.assignment_id, with_for_update=True)
    assert a is not None
    return d, a


def extend(
    db: Database,
    deadline_id: int,
    new_due: date,
    reason: str,
    *,
    document_ref: str | None = None,
    document_id: int | None = None,
) -> int:
    """Extend (gia hạn) a one-off deadline: the original is kept, the new date is in force."""
    if not reason or not reason.strip():
        raise ValidationError("err.required", field="reason")

    def work(session: Session) -> int:
        d, a = _deadline_and_assignment(session, deadline_id)
        if d.kind == "recurring" or d.due is None:
            raise ValidationError("err.extend_recurring", field="due")
        before = {"due_in_force": str(due_in_force_in(session, d, a))}
        ext = Extension(
            deadline_id=deadline_id, new_due=new_due, reason=reason.strip(),
            document_ref=document_ref, document_id=document_id, created_by=actor_of(session),
        )
        session.add(ext)
        session.flush()
        refresh_next_due_in(session, a)
        a.version += 1
        a.updated_at = utcnow()
        audit.record(session, "extend", "assignment", a.id, before,
                     {"due_in_force": new_due.isoformat(), "reason": ext.reason, "document": document_ref})
        return ext.id or 0

    return db.write(work)


def act_on_occurrence(
    db: Database, deadline_id: int, period_key: str, status: str = "reported",
    *, note: str | None = None, acted_on: date | None = None,
) -> None:
    """Record that an occurrence of a recurring report was reported, waived or noted."""
    if status not in OCCURRENCE_STATES:
        raise ValidationError("err.invalid_status", field="status", value=status,
                              choices=", ".join(OCCURRENCE_STATES))

    def work(session: Session) -> None:
        from store import clock

        d, a = _deadline_and_assignment(session, deadline_id)
        spec = dl.DeadlineSpec.from_dict(d.spec or {})
        periods = [dl.Period.from_key(k) for k in period_key.split("+")]
        policy, cal = policy_in(session), calendar_in(session)
        due = min(cal.next_working_day(policy.nominal_due(p)) for p in periods)
        row = session.scalar(select(Occurrence).where(
            Occurrence.deadline_id == deadline_id, Occurrence.period == period_key))
        if row is None:
            row = Occurrence(deadline_id=deadline_id, period=period_key, due=due, status=status)
            session.add(row)
        row.status, row.note, row.acted_on = status, note, acted_on or clock.today()
        row.version += 0 if row.id is None else 1
        session.flush()
        refresh_next_due_in(session, a)
        a.version += 1
        a.updated_at = utcnow()
        audit.record(session, status, "assignment", a.id, None,
                     {"period": period_key, "due": due.isoformat(), "note": note, "phrase": spec.phrase})

    db.write(work)
