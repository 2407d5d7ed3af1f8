"""The first screen without the ORM: a few reads straight through `sqlite3` (issue #8).

Importing SQLAlchemy, SQLModel and pydantic costs most of a second and about 30 MB, and the
first screen of the app needs none of it: a page of the document register, how many
documents there are, the status line's counts and the office's name. A `QuickReader`
answers exactly those, on a SQLite file that is already at the schema head and that this
user's role may read. For anything else (a PostgreSQL URL, a file to create or to upgrade,
a user the office refuses, a file that cannot be read as it should) `open_reader` gives
None and the caller waits for the full `store.db.Database`, which explains the problem or
does the work.

The reader never writes (the file is opened with `mode=ro`) and holds no transaction open
between statements (autocommit), so every answer is what was last committed. Its queries
mirror the store's own (`store.documents.list_documents` and `count_documents`,
`store.assignments.count_assignments`, `store.settings.get`, `store.roles.effective_role_in`);
tests/store/test_quick.py keeps each answer equal to the store's on the demo database and on
generated ones.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import date, timedelta
from typing import Any

from store.rows import AssignmentRow, DocumentRow, document_label
from store.status import DEFAULT_SOON_DAYS, derive
from store.vocab import OPEN_WORK, Role, WorkStatus, effective_role

NO_DATE = date(1900, 1, 1)
"""`document.sort_date` of an undated document (sorted last)."""

_OPEN = OPEN_WORK
"""Open work for the status line's counts (store.assignments.OPEN)."""
_OPEN_FOR_DOCUMENT = (*_OPEN, WorkStatus.PAUSED.value)
"""Open work in a document's `open` column (store.documents.OPEN_STATES)."""

CACHE_KIB = 256
"""The page cache of the reader's connection, in KiB (SQLite's default: 2000). A page of
the register reads each listed document's assignments, rows scattered over the file, once:
with the default cache those pages (~2 MB on a national database) stayed resident for the
whole session and no later read asked for them again (a second read of the first page or
the counts takes the same time either way); the pages that reads do share, the upper
levels of the indexes, fit in far less. About 1.7 MB less resident memory (issue #8)."""


def _in(values: tuple[str, ...]) -> str:
    # Written into the SQL, not bound: SQLite uses the partial index over open work only
    # when the query's WHERE implies the index's (migration 0005), and a parameter implies
    # nothing. The values are this module's own constants.
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_DOCUMENT_PAGE = f"""
SELECT d.id, d.doc_type, d.number, d.issuer, d.issued, d.subject, d.status, d.partial,
       (SELECT count(a.id) FROM assignment a
         WHERE a.document_id = d.id AND a.work_status IN {_in(_OPEN_FOR_DOCUMENT)}) AS open_count
FROM document d
{{where}}
ORDER BY d.sort_date DESC, d.id DESC
LIMIT ?
"""

_COUNT_DUE = f"""
SELECT count(*) FROM assignment
WHERE work_status IN {_in(_OPEN)} AND due_key >= ? AND due_key <= ?
"""

_COUNT_OVERDUE = f"""
SELECT count(*) FROM assignment WHERE work_status IN {_in(_OPEN)} AND due_key < ?
"""


_ASSIGNMENT_PAGE = """
SELECT a.id, a.document_id, a.ref, a.title, a.next_due, a.work_status, a.done_on,
       d.number, d.doc_type, d.issued
FROM assignment a JOIN document d ON d.id = a.document_id
{where}
ORDER BY a.due_key, a.id
LIMIT ?
"""

_AGENCIES_OF = """
SELECT x.assignment_id, x.role, g.name
FROM assignment_agency x JOIN agency g ON g.id = x.agency_id
WHERE x.assignment_id IN (SELECT a.id FROM assignment a {where} ORDER BY a.due_key, a.id LIMIT ?)
ORDER BY x.assignment_id, x.role, x.position
"""


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _plain_path(db: str | os.PathLike[str]) -> str | None:
    """The file behind `db` when it names a SQLite file, else None."""
    text = os.fspath(db)
    if "://" not in text:
        return text
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if text.startswith(prefix):
            return text.removeprefix(prefix).split("?", 1)[0] or None
    return None


class QuickReader:
    """Read-only answers for the first screen; safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        rows = self._all(sql, params)
        return rows[0][0] if rows else None

    def documents(self, *, after: tuple[date, int] | None = None, limit: int = 100) -> list[DocumentRow]:
        """A page of the register, newest first, continuing after (sort date, id) — the
        unfiltered `store.documents.list_documents`."""
        if after is None:
            sql, params = _DOCUMENT_PAGE.format(where=""), (limit,)
        else:  # a row value: an index seek on ix_document_sort, at any depth
            sql = _DOCUMENT_PAGE.format(where="WHERE (d.sort_date, d.id) < (?, ?)")
            params = (after[0].isoformat(), after[1], limit)
        return [
            DocumentRow(
                id=r[0], doc_type=r[1], number=r[2], issuer=r[3], issued=_as_date(r[4]),
                subject=r[5], status=r[6], partial=bool(r[7]), open_count=r[8] or 0,
            )
            for r in self._all(sql, params)
        ]

    def assignments(
        self, on: date, *, overdue: bool = False, due_within: int | None = None,
        soon_days: int = DEFAULT_SOON_DAYS, limit: int = 100,
    ) -> list[AssignmentRow]:
        """Assignments by deadline in force (`store.assignments.list_assignments` with at
        most the overdue / due-within filters): open work past its deadline, or due from
        `on` to `due_within` days later, or everything."""
        conditions, params = [], []
        if overdue:
            conditions.append(f"a.work_status IN {_in(_OPEN)} AND a.due_key < ?")
            params.append(on.isoformat())
        if due_within is not None:
            conditions.append(f"a.work_status IN {_in(_OPEN)} AND a.due_key >= ? AND a.due_key <= ?")
            params += [on.isoformat(), (on + timedelta(days=due_within)).isoformat()]
        where = "WHERE " + " AND ".join(conditions) if conditions else ""
        names: dict[int, tuple[list[str], list[str]]] = {}
        for aid, role, name in self._all(_AGENCIES_OF.format(where=where), (*params, limit)):
            names.setdefault(aid, ([], []))[0 if role == "lead" else 1].append(name)
        rows = []
        for r in self._all(_ASSIGNMENT_PAGE.format(where=where), (*params, limit)):
            next_due, done_on = _as_date(r[4]), _as_date(r[6])
            status, days_overdue = derive(r[5], next_due, done_on, on, soon_days)
            lead, support = names.get(r[0], ([], []))
            rows.append(AssignmentRow(
                id=r[0], document_id=r[1], document_label=document_label(r[7], r[8], _as_date(r[9])),
                ref=r[2], title=r[3], lead=tuple(lead), support=tuple(support), next_due=next_due,
                work_status=r[5], done_on=done_on, status=status, days_overdue=days_overdue,
            ))
        return rows

    def count_documents(self) -> int:
        return int(self._one("SELECT count(*) FROM document") or 0)

    def count_overdue(self, on: date) -> int:
        """Open assignments whose deadline in force is before `on`."""
        return int(self._one(_COUNT_OVERDUE, (on.isoformat(),)) or 0)

    def count_due(self, on: date, days: int) -> int:
        """Open assignments due from `on` to `days` days later (both included)."""
        end = on + timedelta(days=days)
        return int(self._one(_COUNT_DUE, (on.isoformat(), end.isoformat())) or 0)

    def setting(self, key: str) -> Any:
        """A setting's value (JSON), or None."""
        raw = self._one("SELECT value FROM setting WHERE key = ?", (key,))
        return None if raw is None else json.loads(raw)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _may_read(reader: QuickReader, user: str) -> bool:
    """The user may read without the full open having anything to do or say first: the
    roles are set up (an admin exists) and the user's role is at least viewer."""
    if not reader._one("SELECT 1 FROM user_role WHERE role = ? LIMIT 1", (Role.ADMIN.value,)):
        return False  # the full open makes the first admin
    stored = reader._one("SELECT role FROM user_role WHERE username = ?", (user,))
    return effective_role(stored, reader.setting("unknown_user_role")) is not None


def open_reader(db: str | os.PathLike[str], *, user: str | None = None) -> QuickReader | None:
    """A reader for `db` when the quick path may answer for it, else None (see the module)."""
    from store.migrate import head_revision
    from store.shared import blocking, check_access, current_user

    path = _plain_path(db)
    if path is None or path == ":memory:" or not os.path.isfile(path):
        return None
    try:
        if blocking(check_access(path)):
            return None
        conn = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False, timeout=5.0
        )
    except (OSError, sqlite3.Error):
        return None
    reader = QuickReader(conn)
    try:
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        at_head = reader._one("SELECT version_num FROM alembic_version") == head_revision()
        if at_head and _may_read(reader, user or current_user()):
            return reader
    except sqlite3.Error:
        pass
    reader.close()
    return None
