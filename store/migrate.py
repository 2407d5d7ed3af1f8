"""Schema migrations with Alembic, run on open.

A new database gets the whole schema; an older one is backed up, then upgraded; one made by
a newer dondoc (a revision this code does not know) is refused and left untouched.

Opening a database that is already at head (nearly every open) does not import Alembic
(about 150 ms of imports, paid by every `dondoc` command and every start of the app): the
revisions are read from the migration files and the current one with one SELECT.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from store.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

    from store.db import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_REVISION_RE = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(?:None|[\"']([^\"']+)[\"'])", re.M)


@cache
def _revisions() -> tuple[frozenset[str], str | None]:
    """Every revision in the migration files, and the single head (None if not plain)."""
    known: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION_RE.search(text), _DOWN_RE.search(text)
        if rev is None or down is None:
            continue
        known.add(rev.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = known - parents
    return frozenset(known), (next(iter(heads)) if len(heads) == 1 else None)


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    cfg.attributes["engine"] = db._write_engine
    return cfg


def head_revision() -> str:
    head = _revisions()[1]
    if head is None:  # branches or an unusual file: ask Alembic
        from alembic.script import ScriptDirectory

        head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The revision recorded in the database (None for a database without a schema yet)."""
    from sqlalchemy import inspect, text

    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # several heads: Alembic's own reading says which
        from alembic.runtime.migration import MigrationContext

        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return rows[0] if rows else None


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(db), revision)


@contextmanager
def _one_migrator(db: Database) -> Iterator[None]:
    """One opener at a time looks at and upgrades the schema, waited for up to two minutes
    (an upgrade may take that long). PostgreSQL: a session-level advisory lock. A SQLite
    file: an flock on its directory (see _file_lock). Each step runs under BEGIN IMMEDIATE
    anyway, but Alembic reads the revision before it takes the lock: without this, a clerk
    opening the file while another is half-way through the upgrade would try a step already
    done.
    """
    if db.engine.dialect.name != "postgresql":
        with _file_lock(db.path):
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


@contextmanager
def _file_lock(path: Path | None, wait_s: float = 120.0) -> Iterator[None]:
    """An exclusive flock for the upgrade of a database file (none in memory or where flock
    is missing), taken on the file's directory, not on the file.

    Closing any descriptor of the database file drops every POSIX lock SQLite holds on it in
    this process ("How To Corrupt An SQLite Database File", 2.2): among them the shared lock
    a connection in WAL mode keeps on the file while it is open, which tells a closing
    connection in another process that it is not the last one. Without it that process
    checkpoints and deletes the WAL under this one's feet ("database disk image is
    malformed"), or another switches the file out of WAL mode. A directory's descriptor
    holds no such lock. (Every dondoc upgrade in one directory waits for the others: rare.)"""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Unix
        fcntl = None  # type: ignore[assignment]
    if path is None or fcntl is None or not path.exists():
        yield
        return
    import os
    import time

    fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DatabaseError("err.db_busy") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def ensure_schema(db: Database) -> Path | None:
    """Bring the database to the head schema; returns the backup made first, if any."""
    if db.engine.dialect.name != "postgresql" and _at_head(db):
        return None  # nearly every open: no lock needed
    with _one_migrator(db):
        return _ensure_schema(db)


def _at_head(db: Database) -> bool:
    from sqlalchemy.exc import DatabaseError as SADatabaseError

    try:
        return current_revision(db) == head_revision()
    except SADatabaseError:
        return False  # _ensure_schema says why


def _ensure_schema(db: Database) -> Path | None:
    from sqlalchemy.exc import DatabaseError as SADatabaseError

    try:
        current = current_revision(db)
    except SADatabaseError as exc:
        raise db._translate(exc) from exc
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in _revisions()[0]:
        raise DatabaseError("err.db_newer", path=db.where, revision=current)
    backup = db.backup_before_migration(current) if current is not None else None
    upgrade(db)
    return backup
