"""The dondoc application: five main views, detail screens, forms, one database.

The first screen must come fast, so nothing here imports the ORM at module import, nor
before the first rows are drawn (issue #8): the register's first page, its count, the
status line's counts and the office name come from `store.quick` (plain `sqlite3`, read
only) when the file allows it. The full database (`store.db.Database`, which pulls in
SQLAlchemy and SQLModel) is opened in a thread worker once the first rows are shown, or at
once when something needs it sooner (another view, a search, a write, a database the quick
path cannot read). Every screen reaches it through `DondocApp.database()`, which worker
threads may call (it waits until the database is open, or raises why it could not be
opened).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import Reactive, reactive
from textual.screen import Screen

from store.i18n import set_lang, t
from tui import gcpause
from tui.typeahead import TypeAhead
from tui.widgets.errors import ReportsWorkerErrors
from tui.widgets.keys import translate_bindings

DEFAULT_THEME = "ansi-dark"
"""Colours from the terminal's own palette: readable on dark and light terminals, and over
SSH with 16 colours (hex themes get approximated badly there)."""

MIN_SIZE = (56, 15)
"""Below this a notice replaces the layout (60x20 must stay readable)."""

OPEN_TIMEOUT = 60.0

GC_PAUSE_AT_MOST = 5.0
"""Seconds after mounting when the garbage collector, paused while the app starts
(tui.gcpause), is turned back on even if no rows were drawn yet."""

SETTLE_AFTER_FIRST_ROWS = 0.3
"""Seconds between the first rows drawn and what follows them (the garbage collector back
on, the full database's open): a collection over everything the start made, then the ORM's
import holding the interpreter for a second or so, kept the thread that writes the first
frame to the terminal waiting (in tmux on a loaded machine the rows showed 0.2-0.5 s after
they were drawn; with this pause, about when Textual's own first frame does)."""

HANGUP_GRACE = 3.0
"""Seconds a hung-up app gets to shut down before the process ends anyway (restoring a
terminal that is gone can block)."""

POLL_INTERVAL = 2.0
"""Seconds between looks at whether another session committed (`Database.data_version`:
a counter read, no query), so open views show other clerks' changes within about that."""


VIEWS = {
    "documents": ("screens.documents", "DocumentsScreen"),
    "assignments": ("screens.assignments", "AssignmentsScreen"),
    "deadlines": ("screens.deadlines", "DeadlineScreen"),
    "agencies": ("screens.agencies", "AgenciesScreen"),
    "scoreboard": ("screens.scoreboard", "ScoreboardScreen"),
}
"""Main views: mode name -> (module, screen class), imported when first shown."""


SCREENS_DIR = Path(__file__).resolve().parent.parent / "screens"

VIEW_CSS = [SCREENS_DIR / f"{name}.tcss" for name in VIEWS]
"""The main views' stylesheets (their CSS_PATH), read with the app's own: a stylesheet
first read when its screen is shown makes Textual parse every rule again (~a tenth of the
start on a loaded machine), so these few lines are parsed once, at start."""


_PAGE_ACTIONS = frozenset({"show_view", "drafts", "quit"})
"""The app's actions that only a page (`PAGE` screens: the lists, the details) takes."""


def _system_commands() -> type[Any]:
    from screens.commands import SystemCommands

    return SystemCommands


class DondocApp(ReportsWorkerErrors, App[None]):
    """Follow-up of directives, assignments and deadlines.

    Args:
        db: path or URL of the database (opened after the first frame).
        today: the date the app treats as today (tests and demos freeze it).
        lang: interface language (`vi`, `en`); None keeps the current one.
    """

    CSS_PATH: ClassVar[list[str | Path]] = ["app.tcss", *VIEW_CSS]
    TITLE = "dondoc"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    COMMANDS: ClassVar[set[Any]] = {_system_commands}
    """The system commands, matched diacritics ignored (screens add theirs: ScreenCommands)."""
    DEFAULT_MODE = "documents"
    """The register is the first screen: Textual composes it with the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_view('documents')", "tui.key.view_documents", show=False, id="view-documents"),
        Binding("2", "show_view('assignments')", "tui.key.view_assignments", show=False, id="view-assignments"),
        Binding("3", "show_view('deadlines')", "tui.key.view_deadlines", show=False, id="view-deadlines"),
        Binding("4", "show_view('agencies')", "tui.key.view_agencies", show=False, id="view-agencies"),
        Binding("5", "show_view('scoreboard')", "tui.key.view_scoreboard", show=False, id="view-scoreboard"),
        Binding("question_mark", "help", "tui.key.help", key_display="?", id="help"),
        Binding("b", "drafts", "tui.key.drafts", show=False, id="drafts"),
        Binding("q", "quit", "tui.key.quit", id="quit"),
    ]

    theme: Reactive[str] = Reactive(DEFAULT_THEME)
    """The terminal's own colours from the very start: set later (in on_mount) the theme
    would change after the stylesheet was parsed, and every change parses all of it again."""

    overdue_count: reactive[int | None] = reactive(None)
    """Open assignments past their deadline (None until counted)."""
    week_count: reactive[int | None] = reactive(None)
    """Open assignments due from today to the end of this week."""
    office: reactive[str] = reactive("dondoc")
    """Office name (setting `office_name`), shown in the top bar."""
    problem: reactive[str] = reactive("")
    """Why nothing can be shown (the database could not be opened), for the status line."""
    data_version: reactive[int] = reactive(0)
    """Bumped after every write made here and when another session committed: views drawn
    before it reload (the visible one at once, others when shown again)."""

    def __init__(self, db: str, *, today: date | None = None, lang: str | None = None) -> None:
        gcpause.pause()  # until the first rows are drawn (tui.gcpause)
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
        self._open_lock = threading.Lock()
        self._open_started = False
        self._first_rows_done = False
        self._quick: Any = None
        self._quick_ready = threading.Event()
        self.last_error: BaseException | None = None
        """The last failure reported (tests look at it)."""
        self._last_notice: tuple[str, float] = ("", 0.0)
        self._db_version: int | None = None
        self._polling = False
        self.role: str | None = None
        """The clerk's role (store.roles) as last read; None when the database has no roles."""
        self._drafts: Any = None
        self.hung_up = False
        """The terminal hung up (SIGHUP): the app is leaving."""
        self.type_ahead = TypeAhead(self)
        """Keys typed faster than the screens they open, held for them (tui.typeahead)."""
        for name in VIEWS:
            self.add_mode(name, partial(self._make_view, name))

    def _make_view(self, name: str) -> Screen[Any]:
        """A main view's screen, its module imported now (the first time it is shown)."""
        import importlib

        module, cls = VIEWS[name]
        screen: Screen[Any] = getattr(importlib.import_module(module), cls)()
        # Textual refreshes the whole app's CSS (parsing every rule again) for a mode's new
        # screen that has not seen the current CSS; a screen made now has nothing to refresh
        # (its widgets get their styles when mounted), as a pushed screen has not.
        screen._css_update_count = self._css_update_count
        return screen

    # --- the database --------------------------------------------------------------------

    def on_load(self) -> None:
        # Before the first screen is composed (it is the default mode's: composed on the
        # app's Compose, with no empty default screen made and resumed before it), so that
        # it finds the quick reader ready for its first page.
        self._open_quick()

    def on_mount(self) -> None:
        # Whatever happens to the first screen, the collector is not held off for long.
        self.set_timer(GC_PAUSE_AT_MOST, gcpause.resume)
        self.screen_change_signal.subscribe(self, self.type_ahead.release)
        if self._quick is None:
            self.open_database()  # the full open has work to do or something to say
        else:
            self.refresh_counts()

    def _open_quick(self) -> None:
        """The ORM-free reader for the first screen (store.quick), or None: a few ms, here
        on the UI thread so that the first page's worker finds it ready."""
        from store.quick import open_reader

        try:
            self._quick = open_reader(self.db_path)
        finally:
            self._quick_ready.set()
        if self._quick is not None:
            office = self._quick.setting("office_name")
            if office:
                self.office = str(office)

    def quick_reader(self) -> Any:
        """The `store.quick.QuickReader`, or None when the full database must answer;
        call from worker threads."""
        self._quick_ready.wait(OPEN_TIMEOUT)
        return self._quick

    @property
    def starting(self) -> bool:
        """The first screen is being made: no rows shown yet, the full database not asked for."""
        return not (self._first_rows_done or self._open_started)

    def quick_reader_now(self) -> Any:
        """The `store.quick.QuickReader` if it is open already (never waits), else None;
        for the UI thread."""
        return self._quick if self._quick_ready.is_set() else None

    def first_rows_shown(self) -> None:
        """The first screen is drawn: in a moment the garbage collector is back on and the
        full database opens in the background (anything that needs it sooner opens it at
        once)."""
        if not self._first_rows_done:
            self._first_rows_done = True
            self.set_timer(SETTLE_AFTER_FIRST_ROWS, self.after_first_rows)

    def after_first_rows(self) -> None:
        """What follows the first rows, now: the collector back on, the full database's
        open (each done once)."""
        gcpause.resume()
        self.open_database()

    def open_database(self) -> None:
        """Start opening the full database (once), from any thread."""
        with self._open_lock:
            if self._open_started:
                return
            self._open_started = True
        if self._thread_id == threading.get_ident():
            self._open_database()
        else:
            self.call_from_thread(self._open_database)

    @work(thread=True, exclusive=True, group="database", exit_on_error=False)
    def _open_database(self) -> None:
        try:
            from store.db import Database

            self._db = Database(self.db_path)
        except BaseException as exc:
            self._db_error = exc
            raise
        finally:
            self._db_ready.set()
        office = _office_name(self._db)
        self._db_version = self._db.data_version()
        self.call_from_thread(self._database_opened, office)

    def _database_opened(self, office: str | None) -> None:
        gcpause.freeze_start()  # the ORM loaded: what starting made is set aside (tui.gcpause)
        if office:
            self.office = office
        self.role = self._db.role
        # How the file can be reached (group, permissions, network filesystem...): said
        # once, in plain words, at start.
        for problem in self._db.problems:
            self.notify(problem.message(), severity="warning", timeout=20, markup=False)
        if not self.may_write():
            self.notify(t("tui.multi.read_only"), timeout=10, markup=False)
        if self._quick is None:  # else counted already, and polling redoes it on change
            self.refresh_counts()
        self.set_interval(POLL_INTERVAL, self._poll_changes, name="poll-changes")
        self._count_drafts()

    def database(self) -> Any:
        """The open `store.db.Database`; call from worker threads (blocks until it is open).

        Raises:
            StoreError: the database could not be opened.
        """
        if not self._db_ready.is_set():
            self.open_database()
        if not self._db_ready.wait(OPEN_TIMEOUT):
            from store.errors import DatabaseError

            raise DatabaseError("err.db_busy")
        if self._db_error is not None:
            raise self._db_error
        return self._db

    def on_unmount(self) -> None:
        gcpause.resume()
        if self._db is not None:
            self._db.dispose()
        if self._quick is not None:
            self._quick.close()

    # --- other sessions ------------------------------------------------------------------

    def _poll_changes(self) -> None:
        if not self._polling:
            self._polling = True
            self._look_for_changes()

    @work(thread=True, group="poll", exit_on_error=False)
    def _look_for_changes(self) -> None:
        """Off the UI thread (the counter read may wait for a lock): did anyone commit?"""
        from store.errors import StoreError

        try:
            version = self._db.data_version()
            if version == self._db_version:
                return
            self._db_version = version
            role = self._db.refresh_role()  # an admin may have changed it
        except StoreError:
            return  # busy or briefly unreadable: look again at the next tick
        finally:
            self._polling = False
        self.call_from_thread(self._others_committed, role)

    def _others_committed(self, role: str | None) -> None:
        """Someone committed: the visible screen reloads what it shows (keeping its cursor),
        the others when shown again."""
        self.role = role
        self.data_changed()
        self._refresh_visible()

    def _refresh_visible(self) -> None:
        refresh = getattr(self.screen, "refresh_if_stale", None)
        if refresh is not None:
            refresh()

    # --- drafts ------------------------------------------------------------------------------

    def drafts(self) -> Any:
        """The clerk's drafts for this database (`store.drafts.DraftStore`); any thread."""
        if self._drafts is None:
            from store.drafts import DraftStore

            self._drafts = DraftStore.for_database(self.database().path)
        return self._drafts

    @work(thread=True, group="drafts", exit_on_error=False)
    def _count_drafts(self) -> None:
        drafts = self.drafts()
        drafts.clear_stale_temp_files()
        count = len(drafts.list())
        if count:
            self.call_from_thread(
                self.notify, t("tui.multi.drafts_notice", n=count), timeout=15, markup=False
            )

    # --- keys typed ahead (tui.typeahead) ------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # A key or paste from the terminal waits here while the one before it is being
        # handled, or while the screen on top is not ready for it.
        if not self.type_ahead.arrived(event):
            await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """Before the app's bindings: a key typed on a screen that is no longer on top does
        not act on the one that is; it is held, and given to it once it is ready
        (tui.typeahead)."""
        if self.type_ahead.came_back(event):
            event.prevent_default()  # not App's own handler: it runs the bindings
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        if self.type_ahead.came_back(event):
            event.stop()

    def keys_ready(self) -> None:
        """A screen's `ready_for_keys` became true: the keys held for it go to it."""
        self.type_ahead.release()

    def action_drafts(self) -> None:
        """List the unsaved drafts; Enter reopens one in its form, with what was typed."""
        from screens.drafts import DraftsDialog

        if not isinstance(self.screen, DraftsDialog):
            self.push_screen(DraftsDialog(), self._reopen_draft)

    def _reopen_draft(self, key: str | None) -> None:
        from screens.drafts import form_for_draft

        if not key:
            return
        form = form_for_draft(key)
        if form is None:
            self.say(t("tui.multi.draft_unknown", key=key), severity="warning")
            return

        def saved(record_id: int | None) -> None:
            if record_id is not None:
                self.data_changed()
                self._refresh_visible()

        self.when_editor(lambda: self.push_screen(form, saved))

    def flush_drafts(self) -> None:
        """Write every open form's draft now (the connection is dropping)."""
        stacks = getattr(self, "_screen_stacks", {"": self.screen_stack})
        for stack in list(stacks.values()):
            for screen in list(stack):
                flush = getattr(screen, "flush_draft", None)
                if flush is not None:
                    try:
                        flush()
                    except Exception as exc:  # noqa: BLE001 - best effort while dying
                        self.log.error(repr(exc))

    def hangup(self) -> None:
        """The terminal is gone (SIGHUP; called in the main thread by the signal handler).

        Every open form's draft is written now (the half-second debounce may not have
        fired), then the app exits. A write under way is one transaction: it commits whole
        or not at all. Should shutting down hang on the dead terminal, the process ends
        anyway after HANGUP_GRACE seconds.
        """
        if self.hung_up:
            return
        self.hung_up = True
        self.flush_drafts()
        import os

        fallback = threading.Timer(HANGUP_GRACE, os._exit, args=(129,))
        fallback.daemon = True
        fallback.start()
        loop = getattr(self, "_loop", None)
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.exit, None, 129)
        else:
            os._exit(129)

    # --- roles -----------------------------------------------------------------------------

    def may_write(self) -> bool:
        """The role last read allows changing records (no roles at all counts as yes)."""
        from store.vocab import Role, rank

        return self._db is None or self.role is None or rank(self.role) >= rank(Role.EDITOR)

    def when_editor(self, proceed: Callable[[], Any]) -> None:
        """Run `proceed` if the clerk may change records; else say why, in plain words.

        The role is read again before refusing (an admin may have just granted it).
        """
        if self.may_write():
            proceed()
        else:
            self._check_role(proceed)

    @work(thread=True, group="role", exit_on_error=False)
    def _check_role(self, proceed: Callable[[], Any]) -> None:
        from store.errors import StoreError
        from store.roles import Role, require_in

        db = self.database()
        try:
            with db.read() as session:
                self.role = require_in(session, db.user, Role.EDITOR)
        except StoreError as exc:
            self.call_from_thread(self.say, exc.message(), severity="warning")
            return
        self.call_from_thread(proceed)

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
        to_sunday = 6 - self.today.weekday()
        quick = self.quick_reader()
        if quick is not None:
            overdue = quick.count_overdue(self.today)
            week = quick.count_due(self.today, to_sunday)
        else:
            from store import assignments
            from store.assignments import AssignmentQuery

            db = self.database()
            overdue = assignments.count_assignments(db, AssignmentQuery(overdue=True, today=self.today))
            week = assignments.count_assignments(db, AssignmentQuery(due_within=to_sunday, today=self.today))
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Switching views, listing the drafts and quitting are keys of the pages (the lists,
        a record's details): over a form or a dialog they would leave it behind, hidden (or
        closed, for the current view's key) with what was typed in it. There the key goes to
        the field, or nowhere (a closed drop-down list lets "2" through); Esc leaves."""
        # the help lists the keys of the screen below it
        screen = getattr(self.screen, "below", self.screen)
        if action in _PAGE_ACTIONS and not getattr(screen, "PAGE", False):
            return False
        return True

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

        from screens.commands import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(placeholder=t("tui.palette.placeholder"), id="--command-palette"))

    def search_themes(self) -> None:
        """The colour themes in a palette of ours (words translated, diacritics ignored)."""
        from screens.commands import Palette, ThemeCommands

        self.push_screen(Palette(providers=[ThemeCommands], placeholder=t("tui.palette.themes")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Vietnamese names for the few system commands kept (the screen's own come from
        `screens.commands.ScreenCommands`)."""
        yield SystemCommand(t("tui.cmd.drafts"), t("tui.cmd.drafts_help"), self.action_drafts)
        yield SystemCommand(t("tui.cmd.theme"), t("tui.cmd.theme_help"), self.action_change_theme)
        yield SystemCommand(t("tui.cmd.quit"), t("tui.cmd.quit_help"), self.action_quit)

    # --- a terminal too small ------------------------------------------------------------------

    def on_resize(self) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        small = self.size.width < MIN_SIZE[0] or self.size.height < MIN_SIZE[1]
        if not small and "screens.help" not in sys.modules:
            return  # no TooSmallScreen can be showing (its module loads when first needed)
        from screens.help import TooSmallScreen

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
