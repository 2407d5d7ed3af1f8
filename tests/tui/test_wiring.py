"""Pilot tests for the wiring of store features into the views: intake, exports with
progress, the meeting pack, extensions, recurring reports acted on, the scoreboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, TextArea

from tests.tui.conftest import TODAY, screen_text, settle, started, table_of

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


# --- intake (issue 6) -----------------------------------------------------------------------


async def test_intake_from_documents_view_with_plain_letters(small_db: Any, open_db: Any) -> None:
    from screens.dialogs import ConfirmDialog
    from screens.documents import DocumentsScreen
    from screens.intake import AssignmentList, IntakeScreen
    from store import documents

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("i")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        # In the text box `r` is typing, not a command: the footer offers ctrl+r instead.
        footer = screen_text(app).splitlines()[-1]
        assert "^r Phân tích" in footer and footer.count("r Phân tích") == 1
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
    async with started(path) as (app, pilot):
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
    async with started(path, size=(80, 40)) as (app, pilot):
        names = [hit.text async for hit in ScreenCommands(app.screen).search("nhap tu van ban")]
        assert names and names[0] == "Nhập từ văn bản"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Nhập từ văn bản" in screen_text(app)


# --- exports (issue 5) --------------------------------------------------------------------------


def notices(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def test_export_count_grouped_by_thousands(small_db: Any, home: Path, monkeypatch: Any) -> None:
    """The toast counts rows as the catalogue writes numbers elsewhere: 64.596, not 64596."""
    from store import export

    real = export.write_documents

    def many(db: Any, query: Any, path: Any, **kw: Any) -> int:
        real(db, query, path, **kw)
        return 64596  # as many as a national register holds

    monkeypatch.setattr(export, "write_documents", many)
    path, _ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        out = home / "van-ban-20261123.csv"
        assert f"Đã xuất 64.596 dòng vào {out}" in notices(app)


async def test_export_streams_with_progress_dialog(small_db: Any, home: Path, monkeypatch: Any) -> None:
    import csv
    import time

    from screens import exporting
    from screens.dialogs import ProgressDialog
    from store import export

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
    async with started(path) as (app, pilot):
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
        out = home / "van-ban-20261123.csv"
        assert any(f"Đã xuất 2 dòng vào {out}" == m for m in notices(app))
    assert seen == [1, 2]
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][0] == "Số ký hiệu" and len(rows) == 3


async def test_export_cancelled_leaves_no_file(small_db: Any, home: Path, monkeypatch: Any) -> None:
    import time

    from screens import exporting
    from screens.dialogs import ProgressDialog
    from store import export
    from store.csvio import atomic_csv

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
    async with started(path, "2") as (app, pilot):
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
    assert list(home.iterdir()) == []


async def test_meeting_pack_from_assignments(small_db: Any, home: Path) -> None:
    from screens.dialogs import ConfirmDialog, FieldsDialog
    from store.export import MEETING_FILES

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        values = dialog.values()
        assert values == {"since": "16/11/2026", "as_of": "23/11/2026", "days": "7", "agency": "",
                          "folder": str(home / "giao-ban-20261123"), "delimiter": ","}
        folder = home / "giao-ban"
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


# --- deadlines: extensions and recurring reports (issue 4) --------------------------------------


def add_reports(path: Path, document_id: int) -> int:
    """A quarterly and a six-monthly report on one assignment (their dates coincide twice a year)."""
    from store import assignments
    from store.assignments import AssignmentInput, DeadlineInput
    from store.db import Database

    db = Database(path, actor="tester")
    try:
        return int(assignments.add(db, AssignmentInput(
            document_id=document_id, ref="4", title="Báo cáo định kỳ", lead=["Sở Tư pháp"],
            deadlines=[DeadlineInput(phrase="Định kỳ hằng quý"), DeadlineInput(phrase="định kỳ 6 tháng")],
        )))
    finally:
        db.dispose()


async def put_cursor_on(app: Any, pilot: Any, match: Any) -> Any:
    from screens.deadlines import Entry

    table = table_of(app)
    for i, row in enumerate(table.rows_held):
        if isinstance(row, Entry) and match(row.item):
            table.move_cursor(row=i)
            await pilot.pause()
            return row.item
    raise AssertionError("no such agenda item")


async def test_report_and_waive_recurring_occurrences(small_db: Any, open_db: Any) -> None:
    from screens.dialogs import FieldsDialog
    from store import assignments

    path, ids = small_db
    report = add_reports(path, ids["directive"])
    async with started(path, "3") as (app, pilot):
        item = await put_cursor_on(app, pilot, lambda i: i.assignment_id == report)
        assert item.period == "Quý IV/2026 và 6 tháng cuối năm 2026" and len(item.parts) == 2
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        assert "Ghi nhận đã báo cáo: Quý IV/2026" in screen_text(app)
        await pilot.press("enter")  # the note is optional
        await settle(app, pilot)
        # Both parts acted on: the merged item is gone, the next quarter comes first.
        items = [r.item for r in table_of(app).rows_held if hasattr(r, "item")]
        mine = [i for i in items if i.assignment_id == report]
        assert mine[0].period == "Quý I/2027"
        assert assignments.get(open_db(path), report).row.next_due.isoformat() == "2027-03-15"
        # Waiving needs a reason.
        await put_cursor_on(app, pilot, lambda i: i.assignment_id == report)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog) and "Bắt buộc nhập." in screen_text(app)
        app.screen.query_one("#field-note", Input).value = "Cấp trên không yêu cầu"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.last_error is None
    detail = assignments.get(open_db(path), report)
    assert detail.row.next_due.isoformat() == "2027-06-15"
    acted = [e.action for e in detail.history]
    assert acted.count("reported") == 2 and acted.count("waived") == 1


async def test_reported_on_a_one_off_offers_done(small_db: Any, open_db: Any) -> None:
    from screens.dialogs import ConfirmDialog, InputDialog
    from store import assignments

    path, ids = small_db
    async with started(path, "3") as (app, pilot):
        await put_cursor_on(app, pilot, lambda i: i.assignment_id == ids["soon"])
        await pilot.press("w")
        await pilot.pause()
        assert "Miễn kỳ chỉ áp dụng cho báo cáo định kỳ" in notices(app)[-1]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        await pilot.press("enter")
        await settle(app, pilot)
    row = assignments.get(open_db(path), ids["soon"]).row
    assert row.work_status == "done" and row.done_on == TODAY


async def test_extend_deadline_from_assignment_detail(small_db: Any, open_db: Any) -> None:
    from screens.assignment_detail import AssignmentDetailScreen
    from screens.dialogs import FieldsDialog
    from store import assignments

    path, ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("2", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.assignment_id == ids["overdue"]
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        assert "hạn gốc 31/10/2026, đang áp dụng 31/10/2026" in screen_text(app)
        dialog.query_one("#field-new_due", Input).value = "1/10/2026"
        dialog.query_one("#field-document", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Hạn mới phải sau hạn đang áp dụng (31/10/2026)." in text and "Bắt buộc nhập." in text
        dialog.query_one("#field-new_due", Input).value = "15/12/2026"
        dialog.query_one("#field-reason", Input).value = "Chờ ý kiến Sở Tư pháp"
        dialog.query_one("#field-document", Input).value = "[b]CV 12/STP[/b]"
        dialog.query_one("#field-document", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.overdue_count == 0
        assert app.screen.detail.row.next_due.isoformat() == "2026-12-15"  # reloaded
    detail = assignments.get(open_db(path), ids["overdue"], on=TODAY)
    assert detail.row.next_due.isoformat() == "2026-12-15"
    ext = detail.deadlines[0].extensions[-1]
    assert (ext.reason, ext.document_ref) == ("Chờ ý kiến Sở Tư pháp", "[b]CV 12/STP[/b]")
    assert detail.deadlines[0].due.isoformat() == "2026-10-31"  # the original is kept


async def test_extend_picks_among_several_one_off_deadlines(small_db: Any, open_db: Any) -> None:
    from screens.assignment_detail import AssignmentDetailScreen
    from screens.dialogs import FieldsDialog
    from store import assignments
    from store.assignments import AssignmentInput, DeadlineInput
    from store.db import Database

    path, ids = small_db
    db = Database(path, actor="tester")
    two = assignments.add(db, AssignmentInput(
        document_id=ids["directive"], ref="5", title="Hai mốc", lead=["Sở Tư pháp"],
        deadlines=[DeadlineInput(due=TODAY.replace(month=12, day=1)), DeadlineInput(due=TODAY.replace(month=12, day=20)),
                   DeadlineInput(phrase="Định kỳ hằng quý")],
    ))
    db.dispose()
    async with started(path) as (app, pilot):
        app.push_screen(AssignmentDetailScreen(two))
        await settle(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        from textual.widgets import Select

        select = dialog.query_one("#field-deadline", Select)
        assert len(select._options) == 2  # the quarterly report is not offered
        second = select._options[1][1]
        select.value = second
        dialog.query_one("#field-new_due", Input).value = "10/01/2027"
        dialog.query_one("#field-reason", Input).value = "Nghỉ Tết"
        dialog.query_one("#field-document", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.last_error is None
    detail = assignments.get(open_db(path), two)
    extended = [d for d in detail.deadlines if d.extensions]
    assert [(d.due.isoformat(), d.due_in_force.isoformat()) for d in extended] == [("2026-12-20", "2027-01-10")]


# --- the scoreboard (issue 4) ------------------------------------------------------------------


def add_agencies_with_work(path: Path, document_id: int) -> None:
    from store import agencies, assignments
    from store.assignments import AssignmentInput, DeadlineInput
    from store.db import Database

    db = Database(path, actor="tester")
    try:
        for name in ("Ủy ban nhân dân", "Đoàn kiểm tra", "Ban [b]Nội chính[/b]"):
            agencies.add(db, name)
            assignments.add(db, AssignmentInput(
                document_id=document_id, title=f"Việc của {name}", lead=[name],
                deadlines=[DeadlineInput(due=TODAY.replace(month=12, day=10))],
            ))
        done = assignments.add(db, AssignmentInput(
            document_id=document_id, title="Đã xong sớm", lead=["Đoàn kiểm tra"],
            deadlines=[DeadlineInput(due=TODAY.replace(month=12, day=1))],
        ))
        assignments.set_status(db, done, "done", done_on=TODAY.replace(month=11, day=20))
    finally:
        db.dispose()


async def test_scoreboard_view(small_db: Any, home: Path) -> None:
    import csv

    from screens.assignments import AssignmentsScreen
    from screens.dialogs import FieldsDialog
    from screens.scoreboard import ScoreboardScreen

    path, ids = small_db
    add_agencies_with_work(path, ids["letter"])
    async with started(path, "5") as (app, pilot):
        assert isinstance(app.screen, ScoreboardScreen)
        rows = table_of(app).rows_held
        # Vietnamese alphabetical order (Đ after D, Ủ after T), the total last.
        assert [r.agency for r in rows] == [
            "Ban [b]Nội chính[/b]", "Đoàn kiểm tra", "Sở Tư pháp", "Thi hành án dân sự tỉnh",
            "Ủy ban nhân dân", "",
        ]
        team = rows[1]
        assert (team.total, team.done_on_time, team.done_late, team.overdue) == (2, 1, 0, 0)
        text = screen_text(app)
        assert "5 Kết quả" in text.splitlines()[0]
        assert "Kỳ 01/01/2026 – 31/12/2026" in text
        assert "Ban [b]Nội chính[/b]" in text  # literal, never markup
        assert "Thi hành án dân sự tỉnh     1      0         0        1        0,0%" in text
        assert "Đoàn kiểm tra               2      1         0        0        100,0%" in text
        assert "Tổng cộng" in text and "5 cơ quan" in text
        # Another period, with an impossible date refused inline first.
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        dialog.query_one("#field-from", Input).value = "30/02/2027"
        dialog.query_one("#field-to", Input).value = "31/12/2027"
        dialog.query_one("#field-agency", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert "Ngày không tồn tại: «30/02/2027»" in screen_text(app)
        dialog.query_one("#field-from", Input).value = "1/1/2027"
        dialog.query_one("#field-agency", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        rows = table_of(app).rows_held
        assert [(r.agency, r.total) for r in rows] == [("Sở Tư pháp", 1), ("", 1)]
        assert "Kỳ 01/01/2027 – 31/12/2027" in screen_text(app)
        # Export what is shown.
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        data = list(csv.reader((home / "ket-qua-20261123.csv").read_text(encoding="utf-8-sig").splitlines()))
        assert data[1][:2] == ["Sở Tư pháp", "1"] and data[-1][0].startswith("Tổng cộng")
        # Escape: back to this year. Enter: the agency's assignments as lead.
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(table_of(app).rows_held) == 6
        await pilot.press("j", "j", "j", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentsScreen)
        assert app.screen.filters == {"agency": "Thi hành án dân sự tỉnh", "role": "lead"}
        assert [r.id for r in table_of(app).rows_held] == [ids["overdue"]]
        assert app.last_error is None


async def test_scoreboard_keys_in_help_and_palette(small_db: Any) -> None:
    from screens.commands import ScreenCommands
    from screens.help import HelpScreen

    path, _ids = small_db
    async with started(path, "5", size=(80, 40)) as (app, pilot):
        names = [hit.text async for hit in ScreenCommands(app.screen).discover()]
        assert "Thêm mới" not in names and "Sửa" not in names
        assert {"Lọc", "Xuất CSV", "Kết quả"} <= set(names)
        await pilot.press("n", "e")  # not offered here: nothing happens
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Kết quả" in text and "Thêm mới" not in text


async def test_agency_opens_its_assignments_when_that_view_was_never_shown(small_db: Any) -> None:
    from screens.assignments import AssignmentsScreen

    path, ids = small_db
    async with started(path, "4") as (app, pilot):
        await pilot.press("j", "enter")  # Thi hành án dân sự tỉnh (after Sở Tư pháp)
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentsScreen)
        assert app.screen.filters == {"agency": "Thi hành án dân sự tỉnh"}
        assert {r.id for r in table_of(app).rows_held} == {ids["overdue"]}
        assert app.last_error is None


# --- palette and help (generated from the bindings) ---------------------------------------------


async def test_new_actions_in_palette_and_help(small_db: Any) -> None:
    from screens.commands import ScreenCommands
    from screens.help import HelpScreen
    from screens.intake import IntakeScreen

    async def first_hit(query: str) -> str:
        hits = [hit.text async for hit in ScreenCommands(app.screen).search(query)]
        return hits[0] if hits else ""

    path, _ids = small_db
    async with started(path, "3", size=(80, 50)) as (app, pilot):
        assert await first_hit("da bao cao") == "Đã báo cáo"
        assert await first_hit("mien ky") == "Miễn kỳ này"
        assert await first_hit("ho so giao ban") == "Xuất hồ sơ giao ban"
        assert await first_hit("ket qua") == "Kết quả"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for line in ("r           Đã báo cáo", "w           Miễn kỳ này", "m           Xuất hồ sơ giao ban",
                     "5           Kết quả"):
            assert line in text, line
        await pilot.press("escape")
        await pilot.press("2", "enter")
        await settle(app, pilot)
        assert await first_hit("gia han") == "Gia hạn"
        await pilot.press("question_mark")
        await pilot.pause()
        assert "l           Gia hạn" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("1")
        await settle(app, pilot)
        await pilot.press("1", "i")
        await settle(app, pilot)
        assert isinstance(app.screen, IntakeScreen)
        app.screen.query_one("#parse").focus()
        await pilot.pause()
        assert await first_hit("chuyen khung") == "Chuyển khung"
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "r, f5" in text and "p, f6" in text
