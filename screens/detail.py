"""What both detail screens share: the top bar and status line, loading the record in a
worker, reloading when it changed (here or in another clerk's session), going back, and
showing a folded section such as the history."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.containers import VerticalScroll

from screens.base import AppScreen
from store.dates import format_date
from tui.widgets.bars import StatusLine, TopBar


class DetailScreen(AppScreen):
    """A record in full. Subclasses set `view`, and write `fetch` and `show`."""

    CSS_PATH = "detail.tcss"
    PAGE: ClassVar[bool] = True
    """The app's keys (views 1-5, the drafts, quit) act here (DondocApp.check_action)."""

    view = ""
    """The main view the top bar marks while this screen is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.detail: Any = None
        self._shown_version = -1
        self._focus_before: Any = None

    def fetch(self, db: Any) -> Any:
        """Read the record (runs in a worker thread)."""
        raise NotImplementedError

    def show(self, detail: Any) -> None:
        """Put the record on screen (UI thread)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        bar = self.query_one(TopBar)
        bar.view = self.view
        bar.today_text = format_date(self.dondoc.today)
        bar.office = self.dondoc.office
        self.query_one("#history").display = False
        self.watch(self.app, "overdue_count", self._counts)
        self.watch(self.app, "week_count", self._counts)
        self.watch(self.app, "problem", lambda p: setattr(self.query_one(StatusLine), "problem", p))
        self.load()

    def _counts(self, _value: Any = None) -> None:
        status = self.query_one(StatusLine)
        status.overdue = self.dondoc.overdue_count
        status.due_week = self.dondoc.week_count

    def on_screen_resume(self) -> None:
        self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        """Written since shown (here or by another clerk): show it as it is now."""
        if self.detail is not None and self._shown_version != self.dondoc.data_version:
            self.load()

    def load(self) -> None:
        self._shown_version = self.dondoc.data_version
        self._load()

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load(self) -> None:
        detail = self.fetch(self.dondoc.database())
        self.app.call_from_thread(self._show, detail)

    def _show(self, detail: Any) -> None:
        self.show(detail)
        self.detail = detail

    def reload_if_saved(self, saved: Any) -> None:
        """Callback of a form: after a save, the record (and the counts) change."""
        if saved is not None:
            self.dondoc.data_changed()
            self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def toggle_section(self, section: str, title: str) -> None:
        """Show or fold a section (history, full text). Shown, its title goes to the top and
        the page itself takes the keys, so PageDown and End read on instead of moving a
        table's cursor; folded, the list that had them gets them back."""
        widget = self.query_one(section)
        body = self.query_one("#detail-body", VerticalScroll)
        widget.display = not widget.display
        if widget.display:
            if self.focused is not body:
                self._focus_before = self.focused
            body.focus(scroll_visible=False)
            # Once laid out: before that the body is not yet long enough to scroll there.
            self.call_after_refresh(
                body.scroll_to_widget, self.query_one(title), top=True, animate=False
            )
        elif self.focused is body and self._focus_before is not None and self._focus_before.display:
            self._focus_before.focus()

    def action_toggle_history(self) -> None:
        self.toggle_section("#history", "#history-title")
