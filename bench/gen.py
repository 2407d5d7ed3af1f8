"""`python -m bench.gen`: how long `dondoc gen` takes, phase by phase (issue #8: 100k/500k in
well under a minute; aim: 40 s or less on two idle cores).

    python -m bench.gen                          # 100k documents / 500k assignments, once
    python -m bench.gen --documents 20000 --assignments 100000 --runs 3 --dir /tmp/gen-x

Each run builds a fresh file in --dir (removed after it) and prints one JSON line: the wall
time, `GenStats.phases` (seconds), `GenStats.cpu` (CPU seconds of each process's part) and
the load average before and after. The machine is shared: the wall time follows the load;
`idle_estimate` is what the CPU seconds of `generate` give on two idle cores (the writer's
load beside the row maker's rows, then its index builds beside the row maker's full-text
indexes, then the copy and the commit; opening the file and the imports not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


def run_once(directory: Path, documents: int, assignments: int, seed: int) -> dict[str, Any]:
    from store.db import Database
    from store.generate import generate

    path = directory / f"gen-{documents}d-{assignments}a-s{seed}.db"
    load_before = os.getloadavg()
    started = time.perf_counter()
    try:
        db = Database(path)
        try:
            stats = generate(db, documents=documents, assignments=assignments, seed=seed)
        finally:
            db.dispose()
        wall = time.perf_counter() - started
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    cpu = stats.cpu
    idle = None
    if "worker_rows" in cpu:
        idle = (max(cpu["load"], cpu["worker_rows"]) + max(cpu["index"], cpu.get("worker_fts", 0.0))
                + cpu["finish"])
    return {
        "documents": documents, "assignments": assignments, "wall": round(wall, 2),
        "gen_seconds": stats.seconds, "phases": stats.phases, "cpu": cpu,
        "idle_estimate": round(idle, 2) if idle is not None else None,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gen", description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--assignments", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help="where the files are built (default: a temp dir)")
    args = parser.parse_args(argv)
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gen-", dir=args.dir) as tmp:
        for _ in range(args.runs):
            print(json.dumps(run_once(Path(tmp), args.documents, args.assignments, args.seed)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
