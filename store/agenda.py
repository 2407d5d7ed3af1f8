"""The agenda (Thời hạn): what falls due in a window, overdue first.

Only assignments whose next deadline is at most the window's end are looked at, and
recurring reports are expanded only inside the window.

At national scale the agenda holds ten thousand items and more, so it is read in one query
per part (the window, the overdue backlog), compiled once and kept: a row per deadline with
its assignment, document, lead agencies (the denormalised columns of migration 0006), and
the date in force (a one-off deadline) or the periods acted on (a rule). The assignments
and their deadlines come off covering indexes (migration 0008: `ix_assignment_agenda` over
open work in deadline order, `ix_deadline_agenda`), never off the wide rows; values come as
the driver gives them (driver SQL, no type processing). The occurrences of a reporting rule
are computed once per rule and kept (`_occurrences`), as the rules repeat ("Định kỳ hằng
quý") across many assignments, and the dues of a rule once per tracking start and acted-on
periods (`_Rules`); an item is a named tuple made once, straight from its row, with the
lead agencies' names, labels and statuses shared between items, and the garbage collector
paused meanwhile (`_no_gc`).
"""

from __future__ import annotations

import bisect
import gc
import json
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import bindparam, case, func, literal_column, select

from store import deadlines as dl
from store.assignments import (
    AssignmentQuery,
    _agency_names,
    _doc_label,
    _filtered,
    derive,
    open_condition,
)
from store.db import Database
from store.followup import calendar_in, current_occurrence, policy_in
from store.models import Agency, Assignment, Deadline, Document, Extension, Occurrence

BUCKETS = ("overdue", "today", "this_week", "next_30", "later")


class AgendaItem(NamedTuple):
    """One deadline falling due: a one-off date or one occurrence of a recurring report.

    A named tuple (immutable, and built ten times faster than a frozen dataclass: the
    agenda makes tens of thousands)."""

    assignment_id: int
    deadline_id: int
    document_id: int
    document_label: str
    ref: str
    title: str
    lead: tuple[str, ...]
    due: date
    period: str | None  # "Quý I/2026" for a recurring report
    period_key: str | None
    kind: str
    phrase: str
    status: str
    days_overdue: int
    explanation: str = ""
    parts: tuple[tuple[int, str | None], ...] = ()  # every (deadline id, period key) merged here

    def when_text(self, today: date, lang: str | None = None) -> str:
        """"quá hạn 5 ngày", "hạn hôm nay", "còn 3 ngày làm việc"."""
        from store.i18n import get_lang

        return dl.due_text(self.due, today, lang=lang or get_lang())

    def bucket(self, today: date) -> str:
        """overdue, today, this_week (next 7 days), next_30, later."""
        if self.due < today:
            return "overdue"
        if self.due == today:
            return "today"
        if self.due <= today + timedelta(days=7):
            return "this_week"
        if self.due <= today + timedelta(days=30):
            return "next_30"
        return "later"

    def to_dict(self) -> dict[str, Any]:
        data = self._asdict()
        data["due"] = self.due.isoformat()
        data["lead"] = list(self.lead)
        return data


def agenda(
    db: Database,
    start: date,
    end: date,
    *,
    overdue: bool = True,
    agency: str | None = None,
    search: str | None = None,
    today: date | None = None,
    limit: int = 5000,
) -> list[AgendaItem]:
    """Deadlines of open assignments due in [start, end], and (with `overdue`) those past due.

    At most `limit` assignments are read for the window and `limit` for the overdue backlog.

    Sorted overdue first (oldest first), then by date. Recurring reports appear as their
    occurrences in the window; an overdue report appears once, as its current occurrence.
    """
    on = today or start
    items: list[AgendaItem] = []
    with db.read() as session, _no_gc():
        policy, cal = policy_in(session), calendar_in(session)
        names: dict[int | None, str] = dict(session.execute(select(Agency.id, Agency.name)).all())
        rules = _Rules(session, start, end, overdue, policy, cal)
        statuses: dict[tuple[str, date], tuple[str, int]] = {}
        labels: dict[int, str] = {}
        unnumbered: dict[tuple[str, Any], str] = {}  # "Kế hoạch 05/01/2024", by type and date
        leads: dict[tuple[int | None, int | None], tuple[str, ...]] = {}
        dates: dict[Any, date] = {}
        append, new = items.append, tuple.__new__
        values = {"agenda_start": start, "agenda_end": end, "agenda_limit": limit}
        # The window and the overdue backlog are limited separately: a large backlog must not
        # crowd out what falls due in the coming days.
        for part in ("window", "overdue") if overdue else ("window",):
            rows = _fetch(session, _statement(session, part, search, agency, on), values)
            more = _agency_names(session, sorted({r[0] for r in rows if r[_LEAD_COUNT] > 2}))
            for (aid, doc_id, ref, title, work_status, created_at, lead1, lead2, lead_count, number, doc_type,
                 issued, did, kind, due, spec, phrase, acted) in rows:
                if spec and spec != "null":  # a rule: only recurring rows carry one (see _rows_stmt)
                    dues = rules.dues(did, spec, created_at, acted)
                    if not dues:
                        continue
                else:  # a one-off deadline: `due` is the one in force (the last extension's)
                    if due is None:
                        continue
                    due_on = dates.get(due)
                    if due_on is None:
                        due_on = dates[due] = _date(due)  # type: ignore[assignment]
                    if due_on > end or (due_on < start and not overdue):
                        continue
                    dues = None
                label = labels.get(doc_id)
                if label is None:
                    label = labels[doc_id] = number or unnumbered.get((doc_type, issued)) or unnumbered.setdefault(
                        (doc_type, issued), _doc_label(doc_type, _date(issued)))
                if lead_count > 2:
                    lead = tuple(more[aid][0])
                else:
                    lead = leads.get((lead1, lead2))  # type: ignore[assignment]
                    if lead is None:
                        lead = leads[(lead1, lead2)] = (
                            (names[lead1], names[lead2]) if lead2 else (names[lead1],) if lead1 else ())
                if dues is None:
                    status = statuses.get((work_status, due_on))
                    if status is None:
                        status = statuses[(work_status, due_on)] = derive(work_status, due_on, None, on, 7)
                    append(new(AgendaItem, (aid, did, doc_id, label, ref, title, lead, due_on, None, None, kind,
                                            phrase, status[0], status[1], "", ((did, None),))))
                    continue
                for due_on, period, key, explanation in dues:
                    status = statuses.get((work_status, due_on))
                    if status is None:
                        status = statuses[(work_status, due_on)] = derive(work_status, due_on, None, on, 7)
                    append(new(AgendaItem, (aid, did, doc_id, label, ref, title, lead, due_on, period, key, kind,
                                            phrase, status[0], status[1], explanation, ((did, key),))))
            rows = more = None  # type: ignore[assignment]  # freed before the collector runs again
        items.sort(key=_ORDER)  # by (due, assignment, deadline): unique
        return _merge(items)


_COMPILED: dict[tuple[str, str], Any] = {}
"""The agenda's statements compiled, by (dialect, part), when no filter is given (the usual)."""


def _statement(session: Any, part: str, search: str | None, agency: str | None, on: date) -> Any:
    """The compiled statement of one part of the agenda (the window or the overdue backlog), its
    bounds and limit left as parameters (see _fetch); compiled once when nothing filters it."""
    dialect = session.connection().dialect
    key = (dialect.name, part)
    if not search and not agency and key in _COMPILED:
        return _COMPILED[key]
    chosen = select(*_CHOSEN).where(open_condition(), Assignment.due_key <= bindparam("agenda_end"))
    chosen, _ = _filtered(chosen, session, AssignmentQuery(search=search, agency=agency), on)
    bound = bindparam("agenda_start")
    chosen = chosen.where(Assignment.due_key >= bound if part == "window" else Assignment.due_key < bound)
    chosen = chosen.order_by(Assignment.due_key, Assignment.id).limit(bindparam("agenda_limit"))
    compiled = _rows_stmt(chosen.subquery()).compile(dialect=dialect)
    if not search and not agency:
        _COMPILED[key] = compiled
    return compiled


def _fetch(session: Any, compiled: Any, values: dict[str, Any]) -> list[Any]:
    """Every row of a compiled statement in `session`'s transaction, as the driver gives its
    values (driver SQL: no type processing; SQLite dates stay ISO text, see _date)."""
    state = compiled.construct_expanded_state(values)
    params = {k: state.processors[k](v) if k in state.processors else v for k, v in state.parameters.items()}
    args = params if state.positiontup is None else tuple(params[k] for k in state.positiontup)
    return session.connection().exec_driver_sql(state.statement, args).all()  # type: ignore[no-any-return]


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while the agenda is built: tens of thousands of new
    tuples (none in a cycle) would otherwise set off full collections, each walking every
    object of the process (a third of the agenda's time at national scale).

    When it resumes, what was made meanwhile is handed to the oldest generation as it is
    (gc.freeze then gc.unfreeze move lists, they walk no object) instead of being walked at
    once by a young collection (a tenth of the agenda's time): the items live as long as the
    list that shows them, and the next full collection looks at them like at every other
    long-lived object. Not done when someone else keeps objects frozen (unfreezing would
    release theirs too)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


_NONE: frozenset[str] = frozenset()
_ORDER = itemgetter(7, 0, 1)
"""An item's (due, assignment id, deadline id)."""
_CHOSEN = (
    Assignment.id, Assignment.document_id, Assignment.ref, Assignment.title, Assignment.work_status,
    Assignment.created_at, Assignment.lead_agency_id, Assignment.co_lead_agency_id, Assignment.lead_count,
)
"""What the agenda reads of an assignment: all in its covering index (ix_assignment_agenda)."""
_LEAD_COUNT = 8
"""Index of lead_count in a row of _rows_stmt."""


def _rows_stmt(chosen: Any) -> Any:
    """One row per deadline of the chosen assignments (a subquery of _CHOSEN, read off the
    covering index ix_assignment_agenda): the assignment, its document's label columns, the
    deadline with, for a one-off deadline, the date in force (the last extension granted, or
    the date as set), for a recurring one, its rule, the assignment's creation time and the
    periods acted on, joined with _SEP. Columns a row does not need are NULL (a rule's JSON
    is a hundred bytes to decode)."""
    recurring = Deadline.kind == literal_column("'recurring'")
    extended = (
        select(Extension.new_due).where(Extension.deadline_id == Deadline.id)
        .order_by(Extension.id.desc()).limit(1).scalar_subquery()
    )
    acted = (
        select(func.aggregate_strings(Occurrence.period, _SEP)).where(Occurrence.deadline_id == Deadline.id)
        .scalar_subquery()
    )
    c = chosen.c
    return (
        select(
            c.id, c.document_id, c.ref, c.title, c.work_status, case((recurring, c.created_at), else_=None),
            c.lead_agency_id, c.co_lead_agency_id, c.lead_count, Document.number, Document.doc_type,
            Document.issued, Deadline.id, Deadline.kind,
            case((recurring, Deadline.due), else_=func.coalesce(extended, Deadline.due)),
            case((recurring, Deadline.spec), else_=None), Deadline.phrase, case((recurring, acted), else_=None),
        )
        .select_from(chosen)
        .join(Document, Document.id == c.document_id)
        .join(Deadline, Deadline.assignment_id == c.id)
    )


def _date(value: str | date | None) -> date | None:
    """A date as the driver gives it: ISO text on SQLite, a date already on PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value


_SEP = "\x1f"
"""Between the acted-on periods of a rule in one row (no period key holds it)."""


def _merge(items: list[AgendaItem]) -> list[AgendaItem]:
    """One item per assignment and date, in date order: several phrases of a section
    ("Định kỳ hằng quý", "Sáu tháng 01 lần") often fall due the same day, and a clerk chases
    one report. `items` are sorted by (due, assignment, deadline)."""
    out: list[AgendaItem] = []
    last: tuple[int, date] | None = None
    for item in items:
        here = (item[0], item[7])
        if here == last:
            out[-1] = _merged(out[-1], item.deadline_id, item.period_key, item.phrase)
            continue
        last = here
        out.append(item)
    return out


def _merged(first: AgendaItem, deadline_id: int, key: str | None, phrase: str) -> AgendaItem:
    """`first` with another deadline due the same day: the periods named together."""
    parts_all = (*first.parts, (deadline_id, key))
    keys = {k for _, pk in parts_all if pk for k in pk.split("+")}
    period = first.period
    if keys:
        periods = sorted((dl.Period.from_key(k) for k in keys), key=lambda p: (p.months, p.start))
        period = dl.Occurrence(first.due, first.due, tuple(periods), "").label
    return first._replace(
        period=period, parts=parts_all, phrase="; ".join(dict.fromkeys([first.phrase, phrase])),
    )


def _tracking_start(created_at: str | datetime | None) -> date:
    """store.followup.tracking_start for a row (the day the office started following it):
    the date of `created_at` in UTC, read as SQLite's text (UTC) or PostgreSQL's datetime."""
    if not created_at:
        return date.min
    if isinstance(created_at, str):
        return date.fromisoformat(created_at[:10])
    return (created_at.astimezone(UTC) if created_at.tzinfo else created_at).date()


_Span = tuple[date, date, list[date], list[tuple[date, str, str, str]]]
_OCCURRENCES: dict[tuple[str, Any, int], _Span] = {}
"""Occurrences of a reporting rule over a span, by (rule JSON, policy, calendar): the span's
bounds, the due dates, and (due, label, period key, explanation) of each (see _occurrences)."""


def _spec_text(spec: Any) -> str | None:
    """The rule as JSON text on every engine (psycopg hands JSON back decoded even when the
    column is read as text)."""
    if spec is None or isinstance(spec, str):
        return spec
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)


_SPAN_BEFORE, _SPAN_AFTER = 15 * 366, 2 * 366


def _occurrences(spec_json: str, around: date, policy: dl.ReportPolicy, cal: Any) -> _Span:
    """Every occurrence of a rule from about fifteen years before `around` to two after, cached.

    The same few rules ("Định kỳ hằng quý", "Sáu tháng 01 lần") recur across thousands of
    assignments: computing their occurrences once makes the agenda a lookup (bisect) per row.
    """
    key = (spec_json, policy, id(cal))
    hit = _OCCURRENCES.get(key)
    if hit is not None and hit[0] <= around - timedelta(days=366) and around + timedelta(days=366) <= hit[1]:
        return hit
    lo, hi = around - timedelta(days=_SPAN_BEFORE), around + timedelta(days=_SPAN_AFTER)
    occs = dl.occurrences(dl.DeadlineSpec.from_dict(json.loads(spec_json)), lo, hi, policy, cal)
    if len(_OCCURRENCES) > 4096:
        _OCCURRENCES.clear()
    entry = (lo, hi, [o.due for o in occs], [(o.due, o.label, o.period_key, o.explanation) for o in occs])
    _OCCURRENCES[key] = entry
    return entry


class _Rules:
    """The dues of recurring reports inside one agenda's window, each computed once.

    Thousands of deadlines share a rule, and among them those tracked from the same period
    with the same reports acted on get the same dues: kept by (rule, first occurrence from
    the tracking start, window start, periods acted on)."""

    def __init__(self, session: Any, start: date, end: date, overdue: bool, policy: Any, cal: Any) -> None:
        self.session, self.start, self.end, self.overdue = session, start, end, overdue
        self.policy, self.cal = policy, cal
        self.spans: dict[str, _Span] = {}
        self.known: dict[tuple[Any, ...], list[tuple[date, str, str, str]]] = {}
        self.quick: dict[tuple[str, str, str | None], list[tuple[date, str, str, str]]] = {}

    def dues(self, deadline_id: int, spec: Any, created_at: Any, acted: str | None) -> list[tuple[date, str, str, str]]:
        """(due, period label, period key, explanation) of a recurring report in the window:
        its occurrences there not acted on, and (with `overdue`) its current one if overdue."""
        quick = None
        if isinstance(spec, str) and isinstance(created_at, str):
            # the dues depend on the rule, the tracking start (a day) and the periods acted on
            quick = (spec, created_at[:10], acted)
            got = self.quick.get(quick)
            if got is not None:
                return got
        elif not isinstance(spec, str):
            spec = _spec_text(spec)
        span = self.spans.get(spec)
        if span is None:
            span = self.spans[spec] = _occurrences(spec, self.start, self.policy, self.cal)
        first = _tracking_start(created_at)
        lo, dues = span[0], span[2]
        if first < lo:  # tracked from before the cached span: ask the slow way, not kept
            return self._dues(deadline_id, spec, span, first, set(acted.split(_SEP)) if acted else _NONE)
        window_from = max(self.start, first)
        key = (spec, bisect.bisect_left(dues, first), window_from, acted)
        hit = self.known.get(key)
        if hit is None:
            hit = self.known[key] = self._dues(
                deadline_id, spec, span, first, set(acted.split(_SEP)) if acted else _NONE)
        if quick is not None:
            self.quick[quick] = hit
        return hit

    def _dues(self, deadline_id: int, spec: str, span: _Span, first: date,
              acted: AbstractSet[str]) -> list[tuple[date, str, str, str]]:
        lo, hi, dues, occs = span
        start, end = self.start, self.end
        out = []
        if self.overdue:
            current = None
            if lo <= first:
                # the current occurrence: the earliest from `first` not acted on
                for i in range(bisect.bisect_left(dues, first), len(occs)):
                    if occs[i][2] not in acted:
                        current = occs[i]
                        break
            else:
                occ = current_occurrence(self.session, _DeadlineRef(deadline_id, json.loads(spec)), first,
                                         self.policy, self.cal)
                if occ is not None:
                    current = (occ.due, occ.label, occ.period_key, occ.explanation)
            if current is not None and current[0] < start:
                out.append(current)
        window_from = max(start, first)
        if hi >= end:
            in_window = occs[bisect.bisect_left(dues, window_from):bisect.bisect_right(dues, end)]
        else:
            in_window = [(o.due, o.label, o.period_key, o.explanation) for o in dl.occurrences(
                dl.DeadlineSpec.from_dict(json.loads(spec)), window_from, end, self.policy, self.cal)]
        out.extend(o for o in in_window if o[2] not in acted)
        return out


class _DeadlineRef(NamedTuple):
    """What store.followup.current_occurrence reads of a deadline: its id and rule."""

    id: int
    spec: dict[str, Any]


def group_by_agency(items: list[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
    """Items grouped by lead agency in Vietnamese alphabetical order (an item under each lead)."""
    from store.text import sort_key

    groups: dict[str, list[AgendaItem]] = {}
    for item in items:
        for name in item.lead or ("",):
            groups.setdefault(name, []).append(item)
    return [(name, groups[name]) for name in sorted(groups, key=sort_key)]
