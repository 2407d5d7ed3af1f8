"""Agencies (Cơ quan), key `4`: the bodies that lead and support assignments.

Enter on an agency shows its assignments (the Assignments view filtered by it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from screens.base import MainScreen
from screens.guard import needs_editor
from store.i18n import t
from store.text import fold
from tui.widgets.paged_table import Cell, ColumnSpec, ListSource

# The names get the width: they are long and often differ only at the end ("Ban cán sự đảng
# Tòa án nhân dân tỉnh Long An" / "... Tây Ninh"), so one cut short loses its middle, and
# below 100 columns the aliases (still searched) give way to them.
COLUMNS = (
    ColumnSpec("name", "field.name", keep_end=True),
    ColumnSpec("short", "field.short_name", 14, grow=4, keep_end=True),
    ColumnSpec("aliases", "tui.col.aliases", 24, min_table=100),
)


def agency_cells(row: Any) -> dict[str, Cell]:
    return {"name": row.name, "short": row.short_name or "", "aliases": "; ".join(row.aliases)}


class AgencySource(ListSource):
    """The agencies, without the columns none of the listed ones fills (an office that keeps
    no short names): an empty column would only take room from the names."""

    _every_column: tuple[ColumnSpec, ...] = ()
    _columns_of: tuple[int, tuple[ColumnSpec, ...]] | None = None

    @property  # type: ignore[override]
    def columns(self) -> Sequence[ColumnSpec]:
        rows = self.rows
        if not rows:
            return self._every_column
        if self._columns_of is None or self._columns_of[0] != id(rows):
            filled = {k for r in rows for k, v in agency_cells(r).items() if v}
            kept = tuple(c for c in self._every_column if c.key == "name" or c.key in filled)
            self._columns_of = (id(rows), kept)
        return self._columns_of[1]

    @columns.setter
    def columns(self, value: Sequence[ColumnSpec]) -> None:
        self._every_column = tuple(value)
        self._columns_of = None


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

        return AgencySource(COLUMNS, lambda r: str(r.id), agency_cells, load)

    def open_key(self, key: str) -> None:
        row = self.table.current_row
        if row is not None:
            from screens.assignments import show_assignments_of

            show_assignments_of(self.app, row.name)

    @needs_editor
    def action_new(self) -> None:
        """`n`: a new agency, by its name. A name (or alias) another agency already has is
        refused in the dialog, which stays with the name as typed."""
        from screens.dialogs import InputDialog

        def check(value: str) -> str | None:
            return None if value.strip() else t("tui.form.required")

        def save(name: str) -> int:
            from store import agencies

            return int(agencies.add(self.dondoc.database(), name))

        self.app.push_screen(
            InputDialog(t("tui.agency.new"), t("field.name"), validate=check, save=save),
            lambda new_id: self.after_write(str(new_id)) if new_id is not None else None,
        )

    def export_table(self, db: Any) -> tuple[list[str], Iterator[Sequence[Any]]]:
        headers = [t("field.id"), t("field.name"), t("field.short_name"), t("tui.col.aliases")]
        rows = self.make_source().fetch(db, None, 0, 10**9)
        return headers, iter([[r.id, r.name, r.short_name, list(r.aliases)] for r in rows])
