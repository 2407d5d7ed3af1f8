"""Search as you type counts only so far (issue #8): a search matching more rows than
PagedTable.COUNT_AT_MOST shows "hơn N" at once, the exact count once typing settles or at
`G` (which lands on the true last row), and another clerk's write changes the count.

The cap is lowered to 5 here so that the demo database (68 assignments) goes over it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import TODAY, screen_text, settle, started, table_of, wait_for

SIZE = (100, 24)


def status_info(app: Any) -> str:
    from tui.widgets.bars import StatusLine

    return str(app.screen.query_one(StatusLine).info)


@pytest.fixture
def demo_copy(demo_db_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_file, path)
    return path


@pytest.fixture
def low_cap(monkeypatch: pytest.MonkeyPatch) -> int:
    from tui.widgets import paged_table

    monkeypatch.setattr(paged_table, "COUNT_AT_MOST", 5)
    return 5


async def search_for(app: Any, pilot: Any, text: str) -> None:
    await pilot.press("slash")
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await pilot.press("enter")  # apply now (no debounce), back to the list
    await settle(app, pilot)


def all_hits(path: Path, text: str) -> list[int]:
    from store import assignments
    from store.assignments import AssignmentQuery
    from store.db import Database

    db = Database(path, create=False)
    try:
        return [r.id for r in assignments.list_assignments(db, AssignmentQuery(search=text, today=TODAY), limit=10_000)]
    finally:
        db.dispose()


async def test_many_hits_show_more_than_then_g_counts_and_reaches_the_last_row(
    demo_copy: Path, low_cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.widgets import paged_table

    monkeypatch.setattr(paged_table, "EXACT_COUNT_DELAY", 3600)  # only G counts here
    hits = all_hits(demo_copy, "thi")
    assert len(hits) > 60  # more than a page: G has to fetch
    async with started(demo_copy, "2", size=SIZE) as (app, pilot):
        assert "68 nhiệm vụ" in screen_text(app)  # no search: counted exactly at once
        await search_for(app, pilot, "thi")
        table = table_of(app)
        assert table.total is None and table.more_than == 5
        assert "hơn 5 nhiệm vụ" in screen_text(app)
        assert [table.source.key(r) for r in table.rows_held] == [str(i) for i in hits[:60]]
        await pilot.press("G")
        await settle(app, pilot)
        assert table.current_key == str(hits[-1])  # the true last row
        assert table.total == len(hits) and table.more_than is None
        assert table.window_start + table.cursor_row == len(hits) - 1
        assert f"{len(hits)} nhiệm vụ" in screen_text(app)
        await pilot.press("g")
        await settle(app, pilot)
        assert table.current_key == str(hits[0])
        # A search under the cap is counted exactly at once.
        await pilot.press("escape")
        await settle(app, pilot)
        await search_for(app, pilot, "kiem tra chuyen de")
        assert table.total == 3 and table.more_than is None
        assert "3 nhiệm vụ" in screen_text(app)
        assert app.last_error is None


async def test_exact_count_follows_once_typing_settles(
    demo_copy: Path, low_cap: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screens.base import MainScreen
    from tui.widgets import paged_table

    monkeypatch.setattr(paged_table, "EXACT_COUNT_DELAY", 0.2)
    shown: list[str] = []
    original = MainScreen._show_count

    def record(self: Any, table: Any) -> None:
        original(self, table)
        shown.append(str(self.status.info))

    monkeypatch.setattr(MainScreen, "_show_count", record)
    hits = all_hits(demo_copy, "thi")
    async with started(demo_copy, "2", size=SIZE, lang="en") as (app, pilot):
        shown.clear()
        await search_for(app, pilot, "thi")
        await wait_for(app, pilot, lambda: f"{len(hits)} assignments" in screen_text(app))
        assert shown[0] == "more than 5 assignments"
        assert shown[-1] == f"{len(hits)} assignments"
        table = table_of(app)
        assert table.total == len(hits) and table.more_than is None
        assert app.last_error is None


async def test_another_clerks_write_changes_the_count(
    demo_copy: Path, low_cap: int, open_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.app
    from store import assignments
    from store.assignments import AssignmentInput, AssignmentQuery
    from tui.widgets import paged_table

    monkeypatch.setattr(tui.app, "POLL_INTERVAL", 0.1)
    monkeypatch.setattr(paged_table, "EXACT_COUNT_DELAY", 0.2)
    other = open_db(demo_copy)  # a second session on the same file
    hits = all_hits(demo_copy, "thi")
    async with started(demo_copy, "2", size=SIZE) as (app, pilot):
        await search_for(app, pilot, "thi")
        await wait_for(app, pilot, lambda: f"{len(hits)} nhiệm vụ" in screen_text(app))
        some = assignments.list_assignments(other, AssignmentQuery(today=TODAY), limit=1)[0]
        assignments.add(other, AssignmentInput(document_id=some.document_id, lead=list(some.lead),
                                               title="Thi hành xong việc tồn đọng"))
        await wait_for(app, pilot, lambda: f"{len(hits) + 1} nhiệm vụ" in screen_text(app))
        table = table_of(app)
        assert table.total == len(hits) + 1
        # Without a search, the plain list's count moves too.
        await pilot.press("slash", "escape")
        await settle(app, pilot)
        await pilot.press("escape")
        await wait_for(app, pilot, lambda: "69 nhiệm vụ" in screen_text(app))
        assignments.add(other, AssignmentInput(document_id=some.document_id, lead=list(some.lead),
                                               title="Một việc nữa"))
        await wait_for(app, pilot, lambda: "70 nhiệm vụ" in screen_text(app))
        assert app.last_error is None


def test_numbers_are_grouped_as_each_language_writes_them() -> None:
    from store.i18n import number, t

    assert number(314327, lang="vi") == "314.327" and number(314327, lang="en") == "314,327"
    assert number(12, lang="vi") == "12"
    assert t("tui.count.more.assignments", lang="vi", n=number(2000, lang="vi")) == "hơn 2.000 nhiệm vụ"
    assert t("tui.count.more.documents", lang="en", n=number(2000, lang="en")) == "more than 2,000 documents"
