"""One assignment: its fields, deadlines (with extensions), progress notes newest first,
and its history."""

from __future__ import annotations

from datetime import UTC
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from screens.assignments import STATUS_STYLE, status_text
from screens.base import AssignmentActions, history_content
from screens.detail import DetailScreen
from screens.followup import ExtendDeadline
from screens.guard import needs_editor
from store.dates import format_date
from store.i18n import t
from tui.widgets.bars import StatusLine, TopBar
from tui.widgets.fields import FieldGrid
from tui.widgets.keybar import KeyBar
from tui.widgets.paged_table import Cell, ColumnSpec, ListSource, PagedTable

DEADLINE_COLUMNS = (
    ColumnSpec("phrase", "tui.col.deadline"),
    ColumnSpec("kind", "tui.col.kind", 14),
    ColumnSpec("due", "tui.col.due_in_force", 12),
    ColumnSpec("extended", "tui.col.extensions", 14),
)


def deadline_cells(d: Any) -> dict[str, Cell]:
    ext = d.extensions[-1] if d.extensions else None
    return {
        "phrase": d.phrase or format_date(d.due),
        "kind": t(f"tui.kind.{d.kind}"),
        "due": format_date(d.due_in_force) or ("—", "muted"),
        "extended": t("tui.detail.extended", date=format_date(ext.new_due)) if ext else "",
    }


def notes_content(notes: Any) -> Content:
    parts: list[Any] = []
    for n in notes:
        at = n.created_at
        if at.tzinfo is None:

            at = at.replace(tzinfo=UTC)
        if parts:
            parts.append("\n")
        parts.append((f"{at.astimezone():%d/%m/%Y %H:%M}  {n.author}\n", "bold"))
        parts.append("  " + "\n  ".join(n.text.splitlines()))
    return Content.assemble(*parts)


class AssignmentDetailScreen(AssignmentActions, ExtendDeadline, DetailScreen):
    """An assignment in full. Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "tui.key.back"),
        Binding("d", "done", "tui.key.done"),
        Binding("a", "note", "tui.key.note"),
        Binding("e", "edit", "tui.key.edit"),
        Binding("o", "open_document", "tui.key.open_document"),
        Binding("h", "toggle_history", "tui.key.history"),
        Binding("l", "extend", "tui.key.extend"),
        Binding("j", "scroll_down", "tui.key.down", show=False),
        Binding("k", "scroll_up", "tui.key.up", show=False),
    ]

    view = "assignments"

    def __init__(self, assignment_id: int) -> None:
        super().__init__()
        self.assignment_id = assignment_id

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="detail-body"):
            yield Static(Content(t("tui.status.loading")), id="a-title", classes="detail-title")
            yield FieldGrid(id="a-fields")
            yield Static("", id="deadlines-title", classes="section-title")
            yield PagedTable(
                ListSource(DEADLINE_COLUMNS, lambda r: str(r.id), deadline_cells),
                self.dondoc.database, id="deadlines", classes="detail-table",
            )
            yield Static("", id="notes-title", classes="section-title")
            yield Static("", id="notes", classes="detail-notes")
            yield Static("", id="history-title", classes="section-title")
            yield Static("", id="history", classes="detail-history")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#detail-body").focus()

    def fetch(self, db: Any) -> Any:
        from store import assignments

        return assignments.get(db, self.assignment_id, on=self.dondoc.today)

    def show(self, d: Any) -> None:
        self.detail = d
        r = d.row
        self.query_one("#a-title", Static).update(
            Content.assemble((f"{r.ref} " if r.ref else "", "bold"), (r.title, "bold"))
        )
        status = status_text(r.status)
        if r.days_overdue:
            status += " — " + t("tui.detail.days_overdue", n=r.days_overdue)
        style = {"overdue": "$error bold", "soon": "$warning bold"}.get(STATUS_STYLE.get(r.status, ""), "")
        self.query_one("#a-fields", FieldGrid).show(
            [
                (t("field.document"), r.document_label),
                (t("field.ref"), r.ref),
                (t("field.title"), r.title),
                (t("field.lead"), "; ".join(r.lead)),
                (t("field.support"), "; ".join(r.support)),
                (t("tui.col.next_due"), format_date(r.next_due)),
                (t("field.status"), Content.styled(status, style) if style else status),
                (t("tui.detail.done_on"), format_date(r.done_on)),
                (t("field.follower"), d.follower),
                (t("field.body"), d.body),
            ]
        )
        self.query_one("#deadlines-title", Static).update(
            Content(t("tui.detail.deadlines", n=len(d.deadlines)))
        )
        table = self.query_one("#deadlines", PagedTable)
        table.show(d.deadlines)
        table.display = bool(d.deadlines)
        self.query_one("#notes-title", Static).update(Content(t("tui.detail.notes", n=len(d.notes))))
        self.query_one("#notes", Static).update(
            notes_content(d.notes) if d.notes else Content(t("tui.detail.no_notes"))
        )
        self.query_one("#history-title", Static).update(
            Content(t("tui.detail.history", n=len(d.history)))
        )
        self.query_one("#history", Static).update(history_content(d.history))

    def current_assignment_id(self) -> int | None:
        return self.assignment_id

    def after_write(self, keep_key: str | None = None) -> None:
        self.dondoc.data_changed()
        self.load()

    def action_scroll_down(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#detail-body", VerticalScroll).scroll_up()

    @needs_editor
    def action_edit(self) -> None:
        from screens.forms import AssignmentForm

        self.app.push_screen(
            AssignmentForm(self.assignment_id),
            self.reload_if_saved,
        )

    def action_open_document(self) -> None:
        from screens.document_detail import DocumentDetailScreen

        if self.detail is not None:
            self.app.push_screen(DocumentDetailScreen(self.detail.row.document_id))

