"""Exports from the views through the store's streaming writers (`store.export`).

`x` on a view writes what the view shows (its search, filters and order) with the writer made
for it, a page at a time, in the export dialog's worker (screens.dialogs.SubmitDialog's
`save`: the dialog closes once the file is written, and a folder that cannot be written is
said in it, as typed). An export that takes more than a moment shows
a small progress dialog, updated from the writer's `progress` callback (through
`call_from_thread`); Escape there cancels, and nothing is left behind (the writers write to a
temporary file and rename it at the end). `m` on the Assignments and Deadlines views writes
the meeting pack (`store.export.write_meeting`) into a folder.

Both dialogs have the separator between the cells as a field (`separator_field`): Excel splits
a double-clicked file by the Windows list separator, `;` under Vietnamese regional settings,
where a file with `,` opens as one column. They start on the one the clerk last wrote a file
with (store.prefs), and writing a file keeps the one used.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from textual.timer import Timer

from store.dates import format_date, parse_date
from store.errors import StoreError
from store.i18n import number, t

if TYPE_CHECKING:  # the dialogs are imported when first opened (not needed to start)
    from screens.dialogs import ProgressDialog

SHOW_PROGRESS_AFTER = 0.4
"""Seconds an export runs before its progress dialog appears (short ones never flash it)."""

MEETING_DUE_DAYS = 7


def separator_field() -> Any:
    """The dialogs' field for the separator between the cells (a `setting`: Enter passes it
    by), on the one the clerk last wrote a file with."""
    from screens.dialogs import DialogField
    from store import prefs

    return DialogField("delimiter", t("tui.export.delimiter"), prefs.export_delimiter(), options=[
        (t("tui.export.delimiter.comma"), ","), (t("tui.export.delimiter.semicolon"), ";"),
    ], setting=True)


def separator_of(values: dict[str, str]) -> str:
    """The separator chosen in a dialog (`separator_field`)."""
    from store import prefs

    chosen = values.get("delimiter", "")
    return chosen if chosen in prefs.EXPORT_DELIMITERS else prefs.EXPORT_DELIMITERS[0]


class ExportCancelled(Exception):
    """The clerk cancelled an export (raised from the progress callback, inside the writer)."""


class ExportProgress:
    """Runs on the UI thread: shows, updates and closes the progress dialog of one export."""

    def __init__(self, app: Any, title: str) -> None:
        self.app = app
        self.title = title
        self.cancel = threading.Event()
        self.total: int | None = None
        self.count = 0
        self.dialog: ProgressDialog | None = None
        self.finished = False
        self._timer: Timer | None = app.set_timer(SHOW_PROGRESS_AFTER, self._show)

    def _show(self) -> None:
        from screens.dialogs import ProgressDialog

        self._timer = None
        if self.finished:
            return
        self.dialog = ProgressDialog(self.title, self.cancel, self.total)
        self.app.push_screen(self.dialog)
        self.app.call_after_refresh(self._update)

    def _update(self) -> None:
        if self.dialog is not None and self.dialog.is_mounted:
            self.dialog.set_count(self.count, self.total)

    def progress(self, n: int, total: int | None = None) -> None:
        self.count = n
        if total is not None:
            self.total = total
        self._update()

    def finish(self) -> None:
        self.finished = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.dialog is not None and self.app.screen is self.dialog:
            self.dialog.dismiss(None)
        self.dialog = None

    def reporter(self) -> Any:
        """The writers' `progress` callback (called in the worker thread)."""

        def report(n: int) -> None:
            if self.cancel.is_set():
                raise ExportCancelled
            self.app.call_from_thread(self.progress, n)

        return report


def run_tracked(screen: Any, title: str, work_fn: Any) -> Any:
    """Run `work_fn(tracker)` in the current worker thread behind a progress dialog.

    Returns its result, or None when the clerk cancelled (a notice says so); the dialog is
    closed whatever happens, and other failures go on to the app's one error handler.
    """
    app = screen.app
    tracker: ExportProgress = app.call_from_thread(ExportProgress, app, title)
    try:
        return work_fn(tracker)
    except ExportCancelled:
        app.call_from_thread(screen.dondoc.say, t("tui.export.cancelled"), severity="warning")
        return None
    finally:
        app.call_from_thread(tracker.finish)


class StreamingExport:
    """`x` through a store writer: the view provides `export_rows` (and `export_total`).

    Comes before `MainScreen` in a view's bases: it replaces the generic writer.
    """

    def export_rows(self, db: Any, path: Path, progress: Any, delimiter: str) -> int:
        """Write the view's rows to `path` with a `store.export` writer (worker thread),
        `delimiter` between the cells."""
        raise NotImplementedError

    def export_total(self, db: Any) -> int | None:
        """How many rows the export will write, when cheap to know (for the bar)."""
        return None

    def write_export(self, path: Path, delimiter: str) -> int | None:
        """In the export dialog's worker thread, behind the progress dialog: the rows
        written, or None when the clerk cancelled (MainScreen.write_export)."""
        screen: Any = self
        app = screen.app

        def run(tracker: ExportProgress) -> int:
            db = screen.dondoc.database()
            total = self.export_total(db)
            if total is not None:
                app.call_from_thread(tracker.progress, 0, total)
            return self.export_rows(db, path, tracker.reporter(), delimiter)

        count = run_tracked(screen, t("tui.export.title", view=t(f"tui.view.{screen.VIEW}")), run)
        return None if count is None else int(count)


# --- the meeting pack ------------------------------------------------------------------------


def _date_problem(value: str, *, required: bool = True) -> str | None:
    if not value.strip():
        return t("tui.form.required") if required else None
    try:
        parse_date(value)
    except StoreError as exc:
        return exc.message()
    return None


def meeting_problems(values: dict[str, str]) -> dict[str, str]:
    """Inline messages for the meeting-pack dialog (empty when it can go ahead)."""
    errors: dict[str, str] = {}
    for key in ("since", "as_of"):
        problem = _date_problem(values.get(key, ""))
        if problem:
            errors[key] = problem
    if not errors and parse_date(values["since"]) > parse_date(values["as_of"]):
        errors["since"] = t("tui.meeting.since_after")
    days = values.get("days", "").strip()
    if not days.isdigit() or not 0 < int(days) <= 366:
        errors["days"] = t("tui.meeting.days_invalid")
    folder = values.get("folder", "").strip()
    if not folder:
        errors["folder"] = t("tui.form.required")
    else:
        path = Path(folder).expanduser()
        if path.exists() and not path.is_dir():
            errors["folder"] = t("tui.meeting.not_dir", path=str(path))
        elif not path.exists() and not path.parent.is_dir():
            errors["folder"] = t("err.db_missing_dir", path=str(path.parent))
    return errors


def meeting_folder(today: date) -> Path:
    """The meeting pack's folder unless the clerk types another: one per meeting day
    ("giao-ban-20261123"), in the folder the clerk last exported into (store.prefs)."""
    from store import prefs

    return prefs.export_folder() / f"{t('tui.meeting.folder_name')}-{today:%Y%m%d}"


_last_meeting: WeakKeyDictionary[Any, dict[str, str]] = WeakKeyDictionary()
"""The values of the app's last meeting pack (the next one starts from them)."""


class MeetingPack:
    """`m`: the meeting pack (giao ban) into a folder, from a small dialog that closes once
    the pack is written (a folder that cannot be written is said under it, as typed)."""

    def action_meeting_pack(self) -> None:
        from screens.base import agency_completions, export_target
        from screens.dialogs import DialogField, FieldsDialog
        from store.export import MEETING_FILES

        screen: Any = self
        today = screen.dondoc.today
        last = _last_meeting.get(screen.app, {})
        fields = [
            DialogField("since", t("tui.meeting.since"),
                        last.get("as_of") or format_date(today - timedelta(days=7)),
                        hint=t("tui.form.date_hint")),
            DialogField("as_of", t("tui.meeting.as_of"), format_date(today), hint=t("tui.form.date_hint")),
            DialogField("days", t("tui.meeting.days"), last.get("days") or str(MEETING_DUE_DAYS)),
            DialogField("agency", t("tui.meeting.agency"), last.get("agency", ""),
                        hint=t("tui.filter.any"),
                        complete=lambda text: agency_completions(screen.app, text)),
            DialogField("folder", t("tui.meeting.folder"), last.get("folder") or str(meeting_folder(today))),
            separator_field(),
        ]

        def overwrite(values: dict[str, str]) -> str | None:
            folder = export_target(values["folder"])
            existing = [name for name in MEETING_FILES.values() if (folder / name).exists()]
            if not existing:
                return None
            return t("tui.meeting.overwrite", path=str(folder), files=", ".join(existing))

        def save(values: dict[str, str]) -> tuple[Path, dict[str, int] | None]:
            from store import prefs

            folder = export_target(values["folder"])
            written = self.write_meeting(values, folder)
            if written is not None:
                _last_meeting[screen.app] = {**values, "folder": str(folder)}
                prefs.remember(prefs.EXPORT_FOLDER, str(folder.parent))
                prefs.remember(prefs.EXPORT_DELIMITER, separator_of(values))
            return folder, written

        screen.app.push_screen(
            FieldsDialog(t("tui.meeting.title"), fields, message=t("tui.meeting.message"),
                         validate=meeting_problems, confirm=overwrite, save=save,
                         store_fields={"path": "folder"}),
            self._meeting_written,
        )

    def write_meeting(self, values: dict[str, str], folder: Path) -> dict[str, int] | None:
        """Write the pack (in the dialog's worker thread, behind the progress dialog): rows
        per file, or None when the clerk cancelled."""
        from store import export

        screen: Any = self
        as_of = parse_date(values["as_of"])
        return run_tracked(screen, t("tui.meeting.title"), lambda tracker: export.write_meeting(
            screen.dondoc.database(), folder, since=parse_date(values["since"]), as_of=as_of,
            due_within=int(values["days"]), agency=values["agency"].strip() or None,
            score_since=date(as_of.year, 1, 1), delimiter=separator_of(values), progress=tracker.reporter(),
        ))

    def _meeting_written(self, result: tuple[Path, dict[str, int] | None] | None) -> None:
        if result is None or result[1] is None:  # closed, or cancelled (and said so)
            return
        screen: Any = self
        folder, written = result
        rows = ", ".join(f"{name}: {number(n)}" for name, n in written.items())
        screen.dondoc.say(t("tui.meeting.done", path=str(folder), rows=rows))
