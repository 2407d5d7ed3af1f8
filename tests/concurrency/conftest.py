"""Fixtures for the many-clerks tests: a seeded database file and process helpers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def seeded(tmp_path: Path, fresh_url: Any) -> Iterator[dict[str, Any]]:
    """A database file (on PostgreSQL: a database URL) with one agency, one document and
    two assignments; closed again."""
    from store import agencies, assignments, documents
    from store.assignments import AssignmentInput, DeadlineInput
    from store.db import Database
    from store.documents import DocumentInput

    path = fresh_url(tmp_path, "shared.db")
    db = Database(path)
    agencies.add(db, "Sở Tư pháp", short_name="STP")
    doc = documents.add(
        db, DocumentInput(doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy",
                          subject="về tăng cường đôn đốc", issued=date(2021, 8, 25)),
    )
    first = assignments.add(
        db, AssignmentInput(document_id=doc, ref="1", title="Tổ chức phổ biến", lead=["Sở Tư pháp"],
                            deadlines=[DeadlineInput(due=date(2026, 12, 31))]),
    )
    second = assignments.add(
        db, AssignmentInput(document_id=doc, ref="2", title="Kiểm tra", lead=["Sở Tư pháp"]),
    )
    db.dispose()
    yield {"path": path, "document": doc, "first": first, "second": second}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]
