"""The scoreboard of a past period from the report copies too (issue #8).

Migration 0010's copies (the due dates of an assignment's latest two reports received, and of
its latest received late) cannot say whether a report due in a period was received when the
two latest are due after the period's end: a closed past period, mostly. Those assignments
were read from their reports: last year on the national bench database, 53,000 of them,
about 1.3 s. Now each assignment also keeps, of the same reports received (due before its
deadline in force; store.followup.report_span), written with the others
(store.followup.refresh_next_due_in, refresh_report_copies in bulk):

* `report_first`: the earliest due date, and `report_gap`: the largest gap in days between
  two consecutive distinct due dates (NULL with fewer than two);
* `late_first` and `late_gap`: the same of the reports received late.

For a period [start, end] before the two latest reports: none was received in it when the
earliest is after `end`; one was when the earliest is in it, or before it with no gap as long
as the period (end - start + 2 days) to straddle it; only otherwise (a period shorter than
the work's reporting cadence, or than a hole in its reports) are its reports read. The same
of the late ones. A period without a start: the earliest alone answers.

The indexes of 0010 over open work with reports received carry the new columns (SQLite: as
further key columns; PostgreSQL: INCLUDE), so the decided work is counted off them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SPANS = (("report_first", sa.Date()), ("report_gap", sa.Integer()), ("late_first", sa.Date()),
         ("late_gap", sa.Integer()))
_NEW = [name for name, _ in SPANS]
_OPEN = "work_status IN ('not_started', 'in_progress')"
_REPORTED = f"{_OPEN} AND report_last IS NOT NULL"
_CARRIED = ["report_last", "report_prev", "done_on", "late_last", "late_prev", "work_status"]
_TWICE = ["report_last", "due_key", "done_on", "work_status", "lead_agency_id", "co_lead_agency_id", "lead_count"]

# name, key columns, carried columns at 0010, carried columns added here, condition
INDEXES = (
    ("ix_assignment_lead_reported", ["lead_agency_id", "due_key"], _CARRIED, _NEW, _REPORTED),
    ("ix_assignment_co_lead_reported", ["co_lead_agency_id", "due_key"], _CARRIED, _NEW,
     f"{_REPORTED} AND co_lead_agency_id IS NOT NULL"),
    ("ix_assignment_reported_twice", ["report_prev"], _TWICE, ["late_prev", *_NEW],
     f"{_OPEN} AND report_prev IS NOT NULL"),
)


def _indexes(*, spans: bool) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, key, carried, added, where in INDEXES:
        columns = [*carried, *(added if spans else [])]
        if postgres:
            op.create_index(name, "assignment", key, postgresql_include=columns, postgresql_where=sa.text(where))
        else:
            op.create_index(name, "assignment", [*key, *columns], sqlite_where=sa.text(where))


def upgrade() -> None:
    from store.followup import refresh_report_copies

    for name, *_ in INDEXES:
        op.drop_index(name, table_name="assignment")
    for column, kind in SPANS:
        op.add_column("assignment", sa.Column(column, kind, nullable=True))
    refresh_report_copies(op.get_bind(), months=False)  # those of 0012 come after
    _indexes(spans=True)


def downgrade() -> None:
    for name, *_ in INDEXES:
        op.drop_index(name, table_name="assignment")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as in 0006
    for column, _ in reversed(SPANS):
        op.drop_column("assignment", column)
    _indexes(spans=False)
