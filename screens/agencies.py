"""Agencies (Cơ quan), key `4`: the bodies that lead and support assignments.

Enter on an agency shows its assignments (the Assignments view filtered by it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from textual import work

from screens.base import MainScreen
from screens.guard import needs_editor
from store.i18n import t
from store.text import fold
from tui.widgets.paged_table import Cell, ColumnSpec, ListSource

COLUMNS = (
    ColumnSpec("name", "field.name"),
    ColumnSpec("short", "field.short_name", 18, grow=6),
    ColumnSpec("aliases", "tui.col.aliases", 24, min_table=70, grow=10),
)


def agency_cells(row: Any) -> dict[str, Cell]:
    return {"name": row.name, "short": row.short_name or "", "aliases": "; ".join(row.aliases)}


class AgenciesScreen(MainScreen):
    """The list of known agencies, alphabetical (Vietnamese order)."""

    VIEW = "agencies"
    CSS_PATH = "agencies.tcss"

    def make_source(self) -> ListSource:
        search = fold(self.search)

        def load(db: Any) -> list[Any]:
            from store import agencies

            rows = agencies.list_all(db)
            if search:
                rows = [
                    r for r in rows
                    if any(search in fold(x) for x in (r.name, r.short_name or "", *r.aliases))
                ]
            return rows

        return ListSource(COLUMNS, lambda r: str(r.id), agency_cells, load)

    def open_key(self, key: str) -> None:
        row = self.table.current_row
        if row is not None:
            from screens.assignments import show_assignments_of

            show_assignments_of(self.app, row.name)

    @needs_editor
    def action_new(self) -> None:
        from screens.dialogs import InputDialog

        def check(value: str) -> str | None:
            return None if value.strip() else t("tui.form.required")

        self.app.push_screen(
            InputDialog(t("tui.agency.new"), t("field.name"), validate=check), self._add
        )

    def _add(self, name: str | None) -> None:
        if name:
            self._write_agency(name)

    @work(thread=True, exclusive=True, group="agency-write", exit_on_error=False)
    def _write_agency(self, name: str) -> None:
        from store import agencies

        new_id = agencies.add(self.dondoc.database(), name)
        self.app.call_from_thread(self.after_write, str(new_id))

    def export_table(self, db: Any) -> tuple[list[str], Iterator[Sequence[Any]]]:
        headers = [t("field.id"), t("field.name"), t("field.short_name"), t("tui.col.aliases")]
        rows = self.make_source().fetch(db, None, 0, 10**9)
        return headers, iter([[r.id, r.name, r.short_name, list(r.aliases)] for r in rows])
