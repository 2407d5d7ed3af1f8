"""The agenda's deadlines in one index range (issue #8).

The agenda (store.agenda) read the deadlines of up to ten thousand open assignments one
assignment at a time, each with a look-up of its last extension, or of the periods acted on
of a rule, scattered over indexes of half a million entries. Now each deadline keeps, as
copies (written with the deadlines, the extensions, the reports acted on and the assignment's
status: store.followup.refresh_next_due_in, and store.followup.refresh_all in bulk):

* `due_in_force`: the date it is judged against: a one-off deadline's last extension, or its
  date as set; a rule's current occurrence (the earliest from the tracking start not acted
  on), NULL when the rule has ended;
* `acted_ahead`: a rule's periods acted on that are not before its current occurrence
  (reported ahead of time; NULL when there are none, the usual): with `due_in_force` all the
  agenda needs to know which occurrences are still due;
* `open_due_key`: its assignment's `due_key` while the assignment is open (not started, in
  progress), NULL otherwise.

`ix_deadline_open` (open_due_key, assignment_id, id, then what the agenda reads) covers the
deadlines of open work only, in the order of the agenda's assignments (their due_key, id):
the agenda reads each assignment's deadlines right after the previous one's, in the same few
pages, and never the tables. On PostgreSQL it carries the narrow columns only (see 0008).

The columns are filled here by store.followup.refresh_all (the current occurrence of a rule
is computed in Python), which also brings every assignment's next_due to the same reading.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OPEN_DEADLINES = (["open_due_key", "assignment_id", "id"], ["kind", "due_in_force"], ["phrase", "acted_ahead", "spec"])


def upgrade() -> None:
    from store.followup import refresh_all

    op.add_column("deadline", sa.Column("due_in_force", sa.Date(), nullable=True))
    op.add_column("deadline", sa.Column("acted_ahead", sa.String(), nullable=True))
    op.add_column("deadline", sa.Column("open_due_key", sa.Date(), nullable=True))
    refresh_all(op.get_bind(), reports=False)  # the report copies come with 0010
    key, carried, text = OPEN_DEADLINES
    where = sa.text("open_due_key IS NOT NULL")
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_deadline_open", "deadline", key, postgresql_include=carried, postgresql_where=where)
    else:
        op.create_index("ix_deadline_open", "deadline", [*key, *carried, *text], sqlite_where=where)


def downgrade() -> None:
    op.drop_index("ix_deadline_open", table_name="deadline")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as in 0006
    for column in ("open_due_key", "acted_ahead", "due_in_force"):
        op.drop_column("deadline", column)
