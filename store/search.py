"""Diacritic-insensitive full-text search: the one place that knows the engine's search SQL.

Searchable rows keep a folded `search_text` (see `store.text.fold`). On SQLite it is indexed
by FTS5 external-content tables kept in step by triggers. On PostgreSQL a GIN trigram index
(pg_trgm) on the same column serves a word-prefix regular expression per query word, and
pg_trgm's similarity ranks the hits. Any other engine gets a portable LIKE filter.

The same query finds the same rows on every engine: each query word must start a word of
the folded text. Ranks differ in scale, not in meaning: smaller is better everywhere.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, func, literal, literal_column, select, text
from sqlalchemy.engine import Connection

from store.text import fold
from store.vocab import DOC_TYPES

SEARCHABLE = ("document", "assignment", "agency")

RANK_AT_MOST = 2000
"""Hits ranked by relevance at most, for a page straight from the index (`top`): a query
that matches more (a first letter, a word found in most rows) lists the newest first, read
off the index in rowid order, instead of scoring every hit at every keystroke (issue #8:
"thi hanh an" matches 314k of 500k assignments; ranking them took 2-3 s, the newest 60
take ~0.15 s). Typing on narrows the hits, and then they are ranked again."""

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokens(query: str) -> list[str]:
    """Folded word tokens of a query: `09-CT/TU` gives ["09", "ct", "tu"].

    "số" before a number ("Chỉ thị số 09") is how the number is introduced, not a word of
    the text, so it is dropped.
    """
    words = _TOKEN_RE.findall(fold(query))
    return [
        w for i, w in enumerate(words)
        if not (w == "so" and i + 1 < len(words) and words[i + 1][:1].isdigit())
    ]


FTS_PREFIX = "1 2 3"
"""Prefix lengths FTS5 indexes besides whole words (migration 0007): searching as you type
asks for every word beginning with "t", "th", "thi"...; without these, FTS5 merges the
postings of every matching word at each keystroke (~1 s for "t" over 500k assignments,
~1 ms with them)."""


def create_search_index(conn: Connection) -> None:
    """Create the FTS5 tables and their triggers (SQLite); nothing elsewhere.

    PostgreSQL's index is made by `create_trigram_index` (migration 0004): the first
    migration's call stays a no-op there, so that 0004 is the one place that makes it.
    """
    if conn.dialect.name != "sqlite":
        return
    for table in SEARCHABLE:
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, content='{table}', "
            f"content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='{FTS_PREFIX}')"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, search_text) "
            f"VALUES ('delete', old.id, old.search_text); END"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE OF search_text ON {table} BEGIN "
            f"INSERT INTO {table}_fts({table}_fts, rowid, search_text) "
            f"VALUES ('delete', old.id, old.search_text); "
            f"INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )


def rebuild_search_index(conn: Connection) -> None:
    """Make the FTS5 tables again (as `create_search_index` makes them now) and fill them
    from the rows' search text (SQLite; nothing elsewhere)."""
    if conn.dialect.name != "sqlite":
        return
    drop_search_index(conn)
    create_search_index(conn)
    for table in SEARCHABLE:
        conn.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def has_prefix_index(conn: Connection) -> bool:
    """The FTS5 tables index word prefixes (FTS_PREFIX)."""
    sql = conn.exec_driver_sql(
        "SELECT group_concat(sql, ' ') FROM sqlite_master WHERE name IN "
        + "(" + ", ".join(f"'{t}_fts'" for t in SEARCHABLE) + ")"
    ).scalar() or ""
    return sql.count(f"prefix='{FTS_PREFIX}'") == len(SEARCHABLE)


def create_trigram_index(conn: Connection) -> None:
    """PostgreSQL: pg_trgm and a GIN trigram index on every `search_text`; nothing elsewhere.

    `CREATE EXTENSION` needs the CREATE privilege on the database (the owner has it); an
    administrator can run it once beforehand instead (README, operations).
    """
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in SEARCHABLE:
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{table}_search_trgm ON {table} "
            f"USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_index(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in SEARCHABLE:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS ix_{table}_search_trgm")


def index_problems(conn: Connection) -> list[str]:
    """What is missing from the search index (empty when sound), for `dondoc check`."""
    if conn.dialect.name == "sqlite":
        have = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
        wanted = [f"{t}_fts" for t in SEARCHABLE] + [
            f"{t}_fts_{s}" for t in SEARCHABLE for s in ("ai", "ad", "au")
        ]
    elif conn.dialect.name == "postgresql":
        have = set(
            conn.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            ).scalars()
        )
        wanted = [f"ix_{t}_search_trgm" for t in SEARCHABLE]
    else:
        return []
    return [f"search index: {name} is missing" for name in wanted if name not in have]


def drop_search_index(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for table in SEARCHABLE:
        for suffix in ("ai", "ad", "au"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}_fts")


def search_matches(
    model: Any, query: str, dialect: str, *, top: tuple[int, int] | None = None, session: Any = None,
    from_end: bool = False, newest_first: bool | None = None,
) -> tuple[Any, Any] | None:
    """A (subquery of matching ids with rank, rank column) for `model`, or None for no filter.

    The caller joins the subquery on `model.id == sub.c.id` and may order by the rank
    (smaller is better on every engine).

    `top` (limit, offset), on SQLite: only that slice of the hits, best first, is taken from
    the FTS index itself, so the rows behind the other hits are never read. A caller whose
    only filter is the search uses it for a page (issue #8: "thi hanh an" matches most of
    500k assignments; ranking them all by joined columns took ~0.5 s a keystroke). Given
    the `session` too, a query with more than RANK_AT_MOST hits gets its newest hits first
    (rank = -id) instead of its best.

    `from_end` (with `top` and `session`, for a query with more than RANK_AT_MOST hits, which
    the caller has checked with `many_hits`): the slice is counted from the end of that
    newest-first list, its oldest hits: the last page without counting every hit to reach it.
    The caller still orders by the rank, so the rows come in list order.

    `newest_first`: whether the query has more than RANK_AT_MOST hits, when the caller knows
    (it counted them with `count_index_hits(at_most=...)`, at_most >= RANK_AT_MOST, for the
    same list); None counts here. Each count of a word longer than the prefix indexes costs
    FTS5 a merge of that word's postings (~30 ms for "hanh" over 500k assignments).
    """
    words = tokens(query)
    if not words:
        return None
    table = model.__tablename__
    if dialect == "sqlite":
        match = " ".join(f'"{w}"*' for w in words)
        sub = (
            select(literal_column("rowid").label("id"), literal_column("rank").label("rank"))
            .select_from(text(f"{table}_fts"))
            .where(text(f"{table}_fts MATCH :fts_q").bindparams(fts_q=match))
        )
        if top is not None:
            if newest_first is None and not from_end and session is not None:
                newest_first = many_hits(session, table, query)
            if session is not None and (from_end or newest_first):
                sub = (
                    select(literal_column("rowid").label("id"), literal_column("-rowid").label("rank"))
                    .select_from(text(f"{table}_fts"))
                    .where(text(f"{table}_fts MATCH :fts_q").bindparams(fts_q=match))
                    .order_by(literal_column("rowid").asc() if from_end else literal_column("rowid").desc())
                )
            else:
                sub = sub.order_by(literal_column("rank"))
            sub = sub.limit(top[0]).offset(top[1])
        sub = sub.subquery(f"{table}_hits")
        return sub, sub.c.rank
    if dialect == "postgresql":
        # `\m` is the start of a word; the words are \w+ (no regex metacharacters), and
        # pg_trgm's GIN index serves the regex. Rank: how well the query as a whole matches
        # whole words of the text, then the text as a whole (shorter texts about exactly
        # this rank higher, as bm25 does on SQLite).
        phrase = literal(" ".join(words))
        conditions = [model.search_text.regexp_match(f"\\m{w}") for w in words]
        rank = -(
            2 * func.strict_word_similarity(phrase, model.search_text)
            + func.similarity(phrase, model.search_text)
        )
        sub = (
            select(model.id.label("id"), rank.label("rank"))
            .where(and_(*conditions))
            .subquery(f"{table}_hits")
        )
        return sub, sub.c.rank
    # Portable fallback: every word must start a word of the folded text.
    conditions = [
        (model.search_text.like(f"{w}%")) | (model.search_text.like(f"% {w}%"))
        | (model.search_text.like(f"%-{w}%")) | (model.search_text.like(f"%/{w}%"))
        for w in words
    ]
    sub = (
        select(model.id.label("id"), literal_column("0").label("rank"))
        .where(and_(*conditions))
        .subquery(f"{table}_hits")
    )
    return sub, sub.c.rank


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression of a query (every word a prefix), or None without words."""
    words = tokens(query)
    return " ".join(f'"{w}"*' for w in words) if words else None


def count_index_hits(session: Any, table: str, query: str, *, at_most: int | None = None) -> int | None:
    """How many rows of `table` the query finds, counted in the FTS5 index alone (SQLite);
    None when the query has no words (no filter).

    With `at_most`, counting stops past it: the exact count when it is at most `at_most`,
    else `at_most + 1` ("more than at_most"). Counting 314k hits of "thi hanh an" over 500k
    assignments takes 0.1-0.2 s; knowing there are more than 2000 takes what reading the
    first 2001 takes (issue #8: search as you type shows "more than 2,000" meanwhile).
    """
    match = fts_query(query)
    if match is None:
        return None
    inner = f"SELECT 1 FROM {table}_fts WHERE {table}_fts MATCH :fts_q"
    if at_most is not None:
        inner += f" LIMIT {int(at_most) + 1}"
    counted = text(f"SELECT count(*) FROM ({inner})")
    return int(session.execute(counted, {"fts_q": match}).scalar() or 0)


def many_hits(session: Any, table: str, query: str) -> bool:
    """More than RANK_AT_MOST hits (SQLite; counting stops there): the list comes newest
    first instead of best first (see search_matches)."""
    return (count_index_hits(session, table, query, at_most=RANK_AT_MOST) or 0) > RANK_AT_MOST



def last_hits_page(
    session: Any, model: Any, table: str, query: str, stmt: Any, limit: int, order: tuple[Any, ...],
    *, search_only: bool, newest_first: bool | None = None,
) -> Any | None:
    """`stmt` joined to the last `limit` hits of `query` (the oldest, read from the start
    of the FTS index) in the list's order (rank, then `order`), for a list of many hits
    shown newest first (SQLite, the search its only filter); None when that list has no
    cheap end (ranked hits, other filters, other engines): the caller counts instead."""
    dialect = session.bind.dialect.name
    if not (search_only and dialect == "sqlite"):
        return None
    if newest_first is None:
        newest_first = many_hits(session, table, query)
    if not newest_first:
        return None
    hit = search_matches(model, query, dialect, top=(limit, 0), session=session, from_end=True)
    if hit is None:
        return None
    sub, rank = hit
    return stmt.join(sub, sub.c.id == model.id).order_by(rank, *order)

# --- what goes into search_text --------------------------------------------------------


def document_search_text(
    *,
    doc_type: str,
    number: str | None,
    issuer: str,
    subject: str,
    place: str | None = None,
    signer: str | None = None,
    year: int | None = None,
) -> str:
    """Folded text a document is found by: type (code and name), number, issuer, subject..."""
    type_name = DOC_TYPES.get(doc_type, ("", ""))[0]
    parts = [doc_type, type_name, number or "", issuer, subject, place or "", signer or ""]
    if year:
        parts.append(str(year))
    return fold(" ".join(parts))


def assignment_search_text(
    *, ref: str, title: str, body: str, agencies: list[str], document_number: str | None
) -> str:
    return fold(" ".join([ref, title, body, *agencies, document_number or ""]))


def agency_search_text(*, name: str, short_name: str | None, aliases: list[str]) -> str:
    return fold(" ".join([name, short_name or "", *aliases]))
