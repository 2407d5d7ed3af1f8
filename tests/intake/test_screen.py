"""The intake screen, driven with Textual's pilot on the real app (`make_app`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, TextArea

from screens.dialogs import ConfirmDialog
from screens.intake import AssignmentList, IntakeScreen
from tests.tui.conftest import NASTY, screen_text, settle
from tui.app import make_app

TODAY = date(2026, 11, 23)
SEED_000 = "000_450dd1b3bcf8b1df"
SEED_003 = "003_c32493f7751f6de0"


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    from store import agencies
    from store.db import Database

    path = tmp_path / "intake.db"
    db = Database(path, actor="tester")
    agencies.add(db, "Sở Tư pháp", short_name="STP")
    db.dispose()
    return path


def stored(path: Path) -> dict[str, Any]:
    from store import assignments, documents
    from store.assignments import AssignmentQuery
    from store.db import Database

    db = Database(path, actor="tester")
    try:
        docs = documents.list_documents(db)
        details = [documents.get(db, d.id) for d in docs]
        rows = assignments.list_assignments(db, AssignmentQuery(), limit=500)
        return {"documents": details, "assignments": rows}
    finally:
        db.dispose()


async def open_intake(app: Any, pilot: Any, text: str | None = None) -> IntakeScreen:
    await settle(app, pilot)
    screen = IntakeScreen(None, text)
    app.push_screen(screen)
    await settle(app, pilot)
    return screen


async def test_paste_edit_remove_confirm_saves_one_transaction(empty_db: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        assert isinstance(app.focused, TextArea)
        app.post_message(events.Paste(seed_texts[SEED_003]))  # as a terminal delivers a paste
        await pilot.pause()
        await pilot.press("f5")
        await settle(app, pilot)
        assert screen.result is not None and len(screen.result.documents) == 1
        parsed = len(screen.result.documents[0].assignments)
        assert parsed > 3
        text = screen_text(app)
        assert "Văn bản 1/1: Kế hoạch" in text and "Nhiệm vụ (" in text

        # Edit a field: the subject.
        subject = screen.query_one("#doc0-subject", Input)
        subject.focus()
        subject.value = ""
        await pilot.press(*"Ke hoach thu nghiem")
        await pilot.pause()
        assert screen.result.documents[0].subject == "Ke hoach thu nghiem"

        # Remove the second assignment from the list.
        lst = screen.query_one("#assignments", AssignmentList)
        lst.focus()
        await pilot.press("down")
        removed = screen.result.documents[0].assignments[1].body
        await pilot.press("x")
        await pilot.pause()
        assert len(screen.result.documents[0].assignments) == parsed - 1
        assert all(a.body != removed for a in screen.result.documents[0].assignments)

        # Nothing is saved before the confirmation.
        assert stored(empty_db)["documents"] == []
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Sẽ tạo 1 văn bản" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, IntakeScreen)
        assert screen.saved_ids and len(screen.saved_ids) == 1
    data = stored(empty_db)
    (doc,) = data["documents"]
    assert doc.subject == "Ke hoach thu nghiem" and doc.doc_type == "KH" and doc.source == "intake"
    assert len(doc.assignments) == parsed - 1
    assert any(link.relation == "implements" and link.other_label == "06-CT/TU" for link in doc.links)


async def test_escape_with_changes_asks_and_n_keeps_editing(empty_db: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        app.post_message(events.Paste("Công văn số 1/ABC ngày 01/01/2025"))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not screen
    assert stored(empty_db)["documents"] == []


async def test_escape_without_changes_leaves_at_once(empty_db: Path) -> None:
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_narrow_terminal_uses_tabs_and_marks_unsure_with_words(empty_db: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(app, pilot, seed_texts[SEED_000])
        assert screen.result is not None and len(screen.result.documents) == 2
        assert screen.has_class("-narrow")
        source = screen.query_one("#source-pane")
        fields = screen.query_one("#fields-pane")
        assert fields.display and not source.display
        # The directive's issuer and incoming stamp are guesses: marked with words.
        marks = [w.id for w in screen.query(".unsure") if "chưa chắc" in str(w.render())]
        assert "mark-doc1-incoming_date" in marks
        await pilot.press("f6")
        await pilot.pause()
        assert source.display and not fields.display
        assert "Văn bản gốc" in screen_text(app)
        # Editing an unsure field clears its mark.
        await pilot.press("f6")
        await pilot.pause()
        date_input = screen.query_one("#doc1-incoming_date", Input)
        date_input.value = "01/09/2021"
        await pilot.pause()
        assert "chưa chắc" not in str(screen.query_one("#mark-doc1-incoming_date").render())


async def test_merge_and_split_from_the_list(empty_db: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot, seed_texts[SEED_003])
        items = screen.result.documents[0].assignments
        n = len(items)
        first, second = items[0].body, items[1].body
        screen.query_one("#assignments", AssignmentList).focus()
        await pilot.press("m")
        await pilot.pause()
        assert len(items) == n - 1 and first in items[0].body and second in items[0].body
        await pilot.press("t")  # cursor of the body box at its start: two halves by paragraph
        await pilot.pause()
        assert len(items) == n
        # Split at the cursor in the body box.
        body = screen.query_one("#a-body", TextArea)
        body.focus()
        body.move_cursor(body.document.get_location_from_index(5))
        await pilot.pause()
        screen.query_one("#assignments", AssignmentList).focus()
        await pilot.press("t")
        await pilot.pause()
        assert len(items) == n + 1 and len(items[0].body) <= 5


async def test_user_text_is_never_markup(empty_db: Path) -> None:
    text = "\n".join([
        "ỦY BAN NHÂN DÂN TỈNH THỬ", "Số: 12/KH-UBND", "Thử, ngày 02 tháng 3 năm 2026", "KẾ HOẠCH",
        NASTY[0] + " " + NASTY[4], "1. Sở Tư pháp chủ trì " + NASTY[1] + " trước ngày 15/12/2026.",
        "2. Sở Tư pháp phối hợp " + NASTY[2] + " hằng quý.", "CHỦ TỊCH", "Nguyễn Văn A",
    ])
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot, text)
        assert screen.result is not None
        shown = screen_text(app)
        assert "[TODO]" in shown or "[TODO]" in screen.query_one("#doc0-subject", Input).value
        assert app.last_error is None
        assert app.screen is screen  # [@click=app.quit] did nothing


async def test_load_a_file_by_path(empty_db: Path, tmp_path: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kh.md"
    path.write_text(seed_texts[SEED_003], encoding="utf-8")
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        field = screen.query_one("#path", Input)
        field.focus()
        field.value = str(path)
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.result is not None and screen.result.documents[0].type_code == "KH"


async def test_a_path_typed_in_the_paste_box_reads_the_file(empty_db: Path, tmp_path: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    """The focus starts in the paste box, and the line above it says "a path, then Enter": a
    path typed there and Enter (or ctrl+r) reads the file; a missing file says so."""
    path = tmp_path / "kế hoạch.md"
    path.write_text(seed_texts[SEED_003], encoding="utf-8")
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        assert isinstance(app.focused, TextArea)
        await pilot.press(*str(path), "enter")
        await settle(app, pilot)
        assert screen.result is not None and screen.result.documents[0].type_code == "KH"
        assert "\n" in screen.query_one("#source", TextArea).text  # the file's text, not the path
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        screen.query_one("#source", TextArea).load_text(f"  {path}  ")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert screen.result is not None and screen.result.documents[0].type_code == "KH"
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        missing = tmp_path / "không có.txt"
        await pilot.press(*str(missing), "enter")
        await settle(app, pilot)
        assert screen.result is None
        assert screen.query_one("#source", TextArea).text == str(missing)  # kept, to be mended
        assert any(str(missing) in str(n.message) for n in app._notifications)
    assert stored(empty_db)["documents"] == []


async def test_plain_letter_s_saves_outside_text_boxes_after_confirmation(empty_db: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot, seed_texts[SEED_003])
        screen.query_one("#assignments", AssignmentList).focus()
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # review again: nothing written
        await settle(app, pilot)
        assert app.screen is screen
        assert stored(empty_db)["documents"] == []
        # In a text box `s` is just a letter.
        number = screen.query_one("#doc0-number", Input)
        number.focus()
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is screen and number.value.endswith("s")


async def test_focusing_a_field_selects_its_source(empty_db: Path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot, seed_texts[SEED_000])
        screen.query_one("#doc0-number", Input).focus()
        await pilot.pause()
        source = screen.query_one("#source", TextArea)
        assert "353" in source.selected_text


async def test_ctrl_r_reads_from_the_paste_box_and_an_impossible_date_is_marked(empty_db: Path) -> None:
    from tests.intake.samples import CHI_THI_NO_BLANK_LINES

    app = make_app(str(empty_db), today=TODAY, lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_intake(app, pilot)
        assert isinstance(app.focused, TextArea)
        app.post_message(events.Paste(CHI_THI_NO_BLANK_LINES.replace("15/12/2027", "31/02/2027")))
        await pilot.pause()
        # No function key: ctrl+r from inside the text box (a letter would be typed there).
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert screen.result is not None
        (doc,) = screen.result.documents
        assert len(doc.assignments) == 4
        assert "Nhiệm vụ (4)" in screen_text(app)
        # The first assignment is shown: its deadline carries the "(?) chưa chắc" mark.
        assert screen.query_one("#a-deadlines", Input).value == "trước ngày 31/02/2027"
        mark = screen.query_one("#mark-a-deadlines")
        assert "chưa chắc" in str(mark.render())
