"""EXPLAIN QUERY PLAN of the hot queries, as the store really sends them.

Each store call is run once with a listener on the engine that records every statement and
its parameters; the recorded SQL is then explained on a plain sqlite3 connection. Tests and
the benchmark check that the plans use the indexes meant for them (migrations 0005, 0006, 0008,
0009, 0010).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

EXPECTED = {
    "assignments_first_page": ("ix_assignment_due",),
    "assignments_deep_page": ("COVERING INDEX ix_assignment_due",),
    "assignments_overdue_count": ("COVERING INDEX ix_assignment_open_due",),
    "assignments_due_within": ("ix_assignment_open_due",),
    "agenda": ("COVERING INDEX ix_assignment_agenda",),
    "agenda_deadlines": ("COVERING INDEX ix_deadline_open (open_due_key>? AND (open_due_key,assignment_id)<(?,?))",),
    "scoreboard": ("COVERING INDEX ix_assignment_lead",),
    "scoreboard_acted_on": ("COVERING INDEX ix_assignment_lead_reported (lead_agency_id=? AND due_key>?)",),
    "scoreboard_acted_on_past": ("COVERING INDEX ix_assignment_reported_twice (report_prev>?)",
                                 "COVERING INDEX ix_occurrence_reported (deadline_id=? AND due>? AND due<?)"),
    "scoreboard_past_quarter": ("COVERING INDEX ix_assignment_lead_reported (lead_agency_id=? AND due_key>?)",
                                "COVERING INDEX ix_assignment_lead_done (lead_agency_id=? AND work_status=? AND done_on>?"),
    "documents_first_page": ("ix_document_sort",),
}
"""For each hot query: text that must appear in one line of the plan of its main statement."""


def recorded_selects(db: Any, call: Callable[[], Any]) -> list[tuple[str, Any]]:
    """(statement, parameters) of every SELECT `call` sends through the store's engine."""
    seen: list[tuple[str, Any]] = []

    def listen(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return seen


def hot_plans(path: Path, today: date) -> dict[str, list[list[str]]]:
    """name -> the plan lines of every SELECT the store call sent."""
    from store import agenda, assignments, documents, reports
    from store.assignments import AssignmentQuery
    from store.db import Database

    db = Database(path, create=False)
    conn = sqlite3.connect(path)
    try:
        total = assignments.count_assignments(db, AssignmentQuery(today=today))
        calls: dict[str, Callable[[], Any]] = {
            "assignments_first_page": lambda: assignments.list_assignments(db, AssignmentQuery(today=today), limit=100),
            "assignments_deep_page": lambda: assignments.list_assignments(
                db, AssignmentQuery(today=today), offset=max(total // 3, 1), limit=100),
            "assignments_overdue_count": lambda: assignments.count_assignments(
                db, AssignmentQuery(overdue=True, today=today)),
            "assignments_due_within": lambda: assignments.list_assignments(
                db, AssignmentQuery(due_within=7, today=today), limit=100),
            "agenda": lambda: agenda.agenda(db, today, today + timedelta(days=30), overdue=True, today=today),
            "agenda_deadlines": lambda: agenda.agenda(db, today, today + timedelta(days=30), overdue=True, today=today),
            "scoreboard": lambda: reports.scoreboard(db, start=None, end=None, today=today),
            # this year's: with the work acted on (reports received) in the year (migration 0010)
            "scoreboard_acted_on": lambda: reports.scoreboard(db, start=date(today.year, 1, 1), end=today, today=today),
            # last year's: the work with two reports received since, told by its earliest report
            # and largest gap (migration 0011) off ix_assignment_reported_twice; its reports read
            # only where a gap is longer than the year
            "scoreboard_acted_on_past": lambda: reports.scoreboard(
                db, start=date(today.year - 1, 1, 1), end=date(today.year - 1, 12, 31), today=today),
            # a quarter of last year: the work acted on told by the report months (migration
            # 0012), the work done in it and due after it in the range of its completion dates
            "scoreboard_past_quarter": lambda: reports.scoreboard(
                db, start=date(today.year - 1, 10, 1), end=date(today.year - 1, 12, 31), today=today),
            "documents_first_page": lambda: documents.list_documents(db, limit=100),
        }
        out: dict[str, list[list[str]]] = {}
        for name, call in calls.items():
            out[name] = [
                [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params or ())]
                for sql, params in recorded_selects(db, call)
            ]
        return out
    finally:
        conn.close()
        db.dispose()


def check(plans: dict[str, list[list[str]]]) -> dict[str, bool]:
    """name -> whether some statement's plan uses what EXPECTED names."""
    return {
        name: any(all(any(text in line for line in plan) for text in EXPECTED[name]) for plan in plans.get(name, []))
        for name in EXPECTED
    }
