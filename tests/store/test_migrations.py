"""Schema migrations run on open: fresh, upgrade from the first schema (with backup), newer refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from store import documents
from store.db import Database
from store.errors import DatabaseError
from store.migrate import current_revision, head_revision, upgrade


def _revision(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("select version_num from alembic_version").fetchone()[0]
    finally:
        con.close()


def test_fresh_database_is_at_head(db: Database, db_path: Path) -> None:
    assert _revision(db_path) == head_revision()
    assert db.backup_path is None


def test_upgrade_from_first_schema_keeps_data_and_backs_up(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Database(path, migrate=False)
    upgrade(old, "0001")
    assert current_revision(old) == "0001"
    con = sqlite3.connect(path)
    con.execute(
        "insert into document (doc_type, number, number_key, issuer, issuer_key, year, sort_date, subject, "
        "recipients, status, partial, source, search_text, created_at, updated_at, version) values "
        "('CT', '09-CT/TU', '09-ct/tu', 'Ban Thường vụ Tỉnh ủy', 'ban thuong vu tinh uy', 2021, '2021-08-25', "
        "'Chỉ thị cũ', '[]', 'active', 0, 'manual', 'ct chi thi 09-ct/tu don doc', '2021-08-25 00:00:00', "
        "'2021-08-25 00:00:00', 1)"
    )
    con.commit()
    con.close()
    tables_before = {r[0] for r in sqlite3.connect(path).execute("select name from sqlite_master where type='table'")}
    assert "extension" not in tables_before
    old.dispose()

    upgraded = Database(path)
    try:
        assert _revision(path) == head_revision()
        assert upgraded.backup_path is not None and upgraded.backup_path.exists()
        assert _revision(upgraded.backup_path) == "0001"
        rows = documents.list_documents(upgraded, documents.DocumentQuery(search="don doc"))
        assert [r.subject for r in rows] == ["Chỉ thị cũ"]
        tables = {r[0] for r in sqlite3.connect(path).execute("select name from sqlite_master where type='table'")}
        assert {"extension", "occurrence", "setting", "user_role"} <= tables
    finally:
        upgraded.dispose()


def test_newer_database_refused_untouched(db_path: Path) -> None:
    Database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("update alembic_version set version_num = '9999_future'")
    con.commit()
    con.close()
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError) as err:
        Database(db_path)
    assert err.value.key == "err.db_newer"
    assert "phiên bản dondoc mới hơn" in err.value.message()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest
