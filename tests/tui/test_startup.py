"""The first screen comes before the ORM (issue #8): the register's first rows are drawn
from store.quick, and SQLAlchemy, SQLModel and Alembic load only afterwards."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only("the quick path reads SQLite files only")

ROOT = Path(__file__).resolve().parents[2]


def test_first_rows_drawn_before_the_orm_loads(demo_db_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    shutil.copy(demo_db_file, db)
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", "app-start", str(db), "2026-11-23"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    marks = json.loads(done.stdout.strip().splitlines()[-1])
    assert marks["usable"] >= marks["frame"]
    assert marks["heavy_at_frame"] == []
    assert marks["heavy_at_usable"] == []  # the rows came without SQLAlchemy/SQLModel/Alembic
    assert marks["db_open"] >= marks["usable"]  # and the full database opened after them
