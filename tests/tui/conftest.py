"""Fixtures for the interface tests: small databases built through the store API, the app
factory, and a helper that reads the screen as text."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

TODAY = date(2026, 11, 23)
"""The frozen today of every interface test (a Monday)."""

NASTY = [
    "[TODO] rà soát",
    "[bold]đậm[/bold] và [/] lẻ",
    "kết thúc [/b] sai",
    "[link=x]liên kết[/link]",
    "[@click=app.quit]bấm[/]",
    "điều khiển \x1b[31mđỏ\x1b[0m \x07 chuông",
    "Tab\tvà\nxuống dòng",
]
"""User text that must show as typed, never act as markup or control codes."""

SIZE = (80, 24)
"""The terminal of the pilot tests unless one says otherwise: the smallest supported."""


def make(path: Path, **kwargs: Any) -> Any:
    """The app on the database at `path`, today frozen at TODAY."""
    from tui.app import make_app

    return make_app(str(path), today=TODAY, **kwargs)


def table_of(app: Any) -> Any:
    """The current screen's list."""
    from tui.widgets.paged_table import PagedTable

    return app.screen.query_one("#table", PagedTable)


@asynccontextmanager
async def started(path: Path, *keys: str, size: tuple[int, int] = SIZE, **kwargs: Any) -> AsyncIterator[tuple[Any, Any]]:
    """`(app, pilot)` of the app on `path` (`make`'s keywords), run headless at `size`,
    settled, after pressing each of `keys` (a view's number...) and settling again."""
    app = make(path, **kwargs)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        yield app, pilot


@pytest.fixture(autouse=True)
def _private_drafts(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Forms write drafts as the clerk types: keep them out of the real user data directory."""
    home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clerk's home folder of their own (no Documents folder in it): where exports go
    first (store.prefs.export_folder)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))  # (no desktop user-dirs)
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return folder


def screen_text(app: Any) -> str:
    """What the terminal shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(app: Any, pilot: Any) -> None:
    """Let workers finish and the screen catch up (twice: a result may start a worker)."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(3):
        await pilot.pause()
        if not getattr(app, "starting", True):
            # Past its first rows, the app opens the full database after a moment
            # (SETTLE_AFTER_FIRST_ROWS): do it now rather than wait for that timer.
            app.after_first_rows()
        try:
            await app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            pass  # a newer load replaced it, or the app reported the failure
    await pilot.pause()


async def wait_for(app: Any, pilot: Any, check: Any, timeout: float = 10.0) -> None:
    """Let the app run (timers included) until `check()` holds."""
    import time

    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; screen:\n{screen_text(app)}")
        await pilot.pause(0.05)
        await settle(app, pilot)


async def open_extend_dialog(app: Any, pilot: Any) -> Any:
    """From the Nhiệm vụ view: Enter opens the assignment under the cursor, `l` its Gia hạn
    dialog (the overdue one of `build_small_db`); returns the dialog."""
    from screens.assignment_detail import AssignmentDetailScreen
    from screens.dialogs import FieldsDialog

    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, AssignmentDetailScreen)
    await pilot.press("l")
    await settle(app, pilot)
    assert isinstance(app.screen, FieldsDialog)
    return app.screen


def build_small_db(path: Path, *, nasty: bool = False) -> dict[str, int]:
    """Two agencies, a directive, a letter implementing it (and citing an unregistered
    document), assignments with overdue/soon/later deadlines, optionally nasty subjects."""
    from store import agencies, assignments, documents
    from store.assignments import AssignmentInput, DeadlineInput
    from store.db import Database
    from store.documents import DocumentInput, LinkInput

    db = Database(path, actor="tester")
    try:
        agencies.add(db, "Thi hành án dân sự tỉnh", short_name="THADS tỉnh", aliases=["Cục THADS"])
        agencies.add(db, "Sở Tư pháp", short_name="STP")
        directive = documents.add(
            db,
            DocumentInput(
                doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy Tây Ninh",
                subject="về tăng cường đôn đốc công tác thi hành án dân sự",
                issued=date(2021, 8, 25),
            ),
        )
        letter = documents.add(
            db,
            DocumentInput(
                doc_type="CV", number="353/LĐLĐ", issuer="Liên đoàn Lao động huyện Dương Minh Châu",
                subject="V/v quán triệt Chỉ thị 09-CT/TU", issued=date(2021, 9, 13),
                links=[
                    LinkInput("implements", ref_number="09-CT/TU", ref_date=date(2021, 8, 25),
                              ref_issuer="Ban Thường vụ Tỉnh ủy Tây Ninh"),
                    LinkInput("cites", ref_number="05/CT-TTg", reference="Chỉ thị số 05/CT-TTg"),
                ],
            ),
        )
        ids = {"directive": directive, "letter": letter}
        ids["overdue"] = assignments.add(
            db,
            AssignmentInput(document_id=directive, ref="1", title="Tổ chức phổ biến Chỉ thị",
                            lead=["THADS tỉnh"], support=["Sở Tư pháp"],
                            deadlines=[DeadlineInput(due=date(2026, 10, 31))]),
        )
        ids["soon"] = assignments.add(
            db,
            AssignmentInput(document_id=directive, ref="2", title="Báo cáo sơ kết",
                            lead=["Sở Tư pháp"], deadlines=[DeadlineInput(due=date(2026, 11, 26))]),
        )
        ids["later"] = assignments.add(
            db,
            AssignmentInput(document_id=letter, ref="3", title="Kiểm tra, giám sát",
                            lead=["Sở Tư pháp"], deadlines=[DeadlineInput(due=date(2027, 3, 15))]),
        )
        if nasty:
            for i, text in enumerate(NASTY):
                doc = documents.add(
                    db, DocumentInput(doc_type="CV", number=f"{i + 1}/NASTY", issuer=text,
                                      subject=text, issued=date(2026, 1, i + 1)),
                )
                assignments.add(
                    db, AssignmentInput(document_id=doc, ref=text[:5], title=text, body=text,
                                        lead=["Sở Tư pháp"],
                                        deadlines=[DeadlineInput(due=date(2026, 11, 1 + i))]),
                )
                assignments.add_note(db, ids["overdue"], text)
        return ids
    finally:
        db.dispose()


@pytest.fixture
def small_db(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "small.db"
    return path, build_small_db(path)


@pytest.fixture
def nasty_db(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "nasty.db"
    return path, build_small_db(path, nasty=True)


@pytest.fixture
def open_db() -> Iterator[Any]:
    """Open a database file with the store (to check what the app saved)."""
    from store.db import Database

    opened: list[Any] = []

    def _open(path: Path) -> Any:
        db = Database(path, actor="tester")
        opened.append(db)
        return db

    yield _open
    for db in opened:
        db.dispose()
