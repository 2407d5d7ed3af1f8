"""Reports over assignments: the per-agency scoreboard shown in meetings and in the TUI.

Statuses are those of `store.assignments.status_condition`, the SQL twin of
`store.deadlines.status_of` (one definition of "overdue", "done on time", "done late"),
spelt with literal status values so that the partial indexes of migration 0006 apply;
tests/store/test_scoreboard.py checks the counts against a plain GROUP BY over
assignment_agency with status_condition.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from typing import Any

from sqlalchemy import and_, case, func, literal_column, not_, or_, select

from store.assignments import DEFAULT_SOON_DAYS, FAR_FUTURE, open_condition
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


# --- counting in index ranges ------------------------------------------------------------------
#
# An agency's row is made of five counts of its non-cancelled assignments: done, done late,
# open (not started / in progress) and not overdue, open and overdue, paused; total = done +
# both open + paused, on time = done - late. Each count is a correlated COUNT(*) per agency
# over index ranges of
# migration 0006 (no CASE per row, no GROUP BY: SQLite visits only the entries it counts):
# the period is split into disjoint pieces that are each one range of an index.

FAR = FAR_FUTURE - timedelta(days=1)
"""The last real deadline: due_key is next_due, or FAR_FUTURE when there is none."""


def _is(status: str) -> Any:
    """work_status = 'value' with the value written into the SQL: a partial index's predicate
    (ix_assignment_lead_late) is implied only by literal values."""
    return Assignment.work_status == literal_column(f"'{WorkStatus(status).value}'")


def _late() -> Any:
    """status_condition("done_late"), with the literal value."""
    return and_(_is(WorkStatus.DONE), Assignment.done_on > Assignment.next_due)


def _due_between(start: date | None, end: date | None, due: Any = Assignment.due_key) -> Any:
    """The deadline in force falls in [start, end] (either may be open; there is one): a
    range of due_key, which is next_due below FAR_FUTURE."""
    parts = [due <= min(end, FAR) if end else due <= FAR]
    if start is not None:
        parts.append(due >= start)
    return and_(*parts)


_UNRANGED_DUE = func.coalesce(Assignment.due_key, Assignment.due_key)
"""due_key in a form no index range is made of: for a piece that must be counted by its
completion date (a few rows of ix_assignment_lead_done), not by walking every open
assignment due after a date in ix_assignment_lead_open."""


def _done_between(start: date | None, end: date | None) -> Any:
    parts = [Assignment.done_on.is_not(None)]
    if start is not None:
        parts.append(Assignment.done_on >= start)
    if end is not None:
        parts.append(Assignment.done_on <= end)
    return and_(*parts)


def _counts(start: date | None, end: date | None, today: date) -> list[list[Any]]:
    """The five counts, each as the disjoint conditions whose counts add up to it: done, done
    late, open and not overdue, open and overdue, paused (open = the third + the fourth:
    each open assignment is visited once, in one range of due_key or the other, of
    ix_assignment_lead_open for the first lead agencies).

    With a period (see _period): done work is in it when due in it (a range of due_key) or
    else done in it (a range of done_on); open work when due up to its end, or before its
    start (the carried backlog, in a period that has begun), or else done in it; paused work
    and work done late are few and filtered by the whole condition.
    """
    overdue = Assignment.due_key < today  # with open_condition(): status_condition("overdue")
    later = Assignment.due_key >= today
    period = _period(start, end, today)
    if period is None:
        return [[_is(WorkStatus.DONE)], [_late()], [and_(open_condition(), later)],
                [and_(open_condition(), overdue)], [_is(WorkStatus.PAUSED)]]
    due_in, done_in = _due_between(start, end), _done_between(start, end)
    if start is not None and start <= today:  # due up to the end, or before the start
        cut = max(min(end, FAR) if end else FAR, start - timedelta(days=1))
        open_due, unranged = Assignment.due_key <= cut, _UNRANGED_DUE <= cut
    else:
        open_due, unranged = due_in, _due_between(start, end, _UNRANGED_DUE)
    open_pieces = [open_due, and_(done_in, not_(open_due))]
    return [
        [and_(_is(WorkStatus.DONE), due_in), and_(_is(WorkStatus.DONE), done_in, not_(due_in))],
        [and_(_late(), period)],
        # open, due in the period or carried (a range of due_key), or else done in it (odd
        # rows, by their completion date: see _UNRANGED_DUE)
        [and_(open_condition(), later, open_due),
         and_(open_condition(), done_in, _UNRANGED_DUE >= today, not_(unranged))],
        [and_(open_condition(), overdue, p) for p in open_pieces],
        [and_(_is(WorkStatus.PAUSED), period)],
    ]


def _count_columns(where: Any, start: date | None, end: date | None, today: date) -> list[Any]:
    """The five counts as scalar subqueries over assignments matching `where`."""
    return [
        reduce(operator.add, [
            select(func.count()).select_from(Assignment).where(where, piece).scalar_subquery()
            for piece in pieces
        ])
        for pieces in _counts(start, end, today)
    ]


def _counts_stmt(slot: Any, agency_ids: list[int] | None, start: date | None, end: date | None,
                 today: date) -> Any:
    """Agency id, name and the five counts of the assignments whose `slot` column (the first
    or second lead agency) is that agency."""
    stmt = select(Agency.id, Agency.name, *_count_columns(slot == Agency.id, start, end, today))
    if agency_ids is not None:
        stmt = stmt.where(Agency.id.in_(agency_ids))
    return stmt


def _unled_stmt(start: date | None, end: date | None, today: date) -> Any:
    """The five counts over assignments without a lead agency (for the total row)."""
    return select(*_count_columns(Assignment.lead_agency_id.is_(None), start, end, today))


def _more_leads_stmt(start: date | None, end: date | None, today: date) -> Any:
    """(agency, then the five conditions as 0/1) for each third or further lead agency: rare,
    so those assignments are found by ix_assignment_many_leads and read row by row (added up
    in Python: a GROUP BY agency would make SQLite walk assignment_agency by agency)."""
    measures = [_is(WorkStatus.DONE), _late(), and_(open_condition(), Assignment.due_key >= today),
                and_(open_condition(), Assignment.due_key < today), _is(WorkStatus.PAUSED)]
    stmt = (
        select(AssignmentAgency.agency_id, *[case((m, 1), else_=0) for m in measures])
        .select_from(Assignment)
        .join(AssignmentAgency, and_(
            # unary +: SQLite may not start from assignment_agency (all of it) and look back
            AssignmentAgency.assignment_id == literal_column("+assignment.id"),
            AssignmentAgency.role == AgencyRole.LEAD.value,
            AssignmentAgency.agency_id != Assignment.lead_agency_id,
            AssignmentAgency.agency_id != Assignment.co_lead_agency_id,
        ))
        .where(Assignment.lead_count > literal_column("2"))
    )
    period = _period(start, end, today)
    return stmt if period is None else stmt.where(period)


def _row(agency_id: int, name: str, counts: Any) -> ScoreRow:
    done, late, later, overdue, paused = (int(c or 0) for c in counts)
    total = done + later + overdue + paused
    return ScoreRow(
        agency_id=agency_id, agency=name, total=total, done_on_time=done - late, done_late=late,
        overdue=overdue, pending=total - done - overdue,
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
            it when its deadline in force or its completion date falls in it, or (a period
            that has begun) when it was already overdue at its start and is still not done.
        today: the day statuses are judged on (overdue means past due on `today`).
        agency: keep only agencies whose name contains this (diacritics ignored).
        soon_days: not used by these counts ("due soon" is pending); kept for callers.
    """
    with db.read() as session:
        agency_ids = None
        if agency:
            key = fold(agency)
            agency_ids = [i for i, name in session.execute(select(Agency.id, Agency.name)) if key in fold(name)]
        counts: dict[int, list[int]] = {}
        names: dict[int, str] = {}

        def add(agency_id: int, values: list[Any]) -> None:
            got = counts.setdefault(agency_id, [0] * 5)
            for i, v in enumerate(values):
                got[i] += int(v or 0)

        # the first lead agencies, the second ones, then the rare third and further
        for slot in (Assignment.lead_agency_id, Assignment.co_lead_agency_id):
            for agency_id, name, *values in session.execute(_counts_stmt(slot, agency_ids, start, end, today)):
                names[agency_id] = name
                add(agency_id, values)
        for agency_id, *values in session.execute(_more_leads_stmt(start, end, today)):
            if agency_id in names:
                add(agency_id, values)
        rows = [_row(i, names[i], c) for i, c in counts.items()]
    return sorted((r for r in rows if r.total), key=lambda r: _name_key(r.agency))


_NAME_KEYS: dict[str, Any] = {}
"""store.text.sort_key of agency names, kept: a thousand names sorted at every scoreboard
cost more than counting (each letter decomposed), and the names hardly ever change."""


def _name_key(name: str) -> Any:
    key = _NAME_KEYS.get(name)
    if key is None:
        if len(_NAME_KEYS) > 20_000:
            _NAME_KEYS.clear()
        key = _NAME_KEYS[name] = sort_key(name)
    return key


def scoreboard_total(
    db: Database,
    *,
    start: date | None,
    end: date | None,
    today: date,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> ScoreRow:
    """The same counts over all assignments, each counted once (co-led ones too): the first
    lead agencies' counts added up, and those of assignments without a lead agency."""
    counts = select(*[func.sum(c) for c in _counts_stmt(
        Assignment.lead_agency_id, None, start, end, today).subquery().c][2:])
    with db.read() as session:
        led = session.execute(counts).one()
        unled = session.execute(_unled_stmt(start, end, today)).one()
    return _row(0, "", [int(a or 0) + int(b or 0) for a, b in zip(led, unled, strict=True)])
