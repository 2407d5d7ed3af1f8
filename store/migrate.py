"""Schema migrations with Alembic, run on open.

A new database gets the whole schema; an older one is backed up, then upgraded; one made by
a newer dondoc (a revision this code does not know) is refused and left untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _one_migrator(db: Database) -> Iterator[None]:
    """PostgreSQL: one opener at a time looks at and upgrades the schema (a session-level
    advisory lock, waited for up to two minutes: an upgrade may take that long). SQLite
    needs nothing: each migration step runs under BEGIN IMMEDIATE.
    """
    if db.engine.dialect.name != "postgresql":
        yield
        return
    from sqlalchemy.exc import DatabaseError as SADatabaseError

    key = "SELECT %s(hashtext('dondoc:migrate'))"
    try:
        conn = db.engine.connect()
        conn.exec_driver_sql("SET LOCAL lock_timeout = '120s'")
        conn.exec_driver_sql(key % "pg_advisory_lock")
        conn.commit()  # the SET LOCAL ends here; the session-level lock stays
    except SADatabaseError as exc:  # no server, no such database, no access: say so
        raise db._translate(exc) from exc
    try:
        yield
    finally:
        try:
            conn.exec_driver_sql(key % "pg_advisory_unlock")
            conn.commit()
        finally:
            conn.close()


def ensure_schema(db: Database) -> Path | None:
    """Bring the database to the head schema; returns the backup made first, if any."""
    with _one_migrator(db):
        return _ensure_schema(db)


def _ensure_schema(db: Database) -> Path | None:
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
                "err.db_newer", path=db.where, revision=current
            ) from None
    backup = db.backup_before_migration(current) if current is not None else None
    upgrade(db)
    return backup
