"""The benchmark databases: generated once per (size, seed, today, schema), cached on disk."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 23)
"""The day the benchmark data is spread around and the app is run on."""


def schema_head() -> str:
    from store.migrate import head_revision

    return head_revision()


def ensure_db(
    documents: int, assignments: int, *, seed: int = 1, today: date = TODAY,
    directory: Path = DATA_DIR, fresh: bool = False,
) -> tuple[Path, float | None]:
    """The path of a generated database (built now if not cached) and the build time, if built."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"gen-{documents}d-{assignments}a-s{seed}-{today:%Y%m%d}-r{schema_head()}.db"
    path = directory / name
    if path.exists() and not fresh:
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    from store.generate import generate_file

    started = time.perf_counter()
    generate_file(path, documents=documents, assignments=assignments, seed=seed, today=today)
    seconds = time.perf_counter() - started
    return path, seconds
