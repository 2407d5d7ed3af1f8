"""What every main view shares: top bar, search, filters, a paged table, status line, footer,
export to CSV, and the assignment actions (mark done, add a note) several views offer.

Screens never touch the database on the UI thread: reads go through `PagedTable` workers,
writes through `@work(thread=True)` methods here or in the dialogs that take them
(screens.dialogs.SubmitDialog); both reach the database with
`app.database()` and import the store lazily (the ORM is heavy to import).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from screens.commands import ScreenCommands
from screens.guard import needs_editor
from store.dates import format_date, parse_date
from store.errors import StoreError
from store.i18n import number, t
from tui.widgets.bars import StatusLine, TopBar
from tui.widgets.errors import ReportsWorkerErrors
from tui.widgets.keybar import KeyBar
from tui.widgets.keys import translate_bindings
from tui.widgets.paged_table import PagedTable, PageSource

if TYPE_CHECKING:  # the dialogs are imported when first opened (not needed to start)
    from screens.dialogs import FilterField

SEARCH_DELAY = 0.25
"""Seconds of quiet typing before the list is searched again."""


def agency_completions(app: Any, text: str) -> list[tuple[str, str]]:
    """Agency names for a completing input (runs in a worker thread)."""
    from store import agencies

    names = agencies.complete(app.database(), text)
    return [(n, n) for n in names]


class AppScreen(ReportsWorkerErrors, Screen[Any]):
    """Any dondoc screen: translated bindings, the palette provider, a `dondoc` app."""

    COMMANDS: ClassVar[set[Any]] = {ScreenCommands}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)

    @property
    def ready_for_keys(self) -> bool:
        """Keys typed ahead for this screen (a burst right after the key that opened it, see
        tui.typeahead) wait until it is mounted and this is true. A screen still filling
        itself in (a form loading its record) says false meanwhile, then calls
        `keys_are_welcome`."""
        return True

    def keys_are_welcome(self) -> None:
        """`ready_for_keys` became true: the keys held for this screen come now."""
        keys_ready = getattr(self.app, "keys_ready", None)
        if keys_ready is not None:
            keys_ready()

    @property
    def dondoc(self) -> Any:
        """The DondocApp (typed loosely: screens do not import tui.app)."""
        return self.app


class MainScreen(AppScreen):
    """A main view: a searchable, filterable list of records in a paged table."""

    PAGE: ClassVar[bool] = True
    """The app's keys (views 1-5, the drafts, quit) act here (DondocApp.check_action)."""

    VIEW: ClassVar[str] = ""
    """Name of the view (`documents`, ...), also its mode name and catalogue suffix."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "tui.key.open", show=False),
        # A priority binding: the app acts on "/" as it receives it, before it hands the keys
        # after it to the focused widget, so that they go to the search box (#8's burst test).
        Binding("slash", "search", "tui.key.search", key_display="/", priority=True),
        Binding("f", "filter", "tui.key.filter"),
        Binding("n", "new", "tui.key.new"),
        Binding("e", "edit", "tui.key.edit", show=False),
        Binding("x", "export", "tui.key.export"),
        Binding("escape", "clear", "tui.key.clear", show=False),
        # In the search box (which has no use for them) the arrows go on to the list, as
        # Enter does; the list's own arrows move its cursor first.
        Binding("down", "to_list", show=False),
        Binding("up", "to_list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.search = ""
        self.filters: dict[str, str] = {}
        self._search_timer: Timer | None = None
        self._shown_version = -1

    # --- to implement ----------------------------------------------------------------------

    def make_source(self) -> PageSource:
        raise NotImplementedError

    def filter_fields(self) -> list[FilterField]:
        return []

    def open_key(self, key: str) -> None:
        """Open the record behind a row key."""

    def count_label(self, total: int) -> str:
        return t(f"tui.count.{self.VIEW}", n=number(total))

    def more_than_label(self, least: int) -> str:
        """The count while only known to be above `least` ("hơn 2.000 nhiệm vụ")."""
        return t(f"tui.count.more.{self.VIEW}", n=number(least))

    def empty_text(self) -> str:
        """What an empty list says in its first line: that the search (or the filters) found
        nothing, and how to go back; "" for a list empty without either."""
        what = t(f"tui.empty.what.{self.VIEW}")
        if self.search:
            key = "tui.empty.search_filtered" if self.filters else "tui.empty.search"
            return t(key, what=what, search=self.search)
        if self.filters:
            return t("tui.empty.filtered", what=what)
        return ""

    def export_name(self) -> str:
        return t(f"tui.export.file.{self.VIEW}")

    def export_table(self, db: Any) -> tuple[list[str], Iterator[Sequence[Any]]]:
        """Headers and every row of the current view (search and filters applied)."""
        raise NotImplementedError

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar()
        # The search bar (#search-bar) is mounted here, above the filter line, when first
        # opened: a hidden Input still costs its styles and its focus at every start.
        yield Static("", id="filter-line", classes="filter-line")
        yield PagedTable(self.make_source(), self.dondoc.database, quick=self.dondoc.quick_reader, id="table")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        bar = self.query_one(TopBar)
        bar.view = self.VIEW
        bar.today_text = format_date(self.dondoc.today)
        bar.office = self.dondoc.office
        self.watch(self.app, "office", self._office_changed, init=False)
        self.watch(self.app, "overdue_count", self._counts_changed)
        self.watch(self.app, "week_count", self._counts_changed)
        self.watch(self.app, "problem", self._problem_changed)
        self._show_filters()
        self.status.info = t("tui.status.loading")
        self._shown_version = self.dondoc.data_version
        # The app's first screen shows its first page in its first frame when the quick
        # reader can give it (a few ms); other views, and later loads, use the worker.
        if not self.dondoc.starting or not self.table.load_first_now(self.dondoc.quick_reader_now()):
            self.table.reload()
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        """Something was written (here, on another screen or by another clerk) since this
        list was drawn: fetch the rows shown again, the cursor staying on its record."""
        if self._shown_version != self.dondoc.data_version:
            self._shown_version = self.dondoc.data_version
            self.table.refresh_window(keep_key=self.table.current_key)

    def _office_changed(self, office: str) -> None:
        self.query_one(TopBar).office = office

    def _problem_changed(self, problem: str) -> None:
        self.status.problem = problem

    def _counts_changed(self, _value: Any = None) -> None:
        self.status.overdue = self.dondoc.overdue_count
        self.status.due_week = self.dondoc.week_count

    @property
    def table(self) -> PagedTable:
        return self.query_one("#table", PagedTable)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        self._show_count(event.table)
        event.table.empty_text = self.empty_text() if not event.table.row_count else ""
        # Rows are on screen: the full database may open now (a no-op once it has).
        self.call_after_refresh(self.dondoc.first_rows_shown)

    @on(PagedTable.Counted)
    def _counted(self, event: PagedTable.Counted) -> None:
        self._show_count(event.table)

    def _show_count(self, table: PagedTable) -> None:
        """The status line's count: exact, or "more than" while a search is being typed
        (the exact count follows once typing settles, see PagedTable.COUNT_AT_MOST)."""
        if table.more_than is not None:
            self.status.info = self.more_than_label(table.more_than)
        else:
            self.status.info = self.count_label(table.total or 0)

    @on(PagedTable.RowSelected, "#table")
    def _row_selected(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.open_key(str(event.row_key.value))

    def action_open(self) -> None:
        key = self.table.current_key
        if key is not None:
            self.open_key(key)

    def reload(self, keep_key: str | None = None) -> None:
        """Fetch the list again with the current search and filters."""
        self._shown_version = self.dondoc.data_version
        self.table.set_source(self.make_source(), keep_key=keep_key)

    def after_write(self, keep_key: str | None = None) -> None:
        """A record changed: reload this view (cursor on `keep_key`) and the counts."""
        self.dondoc.data_changed()
        self.reload(keep_key=keep_key or self.table.current_key)

    # --- search ------------------------------------------------------------------------------

    async def action_search(self) -> None:
        search = self._search_input()
        if search is not None and search.has_focus:
            raise SkipAction  # "/" typed in the search box is a letter of the search
        if search is None:
            search = Input(placeholder=t("tui.search.placeholder"), id="search")
            bar = Horizontal(Label("/", classes="search-label"), search, id="search-bar", classes="search-bar")
            await self.mount(bar, before="#filter-line")
        self._show_search_bar(True)
        # At once, not as `focus()` does it (after the messages already queued): the keys
        # typed right after "/" (a fast typist, a paste) must find the search box focused.
        self.set_focus(search)

    def _search_input(self) -> Input | None:
        """The search box, once the search bar has been opened."""
        found = self.query("#search")
        return found.first(Input) if found else None

    def _show_search_bar(self, shown: bool) -> None:
        for bar in self.query("#search-bar"):
            bar.display = shown

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        value = self.query_one("#search", Input).value.strip()
        if value != self.search:
            self.search = value
            self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._leave_search()

    def action_to_list(self) -> None:
        """↓ or ↑ in the search box: search now and go to the list (its first row)."""
        search = self._search_input()
        if search is None or not search.has_focus:
            raise SkipAction
        self._leave_search()

    def _leave_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._apply_search()
        self.table.focus()

    def clear_search(self) -> None:
        """Drop the search: the box emptied and closed (the caller reloads)."""
        search = self._search_input()
        if search is not None:
            with search.prevent(Input.Changed):
                search.value = ""
        if self._search_timer is not None:
            self._search_timer.stop()
        self.search = ""
        self._show_search_bar(False)

    def action_clear(self) -> None:
        """Escape: leave the search box, then clear the search, then the filters."""
        search = self._search_input()
        if search is not None and search.has_focus and not search.value:
            self._show_search_bar(False)
            self.table.focus()
            return
        if (search is not None and search.value) or self.search:
            self.clear_search()
            self.table.focus()
            self.reload()
            return
        if self.filters:
            self.filters = {}
            self._show_filters()
            self.reload()

    # --- filters ------------------------------------------------------------------------------

    def action_filter(self) -> None:
        fields = self.filter_fields()
        if not fields:
            return
        from screens.dialogs import FilterDialog

        self.app.push_screen(
            FilterDialog(t("tui.filter.title", view=t(f"tui.view.{self.VIEW}")), fields, self.filters),
            self._filters_chosen,
        )

    def _filters_chosen(self, values: dict[str, str] | None) -> None:
        if values is None:
            return
        self.filters = values
        self._show_filters()
        self.reload()

    def filter_summary(self) -> list[str]:
        """Human words for the active filters."""
        out: list[str] = []
        if not self.filters:
            return out  # (without making the filter fields: the dialogs load when first used)
        for f in self.filter_fields():
            value = self.filters.get(f.key)
            if value is None:
                continue
            shown = value
            if f.options:
                shown = next((label for label, v in f.options if v == value), value)
            out.append(f"{f.label}: {shown}")
        return out

    def _show_filters(self) -> None:
        line = self.query_one("#filter-line", Static)
        summary = self.filter_summary()
        line.display = bool(summary)
        if summary:
            line.update(Content(t("tui.filter.active", filters=" · ".join(summary))))

    # --- export ------------------------------------------------------------------------------

    def action_export(self) -> None:
        """`x`: the dialog takes the file's path (its folder in full: the last one used, else
        the clerk's documents or home folder) and the separator between the cells (the last
        one used, screens.exporting.separator_field), and closes once the file is written; a
        folder that cannot be written, or a file held open, is said under the path, as typed.
        Enter in the path writes the file (the separator is passed by)."""
        from screens.dialogs import DialogField, FieldsDialog
        from screens.exporting import separator_field, separator_of
        from store import prefs

        title = t("tui.export.title", view=t(f"tui.view.{self.VIEW}"))
        default = prefs.export_folder() / f"{self.export_name()}-{self.dondoc.today:%Y%m%d}.csv"
        fields = [DialogField("path", t("tui.export.path"), str(default)), separator_field()]

        def problems(values: dict[str, str]) -> dict[str, str]:
            problem = _export_path_problem(values["path"])
            return {"path": problem} if problem else {}

        def overwrite(values: dict[str, str]) -> str | None:
            path = export_target(values["path"])
            return t("tui.export.overwrite", path=str(path)) if path.exists() else None

        def save(values: dict[str, str]) -> tuple[Path, int | None]:
            path, delimiter = export_target(values["path"]), separator_of(values)
            count = self.write_export(path, delimiter)
            if count is not None:
                prefs.remember(prefs.EXPORT_FOLDER, str(path.parent))
                prefs.remember(prefs.EXPORT_DELIMITER, delimiter)
            return path, count

        self.app.push_screen(
            FieldsDialog(title, fields, message=t("tui.export.hint"), validate=problems,
                         confirm=overwrite, save=save),
            self._exported,
        )

    def _exported(self, result: tuple[Path, int | None] | None) -> None:
        if result is not None and result[1] is not None:  # (None: cancelled, and said so)
            path, count = result
            self.dondoc.say(t("tui.export.done", n=number(count), path=str(path)))

    def write_export(self, path: Path, delimiter: str) -> int | None:
        """Write the view's rows to `path`, `delimiter` between the cells (in the export
        dialog's worker thread): the number written, or None when the clerk cancelled. A file
        that cannot be written raises the store's OutputError, said in the dialog."""
        from store.csvio import atomic_csv

        headers, rows = self.export_table(self.dondoc.database())
        count = 0
        with atomic_csv(path, delimiter=delimiter) as writer:
            writer.writerow(headers)
            for row in rows:
                writer.writerow(row)
                count += 1
        return count


def export_target(value: str) -> Path:
    """The file or folder a path field names, in full (`~` and a relative path resolved)."""
    return Path(value.strip()).expanduser().absolute()


def _export_path_problem(value: str) -> str | None:
    text = value.strip()
    if not text:
        return t("tui.form.required")
    path = Path(text).expanduser()
    if path.is_dir():
        return t("tui.export.is_dir", path=str(path))
    if not path.parent.is_dir():
        return t("err.db_missing_dir", path=str(path.parent))
    return None


class AssignmentActions:
    """Mark done (`d`) and add a progress note (`a`) on the assignment under the cursor.

    The dialogs write through the store before they close: a refusal (a completion date the
    store will not take, a busy database) is said in the dialog, with the text kept.
    The screen provides `current_assignment_id() -> int | None` and `after_write()` (the mixin
    comes first in the bases, so it must not define them itself).
    """

    @needs_editor
    def action_done(self) -> None:
        screen: Any = self
        assignment_id = screen.current_assignment_id()
        if assignment_id is None:
            return
        today = format_date(screen.dondoc.today)
        from screens.dialogs import InputDialog

        def check(value: str) -> str | None:
            try:
                parse_date(value)
            except StoreError as exc:
                return exc.message()
            return None

        def save(value: str) -> str:
            from store import assignments

            assignments.set_status(screen.dondoc.database(), assignment_id, "done",
                                   done_on=parse_date(value))
            return value

        screen.app.push_screen(
            InputDialog(
                t("tui.done.title", id=assignment_id), t("tui.done.date"), value=today,
                hint=t("tui.form.date_hint"), validate=check, save=save,
            ),
            lambda saved: self._written(t("tui.done.saved", id=assignment_id), assignment_id)
            if saved is not None else None,
        )

    @needs_editor
    def action_note(self) -> None:
        screen: Any = self
        assignment_id = screen.current_assignment_id()
        if assignment_id is None:
            return
        from screens.dialogs import InputDialog

        def check(value: str) -> str | None:
            return None if value.strip() else t("tui.form.required")

        def save(value: str) -> str:
            from store import assignments

            assignments.add_note(screen.dondoc.database(), assignment_id, value)
            return value

        screen.app.push_screen(
            InputDialog(t("tui.note.title", id=assignment_id), t("tui.note.label"),
                        validate=check, save=save),
            lambda saved: self._written(t("tui.note.saved", id=assignment_id), assignment_id)
            if saved is not None else None,
        )

    def _written(self, message: str, assignment_id: int) -> None:
        screen: Any = self
        screen.dondoc.say(message)
        screen.after_write()


def history_content(rows: Sequence[Any]) -> Content:
    """The audit trail, newest first: when, who, what changed (worded by store.audit)."""
    from store import audit  # the ORM's: not imported before the first rows are drawn (#8)

    lines: list[Any] = []
    for ev in rows:
        at = ev.at
        if at.tzinfo is None:

            at = at.replace(tzinfo=UTC)
        when = at.astimezone().strftime("%d/%m/%Y %H:%M")
        if ev.action == "note":
            changed = _short((ev.after or {}).get("text"))
        elif ev.action == "create":
            changed = ""  # the record as created is the screen above
        else:
            changed = ", ".join(
                f"{label}: {_short(after)}" if before is None else f"{label}: {_short(before)} → {_short(after)}"
                for label, before, after in audit.changes(ev)
            )
        if lines:
            lines.append("\n")
        lines.append((f"{when}  {ev.actor}  ", "bold"))
        lines.append(audit.action_text(ev.action) + (f" — {changed}" if changed else ""))
    return Content.assemble(*lines)


def _short(value: Any, width: int = 40) -> str:
    text = "—" if value in (None, "", []) else (
        "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    )
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
