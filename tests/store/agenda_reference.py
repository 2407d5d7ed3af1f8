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
