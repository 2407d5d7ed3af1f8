"""A migration undone by its own downgrade, then done again by the store's upgrade."""

from __future__ import annotations

from pathlib import Path
from typing import Any


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
