"""Results (Kết quả), key `5`: the per-agency scoreboard (store.reports.scoreboard).

Per lead agency, in Vietnamese alphabetical order: assignments in the period, done on time,
done late, overdue, and the on-time rate; a total over all agencies (each assignment once)
at the end. The period is this year unless set with `f` (from, to, agency); Escape goes
back to this year. Enter on an agency shows its assignments as lead.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.content import Content
from textual.widgets import Static

from screens.assignments import show_assignments_of
from screens.base import MainScreen, agency_completions
from screens.dialogs import DialogField, FieldsDialog
from screens.exporting import StreamingExport
from store.dates import format_date, parse_date, parse_optional_date
from store.errors import StoreError
from store.i18n import number, t
from store.text import fold
from tui.widgets.paged_table import Cell, ColumnSpec, ListSource

COLUMNS = (
    ColumnSpec("agency", "field.lead"),
    ColumnSpec("total", "tui.score.total", 7),
    ColumnSpec("on_time", "tui.score.on_time", 10),
    ColumnSpec("late", "tui.score.late", 9),
    ColumnSpec("overdue", "tui.score.overdue", 9),
    ColumnSpec("pending", "tui.score.pending", 13, min_table=100),
    ColumnSpec("rate", "tui.score.rate", 16),
)

TOTAL_KEY = "total"


def rate_text(rate: float | None) -> str:
    """85,7% (Vietnamese decimals), or a dash when nothing is judged yet."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}%".replace(".", ",")


def score_cells(row: Any) -> dict[str, Cell]:
    total_row = row.agency_id == 0
    name: Cell = (t("tui.score.all"), "group") if total_row else row.agency
    return {
        "agency": name,
        "total": str(row.total),
        "on_time": str(row.done_on_time),
        "late": str(row.done_late),
        "overdue": (str(row.overdue), "overdue") if row.overdue else "0",
        "pending": str(row.pending),
        "rate": rate_text(row.on_time_rate),
    }


class ScoreboardScreen(StreamingExport, MainScreen):
    """Results by lead agency over a period."""

    VIEW = "scoreboard"
    CSS_PATH = "scoreboard.tcss"

    def period(self) -> tuple[date, date]:
        """The period shown: the filters' dates, else this year."""
        year = self.dondoc.today.year
        start = parse_optional_date(self.filters.get("from")) or date(year, 1, 1)
        end = parse_optional_date(self.filters.get("to")) or date(year, 12, 31)
        return start, end

    def _agency(self) -> str | None:
        return self.filters.get("agency") or None

    def make_source(self) -> ListSource:
        start, end = self.period()
        today, agency, search = self.dondoc.today, self._agency(), fold(self.search)

        def load(db: Any) -> list[Any]:
            from store import reports

            if agency is None and not search:  # every agency and the total row, in one pass
                rows, total = reports.scoreboard_with_total(db, start=start, end=end, today=today)
                return [*rows, total]
            rows = reports.scoreboard(db, start=start, end=end, today=today, agency=agency)
            if search:
                rows = [r for r in rows if search in fold(r.agency)]
            return rows

        def key(row: Any) -> str:
            return TOTAL_KEY if row.agency_id == 0 else str(row.agency_id)

        return ListSource(COLUMNS, key, score_cells, load)

    def count_label(self, total: int) -> str:
        # every row computed, not only the table's window
        agencies = sum(1 for r in self.table.source.rows if r.agency_id != 0)
        return t("tui.count.agencies", n=number(agencies))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Results are computed, not edited: no "new" or "edit" here.
        return action not in ("new", "edit")

    def open_key(self, key: str) -> None:
        """The agency's assignments as lead (the Assignments view, filtered)."""
        row = self.table.current_row
        if row is not None and row.agency_id != 0:
            show_assignments_of(self.app, row.agency, "lead")

    # --- the period --------------------------------------------------------------------------

    def action_filter(self) -> None:
        start, end = self.period()

        def check(values: dict[str, str]) -> dict[str, str]:
            errors: dict[str, str] = {}
            dates: dict[str, date] = {}
            for name in ("from", "to"):
                try:
                    dates[name] = parse_date(values[name])
                except StoreError as exc:
                    errors[name] = exc.message() if values[name].strip() else t("tui.form.required")
            if not errors and dates["from"] > dates["to"]:
                errors["from"] = t("tui.score.from_after")
            return errors

        self.app.push_screen(
            FieldsDialog(t("tui.score.period_title"), [
                DialogField("from", t("tui.score.from"), format_date(start), hint=t("tui.form.date_hint")),
                DialogField("to", t("tui.score.to"), format_date(end), hint=t("tui.form.date_hint")),
                DialogField("agency", t("tui.meeting.agency"), self.filters.get("agency", ""),
                            hint=t("tui.filter.any"),
                            complete=lambda text: agency_completions(self.app, text)),
            ], validate=check),
            self._filters_chosen,
        )

    def _filters_chosen(self, values: dict[str, str] | None) -> None:
        if values is None:
            return
        self.filters = {k: v.strip() for k, v in values.items() if v.strip()}
        self._show_filters()
        self.reload()

    def filter_summary(self) -> list[str]:
        start, end = self.period()
        out = [t("tui.score.period", start=format_date(start), end=format_date(end))]
        if self._agency():
            out.append(f"{t('tui.filter.agency')}: {self._agency()}")
        return out

    def _show_filters(self) -> None:
        # The period is always said (a rate means nothing without it).
        line = self.query_one("#filter-line", Static)
        line.display = True
        line.set_class(not self.filters, "-default")
        line.update(Content(t("tui.score.line", filters=" · ".join(self.filter_summary()))))

    # --- export --------------------------------------------------------------------------------

    def export_rows(self, db: Any, path: Path, progress: Any, delimiter: str) -> int:
        from store import export

        start, end = self.period()
        count = export.write_scoreboard(db, path, start=start, end=end, today=self.dondoc.today,
                                        agency=self._agency() or self.search or None, delimiter=delimiter)
        progress(count)
        return int(count)
