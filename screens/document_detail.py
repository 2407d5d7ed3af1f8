"""One document: all its fields, its links both ways, its assignments, its history.

Every linked document is one keystroke away: Enter on a link row opens it (a reference not
yet registered is shown as written, and Enter says so).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from screens.base import history_content
from screens.detail import DetailScreen
from screens.documents import doc_type_name
from screens.guard import needs_editor
from store.dates import format_date
from store.i18n import t
from tui.widgets.bars import StatusLine, TopBar
from tui.widgets.fields import FieldGrid
from tui.widgets.keybar import KeyBar
from tui.widgets.paged_table import Cell, ColumnSpec, ListSource, PagedTable

LINK_COLUMNS = (
    ColumnSpec("relation", "tui.col.relation", 20),
    ColumnSpec("label", "field.number", 16, grow=4),
    ColumnSpec("subject", "field.subject"),
)

ASSIGNMENT_COLUMNS = (
    ColumnSpec("ref", "tui.col.ref", 6),
    ColumnSpec("title", "field.title"),
    ColumnSpec("lead", "field.lead", 14, grow=8),
    ColumnSpec("due", "tui.col.next_due", 11),
    ColumnSpec("status", "field.status", 13),
)


def link_cells(link: Any) -> dict[str, Cell]:
    suffix = "" if link.direction == "out" else ".rev"
    unresolved = link.other_id is None
    label = link.other_label or link.reference or ""
    return {
        "relation": t(f"relation.{link.relation}{suffix}"),
        "label": (label, "muted") if unresolved else label,
        "subject": (t("tui.link.unresolved", text=link.other_subject or label), "muted")
        if unresolved else link.other_subject,
    }


_ESCAPED = r"\\(?P<escaped>[\\`*_#\[\]().!+-])"
_MARKS = re.compile(
    _ESCAPED
    # **bold**, possibly over lines (a signer's title) but never over a blank line.
    + r"|\*\*(?=\S)(?P<bold>(?:(?!\n[ \t]*\n).)+?)(?<=\S)\*\*"
    + r"|^[ \t]{0,3}#{1,6}[ \t]+(?P<heading>[^\n]*?)(?:[ \t]+#+)?[ \t]*$"
    + r"|[ \t]+$",  # a line break's two spaces, a row's trailing tab
    re.MULTILINE | re.DOTALL,
)
_PLAIN = re.compile(_ESCAPED + r"|[ \t]+$", re.MULTILINE)


def _plain(text: str) -> str:
    return _PLAIN.sub(lambda m: m.group("escaped") or "", text)


def readable_text(text: str) -> Content:
    """A document's full text as transcribed (Markdown-like: `**CHỈ THỊ**`, `## 1.`, `\\*`)
    shown readably: bold and headings in bold with their markers gone, escapes undone,
    everything else (lists, line breaks, brackets) literally, never read as markup."""
    pieces: list[str | tuple[str, str]] = []
    start = 0
    for match in _MARKS.finditer(text):
        pieces.append(text[start:match.start()])
        if match.group("escaped") is not None:
            pieces.append(match.group("escaped"))
        elif match.group("bold") is not None:
            pieces.append((_plain(match.group("bold")), "bold"))
        elif match.group("heading") is not None:
            pieces.append((_plain(match.group("heading")).replace("**", ""), "bold"))
        start = match.end()
    pieces.append(text[start:])
    return Content.assemble(*pieces)


def status_cell(status: str, days_overdue: int = 0) -> Cell:
    """A derived status as symbol + word (meaning survives NO_COLOR) with its colour."""
    from screens.assignments import STATUS_STYLE, status_text

    return (status_text(status, days_overdue), STATUS_STYLE.get(status, ""))


def assignment_cells(row: Any) -> dict[str, Cell]:
    return {
        "ref": row.ref,
        "title": row.title,
        "lead": "; ".join(row.lead),
        "due": format_date(row.next_due),
        "status": status_cell(row.status, row.days_overdue),
    }


class DocumentDetailScreen(DetailScreen):
    """A document in full. Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "tui.key.back"),
        Binding("e", "edit", "tui.key.edit"),
        Binding("n", "new_assignment", "tui.key.new_assignment"),
        Binding("h", "toggle_history", "tui.key.history"),
        Binding("t", "toggle_text", "tui.key.full_text", show=False),
        Binding("tab", "app.focus_next", "tui.key.next_section", show=False),
    ]

    view = "documents"

    def __init__(self, doc_id: int) -> None:
        super().__init__()
        self.doc_id = doc_id

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="detail-body"):
            yield Static(Content(t("tui.status.loading")), id="doc-title", classes="detail-title")
            yield FieldGrid(id="doc-fields")
            yield Static("", id="links-title", classes="section-title")
            yield PagedTable(
                ListSource(LINK_COLUMNS, lambda r: str(r.id), link_cells),
                self.dondoc.database, id="links", classes="detail-table",
            )
            yield Static("", id="assignments-title", classes="section-title")
            yield PagedTable(
                ListSource(ASSIGNMENT_COLUMNS, lambda r: str(r.id), assignment_cells),
                self.dondoc.database, id="assignments", classes="detail-table",
            )
            yield Static("", id="history-title", classes="section-title")
            yield Static("", id="history", classes="detail-history")
            yield Static("", id="text-title", classes="section-title")
            yield Static("", id="full-text", classes="detail-text")
        yield StatusLine()
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#full-text").display = False
        super().on_mount()

    def fetch(self, db: Any) -> Any:
        from store import documents

        return documents.get(db, self.doc_id, on=self.dondoc.today)

    def show(self, d: Any) -> None:
        from store import audit  # the ORM's: not imported before the first rows are drawn (#8)

        first = self.detail is None
        self.detail = d
        title = f"{doc_type_name(d.doc_type)} {d.number or ''}".strip()
        self.query_one("#doc-title", Static).update(Content(title))
        self.query_one("#doc-fields", FieldGrid).show(
                [
                    (t("field.doc_type"), doc_type_name(d.doc_type)),
                    (t("field.number"), d.number or t("tui.detail.no_number")),
                    (t("field.issuer"), d.issuer),
                    (t("field.place"), d.place),
                    (t("field.issued"), format_date(d.issued)),
                    (t("field.subject"), d.subject),
                    (t("field.signer"), " — ".join(x for x in (d.signer, d.signer_title) if x)),
                    (t("field.recipients"), "; ".join(d.recipients)),
                    (t("field.incoming_number"), d.incoming_number),
                    (t("field.incoming_date"), format_date(d.incoming_date)),
                    (t("field.status"), t(f"docstatus.{d.status}")),
                    (t("tui.detail.partial"), t("tui.detail.partial_yes") if d.partial else None),
                    (t("tui.detail.source"), audit.source_text(d.source)),
                ]
        )
        self.query_one("#links-title", Static).update(
            Content(t("tui.detail.links", n=len(d.links)))
        )
        links = self.query_one("#links", PagedTable)
        links.show(d.links, keep_key=links.current_key)
        links.display = bool(d.links)
        self.query_one("#assignments-title", Static).update(
            Content(t("tui.detail.assignments", n=len(d.assignments)))
        )
        table = self.query_one("#assignments", PagedTable)
        table.show(d.assignments, keep_key=table.current_key)
        table.display = bool(d.assignments)
        self.query_one("#history-title", Static).update(
            Content(t("tui.detail.history", n=len(d.history)))
        )
        self.query_one("#history", Static).update(history_content(d.history))
        self.query_one("#text-title", Static).update(
            Content(t("tui.detail.full_text") if d.full_text else "")
        )
        self.query_one("#text-title").display = bool(d.full_text)
        self.query_one("#full-text", Static).update(readable_text(d.full_text or ""))
        if first:
            if d.links:
                links.focus(scroll_visible=False)
            elif d.assignments:
                table.focus(scroll_visible=False)
            # Start at the top (the fields), whatever focusing scrolled to.
            body = self.query_one("#detail-body")
            self.call_after_refresh(body.scroll_home, animate=False)

    @on(PagedTable.RowSelected, "#links")
    def _open_link(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        link = next((x for x in self.detail.links if str(x.id) == event.row_key.value), None)
        if link is None:
            return
        if link.other_id is None:
            self.dondoc.say(t("tui.link.not_registered", text=link.other_label or link.reference or ""))
            return
        self.app.push_screen(DocumentDetailScreen(link.other_id))

    @on(PagedTable.RowSelected, "#assignments")
    def _open_assignment(self, event: PagedTable.RowSelected) -> None:
        event.stop()
        from screens.assignment_detail import AssignmentDetailScreen

        if event.row_key.value is not None:
            self.app.push_screen(AssignmentDetailScreen(int(event.row_key.value)))

    @needs_editor
    def action_edit(self) -> None:
        from screens.forms import DocumentForm

        self.app.push_screen(DocumentForm(self.doc_id), self.reload_if_saved)

    @needs_editor
    def action_new_assignment(self) -> None:
        from screens.forms import AssignmentForm

        self.app.push_screen(AssignmentForm(None, document_id=self.doc_id), self.reload_if_saved)

    def action_toggle_text(self) -> None:
        self.toggle_section("#full-text", "#text-title")

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [(t("tui.cmd.open_document_link"), t("tui.cmd.open_document_link_help"),
                 lambda: self.query_one("#links").focus())]
