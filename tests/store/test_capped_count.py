"""Counts that stop early and last pages read from the end (issue #8: search as you type shows
"more than 2,000" at each keystroke instead of counting 300k hits, and `G` reaches the true
last row without counting first).

On SQLite and PostgreSQL alike (the demo database is copied to the test server there)."""

from __future__ import annotations

from datetime import date

import pytest

from store import assignments, documents, search
from store.assignments import AssignmentQuery
from store.documents import DocumentQuery

TODAY = date(2026, 11, 23)

ASSIGNMENT_QUERIES = [
    AssignmentQuery(today=TODAY),
    AssignmentQuery(search="bao cao", today=TODAY),
    AssignmentQuery(search="t", today=TODAY),
    AssignmentQuery(search="tang cuong", status="not_started", today=TODAY),
    AssignmentQuery(status="not_started", today=TODAY),
    AssignmentQuery(due_within=90, today=TODAY),
    AssignmentQuery(search="--", today=TODAY),  # no words: no filter
]
DOCUMENT_QUERIES = [
    DocumentQuery(),
    DocumentQuery(search="chi thi"),
    DocumentQuery(search="t"),
    DocumentQuery(search="tang cuong", doc_type="CT"),
    DocumentQuery(doc_type="CT"),
]


def _all_assignments(db, q: AssignmentQuery) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.id for r in assignments.list_assignments(db, q, limit=100_000)]


def _all_documents(db, q: DocumentQuery) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.id for r in documents.list_documents(db, q, limit=100_000)]


@pytest.mark.parametrize("q", ASSIGNMENT_QUERIES, ids=repr)
def test_assignment_count_stops_past_the_cap(demo_db, q: AssignmentQuery) -> None:  # type: ignore[no-untyped-def]
    exact = assignments.count_assignments(demo_db, q)
    assert exact == len(_all_assignments(demo_db, q))
    assert exact >= 2, "each query should find a few rows in the demo data"
    # at or above the count: exact; below it: one more than the cap ("more than ...")
    assert assignments.count_assignments(demo_db, q, at_most=exact) == exact
    assert assignments.count_assignments(demo_db, q, at_most=exact + 50) == exact
    assert assignments.count_assignments(demo_db, q, at_most=exact - 1) == exact
    assert assignments.count_assignments(demo_db, q, at_most=1) == 2
    assert assignments.count_assignments(demo_db, q, at_most=0) == 1


@pytest.mark.parametrize("q", DOCUMENT_QUERIES, ids=repr)
def test_document_count_stops_past_the_cap(demo_db, q: DocumentQuery) -> None:  # type: ignore[no-untyped-def]
    exact = documents.count_documents(demo_db, q)
    assert exact == len(_all_documents(demo_db, q))
    assert exact >= 2
    assert documents.count_documents(demo_db, q, at_most=exact) == exact
    assert documents.count_documents(demo_db, q, at_most=exact + 50) == exact
    assert documents.count_documents(demo_db, q, at_most=exact - 1) == exact
    assert documents.count_documents(demo_db, q, at_most=1) == 2


def test_a_capped_count_sees_new_rows(demo_db) -> None:  # type: ignore[no-untyped-def]
    from store.assignments import AssignmentInput

    q = AssignmentQuery(search="kiem tra chuyen de", today=TODAY)
    before = assignments.count_assignments(demo_db, q, at_most=50)
    some = assignments.list_assignments(demo_db, AssignmentQuery(today=TODAY), limit=1)[0]
    assignments.add(demo_db, AssignmentInput(document_id=some.document_id, lead=list(some.lead),
                                             title="Kiểm tra chuyên đề thi hành án"))
    assert assignments.count_assignments(demo_db, q, at_most=50) == before + 1
    assert assignments.count_assignments(demo_db, q) == before + 1


@pytest.mark.parametrize("many", [False, True], ids=["ranked", "newest-first"])
@pytest.mark.parametrize("q", ASSIGNMENT_QUERIES, ids=repr)
def test_last_assignments_are_the_end_of_the_list(demo_db, q: AssignmentQuery, many: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    if many:  # searches with more hits than this come newest first (SQLite)
        monkeypatch.setattr(search, "RANK_AT_MOST", 1)
    every = _all_assignments(demo_db, q)
    for limit in (1, 3, len(every), len(every) + 5):
        last = assignments.list_assignments(demo_db, q, limit=limit, last=True)
        assert [r.id for r in last] == every[-limit:]
        if q.search and not many:
            # the same rows as the page at that offset gives
            page = assignments.list_assignments(demo_db, q, limit=limit, offset=max(len(every) - limit, 0))
            assert [r.id for r in page] == every[-limit:]
    full = {r.id: r for r in assignments.list_assignments(demo_db, q, limit=100_000)}
    for row in assignments.list_assignments(demo_db, q, limit=3, last=True):
        assert row == full[row.id]  # every field as the list gives it


@pytest.mark.parametrize("many", [False, True], ids=["ranked", "newest-first"])
@pytest.mark.parametrize("q", DOCUMENT_QUERIES, ids=repr)
def test_last_documents_are_the_end_of_the_list(demo_db, q: DocumentQuery, many: bool,
                                                monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    if many:
        monkeypatch.setattr(search, "RANK_AT_MOST", 1)
    every = _all_documents(demo_db, q)
    full = {r.id: r for r in documents.list_documents(demo_db, q, limit=100_000)}
    for limit in (1, 2, len(every), len(every) + 5):
        last = documents.list_documents(demo_db, q, limit=limit, last=True)
        assert [r.id for r in last] == every[-limit:]
        assert all(r == full[r.id] for r in last)
