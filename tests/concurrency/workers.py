"""Process bodies for the multi-process tests (importable by the forkserver children).

Children come from a forkserver (a fresh interpreter started once, modules preloaded), never
from a fork of the pytest process: a fork would carry the parent's open SQLite connections,
and a child closing an inherited connection can break the parent's locks.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
import traceback
from typing import Any

PRELOAD = [
    "store.db", "store.models", "store.documents", "store.assignments", "store.agencies",
    "store.audit", "store.roles", "store.shared", "store.deadlines", "store.migrate",
]
_CTX: Any = None


def context() -> Any:
    """The forkserver context, with the store preloaded (children start in milliseconds)."""
    global _CTX
    if _CTX is None:
        _CTX = mp.get_context("forkserver")
        _CTX.set_forkserver_preload(PRELOAD)
    return _CTX


def _version_of(db: Any, assignment_id: int) -> int:
    from store.models import Assignment

    with db.read() as session:
        a = session.get(Assignment, assignment_id)
        assert a is not None
        return int(a.version)


def writer(path: str, writer_no: int, count: int, notes_id: int, status_id: int, every: int, out: Any) -> None:
    """`count` notes on one shared assignment; every `every`-th step also an optimistic
    status change on another (read version, write with expected_version, retry on conflict).
    """
    from store import assignments
    from store.db import Database
    from store.errors import ConflictError

    latencies: list[float] = []
    errors: list[str] = []
    conflicts = 0
    status_writes = 0
    try:
        db = Database(path, migrate=False)
        for k in range(count):
            t0 = time.perf_counter()
            try:
                assignments.add_note(db, notes_id, f"w{writer_no}-{k}")
            except Exception as exc:  # noqa: BLE001 - every surfaced error is a failure
                errors.append(f"note: {exc!r}")
            latencies.append(time.perf_counter() - t0)
            if k % every == 0:
                for _ in range(200):
                    version = _version_of(db, status_id)
                    status = "paused" if (k // every) % 2 else "in_progress"
                    t0 = time.perf_counter()
                    try:
                        assignments.set_status(db, status_id, status, expected_version=version)
                    except ConflictError:
                        conflicts += 1
                        latencies.append(time.perf_counter() - t0)
                        continue
                    except Exception as exc:  # noqa: BLE001
                        errors.append(f"status: {exc!r}")
                        break
                    latencies.append(time.perf_counter() - t0)
                    status_writes += 1
                    break
        db.dispose()
    except Exception:  # noqa: BLE001
        errors.append(traceback.format_exc())
    out.put({"writer": writer_no, "latencies": latencies, "errors": errors,
             "conflicts": conflicts, "status_writes": status_writes})


def reader(path: str, stop: Any, status_id: int, out: Any, pause: float = 0.01) -> None:
    """Lists, details and change polling until told to stop."""
    from store import assignments
    from store.assignments import AssignmentQuery
    from store.db import Database

    reads = 0
    changes = 0
    errors: list[str] = []
    try:
        db = Database(path, migrate=False)
        last = db.data_version()
        while not stop.is_set():
            try:
                assignments.list_assignments(db, AssignmentQuery(), limit=20)
                assignments.get(db, status_id)
                now = db.data_version()
                changes += now != last
                last = now
                reads += 1
                time.sleep(pause)  # a clerk's screen refreshes; it does not spin
            except Exception as exc:  # noqa: BLE001
                errors.append(repr(exc))
        db.dispose()
    except Exception:  # noqa: BLE001
        errors.append(traceback.format_exc())
    out.put({"reads": reads, "changes": changes, "errors": errors})


def unit_writer(path: str, size: int, started: Any) -> None:
    """Write units (one document + `size` assignments) forever, until killed."""
    from datetime import date

    from store import assignments, documents
    from store.assignments import AssignmentInput
    from store.db import Database
    from store.documents import DocumentInput

    db = Database(path, migrate=False)
    n = 0
    while True:
        n += 1
        tag = f"{os.getpid()}-{n}"

        def unit(session: Any, tag: str = tag) -> None:
            doc_id = documents.add_in(
                session, DocumentInput(doc_type="CV", issuer="Sở Tư pháp", subject=f"unit {tag}",
                                       issued=date(2026, 1, 1), source="killtest"),
            )
            for i in range(size):
                assignments.add_in(
                    session,
                    AssignmentInput(document_id=doc_id, title=f"{tag} #{i}", lead=["Sở Tư pháp"]),
                )

        db.write(unit)
        started.set()


def draft_saver(directory: str, started: Any) -> None:
    """Save growing drafts of one form forever, until killed."""
    from store.drafts import DraftStore

    drafts = DraftStore(directory)
    n = 0
    while True:
        n += 1
        drafts.save("assignment:1", {"n": n, "text": "x" * (n % 5000), "check": n * 7})
        started.set()


def opener(path: str, out: Any) -> None:
    """Open (and so migrate) a database, report what happened."""
    from store.db import Database

    try:
        db = Database(path)
        out.put({"error": None, "backup": str(db.backup_path) if db.backup_path else None})
        db.dispose()
    except Exception:  # noqa: BLE001
        out.put({"error": traceback.format_exc(), "backup": None})
