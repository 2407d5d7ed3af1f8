"""Checks shared by the tests of denormalised columns (the lead agencies of migration 0006, the
deadlines' copies of 0009): the migration's round trip, and the demo database and its copy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def round_trip(path: str | Path, before: str, table: str, columns: set[str],
               indexes: frozenset[str] | set[str] = frozenset()) -> None:
    """Open `path` (created at the head), downgrade to revision `before`: `table` has none of
    `columns` and `indexes`; upgrade again: it has them all."""
    from alembic import command
    from sqlalchemy import inspect

    from store.db import Database
    from store.migrate import alembic_config, upgrade

    def shape(db: Any) -> tuple[set[str], set[str]]:
        found = inspect(db.engine)
        return ({c["name"] for c in found.get_columns(table)},
                {i["name"] for i in found.get_indexes(table)})

    db = Database(path)
    try:
        command.downgrade(alembic_config(db), before)
        have, indexed = shape(db)
        assert not columns & have and not indexes & indexed
        upgrade(db)
        have, indexed = shape(db)
        assert columns <= have and indexes <= indexed
    finally:
        db.dispose()


def demo_and_copy(demo: Path, target: str | Path, read: Callable[[Any], T]) -> tuple[T, T]:
    """`read` of the demo database (built from fixtures/ by the store's writers), then of its
    copy made by `dondoc copy` at `target` (on another engine, in the PostgreSQL pass)."""
    from store.copy import copy_database
    from store.db import Database

    db = Database(demo, create=False)
    try:
        original = read(db)
    finally:
        db.dispose()
    copy_database(demo, target)
    db = Database(target)
    try:
        return original, read(db)
    finally:
        db.dispose()
