"""The agenda (Thời hạn): what falls due in a window, overdue first.

Only assignments whose next deadline is at most the window's end are looked at, and
recurring reports are expanded only inside the window.

At national scale the agenda holds ten thousand items and more, so each part (the window, the
overdue backlog) is read in a few statements compiled once and kept, each one index range: the
open assignments in (due_key, id) order off `ix_assignment_agenda` (migration 0008, with their
lead agencies, the denormalised columns of migration 0006, and their document's label columns
looked up by its key in the same statement), then the deadlines of every open assignment up to
the last one chosen off `ix_deadline_open` (migration 0009), in the same order, with what each
deadline keeps for it: the date in force (a one-off's last extension, a rule's current
occurrence) and a rule's periods acted on ahead; no extension, no report acted on, no wide row
is read. Values come as the driver gives them (driver SQL, no type processing): at national
scale turning the rows into Python values is two thirds of the agenda's instructions
(callgrind), the queries themselves little. The occurrences of a reporting rule are computed
once per rule and kept (`_occurrences`), as the rules repeat ("Định kỳ hằng quý") across many
assignments, and the dues of a rule once per current occurrence and periods acted on ahead
(`_Rules`); an item is a named tuple made once, straight from its row, with the lead agencies'
names, labels and statuses shared between items (the statuses and parsed dates kept between
agendas too), and the garbage collector paused meanwhile (`_no_gc`).
"""

from __future__ import annotations

import bisect
import gc
import json
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import String, and_, bindparam, case, cast, func, literal, literal_column, select, tuple_

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
from store.followup import ACTED_SEP, calendar_in, policy_in
from store.models import Assignment, Deadline, Document

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


class Agenda(list[AgendaItem]):
    """The agenda's items, and whether it was cut short: each part (the window, the overdue
    backlog) reads at most `limit` assignments (see `agenda`)."""

    limit: int = 0
    """The most assignments read for the overdue backlog."""
    window_limit: int = 0
    """The most assignments read for the window."""
    overdue_cut: bool = False
    """The overdue backlog has more than `limit` assignments: the `limit` longest overdue are
    listed (with their dues in the window); the others are not, in either part."""
    complete_before: date | None = None
    """The window has more than `limit` assignments: the items due before this date are all
    listed; those due on it and after are left out."""

    @property
    def cut(self) -> bool:
        return self.overdue_cut or self.complete_before is not None

    def what_is_listed(self, lang: str | None = None) -> str:
        """What a cut agenda lists ("5.000 nhiệm vụ quá hạn lâu nhất và các hạn trước
        15/12/2026"), for the clerk to be told; empty when nothing was left out."""
        from store.dates import format_date
        from store.i18n import number, t

        parts = []
        if self.overdue_cut:
            parts.append(t("tui.agenda.cut.overdue", lang, n=number(self.limit, lang)))
        if self.complete_before is not None:
            parts.append(t("tui.agenda.cut.window", lang, date=format_date(self.complete_before)))
        return t("tui.agenda.cut.and", lang).join(parts)


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
    window_limit: int | None = None,
) -> Agenda:
    """Deadlines of open assignments due in [start, end], and (with `overdue`) those past due.

    At most `limit` assignments are read for the overdue backlog (the longest overdue) and
    `window_limit` (default: `limit`) for the window; the result says when either had more
    (`Agenda.overdue_cut`, `Agenda.complete_before`) and lists only what is complete. Read again
    with a larger limit for either part, the agenda lists every item it listed and more (the
    Thời hạn view reads a few first, and more as the clerk scrolls: screens.deadlines).

    Sorted overdue first (oldest first), then by date. Recurring reports appear as their
    occurrences in the window; an overdue report appears once, as its current occurrence.
    """
    on = today or start
    items = Agenda()
    items.limit = max(0, limit)
    items.window_limit = max(0, limit if window_limit is None else window_limit)
    with db.read() as session, _no_gc():
        values = {"agenda_start": start, "agenda_end": end}
        filtered = bool(search or agency)
        # The window and the overdue backlog are limited separately: a large backlog must not
        # crowd out what falls due in the coming days.
        parts = []
        for part in ("window", "overdue") if overdue else ("window",):
            limit = items.window_limit if part == "window" else items.limit
            values["agenda_limit"] = limit + 1  # one more: is there more?
            chosen = _fetch(session, _statement(session, part, search, agency, on), values)
            if len(chosen) > limit:
                del chosen[limit:]
                if part == "overdue":
                    items.overdue_cut = True
                else:  # the assignments left out are due on the last one's day or later
                    items.complete_before = _date(chosen[-1][_DUE_KEY]) if chosen else start
            if not chosen:
                continue
            if filtered:  # a few assignments here and there: each one's deadlines looked up
                parts.append((chosen, _deadlines_of(session, chosen, end)))
            else:  # every open assignment up to the last chosen: their deadlines are one range
                bounds = {**values, "agenda_last_key": _date(chosen[-1][_DUE_KEY]), "agenda_last_id": chosen[-1][0]}
                parts.append((chosen, _fetch(session, _deadlines(session, part), bounds)))
        # A cut window lists what is complete: items due before the boundary, none made after it
        last = end if items.complete_before is None else items.complete_before - timedelta(days=1)
        made = _Items(session, start, last, overdue, on)
        for chosen, deadline_rows in parts:
            made.add(session, chosen, deadline_rows)
        parts = None  # type: ignore[assignment]  # freed before the collector runs again
        items.extend(made.sorted())
        return items


def agenda_pages(
    db: Database,
    start: date,
    end: date,
    *,
    agency: str | None = None,
    search: str | None = None,
    today: date | None = None,
    page: int = 20_000,
) -> Iterator[list[AgendaItem]]:
    """The whole agenda from `start` to `end`, overdue included and nothing cut, as the items
    of `page` open assignments at a time (for exports: half a million items at national scale
    take half a gigabyte as one list).

    The assignments are read in (due_key, id) order, the window's then the backlog's, in one
    read transaction (one snapshot) held while the pages are used. Each page's items are
    sorted and merged as `agenda`'s are, and an assignment's items all come in its page; the
    pages' items interleave in date order, and merged by `ORDER` (which never ties between
    pages) they are `agenda`'s items exactly."""
    on = today or start
    page = max(1, page)
    filtered = bool(search or agency)
    with db.read() as session:
        with _no_gc():
            made = _Items(session, start, end, True, on)
        for part in ("window", "overdue"):
            values: dict[str, Any] = {"agenda_start": start, "agenda_end": end, "agenda_limit": page}
            while True:
                paged = "agenda_after_key" in values
                with _no_gc():
                    chosen = _fetch(session, _statement(session, part, search, agency, on, paged=paged), values)
                    if not chosen:
                        break
                    full, last_key, last_id = len(chosen) == page, _date(chosen[-1][_DUE_KEY]), chosen[-1][0]
                    if filtered:
                        rows = _deadlines_of(session, chosen, end)
                    else:
                        bounds = {**values, "agenda_last_key": last_key, "agenda_last_id": last_id}
                        rows = _fetch(session, _deadlines(session, part, paged=paged), bounds)
                    made.add(session, chosen, rows)
                    chosen = rows = None  # type: ignore[assignment]  # freed before the page is used
                    items = made.sorted()
                yield items
                if not full:
                    break
                values = {**values, "agenda_after_key": last_key, "agenda_after_id": last_id}


ORDER = itemgetter(7, 0, 1)
"""An item's place in the agenda: (due, assignment id, deadline id), unique."""


class _Items:
    """The items of one agenda as they are made from the rows of its assignments and their
    deadlines (`add`), with what items share kept once: the lead agencies' names, document
    labels, statuses by work status and due date, the dues of each rule (`_Rules`)."""

    def __init__(self, session: Any, start: date, last: date, overdue: bool, on: date) -> None:
        self.start, self.last, self.overdue, self.on = start, last, overdue, on
        policy, cal = policy_in(session), calendar_in(session)
        self.rules = _Rules(start, last, overdue, policy, cal)
        self.names: dict[int | None, str] = dict(_driver_rows(session, "SELECT id, name FROM agency", ()))
        self.statuses = _statuses_on(on)  # by work status, then due date
        self.labels: dict[int, str] = {}
        self.unnumbered: dict[str, str] = {}  # "Kế hoạch 05/01/2024", by its cell (_LABEL)
        self.leads: dict[tuple[int | None, int | None], tuple[str, ...]] = {}
        self.dates = _DATES if len(_DATES) < _KEPT else _cleared(_DATES)
        self.items: list[AgendaItem] = []

    def sorted(self) -> list[AgendaItem]:
        """The items made so far, in the agenda's order, one per assignment and day; the next
        `add` starts afresh."""
        items, self.items = self.items, []
        items.sort(key=ORDER)  # by (due, assignment, deadline): unique
        return _merge(items)

    def add(self, session: Any, chosen: list[Any], deadline_rows: list[tuple[Any, ...]]) -> None:
        """Make the items of the assignments `chosen` (rows of _CHOSEN) from `deadline_rows`
        (see _deadlines); rows of assignments not chosen are passed over."""
        start, last, overdue, on, rules = self.start, self.last, self.overdue, self.on, self.rules
        names, statuses, labels, unnumbered, leads, dates = (
            self.names, self.statuses, self.labels, self.unnumbered, self.leads, self.dates)
        append, new = self.items.append, tuple.__new__
        more = _agency_names(session, sorted({r[0] for r in chosen if r[_LEAD_COUNT] > 2}))
        heads: dict[int, tuple[Any, ...]] = {}  # by assignment: what its items share
        of = {r[0]: r for r in chosen}
        for aid, did, kind, due, spec, phrase, ahead in deadline_rows:
            if spec and spec != "null":  # a rule: only recurring rows carry one (see _deadlines)
                dues = rules.dues(spec, due, ahead)
                if not dues:
                    continue
            else:  # a one-off deadline: `due` is the one in force (the last extension's)
                due_on = dates.get(due)
                if due_on is None:
                    due_on = dates[due] = _date(due)  # type: ignore[assignment]
                if due_on > last or (due_on < start and not overdue):
                    continue
                dues = None
            head = heads.get(aid)
            if head is None:
                row = of.get(aid)
                if row is None:  # filtered out (a search, an agency)
                    continue
                _, doc_id, ref, title, work_status, lead1, lead2, lead_count, _, label = row
                known = labels.get(doc_id)
                if known is not None:
                    label = known
                else:
                    if label[:1] == _UNNUMBERED:  # (type, date of issue): see _LABEL
                        label = unnumbered.get(label) or unnumbered.setdefault(label, _unnumbered_label(label))
                    labels[doc_id] = label
                if lead_count > 2:
                    lead = tuple(more[aid][0])
                else:
                    lead = leads.get((lead1, lead2))  # type: ignore[assignment]
                    if lead is None:
                        lead = leads[(lead1, lead2)] = (
                            (names[lead1], names[lead2]) if lead2 else (names[lead1],) if lead1 else ())
                by_due = statuses.get(work_status)
                if by_due is None:
                    by_due = statuses[work_status] = {}
                head = heads[aid] = (doc_id, label, ref, title, lead, work_status, by_due)
            doc_id, label, ref, title, lead, work_status, by_due = head
            if dues is None:
                status = by_due.get(due_on)
                if status is None:
                    status = by_due[due_on] = derive(work_status, due_on, None, on, 7)
                append(new(AgendaItem, (aid, did, doc_id, label, ref, title, lead, due_on, None, None, kind,
                                        phrase, status[0], status[1], "", ((did, None),))))
                continue
            for due_on, period, key, explanation in dues:
                status = by_due.get(due_on)
                if status is None:
                    status = by_due[due_on] = derive(work_status, due_on, None, on, 7)
                append(new(AgendaItem, (aid, did, doc_id, label, ref, title, lead, due_on, period, key, kind,
                                        phrase, status[0], status[1], explanation, ((did, key),))))


_KEPT = 100_000
"""The most entries `_DATES` and `_STATUSES` keep before starting afresh (a few MB)."""
_DATES: dict[Any, date] = {}
"""Dates as the driver gives them (ISO text on SQLite) -> date, kept between agendas: the same
few thousand due dates come back in every one."""
_STATUSES: dict[date, dict[str, dict[date, tuple[str, int]]]] = {}
"""(status, days overdue) of open work (`derive`), by the day it is judged on, work status and
due date, kept between agendas: the same for everyone on that day."""


def _cleared(kept: dict[Any, Any]) -> dict[Any, Any]:
    kept.clear()
    return kept


def _statuses_on(on: date) -> dict[str, dict[date, tuple[str, int]]]:
    """The statuses judged on `on` (`_STATUSES`), the others' let go."""
    by_status = _STATUSES.get(on)
    if by_status is None or sum(len(v) for v in by_status.values()) > _KEPT:
        _STATUSES.clear()
        by_status = _STATUSES[on] = {}
    return by_status


_COMPILED: dict[tuple[str, str, str], Any] = {}
"""The agenda's statements compiled, by (dialect, part, what), when no filter is given (the usual)."""


def _statement(session: Any, part: str, search: str | None, agency: str | None, on: date, *,
               paged: bool = False) -> Any:
    """The compiled statement of the assignments of one part of the agenda (the window or the
    overdue backlog; _CHOSEN, in (due_key, id) order, off ix_assignment_agenda), its bounds
    and limit left as parameters (see _fetch); compiled once when nothing filters it."""
    dialect = session.connection().dialect
    key = (dialect.name, part, "assignments after" if paged else "assignments")
    if not search and not agency and key in _COMPILED:
        return _COMPILED[key]
    compiled = _chosen(session, part, search, agency, on, paged).compile(dialect=dialect)
    if not search and not agency:
        _COMPILED[key] = compiled
    return compiled


def _chosen(session: Any, part: str, search: str | None, agency: str | None, on: date, paged: bool) -> Any:
    # each one's document's label columns by its key, as the index gives the assignments
    chosen = (select(*_CHOSEN).join_from(Assignment, Document, Document.id == Assignment.document_id)
              .where(open_condition(), Assignment.due_key <= bindparam("agenda_end")))
    chosen, _ = _filtered(chosen, session, AssignmentQuery(search=search, agency=agency), on)
    bound = bindparam("agenda_start")
    chosen = chosen.where(Assignment.due_key >= bound if part == "window" else Assignment.due_key < bound)
    if paged:  # the next page (iter_agenda): after the last assignment of the previous one
        after = tuple_(bindparam("agenda_after_key", type_=Assignment.due_key.type), bindparam("agenda_after_id"))
        chosen = chosen.where(tuple_(Assignment.due_key, Assignment.id) > after)
    return chosen.order_by(Assignment.due_key, Assignment.id).limit(bindparam("agenda_limit"))


def _deadlines(session: Any, part: str, *, paged: bool = False) -> Any:
    """The compiled statement of the deadlines of one part's assignments due at the latest at
    the window's end, off the covering index ix_deadline_open (migration 0009), whose order is
    the assignments' (due_key, id): (assignment id, deadline id, kind, date in force, and for a
    rule its spec and the periods acted on ahead; NULL for a one-off deadline, whose rule is a
    hundred bytes of JSON to decode).

    Unfiltered, the chosen assignments are every open one from the window's start (none for
    the backlog) up to the last chosen (parameters agenda_last_key, agenda_last_id): their
    deadlines are one range of the index; `paged`, from after the previous page's last
    (agenda_after_key, agenda_after_id, see agenda_pages)."""
    dialect = session.connection().dialect
    key = (dialect.name, part, "deadlines after" if paged else "deadlines")
    if key in _COMPILED:
        return _COMPILED[key]
    recurring = Deadline.kind == literal_column("'recurring'")
    open_key = Deadline.open_due_key
    last_key = bindparam("agenda_last_key", type_=Deadline.open_due_key.type)
    # the range's lower end: the window's start, or the index's first entry (the partial
    # index's own predicate, which a comparison on the column implies): SQLite takes one
    # lower bound, and `IS NOT NULL` beside the start would have it read every overdue entry
    low = open_key >= bindparam("agenda_start") if part == "window" else open_key.is_not(None)
    if paged:  # a row value again, and the index's predicate: a row value does not imply it
        low = and_(open_key.is_not(None), tuple_(open_key, Deadline.assignment_id) > tuple_(
            bindparam("agenda_after_key", type_=Deadline.open_due_key.type), bindparam("agenda_after_id")))
    # and its upper end as a row value, which SQLite seeks to: a hundred thousand open
    # assignments can share the last one's due_key (every quarterly report's day)
    upto = tuple_(open_key, Deadline.assignment_id) <= tuple_(last_key, bindparam("agenda_last_id"))
    stmt = select(
        Deadline.assignment_id, Deadline.id, Deadline.kind, Deadline.due_in_force,
        case((recurring, Deadline.spec), else_=None), Deadline.phrase, case((recurring, Deadline.acted_ahead), else_=None),
    ).where(low, upto, Deadline.due_in_force <= bindparam("agenda_end"))
    compiled = _COMPILED[key] = stmt.compile(dialect=dialect)
    return compiled


def _deadlines_of(session: Any, chosen: list[Any], end: date) -> list[tuple[Any, ...]]:
    """The same rows for the assignments `chosen` (a search's, an agency's: a few here and there
    over the whole range), each one's looked up in ix_deadline_open by (due_key, id), handed
    over as one JSON or PostgreSQL array however many (the filter is not run again)."""
    columns = ("d.assignment_id, d.id, d.kind, d.due_in_force, CASE WHEN d.kind = 'recurring' THEN d.spec END, "
               "d.phrase, CASE WHEN d.kind = 'recurring' THEN d.acted_ahead END")
    if session.connection().dialect.name == "postgresql":
        return _driver_rows(session, (
            f"SELECT {columns} FROM unnest(%s::date[], %s::integer[]) AS k(due_key, id) JOIN deadline d "
            "ON d.open_due_key = k.due_key AND d.assignment_id = k.id WHERE d.due_in_force <= %s"),
            ([r[_DUE_KEY] for r in chosen], [r[0] for r in chosen], end))
    return _driver_rows(session, (
        f"SELECT {columns} FROM json_each(?) AS k JOIN deadline d ON d.open_due_key = k.value ->> 0 "
        "AND d.assignment_id = k.value ->> 1 WHERE d.due_in_force <= ?"),
        (json.dumps([(r[_DUE_KEY], r[0]) for r in chosen]), end.isoformat()))


def _fetch(session: Any, compiled: Any, values: dict[str, Any]) -> list[Any]:
    """Every row of a compiled statement in `session`'s transaction, as the driver gives its
    values (driver SQL: no type processing; SQLite dates stay ISO text, see _date)."""
    state = compiled.construct_expanded_state(values)
    params = {k: state.processors[k](v) if k in state.processors else v for k, v in state.parameters.items()}
    args = params if state.positiontup is None else tuple(params[k] for k in state.positiontup)
    return _driver_rows(session, state.statement, args)


def _driver_rows(session: Any, sql: str, args: Any) -> list[tuple[Any, ...]]:
    """The rows of `sql` in `session`'s transaction, sent through SQLAlchemy (its events see
    it: bench.plans) but fetched straight off the driver's cursor: its plain tuples, no Row
    objects (tens of thousands)."""
    result = session.connection().exec_driver_sql(sql, args)
    try:
        return result.cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        result.close()


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
_UNNUMBERED = "\x1f"
"""Starts the label cell of a document without a number, and parts its type from its date of
issue (store.text.clean removes control characters from every text written: no number has it)."""
_LABEL = func.coalesce(func.nullif(Document.number, literal("")), literal(_UNNUMBERED) + Document.doc_type + literal(_UNNUMBERED)
                       + func.coalesce(cast(Document.issued, String), literal("")))
"""A document's label in one cell: its number, or (_UNNUMBERED, type, _UNNUMBERED, date of issue
as ISO text or empty) for the label made of them (_doc_label). Each cell of the ten thousand
rows costs (SQLite's decoding, the driver's conversion): one cell instead of three is about a
sixth of the statement's time."""
_CHOSEN = (
    Assignment.id, Assignment.document_id, Assignment.ref, Assignment.title, Assignment.work_status,
    Assignment.lead_agency_id, Assignment.co_lead_agency_id, Assignment.lead_count, Assignment.due_key,
    _LABEL,
)
"""What the agenda reads of an assignment, all in its covering index (ix_assignment_agenda), and
of its document (by its key) its label (_LABEL)."""
_LEAD_COUNT = 7
"""Index of lead_count in a row of _CHOSEN."""
_DUE_KEY = 8
"""Index of due_key in a row of _CHOSEN."""


def _unnumbered_label(cell: str) -> str:
    """The label of a document without a number, from its cell (_LABEL)."""
    _, doc_type, issued = cell.split(_UNNUMBERED)
    return _doc_label(doc_type, date.fromisoformat(issued) if issued else None)


def _date(value: str | date | None) -> date | None:
    """A date as the driver gives it: ISO text on SQLite, a date already on PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value


_SEP = ACTED_SEP
"""Between the periods of a rule acted on ahead (Deadline.acted_ahead)."""


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


_SPAN_BEFORE, _SPAN_AFTER = 366, 2 * 366


def _occurrences(spec_json: str, around: date, policy: dl.ReportPolicy, cal: Any, since: date | None = None) -> _Span:
    """Every occurrence of a rule from a year before `around` (or before `since`, when earlier)
    to two years after, cached; a span asked for from further back replaces the one kept.

    The same few rules ("Định kỳ hằng quý", "Sáu tháng 01 lần") recur across thousands of
    assignments: computing their occurrences once makes the agenda a lookup (bisect) per row.
    The span reaches only as far back as the oldest current occurrence asked for (an overdue
    backlog's), not further: each year costs the rule's working-day adjustments and the
    public holidays of that year (about 5 ms a rule-year the first time, issue #8).
    """
    lo = around - timedelta(days=_SPAN_BEFORE)
    if since is not None and since - timedelta(days=_SPAN_BEFORE) < lo:
        lo = since - timedelta(days=_SPAN_BEFORE)
    key = (spec_json, policy, id(cal))
    hit = _OCCURRENCES.get(key)
    if hit is not None and hit[0] <= (since or around) and around + timedelta(days=366) <= hit[1]:
        return hit
    if hit is not None and hit[0] < lo and hit[1] >= around + timedelta(days=_SPAN_AFTER):
        lo = hit[0]  # (as far back as before, not less)
    hi = around + timedelta(days=_SPAN_AFTER)
    occs = dl.occurrences(dl.DeadlineSpec.from_dict(json.loads(spec_json)), lo, hi, policy, cal)
    if len(_OCCURRENCES) > 4096:
        _OCCURRENCES.clear()
    entry = (lo, hi, [o.due for o in occs], [(o.due, o.label, o.period_key, o.explanation) for o in occs])
    _OCCURRENCES[key] = entry
    return entry


class _Rules:
    """The dues of recurring reports inside one agenda's window, each computed once.

    A rule's dues follow from its current occurrence (`due_in_force`) and the periods acted on
    ahead of it (store.followup.rule_dues): every occurrence from the current one on is due
    unless acted on ahead. Thousands of deadlines share a rule and most of them one of a few
    current occurrences: kept by (rule, current occurrence, periods acted on ahead)."""

    def __init__(self, start: date, end: date, overdue: bool, policy: Any, cal: Any) -> None:
        self.start, self.end, self.overdue = start, end, overdue
        self.policy, self.cal = policy, cal
        self.spans: dict[str, _Span] = {}
        self.known: dict[tuple[Any, ...], list[tuple[date, str, str, str]]] = {}

    def dues(self, spec: Any, due: Any, ahead: str | None) -> list[tuple[date, str, str, str]]:
        """(due, period label, period key, explanation) of a recurring report in the window:
        its occurrences there not acted on, and (with `overdue`) its current one if overdue."""
        key = (spec, due, ahead) if isinstance(spec, str) else None
        hit = self.known.get(key) if key is not None else None
        if hit is None:
            text = _spec_text(spec)
            assert text is not None
            hit = self._dues(text, _date(due), set(ahead.split(_SEP)) if ahead else _NONE)
            if key is not None:
                self.known[key] = hit
        return hit

    def _dues(self, spec: str, current: date | None, ahead: AbstractSet[str]) -> list[tuple[date, str, str, str]]:
        if current is None:  # the rule has ended
            return []
        span = self.spans.get(spec)
        if span is None or (self.overdue and current < span[0]):  # from further back (a backlog)
            since = current if self.overdue and current < self.start else None
            span = self.spans[spec] = _occurrences(spec, self.start, self.policy, self.cal, since)
        lo, hi, dues, occs = span
        start, end = self.start, self.end
        out = []
        if self.overdue and current < start:
            i = bisect.bisect_left(dues, current)
            if lo <= current and i < len(dues) and dues[i] == current:
                out.append(occs[i])
            else:  # not one of the rule's occurrences (a current date from before a change)
                out += [(o.due, o.label, o.period_key, o.explanation) for o in dl.occurrences(
                    dl.DeadlineSpec.from_dict(json.loads(spec)), current, current, self.policy, self.cal)]
        window_from = max(start, current)
        if hi >= end:
            in_window = occs[bisect.bisect_left(dues, window_from):bisect.bisect_right(dues, end)]
        else:
            in_window = [(o.due, o.label, o.period_key, o.explanation) for o in dl.occurrences(
                dl.DeadlineSpec.from_dict(json.loads(spec)), window_from, end, self.policy, self.cal)]
        out.extend(o for o in in_window if o[2] not in ahead)
        return out


def group_by_agency(items: list[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
    """Items grouped by lead agency in Vietnamese alphabetical order (an item under each lead)."""
    from store.text import sort_key

    groups: dict[str, list[AgendaItem]] = {}
    for item in items:
        for name in item.lead or ("",):
            groups.setdefault(name, []).append(item)
    return [(name, groups[name]) for name in sorted(groups, key=sort_key)]
