"""Before/after table of two results files: `python -m bench.compare BEFORE.json AFTER.json`.

Ratios to each run's own floor are the numbers to compare (a loaded machine moves the
milliseconds of both sides); the milliseconds are shown beside them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _by_id(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {row["id"]: row for row in data["summary"]}


def table(before: Path, after: Path) -> str:
    b, a = _by_id(before), _by_id(after)

    def fmt(v: Any) -> str:
        return "-" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v))

    head = (f"{'measure':<44} {'before':>9} {'ratio':>6} {'after':>9} {'ratio':>6} "
            f"{'floor now':>9}  {'target':<24} met")
    lines = [head, "-" * len(head)]
    for rid, row in a.items():
        old = b.get(rid, {})
        met = {True: "yes", False: "NO", None: ""}[row["met"]]
        lines.append(
            f"{row['label'][:44]:<44} {fmt(old.get('value_ms')):>9} {fmt(old.get('ratio')):>6} "
            f"{fmt(row['value_ms']):>9} {fmt(row['ratio']):>6} {fmt(row['floor_ms']):>9}  "
            f"{row['target']:<24} {met}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1]), Path(sys.argv[2])))
