"""Move an office's data between databases: SQLite -> PostgreSQL and back (`dondoc copy`).

The target is opened (and so created and migrated) like any database, must hold nothing
yet, and receives every row of every table in one write transaction, ids included. Before
that transaction commits, each table is read back from the target and compared with the
source: the row count and a checksum of the rows' contents in a form both engines agree on
(timestamps as UTC, JSON with sorted keys, booleans as 0/1). Any difference rolls the whole
copy back: the target is left empty, never half-filled.

The source is read in one snapshot (SQLite: one read transaction; PostgreSQL: REPEATABLE
READ), so clerks may keep working on it while it is copied. The search index follows on
its own: FTS5 triggers on SQLite, the trigram index on PostgreSQL. On PostgreSQL the id
sequences are moved past the copied ids, so new rows do not collide with copied ones.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Integer, String, Table, delete, func, select
from sqlalchemy.orm import Session

from store import models
from store.db import Database, sqlite_path, to_url
from store.errors import DatabaseError

BATCH = 2000
# Filled when a database is opened (roles bootstrap: its creator becomes admin); replaced
# by the source's rows, so it does not count against "the target must be empty".
_BOOTSTRAP_TABLES = frozenset({"user_role"})
_MOD = 2**256


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table copied: rows, and the checksum both sides agreed on."""

    name: str
    rows: int
    checksum: str


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: str
    target: str
    tables: tuple[TableCopy, ...]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def tables() -> list[Table]:
    """Every table of the schema, parents before children (foreign keys)."""
    return list(models.SQLModel.metadata.sorted_tables)


def _canon(value: Any) -> Any:
    """A value as both engines give it back: UTC naive ISO timestamps, ISO dates, sorted JSON."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


class _Digest:
    """Count and checksum of a table's rows, independent of their order (collations differ
    between engines, so string keys may come back in another order)."""

    def __init__(self, table: Table) -> None:
        # Integers and strings come back alike from both engines: only the others need _canon.
        self._columns = [
            (c.name, isinstance(c.type, (Integer, String)) and not isinstance(c.type, JSON))
            for c in table.columns
        ]
        self.rows = 0
        self._sum = 0

    def add(self, row: dict[str, Any]) -> None:
        values = [row[name] if plain else _canon(row[name]) for name, plain in self._columns]
        data = json.dumps(values, ensure_ascii=False, default=str).encode()
        self._sum = (self._sum + int.from_bytes(hashlib.sha256(data).digest(), "big")) % _MOD
        self.rows += 1

    @property
    def hexdigest(self) -> str:
        return f"{self._sum:064x}"


def _rows(session: Session, table: Table) -> Iterator[list[dict[str, Any]]]:
    stmt = select(table).order_by(*table.primary_key.columns)
    result = session.execute(stmt, execution_options={"yield_per": BATCH})
    for part in result.mappings().partitions(BATCH):
        yield [dict(r) for r in part]


def digest_of(session: Session, table: Table) -> _Digest:
    digest = _Digest(table)
    for batch in _rows(session, table):
        for row in batch:
            digest.add(row)
    return digest


def checksums(db: Database) -> dict[str, tuple[int, str]]:
    """{table: (rows, checksum)} of a database, comparable across engines."""
    with _snapshot(db) as session:
        out = {}
        for table in tables():
            d = digest_of(session, table)
            out[table.name] = (d.rows, d.hexdigest)
        return out


@contextmanager
def _snapshot(db: Database) -> Iterator[Session]:
    """A read transaction that sees one state of the whole database."""
    with db.read() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield session


def _same_database(a: str, b: str) -> bool:
    pa, pb = sqlite_path(a), sqlite_path(b)
    if pa is not None and pb is not None:
        return pa.exists() and pb.exists() and os.path.samefile(pa, pb)
    return a == b


def _insert(session: Session, table: Table, batch: list[dict[str, Any]]) -> None:
    """Insert rows as they are: COPY on PostgreSQL (several times faster than INSERTs),
    executemany elsewhere. Either way the read-back checksum judges the result."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        session.execute(table.insert(), batch)
        return
    from psycopg.types.json import Json

    names = [c.name for c in table.columns]
    as_json = {c.name for c in table.columns if isinstance(c.type, JSON)}
    columns = ", ".join(f'"{n}"' for n in names)
    raw: Any = conn.connection.dbapi_connection  # a psycopg Connection
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in batch:
            copy.write_row([
                Json(row[n]) if n in as_json and row[n] is not None else row[n] for n in names
            ])


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: move each serial id's sequence past the copied ids (SQLite needs nothing:
    a new rowid is max(rowid) + 1)."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].name != "id":
            continue
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        )


def copy_database(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row from `source` into the empty database `target` (path or URL).

    Raises DatabaseError when the target is the source, is not empty, or when a table's
    count or checksum differs after copying (then nothing is kept).
    """
    src_url, dst_url = to_url(source), to_url(target)
    if _same_database(src_url, dst_url):
        raise DatabaseError("err.copy_same", path=_shown(dst_url))
    src = Database(src_url, create=False)
    try:
        dst_file = sqlite_path(dst_url)
        dst_existed = dst_file is None or dst_file.exists()
        try:
            dst = Database(dst_url)
        except BaseException:
            if not dst_existed and dst_file is not None:
                dst_file.unlink(missing_ok=True)
            raise
        try:
            report = _copy(src, dst, progress)
        except BaseException:
            dst.dispose()
            if not dst_existed and dst_file is not None:  # we made the file: leave nothing
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{dst_file}{suffix}").unlink(missing_ok=True)
            raise
        dst.dispose()
        return report
    finally:
        src.dispose()


def _shown(url: str) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _copy(src: Database, dst: Database, progress: Callable[[str, int], None] | None) -> CopyReport:
    with dst.read() as session:
        filled = [
            t.name for t in tables()
            if t.name not in _BOOTSTRAP_TABLES and session.scalar(select(func.count()).select_from(t))
        ]
    if filled:
        raise DatabaseError("err.copy_target_not_empty", path=_shown(dst.url), tables=", ".join(filled))

    def work(out: Session) -> tuple[TableCopy, ...]:
        done: list[TableCopy] = []
        with _snapshot(src) as inp:
            for table in tables():
                if table.name in _BOOTSTRAP_TABLES:
                    out.execute(delete(table))
                sent = _Digest(table)
                for batch in _rows(inp, table):
                    for row in batch:
                        sent.add(row)
                    _insert(out, table, batch)
                    if progress is not None:
                        progress(table.name, sent.rows)
                got = digest_of(out, table)
                if (got.rows, got.hexdigest) != (sent.rows, sent.hexdigest):
                    raise DatabaseError(
                        "err.copy_mismatch", table=table.name, sent=sent.rows, got=got.rows,
                    )
                done.append(TableCopy(table.name, sent.rows, sent.hexdigest))
        _reset_sequences(out)
        return tuple(done)

    # Core inserts: the rows go in exactly as they are (no cleaning, no version bumps).
    copied = dst.write(work, attempts=1, role="admin")
    return CopyReport(source=_shown(src.url), target=_shown(dst.url), tables=copied)
