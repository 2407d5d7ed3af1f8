"""The agenda (Thời hạn): what falls due in a window, overdue first.

Only assignments whose next deadline is at most the window's end are looked at (an indexed
range on the partial index of open work, `ix_assignment_open_due`), and recurring reports
are expanded only inside the window.

At national scale the agenda holds thousands of items, so it is read in a handful of batched
Core queries (assignments, their deadlines, extensions and acted-on periods), never one query
per row nor ORM objects; the occurrences of a reporting rule are computed once per rule and
kept (`_occurrences`), as the rules repeat ("Định kỳ hằng quý") across many assignments.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import String, select, type_coerce

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
from store.models import Assignment, Deadline, Document, Extension, Occurrence

BUCKETS = ("overdue", "today", "this_week", "next_30", "later")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One deadline falling due: a one-off date or one occurrence of a recurring report."""

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
        data = asdict(self)
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
    with db.read() as session:
        policy, cal = policy_in(session), calendar_in(session)
        stmt = (
            select(
                Assignment.id, Assignment.document_id, Assignment.ref, Assignment.title,
                Assignment.work_status, Assignment.created_at, Document.number, Document.doc_type,
                Document.issued,
            )
            .join(Document, Document.id == Assignment.document_id)
            .where(open_condition(), Assignment.due_key <= end)
        )
        stmt, _ = _filtered(stmt, session, AssignmentQuery(search=search, agency=agency), on)
        stmt = stmt.order_by(Assignment.due_key, Assignment.id)
        # The window and the overdue backlog are limited separately: a large backlog must not
        # crowd out what falls due in the coming days.
        rows = list(session.execute(stmt.where(Assignment.due_key >= start).limit(limit)))
        if overdue:
            rows = list(session.execute(stmt.where(Assignment.due_key < start).limit(limit))) + rows
        ids = [r.id for r in rows]
        names = _agency_names(session, ids)
        deadlines: dict[int, list[Any]] = {i: [] for i in ids}
        for chunk in _chunks(ids):
            for d in session.execute(
                # the rule as its JSON text: it keys the occurrence cache, decoded once per rule
                select(Deadline.id, Deadline.assignment_id, Deadline.kind, Deadline.due,
                       type_coerce(Deadline.spec, String).label("spec"), Deadline.phrase)
                .where(Deadline.assignment_id.in_(chunk)).order_by(Deadline.assignment_id, Deadline.id)
            ):
                deadlines[d.assignment_id].append(_DeadlineRow(
                    d.id, d.assignment_id, d.kind, d.due, _spec_text(d.spec), d.phrase))
        recurring = [d.id for ds in deadlines.values() for d in ds if _is_rule(d)]
        one_off = [d.id for ds in deadlines.values() for d in ds if not _is_rule(d)]
        acted: dict[int, set[str]] = {}
        for chunk in _chunks(recurring):
            for did, period in session.execute(
                select(Occurrence.deadline_id, Occurrence.period).where(Occurrence.deadline_id.in_(chunk))
            ):
                acted.setdefault(did, set()).add(period)
        extended: dict[int, date] = {}
        for chunk in _chunks(one_off):
            for did, new_due in session.execute(
                select(Extension.deadline_id, Extension.new_due)
                .where(Extension.deadline_id.in_(chunk)).order_by(Extension.id)
            ):
                extended[did] = new_due  # the last one granted wins (dl.due_in_force)
        for r in rows:
            label = r.number or _doc_label(r.doc_type, r.issued)
            lead = tuple(names[r.id][0])
            tracked = _tracking_start(r.created_at)
            for d in deadlines[r.id]:
                for due, period, key, explanation in _dues(
                    session, d, tracked, acted.get(d.id, set()), extended, start, end, overdue, policy, cal
                ):
                    status, late = derive(r.work_status, due, None, on, 7)
                    items.append(AgendaItem(
                        assignment_id=r.id, deadline_id=d.id, document_id=r.document_id,
                        document_label=label, ref=r.ref, title=r.title, lead=lead, due=due,
                        period=period, period_key=key, kind=d.kind, phrase=d.phrase, status=status,
                        days_overdue=late, explanation=explanation, parts=((d.id, key),),
                    ))
    return _merge(items)


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    """Ids in slices that stay under SQLite's parameter limits."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _tracking_start(created_at: datetime | None) -> date:
    """store.followup.tracking_start for a row (the day the office started following it)."""
    return created_at.date() if created_at else date.min


_Span = tuple[date, date, list[date], list[tuple[date, str, str, str]]]
_OCCURRENCES: dict[tuple[str, Any, int], _Span] = {}
"""Occurrences of a reporting rule over a span, by (rule JSON, policy, calendar): the span's
bounds, the due dates, and (due, label, period key, explanation) of each (see _occurrences)."""


class _DeadlineRow(NamedTuple):
    id: int
    assignment_id: int
    kind: str
    due: date | None
    spec: str | None  # the rule as JSON text
    phrase: str


def _spec_text(spec: Any) -> str | None:
    """The rule as JSON text on every engine (psycopg hands JSON back decoded even when the
    column is read as text)."""
    if spec is None or isinstance(spec, str):
        return spec
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)


def _is_rule(d: Any) -> bool:
    return bool(d.kind == "recurring" and d.spec and d.spec != "null")
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


def _dues(session, d: Any, tracked: date, acted: set[str], extended: dict[int, date], start: date, end: date,  # type: ignore[no-untyped-def]
          overdue: bool, policy, cal):
    """(due, period label, period key, explanation) of one deadline inside the window."""
    if _is_rule(d):
        lo, hi, dues, occs = _occurrences(d.spec, start, policy, cal)
        first = max(tracked, date.min)
        out = []
        if overdue:
            current = None
            if lo <= first:
                # the current occurrence: the earliest from `first` not acted on
                for o in occs[bisect.bisect_left(dues, first):]:
                    if o[2] not in acted:
                        current = o
                        break
            elif first < lo:  # tracked from before the cached span: ask the slow way
                occ = current_occurrence(session, _DeadlineRef(d), first, policy, cal)
                if occ is not None:
                    current = (occ.due, occ.label, occ.period_key, occ.explanation)
            if current is not None and current[0] < start:
                out.append(current)
        window_from = max(start, first)
        if hi >= end:
            in_window = occs[bisect.bisect_left(dues, window_from):bisect.bisect_right(dues, end)]
        else:
            in_window = [(o.due, o.label, o.period_key, o.explanation) for o in dl.occurrences(
                dl.DeadlineSpec.from_dict(json.loads(d.spec)), window_from, end, policy, cal)]
        out.extend(o for o in in_window if o[2] not in acted)
        return out
    due = extended.get(d.id, d.due)
    if due is None or due > end or (due < start and not overdue):
        return []
    return [(due, None, None, "")]


@dataclass(frozen=True)
class _DeadlineRef:
    """What store.followup.current_occurrence reads of a deadline (id and rule), from a row."""

    id: int
    spec: dict[str, Any]

    def __init__(self, row: Any) -> None:
        object.__setattr__(self, "id", row.id)
        object.__setattr__(self, "spec", json.loads(row.spec))


def _merge(items: list[AgendaItem]) -> list[AgendaItem]:
    """One item per assignment and date: several phrases of a section ("Định kỳ hằng quý",
    "Sáu tháng 01 lần") often fall due the same day, and a clerk chases one report."""
    from dataclasses import replace

    merged: dict[tuple[int, date], AgendaItem] = {}
    for item in sorted(items, key=lambda i: (i.due, i.assignment_id, i.deadline_id)):
        key = (item.assignment_id, item.due)
        part = ((item.deadline_id, item.period_key),)
        if key not in merged:
            merged[key] = item if item.parts == part else replace(item, parts=part)
            continue
        first = merged[key]
        parts_all = first.parts + part
        keys = {k for _, pk in parts_all if pk for k in pk.split("+")}
        period = first.period
        if keys:
            periods = sorted((dl.Period.from_key(k) for k in keys), key=lambda p: (p.months, p.start))
            period = dl.Occurrence(item.due, item.due, tuple(periods), "").label
        merged[key] = replace(
            first, period=period, parts=parts_all,
            phrase="; ".join(dict.fromkeys([first.phrase, item.phrase])),
        )
    return list(merged.values())


def group_by_agency(items: list[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
    """Items grouped by lead agency in Vietnamese alphabetical order (an item under each lead)."""
    from store.text import sort_key

    groups: dict[str, list[AgendaItem]] = {}
    for item in items:
        for name in item.lead or ("",):
            groups.setdefault(name, []).append(item)
    return [(name, groups[name]) for name in sorted(groups, key=sort_key)]
