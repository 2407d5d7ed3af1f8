"""The benchmark harness on a few thousand rows: it runs, its results are well formed, and the
hot queries use the indexes meant for them. No timing is asserted (CI machines are noisy);
`make bench` is where the numbers are looked at."""

from __future__ import annotations

import argparse
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def gen_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.data import ensure_db

    path, seconds = ensure_db(200, 1500, directory=tmp_path_factory.mktemp("bench"))
    assert seconds is not None
    return path


def test_generate_is_deterministic_and_consistent(tmp_path: Path, gen_db: Path) -> None:
    from bench.data import ensure_db

    again, _ = ensure_db(200, 1500, directory=tmp_path)
    dump = "SELECT id, document_id, title, work_status, next_due, due_key, search_text FROM assignment ORDER BY id"
    with sqlite3.connect(gen_db) as a, sqlite3.connect(again) as b:
        assert a.execute(dump).fetchall() == b.execute(dump).fetchall()
        assert a.execute("SELECT count(*) FROM assignment").fetchone()[0] == 1500
        assert a.execute("SELECT count(*) FROM document").fetchone()[0] == 200
        # the FTS index was rebuilt: a folded word finds rows
        assert a.execute("SELECT count(*) FROM assignment_fts WHERE assignment_fts MATCH 'thi'").fetchone()[0] > 0
        # next_due is what the store would compute (spot check through store.followup)
    from store.db import Database
    from store.followup import refresh_next_due_in
    from store.models import Assignment

    db = Database(gen_db, create=False)
    try:
        with db.read() as session:
            for a_id in range(1, 1501, 37):
                row = session.get(Assignment, a_id)
                assert row is not None
                stored = (row.next_due, row.due_key)
                refresh_next_due_in(session, row)
                assert (row.next_due, row.due_key) == stored, a_id
            session.rollback()
    finally:
        db.dispose()


def test_generate_refuses_a_database_with_data(gen_db: Path) -> None:
    from store.db import Database
    from store.errors import ValidationError
    from store.generate import generate

    db = Database(gen_db, create=False)
    try:
        with pytest.raises(ValidationError):
            generate(db, documents=1, assignments=1)
    finally:
        db.dispose()


def test_hot_queries_use_their_indexes(gen_db: Path) -> None:
    from bench.plans import check, hot_plans

    plans = hot_plans(gen_db, TODAY)
    assert check(plans) == {name: True for name in check(plans)}, plans


def test_harness_runs_and_writes_well_formed_results(tmp_path: Path) -> None:
    from bench.__main__ import run, table

    args = argparse.Namespace(
        small=True, documents=0, assignments=0, runs=1, only="sql,search,agenda,export,taskwarrior",
        data=str(tmp_path), out=None, quiet=True,
    )
    results = run(args)
    json.loads(json.dumps(results, default=str))  # serialisable as results.json is
    assert results["meta"]["assignments"] == 3000
    assert set(results["measures"]) == {"sql", "search", "agenda", "export", "taskwarrior"}
    ids = {row["id"] for row in results["summary"]}
    assert {"sql.assignments_first", "search.all", "agenda", "scoreboard.all", "scoreboard.last_year", "export.csv",
            "taskwarrior"} <= ids
    for row in results["summary"]:
        assert set(row) >= {"id", "label", "value_ms", "floor_ms", "ratio", "target", "met"}
        assert row["value_ms"] is None or row["value_ms"] >= 0
    export = results["measures"]["export"]
    assert export["store"]["rows"] == export["plain"]["rows"] == 3000
    assert export["same_bytes"], "the export floor must write the very file the store writes"
    agenda = results["measures"]["agenda"]  # measured in a process of its own, beside its SQL
    assert agenda["agenda_items"] > 0 and agenda["agenda_statements"] >= 4
    assert next(r for r in results["summary"] if r["id"] == "agenda")["floor_ms"] == agenda["agenda_sql"]["median_ms"] > 0
    assert "measure" in table(results["summary"])


@pytest.mark.slow
def test_startup_and_in_app_measures_run(tmp_path: Path) -> None:
    from bench.__main__ import run

    args = argparse.Namespace(
        small=True, documents=0, assignments=0, runs=1, only="startup,inapp", data=str(tmp_path),
        out=None, quiet=True,
    )
    results = run(args)
    startup = results["measures"]["startup"]
    assert startup["app"]["median_ms"] > 0 and startup["floor"]["median_ms"] > 0
    # whose the memory is: the ORM's libraries were seen loaded once settled, and the empty
    # app with them imported is measured beside dondoc on the demo database
    assert {"sqlalchemy", "sqlmodel"} <= set(startup["libraries"])
    assert startup["rss_floor_libraries_kb"] > startup["rss_floor_kb"]
    assert startup["rss_app_settled_demo_kb"] > 0
    inapp = results["measures"]["inapp"]
    views = {"documents", "assignments", "deadlines", "agencies", "scoreboard"}
    assert views | {f"{v}_again" for v in views} == set(inapp["views"])
    assert inapp["page_down"]["runs"] and inapp["search_keystroke"]["runs"]


def test_gen_timing_runs_and_is_well_formed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m bench.gen` on a few rows, the rows made in the second process: its JSON line
    has every phase and each process's CPU seconds (no timing asserted)."""
    from bench import gen
    from store import generate

    monkeypatch.setattr(generate, "WORKER_FROM", 0)
    result = gen.run_once(tmp_path, 60, 300, 2)
    assert {"rows_wait", "insert", "post_load", "index", "fts_wait", "fts", "commit"} == set(result["phases"])
    assert {"load", "index", "finish", "worker_rows", "worker_fts"} == set(result["cpu"])
    assert result["idle_estimate"] is not None and result["idle_estimate"] > 0
    assert json.loads(json.dumps(result)) == result
    assert not list(tmp_path.iterdir())  # the file is removed after the run
