"""Deadlines (Thời hạn), key `3`: the agenda. Overdue first, then today, this week, the next
30 days and later; or grouped by lead agency (`v`). Recurring reports appear as their next
occurrences (store.agenda expands them). Overdue rows say so in words and with a symbol, so
the meaning survives 16 colours and NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from textual import on
from textual.binding import Binding, BindingType

from screens.assignments import STATUS_STYLE
from screens.base import AssignmentActions, MainScreen, agency_completions
from screens.dialogs import FilterField
from screens.exporting import MeetingPack, StreamingExport
from screens.followup import OccurrenceActions
from screens.guard import needs_editor
from store.dates import format_date
from store.i18n import number, t
from tui.widgets.paged_table import Cell, ColumnSpec, ListSource, PagedTable

HORIZON_DAYS = ("7", "30", "90", "365")
DEFAULT_HORIZON = 365
AGENDA_LIMITS = (1000, 5000, 25000)
"""The most assignments the view reads for each part of the agenda (the overdue backlog, the
days to come), in turn: the first when the view opens, the next for a part cut short when the
cursor comes near its end (its last overdue item, the list's last row), and so on. Past the
last, what a national database has beyond it is said in a first row, and shown by filtering,
searching or exporting (store.agenda.Agenda). Grouped by agency a list has no end to scroll
to: it reads the second at once.

A national agenda is 1,000-1,700 items a thousand assignments, about 40 ms to read (issue #8):
the first read shows the view in a fifth of the time of the next, and more than a clerk reads."""
GROW_NEAR = 10
"""How near (in rows) the end of a part cut short the cursor comes before the next read."""

COLUMNS = (
    ColumnSpec("due", "field.due", 11),
    ColumnSpec("when", "agenda.when", 21),
    ColumnSpec("document", "field.document", 12, min_table=110),
    ColumnSpec("title", "field.title"),
    ColumnSpec("lead", "field.lead", 13, min_table=70, grow=6),
    ColumnSpec("period", "agenda.period", 12, min_table=70, grow=4),
)

SECTIONS = ("overdue", "today", "this_week", "next_30", "later")
"""The agenda's time sections (store.agenda.AgendaItem.bucket)."""


class Group(NamedTuple):
    """A heading row in the agenda."""

    key: str
    label: str
    style: str = "group"


class Entry(NamedTuple):
    """One agenda item as a row (an item shows under each of its lead agencies). A named
    tuple: the agenda of a national database has some 20,000 of them, made at each load."""

    key: str
    item: Any


class Arranged(list[Any]):
    """The agenda's rows (headings and entries), and how many items they show: an item is
    listed under each of its lead agencies, so entries can outnumber items."""

    items = 0
    cut = False
    """The agenda was cut short (store.agenda.Agenda.cut): a first row says what is listed."""
    overdue_cut = False
    """The backlog was cut short (store.agenda.Agenda.overdue_cut)."""
    window_cut = False
    """The days to come were cut short (store.agenda.Agenda.complete_before)."""
    overdue_end = -1
    """The index of the last overdue entry, in time order (-1: none, or grouped by agency)."""


def arrange(items: Sequence[Any], today: date, by: str, overdue_total: int | None = None,
            more: bool = False) -> Arranged:
    """Heading rows and entries in agenda order: by time section, or by lead agency.

    `overdue_total`: how many assignments are overdue in all, for the heading of a backlog
    cut short (None: not known, as when filtered). `more`: the view reads more of a part cut
    short when the cursor nears its end (the first rows say so).
    Runs in the worker thread (store.agenda imports the ORM).
    """
    from store.agenda import group_by_agency

    out = Arranged()
    out.items = len(items)
    listed = items.what_is_listed() if hasattr(items, "what_is_listed") else ""  # a plain list: whole
    if listed:  # the agenda was cut short (store.agenda.Agenda): said first, where it shows
        out.cut = True
        out.overdue_cut = bool(getattr(items, "overdue_cut", False))
        out.window_cut = getattr(items, "complete_before", None) is not None
        out.append(Group("cut", t("tui.agenda.cut", what=listed), "overdue"))
        keys = t("tui.agenda.cut.keys")
        out.append(Group("cut-keys", "  " + (t("tui.agenda.cut.more") + keys if more else keys), "overdue"))
    if by == "agency":
        for lead, rows in group_by_agency(list(items)):
            rows = sorted(rows, key=lambda i: (i.days_overdue <= 0, i.due))
            late = sum(1 for i in rows if i.days_overdue > 0)
            label = f"{lead or t('tui.agenda.no_lead')} ({number(len(rows))})"
            if late:
                label += " — " + t("tui.agenda.late_count", n=number(late))
            out.append(Group(f"g:{lead}", label, "overdue" if late else "group"))
            out.extend(Entry(f"{lead}:{_item_key(i)}", i) for i in rows)
        return out
    sections: dict[str, list[Any]] = {name: [] for name in SECTIONS}
    for item in items:
        sections[item.bucket(today)].append(item)
    for name in SECTIONS:
        rows = sections[name]
        if not rows:
            continue
        style = "overdue" if name == "overdue" else "group"
        label = t(f"tui.agenda.section.{name}", n=number(len(rows)))
        if name == "overdue" and getattr(items, "overdue_cut", False):  # the longest overdue only
            shown = number(items.limit)  # type: ignore[attr-defined]
            label = (t("tui.agenda.section.overdue_cut_longest", n=number(len(rows)), shown=shown)
                     if overdue_total is None else
                     t("tui.agenda.section.overdue_cut", n=number(len(rows)), shown=shown,
                       total=number(overdue_total)))
        out.append(Group(f"g:{name}", label, style))
        out.extend(Entry(_item_key(i), i) for i in rows)
        if name == "overdue":
            out.overdue_end = len(out) - 1
    return out


def _item_key(item: Any) -> str:
    return f"i:{item.assignment_id}:{item.deadline_id}:{item.due.isoformat()}"


class DeadlineScreen(AssignmentActions, OccurrenceActions, MeetingPack, StreamingExport, MainScreen):
    """What is due, and what is late, in time order."""

    VIEW = "deadlines"
    CSS_PATH = "deadlines.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "toggle_grouping", "tui.key.group"),
        Binding("r", "reported", "tui.key.reported"),
        Binding("w", "waived", "tui.key.waived"),
        Binding("d", "done", "tui.key.done"),
        Binding("a", "note", "tui.key.note", show=False),
        Binding("n", "new", "tui.key.new", show=False),
        Binding("m", "meeting_pack", "tui.key.meeting_pack"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.group_by = "time"
        self._reads: tuple[int, int] = (0, 0)
        """Which of AGENDA_LIMITS the backlog and the days to come are read with."""
        self._read_for: tuple[Any, ...] | None = None
        """The search, filters and grouping `_reads` are for: another list starts over."""
        self._growing: ListSource | None = None
        """The source read again with more (until its rows are shown)."""

    def _horizon(self) -> int:
        value = self.filters.get("horizon")
        return int(value) if value else DEFAULT_HORIZON

    def make_source(self) -> ListSource:
        today = self.dondoc.today
        search, agency, by, horizon = self.search, self.filters.get("agency"), self.group_by, self._horizon()
        read_for = (search, tuple(sorted(self.filters.items())), by)
        if read_for != self._read_for:  # another list: from the first read
            first = 0 if by == "time" else min(1, len(AGENDA_LIMITS) - 1)
            self._read_for, self._reads = read_for, (first, first)
        late_limit, window_limit = (AGENDA_LIMITS[i] for i in self._reads)
        more = by == "time" and min(self._reads) < len(AGENDA_LIMITS) - 1

        def load(db: Any) -> list[Any]:
            from store import agenda

            items = agenda.agenda(
                db, today, today + timedelta(days=horizon), overdue=True, agency=agency,
                search=search or None, today=today, limit=late_limit, window_limit=window_limit,
            )
            total = None
            if items.overdue_cut and not (agency or search):
                # the status line's "N quá hạn": the heading says how many of them are listed
                from store import assignments
                from store.assignments import AssignmentQuery

                total = assignments.count_assignments(db, AssignmentQuery(overdue=True, today=today))
            return arrange(items, today, by, total, more)

        def key(row: Any) -> str:
            return str(row.key)

        def cells(entry: Any) -> dict[str, Cell]:
            if isinstance(entry, Group):
                return {"*": (entry.label, entry.style)}
            row = entry.item
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
        # every item of the list, not only the rows of the table's window; counted once per
        # list (this runs at each page the table fetches)
        rows = self.table.source.rows
        if not isinstance(rows, Arranged):
            return t("tui.count.deadlines", n=number(0))
        return t("tui.count.deadlines_cut" if rows.cut else "tui.count.deadlines", n=number(rows.items))

    def filter_fields(self) -> list[FilterField]:
        return [
            FilterField("agency", t("tui.filter.agency"),
                        complete=lambda text: agency_completions(self.app, text)),
            FilterField("horizon", t("tui.filter.horizon"),
                        [(t("tui.filter.days", n=int(d)), d) for d in HORIZON_DAYS]),
        ]

    def _current_item(self) -> Any | None:
        row = self.table.current_row
        return row.item if isinstance(row, Entry) else None

    @on(PagedTable.Loaded, "#table")
    def _off_the_heading(self, event: PagedTable.Loaded) -> None:
        """A list shown with the cursor on a heading (the first load, or the item it was on
        gone after a write): onto the first item after it, where the keys act."""
        rows = self.table.rows_held
        at = self.table.cursor_row
        if 0 <= at < len(rows) and not isinstance(rows[at], Entry):
            first = next((i for i in range(at, len(rows)) if isinstance(rows[i], Entry)), None)
            if first is not None:
                self.table.move_cursor(row=first)

    @on(PagedTable.RowHighlighted, "#table")
    def _cursor_moved(self, event: PagedTable.RowHighlighted) -> None:
        self._read_more_near_a_cut(self.table.window_start + event.cursor_row)

    @on(PagedTable.Loaded, "#table")
    def _grown(self, event: PagedTable.Loaded) -> None:
        """Rows shown: once they are those read again with more (a load under way before
        may come first) or another list replaced them, the cursor may ask for more again,
        at once if it is still near the end (a quarter's report day shared by more
        assignments than the limit added: nothing before it)."""
        if self._growing is not None and (self.table.shown_source is self._growing
                                          or self.table.source is not self._growing):
            self._growing = None
            self._read_more_near_a_cut(self.table.window_start + self.table.cursor_row)

    def _read_more_near_a_cut(self, at: int) -> None:
        """The cursor (on row `at` of the list) near the end of a part cut short (the last
        overdue items, the list's last rows): that part read again with the next of
        AGENDA_LIMITS, the cursor staying on its item, the new items coming after it."""
        rows = self.table.source.rows
        if self._growing is not None or not isinstance(rows, Arranged) or not rows.cut or self.group_by != "time":
            return
        late, window = self._reads
        last = len(AGENDA_LIMITS) - 1
        if rows.overdue_cut and late < last and rows.overdue_end - GROW_NEAR <= at <= rows.overdue_end:
            late += 1
        elif rows.window_cut and window < last and at >= len(rows) - 1 - GROW_NEAR:
            window += 1
        else:
            return
        self._reads = (late, window)
        self.dondoc.say(t("tui.agenda.reading_more"))
        self.table.source = self._growing = self.make_source()
        self.table.refresh_window(keep_key=self.table.current_key)

    def _on_an_item(self) -> bool:
        """The cursor is on an item; else (a heading, an empty list) say what to do."""
        if self._current_item() is not None:
            return True
        self.dondoc.say(t("tui.agenda.pick_item"), severity="warning")
        return False

    # Keys that act on the item under the cursor: on a heading they say so instead of
    # doing nothing.
    def action_reported(self) -> None:
        if self._on_an_item():
            super().action_reported()

    def action_waived(self) -> None:
        if self._on_an_item():
            super().action_waived()

    def action_done(self) -> None:
        if self._on_an_item():
            super().action_done()

    def action_note(self) -> None:
        if self._on_an_item():
            super().action_note()

    @needs_editor
    def action_edit(self) -> None:
        """`e`: the item's assignment in its form."""
        from screens.forms import AssignmentForm

        if not self._on_an_item():
            return
        item = self._current_item()
        self.app.push_screen(AssignmentForm(int(item.assignment_id)),
                             lambda saved: self.after_write() if saved is not None else None)

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

    @needs_editor
    def action_new(self) -> None:
        from screens.forms import AssignmentForm

        item = self._current_item()
        self.app.push_screen(
            AssignmentForm(None, document_id=item.document_id if item is not None else None),
            lambda new_id: self.after_write() if new_id is not None else None,
        )

    def export_rows(self, db: Any, path: Path, progress: Any, delimiter: str) -> int:
        from store import export

        today = self.dondoc.today
        return int(export.write_deadlines(
            db, path, start=today, end=today + timedelta(days=self._horizon()),
            agency=self.filters.get("agency"), search=self.search or None, progress=progress,
            delimiter=delimiter,
        ))
