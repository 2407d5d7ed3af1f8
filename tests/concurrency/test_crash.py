"""(c) Writers killed with SIGKILL at random points: the file stays sound, no half unit.

Each unit of work inserts one document and UNIT_SIZE assignments (with their agency rows
and audit events) in one transaction. After every kill: PRAGMA integrity_check passes and
every document of the test has exactly UNIT_SIZE assignments, every one of them audited.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from tests.concurrency.workers import context, draft_saver, unit_writer

KILLS = 60
UNIT_SIZE = 12


def _check(path: Any) -> tuple[int, int]:
    """The database is sound and holds only whole units (a file, or a PostgreSQL URL: there
    the server rolls back the killed client's transaction)."""
    from sqlalchemy import create_engine, text

    from store.db import sqlite_path, to_url

    url = to_url(path)
    on_sqlite = sqlite_path(url) is not None
    engine = create_engine(url, **({"connect_args": {"timeout": 10}} if on_sqlite else {}))
    try:
        with engine.connect() as con:
            def q(sql: str, **params: Any) -> Any:
                return con.execute(text(sql), params)

            if on_sqlite:
                assert q("PRAGMA integrity_check").fetchall() == [("ok",)]
                assert q("PRAGMA foreign_key_check").fetchall() == []
            docs = q("select count(*) from document where source = 'killtest'").scalar()
            bad = q(
                "select d.id, count(a.id) from document d left join assignment a on a.document_id = d.id "
                "where d.source = 'killtest' group by d.id having count(a.id) != :n", n=UNIT_SIZE,
            ).fetchall()
            assert bad == [], f"half-written units: {bad[:5]}"
            orphans = q(
                "select count(*) from assignment a left join assignment_agency g on g.assignment_id = a.id "
                "where g.assignment_id is null"
            ).scalar()
            assert orphans == 0
            audited = q(
                "select count(*) from audit_event where entity = 'assignment' and action = 'create'"
            ).scalar()
            doc_events = q(
                "select count(*) from audit_event e join document d on d.id = e.entity_id "
                "where e.entity = 'document' and e.action = 'create' and d.source = 'killtest'"
            ).scalar()
            assignments = q("select count(*) from assignment").scalar()
            assert audited == assignments, "every committed assignment has its audit event"
            assert doc_events == docs
            return int(docs), int(assignments)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_no_half_unit(seeded: dict[str, Any]) -> None:
    from store.db import Database
    from store.maintenance import integrity_check

    path = seeded["path"]
    ctx = context()
    rng = random.Random(7)
    base_docs, base_assignments = 0, 2  # the seeded document is not a 'killtest' unit
    committed_growth = 0
    for i in range(KILLS):
        started = ctx.Event()
        proc = ctx.Process(target=unit_writer, args=(str(path), UNIT_SIZE, started))
        proc.start()
        if i % 3:  # two kills in three land while units are being written...
            started.wait(timeout=20)
            time.sleep(rng.uniform(0, 0.08))
        else:  # ...one in three anywhere from start-up on
            time.sleep(rng.uniform(0, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=20)
        assert proc.exitcode == -signal.SIGKILL
        docs, assignments = _check(path)
        assert assignments == base_assignments + docs * UNIT_SIZE
        committed_growth += docs > base_docs
        base_docs = docs
        if i % 20 == 19:  # and the store itself opens the file and finds it sound
            db = Database(path)
            try:
                assert integrity_check(db) == []
            finally:
                db.dispose()
    assert base_docs > KILLS // 2, "units were being committed between the kills"
    print(f"\n{KILLS} kills, {base_docs} whole units committed, none half-written")


def test_sigkill_while_saving_drafts_leaves_old_or_new(tmp_path: Path) -> None:
    from store.drafts import DraftStore

    ctx = context()
    rng = random.Random(11)
    directory = tmp_path / "drafts"
    last = 0
    for _ in range(15):
        started = ctx.Event()
        proc = ctx.Process(target=draft_saver, args=(str(directory), started))
        proc.start()
        started.wait(timeout=20)
        time.sleep(rng.uniform(0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=20)
        data = DraftStore(directory).load("assignment:1")
        assert data is not None and data["check"] == data["n"] * 7
        assert len(data["text"]) == data["n"] % 5000
        last = data["n"]
    assert last > 0
    assert [d.key for d in DraftStore(directory).list()] == ["assignment:1"]
