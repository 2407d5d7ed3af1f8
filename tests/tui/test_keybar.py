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
        assert len(narrow) <= 80
        # 80 columns cannot hold every hint: `?` (the list of every key) goes to the right,
        # before the palette key, which drops its word...
        helps = [h for h in shown if h.key == "question_mark"]
        assert palette is not None and len(helps) == 1
        assert narrow.rstrip().endswith(f" ? {helps[0].description}  {palette.display}")
        # ...the first keys keep their words (none cut in half), the others show as keys alone
        others = [h for h in shown if h.key != "question_mark"]
        fitted = [h for h in others if f" {h.display} {h.description} " in narrow]
        assert fitted[:3] == others[:3] and len(fitted) < len(others)
        assert all(f" {h.display} " in narrow for h in others)
        await pilot.resize_terminal(160, 30)
        await settle(app, pilot)
        wide = str(bar.render())
        assert all(f" {h.display} {h.description} " in wide for h in shown)
        assert wide.rstrip().endswith(f"{palette.display} {palette.description}")


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


async def test_squeezed_keys_stay_in_sight_and_act_when_clicked(small_db: tuple[Path, Any]) -> None:
    """An assignment at 80 columns: history and extend (h, l) come after five keys with long
    words; they are shown as keys, and `?` stays in sight."""
    from screens.assignment_detail import AssignmentDetailScreen

    path, ids = small_db
    app = make_app(str(path), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.push_screen(AssignmentDetailScreen(ids["overdue"]))
        await settle(app, pilot)
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert len(line) <= 80
        assert line.startswith(" esc Quay lại ")
        for key in (" h ", " l ", " ? Trợ giúp "):
            assert key in line, line
        history = app.screen.query_one("#history")
        assert not history.display
        start = next(start for start, _end, hint in bar._spans if hint.key == "h")
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await settle(app, pilot)
        assert history.display
