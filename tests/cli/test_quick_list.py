"""`dondoc list` answers plain lists through store.quick (no ORM to import): the output is
byte for byte what the full store gives, for every format and filter the quick path takes,
and the filters it does not take still go through the store."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tui.cli import main

pytestmark = pytest.mark.sqlite_only("the quick path reads SQLite files only")

CASES = [
    ["list", "assignments", "--format", "csv"],
    ["list", "assignments", "--due-within", "7", "--format", "csv"],
    ["list", "assignments", "--due-within", "0"],
    ["list", "assignments", "--overdue", "--format", "csv"],
    ["list", "assignments", "--overdue", "--due-within", "30"],
    ["list", "documents", "--format", "csv"],
    ["list", "documents"],
    # not taken by the quick path: must come out the same either way too
    ["list", "assignments", "--status", "overdue", "--format", "csv"],
    ["list", "documents", "--type", "CT", "--format", "csv"],
    ["list", "assignments", "--format", "json"],
]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert main(args) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("which", ["demo", "generated"])
@pytest.mark.parametrize("today", ["2021-10-01", "2026-11-23"])
def test_quick_lists_equal_the_store(which: str, today: str, demo_db_file: Path, generated_db_file: Path,
                                     tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db.db"
    shutil.copy(demo_db_file if which == "demo" else generated_db_file, path)
    import store.quick

    used: list[object] = []
    real_open = store.quick.open_reader

    def counting_open(*args: object, **kwargs: object) -> object:
        reader = real_open(*args, **kwargs)  # type: ignore[arg-type]
        used.append(reader)
        return reader

    for case in CASES:
        args = [*case, "--db", str(path), "--today", today]
        monkeypatch.setattr(store.quick, "open_reader", counting_open)
        used.clear()
        quick = _run(args, capsys)
        took_quick = bool(used) and used[0] is not None
        monkeypatch.setattr(store.quick, "open_reader", lambda *a, **k: None)
        full = _run(args, capsys)
        assert quick == full, case
        assert took_quick == (CASES.index(case) < 7), case
        if all(a == "--format" or not a.startswith("--") for a in case):  # unfiltered: rows
            assert full.count("\n") > 3, case


def test_quick_list_imports_no_orm(demo_db_file: Path, tmp_path: Path) -> None:
    import subprocess

    path = tmp_path / "db.db"
    shutil.copy(demo_db_file, path)
    code = (
        "import sys; from tui.cli import main; "
        f"rc = main(['list', 'assignments', '--due-within', '30', '--format', 'csv', '--db', {str(path)!r}]); "
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules]; "
        "sys.stderr.write(repr(heavy)); sys.exit(rc or (3 if heavy else 0))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.count("\n") >= 1
