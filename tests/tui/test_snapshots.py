"""Snapshot tests: the main views and detail screens at 80x24 on the demo data, today frozen.

Update after a deliberate change with `pytest tests/tui/test_snapshots.py --snapshot-update`,
then look at the SVGs (tests/tui/__snapshots__/) before committing them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import TODAY, settle


@pytest.fixture(scope="module")
def frozen_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database built as if today were TODAY (next occurrences of recurring
    deadlines are computed when assignments are saved)."""
    from store import assignments
    from store.fixtures import init_demo

    patch = pytest.MonkeyPatch()
    patch.setattr(assignments, "today", lambda: TODAY)
    try:
        path = tmp_path_factory.mktemp("snapdemo") / "demo.db"
        init_demo(path).dispose()
    finally:
        patch.undo()
    return path


@pytest.fixture
def demo_app(frozen_demo: Path, tmp_path: Path) -> Callable[..., Any]:
    def factory(**kwargs: Any) -> Any:
        from tui.app import make_app

        path = tmp_path / "demo.db"
        shutil.copy(frozen_demo, path)
        return make_app(str(path), today=TODAY, **kwargs)

    return factory


def keys(*presses: str) -> Callable[[Any], Any]:
    """A run_before that waits for the data, presses keys (waiting after each group), and
    stops cursors blinking."""

    async def run(pilot: Any) -> None:
        app = pilot.app
        await settle(app, pilot)
        for group in presses:
            await pilot.press(*group.split(","))
            await settle(app, pilot)
        for node in app.screen.query("Input"):
            node.cursor_blink = False
        await settle(app, pilot)

    return run


def test_documents_view(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys())


def test_assignments_view(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys("2"))


def test_agencies_view(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys("4"))


def test_deadlines_view(snap_compare: Any, demo_app: Any) -> None:
    pytest.importorskip("store.agenda", reason="store.agenda (the agenda query) is not written yet")
    assert snap_compare(demo_app(), run_before=keys("3"))


def test_scoreboard_view(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys("5"))


def test_document_detail(snap_compare: Any, demo_app: Any) -> None:
    # 09-CT/TU: many citations, one document implementing it, eleven assignments.
    assert snap_compare(demo_app(), run_before=keys("j,j,j,j,j,j,j", "enter"))


def test_document_detail_links(snap_compare: Any, demo_app: Any) -> None:
    # 353/LĐLĐ scrolled to its links: implements 2385/LĐLĐ, which implements 09-CT/TU.
    assert snap_compare(demo_app(), run_before=keys("j,j,j,j,j,j", "enter", "end"))


def test_assignment_detail(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys("2", "enter"))


def test_help_screen(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys("2", "question_mark"))


def test_new_document_form(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys("n"))


def test_filter_dialog(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), run_before=keys("2", "f"))


def test_assignments_no_color(snap_compare: Any, demo_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(demo_app(), run_before=keys("2"))


def test_documents_60x20(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(), terminal_size=(60, 20), run_before=keys())


def test_assignments_english(snap_compare: Any, demo_app: Any) -> None:
    assert snap_compare(demo_app(lang="en"), run_before=keys("2"))
