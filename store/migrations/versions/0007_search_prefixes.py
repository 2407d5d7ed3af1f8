"""Word-prefix indexes in the SQLite search tables (issue #8).

Search as you type asks, at each keystroke, for every word that begins with what was typed
so far ("t", "th", "thi"...). FTS5 answers a prefix it has not indexed by merging the
postings of every word that begins with it: about a second for "t" over 500,000
assignments. With prefixes of one to three letters indexed (`store.search.FTS_PREFIX`) it
reads one list: about a millisecond. The tables are made again and refilled from the rows'
search text (a minute or so for 500,000 assignments, once; the backup taken before an
upgrade keeps the old file). Databases made since `create_search_index` indexes prefixes
already: nothing to do. PostgreSQL's trigram index needs nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from store.search import has_prefix_index, rebuild_search_index

    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and not has_prefix_index(bind):
        rebuild_search_index(bind)


def downgrade() -> None:
    pass  # the prefix indexes are only faster: the older schema reads them as they are
