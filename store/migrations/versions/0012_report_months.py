"""The scoreboard of a past quarter or month from the report copies alone (issue #8).

With the copies of 0010 and 0011, work whose two latest reports received are due after a
period's end, and whose gaps between reports are as long as the period (quarterly, six-monthly
or yearly reporting against a month or a quarter), was still read from its reports: a past
quarter on the national bench database, some 20,000 to 50,000 assignments and 0.2 to 0.7 s.
Now each assignment with two reports received also keeps, of the same reports
(store.followup.report_months), written with the others (store.followup.refresh_next_due_in,
refresh_report_copies in bulk):

* `report_month`: the month of report_prev, as year * 12 + month - 1;
* `report_bits`: the months of its reports received due in that month or the 62 before it,
  bit k for the month report_month - k (a positive 64-bit integer on either engine);
* `late_bits`: the same of those received late.

A period of whole months m1..m2 ending before report_prev and beginning no earlier than
report_month - 62 has a report received due in it when report_bits has a bit set among
report_month - m2 .. report_month - m1 (late_bits alike): no report is read. Only work whose
report_prev is more than about five years after the period's start is still read from its
reports, found in a range of ix_assignment_reported_twice (report_prev after that).

The indexes of 0010 and 0011 carry the new columns (SQLite: as further key columns;
PostgreSQL: INCLUDE).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MONTHS = (("report_month", sa.Integer()), ("report_bits", sa.BigInteger()), ("late_bits", sa.BigInteger()))
_NEW = [name for name, _ in MONTHS]
_OPEN = "work_status IN ('not_started', 'in_progress')"
_REPORTED = f"{_OPEN} AND report_last IS NOT NULL"
_SPANS = ["report_first", "report_gap", "late_first", "late_gap"]
_CARRIED = ["report_last", "report_prev", "done_on", "late_last", "late_prev", "work_status", *_SPANS]
_TWICE = ["report_last", "due_key", "done_on", "work_status", "lead_agency_id", "co_lead_agency_id", "lead_count",
          "late_prev", *_SPANS]

# name, key columns, carried columns at 0011, carried columns added here, condition
INDEXES = (
    ("ix_assignment_lead_reported", ["lead_agency_id", "due_key"], _CARRIED, _NEW, _REPORTED),
    ("ix_assignment_co_lead_reported", ["co_lead_agency_id", "due_key"], _CARRIED, _NEW,
     f"{_REPORTED} AND co_lead_agency_id IS NOT NULL"),
    ("ix_assignment_reported_twice", ["report_prev"], _TWICE, _NEW, f"{_OPEN} AND report_prev IS NOT NULL"),
)


def _indexes(*, months: bool) -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, key, carried, added, where in INDEXES:
        columns = [*carried, *(added if months else [])]
        if postgres:
            op.create_index(name, "assignment", key, postgresql_include=columns, postgresql_where=sa.text(where))
        else:
            op.create_index(name, "assignment", [*key, *columns], sqlite_where=sa.text(where))


def upgrade() -> None:
    from store.followup import refresh_report_copies

    for name, *_ in INDEXES:
        op.drop_index(name, table_name="assignment")
    for column, kind in MONTHS:
        op.add_column("assignment", sa.Column(column, kind, nullable=True))
    refresh_report_copies(op.get_bind())
    _indexes(months=True)


def downgrade() -> None:
    for name, *_ in INDEXES:
        op.drop_index(name, table_name="assignment")
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+), as in 0006 and 0011
    for column, _ in reversed(MONTHS):
        op.drop_column("assignment", column)
    _indexes(months=False)
