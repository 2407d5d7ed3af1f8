"""`dondoc gen` made fast (#8): the rows made in a second process are the rows made here, the
file is left as the store keeps it (WAL, indexes, search index), a refusal changes nothing."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from store.db import Database

pytestmark = pytest.mark.sqlite_only("dondoc gen writes SQLite files")


def _dump(path: Path) -> dict[str, list[Any]]:
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%fts%' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'user_role' ORDER BY name")]
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def _gen(path: Path, **kwargs: Any) -> None:
    from store.generate import generate

    db = Database(path)
    try:
        generate(db, documents=150, assignments=700, seed=4, **kwargs)
    finally:
        db.dispose()


def test_rows_made_in_a_second_process_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from store import generate

    _gen(tmp_path / "here.db", workers=False)
    monkeypatch.setattr(generate, "WORKER_FROM", 0)
    _gen(tmp_path / "there.db")
    here, there = _dump(tmp_path / "here.db"), _dump(tmp_path / "there.db")
    assert here == there
    assert len(here["assignment"]) == 700 and len(here["occurrence"]) > 100
    # the full-text indexes the second process built beside the file and the writer copied
    # in are, record for record, those the writer's own rebuild makes
    here_fts, there_fts = _dump_fts(tmp_path / "here.db"), _dump_fts(tmp_path / "there.db")
    assert here_fts == there_fts
    assert len(here_fts["assignment_fts_docsize"]) == 700 and len(here_fts["document_fts_docsize"]) == 150
    assert not list(tmp_path.glob(".dondoc-gen-fts-*"))  # the scratch file is gone


def _dump_fts(path: Path) -> dict[str, list[Any]]:
    from store.search import SEARCHABLE

    conn = sqlite3.connect(path)
    try:
        return {f"{t}_fts_{s}": conn.execute(f"SELECT * FROM {t}_fts_{s} ORDER BY 1, 2").fetchall()
                for t in SEARCHABLE for s in ("data", "idx", "docsize", "config")}
    finally:
        conn.close()


def test_file_left_as_the_store_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "gen.db"
    _gen(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}
        assert {"ix_assignment_lead", "ix_assignment_open_due", "ix_audit_entity",
                "assignment_fts_ai", "document_fts_ai"} <= names
        for table in ("assignment", "document"):
            conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")
            # the bigger buffer of the load is not kept
            assert conn.execute(f"SELECT count(*) FROM {table}_fts_config WHERE k = 'hashsize'").fetchone()[0] == 0
        hits = conn.execute("SELECT count(*) FROM assignment_fts WHERE assignment_fts MATCH 'thi*'").fetchone()[0]
        assert hits > 0
    finally:
        conn.close()


def test_refused_generation_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from store import generate
    from store.errors import ValidationError

    path = tmp_path / "gen.db"
    _gen(path)
    before = _dump(path)
    monkeypatch.setattr(generate, "WORKER_FROM", 0)
    db = Database(path)
    try:
        with pytest.raises(ValidationError):
            generate.generate(db, documents=10, assignments=20)
    finally:
        db.dispose()
    assert _dump(path) == before
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_data_is_an_office_register_around_today(generated_db_file: Path) -> None:
    """What `dondoc gen` makes looks like a real register on 23/11/2026: nothing issued after
    today, every work status and overdue, due-soon and on-time work, one-off and recurring
    deadlines, links, notes, Vietnamese text with diacritics, party and state numbering."""
    conn = sqlite3.connect(generated_db_file)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT max(issued) FROM document") <= "2026-11-23"
        assert one("SELECT min(issued) FROM document") >= "2019-01-01"
        statuses = dict(conn.execute("SELECT work_status, count(*) FROM assignment GROUP BY 1"))
        assert set(statuses) == {"not_started", "in_progress", "done", "paused", "cancelled"}
        assert one("SELECT count(*) FROM assignment WHERE work_status IN ('not_started', 'in_progress') "
                   "AND next_due < '2026-11-23'") > 0
        assert one("SELECT count(*) FROM assignment WHERE work_status IN ('not_started', 'in_progress') "
                   "AND next_due BETWEEN '2026-11-23' AND '2026-11-30'") > 0
        assert one("SELECT count(*) FROM assignment WHERE work_status = 'done' AND done_on <= next_due") > 0
        kinds = {k for (k,) in conn.execute("SELECT DISTINCT kind FROM deadline")}
        assert {"date", "recurring"} <= kinds
        assert one("SELECT count(*) FROM documentlink") > 0 and one("SELECT count(*) FROM note") > 0
        subjects = [s for (s,) in conn.execute("SELECT subject FROM document")]
        assert all(s == unicodedata.normalize("NFC", s) for s in subjects)
        assert sum(any(ord(c) > 127 for c in s) for s in subjects) > len(subjects) * 0.9
        numbers = [n for (n,) in conn.execute("SELECT number FROM document WHERE number IS NOT NULL")]
        assert any("-CT/" in n or "-KH/" in n for n in numbers)  # party: 09-CT/TU
        assert any("/QĐ-" in n or "/KH-" in n for n in numbers)  # state: 12/KH-UBND
        # reports acted on 0 to 5 days before their due date, each of those days about as often
        early = dict(conn.execute("SELECT CAST(julianday(due) - julianday(acted_on) AS INTEGER), count(*) "
                                  "FROM occurrence GROUP BY 1"))
        assert set(early) == set(range(6)) and max(early.values()) < 1.5 * min(early.values())
        # documents spread over seven years, more of them recent
        years = dict(conn.execute("SELECT year, count(*) FROM document GROUP BY year"))
        assert min(years) <= 2020 and years[2025] > years[2020] > 0
        # the audit's JSON and the recipients are written as json.dumps writes them (the
        # store's own writers: SQLAlchemy's JSON type)
        for (after,) in conn.execute("SELECT after FROM audit_event"):
            assert json.dumps(json.loads(after)) == after
        for (recipients,) in conn.execute("SELECT recipients FROM document"):
            assert json.dumps(json.loads(recipients)) == recipients and json.loads(recipients)
    finally:
        conn.close()
