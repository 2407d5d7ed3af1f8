"""(b) Two sessions on one file: conflicts are refused, never silently overwritten; every
edit bumps the version; other sessions' commits are noticed; a busy database says so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from store import assignments, audit, documents
from store.db import Database
from store.errors import ConflictError, DatabaseError


@pytest.fixture
def two(seeded: dict[str, Any]) -> Any:
    first = Database(seeded["path"], actor="an")
    second = Database(seeded["path"], actor="binh")
    yield first, second
    first.dispose()
    second.dispose()


def test_second_document_save_conflicts_and_keeps_the_first(seeded: dict[str, Any], two: Any) -> None:
    a, b = two
    doc_id = seeded["document"]
    seen_a = documents.get(a, doc_id)
    seen_b = documents.get(b, doc_id)
    assert seen_a.version == seen_b.version
    documents.update(a, doc_id, replace(documents.as_input(seen_a), subject="An sửa trích yếu"),
                     expected_version=seen_a.version)
    with pytest.raises(ConflictError) as err:
        documents.update(b, doc_id, replace(documents.as_input(seen_b), subject="Bình sửa trích yếu"),
                         expected_version=seen_b.version)
    current = err.value.current
    assert current.version == seen_a.version + 1
    assert current.subject == "An sửa trích yếu"
    assert "vừa được người khác sửa" in err.value.message()
    stored = documents.get(b, doc_id)
    assert stored.subject == "An sửa trích yếu" and stored.version == seen_a.version + 1
    updates = [h for h in audit.history(a, "document", doc_id) if h.action == "update"]
    assert [(h.actor, h.after["subject"]) for h in updates] == [("an", "An sửa trích yếu")]
    # Bình reviews the current record and saves on top of it: accepted.
    documents.update(b, doc_id, replace(documents.as_input(current), subject="Bình sửa sau khi xem"),
                     expected_version=current.version)
    assert documents.get(a, doc_id).subject == "Bình sửa sau khi xem"


def test_assignment_update_status_and_note_take_expected_version(seeded: dict[str, Any], two: Any) -> None:
    a, b = two
    aid = seeded["first"]
    version = assignments.get(a, aid).version
    assignments.set_status(a, aid, "in_progress", expected_version=version)
    with pytest.raises(ConflictError) as err:
        assignments.set_status(b, aid, "done", expected_version=version)
    assert err.value.current.version == version + 1
    with pytest.raises(ConflictError):
        assignments.add_note(b, aid, "ghi chú trên bản cũ", expected_version=version)
    note_id = assignments.add_note(b, aid, "ghi chú trên bản mới", expected_version=version + 1)
    detail = assignments.get(a, aid)
    assert [n.id for n in detail.notes] == [note_id]
    assert detail.version == version + 2 and detail.row.work_status == "in_progress"
    inp = assignments.AssignmentInput(document_id=seeded["document"], title="Tên mới", lead=["Sở Tư pháp"])
    with pytest.raises(ConflictError):
        assignments.update(a, aid, inp, expected_version=version)
    assert assignments.get(b, aid).row.title == "Tổ chức phổ biến"


def test_every_edit_bumps_version_even_when_the_code_forgets(seeded: dict[str, Any], two: Any) -> None:
    """Database.write's safety net: an edited versioned row always gets version + 1, once."""
    from store.models import Agency, Assignment, Document

    a, _ = two

    def forgetful(session: Any) -> None:
        doc = session.get(Document, seeded["document"])
        doc.subject = "đổi mà quên tăng version"
        session.flush()
        doc.signer = "và đổi thêm lần nữa"  # a second flush in the same unit: still one bump

    def careful(session: Any) -> None:
        a_row = session.get(Assignment, seeded["second"])
        a_row.title = "đổi và tăng version"
        a_row.version += 1

    def untouched(session: Any) -> None:
        agency = session.get(Agency, 1)
        agency.name = agency.name  # no net change: no bump

    # Rows created in a unit and edited again in it (add_in refreshes next_due after the
    # insert) stay at version 1.
    assert assignments.get(a, seeded["first"]).version == 1
    assert documents.get(a, seeded["document"]).version == 1
    before_doc = documents.get(a, seeded["document"]).version
    before_second = assignments.get(a, seeded["second"]).version
    a.write(forgetful)
    a.write(careful)
    a.write(untouched)
    assert documents.get(a, seeded["document"]).version == before_doc + 1
    assert assignments.get(a, seeded["second"]).version == before_second + 1
    with a.read() as session:
        assert session.get(Agency, 1).version == 1


def test_data_version_notices_other_sessions_and_processes(seeded: dict[str, Any], two: Any) -> None:
    a, b = two
    start = a.data_version()
    assert a.data_version() == start, "nothing committed, nothing changes"
    assignments.get(a, seeded["first"])  # reads change nothing
    assert a.data_version() == start
    assignments.add_note(b, seeded["first"], "từ phiên khác")
    after_b = a.data_version()
    assert after_b != start
    code = (
        "import sys; from store.db import Database; from store import assignments; "
        f"db = Database({str(seeded['path'])!r}); assignments.add_note(db, {seeded['first']}, 'từ tiến trình khác')"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])
    assert a.data_version() != after_b
    mine = a.data_version()
    assignments.add_note(a, seeded["first"], "của chính mình")
    assert a.data_version() != mine, "own writes go through pooled connections: noticed too"


def test_data_version_is_cheap(seeded: dict[str, Any], two: Any) -> None:
    """Every open app polls it every 2 s: a counter read on one reused connection, steady
    while nobody commits. (How fast it is belongs to the benchmark, not to a timed test.)"""
    a, _ = two
    first = a.data_version()
    assert all(a.data_version() == first for _ in range(200))
    if a.is_sqlite and a.path is not None:
        conn = a._dv_conn
        assert conn is not None
        a.data_version()
        assert a._dv_conn is conn  # one dedicated connection, not one per poll


@contextmanager
def _someone_writing(seeded: dict[str, Any]) -> Iterator[None]:
    """Another session in the middle of a write: SQLite's write lock, or on PostgreSQL a
    transaction holding the first assignment's row lock."""
    from store.db import sqlite_path, to_url

    url = to_url(seeded["path"])
    if sqlite_path(url) is not None:
        holder = sqlite3.connect(seeded["path"], timeout=0)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()
        return
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as pg:
        pg.execute("select id from assignment where id = %s for update", (seeded["first"],))
        try:
            yield
        finally:
            pg.rollback()


def test_busy_database_says_so_plainly_and_quickly(seeded: dict[str, Any]) -> None:
    with _someone_writing(seeded):
        db = Database(seeded["path"], busy_timeout_ms=300)
        start = time.perf_counter()
        with pytest.raises(DatabaseError) as err:
            assignments.add_note(db, seeded["first"], "không vào được")
        waited = time.perf_counter() - start
        db.dispose()
    assert err.value.key == "err.db_busy"
    assert "bận" in err.value.message() and "locked" not in err.value.message()
    assert 0.25 < waited < 3


def test_cli_write_while_busy_gives_message_not_traceback(seeded: dict[str, Any]) -> None:
    with _someone_writing(seeded):
        result = subprocess.run(
            [sys.executable, "-m", "tui.cli", "--db", str(seeded["path"]), "note", str(seeded["first"]), "x"],
            capture_output=True, text=True, cwd=Path(__file__).parents[2],
            env={**__import__("os").environ, "DONDOC_BUSY_TIMEOUT_MS": "300", "DONDOC_LANG": "vi"},
        )
    assert result.returncode == 1
    assert "bận" in result.stderr
    assert "Traceback" not in result.stderr and "locked" not in result.stderr
