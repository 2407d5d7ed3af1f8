"""The one module that owns the engine, sessions and transactions.

SQLite rules (see the foundation issue): WAL, foreign keys on, a busy timeout; pysqlite's own
transaction handling is switched off so that we emit BEGIN ourselves: reads run in deferred
transactions, every unit of work that writes runs in a short ``BEGIN IMMEDIATE`` transaction
(a deferred transaction that reads then writes fails with "database is locked" whatever the
timeout, and pysqlite's default would split a read-modify-write into two transactions).

Many clerks, one file (issue #7): `Database.write` is the one write path. It checks the
acting OS user's role (store.roles) inside the transaction, makes sure every edited row that
has a `version` gets it bumped (optimistic checks elsewhere rely on it), retries a busy
database with jittered backoff and then says so plainly (DatabaseError "err.db_busy"), and
never lets a raw driver error out. Opening a file first checks who can reach it
(store.shared.check_access). `Database.data_version()` tells open views that someone
committed, cheaply enough to poll every two seconds.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
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
from sqlalchemy.orm.attributes import get_history

from store.errors import DatabaseError, StoreError
from store.shared import current_user
from store.text import clean

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
# After SQLite's own busy wait, a unit is tried this many times in all (with backoff): a
# clerk whose write cannot get the lock hears so within about 3 x the busy timeout.
WRITE_ATTEMPTS = 3
_LOCK_POLL_S = 0.001  # see Database._begin_immediate


def default_busy_timeout_ms() -> int:
    """BUSY_TIMEOUT_MS, or DONDOC_BUSY_TIMEOUT_MS for servers (and tests) that want another."""
    try:
        return max(0, int(os.environ.get("DONDOC_BUSY_TIMEOUT_MS", "")))
    except ValueError:
        return BUSY_TIMEOUT_MS
_MIGRATIONS = Path(__file__).parent / "migrations"


def to_url(db: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL from a path or URL given on the command line."""
    text = os.fspath(db)
    for bare in ("postgresql://", "postgres://"):  # psycopg 3 is the driver we ship
        if text.startswith(bare):
            return "postgresql+psycopg://" + text.removeprefix(bare)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().absolute()}"


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy can parse: the engine will say so
        return url


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


# PostgreSQL: serialization failure, deadlock, a row lock not had within lock_timeout: the
# unit is retried, as a busy SQLite database is.
_RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def _is_busy(exc: BaseException) -> bool:
    if getattr(getattr(exc, "orig", exc), "sqlstate", None) in _RETRY_SQLSTATES:
        return True
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


# Tables only an admin may change (store.roles); Database.write checks after `work` ran.
_ADMIN_TABLES = frozenset({"setting", "user_role"})


def _track_changes(session: Session, _ctx: Any, _instances: Any) -> None:
    """Remember, for the whole transaction, which versioned rows were edited and whether
    their `version` moved, and whether an admin-only table was touched (see Database.write).
    """
    # identity key -> [object, version moved]; the object is held strongly on purpose: the
    # identity map is weak, and a clean object nobody references would be gone by the end.
    edited: dict[Any, list[Any]] = session.info.setdefault("dondoc_edited", {})
    # Rows inserted in this unit start at version 1 whatever is edited after their insert.
    # (Held strongly, keyed by id(): an id is not reused while its object is alive.)
    created: dict[int, Any] = session.info.setdefault("dondoc_created", {})
    created.update((id(obj), obj) for obj in session.new)
    for obj in session.dirty:
        state = inspect(obj)
        if id(obj) in created or "version" not in state.mapper.column_attrs.keys():
            continue
        if not session.is_modified(obj, include_collections=False):
            continue
        entry = edited.setdefault(state.identity_key, [obj, False])
        if get_history(obj, "version").has_changes():
            entry[1] = True
    for obj in (*session.new, *session.dirty, *session.deleted):
        if getattr(obj, "__tablename__", None) in _ADMIN_TABLES:
            session.info["dondoc_admin"] = True


class Database:
    """An open dondoc database: engine, sessions, transactions, the acting user.

    Args:
        db: a path or SQLAlchemy URL.
        actor: the name the audit trail records; defaults to `user`. Tests use it; the CLI
            and the TUI never pass it.
        user: the OS user whose role applies; defaults to the real uid's name
            (`current_user`). Only tests pass it.
        migrate: create or upgrade the schema on open (after a backup for upgrades).
        create: create the file when it does not exist.

    Attributes:
        problems: warnings about how the file can be reached (store.shared.check_access),
            for the UI to show; problems that prevent work raise DatabaseError instead.
        role: the role the user acts with (store.roles), as of opening.
    """

    def __init__(
        self,
        db: str | os.PathLike[str],
        *,
        actor: str | None = None,
        user: str | None = None,
        migrate: bool = True,
        create: bool = True,
        busy_timeout_ms: int | None = None,
    ) -> None:
        self.url = to_url(db)
        self.path = sqlite_path(self.url)
        self.user = user or current_user()
        self.actor = actor or self.user
        self.is_sqlite = self.url.startswith("sqlite")
        self.where = str(self.path) if self.path else _hide_password(self.url)
        """What messages call the database: its file, or its URL without a password."""
        self.busy_timeout_ms = default_busy_timeout_ms() if busy_timeout_ms is None else busy_timeout_ms
        self.problems: list[Any] = []
        self.role: str | None = None
        self._roles_enabled = False
        self._dv_conn: sqlite3.Connection | None = None
        self._dv_lock = threading.Lock()
        self._local_writes = 0
        created = False
        if self.path is not None:
            from store.shared import check_access, raise_if_blocking

            # Access first: a directory we may not enter makes even exists() fail.
            problems = check_access(self.path)
            if not os.path.exists(self.path):
                if not create and not any(p.blocking for p in problems):
                    raise DatabaseError("err.db_unreadable", path=str(self.path), reason="không tồn tại / missing")
                raise_if_blocking(problems)
                _create_db_file(self.path)
                created = True
                problems = check_access(self.path)
            raise_if_blocking(problems)
            self.problems = problems
        self.engine = self._make_engine()
        self._write_engine = self.engine.execution_options(dondoc_begin="IMMEDIATE")
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        event.listen(self._write_sessions, "before_flush", _clean_strings)
        event.listen(self._write_sessions, "before_flush", _track_changes)
        self.backup_path: Path | None = None
        try:
            if migrate:
                self.backup_path = self._ensure_schema()
            self._open_roles(created)
        except BaseException:
            self.engine.dispose()
            raise

    def _ensure_schema(self) -> Path | None:
        """Migrate on open; a clerk who lost the race to upgrade just uses the upgraded file.

        Alembic reads the current revision before it takes the write lock for a step, so
        two clerks starting a new dondoc at the same moment may both try the same step; the
        loser's step fails, yet the database is at head: that is success, not an error.
        """
        from store.migrate import current_revision, ensure_schema, head_revision

        try:
            return ensure_schema(self)
        except StoreError:
            raise
        except Exception:
            try:
                at_head = current_revision(self) == head_revision()
            except Exception:  # noqa: BLE001 - report the first failure
                at_head = False
            if at_head:
                return None
            raise

    def _open_roles(self, created: bool) -> None:
        """Give a database without an admin its first one; refuse a refused user."""
        from store import roles

        with self.read() as session:
            self._roles_enabled = roles.has_roles_table(session)
            if not self._roles_enabled:
                return
            bootstrap = roles.needs_bootstrap(session)
        if bootstrap:
            # A new file: its creator. An older file: its owner (who created it).
            creator = self.user if created or self.path is None else (roles.file_owner(self.path) or self.user)
            self.write(lambda s: roles.bootstrap_in(s, creator, legacy=not created), role=None)
        with self.read() as session:
            self.role = roles.effective_role_in(session, self.user)
            if self.role is None:
                roles.require_in(session, self.user, roles.Role.VIEWER)

    def refresh_role(self) -> str | None:
        """The user's role now (an admin may have changed it since opening)."""
        from store import roles

        if self._roles_enabled:
            self.role = roles.role_of(self)
        return self.role

    def _make_server_engine(self) -> Engine:
        """PostgreSQL: READ COMMITTED, UTC, and a lock wait bounded by the busy timeout.

        Where SQLite takes the database write lock for a whole unit, a unit on PostgreSQL
        locks the rows it changes (`with_for_update` in the store: a concurrent edit of the
        same row waits, then sees the committed version and fails its optimistic check);
        a lock not had within the busy timeout, a deadlock or a serialization failure
        retries the unit (`_is_busy`), then says "busy" as on SQLite.
        """
        engine = create_engine(self.url, pool_pre_ping=True, isolation_level="READ COMMITTED")
        if engine.dialect.name == "postgresql":
            lock_ms = max(1, int(self.busy_timeout_ms))  # 0 would mean "wait forever"

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn: Any, _record: Any) -> None:
                with dbapi_conn.cursor() as cur:
                    cur.execute(f"SET lock_timeout = {lock_ms}")
                    cur.execute("SET TIME ZONE 'UTC'")
                dbapi_conn.commit()

        return engine

    def _make_engine(self) -> Engine:
        if not self.is_sqlite:
            return self._make_server_engine()
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
            if mode == "IMMEDIATE":
                self._begin_immediate(conn.connection.driver_connection)
            else:
                conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def _begin_immediate(self, raw: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE, waiting for the write lock up to the busy timeout.

        SQLite's own busy handler sleeps 1, 2, 5, 10 ... then 100 ms between tries and
        nobody wakes a sleeper when the lock is released: with several writers the lock sits
        free while they sleep, and whoever just arrived (or just committed) grabs it before
        the long sleepers wake. Measured with 8 writer processes: p99 2.3 s, worst 13.7 s,
        i.e. errors once past the busy timeout. So for the write lock we poll ourselves every
        millisecond or so, with jitter and without growing the interval (a growing interval
        favours newcomers and starves old waiters); a failed BEGIN costs microseconds. Same
        test: p99 about 0.3 s, worst about 1 s. Inside the transaction the normal busy
        timeout applies again (COMMIT in rollback-journal mode may wait for readers).
        """
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        raw.execute("PRAGMA busy_timeout=0")
        try:
            while True:
                try:
                    raw.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() >= deadline:
                        raise DatabaseError("err.db_busy") if _is_busy(exc) else exc
                time.sleep(_LOCK_POLL_S * (0.5 + random.random()))
        finally:
            raw.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")

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
        except sqlite3.Error as exc:  # from a driver cursor (driver_cursor_in), not wrapped
            raise self._translate_raw(exc, writing=False) from exc
        finally:
            session.close()

    def write(
        self,
        work: Callable[[Session], T],
        *,
        attempts: int = WRITE_ATTEMPTS,
        role: str | None = "editor",
    ) -> T:
        """Run `work` in one short write transaction (BEGIN IMMEDIATE on SQLite).

        `work` may be called more than once: SQLite's busy handler already waits up to the
        busy timeout for the write lock; if the database is still busy the whole unit is
        retried with jittered backoff, and after `attempts` a DatabaseError ("err.db_busy")
        says so plainly. Any exception rolls everything back; driver errors come out as
        DatabaseError, never raw.

        Inside the transaction, before `work`: the user's role must reach `role` ("viewer",
        "editor", "admin"; None only for the store's own bookkeeping), else PermissionDenied.
        After `work`: touching `setting` or `user_role` needs admin, and every edited row with
        a `version` column whose version `work` did not move gets it bumped once, so that
        optimistic checks (expected_version) see every change.
        """
        delay = 0.05
        for attempt in range(attempts):
            session = self._write_sessions()
            session.info["actor"] = self.actor
            try:
                with session.begin():
                    session.connection()  # BEGIN IMMEDIATE now, before `work` reads anything
                    acting = None
                    if role is not None and self._roles_enabled:
                        from store.roles import require_in

                        acting = require_in(session, self.user, role)
                    result = work(session)
                    self._finish_unit(session, acting)
                self._local_writes += 1
                return result
            except StoreError:
                raise
            except DBAPIError as exc:
                if not _is_busy(exc) or attempt == attempts - 1:
                    raise self._translate(exc, writing=True) from exc
            except sqlite3.Error as exc:  # raised raw by _begin_immediate (not wrapped)
                if not _is_busy(exc) or attempt == attempts - 1:
                    raise self._translate_raw(exc) from exc
            finally:
                session.close()
            time.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 1.0)
        raise DatabaseError("err.db_busy")  # pragma: no cover - loop always returns or raises

    def _finish_unit(self, session: Session, acting: str | None) -> None:
        """Admin-only tables need the role the unit *started* with to be admin; bump versions."""
        session.flush()
        if session.info.get("dondoc_admin") and acting is not None:
            from store.roles import Role, require_in

            require_in(session, self.user, Role.ADMIN, acting=acting)
        edited: dict[Any, list[Any]] = session.info.get("dondoc_edited") or {}
        forgotten = [obj for obj, bumped in edited.values() if not bumped and obj not in session.deleted]
        for obj in forgotten:
            obj.version += 1
        if forgotten:
            session.flush()

    def _translate(self, exc: DBAPIError, *, writing: bool = False) -> StoreError:
        if _is_busy(exc):
            return DatabaseError("err.db_busy")
        text = str(exc.orig)
        if "file is not a database" in text or "malformed" in text:
            return DatabaseError("err.db_not_database", path=self.where)
        if self.path is not None and ("readonly" in text or "unable to open" in text):
            # Permissions changed under us (or -wal/-shm made by someone else): explain them.
            from store.shared import blocking, check_access

            problems = blocking(check_access(self.path))
            if problems:
                return DatabaseError(problems[0].key, **problems[0].params)
        if writing:
            return DatabaseError("err.db_write_failed", reason=text)
        return DatabaseError("err.db_unreadable", path=self.where, reason=text)

    def _translate_raw(self, exc: sqlite3.Error, *, writing: bool = True) -> StoreError:
        class _Wrapped:  # _translate reads `.orig`, as on SQLAlchemy's wrappers
            orig = exc

        return self._translate(_Wrapped(), writing=writing)  # type: ignore[arg-type]

    # --- noticing other sessions' changes --------------------------------------------------

    def data_version(self) -> int:
        """A number that changes whenever anyone commits to the database; cheap to poll.

        On SQLite this is `PRAGMA data_version` on a dedicated connection that never
        writes. SQLite's contract: the value a connection reports changes when *another*
        connection commits, and not for the connection's own commits. Every write of this
        process goes through the pooled connections, so the dedicated one sees them as
        "another connection" too: the number moves for this session's writes and for every
        other process's. The call reads a counter in the WAL index (shared memory): no
        query, no table scan, no lock held, fine every two seconds from a UI timer.

        Compare values from the same Database only (the number is per connection). On
        other engines (or a memory database) it is a change counter instead: the newest
        audit event id plus this process's writes.
        """
        if self.path is None or not self.is_sqlite:
            with self.read() as session:
                from sqlalchemy import func, select

                from store.models import AuditEvent

                newest = session.scalar(select(func.max(AuditEvent.id))) or 0
            return int(newest) * 1_000_003 + self._local_writes
        with self._dv_lock:
            try:
                if self._dv_conn is None:
                    self._dv_conn = sqlite3.connect(
                        self.path, timeout=self.busy_timeout_ms / 1000,
                        isolation_level=None, check_same_thread=False,
                    )
                return int(self._dv_conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                if self._dv_conn is not None:
                    self._dv_conn.close()
                    self._dv_conn = None
                if "locked" in str(exc) or "busy" in str(exc):
                    raise DatabaseError("err.db_busy") from exc
                raise DatabaseError("err.db_unreadable", path=str(self.path), reason=str(exc)) from exc

    # --- housekeeping ------------------------------------------------------------------------

    def backup_to(self, dest: Path) -> Path:
        """A consistent copy of a SQLite database in one step (VACUUM INTO), then renamed.

        A server database (PostgreSQL) is backed up the same way into a SQLite file, by
        store.copy (one snapshot, every table verified); pg_dump remains the server's tool.
        """
        dest = Path(dest)
        tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        if not self.is_sqlite:
            from store.copy import copy_database

            if not dest.parent.is_dir():
                raise DatabaseError("err.backup_failed", path=str(dest), reason="no such directory")
            copy_database(self.url, tmp)
            os.chmod(tmp, 0o660)
            os.replace(tmp, dest)
            return dest
        # On the raw DBAPI connection: VACUUM cannot run inside the BEGIN that SQLAlchemy's
        # connection would emit, and VACUUM INTO copies a consistent snapshot in one step.
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("VACUUM INTO ?", (str(tmp),))
            cur.close()
        except sqlite3.Error as exc:
            tmp.unlink(missing_ok=True)
            raise DatabaseError("err.backup_failed", path=str(dest), reason=str(exc)) from exc
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
        with self._dv_lock:
            if self._dv_conn is not None:
                self._dv_conn.close()
                self._dv_conn = None
        self.engine.dispose()


def integrity_problems_in(session: Session) -> list[str]:
    """The engine's own integrity check: SQLite's integrity_check and foreign_key_check.
    A server (PostgreSQL) checks its pages and keys itself: nothing to report here."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return []
    rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows
    problems += [f"foreign key: {tuple(r)}" for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
    return problems


def serialize_in(session: Session, name: str) -> None:
    """Units that share `name` run one at a time: for read-then-insert units (roles,
    settings, the first admin), where there is no row yet to lock.

    SQLite: nothing to do (a write unit holds the database lock). PostgreSQL: a
    transaction-level advisory lock, released at commit or rollback, waited for at most
    the busy timeout like a row lock.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext(%(name)s))", {"name": f"dondoc:{name}"})


def driver_cursor_in(session: Session, stmt: Any) -> Any:
    """Run a Core SELECT in `session`'s transaction on a cursor of the driver itself.

    The cursor's fetchmany() gives the driver's plain tuples: no Row objects and no result
    type processing (SQLite dates stay ISO text), for exports that stream hundreds of
    thousands of rows, where SQLAlchemy's rows cost more than the query (#8). Parameters
    are bound as SQLAlchemy binds them. Close the cursor before the transaction ends;
    SQLite errors while fetching come out of `Database.read` translated.
    """
    conn = session.connection()
    state = stmt.compile(dialect=conn.dialect).construct_expanded_state()
    values = {k: state.processors[k](v) if k in state.processors else v for k, v in state.parameters.items()}
    params = values if state.positiontup is None else tuple(values[k] for k in state.positiontup)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(state.statement, params)
    return cursor


def actor_of(session: Session) -> str:
    """Who is writing in this session (set by `Database.write`)."""
    return str(session.info.get("actor") or current_user())
