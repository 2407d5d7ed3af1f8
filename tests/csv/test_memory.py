"""Exports stream: memory stays flat however many rows (measured with tracemalloc, not timed)."""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert

from store import agencies, assignments, documents, export
from store.assignments import AssignmentQuery
from store.db import Database
from store.documents import DocumentInput
from store.models import Assignment, AssignmentAgency

N = 20_000
TODAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """20,000 assignments, inserted in bulk (the export is under test, not the form)."""
    db = Database(tmp_path_factory.mktemp("big") / "big.db", actor="tester")
    lead = agencies.add(db, "Thi hành án dân sự tỉnh")
    support = agencies.add(db, "Sở Tư pháp")
    doc = documents.add(db, DocumentInput(doc_type="CT", number="09-CT/TU", issuer="Tỉnh ủy", subject="Chỉ thị lớn"))

    def work(session) -> None:  # type: ignore[no-untyped-def]
        start = session.scalar(Assignment.__table__.select().with_only_columns(Assignment.id).order_by(Assignment.id.desc()).limit(1)) or 0
        rows, links = [], []
        for i in range(N):
            due = TODAY + timedelta(days=(i % 400) - 200)
            rows.append(dict(
                id=start + i + 1, document_id=doc, position=i, ref=f"{i}", title=f"Nhiệm vụ số {i}: =rà soát, \"kiểm tra\"",
                body="Nội dung " * 20, work_status="not_started", next_due=due, due_key=due, search_text=f"nhiem vu {i}",
                lead_agency_id=lead, lead_count=1,  # as assignments._set_agencies keeps them
            ))
            links.append(dict(assignment_id=start + i + 1, agency_id=lead, role="lead", position=0))
            links.append(dict(assignment_id=start + i + 1, agency_id=support, role="support", position=0))
        session.execute(insert(Assignment), rows)
        session.execute(insert(AssignmentAgency), links)

    db.write(work)
    yield db
    db.dispose()


def test_export_memory_stays_flat(big_db: Database, tmp_path: Path) -> None:
    query = AssignmentQuery(today=TODAY)
    out = tmp_path / "all.csv"

    tracemalloc.start()
    try:
        export.write_assignments(big_db, query, tmp_path / "warmup.csv", page=500)  # imports, caches
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        n = export.write_assignments(big_db, query, out, page=500)
        _, peak_export = tracemalloc.get_traced_memory()
        export_cost = peak_export - base

        # What holding every row would take: the same rows as one list.
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        everything = assignments.list_assignments(big_db, query, limit=N)
        _, peak_all = tracemalloc.get_traced_memory()
        all_cost = peak_all - base
        assert len(everything) == N
        del everything
    finally:
        tracemalloc.stop()

    assert n == N
    records = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert len(records) == N + 1
    assert len({r[6] for r in records[1:]}) == N  # every assignment once, none skipped across pages
    size = out.stat().st_size
    # Streaming keeps one page: far below holding all rows, and below the file it writes.
    assert export_cost < all_cost / 4, (export_cost, all_cost)
    assert export_cost < size / 2, (export_cost, size)
