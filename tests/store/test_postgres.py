"""What PostgreSQL does differently underneath, checked where it matters (PostgreSQL pass only).

- A write unit locks the rows it edits (SELECT ... FOR UPDATE): a second save of the same
  record waits for the first, then sees its version and is refused, never a lost update.
- A row lock not had within the busy timeout is "busy", as SQLite's write lock is.
- Search uses the trigram index on the folded text and ranks exact matches first.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from store import agencies, assignments, documents
from store.db import Database
from store.documents import DocumentInput, DocumentQuery
from store.errors import ConflictError, DatabaseError
from tests.engines import ON_POSTGRES

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL pass only (DONDOC_TEST_DB)")


def _raw(db: Database) -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    return psycopg.connect(make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False))


def test_second_save_waits_for_the_first_then_conflicts(sample: dict[str, int], db: Database) -> None:
    doc_id = sample["directive"]
    seen = documents.get(db, doc_id)
    other = _raw(db)
    # Someone else's unit: edits the row and holds it for a moment before committing.
    other.execute("update document set subject = 'Người khác sửa', version = version + 1 where id = %s", (doc_id,))
    committer = threading.Timer(0.5, other.commit)
    committer.start()
    try:
        start = time.perf_counter()
        with pytest.raises(ConflictError) as err:
            documents.update(db, doc_id, replace(documents.as_input(seen), subject="Tôi sửa"),
                             expected_version=seen.version)
        waited = time.perf_counter() - start
    finally:
        committer.join()
        other.close()
    assert waited >= 0.4, "the save waited for the other unit's row lock"
    assert err.value.current.subject == "Người khác sửa"
    assert documents.get(db, doc_id).subject == "Người khác sửa"


def test_row_lock_past_the_busy_timeout_is_busy(sample: dict[str, int], db: Database) -> None:
    slow = Database(db.url, actor="other", busy_timeout_ms=200)
    other = _raw(db)
    other.execute("select id from assignment where id = %s for update", (sample["overdue"],))
    try:
        with pytest.raises(DatabaseError) as err:
            assignments.set_status(slow, sample["overdue"], "in_progress")
        assert err.value.key == "err.db_busy" and "bận" in err.value.message()
        # Other rows are not held up: work on another assignment goes through at once.
        assignments.set_status(slow, sample["later"], "in_progress")
    finally:
        other.rollback()
        other.close()
        slow.dispose()


def test_concurrent_notes_all_land(sample: dict[str, int], db: Database) -> None:
    """Threads adding notes to one assignment: every note and every version bump counted."""
    start = assignments.get(db, sample["overdue"]).version
    errors: list[Exception] = []

    def add(n: int) -> None:
        own = Database(db.url, actor=f"clerk{n}")
        try:
            for k in range(10):
                assignments.add_note(own, sample["overdue"], f"{n}-{k}")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    detail = assignments.get(db, sample["overdue"])
    assert len(detail.notes) == 40 and detail.version == start + 40


def test_search_uses_the_trigram_index(sample: dict[str, int], db: Database) -> None:
    from sqlalchemy import select, text

    from store.models import Document
    from store.search import search_matches

    with db.read() as session:
        sub, _rank = search_matches(Document, "thi hanh an", "postgresql")  # type: ignore[misc]
        stmt = select(Document.id).join(sub, sub.c.id == Document.id)
        session.execute(text("SET LOCAL enable_seqscan = off"))
        compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(r[0] for r in session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_document_search_trgm" in plan, plan


def test_search_ranks_the_closest_match_first(db: Database) -> None:
    agencies.add(db, "Sở Tư pháp")
    close = documents.add(db, DocumentInput(doc_type="CV", issuer="Sở Tư pháp", subject="Đôn đốc thi hành án",
                                            issued=date(2020, 1, 1)))
    for i in range(5):
        documents.add(db, DocumentInput(
            doc_type="CV", issuer="Sở Tư pháp", issued=date(2024, 1, i + 1),
            subject=f"Báo cáo số {i} về nhiều việc, trong đó có đôn đốc và cả thi hành án dân sự ở xã, "
                    "kèm theo danh sách dài các đơn vị phối hợp và các chỉ tiêu năm",
        ))
    rows = documents.list_documents(db, DocumentQuery(search="don doc thi hanh an"))
    assert len(rows) == 6 and rows[0].id == close
    # Word starts only: "hanh" is not found inside "thanh".
    documents.add(db, DocumentInput(doc_type="CV", issuer="Sở Tư pháp", subject="Thành lập tổ công tác"))
    assert documents.list_documents(db, DocumentQuery(search="hanh lap")) == []
    assert len(documents.list_documents(db, DocumentQuery(search="thanh lap"))) == 1
