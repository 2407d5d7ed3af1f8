"""Computed lists longer than the table's window (the agenda, the scoreboard): the count in
the status line is the whole list's, not the rows the table happens to hold."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import TODAY, started, table_of


@pytest.fixture
def generated(generated_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tui.widgets import paged_table

    # a window of 20 rows, fetched 10 at a time, so that every list here is longer
    monkeypatch.setattr(paged_table, "PAGE", 10)
    monkeypatch.setattr(paged_table, "MAX_WINDOW", 20)
    path = tmp_path / "generated.db"
    shutil.copy(generated_db_file, path)
    return path


def status_info(app: Any) -> str:
    return str(app.screen.status.info)


async def test_scoreboard_counts_every_agency(generated: Path, open_db: Any) -> None:
    from store import reports
    from store.i18n import number

    async with started(generated, "5") as (app, _pilot):
        start, end = app.screen.period()
        rows = reports.scoreboard(open_db(generated), start=start, end=end, today=TODAY)
        assert len(rows) > 2 * len(table_of(app).rows_held) > 0
        assert status_info(app) == f"{number(len(rows))} cơ quan"


async def test_deadlines_count_every_item_once(generated: Path) -> None:
    from screens.deadlines import Entry

    async with started(generated, "3") as (app, pilot):
        table = table_of(app)
        items = {(e.item.assignment_id, e.item.deadline_id, e.item.due)
                 for e in table.source.rows if isinstance(e, Entry)}
        assert len(items) > 2 * table.row_count > 0
        assert status_info(app) == f"{len(items):,} hạn".replace(",", ".")
        # by lead agency an item shows under each of its lead agencies, and still counts once
        await pilot.press("v")
        for _ in range(5):
            await pilot.pause()
        entries = [e for e in table_of(app).source.rows if isinstance(e, Entry)]
        assert len(entries) > len(items)
        assert status_info(app) == f"{len(items):,} hạn".replace(",", ".")
