"""Computed lists longer than the table's window (the agenda, the scoreboard): the count in
the status line is the whole list's, not the rows the table happens to hold."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import TODAY, screen_text, started, table_of


@pytest.fixture
def generated(generated_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tui.widgets import paged_table

    # the table's sizes divided by four (a window of 45 rows, fetched 15 at a time, the next
    # page asked for 10 rows from an edge), so that every list here is several windows long
    monkeypatch.setattr(paged_table, "PAGE", 15)
    monkeypatch.setattr(paged_table, "MAX_WINDOW", 45)
    monkeypatch.setattr(paged_table, "NEAR", 10)
    path = tmp_path / "generated.db"
    shutil.copy(generated_db_file, path)
    return path


def status_info(app: Any) -> str:
    return str(app.screen.status.info)


async def test_scoreboard_counts_every_agency(generated: Path, open_db: Any) -> None:
    from store import reports
    from store.i18n import number

    async with started(generated, "5") as (app, _pilot):
        start, end = app.screen.period()
        rows = reports.scoreboard(open_db(generated), start=start, end=end, today=TODAY)
        assert len(rows) > 2 * len(table_of(app).rows_held) > 0
        assert status_info(app) == f"{number(len(rows))} cơ quan"


async def test_deadlines_count_every_item_once(generated: Path) -> None:
    from screens.deadlines import Entry

    async with started(generated, "3") as (app, pilot):
        table = table_of(app)
        items = {(e.item.assignment_id, e.item.deadline_id, e.item.due)
                 for e in table.source.rows if isinstance(e, Entry)}
        assert len(items) > 2 * table.row_count > 0
        assert status_info(app) == f"{len(items):,} hạn".replace(",", ".")
        # by lead agency an item shows under each of its lead agencies, and still counts once
        await pilot.press("v")
        for _ in range(5):
            await pilot.pause()
        entries = [e for e in table_of(app).source.rows if isinstance(e, Entry)]
        assert len(entries) > len(items)
        assert status_info(app) == f"{len(items):,} hạn".replace(",", ".")


async def test_deadlines_read_more_as_the_cursor_nears_a_cut(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The agenda opens with the first of AGENDA_LIMITS assignments a part; walking down to
    the last overdue items reads more of the backlog, and going to the end reads more of the
    days to come (again while the cursor is still near the end: a quarter's report day shared
    by more assignments than a limit adds nothing before it), the cursor staying on its item
    each time, until nothing is left out."""
    from screens import deadlines
    from screens.deadlines import Entry, Group
    from tests.tui.conftest import settle

    monkeypatch.setattr(deadlines, "AGENDA_LIMITS", (12, 30, 10**6))

    def late_assignments(table: Any) -> int:
        return len({e.item.assignment_id for e in table.source.rows
                    if isinstance(e, Entry) and e.item.bucket(TODAY) == "overdue"})

    async with started(generated, "3") as (app, pilot):
        table = table_of(app)
        rows = table.source.rows
        assert late_assignments(table) == 12 and rows.overdue_cut and rows.window_cut
        assert rows[1].label.strip() == "↓ cuộn xuống để đọc thêm; f lọc, / tìm để xem đủ; x xuất đủ"
        before = {e.item for e in rows if isinstance(e, Entry)}
        # down to the last overdue items: the backlog is read again with 30
        while table.window_start + table.cursor_row < rows.overdue_end - deadlines.GROW_NEAR:
            await pilot.press("down")
        key = table.current_key
        await settle(app, pilot)
        assert app.screen._reads == (1, 0) and late_assignments(table) == 30
        assert table.current_key == key  # the cursor stayed on its item
        grown = table.source.rows
        assert grown.overdue_end > rows.overdue_end and grown.window_cut
        assert before < {e.item for e in grown if isinstance(e, Entry)}  # nothing listed before is gone
        # the end of the list: the days to come read with 30 (nothing more before the report
        # day), and so with all of them
        await pilot.press("G")
        key = table.current_key
        await settle(app, pilot)
        assert app.screen._reads == (1, 2) and not table.source.rows.window_cut
        assert table.current_key == key and table.current_row is not table.rows_held[-1]
        assert late_assignments(table) == 30
        # the backlog to the end: nothing is left out, nothing says so
        table.move_cursor(row=table.source.rows.overdue_end - table.window_start)
        await settle(app, pilot)
        assert app.screen._reads == (2, 2) and late_assignments(table) == app.overdue_count
        assert not any(isinstance(r, Group) and r.key.startswith("cut") for r in table.source.rows)
        # another list (grouped by agency, and back) starts again from the first limits
        await pilot.press("v")
        await settle(app, pilot)
        assert app.screen._reads == (1, 1)
        await pilot.press("v")
        await settle(app, pilot)
        assert app.screen._reads == (0, 0) and late_assignments(table_of(app)) == 12


async def test_deadlines_read_more_after_another_list_replaced_a_pending_read(
        generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read of more that another list (a search, a filter, the grouping) replaced before
    its rows came does not keep the view from reading more afterwards."""
    from screens import deadlines
    from tests.tui.conftest import settle

    monkeypatch.setattr(deadlines, "AGENDA_LIMITS", (12, 30, 10**6))
    async with started(generated, "3") as (app, pilot):
        screen = app.screen
        screen._growing = screen.make_source()  # a read of more under way, never shown
        await pilot.press("v")
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert screen._growing is None and screen._reads == (0, 0)
        table = table_of(app)
        rows = table.source.rows
        table.move_cursor(row=rows.overdue_end - table.window_start)
        await settle(app, pilot)
        assert screen._reads[0] == 1


async def test_mouse_wheel_moves_the_cursor_through_every_page(generated: Path) -> None:
    """The wheel walks the whole register, page after page, not only the rows held."""
    from textual import events

    from store.quick import open_reader

    reader = open_reader(generated)
    assert reader is not None
    total = reader.count_documents()
    reader.close()

    def wheel(table: Any, down: bool) -> None:
        kind = events.MouseScrollDown if down else events.MouseScrollUp
        table.post_message(kind(table, 5, 5, 0, 1 if down else -1, 0, False, False, False))

    async with started(generated) as (app, pilot):
        table = table_of(app)
        assert total > 3 * 45  # several windows of the test's 45 rows
        seen = []
        for _ in range(total):  # at most; each notch moves three rows
            wheel(table, True)
            await pilot.pause()
            while table.loading_rows:
                await pilot.pause(0.01)
            seen.append(table.current_key)
            if table.window_start + table.row_count >= total and table.current_row is table.rows_held[-1]:
                break
        assert table.window_start > 0 and table.current_row is table.rows_held[-1]
        assert table.window_start + table.row_count == total
        assert len(set(seen)) > total // 3 - 5  # three rows a notch, none skipped by a page
        # and back up to the first document
        for _ in range(total):
            wheel(table, False)
            await pilot.pause()
            while table.loading_rows:
                await pilot.pause(0.01)
            if table.window_start == 0 and table.cursor_row == 0:
                break
        assert table.window_start == 0 and table.cursor_row == 0


async def test_deadlines_say_when_the_agenda_is_cut_short(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the last of AGENDA_LIMITS assignments a part (a national database's backlog), the first rows say
    what is listed and how to see the rest, each whole at 80 columns; the overdue heading says
    how many of the overdue assignments it lists; the count is of what is listed."""
    from screens import deadlines
    from screens.deadlines import Entry, Group
    from store.i18n import number

    monkeypatch.setattr(deadlines, "AGENDA_LIMITS", (12,))
    async with started(generated, "3") as (app, pilot):
        table = table_of(app)
        first, second, heading = table.source.rows[:3]
        assert isinstance(first, Group) and first.key == "cut"
        assert first.label.startswith("⚠ Chỉ hiện 12 nhiệm vụ quá hạn lâu nhất và các hạn trước ")
        assert isinstance(second, Group) and second.label.strip() == "f lọc, / tìm để xem đủ; x xuất đủ"
        screen = screen_text(app)
        assert first.label in screen and second.label.strip() in screen  # nothing cut off
        late = [e.item for e in table.source.rows if isinstance(e, Entry) and e.item.bucket(TODAY) == "overdue"]
        assert len({i.assignment_id for i in late}) == 12 < app.overdue_count  # the status line's
        assert heading.label == f"⚠ QUÁ HẠN ({number(len(late))} hạn — hiện 12 / {number(app.overdue_count)} nhiệm vụ)"
        assert heading.label in screen
        items = {(e.item.assignment_id, e.item.deadline_id, e.item.due)
                 for e in table.source.rows if isinstance(e, Entry)}
        assert status_info(app) == f"{len(items):,} hạn (rút gọn)".replace(",", ".")
        # grouped by agency, the same first rows
        await pilot.press("v")
        for _ in range(5):
            await pilot.pause()
        assert table_of(app).source.rows[:2] == [first, second]
    monkeypatch.setattr(deadlines, "AGENDA_LIMITS", (10**6,))
    async with started(generated, "3") as (app, _pilot):
        assert not any(isinstance(r, Group) and r.key == "cut" for r in table_of(app).source.rows)
