"""The app on the engine under test: on the PostgreSQL pass the same screens, the same
search, the same save path against a server database (tests/engines.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from tests.tui.conftest import TODAY, build_small_db, screen_text, settle

SIZE = (100, 30)


async def test_app_lists_searches_and_notes_on_this_engine(tmp_path: Path, fresh_url: Any) -> None:
    from store import assignments
    from store.db import Database
    from tui.app import make_app

    where = fresh_url(tmp_path, "app.db")
    ids = build_small_db(where)
    app = make_app(str(where), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "09-CT/TU" in text and "353/LĐLĐ" in text and "2 văn bản" in text
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        for ch in "don doc":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert "1 văn bản" in screen_text(app)
    db = Database(where, actor="tester")
    try:
        assignments.add_note(db, ids["overdue"], "ghi chú trên máy chủ")
        assert assignments.get(db, ids["overdue"]).notes[0].text == "ghi chú trên máy chủ"
    finally:
        db.dispose()
