"""Covering indexes for the agenda (issue #8).

The agenda (store.agenda) reads up to ten thousand open assignments in deadline order, and
for each its deadlines and its document's label. Read through the tables, each assignment
and each deadline was a look-up of a row (assignment rows carry bodies and search text)
somewhere in a file of a gigabyte and more. Now they are read off indexes that hold
everything the agenda needs of them:

* `ix_assignment_agenda` (due_key, id, then what the agenda shows of the assignment) over
  open work only (not started, in progress): the window and the overdue backlog are each one
  range of it, in order, and never touch the table;
* `ix_deadline_agenda` (assignment_id, id, kind, due, phrase, spec): an assignment's
  deadlines in one index range, replacing `ix_deadline_assignment_id`, whose every use
  (an assignment's deadlines, the cascade of a delete) it serves as well;

And one for the per-agency scoreboard (store.reports):

* `ix_assignment_lead_open` (lead_agency_id, work_status, due_key, done_on) over open work
  only: an agency's open work, overdue and not yet, is counted in two ranges of it (a third
  less time than in ix_assignment_lead, whose entries of every status are twice as many
  and wider; SQLite takes the narrower of two indexes that answer alike).

Queries must spell the partial predicate as the index does (store.assignments.open_condition).
On PostgreSQL the same indexes carry only the narrow columns (see _create).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_OPEN = sa.text("work_status IN ('not_started', 'in_progress')")

# (key columns, then the columns only carried) of each index. SQLite takes them all as key
# columns. PostgreSQL carries them (INCLUDE) but not free text of any length (a title, a
# phrase, a document number; nor the JSON rule, which has no b-tree order): an index entry
# must fit in a third of a page there, and its planner reads the rest from the table.
AGENDA = (["due_key", "id"], ["work_status", "document_id", "lead_agency_id", "co_lead_agency_id", "lead_count",
                              "created_at"], ["ref", "title"])
DEADLINE = (["assignment_id", "id"], ["kind", "due"], ["phrase", "spec"])
LEAD_OPEN = ["lead_agency_id", "work_status", "due_key", "done_on"]


def _create(name: str, table: str, columns: tuple[list[str], list[str], list[str]], **kw: object) -> None:
    key, carried, text = columns
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(name, table, key, postgresql_include=carried, **kw)
    else:
        op.create_index(name, table, [*key, *carried, *text], **kw)


def upgrade() -> None:
    _create("ix_assignment_agenda", "assignment", AGENDA, sqlite_where=_OPEN, postgresql_where=_OPEN)
    _create("ix_deadline_agenda", "deadline", DEADLINE)
    op.drop_index("ix_deadline_assignment_id", table_name="deadline")
    op.create_index("ix_assignment_lead_open", "assignment", LEAD_OPEN, sqlite_where=_OPEN, postgresql_where=_OPEN)


def downgrade() -> None:
    op.drop_index("ix_assignment_lead_open", table_name="assignment")
    op.create_index("ix_deadline_assignment_id", "deadline", ["assignment_id"])
    op.drop_index("ix_deadline_agenda", table_name="deadline")
    op.drop_index("ix_assignment_agenda", table_name="assignment")
