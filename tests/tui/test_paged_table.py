"""PagedTable on its own: a Line-API table over a source, paging a window of rows.

The screens' tests cover it in place; these pin what screens rely on without a database:
the messages (DataTable's attributes), literal user text, heading rows, page keys and the
bounded window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from textual.app import App, ComposeResult

from tests.tui.conftest import NASTY, screen_text, settle


@dataclass(frozen=True)
class Row:
    id: int
    text: str


def make_app(rows: list[Row], messages: list[Any]) -> Any:
    from tui.widgets.paged_table import ColumnSpec, ListSource, PagedTable

    columns = [ColumnSpec("id", "tui.col.ref", 8), ColumnSpec("text", "tui.col.kind")]

    def cells(row: Row) -> dict[str, Any]:
        if row.id < 0:
            return {"*": (row.text, "group")}
        return {"id": str(row.id), "text": (row.text, "overdue") if row.id % 2 else row.text}

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PagedTable(
                ListSource(columns, lambda r: str(r.id), cells, load=lambda db: rows),
                lambda: None, id="table",
            )

        def on_mount(self) -> None:
            table = self.query_one(PagedTable)
            table.reload()
            table.focus()

        def on_paged_table_row_selected(self, event: PagedTable.RowSelected) -> None:
            messages.append(event)

    return TableApp()


async def test_enter_posts_row_selected_with_datatable_attributes() -> None:
    from tui.widgets.paged_table import PagedTable

    messages: list[Any] = []
    app = make_app([Row(i, f"dòng {i}") for i in range(10)], messages)
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        table = app.query_one(PagedTable)
        assert table.cursor_row == 2 and table.current_key == "2"
        (event,) = messages
        assert event.row_key.value == "2" and event.cursor_row == 2
        assert event.data_table is table and event.control is table


async def test_user_text_is_literal_and_headings_span_the_row() -> None:
    rows = [Row(-1, "NHÓM [b]MỘT[/b]")] + [Row(i, s) for i, s in enumerate(NASTY)]
    app = make_app(rows, [])
    async with app.run_test(size=(100, 14)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert " NHÓM [b]MỘT[/b]" in text
        assert "[TODO] rà soát" in text
        assert "[@click=app.quit]bấm[/]" in text
        assert "Tab và xuống dòng" in text
        assert "\x1b" not in text and "\x07" not in text
        assert "điều khiển [31mđỏ[0m  chuông" in text


async def test_page_keys_move_by_a_screen_and_the_window_stays_bounded() -> None:
    from tui.widgets.paged_table import MAX_WINDOW, PAGE, PagedTable

    rows = [Row(i, f"dòng {i}") for i in range(1000)]
    app = make_app(rows, [])
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(PagedTable)
        assert table.row_count == PAGE and table.total == 1000
        visible = table.scrollable_content_region.height - 1  # under the header
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert table.cursor_row == visible
        for _ in range(40):
            await pilot.press("pagedown")
            await settle(app, pilot)
            assert table.row_count <= MAX_WINDOW
        assert table.window_start > 0
        key = int(table.current_key or 0)
        assert key == table.window_start + table.cursor_row
        await pilot.press("G")
        await settle(app, pilot)
        assert table.current_key == "999"
        await pilot.press("pageup", "up")
        await settle(app, pilot)
        assert table.current_key == str(999 - visible - 1)
        await pilot.press("g")
        await settle(app, pilot)
        assert table.current_key == "0" and table.window_start == 0


async def test_click_moves_the_cursor_and_a_second_click_selects() -> None:
    from tui.widgets.paged_table import PagedTable

    messages: list[Any] = []
    app = make_app([Row(i, f"dòng {i}") for i in range(10)], messages)
    async with app.run_test(size=(60, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(PagedTable)
        await pilot.click(PagedTable, offset=(3, 0))  # the header: nothing
        await pilot.click(PagedTable, offset=(3, 4))  # line 4 = row 3
        await settle(app, pilot)
        assert table.cursor_row == 3 and messages == []
        await pilot.click(PagedTable, offset=(3, 4))
        await settle(app, pilot)
        assert [m.row_key.value for m in messages] == ["3"]
        await pilot.hover(PagedTable, offset=(3, 6))
        await pilot.pause()
        assert table._hover == 5


def test_a_column_that_keeps_the_end_cuts_the_middle() -> None:
    from tui.widgets.paged_table import _fit

    long = ["Ban cán sự đảng Tòa án nhân dân tỉnh Long An", "Ban cán sự đảng Tòa án nhân dân tỉnh Tây Ninh",
            "Ban cán sự 法院 Tòa án nhân dân tỉnh Tây Ninh"]
    for width in (12, 20, 37):
        plain = [_fit(name, width) for name in long[:2]]
        assert plain[0] == plain[1]  # the usual ellipsis: both alike, the province lost
        kept = [_fit(name, width, keep_end=True) for name in long]
        assert kept[0] != kept[1]
        for name, text in zip(long, kept):
            assert cell_len(text) == width and text.endswith(" ") and "…" in text
            head, tail = text.rstrip().split("…")
            assert name.startswith(head) and name.endswith(tail) and tail.endswith("Ninh" if "Ninh" in name else "An")
    assert _fit("Sở Tư pháp", 20, keep_end=True) == _fit("Sở Tư pháp", 20)  # fits: untouched
