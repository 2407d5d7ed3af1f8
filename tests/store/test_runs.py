"""store.runs: sorted runs set aside in temporary files and merged back in key order."""

from __future__ import annotations

import random

from store.runs import SortedRuns


def test_runs_merge_in_key_order_across_files_and_batches() -> None:
    rng = random.Random(5)
    rows = [((rng.randrange(50), i, "k"), f"dòng {i}, «ô»\r\n") for i in range(3000)]
    runs = [sorted(rows[i:i + 700]) for i in range(0, len(rows), 700)]  # 5 runs, the last short
    with SortedRuns(batch=64) as merged:
        for run in runs:
            merged.add(run)
        merged.add([])  # nothing to keep
        assert merged.spilled == len(runs) - 1  # the last run stays in memory
        assert list(merged.merged()) == [text for _, text in sorted(rows)]


def test_a_single_run_is_never_written_out() -> None:
    with SortedRuns() as merged:
        merged.add([((1,), "a"), ((2,), "b")])
        assert merged.spilled == 0
        assert list(merged.merged()) == ["a", "b"]
    with SortedRuns() as empty:
        assert list(empty.merged()) == []


def test_closing_drops_the_files() -> None:
    merged = SortedRuns()
    merged.add([((1,), "a")])
    merged.add([((0,), "b")])
    files = list(merged._files)
    assert files and not any(f.closed for f in files)
    merged.close()
    assert all(f.closed for f in files) and merged.spilled == 0
