"""Migration 0007: search tables made before it get their word-prefix indexes, and every
search finds what it found before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from store import assignments, documents
from store.assignments import AssignmentQuery
from store.db import Database
from store.documents import DocumentQuery
from store.search import SEARCHABLE

pytestmark = pytest.mark.sqlite_only("FTS5 tables are SQLite's")

QUERIES = ("t", "th", "chi thi", "don doc", "09-ct/tu", "ban thuong vu", "x")


def _answers(db: Database) -> dict[str, tuple[list[int], int, list[int], int]]:
    out = {}
    for q in QUERIES:
        docs = [r.id for r in documents.list_documents(db, DocumentQuery(search=q), limit=500)]
        tasks = [r.id for r in assignments.list_assignments(db, AssignmentQuery(search=q), limit=500)]
        out[q] = (sorted(docs), documents.count_documents(db, DocumentQuery(search=q)),
                  sorted(tasks), assignments.count_assignments(db, AssignmentQuery(search=q)))
    return out


def _fts_sql(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return " ".join(r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE name LIKE '%_fts'"))


def test_old_search_tables_get_prefix_indexes(demo_db_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(demo_db_file, path)
    db = Database(path, create=False)
    before = _answers(db)
    from alembic import command

    from store.migrate import alembic_config

    command.downgrade(alembic_config(db), "0007")  # the later migrations undone, by their own steps
    db.dispose()
    with sqlite3.connect(path) as conn:  # the tables as migration 0001 made them before 0007
        for table in SEARCHABLE:
            conn.execute(f"DROP TABLE {table}_fts")
            conn.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, content='{table}', "
                f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
            )
            conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        conn.execute("UPDATE alembic_version SET version_num = '0006'")
    assert "prefix=" not in _fts_sql(path)
    db = Database(path, create=False)
    try:
        assert db.backup_path is not None  # an upgrade: the old file was kept first
        assert _fts_sql(path).count("prefix='1 2 3'") == len(SEARCHABLE)
        assert _answers(db) == before
    finally:
        db.dispose()
