"""Which engine the tests run on, and fresh PostgreSQL databases for them.

With DONDOC_TEST_DB set to a PostgreSQL URL (tests/pg_cluster.py sets it for the second
pass of `make test`), every database a store, CLI or concurrency test opens is a fresh
database on that server, created for the test and dropped after it. The URL's user must be
allowed to create databases. Without it, tests use SQLite files in their tmp_path.
"""

from __future__ import annotations

import itertools
import os
from typing import Any

SERVER_URL = os.environ.get("DONDOC_TEST_DB", "").strip()
ON_POSTGRES = SERVER_URL.startswith(("postgresql", "postgres:"))
ENGINE_NAME = "postgresql" if ON_POSTGRES else "sqlite"

_counter = itertools.count(1)
_admin: Any = None


def _admin_engine() -> Any:
    global _admin
    if _admin is None:
        from sqlalchemy import create_engine

        from store.db import to_url

        _admin = create_engine(to_url(SERVER_URL), isolation_level="AUTOCOMMIT", pool_size=1)
    return _admin


def database_url(name: str) -> str:
    """The URL of database `name` on the test server."""
    from sqlalchemy.engine import make_url

    from store.db import to_url

    return make_url(to_url(SERVER_URL)).set(database=name).render_as_string(hide_password=False)


def new_database(label: str = "t") -> str:
    """Create an empty database on the test server; returns its URL."""
    name = f"dondoc_{label}_{os.getpid()}_{next(_counter)}"
    with _admin_engine().connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return database_url(name)


def drop_database(url: str) -> None:
    """Drop a database made by `new_database` (closing whatever still uses it)."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with _admin_engine().connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
