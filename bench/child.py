"""Measurements that need a fresh process: `python -m bench.child MODE ARGS...`.

Prints one JSON line on stdout. Times are `time.monotonic()` readings (one clock for the whole
machine on Linux), so the parent can subtract the moment it started this process.

Modes:
    floor-start [MODULE...]: an empty Textual app with one DataTable; marks its first frame.
        With modules (the ORM's), imports them before the frame: the empty app plus the
        libraries' own memory, to tell dondoc's share of the resident memory from theirs.
    app-start DB TODAY: dondoc on DB; marks the first frame and the first rows drawn, which
        heavy modules were imported by each, the resident memory at the first rows, and
        again once the full database has opened in the background (settled).
    export-store DB OUT TODAY: `store.export.write_assignments` of every assignment.
    export-plain DB OUT TODAY: the same bytes with sqlite3 + csv, plainly (no store code).
    agenda DB TODAY RUNS: the agenda and the scoreboard (`bench.measures.agenda_scoreboard_here`).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

SETTLE_TIMEOUT = 20.0
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "store.db", "store.models", "dateutil", "holidays")
LIBRARIES = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "dateutil", "holidays")
"""Third-party packages dondoc loads besides Textual and Rich (the library floor of memory)."""


def rss_kb(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def floor_start(*modules: str) -> None:
    import importlib

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    marks: dict[str, Any] = {}

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            for name in modules:
                importlib.import_module(name)
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            marks["frame"] = marks["usable"] = time.monotonic()
            marks["rss_kb"] = rss_kb()
            self.exit()

    Floor().run(headless=True, size=(120, 40))
    _emit(marks)


def app_start(db: str, today: str) -> None:
    from datetime import date

    from tui.app import make_app

    app = make_app(db, today=date.fromisoformat(today))
    from screens.base import MainScreen
    from tui.widgets.paged_table import PagedTable

    marks: dict[str, Any] = {}
    mount, apply = MainScreen.on_mount, PagedTable._apply

    def on_mount(self: Any) -> None:
        mount(self)
        if "frame" not in marks:
            self.call_after_refresh(_frame)

    def _frame() -> None:
        if "frame" not in marks:
            marks["frame"] = time.monotonic()
            marks["heavy_at_frame"] = sorted(m for m in HEAVY if m in sys.modules)

    def _apply(self: Any, *args: Any, **kwargs: Any) -> None:
        apply(self, *args, **kwargs)
        if self.row_count and "usable" not in marks:
            self.call_after_refresh(_usable)

    def _usable() -> None:
        marks["usable"] = time.monotonic()
        marks["rss_kb"] = rss_kb()
        marks["heavy_at_usable"] = sorted(m for m in HEAVY if m in sys.modules)
        if "frame" not in marks:  # the rows came in the first frame
            marks["frame"], marks["heavy_at_frame"] = marks["usable"], marks["heavy_at_usable"]
        app.set_timer(0.2, _settled)

    def _settled() -> None:
        # The full database opens in a worker after the first rows: wait for it, then a
        # moment for what follows it (counts, polling), and read the memory again.
        if app._db_ready.is_set() or time.monotonic() - marks["usable"] > SETTLE_TIMEOUT:
            if "db_open" not in marks:
                marks["db_open"] = time.monotonic()
                app.set_timer(0.5, _settled)
                return
            marks["rss_settled_kb"] = rss_kb()
            marks["libraries_at_settled"] = sorted(
                m for m in list(sys.modules) if m.split(".")[0] in LIBRARIES and "." not in m)
            app.exit()
        else:
            app.set_timer(0.1, _settled)

    MainScreen.on_mount = on_mount  # type: ignore[method-assign]
    PagedTable._apply = _apply  # type: ignore[method-assign]
    app.run(headless=True, size=(120, 40))
    _emit(marks)


def export_store(db_path: str, out: str, today: str) -> None:
    from datetime import date

    from store import export
    from store.assignments import AssignmentQuery
    from store.db import Database

    db = Database(db_path, create=False)
    base, anon = rss_kb(), rss_kb("RssAnon")
    started = time.monotonic()
    peak = [base, anon]

    def progress(_count: int) -> None:
        peak[0] = max(peak[0], rss_kb())
        peak[1] = max(peak[1], rss_kb("RssAnon"))

    rows = export.write_assignments(db, AssignmentQuery(today=date.fromisoformat(today)), out, progress=progress)
    seconds = time.monotonic() - started
    db.dispose()
    _emit({"rows": rows, "seconds": seconds, "rss_start_kb": base, "rss_peak_kb": max(peak[0], rss_kb()),
           "anon_start_kb": anon, "anon_peak_kb": max(peak[1], rss_kb("RssAnon")), "hwm_kb": rss_kb("VmHWM")})


# The floor of the export: the same rows, columns and bytes as `store.export.write_assignments`
# (the bench checks the two files are identical), done plainly: one SELECT with correlated
# subqueries (agencies in position order, non-empty deadline phrases in id order, the newest
# note), the status and days overdue as a plain CASE, dates formatted by SQLite, and per row
# a label lookup and the formula guard (csvio.neutralise) before csv.writer.writerow.
PLAIN_SQL = """
SELECT d.number, d.doc_type, d.issuer, strftime('%d/%m/%Y', d.issued), d.subject, a.ref, a.title, a.body,
  (SELECT group_concat(name, '; ') FROM (SELECT g.name FROM assignment_agency x JOIN agency g ON g.id = x.agency_id
     WHERE x.assignment_id = a.id AND x.role = 'lead' ORDER BY x.position)),
  (SELECT group_concat(name, '; ') FROM (SELECT g.name FROM assignment_agency x JOIN agency g ON g.id = x.agency_id
     WHERE x.assignment_id = a.id AND x.role = 'support' ORDER BY x.position)),
  strftime('%d/%m/%Y', a.next_due),
  (SELECT group_concat(phrase, char(10)) FROM (SELECT l.phrase FROM deadline l
     WHERE l.assignment_id = a.id AND l.phrase != '' ORDER BY l.id)),
  CASE
    WHEN a.work_status IN ('not_started', 'in_progress') AND a.due_key < :on THEN 'overdue'
    WHEN a.work_status IN ('not_started', 'in_progress') AND a.due_key <= :soon THEN 'due_soon'
    WHEN a.work_status IN ('not_started', 'in_progress') AND (a.next_due IS NULL OR a.next_due > :soon)
      THEN a.work_status
    WHEN a.work_status = 'done' AND (a.next_due IS NULL OR a.done_on IS NULL OR a.done_on <= a.next_due)
      THEN 'done_on_time'
    WHEN a.work_status = 'done' THEN 'done_late'
    WHEN a.work_status IN ('paused', 'cancelled') THEN a.work_status
  END,
  CASE WHEN a.next_due IS NOT NULL AND a.work_status IN ('not_started', 'in_progress', 'done')
       AND (CASE WHEN a.work_status = 'done' AND a.done_on IS NOT NULL THEN a.done_on ELSE :on END) > a.next_due
    THEN CAST(julianday(CASE WHEN a.work_status = 'done' AND a.done_on IS NOT NULL THEN a.done_on ELSE :on END)
              - julianday(a.next_due) AS INTEGER)
  END,
  a.work_status, strftime('%d/%m/%Y', a.done_on),
  (SELECT n.text FROM note n WHERE n.assignment_id = a.id ORDER BY n.id DESC LIMIT 1),
  a.follower
FROM assignment a JOIN document d ON d.id = a.document_id
ORDER BY a.due_key, a.id
"""
# store.export.ASSIGNMENT_COLUMNS (repeated here: the floor imports nothing of the store's
# SQL or CSV code, only the catalogue of words; the byte comparison catches any drift).
PLAIN_HEADINGS = (
    "field.number", "field.doc_type", "field.issuer", "field.issued", "field.subject",
    "field.ref", "field.title", "field.body", "field.lead", "field.support", "field.due",
    "field.deadlines", "field.status", "field.days_overdue", "csv.col.progress",
    "csv.col.done_on", "field.last_note", "field.follower",
)


def export_plain(db_path: str, out: str, today: str) -> None:
    import csv
    import sqlite3
    from datetime import date, timedelta

    from store.i18n import CATALOGUE, get_lang, t
    from store.vocab import DOC_TYPES

    lang = get_lang()
    kinds = {code: names[0] if lang == "vi" else names[1] for code, names in DOC_TYPES.items()}
    status = {k[len("status."):]: t(k, lang=lang) for k in CATALOGUE if k.startswith("status.")}
    work = {k[len("workstatus."):]: t(k, lang=lang) for k in CATALOGUE if k.startswith("workstatus.")}
    risky = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20", "'")
    on = date.fromisoformat(today)
    params = {"on": on.isoformat(), "soon": (on + timedelta(days=7)).isoformat()}

    conn = sqlite3.connect(db_path)
    base, anon = rss_kb(), rss_kb("RssAnon")
    started = time.monotonic()
    peak, anon_peak = base, anon
    rows = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([t(k, lang=lang) for k in PLAIN_HEADINGS])
        for row in conn.execute(PLAIN_SQL, params):
            row = list(row)
            row[1] = kinds.get(row[1], row[1])
            row[12] = status.get(row[12], "") if row[12] is not None else None
            row[14] = work.get(row[14]) or t(f"workstatus.{row[14]}", lang=lang)
            writer.writerow([
                ("'" + v if v.startswith(risky) else v) if type(v) is str else v for v in row
            ])
            rows += 1
            if rows % 500 == 0:
                peak, anon_peak = max(peak, rss_kb()), max(anon_peak, rss_kb("RssAnon"))
    seconds = time.monotonic() - started
    conn.close()
    _emit({"rows": rows, "seconds": seconds, "rss_start_kb": base, "rss_peak_kb": max(peak, rss_kb()),
           "anon_start_kb": anon, "anon_peak_kb": max(anon_peak, rss_kb("RssAnon")), "hwm_kb": rss_kb("VmHWM")})


def agenda(db: str, today: str, runs: str) -> None:
    from datetime import date
    from pathlib import Path

    from bench.measures import agenda_scoreboard_here

    _emit(agenda_scoreboard_here(Path(db), date.fromisoformat(today), int(runs)))


def main(argv: list[str]) -> None:
    mode, args = argv[0], argv[1:]
    {
        "floor-start": floor_start,
        "app-start": app_start,
        "export-store": export_store,
        "export-plain": export_plain,
        "agenda": agenda,
    }[mode](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
