"""Reports over assignments: the per-agency scoreboard shown in meetings and in the TUI.

Statuses come from `store.assignments.status_condition`, the SQL twin of
`store.deadlines.status_of`: one definition of "overdue", "done on time", "done late".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, select

from store.assignments import DEFAULT_SOON_DAYS, open_condition, status_condition
from store.db import Database
from store.models import Agency, Assignment, AssignmentAgency
from store.text import fold, sort_key
from store.vocab import AgencyRole, WorkStatus


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One lead agency's results (an assignment with two lead agencies counts for both).

    Attributes:
        agency_id: the agency (0 for the all-agencies total row).
        agency: its name ("" for the total row).
        total: assignments in the period, cancelled ones left out.
        done_on_time: done on or before the deadline in force (or with no deadline).
        done_late: done after the deadline in force.
        overdue: not done and past the deadline in force on `today`.
        pending: the rest: not yet due, due soon, paused.
    """

    agency_id: int
    agency: str
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    pending: int

    @property
    def judged(self) -> int:
        """Assignments whose outcome is known: done (either way) or overdue."""
        return self.done_on_time + self.done_late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """done on time / (done on time + done late + overdue); None when nothing is judged."""
        return self.done_on_time / self.judged if self.judged else None


def _period(start: date | None, end: date | None, today: date) -> Any:
    """In the period: the deadline in force falls in it, the work was done in it, or it was
    already overdue when the period began and is still not done (a backlog that a meeting
    must still see; otherwise "this year" would hide what has been late since last year).
    A period that has not begun yet carries nothing.

    With no bounds at all every assignment counts, including those with no deadline.
    """
    if start is None and end is None:
        return None

    def within(column: Any) -> Any:
        parts = [column.is_not(None)]
        if start is not None:
            parts.append(column >= start)
        if end is not None:
            parts.append(column <= end)
        return and_(*parts)

    if start is None or start > today:
        return or_(within(Assignment.next_due), within(Assignment.done_on))
    carried = and_(open_condition(), Assignment.next_due < start)
    return or_(within(Assignment.next_due), within(Assignment.done_on), carried)


def _columns(today: date, soon_days: int) -> list[Any]:
    def count(status: str) -> Any:
        return func.coalesce(func.sum(case((status_condition(status, today, soon_days), 1), else_=0)), 0)

    # count(*): an agency leads an assignment at most once (assignment_agency's primary key)
    return [
        func.count().label("total"),
        count("done_on_time").label("done_on_time"),
        count("done_late").label("done_late"),
        count("overdue").label("overdue"),
    ]


def _row(agency_id: int, name: str, r: Any) -> ScoreRow:
    total, on_time, late, overdue = int(r.total), int(r.done_on_time), int(r.done_late), int(r.overdue)
    return ScoreRow(
        agency_id=agency_id, agency=name, total=total, done_on_time=on_time, done_late=late,
        overdue=overdue, pending=total - on_time - late - overdue,
    )


def scoreboard(
    db: Database,
    *,
    start: date | None,
    end: date | None,
    today: date,
    agency: str | None = None,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> list[ScoreRow]:
    """Per lead agency: total, done on time, done late, overdue, in Vietnamese name order.

    Args:
        start, end: the period (inclusive; None leaves that side open). An assignment is in
            it when its deadline in force or its completion date falls in it.
        today: the day statuses are judged on (overdue means past due on `today`).
        agency: keep only agencies whose name contains this (diacritics ignored).
    """
    period = _period(start, end, today)
    # One pass over the narrow covering index ix_assignment_score (migration 0005), each
    # assignment joined to its lead rows through assignment_agency's primary key. `+id`
    # keeps SQLite from driving the other way round (agency by agency, then every
    # assignment row by id: random reads of the wide rows, ~10x slower at 500k).
    by_id = literal_column("+assignment.id") if db.is_sqlite else Assignment.id
    stmt = (
        select(AssignmentAgency.agency_id, *_columns(today, soon_days))
        .select_from(Assignment)
        .join(
            AssignmentAgency,
            and_(
                AssignmentAgency.assignment_id == by_id,
                AssignmentAgency.role == AgencyRole.LEAD.value,
            ),
        )
        .where(Assignment.work_status != WorkStatus.CANCELLED.value)
        .group_by(AssignmentAgency.agency_id)
    )
    if period is not None:
        stmt = stmt.where(period)
    with db.read() as session:
        counts = list(session.execute(stmt))
        names = dict(session.execute(select(Agency.id, Agency.name).where(
            Agency.id.in_([r.agency_id for r in counts]))).all()) if counts else {}
        rows = [_row(r.agency_id, names.get(r.agency_id, ""), r) for r in counts]
    if agency:
        key = fold(agency)
        rows = [r for r in rows if key in fold(r.agency)]
    return sorted(rows, key=lambda r: sort_key(r.agency))


def scoreboard_total(
    db: Database,
    *,
    start: date | None,
    end: date | None,
    today: date,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> ScoreRow:
    """The same counts over all assignments, each counted once (co-led ones too)."""
    period = _period(start, end, today)
    stmt = select(*_columns(today, soon_days)).select_from(Assignment).where(
        Assignment.work_status != WorkStatus.CANCELLED.value
    )
    if period is not None:
        stmt = stmt.where(period)
    with db.read() as session:
        r = session.execute(stmt).one()
    return _row(0, "", r)
