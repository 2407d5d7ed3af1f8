"""A table that holds a window of rows fetched page by page, never a whole table.

`PagedTable` keeps at most `MAX_WINDOW` rows: the first page is fetched on load, the next one
(by keyset, `after=`) when the cursor nears the end, the previous one (by offset) when it nears
the top of a window that does not start at the first row, and `G` jumps straight to the last
page. Rows are keyed by their database id.

It draws with the Line API (a `ScrollView` whose `render_line` builds each visible line's
`Strip` straight from the source's cells, as Toolong's `LogLines` does), not with DataTable:
DataTable measures and renders every cell it holds through Rich (about 0.4 ms a row to add,
and its cell rendering dominated the first screen and each page move). Here filling a page
costs a list assignment, and drawing costs the rows on screen; drawn lines are cached per row
until the width, the theme, the focus or the cursor changes.

Fetching runs in a thread worker; the results come back with `call_from_thread` and are
dropped if a newer load started meanwhile (a generation counter), so typing fast in the
search box never shows stale rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.i18n import t
from tui.widgets.errors import ReportsWorkerErrors
from tui.widgets.keys import translate_bindings

PAGE = 60
"""Rows fetched at a time (a screenful and a half)."""
MAX_WINDOW = 180
"""Rows held at most; older pages are dropped as new ones arrive."""
WHEEL_ROWS = 3
"""Rows the cursor moves per notch of the mouse wheel."""
NEAR = 40
"""How close (in rows) to an edge of the window the cursor gets before the next page loads
(more than a page-down jump, so the rows are there before the cursor is)."""
COUNT_AT_MOST = 2000
"""Rows counted at most when a source's count is costly (a search: "thi hanh an" matches 314k
of 500k assignments, 0.1-0.2 s to count at every keystroke): past it the table knows only
"more than 2,000" (`more_than`), as store.search.RANK_AT_MOST past which hits come newest
first. The exact count follows once the list has stayed put for EXACT_COUNT_DELAY, or at
once for `G`, which needs it."""
EXACT_COUNT_DELAY = 0.6
"""Seconds a list counted only up to COUNT_AT_MOST stays unchanged (typing has settled)
before its exact count is taken in the background."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a paged table.

    Attributes:
        key: column key (also the key of the cell in `PageSource.cells`).
        label: catalogue key of the header.
        width: width in cells including a one-cell gap; 0 for a flexible column.
        min_table: the column is shown only when the table is at least this wide.
        grow: extra cells the column takes when the table is at least 100 wide.
        keep_end: a text too long loses its middle, not its end (names that differ only at
            the end: "Ban cán sự đảng Tòa án nhân dân tỉnh Long An" / "... Tây Ninh").
    """

    key: str
    label: str
    width: int = 0
    min_table: int = 0
    grow: int = 0
    keep_end: bool = False


Cell = str | Text | tuple[str, str]
"""A cell: plain text, a Rich Text, or (text, style name) where the style name is one of the
table's component classes without its prefix (`overdue`, `soon`, `done`, `muted`, `group`).
A row whose cells hold the key `*` is a heading written across the whole row."""


class PageSource(Protocol):
    """What a paged table shows. `fetch` and `count` run in a worker thread.

    A source may also have (the table looks for them):
        count_at_most(db, at_most) -> int | None: the count when it is at most `at_most`,
            else any number above it (counting stopped there); None when `count` is as
            cheap (the table then counts exactly at once).
        fetch_last(db, limit) -> list: the last `limit` rows in list order, read from the
            end of the list (`G`), instead of `fetch` at the offset `count` gives.
        quick_fetch(reader, after, offset, limit), quick_count(reader): the same from the
            ORM-free reader (store.quick), or None where it cannot answer.
    """

    columns: Sequence[ColumnSpec]

    def fetch(self, db: Any, after: Any, offset: int, limit: int) -> list[Any]: ...

    def count(self, db: Any) -> int: ...

    def keyset(self, row: Any) -> Any:
        """The `after=` value that continues past `row`, or None to page by offset."""
        ...

    def key(self, row: Any) -> str: ...

    def cells(self, row: Any) -> dict[str, Cell]: ...


_CONTROLS = {c: None for c in (*range(0x20), 0x7F)}
"""Terminal control characters: never written to the screen from user text."""


def _one_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        value = " ".join(value.split())
    return value.translate(_CONTROLS) if not value.isprintable() else value


_ONE_CELL = re.compile("[\u0020-\u007e\u00a0-\u02ff\u1e00-\u1eff\u2010-\u2027]*\\Z").match
"""Text whose every character takes one cell: ASCII, Latin-1 and Latin Extended (as Rich's own
fast path), plus Latin Extended Additional, where Vietnamese's precomposed letters are (ạ ấ
ề ộ ữ ỹ...), and common punctuation (– — ‘ ’ “ ” …)."""


def _fit(text: str, width: int, keep_end: bool = False) -> str:
    """`text` cut to `width - 1` cells with an ellipsis (the last cell is the gap between
    columns), then padded to `width` (as Rich's `Text.truncate(..., overflow="ellipsis")`).
    With `keep_end` the ellipsis replaces the middle: the start and the end are kept."""
    limit = max(width - 1, 1)
    if _ONE_CELL(text):
        # Cut by characters: Rich measures Vietnamese letters one by one (they are outside
        # its single-width fast path), ~0.1 ms a cell and most of drawing a page.
        length = len(text)
        if length > limit:
            if keep_end and limit >= 5:
                head = (limit - 1) // 2
                text = text[:head].rstrip() + "…" + text[length - (limit - 1 - head):].lstrip()
                length = len(text)
            else:
                text = text[: limit - 1] + "…"
                length = limit
        return text + " " * (width - length) if width > length else text
    length = cell_len(text)
    if length > limit:
        if keep_end and limit >= 5:
            head = (limit - 1) // 2
            tail = limit - 1 - head
            text = set_cell_size(text, head).rstrip() + "…" + _last_cells(text, tail).lstrip()
            length = cell_len(text)
        else:
            text = set_cell_size(text, limit - 1) + "…"
            length = limit
    return text + " " * (width - length) if width > length else text


def _last_cells(text: str, cells: int) -> str:
    """The end of `text` that takes at most `cells` cells."""
    taken, start = 0, len(text)
    while start > 0 and taken + cell_len(text[start - 1]) <= cells:
        start -= 1
        taken += cell_len(text[start])
    return text[start:]


class ListSource:
    """A source over rows held in memory (computed lists such as the agenda, detail lists).

    Args:
        columns: the table's columns.
        key: row -> row key.
        cells: row -> cells.
        load: computes the rows (in the worker thread, given the database); None when the
            rows are given with `show`.
    """

    def __init__(
        self,
        columns: Sequence[ColumnSpec],
        key: Callable[[Any], str],
        cells: Callable[[Any], dict[str, Cell]],
        load: Callable[[Any], list[Any]] | None = None,
    ) -> None:
        self.columns = columns
        self._key = key
        self._cells = cells
        self._load = load
        self._rows: list[Any] | None = None

    def invalidate(self) -> None:
        """Compute the rows again at the next fetch."""
        self._rows = None

    @property
    def rows(self) -> list[Any]:
        """Every row of the list as last computed (empty before the first load); the table
        holds only a window of them."""
        return self._rows or []

    def _all(self, db: Any) -> list[Any]:
        if self._rows is None:
            self._rows = self._load(db) if self._load is not None else []
        return self._rows

    def fetch(self, db: Any, after: Any, offset: int, limit: int) -> list[Any]:
        return self._all(db)[offset : offset + limit]

    def count(self, db: Any) -> int:
        return len(self._all(db))

    def keyset(self, row: Any) -> Any:
        return None

    def key(self, row: Any) -> str:
        return self._key(row)

    def cells(self, row: Any) -> dict[str, Cell]:
        return self._cells(row)


class RowKey:
    """The key of a row in a message (`event.row_key.value`, as DataTable's messages have)."""

    __slots__ = ("value",)

    def __init__(self, value: str | None) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RowKey) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return f"RowKey({self.value!r})"


class PagedTable(ReportsWorkerErrors, ScrollView, can_focus=True):
    """A row-cursor table over a `PageSource`, loading pages in a thread.

    Args:
        database: returns the open database (called in the worker thread; may block until
            the database is open).
        quick: returns the ORM-free reader (`store.quick`) or None, in the worker thread;
            a source that can answer from it (`quick_fetch`, `quick_count`) does, and the
            database is then not waited for at all.
    """

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        # DataTable's keys (English descriptions: not listed in help or the palette).
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "first_row", "Top", show=False),
        Binding("ctrl+end", "last_row", "Bottom", show=False),
        Binding("j", "cursor_down", "tui.key.down", show=False),
        Binding("k", "cursor_up", "tui.key.up", show=False),
        Binding("g", "first_row", "tui.key.first", show=False),
        Binding("G", "last_row", "tui.key.last", show=False),
        Binding("home", "first_row", "tui.key.first", show=False),
        Binding("end", "last_row", "tui.key.last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--cursor",
        "paged-table--hover",
        "paged-table--header",
        "paged-table--overdue",
        "paged-table--soon",
        "paged-table--done",
        "paged-table--muted",
        "paged-table--group",
    }

    # The look of Textual's DataTable (its DEFAULT_CSS, row cursor, no zebra stripes).
    DEFAULT_CSS = """
    PagedTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        max-height: 100%;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 0;
        &:focus {
            background-tint: $foreground 5%;
            & > .paged-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .paged-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .paged-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .paged-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .paged-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .paged-table--hover {
            background: $block-hover-background;
        }
    }
    PagedTable > .paged-table--overdue { color: $error; text-style: bold; }
    PagedTable > .paged-table--soon { color: $warning; text-style: bold; }
    PagedTable > .paged-table--done { color: $success; }
    PagedTable > .paged-table--muted { color: $text-muted; }
    PagedTable > .paged-table--group { text-style: bold reverse; }
    """

    class _TableMessage(Message):
        """Something about the whole table (`table`)."""

        def __init__(self, table: PagedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> PagedTable:
            return self.table

    class Loaded(_TableMessage):
        """A page arrived and is shown."""

    class Counted(_TableMessage):
        """The exact count of a list shown as "more than COUNT_AT_MOST" arrived (`total`)."""

    class _RowMessage(Message):
        """A row event with DataTable's attributes (data_table, cursor_row, row_key)."""

        def __init__(self, table: PagedTable, cursor_row: int, key: str | None) -> None:
            super().__init__()
            self.data_table = table
            self.cursor_row = cursor_row
            self.row_key = RowKey(key)

        @property
        def control(self) -> PagedTable:
            return self.data_table

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row (DataTable.RowHighlighted's attributes)."""

    class RowSelected(_RowMessage):
        """Enter (or a click on the cursor row) on a row (DataTable.RowSelected's attributes)."""

    def __init__(
        self,
        source: PageSource,
        database: Callable[[], Any],
        *,
        quick: Callable[[], Any] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        translate_bindings(self)
        self.source = source
        self._database = database
        self._quick = quick
        self._rows: list[Any] = []
        self._shown_source: PageSource = source
        """The source the held rows came from (a new one may be loading)."""
        self._start = 0
        self._at_end = True
        self._generation = 0
        self._busy = False
        self._cursor = 0
        self._hover: int | None = None
        self._render_key: tuple[Any, ...] | None = None
        self._columns: list[tuple[ColumnSpec, int]] = []
        self._line_width = 0
        self._styles: dict[str, Style] = {}
        self._header: Strip | None = None
        self._strips: dict[tuple[Any, ...], Strip] = {}
        """Drawn rows: (row key, id(row), cursor, hover) -> Strip, for the render key."""
        self.total: int | None = None
        """Rows matching the source (None until counted exactly)."""
        self.more_than: int | None = None
        """Set when the rows were counted only up to COUNT_AT_MOST and there are more: the
        count is above this (`total` is None until the exact count arrives)."""
        self._count_timer: Any = None
        self._count_token = 0
        """Bumped whenever the count shown is replaced: a late exact count of an earlier
        list is dropped."""
        self.loading_rows = False
        """A load is under way."""
        self._empty_text = ""

    # --- public ------------------------------------------------------------------------------

    @property
    def rows_held(self) -> list[Any]:
        """The rows held in the window, in display order."""
        return list(self._rows)

    @property
    def row_count(self) -> int:
        """Rows held (drawn) in the window."""
        return len(self._rows)

    @property
    def window_start(self) -> int:
        """Position of the first held row in the whole list."""
        return self._start

    @property
    def shown_source(self) -> PageSource:
        """The source of the rows on screen (`source` may be a new one whose rows are on
        their way)."""
        return self._shown_source

    @property
    def cursor_row(self) -> int:
        """Index of the cursor in the held rows."""
        return self._cursor

    @property
    def current_row(self) -> Any | None:
        """The row under the cursor, or None."""
        if not self._rows or not (0 <= self._cursor < len(self._rows)):
            return None
        return self._rows[self._cursor]

    @property
    def current_key(self) -> str | None:
        row = self.current_row
        return None if row is None else self.source.key(row)

    @property
    def empty_text(self) -> str:
        """Said on the first line of an empty list instead of nothing (a search that found
        nothing: "Không tìm thấy …"); "" for none. The screen sets it as each list comes."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        if text != self._empty_text:
            self._empty_text = text
            self.refresh()

    def set_source(self, source: PageSource, *, keep_key: str | None = None) -> None:
        """Show another source (a new filter or search) from its first page."""
        self.source = source
        self.reload(keep_key=keep_key)

    def reload(self, *, keep_key: str | None = None) -> None:
        """Fetch the first page again (after a write), keeping the cursor on `keep_key`."""
        invalidate = getattr(self.source, "invalidate", None)
        if invalidate is not None:
            invalidate()
        self._start_load("first", keep_key=keep_key)

    def load_first_now(self, reader: Any) -> bool:
        """Show the first page at once, read here on the UI thread from the ORM-free reader
        (`store.quick`), when the source can answer there; False (nothing done) otherwise,
        or if reading failed (`reload` then loads it in a worker and reports any error).

        For the app's first screen only: the register's count and first page take a few
        ms of read-only SQLite, and the first frame then has rows instead of coming twice
        (empty, then filled after the worker's round trip).
        """
        quick_fetch = getattr(self.source, "quick_fetch", None)
        quick_count = getattr(self.source, "quick_count", None)
        if reader is None or quick_fetch is None or quick_count is None:
            return False
        try:
            total = quick_count(reader)
            rows = quick_fetch(reader, None, 0, PAGE) if total is not None else None
        except Exception:  # noqa: BLE001 - the worker tries again and reports it
            return False
        if rows is None:
            return False
        self._generation += 1
        self._apply(self._generation, "first", rows, 0, total, None)
        return True

    def refresh_window(self, *, keep_key: str | None = None) -> None:
        """Fetch the rows held again where they are (another session wrote), keeping the
        cursor on `keep_key`, else at the same position; the first page if the window is
        gone (rows deleted)."""
        invalidate = getattr(self.source, "invalidate", None)
        if invalidate is not None:
            invalidate()
        self._start_load("same", keep_key=keep_key)

    def show(self, rows: Sequence[Any], *, keep_key: str | None = None) -> None:
        """Show rows already in hand (small lists on detail screens), no fetching."""
        self._generation += 1
        self._busy = False
        self.loading_rows = False
        self._rows, self._start, self._at_end = list(rows), 0, True
        self._new_count()
        self.total = len(self._rows)
        cursor = 0
        if keep_key is not None:
            cursor = next(
                (i for i, r in enumerate(self._rows) if self.source.key(r) == keep_key), 0
            )
        self._replaced(cursor, scroll_y=0)
        self.post_message(self.Loaded(self))

    def refresh_cells(self) -> None:
        """Redraw the held rows (theme or language changed)."""
        self._clear_cache()
        self.refresh()

    def move_cursor(
        self, *, row: int | None = None, animate: bool = False, scroll: bool = True
    ) -> None:
        """Put the cursor on `row` (kept within the held rows) and show it."""
        if row is None:
            return
        old = self._cursor
        new = min(max(row, 0), max(len(self._rows) - 1, 0))
        self._cursor = new
        if scroll:
            self._scroll_to_cursor()
        if new != old:
            self._refresh_row(old)
            self._refresh_row(new)
            if new < len(self._rows):
                self.post_message(
                    self.RowHighlighted(self, new, self._shown_source.key(self._rows[new]))
                )
        self._maybe_page()

    # --- actions -------------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self._set_hover(None)
        if self._cursor > 0:
            self.move_cursor(row=self._cursor - 1)
        else:
            self._maybe_page()

    def action_cursor_down(self) -> None:
        self._set_hover(None)
        if self._cursor < len(self._rows) - 1:
            self.move_cursor(row=self._cursor + 1)
        else:
            self._maybe_page()

    def action_page_down(self) -> None:
        # As DataTable: the view moves a screenful, the cursor as many rows.
        self._set_hover(None)
        height = self._visible_rows()
        target = min(self._cursor + height, len(self._rows) - 1)
        self.scroll_to(y=self.scroll_offset.y + height, animate=False, force=True)
        self.move_cursor(row=target)

    def action_page_up(self) -> None:
        self._set_hover(None)
        height = self._visible_rows()
        target = max(self._cursor - height, 0)
        self.scroll_to(y=self.scroll_offset.y - height, animate=False, force=True)
        self.move_cursor(row=target)

    def action_first_row(self) -> None:
        self._set_hover(None)
        if self._start == 0:
            self.move_cursor(row=0)
        else:
            self._start_load("first")

    def action_last_row(self) -> None:
        self._set_hover(None)
        if self._at_end:
            self.move_cursor(row=max(len(self._rows) - 1, 0))
        else:
            self._start_load("last")

    def action_select_cursor(self) -> None:
        self._set_hover(None)
        self._post_selected()

    def _post_selected(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.RowSelected(self, self._cursor, self._shown_source.key(row)))

    # --- loading -------------------------------------------------------------------------------

    def _start_load(self, mode: str, *, keep_key: str | None = None) -> None:
        if mode in ("first", "same", "last"):
            self._new_count()  # the count comes again with the rows
        self._generation += 1
        self._busy = True
        self.loading_rows = True
        self._fetch(
            self._generation, mode, self.source, list(self._rows), self._start, keep_key
        )

    @work(thread=True, exclusive=True, group="paged-table", exit_on_error=False)
    def _fetch(
        self,
        generation: int,
        mode: str,
        source: PageSource,
        held: list[Any],
        start: int,
        keep_key: str | None,
    ) -> None:
        fetch, count, shown_count, fetch_last = self._readers(source)
        total: int | None = None
        more_than: int | None = None
        if mode == "first":
            total, more_than = shown_count()
            rows = fetch(None, 0, PAGE)
            new_start = 0
        elif mode == "same":
            total, more_than = shown_count()
            rows = fetch(None, start, max(len(held), PAGE))
            new_start = start
            if not rows and start > 0:
                rows, new_start = fetch(None, 0, PAGE), 0
        elif mode == "next":
            after = source.keyset(held[-1]) if held else None
            offset = 0 if after is not None else start + len(held)
            rows = fetch(after, offset, PAGE)
            new_start = start
        elif mode == "prev":
            new_start = max(start - PAGE, 0)
            rows = fetch(None, new_start, start - new_start)
        else:  # last: the exact count (the window's position), the rows from the end
            total = count()
            if fetch_last is not None:
                rows = fetch_last(PAGE)
                new_start = max(total - len(rows), 0)
            else:
                new_start = max(total - PAGE, 0)
                rows = fetch(None, new_start, PAGE)
        self.app.call_from_thread(
            self._apply, generation, mode, rows, new_start, total, keep_key, more_than
        )

    def _readers(self, source: PageSource) -> tuple[
        Callable[..., list[Any]], Callable[[], int],
        Callable[[], tuple[int | None, int | None]], Callable[[int], list[Any]] | None,
    ]:
        """fetch(after, offset, limit), count(), shown_count() -> (total, more_than) and
        fetch_last(limit) (None when the source has none) for a worker: from the quick
        reader when the source can answer there, else from the database (waited for only
        then)."""
        reader = self._quick() if self._quick is not None else None
        quick_fetch = getattr(source, "quick_fetch", None) if reader is not None else None
        quick_count = getattr(source, "quick_count", None) if reader is not None else None
        source_at_most = getattr(source, "count_at_most", None)
        source_last = getattr(source, "fetch_last", None)

        def fetch(after: Any, offset: int, limit: int) -> list[Any]:
            if quick_fetch is not None:
                rows = quick_fetch(reader, after, offset, limit)
                if rows is not None:
                    return rows
            return source.fetch(self._database(), after, offset, limit)

        def count() -> int:
            if quick_count is not None:
                total = quick_count(reader)
                if total is not None:
                    return total
            return source.count(self._database())

        def shown_count() -> tuple[int | None, int | None]:
            """(total, None), or (None, COUNT_AT_MOST) when the source counted that far and
            found more."""
            if quick_count is not None:
                total = quick_count(reader)
                if total is not None:
                    return total, None
            if source_at_most is not None:
                counted = source_at_most(self._database(), COUNT_AT_MOST)
                if counted is not None:
                    return (None, COUNT_AT_MOST) if counted > COUNT_AT_MOST else (counted, None)
            return source.count(self._database()), None

        def fetch_last(limit: int) -> list[Any]:
            return source_last(self._database(), limit)  # type: ignore[misc]

        return fetch, count, shown_count, fetch_last if source_last is not None else None

    # --- the exact count, after a count that stopped at COUNT_AT_MOST -------------------------

    def _new_count(self) -> None:
        """The count shown is about to be replaced: a pending or running exact count is void."""
        self._count_token += 1
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None

    def _count_later(self) -> None:
        self._count_timer = self.set_timer(EXACT_COUNT_DELAY, self._count_now)

    def _count_now(self) -> None:
        self._count_timer = None
        if self.more_than is not None:
            self._count_exactly(self._count_token, self.source)

    @work(thread=True, exclusive=True, group="paged-table-count", exit_on_error=False)
    def _count_exactly(self, token: int, source: PageSource) -> None:
        total = self._readers(source)[1]()
        self.app.call_from_thread(self._counted, token, total)

    def _counted(self, token: int, total: int) -> None:
        if token != self._count_token:
            return  # the list changed meanwhile: its own count comes with it
        self.total, self.more_than = total, None
        self.post_message(self.Counted(self))

    def _apply(
        self,
        generation: int,
        mode: str,
        rows: list[Any],
        new_start: int,
        total: int | None,
        keep_key: str | None,
        more_than: int | None = None,
    ) -> None:
        if generation != self._generation:
            return  # a newer load started: these rows are stale
        self._busy = False
        self.loading_rows = False
        if total is not None:
            self.total, self.more_than = total, None
        elif more_than is not None:
            self.total, self.more_than = None, more_than
            self._count_later()
        cursor = self._cursor
        key = self.source.key
        if mode == "first":
            self._rows, self._start = rows, 0
            self._at_end = len(rows) < PAGE
            cursor = 0
            if keep_key is not None:
                for i, row in enumerate(rows):
                    if key(row) == keep_key:
                        cursor = i
                        break
            self._replaced(cursor, scroll_y=0)
        elif mode == "same":
            # Same window, fresh rows: the cursor stays on its row id, else where it was.
            self._at_end = len(rows) < max(len(self._rows), PAGE) or (
                self.total is not None and new_start + len(rows) >= self.total
            )
            self._rows, self._start = rows, new_start
            if keep_key is not None:
                cursor = next((i for i, row in enumerate(rows) if key(row) == keep_key), cursor)
            self._replaced(cursor, scroll_y=self.scroll_offset.y)
        elif mode == "next":
            # New rows at the bottom, the oldest dropped from the top; the view stays put.
            self._at_end = len(rows) < PAGE
            seen = {key(r) for r in self._rows}
            combined = self._rows + [r for r in rows if key(r) not in seen]
            drop = max(len(combined) - MAX_WINDOW, 0)
            self._rows, self._start = combined[drop:], self._start + drop
            self._shifted(-drop, cursor - drop)
        elif mode == "prev":
            seen = {key(r) for r in self._rows}
            fresh = [r for r in rows if key(r) not in seen]
            combined = fresh + self._rows
            if len(combined) > MAX_WINDOW:
                combined = combined[:MAX_WINDOW]
                self._at_end = False
            self._rows, self._start = combined, new_start
            self._shifted(len(fresh), cursor + len(fresh))
        else:  # last
            self._rows, self._start, self._at_end = rows, new_start, True
            self._replaced(len(rows) - 1, scroll_y=max(len(rows) - 1, 0))
        self.post_message(self.Loaded(self))

    def _replaced(self, cursor: int, *, scroll_y: int) -> None:
        """The held rows were replaced: drop what was drawn, put the cursor on `cursor`."""
        self._shown_source = self.source
        self._hover = None
        self._clear_cache()
        self._update_virtual_size()
        self.scroll_to(y=scroll_y, animate=False, force=True)
        self._cursor = -1  # whatever it was, the row under it changed: say so
        self.move_cursor(row=cursor)
        self.refresh()

    def _shifted(self, by: int, cursor: int) -> None:
        """Rows were added or dropped above the view (`by` rows): keep the view in place."""
        self._hover = None
        self._update_virtual_size()
        if by:
            self.scroll_to(y=self.scroll_offset.y + by, animate=False, force=True)
        if len(self._strips) > 4 * MAX_WINDOW:
            self._strips.clear()
        self._cursor = min(max(cursor, 0), max(len(self._rows) - 1, 0))
        self._scroll_to_cursor()
        self.refresh()
        self._maybe_page()

    def _maybe_page(self) -> None:
        """Load the next (previous) page when the cursor nears the end (top) of the window."""
        if self._busy or not self._rows:
            return
        row = self._cursor
        if not self._at_end and row >= len(self._rows) - NEAR:
            self._start_load("next")
        elif self._start > 0 and row < NEAR:
            self._start_load("prev")

    # --- geometry ------------------------------------------------------------------------------

    def _visible_rows(self) -> int:
        """Rows shown at once (the header takes the first line)."""
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height - 1
        if height <= 0:
            return  # not laid out yet: on_resize comes back here
        top = self.scroll_offset.y
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True)
        elif self._cursor > top + height - 1:
            self.scroll_to(y=self._cursor - height + 1, animate=False, force=True)

    def _update_virtual_size(self) -> None:
        width = self.size.width or self.app.size.width
        table = sum(w for _, w in self._layout(width))
        self.virtual_size = Size(table, len(self._rows) + 1)

    def _refresh_row(self, row: int) -> None:
        # Row r is virtual line r + 1 (the header is line 0).
        if 0 <= row < len(self._rows):
            self.refresh_line(row + 1)

    def on_resize(self) -> None:
        self._update_virtual_size()
        self._scroll_to_cursor()

    def on_mount(self) -> None:
        # Status colours come from the theme ($error, $warning...): redraw when it changes.
        self.watch(self.app, "theme", lambda _: self.call_after_refresh(self.refresh_cells), init=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if hasattr(self, "_strips"):  # also called while the widget is being created
            self._clear_cache()

    # --- mouse ---------------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return None  # outside, or the header
        row = offset.y - 1 + self.scroll_offset.y
        return row if 0 <= row < len(self._rows) else None

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover:
            old, self._hover = self._hover, row
            if old is not None:
                self._refresh_row(old)
            if row is not None:
                self._refresh_row(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    # The wheel moves the cursor, and the view with it: scrolling only the view would stop at
    # the edge of the rows held, as the next page loads when the cursor nears it.
    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if not (event.ctrl or event.shift):
            event.prevent_default()  # not Widget's: it scrolls the view alone
            event.stop()
            self._wheel(WHEEL_ROWS)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if not (event.ctrl or event.shift):
            event.prevent_default()
            event.stop()
            self._wheel(-WHEEL_ROWS)

    def _wheel(self, rows: int) -> None:
        self._set_hover(None)
        if self._rows:
            self.move_cursor(row=self._cursor + rows)

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is None:
            return
        event.stop()
        if row == self._cursor:
            self._post_selected()  # as DataTable: a click on the cursor row opens it
        else:
            self.move_cursor(row=row)

    # --- drawing -------------------------------------------------------------------------------

    def _layout(self, width: int) -> list[tuple[ColumnSpec, int]]:
        """Columns that fit `width` and their widths (flexible ones share what is left)."""
        avail = max(width - 1, 20)  # the vertical scrollbar
        shown = [c for c in self.source.columns if width >= c.min_table]
        wide = width >= 100
        fixed = sum(c.width + (c.grow if wide else 0) for c in shown if c.width)
        flex = [c for c in shown if not c.width]
        share = max((avail - fixed) // max(len(flex), 1), 10)
        return [(c, c.width + (c.grow if wide else 0) if c.width else share) for c in shown]

    def _style(self, name: str) -> Style:
        if not name:
            return Style()
        return self.get_component_rich_style(f"paged-table--{name}", partial=True)

    def _clear_cache(self) -> None:
        self._render_key = None
        self._strips.clear()
        self._header = None

    def _prepare(self) -> None:
        """Layout and styles for this width, theme and focus; drawn lines are dropped
        when any of them changed."""
        width = self.size.width or self.app.size.width
        line_width = self.scrollable_content_region.width
        base = self.rich_style
        key = (width, line_width, base, self.has_focus, self.app.theme, id(self._shown_source))
        if key == self._render_key:
            return
        self._strips.clear()
        self._header = None
        self._render_key = key
        self._line_width = line_width
        self._columns = self._layout(width)
        cursor = self.get_component_rich_style("paged-table--cursor")
        self._styles = {
            "base": base,
            "header": base + self.get_component_rich_style("paged-table--header"),
            "cursor": base + cursor,
            # As DataTable's cursor_foreground/background_priority "css": the cursor's
            # colours win over a cell's own.
            "cursor_post": Style.from_color(cursor.color, cursor.bgcolor),
            "hover": base + self.get_component_rich_style("paged-table--hover"),
        }

    def _cell_style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self._style(name)
        return style

    def _text(self, value: Cell | None) -> tuple[str, Style | None]:
        """Plain text and own style of a cell (user text stays literal: never markup)."""
        if value is None:
            return "", None
        if isinstance(value, tuple):
            return _one_line(value[0]), self._cell_style(value[1])
        if isinstance(value, Text):
            return _one_line(value.plain), value.style if isinstance(value.style, Style) else None
        return _one_line(str(value)), None

    def _row_strip(self, index: int) -> Strip:
        row = self._rows[index]
        cursor, hover = index == self._cursor, index == self._hover
        source = self._shown_source
        key = (source.key(row), id(row), cursor, hover)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        styles = self._styles
        row_style = styles["cursor"] if cursor else styles["hover"] if hover else styles["base"]
        post = styles["cursor_post"] if cursor else None
        cells = source.cells(row)
        segments: list[Segment] = []
        table = 0
        if "*" in cells:
            # A heading: one text across every column.
            value = cells["*"]
            plain, own = self._text(value)
            table = sum(w for _, w in self._columns)
            style = row_style + own if own is not None else row_style
            if post is not None:
                style += post
            segments.append(Segment(set_cell_size(" " + plain, table), style))
        else:
            for spec, width in self._columns:
                plain, own = self._text(cells.get(spec.key))
                text = _fit(plain, width, spec.keep_end)
                table += width
                if own is None:
                    segments.append(Segment(text, row_style))
                    continue
                # The cell's own style (reverse, bold...) covers its text, not the padding.
                style = row_style + own
                if post is not None:
                    style += post
                body = text.rstrip(" ")
                segments.append(Segment(body, style))
                if len(body) < len(text):
                    segments.append(Segment(text[len(body):], row_style))
        line = max(self._line_width, table)
        if line > table:
            segments.append(Segment(" " * (line - table), row_style))
        strip = Strip(segments, line)
        self._strips[key] = strip
        return strip

    def _header_strip(self) -> Strip:
        if self._header is None:
            style = self._styles["header"]
            text = "".join(_fit(_one_line(t(spec.label)), w) for spec, w in self._columns)
            line = max(self._line_width, cell_len(text))
            self._header = Strip([Segment(text.ljust(line), style)], line)
        return self._header

    def render_lines(self, crop: Region) -> list[Strip]:
        self._prepare()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if self._render_key is None:
            self._prepare()
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y == 0:
            strip = self._header_strip()
        else:
            index = y - 1 + scroll_y
            if not 0 <= index < len(self._rows):
                if index == 0 and self._empty_text:
                    style = self._styles["base"] + self._cell_style("muted")
                    return Strip([Segment(" " + _one_line(self._empty_text), style)]).crop_extend(
                        0, width, self._styles["base"])
                return Strip.blank(width, self._styles["base"])
            strip = self._row_strip(index)
        if scroll_x or strip.cell_length != width:
            strip = strip.crop_extend(scroll_x, scroll_x + width, self._styles["base"])
        return strip
