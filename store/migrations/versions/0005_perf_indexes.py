"""Indexes for national scale (issue #8): covering partial indexes for the hot lists.

* `ix_assignment_open_due` (due_key, id, work_status) over open assignments (not started, in
  progress): the agenda, the overdue and due-this-week counts and filters walk only open
  work, in deadline order; counts never touch the wide assignment rows (covering).
* `ix_assignment_score` (done_on, next_due, due_key, work_status): the scoreboard reads these
  columns (and the rowid every index holds) of every assignment; scanning this narrow index
  instead of the table (whose rows carry bodies and search text) is what makes it fast.
  (From an assignment to its lead agencies the primary key of assignment_agency is already
  a covering index.)
* `ix_assignment_work_status` goes: without statistics SQLite takes an equality on it for
  very selective and prefers it to the two indexes above (then sorts every open row for the
  agenda's first page); the score index serves the rare lists of one status.

Queries must spell the partial predicate as the index does (store.assignments.open_condition
writes the values into the SQL): SQLite uses a partial index only for a query whose WHERE
clause implies the index's own, and a bound parameter implies nothing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_OPEN = sa.text("work_status IN ('not_started', 'in_progress')")


def upgrade() -> None:
    op.drop_index("ix_assignment_work_status", table_name="assignment")
    op.create_index(
        "ix_assignment_open_due", "assignment", ["due_key", "id", "work_status"],
        sqlite_where=_OPEN, postgresql_where=_OPEN,
    )
    op.create_index("ix_assignment_score", "assignment", ["done_on", "next_due", "due_key", "work_status"])


def downgrade() -> None:
    op.drop_index("ix_assignment_score", table_name="assignment")
    op.drop_index("ix_assignment_open_due", table_name="assignment")
    op.create_index("ix_assignment_work_status", "assignment", ["work_status"])
