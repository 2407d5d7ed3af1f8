"""The status in SQL (`status_case`, `days_overdue_sqlite`) says what `derive` says, row by row.

Exports derive the status in their query (#8); the lists derive it in Python. Every
combination of work status, deadline and completion date around today is checked.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select

from store import assignments, documents
from store.assignments import FAR_FUTURE
from store.db import Database
from store.documents import DocumentInput
from store.models import Assignment
from store.vocab import WorkStatus

TODAY = date(2026, 3, 10)
DAYS = (None, -30, -1, 0, 1, 7, 8, 30)


def _day(offset: int | None) -> date | None:
    return None if offset is None else TODAY + timedelta(days=offset)


@pytest.fixture
def every_case(db: Database) -> Database:
    doc = documents.add(db, DocumentInput(doc_type="CT", number="1/CT", issuer="Tỉnh ủy", subject="Mẫu"))
    combos = list(itertools.product([w.value for w in WorkStatus], DAYS, DAYS))

    def work(session) -> None:  # type: ignore[no-untyped-def]
        session.execute(insert(Assignment), [
            dict(
                document_id=doc, position=i, ref="", title=f"{ws} {due} {done}", body="", work_status=ws,
                next_due=_day(due), due_key=_day(due) or FAR_FUTURE, done_on=_day(done), search_text="",
            )
            for i, (ws, due, done) in enumerate(combos)
        ])

    db.write(work)
    return db


@pytest.mark.parametrize("soon_days", [0, 7, 30])
def test_status_case_is_derive(every_case: Database, soon_days: int) -> None:
    stmt = select(
        Assignment.work_status, Assignment.next_due, Assignment.done_on,
        assignments.status_case(TODAY, soon_days),
        assignments.status_case(TODAY, soon_days, lambda key: f"label {key}"),
    )
    with every_case.read() as session:
        rows = list(session.execute(stmt))
    assert len(rows) == len(WorkStatus) * len(DAYS) ** 2
    for ws, due, done, key, label in rows:
        expected, _ = assignments.derive(ws, due, done, TODAY, soon_days)
        assert (key, label) == (expected, f"label {expected}"), (ws, due, done)


@pytest.mark.sqlite_only("julianday is SQLite's; the export's fast path is SQLite only")
def test_days_overdue_sqlite_is_derive(every_case: Database) -> None:
    stmt = select(Assignment.work_status, Assignment.next_due, Assignment.done_on, assignments.days_overdue_sqlite(TODAY))
    with every_case.read() as session:
        rows = list(session.execute(stmt))
    assert any(days for *_, days in rows)
    for ws, due, done, days in rows:
        _, expected = assignments.derive(ws, due, done, TODAY, 7)
        assert (days or 0) == expected, (ws, due, done)
