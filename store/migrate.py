"""Schema migrations with Alembic, run on open.

A new database gets the whole schema; an older one is backed up, then upgraded; one made by
a newer dondoc (a revision this code does not know) is refused and left untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from store.errors import DatabaseError

if TYPE_CHECKING:
    from store.db import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    cfg.attributes["engine"] = db._write_engine
    return cfg


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    command.upgrade(alembic_config(db), revision)


def ensure_schema(db: Database) -> Path | None:
    """Bring the database to the head schema; returns the backup made first, if any."""
    from sqlalchemy.exc import DatabaseError as SADatabaseError

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    try:
        current = current_revision(db)
    except SADatabaseError as exc:
        raise db._translate(exc) from exc
    head = script.get_current_head()
    if current == head:
        return None
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise DatabaseError(
                "err.db_newer", path=str(db.path or db.url), revision=current
            ) from None
    backup = db.backup_before_migration(current) if current is not None else None
    upgrade(db)
    return backup
