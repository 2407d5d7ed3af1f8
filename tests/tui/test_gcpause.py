"""The garbage collector is held off while the app starts and is back on once the first
rows are drawn (tui.gcpause, #8)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

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
