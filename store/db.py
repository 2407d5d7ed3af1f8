"""The one module that owns the engine, sessions and transactions.

SQLite rules (see the foundation issue): WAL, foreign keys on, a busy timeout; pysqlite's own
transaction handling is switched off so that we emit BEGIN ourselves: reads run in deferred
transactions, every unit of work that writes runs in a short ``BEGIN IMMEDIATE`` transaction
(a deferred transaction that reads then writes fails with "database is locked" whatever the
timeout, and pysqlite's default would split a read-modify-write into two transactions).
"""

from __future__ import annotations

import os
import pwd
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from store.errors import DatabaseError, StoreError
from store.text import clean

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
_MIGRATIONS = Path(__file__).parent / "migrations"


def current_user() -> str:
    """The OS user of the process, from the real uid ($USER can be set by anyone)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid with no passwd entry (containers)
        return f"uid{os.getuid()}"


def to_url(db: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL from a path or URL given on the command line."""
    text = os.fspath(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().absolute()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other engines and memory databases."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///")
    return None if path in ("", ":memory:") else Path(path)


def _create_db_file(path: Path) -> None:
    """Create an empty database file group read/write (0660), whatever the umask."""
    if not path.parent.is_dir():
        raise DatabaseError("err.db_missing_dir", path=str(path.parent))
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o660)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o660)


def _is_busy(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "busy" in text


def _clean_strings(session: Session, _ctx: Any, _instances: Any) -> None:
    """Every write goes through here: NFC and no control characters in every string."""
    for obj in list(session.new) + list(session.dirty):
        mapper = inspect(obj).mapper
        for attr in mapper.column_attrs:
            value = getattr(obj, attr.key, None)
            if isinstance(value, str):
                cleaned = clean(value)
                if cleaned != value:
                    setattr(obj, attr.key, cleaned)
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                cleaned_list = [clean(v) for v in value]
                if cleaned_list != value:
                    setattr(obj, attr.key, cleaned_list)


class Database:
    """An open dondoc database: engine, sessions, transactions, the acting user.

    Args:
        db: a path or SQLAlchemy URL.
        actor: who writes (audit); defaults to the OS user.
        migrate: create or upgrade the schema on open (after a backup for upgrades).
    """

    def __init__(
        self,
        db: str | os.PathLike[str],
        *,
        actor: str | None = None,
        migrate: bool = True,
        create: bool = True,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        self.url = to_url(db)
        self.path = sqlite_path(self.url)
        self.actor = actor or current_user()
        self.is_sqlite = self.url.startswith("sqlite")
        self.busy_timeout_ms = busy_timeout_ms
        if self.path is not None:
            if not self.path.exists():
                if not create:
                    raise DatabaseError("err.db_unreadable", path=str(self.path), reason="không tồn tại / missing")
                _create_db_file(self.path)
            elif not os.access(self.path, os.R_OK):
                raise DatabaseError("err.db_unreadable", path=str(self.path), reason="không có quyền đọc / permission denied")
        self.engine = self._make_engine()
        self._write_engine = self.engine.execution_options(dondoc_begin="IMMEDIATE")
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        event.listen(self._write_sessions, "before_flush", _clean_strings)
        self.backup_path: Path | None = None
        if migrate:
            from store.migrate import ensure_schema

            self.backup_path = ensure_schema(self)

    def _make_engine(self) -> Engine:
        if not self.is_sqlite:
            return create_engine(self.url, pool_pre_ping=True)
        engine = create_engine(
            self.url,
            connect_args={"timeout": self.busy_timeout_ms / 1000, "check_same_thread": False},
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see module doc)
            cur = dbapi_conn.cursor()
            try:
                cur.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
                cur.execute("PRAGMA foreign_keys=ON")
                mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()
                if mode and mode[0] == "wal":
                    cur.execute("PRAGMA synchronous=NORMAL")
            finally:
                cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            mode = conn.get_execution_options().get("dondoc_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    # --- transactions ---------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work in one deferred transaction (a consistent snapshot)."""
        session = self._read_sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as exc:
            raise self._translate(exc) from exc
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        finally:
            session.close()

    def write(self, work: Callable[[Session], T], *, attempts: int = 8) -> T:
        """Run `work` in one short write transaction (BEGIN IMMEDIATE on SQLite).

        `work` may be called more than once: when the database stays busy past the busy
        timeout the whole unit is retried with jittered backoff, then a DatabaseError
        ("err.db_busy") is raised. Any exception rolls everything back.
        """
        delay = 0.05
        for attempt in range(attempts):
            session = self._write_sessions()
            session.info["actor"] = self.actor
            try:
                with session.begin():
                    session.connection()  # BEGIN IMMEDIATE now, before `work` reads anything
                    result = work(session)
                return result
            except StoreError:
                raise
            except OperationalError as exc:
                if not _is_busy(exc) or attempt == attempts - 1:
                    raise self._translate(exc) from exc
            finally:
                session.close()
            time.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 1.0)
        raise DatabaseError("err.db_busy")  # pragma: no cover - loop always returns or raises

    def _translate(self, exc: DBAPIError) -> StoreError:
        if _is_busy(exc):
            return DatabaseError("err.db_busy")
        text = str(exc.orig)
        if "file is not a database" in text or "malformed" in text:
            return DatabaseError("err.db_not_database", path=str(self.path or self.url))
        return DatabaseError("err.db_unreadable", path=str(self.path or self.url), reason=text)

    # --- housekeeping ------------------------------------------------------------------------

    def backup_to(self, dest: Path) -> Path:
        """A consistent copy of a SQLite database in one step (VACUUM INTO), then renamed."""
        dest = Path(dest)
        tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        # On the raw DBAPI connection: VACUUM cannot run inside the BEGIN that SQLAlchemy's
        # connection would emit, and VACUUM INTO copies a consistent snapshot in one step.
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("VACUUM INTO ?", (str(tmp),))
            cur.close()
        finally:
            raw.close()
        check = sqlite3.connect(tmp)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            check.close()
        if not ok:
            tmp.unlink(missing_ok=True)
            raise DatabaseError("err.db_not_database", path=str(tmp))
        os.chmod(tmp, 0o660)
        os.replace(tmp, dest)
        return dest

    def backup_before_migration(self, revision: str | None) -> Path | None:
        if self.path is None:
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = self.path.with_name(f"{self.path.name}.bak-{revision or 'base'}-{stamp}")
        return self.backup_to(dest)

    def dispose(self) -> None:
        self.engine.dispose()


def actor_of(session: Session) -> str:
    """Who is writing in this session (set by `Database.write`)."""
    return str(session.info.get("actor") or current_user())
