"""Integrity checks of a database."""

from __future__ import annotations

from store.db import Database, integrity_problems_in
from store.search import index_problems


def integrity_check(db: Database) -> list[str]:
    """Problems found (empty when the database is sound): the engine's own check
    (store.db) and the search index (store.search)."""
    with db.read() as session:
        return integrity_problems_in(session) + index_problems(session.connection())
