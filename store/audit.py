"""The append-only audit trail, written in the same transaction as the change it records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import Database, actor_of
from store.models import AuditEvent
from store.records import AuditRow

# Columns that are bookkeeping, not content: left out of before/after snapshots.
_SKIP = {"search_text", "issuer_key", "number_key", "sort_date", "due_key", "full_text",
         "lead_agency_id", "co_lead_agency_id", "lead_count", "due_in_force", "acted_ahead", "open_due_key"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The content columns of an ORM object, JSON-safe."""
    out: dict[str, Any] = {}
    for column in obj.__table__.columns:
        if column.key in _SKIP:
            continue
        out[column.key] = _jsonable(getattr(obj, column.key))
    return out


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit event (only the fields that differ, for updates)."""
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        changed.discard("updated_at")
        changed.discard("version")
        if not changed:
            return
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    session.add(
        AuditEvent(
            actor=actor_of(session),
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
        )
    )


def to_row(ev: AuditEvent) -> AuditRow:
    return AuditRow(
        id=ev.id or 0, at=ev.at, actor=ev.actor, action=ev.action, entity=ev.entity,
        entity_id=ev.entity_id, before=ev.before, after=ev.after,
    )


def history_in(session: Session, entity: str, entity_id: int, limit: int = 200) -> tuple[AuditRow, ...]:
    stmt = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return tuple(to_row(ev) for ev in session.scalars(stmt))


def history(db: Database, entity: str, entity_id: int, limit: int = 200) -> tuple[AuditRow, ...]:
    """A record's history, newest first."""
    with db.read() as session:
        return history_in(session, entity, entity_id, limit)
