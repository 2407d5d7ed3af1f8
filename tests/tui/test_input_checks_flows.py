"""Pilot tests: a wrong completion date, document date or duplicate agency is refused on screen,
with the store's message, and nothing is written; a received date before the issue date is
saved with a warning."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.widgets import Input

from tests.tui.conftest import TODAY, screen_text, settle, started, table_of
from tests.tui.test_flows import set_field, type_text


@pytest.fixture(autouse=True)
def _store_today() -> None:
    """The store's today is the app's, as `dondoc --today` makes them (reset by tests/conftest)."""
    from store import clock

    clock.set_today(TODAY)


def notices(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


def dialog_message(dialog: Any, error_id: str = "dialog-error") -> str:
    """The message a dialog shows under its field (or under all its fields)."""
    from textual.widgets import Static

    widget = dialog.query_one(f"#{error_id}", Static)
    return str(widget.content) if widget.display else ""


@pytest.mark.parametrize("typed,said", [
    ("31/12/2030", "Ngày hoàn thành 31/12/2030 sau hôm nay (23/11/2026)"),
    ("01/01/2000", "trước ngày ban hành văn bản (25/08/2021)"),
])
async def test_mark_done_on_an_impossible_date_refused(small_db: Any, open_db: Any, typed: str, said: str) -> None:
    """After today, or before the document was issued: said in the dialog, which stays open
    with the date as typed (the field focused); nothing written. The date put right, the
    same dialog saves and closes."""
    from screens.dialogs import InputDialog
    from store import assignments

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, InputDialog)
        await pilot.press("ctrl+u")
        await type_text(pilot, typed)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog  # not closed before the store answered
        assert said in dialog_message(dialog)
        field = dialog.query_one("#dialog-input", Input)
        assert field.value == typed and app.focused is field
        assert not notices(app) and app.last_error is None
        assert "✓" not in screen_text(app)
        assert assignments.get(open_db(path), ids["overdue"], on=TODAY).row.done_on is None
        await pilot.press("ctrl+u")
        await type_text(pilot, "20/11/2026")
        assert dialog_message(dialog) == ""  # the message went with what it was about
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, InputDialog)
        assert "Đã ghi nhận hoàn thành nhiệm vụ mã" in notices(app)[-1]
    detail = assignments.get(open_db(path), ids["overdue"], on=TODAY)
    assert detail.row.work_status == "done" and detail.row.done_on == date(2026, 11, 20)


async def test_mark_done_long_ago_refused_when_the_document_has_no_issue_date(
        small_db: Any, open_db: Any) -> None:
    """01/01/2000 on work of a document without an issue date (a plan, as the demo's) was
    recorded; now the day it was received is the limit, said in the dialog; nothing written."""
    from screens.assignment_detail import AssignmentDetailScreen
    from screens.dialogs import InputDialog
    from store import assignments, documents
    from store.assignments import AssignmentInput
    from store.documents import DocumentInput

    path, _ids = small_db
    db = open_db(path)
    plan = documents.add(db, DocumentInput(doc_type="KH", issuer="Ủy ban nhân dân tỉnh",
                                           subject="Kế hoạch thực hiện", incoming_date=date(2026, 3, 2)))
    aid = assignments.add(db, AssignmentInput(document_id=plan, title="Tổng hợp tình hình", lead=["Sở Tư pháp"]))
    async with started(path) as (app, pilot):
        app.push_screen(AssignmentDetailScreen(aid))
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, InputDialog)
        await pilot.press("ctrl+u")
        await type_text(pilot, "01/01/2000")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        said = dialog_message(dialog)
        assert "Ngày hoàn thành 01/01/2000 trước ngày nhận văn bản (02/03/2026)" in said
        assert dialog.query_one("#dialog-input", Input).value == "01/01/2000"
        assert "01/01/2000" in screen_text(app) and "02/03/2026" in screen_text(app)
    assert assignments.get(open_db(path), aid, on=TODAY).row.done_on is None


async def test_new_agency_equal_to_a_known_one_refused(small_db: Any, open_db: Any) -> None:
    """A duplicate name is said in the dialog, which keeps the name as typed; nothing is
    created. Another name then saves from the same dialog."""
    from screens.dialogs import InputDialog
    from store import agencies

    path, _ids = small_db
    async with started(path, "4") as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, InputDialog)
        await type_text(pilot, "sở tư  pháp")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "Đã có cơ quan «Sở Tư pháp»" in dialog_message(dialog)
        assert "Đã có cơ quan «Sở Tư pháp»" in screen_text(app).replace("\n", " ")
        field = dialog.query_one("#dialog-input", Input)
        assert field.value == "sở tư  pháp" and app.focused is field
        assert app.last_error is None  # a refusal, not a failed worker
        assert sorted(a.name for a in agencies.list_all(open_db(path))) == ["Sở Tư pháp", "Thi hành án dân sự tỉnh"]
        await type_text(pilot, " tỉnh")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, InputDialog)
        assert table_of(app).current_row.name == "sở tư  pháp tỉnh"  # the cursor on the new one
    assert len(agencies.list_all(open_db(path))) == 3


async def _new_document(app: Any, pilot: Any, issued: str, incoming: str) -> None:
    await pilot.press("n")
    await settle(app, pilot)
    await set_field(app, pilot, "input-doc_type", "CT")
    await set_field(app, pilot, "input-number", "10-CT/TU")
    await set_field(app, pilot, "input-issuer", "Tỉnh ủy Tây Ninh")
    await set_field(app, pilot, "input-issued", issued)
    await set_field(app, pilot, "input-subject", "Về công tác thi hành án")
    await set_field(app, pilot, "input-incoming_date", incoming)
    await pilot.click("#save")
    await settle(app, pilot)


async def test_document_issued_tomorrow_refused_at_its_field(small_db: Any, open_db: Any) -> None:
    from screens.forms import DocumentForm
    from store import documents

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await _new_document(app, pilot, "24/11/2026", "22/11/2026")
        assert isinstance(app.screen, DocumentForm)  # still open, as typed
        error = app.screen.query_one("#error-issued")
        assert error.display and "Ngày ban hành 24/11/2026 sau hôm nay (23/11/2026)" in str(error.render())
        assert app.screen.query_one("#input-subject", Input).value == "Về công tác thi hành án"
        await set_field(app, pilot, "input-issued", "20/11/2026")
        await set_field(app, pilot, "input-incoming_date", "24/11/2026")
        await pilot.click("#save")
        await settle(app, pilot)
        error = app.screen.query_one("#error-incoming_date")
        assert error.display and "Ngày đến 24/11/2026 sau hôm nay" in str(error.render())
    assert documents.count_documents(open_db(path)) == 2


async def test_document_received_before_issued_saved_with_a_warning(small_db: Any, open_db: Any) -> None:
    from screens.forms import DocumentForm
    from store import documents

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await _new_document(app, pilot, "25/08/2021", "01/08/2021")
        assert not isinstance(app.screen, DocumentForm)
        assert any("Ngày đến 01/08/2021 trước ngày ban hành 25/08/2021" in n for n in notices(app))
    db = open_db(path)
    [new] = [r for r in documents.list_documents(db) if r.number == "10-CT/TU"]
    assert documents.get(db, new.id).incoming_date == date(2021, 8, 1)
