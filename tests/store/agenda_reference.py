"""What the reference (slow, one row at a time) readings of the agenda in the tests share."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from store.assignments import OPEN
from store.models import Assignment


def open_assignments_in_window(session: Any, start: date, end: date, *, overdue: bool, limit: int) -> list[Assignment]:
    """The open assignments the agenda of start..end looks at, in its order: those due in the
    window, then (with `overdue`) those due before it, `limit` of each."""
    base = (select(Assignment).where(Assignment.work_status.in_(OPEN), Assignment.due_key <= end)
            .order_by(Assignment.due_key, Assignment.id))
    chosen = list(session.scalars(base.where(Assignment.due_key >= start).limit(limit)))
    if overdue:
        chosen += list(session.scalars(base.where(Assignment.due_key < start).limit(limit)))
    return chosen


def window_complete_before(session: Any, start: date, end: date, *, limit: int) -> date | None:
    """When more than `limit` open assignments are due in the window: the due date of the
    last one the agenda reads, before which its list is complete (store.agenda.Agenda
    .complete_before); items due on it or later are left out. None when all are read."""
    rows = list(session.scalars(
        select(Assignment.due_key).where(Assignment.work_status.in_(OPEN), Assignment.due_key <= end,
                                         Assignment.due_key >= start)
        .order_by(Assignment.due_key, Assignment.id).limit(limit + 1)))
    return rows[limit - 1] if len(rows) > limit else None
