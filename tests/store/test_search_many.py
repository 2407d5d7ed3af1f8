"""A search with more hits than store.search.RANK_AT_MOST lists its newest hits first,
straight off the index; with fewer it is ranked best first (issue #8: ranking 300k hits
took seconds a keystroke)."""

from __future__ import annotations

import pytest

from store import documents, search
from store.documents import DocumentQuery

pytestmark = pytest.mark.sqlite_only("the page straight from the FTS5 index is SQLite's")


def _ids(db, text: str, limit: int, offset: int = 0) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.id for r in documents.list_documents(db, DocumentQuery(search=text), limit=limit, offset=offset)]


def test_many_hits_come_newest_first_and_page_on(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    ranked = _ids(demo_db, "chi thi", 100)
    assert len(ranked) >= 5
    monkeypatch.setattr(search, "RANK_AT_MOST", 3)
    newest = _ids(demo_db, "chi thi", 100)
    assert sorted(newest) == sorted(ranked)  # the same hits
    assert newest == sorted(ranked, reverse=True)  # newest (highest id) first
    assert _ids(demo_db, "chi thi", 2) + _ids(demo_db, "chi thi", 100, offset=2) == newest
    assert documents.count_documents(demo_db, DocumentQuery(search="chi thi")) == len(newest)


def test_few_hits_stay_ranked(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    before = _ids(demo_db, "09-CT/TU", 100)
    monkeypatch.setattr(search, "RANK_AT_MOST", len(before))
    assert _ids(demo_db, "09-CT/TU", 100) == before


def test_many_assignment_hits_come_newest_first(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from store import assignments
    from store.assignments import AssignmentQuery

    def ids(limit: int, offset: int = 0) -> list[int]:
        rows = assignments.list_assignments(demo_db, AssignmentQuery(search="bao cao"), limit=limit, offset=offset)
        return [r.id for r in rows]

    ranked = ids(200)
    assert len(ranked) >= 5
    monkeypatch.setattr(search, "RANK_AT_MOST", 3)
    newest = ids(200)
    assert newest == sorted(ranked, reverse=True)
    assert ids(3) + ids(200, offset=3) == newest
