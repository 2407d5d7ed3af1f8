"""A DataTable that holds a window of rows fetched page by page, never a whole table.

DataTable measures every cell it holds (about 0.4 ms a row), so a list of 10k records would
freeze the interface. `PagedTable` keeps at most `MAX_WINDOW` rows: the first page is fetched
on load, the next one (by keyset, `after=`) when the cursor nears the end, the previous one
(by offset) when it nears the top of a window that does not start at the first row, and `G`
jumps straight to the last page. Rows are keyed by their database id.

Fetching runs in a thread worker; the results come back with `call_from_thread` and are
dropped if a newer load started meanwhile (a generation counter), so typing fast in the
search box never shows stale rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from store.i18n import t
from tui.widgets.errors import ReportsWorkerErrors
from tui.widgets.keys import translate_bindings

PAGE = 60
"""Rows fetched at a time (a screenful and a half: every row added costs ~0.4 ms to measure)."""
MAX_WINDOW = 180
"""Rows held at most; older pages are dropped as new ones arrive."""
NEAR = 40
"""How close (in rows) to an edge of the window the cursor gets before the next page loads
(more than a page-down jump, so the rows are there before the cursor is)."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a paged table.

    Attributes:
        key: column key (also the key of the cell in `PageSource.cells`).
        label: catalogue key of the header.
        width: width in cells including a one-cell gap; 0 for a flexible column.
        min_table: the column is shown only when the table is at least this wide.
        grow: extra cells the column takes when the table is at least 100 wide.
    """

    key: str
    label: str
    width: int = 0
    min_table: int = 0
    grow: int = 0


Cell = str | Text | tuple[str, str]
"""A cell: plain text, a Rich Text, or (text, style name) where the style name is one of the
table's component classes without its prefix (`overdue`, `soon`, `done`, `muted`, `group`).
A row whose cells hold the key `*` is a heading written across the whole row."""


class PageSource(Protocol):
    """What a paged table shows. `fetch` and `count` run in a worker thread."""

    columns: Sequence[ColumnSpec]

    def fetch(self, db: Any, after: Any, offset: int, limit: int) -> list[Any]: ...

    def count(self, db: Any) -> int: ...

    def keyset(self, row: Any) -> Any:
        """The `after=` value that continues past `row`, or None to page by offset."""
        ...

    def key(self, row: Any) -> str: ...

    def cells(self, row: Any) -> dict[str, Cell]: ...


def _one_line(value: str) -> str:
    return " ".join(value.split()) if "\n" in value or "\t" in value else value


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


class PagedTable(ReportsWorkerErrors, DataTable[Any]):
    """A row-cursor DataTable over a `PageSource`, loading pages in a thread.

    Args:
        database: returns the open database (called in the worker thread; may block until
            the database is open).
        quick: returns the ORM-free reader (`store.quick`) or None, in the worker thread;
            a source that can answer from it (`quick_fetch`, `quick_count`) does, and the
            database is then not waited for at all.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "tui.key.down", show=False),
        Binding("k", "cursor_up", "tui.key.up", show=False),
        Binding("g", "first_row", "tui.key.first", show=False),
        Binding("G", "last_row", "tui.key.last", show=False),
        Binding("home", "first_row", "tui.key.first", show=False),
        Binding("end", "last_row", "tui.key.last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--overdue",
        "paged-table--soon",
        "paged-table--done",
        "paged-table--muted",
        "paged-table--group",
    }

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 0;
    }
    PagedTable > .paged-table--overdue { color: $error; text-style: bold; }
    PagedTable > .paged-table--soon { color: $warning; text-style: bold; }
    PagedTable > .paged-table--done { color: $success; }
    PagedTable > .paged-table--muted { color: $text-muted; }
    PagedTable > .paged-table--group { text-style: bold reverse; }
    """

    class Loaded(Message):
        """A page arrived and is shown."""

        def __init__(self, table: PagedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(
        self,
        source: PageSource,
        database: Callable[[], Any],
        *,
        quick: Callable[[], Any] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", cell_padding=0, zebra_stripes=False)
        translate_bindings(self)
        self.source = source
        self._database = database
        self._quick = quick
        self._rows: list[Any] = []
        self._start = 0
        self._at_end = True
        self._generation = 0
        self._busy = False
        self._shown_width = 0
        self.total: int | None = None
        """Rows matching the source (None until counted)."""
        self.loading_rows = False
        """A load is under way."""

    # --- public ------------------------------------------------------------------------------

    @property
    def rows_held(self) -> list[Any]:
        """The rows held in the window, in display order."""
        return list(self._rows)

    @property
    def window_start(self) -> int:
        """Position of the first held row in the whole list."""
        return self._start

    @property
    def current_row(self) -> Any | None:
        """The row under the cursor, or None."""
        if not self._rows or not (0 <= self.cursor_row < len(self._rows)):
            return None
        return self._rows[self.cursor_row]

    @property
    def current_key(self) -> str | None:
        row = self.current_row
        return None if row is None else self.source.key(row)

    def set_source(self, source: PageSource, *, keep_key: str | None = None) -> None:
        """Show another source (a new filter or search) from its first page."""
        self.source = source
        self._shown_width = 0
        self.reload(keep_key=keep_key)

    def reload(self, *, keep_key: str | None = None) -> None:
        """Fetch the first page again (after a write), keeping the cursor on `keep_key`."""
        invalidate = getattr(self.source, "invalidate", None)
        if invalidate is not None:
            invalidate()
        self._start_load("first", keep_key=keep_key)

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
        self.total = len(self._rows)
        cursor = 0
        if keep_key is not None:
            cursor = next(
                (i for i, r in enumerate(self._rows) if self.source.key(r) == keep_key), 0
            )
        self._rebuild(cursor)
        self.post_message(self.Loaded(self))

    def refresh_cells(self) -> None:
        """Redraw the held rows (theme or language changed)."""
        self._rebuild(self.cursor_row)

    # --- actions -------------------------------------------------------------------------------

    def action_first_row(self) -> None:
        if self._start == 0:
            self.move_cursor(row=0)
        else:
            self._start_load("first")

    def action_last_row(self) -> None:
        if self._at_end:
            self.move_cursor(row=max(len(self._rows) - 1, 0))
        else:
            self._start_load("last")

    # --- loading -------------------------------------------------------------------------------

    def _start_load(self, mode: str, *, keep_key: str | None = None) -> None:
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
        fetch, count = self._readers(source)
        total: int | None = None
        if mode == "first":
            total = count()
            rows = fetch(None, 0, PAGE)
            new_start = 0
        elif mode == "same":
            total = count()
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
        else:  # last
            total = count()
            new_start = max(total - PAGE, 0)
            rows = fetch(None, new_start, PAGE)
        self.app.call_from_thread(
            self._apply, generation, mode, rows, new_start, total, keep_key
        )

    def _readers(self, source: PageSource) -> tuple[Callable[..., list[Any]], Callable[[], int]]:
        """fetch(after, offset, limit) and count() for a worker: from the quick reader when
        the source can answer there, else from the database (waited for only then)."""
        reader = self._quick() if self._quick is not None else None
        quick_fetch = getattr(source, "quick_fetch", None) if reader is not None else None
        quick_count = getattr(source, "quick_count", None) if reader is not None else None

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

        return fetch, count

    def _apply(
        self,
        generation: int,
        mode: str,
        rows: list[Any],
        new_start: int,
        total: int | None,
        keep_key: str | None,
    ) -> None:
        if generation != self._generation:
            return  # a newer load started: these rows are stale
        self._busy = False
        self.loading_rows = False
        if total is not None:
            self.total = total
        cursor = self.cursor_row
        if mode == "first":
            self._rows, self._start = rows, 0
            self._at_end = len(rows) < PAGE
            cursor = 0
            if keep_key is not None:
                for i, row in enumerate(rows):
                    if self.source.key(row) == keep_key:
                        cursor = i
                        break
        elif mode == "same":
            # Same window, fresh rows: the cursor stays on its row id, else where it was.
            self._at_end = len(rows) < max(len(self._rows), PAGE) or (
                self.total is not None and new_start + len(rows) >= self.total
            )
            self._rows, self._start = rows, new_start
            if keep_key is not None:
                cursor = next(
                    (i for i, row in enumerate(rows) if self.source.key(row) == keep_key), cursor
                )
        elif mode == "next":
            self._at_end = len(rows) < PAGE
            seen = {self.source.key(r) for r in self._rows}
            fresh = [r for r in rows if self.source.key(r) not in seen]
            combined = self._rows + fresh
            drop = max(len(combined) - MAX_WINDOW, 0)
            if self.columns and self._shown_width:
                # Paging down: add the new rows and drop the oldest, instead of measuring the
                # whole window again (a rebuild of 300 rows took ~120 ms per page).
                self._append(fresh, self._rows[:drop])
                self._rows, self._start = combined[drop:], self._start + drop
                self.move_cursor(row=min(max(cursor - drop, 0), len(self._rows) - 1), animate=False)
                self.post_message(self.Loaded(self))
                return
            self._rows, self._start = combined[drop:], self._start + drop
            cursor -= drop
        elif mode == "prev":
            seen = {self.source.key(r) for r in self._rows}
            fresh = [r for r in rows if self.source.key(r) not in seen]
            combined = fresh + self._rows
            if len(combined) > MAX_WINDOW:
                combined = combined[:MAX_WINDOW]
                self._at_end = False
            self._rows, self._start = combined, new_start
            cursor += len(fresh)
        else:  # last
            self._rows, self._start, self._at_end = rows, new_start, True
            cursor = len(rows) - 1
        self._rebuild(cursor)
        self.post_message(self.Loaded(self))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is not self or self._busy:
            return
        row = event.cursor_row
        if row != self.cursor_row:
            return  # stale: posted while the table was rebuilt (clear() puts the cursor at 0)
        if not self._at_end and row >= len(self._rows) - NEAR:
            self._start_load("next")
        elif self._start > 0 and row < NEAR:
            self._start_load("prev")

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

    def _cell(self, value: Cell | None, width: int) -> Text:
        # User text is shown literally (Text, never markup) on one line.
        if value is None:
            text = Text("")
        elif isinstance(value, Text):
            text = value.copy()
        elif isinstance(value, tuple):
            text = Text(_one_line(value[0]), style=self._style(value[1]))
        else:
            text = Text(_one_line(value))
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.truncate(max(width - 1, 1), overflow="ellipsis")
        return text

    def _spanning(self, value: Cell, widths: list[int]) -> list[Text]:
        """A heading row: one text across every column (cut at column edges)."""
        if isinstance(value, tuple):
            plain, style = _one_line(value[0]), self._style(value[1])
        else:
            plain, style = _one_line(str(value)), Style()
        total = sum(widths)
        plain = (" " + plain)[:total].ljust(total)
        out, pos = [], 0
        for w in widths:
            out.append(Text(plain[pos : pos + w], style=style, no_wrap=True, end=""))
            pos += w
        return out

    def _add(self, row: Any, layout: list[tuple[ColumnSpec, int]], used: set[str]) -> None:
        key = self.source.key(row)
        if key in used:
            return
        used.add(key)
        cells = self.source.cells(row)
        if "*" in cells:
            self.add_row(*self._spanning(cells["*"], [w for _, w in layout]), key=key)
        else:
            self.add_row(*(self._cell(cells.get(spec.key), w) for spec, w in layout), key=key)

    def _append(self, fresh: list[Any], dropped: list[Any]) -> None:
        """Add rows at the bottom and remove rows from the top, keeping the view in place."""
        layout = self._layout(self._shown_width)
        used = {str(k.value) for k in self.rows}
        for row in fresh:
            self._add(row, layout, used)
        removed = 0
        for row in dropped:
            key = self.source.key(row)
            if key in used:
                self.remove_row(key)
                removed += 1
        if removed:
            self.scroll_to(y=max(self.scroll_y - removed, 0), animate=False, immediate=True)

    def _rebuild(self, cursor: int) -> None:
        width = self.size.width or self.app.size.width
        layout = self._layout(width)
        self._shown_width = width
        self.clear(columns=True)
        for spec, w in layout:
            self.add_column(self._cell(t(spec.label), w), width=w, key=spec.key)
        used: set[str] = set()
        for row in self._rows:
            self._add(row, layout, used)
        if self._rows:
            self.move_cursor(row=min(max(cursor, 0), len(self._rows) - 1), animate=False)

    def on_resize(self) -> None:
        if self.size.width and abs(self.size.width - self._shown_width) > 0 and self.columns:
            self._rebuild(self.cursor_row)

    def on_mount(self) -> None:
        # Status colours come from the theme ($error, $warning...): redraw when it changes.
        self.watch(self.app, "theme", lambda _: self.call_after_refresh(self.refresh_cells), init=False)
