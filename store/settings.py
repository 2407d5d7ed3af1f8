"""Office-wide settings (the `setting` table): office name, policies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import Database
from store.models import Setting

OFFICE_NAME = "office_name"


def get(db: Database, key: str, default: Any = None) -> Any:
    """A setting's value, or `default` when it is not set."""
    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value is None else value


def set_in(session: Session, key: str, value: Any) -> None:
    from store.db import serialize_in

    serialize_in(session, "setting")
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    from store.followup import CALENDAR_SETTINGS, refresh_all

    if key in CALENDAR_SETTINGS:
        # the report policy and the calendar say when each report is due: the dates in force
        # kept on deadlines and assignments follow, in the same transaction
        session.flush()
        refresh_all(session.connection())
        session.expire_all()


def set(db: Database, key: str, value: Any) -> None:
    """Store a setting (JSON value)."""
    db.write(lambda s: set_in(s, key, value))
