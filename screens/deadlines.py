"""Deadlines (Thời hạn), key `3`: the agenda. Overdue first, then today, this week, the next
30 days and later; or grouped by lead agency (`v`). Recurring reports appear as their next
occurrences (store.agenda expands them). Overdue rows say so in words and with a symbol, so
the meaning survives 16 colours and NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from screens.assignments import STATUS_STYLE
from screens.base import AssignmentActions, MainScreen, agency_completions
from screens.dialogs import FilterField
from store.dates import format_date
from store.i18n import t
from store.text import sort_key
from tui.widgets.paged_table import Cell, ColumnSpec, ListSource

HORIZON_DAYS = ("7", "30", "90", "365")
DEFAULT_HORIZON = 365

COLUMNS = (
    ColumnSpec("due", "field.due", 11),
    ColumnSpec("when", "agenda.when", 18, grow=2),
    ColumnSpec("document", "field.document", 12, min_table=100, grow=2),
    ColumnSpec("title", "field.title"),
    ColumnSpec("lead", "field.lead", 14, grow=8),
    ColumnSpec("period", "agenda.period", 11, grow=3),
)

SECTIONS = ("overdue", "today", "week", "month", "later")


@dataclass(frozen=True)
class Group:
    """A heading row in the agenda."""

    key: str
    label: str
    style: str = "group"


def section_of(item: Any, today: date, week_end: date) -> str:
    if item.days_overdue > 0 or item.due < today:
        return "overdue"
    if item.due == today:
        return "today"
    if item.due <= week_end:
        return "week"
    if item.due <= today + timedelta(days=30):
        return "month"
    return "later"


def arrange(items: Sequence[Any], today: date, by: str) -> list[Any]:
    """Heading rows and items in agenda order: by time section, or by lead agency."""
    week_end = today + timedelta(days=6 - today.weekday())
    out: list[Any] = []
    if by == "agency":
        groups: dict[str, list[Any]] = {}
        for item in items:
            lead = item.lead[0] if item.lead else t("tui.agenda.no_lead")
            groups.setdefault(lead, []).append(item)
        for lead in sorted(groups, key=sort_key):
            rows = sorted(groups[lead], key=lambda i: (i.days_overdue <= 0, i.due))
            late = sum(1 for i in rows if i.days_overdue > 0)
            label = f"{lead} ({len(rows)})"
            if late:
                label += " — " + t("tui.agenda.late_count", n=late)
            out.append(Group(f"g:{lead}", label))
            out.extend(rows)
        return out
    sections: dict[str, list[Any]] = {name: [] for name in SECTIONS}
    for item in items:
        sections[section_of(item, today, week_end)].append(item)
    for name in SECTIONS:
        rows = sections[name]
        if not rows:
            continue
        rows.sort(key=lambda i: (i.due, i.assignment_id))
        style = "overdue" if name == "overdue" else "group"
        out.append(Group(f"g:{name}", t(f"tui.agenda.section.{name}", n=len(rows)), style))
        out.extend(rows)
    return out


class DeadlineScreen(AssignmentActions, MainScreen):
    """What is due, and what is late, in time order."""

    VIEW = "deadlines"
    CSS_PATH = "deadlines.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "toggle_grouping", "tui.key.group"),
        Binding("d", "done", "tui.key.done"),
        Binding("a", "note", "tui.key.note", show=False),
        Binding("n", "new", "tui.key.new", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.group_by = "time"

    def _horizon(self) -> int:
        value = self.filters.get("horizon")
        return int(value) if value else DEFAULT_HORIZON

    def make_source(self) -> ListSource:
        today = self.dondoc.today
        search, agency, by, horizon = self.search, self.filters.get("agency"), self.group_by, self._horizon()

        def load(db: Any) -> list[Any]:
            from store import agenda

            items = agenda.agenda(
                db, today, today + timedelta(days=horizon), overdue=True,
                agency=agency, search=search or None,
            )
            return arrange(items, today, by)

        def key(row: Any) -> str:
            if isinstance(row, Group):
                return row.key
            return f"i:{row.assignment_id}:{row.due.isoformat()}"

        def cells(row: Any) -> dict[str, Cell]:
            if isinstance(row, Group):
                return {"*": (row.label, row.style)}
            style = STATUS_STYLE.get(row.status, "")
            when = row.when_text(today)
            if row.days_overdue > 0:
                when, style = f"⚠ {when}", "overdue"
            elif row.due == today:
                when, style = f"● {when}", "soon"
            return {
                "due": format_date(row.due),
                "when": (when, style) if style else when,
                "document": row.document_label,
                "title": f"{row.ref} {row.title}".strip() if row.ref else row.title,
                "lead": "; ".join(row.lead),
                "period": row.period or "",
            }

        return ListSource(COLUMNS, key, cells, load)

    def count_label(self, total: int) -> str:
        items = sum(1 for r in self.table.rows_held if not isinstance(r, Group))
        return t("tui.count.deadlines", n=items)

    def filter_fields(self) -> list[FilterField]:
        return [
            FilterField("agency", t("tui.filter.agency"),
                        complete=lambda text: agency_completions(self.app, text)),
            FilterField("horizon", t("tui.filter.horizon"),
                        [(t("tui.filter.days", n=int(d)), d) for d in HORIZON_DAYS]),
        ]

    def _current_item(self) -> Any | None:
        row = self.table.current_row
        return None if row is None or isinstance(row, Group) else row

    def current_assignment_id(self) -> int | None:
        item = self._current_item()
        return None if item is None else int(item.assignment_id)

    def open_key(self, key: str) -> None:
        from screens.assignment_detail import AssignmentDetailScreen

        item = self._current_item()
        if item is not None:
            self.app.push_screen(AssignmentDetailScreen(int(item.assignment_id)))

    def action_toggle_grouping(self) -> None:
        self.group_by = "agency" if self.group_by == "time" else "time"
        self.dondoc.say(t(f"tui.agenda.grouped_{self.group_by}"))
        self.reload()

    def action_new(self) -> None:
        from screens.forms import AssignmentForm

        item = self._current_item()
        self.app.push_screen(
            AssignmentForm(None, document_id=item.document_id if item is not None else None),
            lambda new_id: self.after_write() if new_id is not None else None,  # noqa: E501
        )

    def export_table(self, db: Any) -> tuple[list[str], Iterator[Sequence[Any]]]:
        today = self.dondoc.today
        headers = [t("field.due"), t("agenda.when"), t("field.document"), t("field.ref"),
                   t("field.title"), t("field.lead"), t("agenda.period")]
        rows = [r for r in self.make_source().fetch(db, None, 0, 10**9) if not isinstance(r, Group)]
        return headers, iter(
            [[r.due, r.when_text(today), r.document_label, r.ref, r.title, list(r.lead), r.period or ""]
             for r in rows]
        )
