"""Assignments (Nhiệm vụ), key `2`: every assignment, soonest deadline first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from screens.base import AssignmentActions, MainScreen, agency_completions
from screens.dialogs import FilterField
from screens.exporting import MeetingPack, StreamingExport
from screens.guard import needs_editor
from store.dates import format_date
from store.i18n import t
from store.vocab import DOC_TYPES
from tui.widgets.paged_table import Cell, ColumnSpec

FAR_FUTURE = date(9999, 12, 31)
"""The due key of assignments without a deadline (store.assignments.FAR_FUTURE)."""

STATUSES = (
    "overdue", "due_soon", "not_started", "in_progress", "done_on_time", "done_late",
    "paused", "cancelled",
)

STATUS_SYMBOL = {
    "overdue": "⚠",
    "due_soon": "◷",
    "not_started": "○",
    "in_progress": "▶",
    "done_on_time": "✓",
    "done_late": "✓",
    "paused": "‖",
    "cancelled": "✕",
}

STATUS_STYLE = {
    "overdue": "overdue",
    "due_soon": "soon",
    "done_on_time": "done",
    "done_late": "done",
    "paused": "muted",
    "cancelled": "muted",
}

DUE_WINDOWS = ("7", "14", "30", "90")

COLUMNS = (
    ColumnSpec("document", "field.document", 12, grow=4),
    ColumnSpec("ref", "tui.col.ref", 7),
    ColumnSpec("title", "field.title"),
    ColumnSpec("lead", "field.lead", 14, min_table=70, grow=8),
    ColumnSpec("due", "tui.col.next_due", 11),
    ColumnSpec("status", "field.status", 12, grow=4),
    ColumnSpec("late", "tui.col.late", 5, min_table=70),
)


def status_text(status: str, days_overdue: int = 0) -> str:
    """Symbol and short word: `⚠ Quá hạn` (readable without colour)."""
    return f"{STATUS_SYMBOL.get(status, '·')} {t(f'tui.status_short.{status}')}"


def assignment_query(app: Any, search: str, filters: dict[str, str]) -> Any:
    from store.assignments import AssignmentQuery

    window = filters.get("due_within")
    return AssignmentQuery(
        search=search or None,
        agency=filters.get("agency"),
        role=filters.get("role"),
        status=filters.get("status"),
        due_within=int(window) if window else None,
        doc_type=filters.get("doc_type"),
        today=app.today,
    )


class AssignmentSource:
    """Assignments matching a search and filters, paged by (due key, id)."""

    columns = COLUMNS

    def __init__(self, app: Any, search: str, filters: dict[str, str]) -> None:
        self.app = app
        self.search = search
        self.filters = dict(filters)
        self._newest_first: bool | None = None
        """What this list's count said: more hits than the store ranks (None: not counted)."""

    def _query(self) -> Any:
        return assignment_query(self.app, self.search, self.filters)

    def fetch(self, db: Any, after: Any, offset: int, limit: int) -> list[Any]:
        from store import assignments

        return assignments.list_assignments(
            db, self._query(), after=after, limit=limit, offset=offset, newest_first=self._newest_first)

    def count(self, db: Any) -> int:
        from store import assignments

        return assignments.count_assignments(db, self._query())

    def count_at_most(self, db: Any, at_most: int) -> int | None:
        """While searching, counting stops past `at_most` (a search may match most rows)."""
        if not self.search:
            return None
        from store import assignments, search

        counted = assignments.count_assignments(db, self._query(), at_most=at_most)
        if at_most >= search.RANK_AT_MOST:  # the pages need not count the hits again
            self._newest_first = counted > search.RANK_AT_MOST
        return counted

    def fetch_last(self, db: Any, limit: int) -> list[Any]:
        from store import assignments

        return assignments.list_assignments(db, self._query(), limit=limit, last=True,
                                            newest_first=self._newest_first)

    def keyset(self, row: Any) -> Any:
        if self.search:
            return None
        return (row.next_due or FAR_FUTURE, row.id)

    def key(self, row: Any) -> str:
        return str(row.id)

    def cells(self, row: Any) -> dict[str, Cell]:
        style = STATUS_STYLE.get(row.status, "")
        return {
            "document": row.document_label,
            "ref": row.ref,
            "title": row.title,
            "lead": "; ".join(row.lead),
            "due": format_date(row.next_due),
            "status": (status_text(row.status), style),
            "late": (str(row.days_overdue), "overdue") if row.days_overdue and row.status == "overdue"
            else (str(row.days_overdue) if row.days_overdue else ""),
        }


def show_assignments_of(app: Any, agency: str, role: str | None = None) -> None:
    """Switch to the Assignments view filtered by an agency (and role): all its work, so an
    earlier search there is dropped (it would hide some, or all, of it)."""
    app.switch_mode("assignments")
    screen = app.screen
    if not hasattr(screen, "filters"):
        return
    screen.clear_search()
    screen.filters = {"agency": agency, **({"role": role} if role else {})}
    # A view shown for the first time is not composed yet: its on_mount uses the filters.
    if screen.query("#filter-line"):
        screen._show_filters()
        screen.reload()


def assignment_filter_fields(app: Any) -> list[FilterField]:
    return [
        FilterField("status", t("field.status"), [(status_text(s), s) for s in STATUSES]),
        FilterField("agency", t("tui.filter.agency"),
                    complete=lambda text: agency_completions(app, text)),
        FilterField("role", t("tui.filter.role"),
                    [(t("tui.role.lead"), "lead"), (t("tui.role.support"), "support")]),
        FilterField("due_within", t("tui.filter.due_within"),
                    [(t("tui.filter.days", n=int(d)), d) for d in DUE_WINDOWS]),
        FilterField("doc_type", t("field.doc_type"),
                    [(f"{code} — {names[0]}", code) for code, names in DOC_TYPES.items()]),
    ]


class AssignmentsScreen(AssignmentActions, MeetingPack, StreamingExport, MainScreen):
    """Every assignment with its lead agency, next deadline and status."""

    VIEW = "assignments"
    CSS_PATH = "assignments.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "tui.key.done"),
        Binding("a", "note", "tui.key.note"),
        Binding("e", "edit", "tui.key.edit", show=False),
        Binding("o", "open_document", "tui.key.open_document", show=False),
        Binding("m", "meeting_pack", "tui.key.meeting_pack"),
    ]

    def make_source(self) -> AssignmentSource:
        return AssignmentSource(self.dondoc, self.search, self.filters)

    def filter_fields(self) -> list[FilterField]:
        return assignment_filter_fields(self.app)

    def current_assignment_id(self) -> int | None:
        key = self.table.current_key
        return int(key) if key is not None else None

    def open_key(self, key: str) -> None:
        from screens.assignment_detail import AssignmentDetailScreen

        self.app.push_screen(AssignmentDetailScreen(int(key)))

    def action_open_document(self) -> None:
        from screens.document_detail import DocumentDetailScreen

        row = self.table.current_row
        if row is not None:
            self.app.push_screen(DocumentDetailScreen(row.document_id))

    @needs_editor
    def action_new(self) -> None:
        from screens.forms import AssignmentForm

        row = self.table.current_row
        self.app.push_screen(
            AssignmentForm(None, document_id=row.document_id if row is not None else None),
            self._saved,
        )

    @needs_editor
    def action_edit(self) -> None:
        from screens.forms import AssignmentForm

        assignment_id = self.current_assignment_id()
        if assignment_id is not None:
            self.app.push_screen(AssignmentForm(assignment_id), self._saved)

    def _saved(self, assignment_id: int | None) -> None:
        if assignment_id is not None:
            self.after_write(keep_key=str(assignment_id))

    def export_total(self, db: Any) -> int | None:
        from store import assignments

        return int(assignments.count_assignments(db, assignment_query(self.dondoc, self.search, self.filters)))

    def export_rows(self, db: Any, path: Path, progress: Any, delimiter: str) -> int:
        from store import export

        query = assignment_query(self.dondoc, self.search, self.filters)
        return int(export.write_assignments(db, query, path, progress=progress, delimiter=delimiter))
