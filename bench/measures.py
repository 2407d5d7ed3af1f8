"""Each measure: what the clerk waits for, and its floor, as lists of run times (ms)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCH_WORDS = "thi hanh an"
"""Typed one key at a time in the search-as-you-type measure."""
SEARCHES = ("thi hanh an", "don doc", "tay ninh", "09-ct/tu", "cuc thads", "bao cao ket qua")
"""Diacritic-insensitive searches over all documents and assignments."""


def summary(values: list[float]) -> dict[str, Any]:
    """Median, p95 and max of run times in ms (rounded)."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
        "runs": [round(v, 2) for v in values],
    }


def timed(fn: Callable[[], Any], runs: int, warm: int = 1) -> list[float]:
    for _ in range(warm):
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


# --- (1) start to first usable frame ----------------------------------------------------------


def _child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, dict[str, Any]]:
    started = time.monotonic()
    proc = subprocess.run(
        [PYTHON, "-m", "bench.child", *args], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=600, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"bench.child {args[0]} failed: {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return started, data


def startup_headless(db: Path, today: date, runs: int) -> dict[str, Any]:
    floor, app, frame, rss_floor, rss_app, rss_settled, heavy, heavy_rows = [], [], [], [], [], [], set(), set()
    libraries: set[str] = set()
    _precompile()
    _child(["floor-start"])  # warm the page cache for both
    _child(["app-start", str(db), today.isoformat()])
    for _ in range(runs):
        started, data = _child(["floor-start"])
        floor.append((data["usable"] - started) * 1000)
        rss_floor.append(data["rss_kb"])
        started, data = _child(["app-start", str(db), today.isoformat()])
        app.append((data["usable"] - started) * 1000)
        frame.append((data["frame"] - started) * 1000)
        rss_app.append(data["rss_kb"])
        rss_settled.append(data.get("rss_settled_kb", data["rss_kb"]))
        heavy.update(data.get("heavy_at_frame", []))
        heavy_rows.update(data.get("heavy_at_usable", []))
        libraries.update(data.get("libraries_at_settled", []))
    return {
        "floor": summary(floor), "app": summary(app), "app_first_frame": summary(frame),
        "rss_floor_kb": statistics.median(rss_floor), "rss_app_kb": statistics.median(rss_app),
        "rss_app_settled_kb": statistics.median(rss_settled),
        "heavy_imported_by_first_frame": sorted(heavy),
        "heavy_imported_by_first_rows": sorted(heavy_rows),
        **_memory_shares(today, runs, sorted(libraries)),
    }


def _memory_shares(today: date, runs: int, libraries: list[str]) -> dict[str, Any]:
    """Whose the settled resident memory is: the empty app with the libraries dondoc loads
    imported (their own cost), and dondoc settled on the small demo database (what the big
    database adds is the difference from the settled figure on it)."""
    from store.fixtures import init_demo

    floor_libs, small = [], []
    with tempfile.TemporaryDirectory(prefix="dondoc-bench-demo-") as tmp:
        demo = Path(tmp) / "demo.db"
        init_demo(demo).dispose()
        for _ in range(max(runs // 2, 2)):
            floor_libs.append(_child(["floor-start", *libraries])[1]["rss_kb"])
            data = _child(["app-start", str(demo), today.isoformat()])[1]
            small.append(data.get("rss_settled_kb", data["rss_kb"]))
    return {"libraries": libraries, "rss_floor_libraries_kb": statistics.median(floor_libs),
            "rss_app_settled_demo_kb": statistics.median(small)}


def _precompile() -> None:
    """Byte-compile dondoc's packages, as Textual's are: with PYTHONDONTWRITEBYTECODE set
    (as on the CI machines) Python would otherwise compile every module at every start,
    ~0.1 s the floor does not pay."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("store", "screens", "tui"):
        compileall.compile_dir(str(root / package), quiet=2)


def _tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", "dondoc-bench", *args], capture_output=True, text=True, check=False)


def _tmux_until(command: str, marker: str, timeout: float = 60.0) -> float:
    """Seconds from starting `command` in a new 120x40 tmux window until `marker` shows."""
    name = f"b{time.monotonic_ns()}"
    started = time.monotonic()
    _tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
    try:
        while time.monotonic() - started < timeout:
            pane = _tmux("capture-pane", "-p", "-t", name).stdout
            if marker in pane:
                return time.monotonic() - started
            time.sleep(0.002)
        raise RuntimeError(f"tmux: {marker!r} never showed for {command!r}")
    finally:
        _tmux("kill-session", "-t", name)


FLOOR_APP = (
    "from textual.app import App\n"
    "from textual.widgets import DataTable\n"
    "class Floor(App):\n"
    "    def compose(self):\n"
    "        yield DataTable()\n"
    "    def on_mount(self):\n"
    "        self.query_one(DataTable).add_column('FLOOR-READY')\n"
    "Floor().run()\n"
)


def startup_tmux(db: Path, today: date, runs: int, marker: str) -> dict[str, Any] | None:
    if shutil.which("tmux") is None:
        return None
    _tmux("new-session", "-d", "-s", "keep", "-x", "120", "-y", "40", "sleep 100000")  # server up
    try:
        with tempfile.TemporaryDirectory() as tmp:
            floor_py = Path(tmp) / "floor.py"
            floor_py.write_text(FLOOR_APP)
            env = "TERM=xterm-256color COLORTERM=truecolor"
            floor_cmd = f"env {env} {PYTHON} {floor_py}"
            app_cmd = f"cd {ROOT} && env {env} {PYTHON} -m tui.cli --db {db} --today {today.isoformat()}"
            _tmux_until(floor_cmd, "FLOOR-READY")
            _tmux_until(app_cmd, marker)
            floor, app = [], []
            for _ in range(runs):
                floor.append(_tmux_until(floor_cmd, "FLOOR-READY") * 1000)
                app.append(_tmux_until(app_cmd, marker) * 1000)
    finally:
        _tmux("kill-server")
    return {"floor": summary(floor), "app": summary(app)}


# --- (2) inside the app: views, a page, the end, search keystrokes ---------------------------


async def _settle(app: Any, pilot: Any) -> None:
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(50):
        await pilot.pause()
        try:
            await app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            pass
        table = getattr(app.screen, "table", None) if hasattr(app.screen, "VIEW") else None
        if table is None or not table.loading_rows:
            break
    await pilot.pause()


async def _fill_floor(runs: int, by_key: bool = True) -> list[float]:
    """The floor of one page: fill a 50-row, 7-column DataTable and draw it, on a key press
    (`by_key`) or called directly (the floor of a search keystroke, which the bench applies
    directly, without a key, as the debounce would).

    Timed through the same harness as the in-app measures (`pilot.press`, then `_settle`):
    the pilot waits for the process to go idle in 20 ms steps, twice per key and once or
    twice more in `_settle`, so on a fast machine most of a measure is that waiting; a floor
    filled without a key would not pay the press's share of it and the ratios would measure
    the harness, not the app."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    rows = [[Text(f"{c} Tổ chức phổ biến, triển khai {r}") for c in range(7)] for r in range(50)]

    class Floor(App[None]):
        BINDINGS = [("f", "fill", "fill")]

        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def action_fill(self) -> None:
            table = self.query_one(DataTable)
            table.clear()
            table.add_rows(rows)

    out = []
    app = Floor()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        for c in range(7):
            table.add_column(f"c{c}", width=15)
        await _settle(app, pilot)
        for i in range(runs + 1):
            started = time.perf_counter()
            if by_key:
                await pilot.press("f")
            else:
                app.action_fill()
            await _settle(app, pilot)  # the same wait as the in-app measures
            if i:
                out.append((time.perf_counter() - started) * 1000)
    return out


VIEW_KEYS = (("2", "assignments"), ("3", "deadlines"), ("4", "agencies"), ("5", "scoreboard"), ("1", "documents"))
"""The main views by their keys, the register (shown at start) last."""


async def _in_app(db: Path, today: date, pages: int, search: str) -> dict[str, Any]:
    from tui.app import make_app

    app = make_app(str(db), today=today)
    result: dict[str, Any] = {"views": {}, "page_down": [], "page_up": [], "jump_end": [], "jump_home": [],
                              "search_keystroke": {}}
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        # The full database opens in the background a moment after the first rows: wait for
        # it, so that the first opening of a view is measured and not the ORM's loading.
        app.open_database()
        while not app._db_ready.is_set():
            await pilot.pause(0.05)
        await _settle(app, pilot)
        # each view opened for the first time (its module imported, its screen composed, its
        # list read), then shown again (kept as a mode: drawn again, read again if changed)
        for again in ("", "_again"):
            for key, view in VIEW_KEYS:
                started = time.perf_counter()
                await pilot.press(key)
                await _settle(app, pilot)
                result["views"][view + again] = (time.perf_counter() - started) * 1000
        for key, view in (("1", "documents"), ("2", "assignments")):
            await pilot.press(key)
            await _settle(app, pilot)
            for _ in range(pages):
                started = time.perf_counter()
                await pilot.press("pagedown")
                await _settle(app, pilot)
                result["page_down"].append((time.perf_counter() - started) * 1000)
            for _ in range(pages):
                started = time.perf_counter()
                await pilot.press("pageup")
                await _settle(app, pilot)
                result["page_up"].append((time.perf_counter() - started) * 1000)
            for keys, name in ((("end",), "jump_end"), (("pageup",) * 3, "page_up"), (("home",), "jump_home")):
                for k in keys:
                    started = time.perf_counter()
                    await pilot.press(k)
                    await _settle(app, pilot)
                    result[name].append((time.perf_counter() - started) * 1000)
            # search as you type: each prefix applied as the debounce would apply it
            screen = app.screen
            await pilot.press("slash")
            times = []
            for i in range(1, len(search) + 1):
                await pilot.press(search[i - 1] if search[i - 1] != " " else "space")
                started = time.perf_counter()
                screen._apply_search()
                await _settle(app, pilot)
                times.append((time.perf_counter() - started) * 1000)
            result["search_keystroke"][view] = times
            await pilot.press("escape", "escape")
            await _settle(app, pilot)
    return result


def in_app(db: Path, today: date, runs: int, pages: int = 6) -> dict[str, Any]:
    views: dict[str, list[float]] = {}
    down, up, end, home, keys = [], [], [], [], []
    for _ in range(runs):
        r = asyncio.run(_in_app(db, today, pages, SEARCH_WORDS))
        for k, v in r["views"].items():
            views.setdefault(k, []).append(v)
        down += r["page_down"]
        up += r["page_up"]
        end += r["jump_end"]
        home += r["jump_home"]
        for v in r["search_keystroke"].values():
            keys += v
    floor = asyncio.run(_fill_floor(max(runs * 5, 10)))
    direct = asyncio.run(_fill_floor(max(runs * 5, 10), by_key=False))
    return {
        "views": {k: summary(v) for k, v in views.items()},
        "page_down": summary(down), "page_up": summary(up), "jump_end": summary(end),
        "jump_home": summary(home), "search_keystroke": summary(keys), "floor_fill50": summary(floor),
        "floor_fill50_direct": summary(direct),
    }


# --- the SQL behind the views, and the raw queries they need ---------------------------------


def _raw(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA query_only=1")
    return conn


RAW = {
    "assignments_first": "SELECT a.id, a.due_key FROM assignment a ORDER BY a.due_key, a.id LIMIT 100",
    "assignments_keyset_mid": (
        "SELECT a.id, a.document_id, a.ref, a.title, a.next_due, a.due_key, a.work_status, a.done_on "
        "FROM assignment a WHERE (a.due_key, a.id) > (?, ?) ORDER BY a.due_key, a.id LIMIT 100"
    ),
    "assignments_last": (
        "SELECT a.id, a.title FROM assignment a WHERE a.id IN (SELECT id FROM assignment "
        "ORDER BY due_key, id LIMIT 100 OFFSET ?) ORDER BY a.due_key, a.id"
    ),
    "documents_first": "SELECT id, number, subject FROM document ORDER BY sort_date DESC, id DESC LIMIT 100",
    "fts_assignments": "SELECT rowid FROM assignment_fts WHERE assignment_fts MATCH ? ORDER BY rank LIMIT 100",
    "fts_documents": "SELECT rowid FROM document_fts WHERE document_fts MATCH ? ORDER BY rank LIMIT 100",
}


def _fts(query: str) -> str:
    from store.search import tokens

    return " ".join(f'"{w}"*' for w in tokens(query))


def sql_paths(db: Path, today: date, runs: int) -> dict[str, Any]:
    """Store calls behind paging (at the top, in the middle by keyset, at the end) vs raw SQL."""
    from store import assignments, documents
    from store.assignments import AssignmentQuery
    from store.db import Database

    database = Database(db, create=False)
    conn = _raw(db)
    try:
        total = conn.execute("SELECT count(*) FROM assignment").fetchone()[0]
        mid_key = conn.execute(
            "SELECT due_key, id FROM assignment ORDER BY due_key, id LIMIT 1 OFFSET ?", (total // 2,)
        ).fetchone()
        q = AssignmentQuery(today=today)
        mid = (date.fromisoformat(mid_key[0]), mid_key[1])
        last = max(total - 100, 0)
        store = {
            "assignments_first": timed(lambda: assignments.list_assignments(database, q, limit=100), runs),
            "assignments_keyset_mid": timed(
                lambda: assignments.list_assignments(database, q, after=mid, limit=100), runs),
            "assignments_last": timed(
                lambda: assignments.list_assignments(database, q, offset=last, limit=100), runs),
            "assignments_count": timed(lambda: assignments.count_assignments(database, q), runs),
            "documents_first": timed(lambda: documents.list_documents(database, limit=100), runs),
            "documents_count": timed(lambda: documents.count_documents(database), runs),
        }
        raw = {
            "assignments_first": timed(lambda: conn.execute(RAW["assignments_first"]).fetchall(), runs),
            "assignments_keyset_mid": timed(
                lambda: conn.execute(RAW["assignments_keyset_mid"], mid_key).fetchall(), runs),
            "assignments_last": timed(lambda: conn.execute(RAW["assignments_last"], (last,)).fetchall(), runs),
            "documents_first": timed(lambda: conn.execute(RAW["documents_first"]).fetchall(), runs),
        }
    finally:
        conn.close()
        database.dispose()
    return {"store": {k: summary(v) for k, v in store.items()}, "raw": {k: summary(v) for k, v in raw.items()}}


# --- (3) search over everything ---------------------------------------------------------------


def search(db: Path, today: date, runs: int) -> dict[str, Any]:
    from store import assignments, documents
    from store.assignments import AssignmentQuery
    from store.db import Database
    from store.documents import DocumentQuery

    database = Database(db, create=False)
    conn = _raw(db)
    store: list[float] = []
    raw: list[float] = []
    per: dict[str, float] = {}
    try:
        for text in SEARCHES:
            def both(text: str = text) -> None:
                documents.list_documents(database, DocumentQuery(search=text), limit=100)
                documents.count_documents(database, DocumentQuery(search=text))
                assignments.list_assignments(database, AssignmentQuery(search=text, today=today), limit=100)
                assignments.count_assignments(database, AssignmentQuery(search=text, today=today))

            def floor(text: str = text) -> None:
                fts = _fts(text)
                conn.execute(RAW["fts_documents"], (fts,)).fetchall()
                conn.execute("SELECT count(*) FROM document_fts WHERE document_fts MATCH ?", (fts,)).fetchall()
                conn.execute(RAW["fts_assignments"], (fts,)).fetchall()
                conn.execute("SELECT count(*) FROM assignment_fts WHERE assignment_fts MATCH ?", (fts,)).fetchall()

            runs_store = timed(both, runs)
            store += runs_store
            raw += timed(floor, runs)
            per[text] = round(statistics.median(runs_store), 2)
    finally:
        conn.close()
        database.dispose()
    return {"store": summary(store), "raw": summary(raw), "per_query_median_ms": per}


# --- (4) agenda and scoreboard ----------------------------------------------------------------


def agenda_scoreboard(db: Path, today: date, runs: int) -> dict[str, Any]:
    """The agenda and the scoreboard, timed in a process of their own (`bench.child agenda`):
    nothing the measures before them left in memory weighs on them."""
    _, data = _child(["agenda", str(db), today.isoformat(), str(runs)])
    return data


def agenda_scoreboard_here(db: Path, today: date, runs: int) -> dict[str, Any]:
    """What `agenda_scoreboard` measures, in this process. The agenda as the Thời hạn view
    reads it when it opens (the first of its AGENDA_LIMITS assignments a part), and as it reads
    it next when the clerk scrolls to the end of a part (the second); the first's floor: the
    statements it sends (recorded once), replayed on a plain sqlite3 connection, every row
    fetched."""
    import sqlite3

    from bench.plans import recorded_selects
    from screens.deadlines import AGENDA_LIMITS
    from store import agenda, reports
    from store.db import Database

    database = Database(db, create=False)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        def agenda_of(limit: int) -> Any:
            return agenda.agenda(database, today, today + timedelta(days=30), overdue=True, today=today, limit=limit)

        def the_agenda() -> Any:
            return agenda_of(AGENDA_LIMITS[0])

        items = the_agenda()
        ag = timed(the_agenda, runs)
        more_items = agenda_of(AGENDA_LIMITS[1])
        more = timed(lambda: agenda_of(AGENDA_LIMITS[1]), runs)
        sent = recorded_selects(database, the_agenda)

        def replay() -> None:
            conn.execute("BEGIN")
            try:
                for sql, params in sent:
                    conn.execute(sql, params or ()).fetchall()
            finally:
                conn.execute("COMMIT")

        floor = timed(replay, runs)
        year = date(today.year, 1, 1)
        sb = timed(lambda: reports.scoreboard(database, start=year, end=today, today=today), runs)
        sb_all = timed(lambda: reports.scoreboard(database, start=None, end=None, today=today), runs)
        last_year = (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))  # a closed period
        sb_last = timed(lambda: reports.scoreboard(database, start=last_year[0], end=last_year[1], today=today), runs)
        # what the Results view loads by default: the whole year's rows and the total row
        sb_view = timed(lambda: reports.scoreboard_with_total(
            database, start=year, end=date(today.year, 12, 31), today=today), runs)
    finally:
        conn.close()
        database.dispose()
    return {"agenda": summary(ag), "agenda_items": len(items), "agenda_sql": summary(floor),
            "agenda_limit": AGENDA_LIMITS[0], "agenda_more": summary(more), "agenda_more_items": len(more_items),
            "agenda_more_limit": AGENDA_LIMITS[1],
            "agenda_statements": len(sent), "scoreboard_year": summary(sb),
            "scoreboard_all": summary(sb_all), "scoreboard_last_year": summary(sb_last),
            "scoreboard_view": summary(sb_view)}


# --- (5) export everything to CSV -------------------------------------------------------------


def export(db: Path, today: date, runs: int) -> dict[str, Any]:
    """`write_assignments` of every assignment against the plain loop (bench/child.py), run in
    pairs; `same_bytes` says whether the two wrote identical files (the floor is honest only
    if they do)."""
    out: dict[str, list[dict[str, Any]]] = {"store": [], "plain": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            _, data = _child(["export-store", str(db), f"{tmp}/store.csv", today.isoformat()])
            out["store"].append(data)
            _, data = _child(["export-plain", str(db), f"{tmp}/plain.csv", today.isoformat()])
            out["plain"].append(data)
        same = _same_file(Path(tmp) / "store.csv", Path(tmp) / "plain.csv")
    def pick(kind: str) -> dict[str, Any]:
        runs_ = out[kind]
        seconds = [r["seconds"] for r in runs_]
        rows = runs_[0]["rows"]
        return {
            "rows": rows, **summary([s * 1000 for s in seconds]),
            "rows_per_s": round(rows / statistics.median(seconds)) if rows else 0,
            "rss_start_kb": statistics.median(r["rss_start_kb"] for r in runs_),
            "rss_peak_kb": statistics.median(r["rss_peak_kb"] for r in runs_),
            "rss_growth_kb": statistics.median(r["rss_peak_kb"] - r["rss_start_kb"] for r in runs_),
            # RSS counts the pages of a memory-mapped file (the store maps the database while
            # it exports): the private (anonymous) memory is what must stay flat.
            "anon_growth_kb": statistics.median(r["anon_peak_kb"] - r["anon_start_kb"] for r in runs_),
        }
    return {"store": pick("store"), "plain": pick("plain"), "same_bytes": same}


def _same_file(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while chunk := fa.read(1 << 20):
            if chunk != fb.read(len(chunk)):
                return False
    return True


# --- (6) against Taskwarrior ------------------------------------------------------------------


def taskwarrior(db: Path, today: date, runs: int) -> dict[str, Any] | None:
    """`dondoc list assignments --due-within 7 --format csv` vs `task due.before:7d export`."""
    task = shutil.which("task")
    cmd = [PYTHON, "-m", "tui.cli", "--db", str(db), "--today", today.isoformat(), "list", "assignments",
           "--due-within", "7", "--format", "csv"]
    dondoc_runs = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        dondoc_runs.append((time.perf_counter() - started) * 1000)
        if proc.returncode:
            raise RuntimeError(proc.stderr)
    dondoc_rows = max(len(proc.stdout.splitlines()) - 1, 0)
    result: dict[str, Any] = {"dondoc": {**summary(dondoc_runs[1:]), "rows": dondoc_rows}}
    if task is None:
        result["taskwarrior"] = None
        return result
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "task"
        data.mkdir()
        rc = Path(tmp) / "taskrc"
        rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                      "recurrence=off\ngc=off\nnews.version=2.6.2\n")
        env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
        conn = _raw(db)
        tasks = []
        for aid, title, due, status, done_on, created in conn.execute(
            "SELECT id, title, next_due, work_status, done_on, created_at FROM assignment ORDER BY id"
        ):
            entry = created[:19].replace("-", "").replace(":", "").replace(" ", "T") + "Z"
            item: dict[str, Any] = {"description": title, "entry": entry,
                                    "status": "completed" if status in ("done", "cancelled") else "pending"}
            if item["status"] == "completed":
                item["end"] = (done_on or created[:10]).replace("-", "") + "T120000Z"
            if due:
                item["due"] = due.replace("-", "") + "T120000Z"
            tasks.append(item)
        conn.close()
        jsonl = Path(tmp) / "tasks.json"
        jsonl.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in tasks))
        imp = subprocess.run([task, "import", str(jsonl)], capture_output=True, text=True, env=env, check=False)
        if imp.returncode:
            result["taskwarrior"] = {"error": imp.stderr[-500:]}
            return result
        def timed_task(*args: str) -> dict[str, Any]:
            times = []
            for _ in range(runs + 1):
                started = time.perf_counter()
                proc = subprocess.run([task, *args], capture_output=True, text=True, env=env, check=False)
                times.append((time.perf_counter() - started) * 1000)
            try:
                rows = len(json.loads(proc.stdout or "[]"))
            except json.JSONDecodeError:
                rows = -1
            return {**summary(times[1:]), "rows": rows, "tasks": len(tasks)}

        # the command: every task due before a week from the real now (completed and
        # overdue ones too: many more rows than dondoc's list, and around another day)
        result["taskwarrior"] = timed_task("due.before:7d", "export")
        # the same rows as dondoc's: pending, due from the bench's today to 7 days later
        result["taskwarrior_same_rows"] = timed_task(
            "status:pending", f"due.after:{today.isoformat()}",
            f"due.before:{(today + timedelta(days=8)).isoformat()}", "export")
    return result
