"""Schema migrations run on open: fresh, upgrade from the first schema (with backup), newer refused."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from store import documents
from store.db import Database, to_url
from store.errors import DatabaseError
from store.migrate import current_revision, head_revision, upgrade
from tests.engines import ON_POSTGRES


def _revision(path: Any) -> str:
    engine = create_engine(to_url(path))
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("select version_num from alembic_version")).scalar())
    finally:
        engine.dispose()


def _tables(path: Any) -> set[str]:
    engine = create_engine(to_url(path))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_fresh_database_is_at_head(db: Database, db_path: Any) -> None:
    assert _revision(db_path) == head_revision()
    assert db.backup_path is None


def test_upgrade_from_first_schema_keeps_data_and_backs_up(tmp_path: Path, fresh_url: Any) -> None:
    path = fresh_url(tmp_path, "old.db")
    old = Database(path, migrate=False)
    upgrade(old, "0001")
    assert current_revision(old) == "0001"
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "insert into document (doc_type, number, number_key, issuer, issuer_key, year, sort_date, subject, "
                "recipients, status, partial, source, search_text, created_at, updated_at, version) values "
                "('CT', '09-CT/TU', '09-ct/tu', 'Ban Thường vụ Tỉnh ủy', 'ban thuong vu tinh uy', 2021, :day, "
                "'Chỉ thị cũ', '[]', 'active', :no, 'manual', 'ct chi thi 09-ct/tu don doc', :at, :at, 1)"
            ),
            {"day": date(2021, 8, 25), "no": False, "at": datetime(2021, 8, 25)},
        )
    assert "extension" not in _tables(path)
    old.dispose()

    upgraded = Database(path)
    try:
        assert _revision(path) == head_revision()
        if ON_POSTGRES:  # migrations run in transactions there; no file to copy first
            assert upgraded.backup_path is None
        else:
            assert upgraded.backup_path is not None and upgraded.backup_path.exists()
            assert _revision(upgraded.backup_path) == "0001"
        rows = documents.list_documents(upgraded, documents.DocumentQuery(search="don doc"))
        assert [r.subject for r in rows] == ["Chỉ thị cũ"]
        assert {"extension", "occurrence", "setting", "user_role"} <= _tables(path)
    finally:
        upgraded.dispose()


def test_newer_database_refused_untouched(db_path: Any) -> None:
    from store.copy import checksums

    Database(db_path).dispose()
    engine = create_engine(to_url(db_path))
    with engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999_future'"))
    engine.dispose()
    digest = None if ON_POSTGRES else hashlib.sha256(Path(db_path).read_bytes()).hexdigest()
    with pytest.raises(DatabaseError) as err:
        Database(db_path)
    assert err.value.key == "err.db_newer"
    assert "phiên bản dondoc mới hơn" in err.value.message()
    assert _revision(db_path) == "9999_future"
    if digest is not None:
        assert hashlib.sha256(Path(db_path).read_bytes()).hexdigest() == digest


@pytest.mark.sqlite_only("SQLite's file locks")
def test_the_upgrade_lock_leaves_sqlites_own_locks_in_place(tmp_path: Path) -> None:
    """A connection in WAL mode keeps a shared lock on the file while it is open; closing any
    other descriptor of the file in the same process drops it (POSIX), and then another
    process may take the file out of WAL mode, or delete the WAL while this one reads it
    ("database disk image is malformed": seen once, clerks opening an old file at once).
    The upgrade's lock (taken by every opener of a file below head) must not do that."""
    import subprocess
    import sys

    from store import migrate

    path = tmp_path / "office.db"
    db = Database(path)
    probe = ("import sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1], timeout=0)\n"
             "try:\n    print(c.execute('PRAGMA journal_mode=DELETE').fetchone()[0])\n"
             "except sqlite3.OperationalError as e:\n    print(e)\n")

    def other_process_switches_mode() -> str:
        return subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True,
                              timeout=60, check=True).stdout.strip()

    try:
        with db.read() as session:  # a pooled connection, open from now on
            session.execute(text("SELECT 1"))
        assert other_process_switches_mode() == "database is locked"
        with migrate._one_migrator(db):
            pass
        assert other_process_switches_mode() == "database is locked"
        with db.read() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        db.dispose()
