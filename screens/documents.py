"""Documents (Văn bản), key `1`: every registered document, newest first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType

from screens.base import MainScreen, agency_completions
from screens.exporting import StreamingExport
from screens.guard import needs_editor
from store.dates import format_date
from store.i18n import get_lang, t
from store.vocab import DOC_TYPES, DocumentStatus
from tui.widgets.paged_table import Cell, ColumnSpec, PagedTable

if TYPE_CHECKING:
    from screens.dialogs import FilterField

NO_DATE = date(1900, 1, 1)
"""The sort date of undated documents (store.documents sorts them last)."""

COLUMNS = (
    ColumnSpec("number", "field.number", 14),
    ColumnSpec("type", "tui.col.type", 5, min_table=90),  # the number names the type
    ColumnSpec("issuer", "field.issuer", 14, min_table=70, grow=6),
    ColumnSpec("issued", "tui.col.date", 11),
    ColumnSpec("subject", "field.subject"),
    ColumnSpec("status", "field.status", 12, min_table=70),
    ColumnSpec("open", "tui.col.open", 4),
)


def doc_type_name(code: str) -> str:
    names = DOC_TYPES.get(code)
    if names is None:
        return code
    return names[0] if get_lang() == "vi" else names[1]


def document_query(search: str, filters: dict[str, str]) -> Any:
    from store.documents import DocumentQuery

    return DocumentQuery(
        search=search or None,
        status=filters.get("status"),
        doc_type=filters.get("doc_type"),
        issuer=filters.get("issuer"),
    )


class DocumentSource:
    """Documents matching a search and filters, paged by (sort date, id)."""

    columns = COLUMNS

    def __init__(self, search: str, filters: dict[str, str]) -> None:
        self.search = search
        self.filters = dict(filters)
        self._newest_first: bool | None = None
        """What this list's count said: more hits than the store ranks (None: not counted)."""

    def fetch(self, db: Any, after: Any, offset: int, limit: int) -> list[Any]:
        from store import documents

        query = document_query(self.search, self.filters)
        return documents.list_documents(db, query, after=after, limit=limit, offset=offset,
                                        newest_first=self._newest_first)

    def count(self, db: Any) -> int:
        from store import documents

        return documents.count_documents(db, document_query(self.search, self.filters))

    def count_at_most(self, db: Any, at_most: int) -> int | None:
        """While searching, counting stops past `at_most` (a search may match most rows)."""
        if not self.search:
            return None
        from store import documents, search

        counted = documents.count_documents(db, document_query(self.search, self.filters), at_most=at_most)
        if at_most >= search.RANK_AT_MOST:  # the pages need not count the hits again
            self._newest_first = counted > search.RANK_AT_MOST
        return counted

    def fetch_last(self, db: Any, limit: int) -> list[Any]:
        from store import documents

        return documents.list_documents(db, document_query(self.search, self.filters), limit=limit, last=True,
                                        newest_first=self._newest_first)

    def quick_fetch(self, reader: Any, after: Any, offset: int, limit: int) -> list[Any] | None:
        """The unfiltered register from the ORM-free reader (store.quick); None otherwise."""
        if self.search or any(self.filters.values()) or offset:
            return None
        return reader.documents(after=after, limit=limit)

    def quick_count(self, reader: Any) -> int | None:
        if self.search or any(self.filters.values()):
            return None
        return reader.count_documents()

    def keyset(self, row: Any) -> Any:
        if self.search:
            return None  # ranked results page by offset
        return (row.issued or NO_DATE, row.id)

    def key(self, row: Any) -> str:
        return str(row.id)

    def cells(self, row: Any) -> dict[str, Cell]:
        superseded = row.status == DocumentStatus.SUPERSEDED
        return {
            # The mark stays visible when the status column does not fit (narrow terminals).
            "number": (f"✕ {row.label}", "muted") if superseded else row.label,
            "type": row.doc_type,
            "issuer": row.issuer,
            "issued": format_date(row.issued),
            "subject": row.subject,
            "status": (t(f"tui.docstatus.{row.status}"), "muted") if superseded
            else t(f"tui.docstatus.{row.status}"),
            "open": (str(row.open_count), "soon") if row.open_count else "",
        }


class DocumentsScreen(StreamingExport, MainScreen):
    """The register of documents: open one, add one, edit, filter, export."""

    VIEW = "documents"
    CSS_PATH = "documents.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "tui.key.edit"),
        Binding("i", "intake", "tui.key.intake"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._select_after_load: str | None = None
        """A document to put the cursor on (or open) once the list has loaded (after intake)."""

    def make_source(self) -> DocumentSource:
        return DocumentSource(self.search, self.filters)

    def filter_fields(self) -> list[FilterField]:
        from screens.dialogs import FilterField

        return [
            FilterField("status", t("field.status"),
                        [(t(f"docstatus.{s.value}"), s.value) for s in DocumentStatus]),
            FilterField("doc_type", t("field.doc_type"),
                        [(f"{code} — {doc_type_name(code)}", code) for code in DOC_TYPES]),
            FilterField("issuer", t("field.issuer"),
                        complete=lambda text: agency_completions(self.app, text)),
        ]

    def open_key(self, key: str) -> None:
        from screens.document_detail import DocumentDetailScreen

        self.app.push_screen(DocumentDetailScreen(int(key)))

    @needs_editor
    def action_new(self) -> None:
        from screens.forms import DocumentForm

        self.app.push_screen(DocumentForm(None), self._saved)

    @needs_editor
    def action_edit(self) -> None:
        from screens.forms import DocumentForm

        key = self.table.current_key
        if key is not None:
            self.app.push_screen(DocumentForm(int(key)), self._saved)

    def _saved(self, doc_id: int | None) -> None:
        if doc_id is not None:
            self.after_write(keep_key=str(doc_id))

    @needs_editor
    def action_intake(self) -> None:
        """Paste or load a document's text, review what was read, save (IntakeScreen)."""
        from screens.intake import IntakeScreen

        self.app.push_screen(IntakeScreen(None), self._intake_done)

    def _intake_done(self, ids: list[int] | None) -> None:
        if not ids:
            return
        self._select_after_load = str(ids[0])
        self.after_write(keep_key=str(ids[0]))

    @on(PagedTable.Loaded)
    def _select_new(self, event: PagedTable.Loaded) -> None:
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is None or self.table.current_key == wanted:
            return
        # Not in the first page of the list as searched and filtered: show it anyway.
        self.dondoc.say(t("tui.intake.not_listed", id=wanted))
        self.open_key(wanted)

    def export_total(self, db: Any) -> int | None:
        from store import documents

        return int(documents.count_documents(db, document_query(self.search, self.filters)))

    def export_rows(self, db: Any, path: Path, progress: Any, delimiter: str) -> int:
        from store import export

        query = document_query(self.search, self.filters)
        return int(export.write_documents(db, query, path, progress=progress, delimiter=delimiter))
