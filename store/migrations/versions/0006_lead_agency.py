"""The lead agency on the assignment, and the scoreboard's indexes (issue #8).

The per-agency scoreboard grouped every (assignment, lead agency) pair of assignment_agency
(about 560,000 at national scale) and looked each assignment up: two seconds. Now the lead
agencies are also kept on the assignment itself, denormalised:

* `lead_agency_id`: the first lead agency (lowest position), NULL when there is none;
* `co_lead_agency_id`: the second one, NULL when there is no second;
* `lead_count`: how many lead agencies there are (a third and more are rare: they are
  read through assignment_agency, found by `ix_assignment_many_leads`).

They are written with the agency rows (store.assignments._set_agencies, `dondoc gen`) and
filled here from assignment_agency. store.reports counts each agency's assignments in index
ranges of:

* `ix_assignment_lead` (lead_agency_id, work_status, due_key, done_on, next_due): by status,
  then by the deadline in force (the period's "falls due in it" and the carried backlog);
* `ix_assignment_lead_done`, the same ordered by completion date (the period's "done in it"),
  over rows with a completion date only;
* `ix_assignment_lead_late`, over work done late only (done_on > next_due);
* `ix_assignment_co_lead` and `ix_assignment_co_lead_done`: the first two for the second lead
  agency, over co-led work only.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_LATE = sa.text("work_status = 'done' AND done_on > next_due")
_SCORE = ["work_status", "due_key", "done_on", "next_due"]

_LEADS = "FROM assignment_agency x WHERE x.assignment_id = assignment.id AND x.role = 'lead'"
_BACKFILL = f"""
UPDATE assignment SET
    lead_agency_id = (SELECT x.agency_id {_LEADS} ORDER BY x.position, x.agency_id LIMIT 1),
    co_lead_agency_id = (SELECT x.agency_id {_LEADS} ORDER BY x.position, x.agency_id LIMIT 1 OFFSET 1),
    lead_count = (SELECT count(*) {_LEADS})
WHERE EXISTS (SELECT 1 {_LEADS})
"""


def upgrade() -> None:
    op.add_column("assignment", sa.Column("lead_agency_id", sa.Integer(), nullable=True))
    op.add_column("assignment", sa.Column("co_lead_agency_id", sa.Integer(), nullable=True))
    op.add_column("assignment", sa.Column("lead_count", sa.Integer(), nullable=False, server_default="0"))
    op.execute(_BACKFILL)
    op.create_index("ix_assignment_lead", "assignment", ["lead_agency_id", *_SCORE])
    op.create_index(
        "ix_assignment_lead_done", "assignment",
        ["lead_agency_id", "work_status", "done_on", "next_due", "due_key"],
        sqlite_where=sa.text("done_on IS NOT NULL"), postgresql_where=sa.text("done_on IS NOT NULL"),
    )
    op.create_index(
        "ix_assignment_lead_late", "assignment", ["lead_agency_id", *_SCORE],
        sqlite_where=_LATE, postgresql_where=_LATE,
    )
    op.create_index(
        "ix_assignment_co_lead", "assignment", ["co_lead_agency_id", *_SCORE],
        sqlite_where=sa.text("co_lead_agency_id IS NOT NULL"),
        postgresql_where=sa.text("co_lead_agency_id IS NOT NULL"),
    )
    op.create_index(
        "ix_assignment_co_lead_done", "assignment",
        ["co_lead_agency_id", "work_status", "done_on", "next_due", "due_key"],
        sqlite_where=sa.text("co_lead_agency_id IS NOT NULL AND done_on IS NOT NULL"),
        postgresql_where=sa.text("co_lead_agency_id IS NOT NULL AND done_on IS NOT NULL"),
    )
    op.create_index(
        "ix_assignment_many_leads", "assignment", ["id"],
        sqlite_where=sa.text("lead_count > 2"), postgresql_where=sa.text("lead_count > 2"),
    )


def downgrade() -> None:
    for name in ("ix_assignment_many_leads", "ix_assignment_co_lead_done", "ix_assignment_co_lead",
                 "ix_assignment_lead_late", "ix_assignment_lead_done", "ix_assignment_lead"):
        op.drop_index(name, table_name="assignment")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy of the table would drop
    # its FTS triggers
    for column in ("lead_count", "co_lead_agency_id", "lead_agency_id"):
        op.drop_column("assignment", column)
