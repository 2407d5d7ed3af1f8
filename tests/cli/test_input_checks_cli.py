"""The command line refuses the same dates and duplicate agencies as the forms (store checks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import agencies, assignments, documents
from store.db import Database
from tests.csv.conftest import state_of
from tui.cli import main

TODAY = "02/12/2026"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_db(sample, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return db_path


def test_add_duplicate_agency_refused(capsys: pytest.CaptureFixture[str], cli_db: Path, db: Database) -> None:
    before = state_of(cli_db)
    code, out, err = run(capsys, "add", "agency", "--name", "so tu  phap", "--db", str(cli_db))
    assert code == 1 and "Đã có cơ quan «Sở Tư pháp»" in err and out == ""
    assert state_of(cli_db) == before
    assert sorted(a.name for a in agencies.list_all(db)) == ["Sở Tư pháp", "Thi hành án dân sự tỉnh"]


