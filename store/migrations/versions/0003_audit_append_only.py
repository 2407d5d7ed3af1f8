"""The audit trail becomes append-only: triggers refuse UPDATE and DELETE on audit_event.

The store never changes or removes an audit event; these triggers make sure nothing else
going through SQLite does either (a bug, a script, a clerk with the sqlite3 shell). They
raise ABORT, so the offending statement fails and changes nothing.

Note for later migrations: a batch ("move and copy") alteration of audit_event drops the
table and with it these triggers; such a migration must create them again.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TRIGGERS = {
    "audit_event_no_update": "UPDATE",
    "audit_event_no_delete": "DELETE",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, verb in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {verb} ON audit_event "
            f"BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: {verb} refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
