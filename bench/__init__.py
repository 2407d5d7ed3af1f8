"""The performance benchmark: `make bench` (python -m bench).

Builds a national-scale synthetic database once (`store.generate`, cached in bench/data/),
then measures each thing a clerk waits for beside its floor, the same work done by the
simplest possible program (an empty Textual app, a raw indexed sqlite3 query, a plain
sqlite3 + csv loop, Taskwarrior), as medians of several runs. Writes bench/results.json and
prints a short table with the ratios. `--small` runs the same harness on a few thousand rows
in seconds (tests/bench keeps it from rotting).
"""
