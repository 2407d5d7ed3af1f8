"""Integrity checks of a database."""

from __future__ import annotations

from sqlalchemy import text

from store.db import Database


def integrity_check(db: Database) -> list[str]:
    """Problems found (empty when the database is sound)."""
    problems: list[str] = []
    with db.read() as session:
        if db.is_sqlite:
            rows = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
            if rows != ["ok"]:
                problems.extend(rows)
            for row in session.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"foreign key: {tuple(row)}")
    return problems
