"""The garbage collector is held off while the app starts and is back on once the first
rows are drawn (tui.gcpause, #8)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import settle
from tui import gcpause


def test_pause_and_resume_leave_a_collector_turned_off_elsewhere_alone() -> None:
    assert gc.isenabled()
    gcpause.pause()
    try:
        assert not gc.isenabled() and gcpause.paused()
        gcpause.pause()  # twice: still one pause
    finally:
        gcpause.resume()
    assert gc.isenabled() and not gcpause.paused()
    gc.disable()
    try:
        gcpause.pause()
        gcpause.resume()
        assert not gc.isenabled()  # someone else turned it off: it stays off
    finally:
        gc.enable()


async def test_the_collector_is_back_on_after_the_first_rows(small_db: tuple[Path, Any]) -> None:
    from tui.app import make_app

    path, _ = small_db
    app = make_app(str(path))
    assert gcpause.paused()  # from the moment the app is made
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one("#table").row_count
        assert gc.isenabled() and not gcpause.paused()


async def test_what_starting_made_is_set_aside_once_the_database_is_open(
    small_db: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Full collections later walk only what was made since (gc.freeze), once per process."""
    from tui.app import make_app

    # As in a new process: earlier tests' apps set their objects aside already, and other
    # tests may have unfrozen them since.
    monkeypatch.setattr(gcpause, "_frozen", False)
    gc.unfreeze()
    path, _ = small_db
    app = make_app(str(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.database()  # open (settle started it)
        await settle(app, pilot)
        assert gcpause.frozen() and gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
        gcpause.freeze_start()  # a second app, or a second call: nothing more is set aside
        assert gc.get_freeze_count() == frozen
