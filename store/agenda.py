"""The agenda (Thời hạn): what falls due in a window, overdue first.

Only assignments whose next deadline is at most the window's end are looked at (an indexed
range on `assignment.due_key`), and recurring reports are expanded only inside the window.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from store import deadlines as dl
from store.assignments import OPEN, AssignmentQuery, _agency_names, _doc_label, _filtered, derive
from store.db import Database
from store.followup import calendar_in, due_in_force_in, policy_in, tracking_start
from store.models import Assignment, Deadline, Document, Occurrence

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

    Sorted overdue first (oldest first), then by date. Recurring reports appear as their
    occurrences in the window; an overdue report appears once, as its current occurrence.
    """
    on = today or start
    items: list[AgendaItem] = []
    with db.read() as session:
        policy, cal = policy_in(session), calendar_in(session)
        stmt = (
            select(Assignment, Document.number, Document.doc_type, Document.issued)
            .join(Document, Document.id == Assignment.document_id)
            .where(Assignment.work_status.in_(OPEN), Assignment.due_key <= end)
        )
        if not overdue:
            stmt = stmt.where(Assignment.due_key >= start)
        stmt, _ = _filtered(stmt, session, AssignmentQuery(search=search, agency=agency), on)
        stmt = stmt.order_by(Assignment.due_key, Assignment.id).limit(limit)
        rows = list(session.execute(stmt))
        names = _agency_names(session, [r[0].id for r in rows])
        for a, number, doc_type, issued in rows:
            label = number or _doc_label(doc_type, issued)
            lead = tuple(names[a.id][0])
            for d in session.scalars(select(Deadline).where(Deadline.assignment_id == a.id).order_by(Deadline.id)):
                for due, period, key, explanation in _dues(session, d, a, start, end, overdue, policy, cal):
                    status, late = derive(a.work_status, due, None, on, 7)
                    items.append(AgendaItem(
                        assignment_id=a.id, deadline_id=d.id or 0, document_id=a.document_id,
                        document_label=label, ref=a.ref, title=a.title, lead=lead, due=due,
                        period=period, period_key=key, kind=d.kind, phrase=d.phrase, status=status,
                        days_overdue=late, explanation=explanation,
                    ))
    return _merge(items)


def _merge(items: list[AgendaItem]) -> list[AgendaItem]:
    """One item per assignment and date: several phrases of a section ("Định kỳ hằng quý",
    "Sáu tháng 01 lần") often fall due the same day, and a clerk chases one report."""
    from dataclasses import replace

    merged: dict[tuple[int, date], AgendaItem] = {}
    for item in sorted(items, key=lambda i: (i.due, i.assignment_id, i.deadline_id)):
        key = (item.assignment_id, item.due)
        part = ((item.deadline_id, item.period_key),)
        if key not in merged:
            merged[key] = replace(item, parts=part)
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


def _dues(session, d: Deadline, a: Assignment, start: date, end: date, overdue: bool, policy, cal):  # type: ignore[no-untyped-def]
    """(due, period label, period key, explanation) of one deadline inside the window."""
    if d.kind == "recurring" and d.spec:
        spec = dl.DeadlineSpec.from_dict(d.spec)
        acted = set(session.scalars(select(Occurrence.period).where(Occurrence.deadline_id == d.id)))
        first = max(tracking_start(a), date.min)
        out = []
        if overdue:
            from store.followup import current_occurrence

            occ = current_occurrence(session, d, first, policy, cal)
            if occ is not None and occ.due < start:
                out.append((occ.due, occ.label, occ.period_key, occ.explanation))
        for occ in dl.occurrences(spec, max(start, first), end, policy, cal):
            if occ.period_key not in acted:
                out.append((occ.due, occ.label, occ.period_key, occ.explanation))
        return out
    due = due_in_force_in(session, d, a)
    if due is None or due > end or (due < start and not overdue):
        return []
    return [(due, None, None, "")]


def group_by_agency(items: list[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
    """Items grouped by lead agency in Vietnamese alphabetical order (an item under each lead)."""
    from store.text import sort_key

    groups: dict[str, list[AgendaItem]] = {}
    for item in items:
        for name in item.lead or ("",):
            groups.setdefault(name, []).append(item)
    return [(name, groups[name]) for name in sorted(groups, key=sort_key)]
