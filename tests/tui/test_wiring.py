"""Pilot tests for the wiring of store features into the views: intake, exports with
progress, the meeting pack, extensions, recurring reports acted on, the scoreboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, TextArea

from tests.tui.conftest import TODAY, screen_text, settle

SIZE = (80, 24)

PLAN_TEXT = """UBND TỈNH ĐỒNG THÁP
Số: 123/KH-UBND
Đồng Tháp, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện công tác thi hành án dân sự năm 2026

1. Sở Tư pháp chủ trì tổ chức tập huấn nghiệp vụ, hoàn thành trước ngày 30/6/2026.

2. Thi hành án dân sự tỉnh báo cáo kết quả định kỳ hằng quý.

Nơi nhận:
- Sở Tư pháp;
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def make(path: Path, **kwargs: Any) -> Any:
    from tui.app import make_app

    return make_app(str(path), today=TODAY, **kwargs)


def table_of(app: Any) -> Any:
    from tui.widgets.paged_table import PagedTable

    return app.screen.query_one("#table", PagedTable)


# --- intake (issue 6) -----------------------------------------------------------------------


async def test_intake_from_documents_view_with_plain_letters(small_db: Any, open_db: Any) -> None:
    from screens.dialogs import ConfirmDialog
    from screens.documents import DocumentsScreen
    from screens.intake import AssignmentList, IntakeScreen
    from store import documents

    path, _ids = small_db
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        # In the text box `r` is typing, not a command (and the footer does not offer it).
        assert "r Phân tích" not in screen_text(app).splitlines()[-1]
        source = screen.query_one("#source", TextArea)
        source.load_text(PLAN_TEXT)
        await pilot.press("r")
        await pilot.pause()
        assert screen.result is None and source.text != PLAN_TEXT
        source.load_text(PLAN_TEXT)
        screen.query_one("#parse").focus()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "r Phân tích" in footer and "p Chuyển khung" in footer
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.result is not None and len(screen.result.documents[0].assignments) == 2
        # 80 columns: the panes are tabs; `p` (outside a text box) switches them.
        screen.query_one("#assignments", AssignmentList).focus()
        await pilot.press("p")
        await pilot.pause()
        assert screen.query_one("#source-pane").display and not screen.query_one("#fields-pane").display
        await pilot.press("p")
        await pilot.pause()
        assert screen.query_one("#fields-pane").display
        # `r` again after a reading asks before throwing the proposal away.
        screen.query_one("#assignments", AssignmentList).focus()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentsScreen)
        new_id = screen.saved_ids[0]
        assert table_of(app).current_key == str(new_id)
        assert "123/KH-UBND" in screen_text(app)
        assert app.last_error is None
    saved = documents.get(open_db(path), new_id)
    assert saved.number == "123/KH-UBND"


async def test_intake_new_document_outside_the_list_is_opened(small_db: Any) -> None:
    from screens.document_detail import DocumentDetailScreen
    from screens.intake import IntakeScreen

    path, _ids = small_db
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        screen.filters = {"doc_type": "CT"}  # a plan (KH) will not be listed
        screen.reload()
        await settle(app, pilot)
        intake = IntakeScreen(None, PLAN_TEXT)
        app.push_screen(intake, screen._intake_done)
        await settle(app, pilot)
        intake.query_one("#assignments").focus()
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentDetailScreen)
        assert app.screen.doc_id == intake.saved_ids[0]


async def test_intake_in_palette_and_help(small_db: Any) -> None:
    from screens.commands import ScreenCommands
    from screens.help import HelpScreen

    path, _ids = small_db
    app = make(path)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(app, pilot)
        names = [hit.text async for hit in ScreenCommands(app.screen).search("nhap tu van ban")]
        assert names and names[0] == "Nhập từ văn bản"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Nhập từ văn bản" in screen_text(app)


# --- exports (issue 5) --------------------------------------------------------------------------


def notices(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def test_export_streams_with_progress_dialog(small_db: Any, tmp_path: Path,
                                                   monkeypatch: Any) -> None:
    import csv
    import time

    from screens import exporting
    from screens.exporting import ProgressDialog
    from store import export

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(exporting, "SHOW_PROGRESS_AFTER", 0.01)
    real = export.write_documents
    seen: list[int] = []

    def slow(db: Any, query: Any, path: Any, *, progress: Any = None, **kw: Any) -> int:
        def report(n: int) -> None:
            seen.append(n)
            time.sleep(0.2)
            progress(n)

        return real(db, query, path, progress=report, page=1, **kw)

    monkeypatch.setattr(export, "write_documents", slow)
    path, _ids = small_db
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, ProgressDialog):
                break
        assert isinstance(app.screen, ProgressDialog)
        assert "Đang ghi" not in screen_text(app)
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressDialog)
        assert app.last_error is None
        out = tmp_path / "van-ban-20261123.csv"
        assert any(f"Đã xuất 2 dòng vào {out}" == m for m in notices(app))
    assert seen == [1, 2]
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "Số ký hiệu" and len(rows) == 3


async def test_export_cancelled_leaves_no_file(small_db: Any, tmp_path: Path, monkeypatch: Any) -> None:
    import time

    from screens import exporting
    from screens.exporting import ProgressDialog
    from store import export
    from store.csvio import atomic_csv

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(exporting, "SHOW_PROGRESS_AFTER", 0.01)

    def endless(db: Any, query: Any, path: Any, *, progress: Any = None, **kw: Any) -> int:
        with atomic_csv(path) as w:
            for i in range(500):
                w.writerow([i])
                progress(i + 1)
                time.sleep(0.02)
        return 500

    monkeypatch.setattr(export, "write_assignments", endless)
    path, _ids = small_db
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, ProgressDialog):
                break
        assert isinstance(app.screen, ProgressDialog)
        await pilot.pause(0.2)
        assert "dòng…" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ProgressDialog)
        assert "Đã hủy xuất; không ghi tệp nào." in notices(app)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("small.db")] == []


async def test_meeting_pack_from_assignments(small_db: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from screens.dialogs import ConfirmDialog, FieldsDialog
    from store.export import MEETING_FILES

    monkeypatch.chdir(tmp_path)
    path, _ids = small_db
    app = make(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        values = dialog.values()
        assert values == {"since": "16/11/2026", "as_of": "23/11/2026", "days": "7", "agency": "",
                          "folder": str(tmp_path)}
        folder = tmp_path / "giao-ban"
        dialog.query_one("#field-since", Input).value = "31/02/2026"
        dialog.query_one("#field-days", Input).value = "bảy"
        dialog.query_one("#field-folder", Input).value = str(folder)
        dialog.query_one("#ok").focus()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Ngày không tồn tại: «31/02/2026»" in text and "Nhập số ngày từ 1 đến 366." in text
        assert app.screen is dialog and not folder.exists()
        dialog.query_one("#field-since", Input).value = "24/11/2026"
        dialog.query_one("#field-days", Input).value = "30"
        dialog.query_one("#field-folder", Input).focus()  # Enter in the last field submits
        await pilot.press("enter")
        await pilot.pause()
        assert "Ngày bắt đầu phải trước" in screen_text(app)
        dialog.query_one("#field-since", Input).value = "1/1/2021"
        dialog.query_one("#field-folder", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.last_error is None
        assert sorted(p.name for p in folder.iterdir()) == sorted(MEETING_FILES.values())
        assert any(m.startswith(f"Đã xuất hồ sơ giao ban vào {folder}") for m in notices(app))
        # Again into the same folder: asks before overwriting.
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
    overdue = (folder / MEETING_FILES["overdue"]).read_text(encoding="utf-8-sig")
    assert "Tổ chức phổ biến Chỉ thị" in overdue  # the overdue assignment, under its lead agency
    due = (folder / MEETING_FILES["due"]).read_text(encoding="utf-8-sig")
    assert "Báo cáo sơ kết" in due and "Kiểm tra, giám sát" not in due
