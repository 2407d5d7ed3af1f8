"""The key bar (tui/widgets/keybar.py): one line of hints that keeps whole keys, the palette
key at the right edge, and hints that act when clicked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui.conftest import TODAY, settle
from tui.app import make_app
from tui.widgets.keybar import KeyBar


async def test_hints_fit_whole_with_the_palette_key_at_the_right(small_db: tuple[Path, Any]) -> None:
    path, _ = small_db
    app = make_app(str(path), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        narrow = str(bar.render())
        shown, palette = bar.hints()
        assert palette is not None and narrow.rstrip().endswith(f"{palette.display} {palette.description}")
        assert len(narrow) <= 80
        fitted = [h for h in shown if f" {h.display} {h.description} " in narrow]
        assert fitted == shown[: len(fitted)]  # the first keys, none cut in half
        assert 3 <= len(fitted) < len(shown)  # 80 columns cannot hold every hint
        await pilot.resize_terminal(160, 30)
        await settle(app, pilot)
        wide = str(bar.render())
        assert all(f" {h.display} {h.description} " in wide for h in shown)


async def test_hints_follow_the_screen_and_act_when_clicked(small_db: tuple[Path, Any]) -> None:
    path, _ = small_db
    app = make_app(str(path), today=TODAY)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        search = next(start for start, _end, hint in bar._spans if hint.key == "slash")
        await pilot.click(KeyBar, offset=(search + 1, 0))
        await settle(app, pilot)
        assert app.screen.query_one("#search-bar").display
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press("escape")
        await pilot.press("question_mark")
        await settle(app, pilot)
        help_bar = app.screen.query_one(KeyBar)
        assert help_bar is not bar and str(help_bar.render()) != str(bar.render())
