"""The scoreboard's work acted on in a period: reports received, counted in index ranges.

Open work whose recurring report due in a period was received counts as done in that period
(late when one of those reports came after its due date), though recording the report moved
its deadline in force past the period (store.reports). Read from the reports themselves, that
is a look-up of each report's deadline and assignment: year to date on the national bench
database, 225,000 reports of 90,000 assignments, about a second, even with the reports
indexed by date. Now each assignment keeps, as copies (written with due_key:
store.followup.refresh_next_due_in, and refresh_report_copies in bulk), of its reports
received that are due before its deadline in force:

* `report_last`: the latest due date, and `report_prev`: the latest one before it;
* `late_last`: the latest due date of a report received late (after its due date), and
  `late_prev`: the latest such before `report_last`.

For a period that ends before the work's deadline in force they say whether a report due in it
was received, and whether one of those came late, unless two reports received are due after the
period's end (see store.reports._received); those few are read from their reports.

* `ix_assignment_lead_reported` (lead_agency_id, due_key, the copies, done_on, work_status)
  over open work with a report received: an agency's open work due after a period is one
  range of it, its copies read off the entries;
* `ix_assignment_co_lead_reported`: the same for the second lead agency, co-led work only;
* `ix_assignment_reported_twice` (report_prev, ...) over open work with two reports received:
  the work whose copies do not answer for a period ending before report_prev, one range;
* `ix_occurrence_reported` (deadline_id, due, acted_on) over the reports received: those of a
  deadline due in a period, one range (that work's reports, and the copies' computation).

On PostgreSQL the indexes carry (INCLUDE) what SQLite takes as further key columns.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COPIES = ("report_last", "report_prev", "late_last", "late_prev")
_OPEN = "work_status IN ('not_started', 'in_progress')"
_REPORTED = f"{_OPEN} AND report_last IS NOT NULL"
_CARRIED = ["report_last", "report_prev", "done_on", "late_last", "late_prev", "work_status"]

# name, table, key columns, carried columns, condition
INDEXES = (
    ("ix_assignment_lead_reported", "assignment", ["lead_agency_id", "due_key"], _CARRIED, _REPORTED),
    ("ix_assignment_co_lead_reported", "assignment", ["co_lead_agency_id", "due_key"], _CARRIED,
     f"{_REPORTED} AND co_lead_agency_id IS NOT NULL"),
    ("ix_assignment_reported_twice", "assignment", ["report_prev"],
     ["report_last", "due_key", "done_on", "work_status", "lead_agency_id", "co_lead_agency_id", "lead_count"],
     f"{_OPEN} AND report_prev IS NOT NULL"),
    ("ix_occurrence_reported", "occurrence", ["deadline_id", "due"], ["acted_on", "status"], "status = 'reported'"),
)


def upgrade() -> None:
    from store.followup import refresh_report_copies

    for column in COPIES:
        op.add_column("assignment", sa.Column(column, sa.Date(), nullable=True))
    refresh_report_copies(op.get_bind(), spans=False)  # those of 0011 come with it
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, table, key, carried, where in INDEXES:
        if postgres:
            op.create_index(name, table, key, postgresql_include=carried, postgresql_where=sa.text(where))
        else:
            op.create_index(name, table, [*key, *carried], sqlite_where=sa.text(where))


def downgrade() -> None:
    for name, table, *_ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as in 0006
    for column in reversed(COPIES):
        op.drop_column("assignment", column)
