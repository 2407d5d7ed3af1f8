"""`python -m bench.pg_copy`: an office at national scale moved to PostgreSQL and back.

    python -m bench.pg_copy                      # 100k documents / 500k assignments
    python -m bench.pg_copy --documents 2000 --assignments 10000

Optional (not part of `make test` or `make bench`): builds (or reuses) the generated SQLite
database of bench.data, starts a throwaway PostgreSQL cluster (tests/pg_cluster.py) unless
DONDOC_TEST_DB names a server, copies SQLite -> PostgreSQL -> SQLite with `dondoc copy`'s
code, checks that every table's count and checksum survived both ways, runs a search on
PostgreSQL, and prints the timings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pg_copy")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--assignments", type=int, default=500_000)
    args = parser.parse_args(argv)

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from bench.data import ensure_db
    from store import documents
    from store.copy import checksums, copy_database
    from store.db import Database
    from store.documents import DocumentQuery
    from tests import pg_cluster

    source, built = ensure_db(args.documents, args.assignments)
    if built is not None:
        print(f"generated {source.name} in {built:.1f} s")
    cluster = None
    server = os.environ.get("DONDOC_TEST_DB")
    work = Path(tempfile.mkdtemp(prefix="dondoc-pgcopy-"))
    try:
        if not server:  # its own temporary directory: the server's OS user must reach it
            cluster = Path(tempfile.mkdtemp(prefix="dondoc-pg-"))
            server = pg_cluster.start(cluster)
        os.environ["DONDOC_TEST_DB"] = server
        from tests.engines import drop_database, new_database

        target = new_database("bench")
        back = work / "back.db"
        db = Database(source)
        t0 = time.perf_counter()
        original = checksums(db)
        db.dispose()
        t_sum = time.perf_counter() - t0
        t0 = time.perf_counter()
        there = copy_database(source, target)
        t_there = time.perf_counter() - t0
        t0 = time.perf_counter()
        home = copy_database(target, back)
        t_back = time.perf_counter() - t0
        ok = (
            {t.name: (t.rows, t.checksum) for t in there.tables} == original
            == {t.name: (t.rows, t.checksum) for t in home.tables}
        )
        pg = Database(target)
        t0 = time.perf_counter()
        hits = documents.list_documents(pg, DocumentQuery(search="thi hanh an dan su"), limit=50)
        t_search = time.perf_counter() - t0
        pg.dispose()
        drop_database(target)
        print(f"{there.rows} rows in {len(there.tables)} tables; checksums of the source in {t_sum:.1f} s")
        print(f"SQLite -> PostgreSQL {t_there:.1f} s, PostgreSQL -> SQLite {t_back:.1f} s (each verified)")
        print(f"search 'thi hanh an dan su' on PostgreSQL: {len(hits)} rows in {t_search * 1000:.0f} ms")
        print("round trip: nothing lost" if ok else "round trip: MISMATCH")
        return 0 if ok else 1
    finally:
        if cluster is not None:
            pg_cluster.stop(cluster)
            shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
