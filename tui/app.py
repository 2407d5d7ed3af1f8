"""The dondoc application: five main views, detail screens, forms, one database.

The first frame must come fast, so nothing here imports the ORM at module import: the
database (`store.db.Database`, which pulls in SQLAlchemy and SQLModel) is opened in a thread
worker after the first frame, and every screen reaches it through `DondocApp.database()`,
which worker threads may call (it waits until the database is open, or raises why it
could not be opened).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from store.i18n import set_lang, t
from tui.widgets.errors import ReportsWorkerErrors
from tui.widgets.keys import translate_bindings

DEFAULT_THEME = "ansi-dark"
"""Colours from the terminal's own palette: readable on dark and light terminals, and over
SSH with 16 colours (hex themes get approximated badly there)."""

MIN_SIZE = (56, 15)
"""Below this a notice replaces the layout (60x20 must stay readable)."""

OPEN_TIMEOUT = 60.0


def _views() -> dict[str, Any]:
    from screens.agencies import AgenciesScreen
    from screens.assignments import AssignmentsScreen
    from screens.deadlines import DeadlineScreen
    from screens.documents import DocumentsScreen
    from screens.scoreboard import ScoreboardScreen

    return {
        "documents": DocumentsScreen,
        "assignments": AssignmentsScreen,
        "deadlines": DeadlineScreen,
        "agencies": AgenciesScreen,
        "scoreboard": ScoreboardScreen,
    }


class DondocApp(ReportsWorkerErrors, App[None]):
    """Follow-up of directives, assignments and deadlines.

    Args:
        db: path or URL of the database (opened after the first frame).
        today: the date the app treats as today (tests and demos freeze it).
        lang: interface language (`vi`, `en`); None keeps the current one.
    """

    CSS_PATH = "app.tcss"
    TITLE = "dondoc"
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_view('documents')", "tui.key.view_documents", show=False, id="view-documents"),
        Binding("2", "show_view('assignments')", "tui.key.view_assignments", show=False, id="view-assignments"),
        Binding("3", "show_view('deadlines')", "tui.key.view_deadlines", show=False, id="view-deadlines"),
        Binding("4", "show_view('agencies')", "tui.key.view_agencies", show=False, id="view-agencies"),
        Binding("5", "show_view('scoreboard')", "tui.key.view_scoreboard", show=False, id="view-scoreboard"),
        Binding("question_mark", "help", "tui.key.help", key_display="?", id="help"),
        Binding("q", "quit", "tui.key.quit", id="quit"),
    ]

    overdue_count: reactive[int | None] = reactive(None)
    """Open assignments past their deadline (None until counted)."""
    week_count: reactive[int | None] = reactive(None)
    """Open assignments due from today to the end of this week."""
    office: reactive[str] = reactive("dondoc")
    """Office name (setting `office_name`), shown in the top bar."""
    problem: reactive[str] = reactive("")
    """Why nothing can be shown (the database could not be opened), for the status line."""
    data_version: reactive[int] = reactive(0)
    """Bumped after every write made here: views drawn before it reload when shown again."""

    def __init__(self, db: str, *, today: date | None = None, lang: str | None = None) -> None:
        if lang is not None:
            set_lang(lang)
        # Native ANSI colours from the start: the filters chosen here decide what NO_COLOR
        # does (with a truecolor theme it would map the ANSI theme's "default" colours to
        # black on black instead of leaving the terminal's own colours).
        super().__init__(ansi_color=True)
        translate_bindings(self)
        self.db_path = db
        self.today = today or date.today()
        self._db: Any = None
        self._db_error: BaseException | None = None
        self._db_ready = threading.Event()
        self.last_error: BaseException | None = None
        """The last failure reported (tests look at it)."""
        self._last_notice: tuple[str, float] = ("", 0.0)
        for name, factory in _views().items():
            self.add_mode(name, factory)

    # --- the database --------------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = DEFAULT_THEME
        self.switch_mode("documents")
        # The first frame needs no database: the worker starts now but waits for that frame
        # before it imports the ORM (an import in a thread while the first screen is drawn
        # slows the drawing: one GIL). Issue #8.
        first_frame = threading.Event()
        self.call_after_refresh(first_frame.set)
        self._open_database(first_frame)

    @work(thread=True, exclusive=True, group="database", exit_on_error=False)
    def _open_database(self, first_frame: threading.Event | None = None) -> None:
        if first_frame is not None:
            first_frame.wait(2.0)
        try:
            from store.db import Database

            self._db = Database(self.db_path)
        except BaseException as exc:
            self._db_error = exc
            raise
        finally:
            self._db_ready.set()
        office = _office_name(self._db)
        self.call_from_thread(self._database_opened, office)

    def _database_opened(self, office: str | None) -> None:
        if office:
            self.office = office
        self.refresh_counts()

    def database(self) -> Any:
        """The open `store.db.Database`; call from worker threads (blocks until it is open).

        Raises:
            StoreError: the database could not be opened.
        """
        if not self._db_ready.wait(OPEN_TIMEOUT):
            from store.errors import DatabaseError

            raise DatabaseError("err.db_busy")
        if self._db_error is not None:
            raise self._db_error
        return self._db

    def on_unmount(self) -> None:
        if self._db is not None:
            self._db.dispose()

    # --- counts in the status line ---------------------------------------------------------

    def data_changed(self) -> None:
        """Something was written: views reload when next shown, counts are redone."""
        self.data_version += 1
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Count overdue and due-this-week assignments again (after any write)."""
        self._count()

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _count(self) -> None:
        from store import assignments
        from store.assignments import AssignmentQuery

        db = self.database()
        overdue = assignments.count_assignments(db, AssignmentQuery(overdue=True, today=self.today))
        to_sunday = 6 - self.today.weekday()
        week = assignments.count_assignments(
            db, AssignmentQuery(due_within=to_sunday, today=self.today)
        )
        self.call_from_thread(self._set_counts, overdue, week)

    def _set_counts(self, overdue: int, week: int) -> None:
        self.overdue_count = overdue
        self.week_count = week

    def week_end(self) -> date:
        return self.today + timedelta(days=6 - self.today.weekday())

    # --- errors and messages -------------------------------------------------------------------

    def report_error(self, error: BaseException | None) -> None:
        """The one place where failed workers end up: a notice, and the app keeps running."""
        if error is None:
            return
        self.last_error = error
        from store.errors import StoreError

        if isinstance(error, StoreError):
            message = error.message()
        else:
            self.log.error(repr(error))
            message = t("tui.err.unexpected", error=f"{type(error).__name__}: {error}")
        if error is self._db_error:
            self.problem = message
        # Several workers often fail for one cause (a database that cannot be opened):
        # say it once.
        now = time.monotonic()
        if message == self._last_notice[0] and now - self._last_notice[1] < 5:
            return
        self._last_notice = (message, now)
        self.notify(message, severity="error", timeout=10, markup=False)

    def say(self, message: str, *, severity: str = "information") -> None:
        """A notice with user text in it (never markup)."""
        self.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]

    # --- navigation ----------------------------------------------------------------------------

    def action_show_view(self, name: str) -> None:
        """Show a main view; pressing its key again goes back to its list."""
        if self.current_mode == name:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        else:
            self.switch_mode(name)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(placeholder=t("tui.palette.placeholder"), id="--command-palette")
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Vietnamese names for the few system commands kept (the screen's own come from
        `screens.commands.ScreenCommands`)."""
        yield SystemCommand(t("tui.cmd.theme"), t("tui.cmd.theme_help"), self.action_change_theme)
        yield SystemCommand(t("tui.cmd.quit"), t("tui.cmd.quit_help"), self.action_quit)

    # --- a terminal too small ------------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        from screens.help import TooSmallScreen

        small = self.size.width < MIN_SIZE[0] or self.size.height < MIN_SIZE[1]
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()


def _office_name(db: Any) -> str | None:
    """The `office_name` setting, if the database has one."""
    from store import settings

    value = settings.get(db, "office_name")
    return str(value) if value else None


def make_app(db: str, *, today: date | None = None, lang: str | None = None) -> DondocApp:
    """The application, ready to run (`run_app`) or to drive in tests (`run_test`)."""
    return DondocApp(str(db), today=today, lang=lang)
