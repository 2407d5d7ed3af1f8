"""Several clerks on one file (issue #7): other sessions' changes, conflicts, drafts, a busy
database, roles, a dropped connection. Each test drives the app with a pilot and checks what
was (or was not) written with a second `Database` on the same file."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.tui.conftest import SIZE, TODAY, make, screen_text, settle, started, table_of, wait_for


@pytest.fixture
def fast_poll(monkeypatch: pytest.MonkeyPatch) -> float:
    """Look for other sessions' commits every 0.1 s instead of 2 s."""
    import tui.app

    monkeypatch.setattr(tui.app, "POLL_INTERVAL", 0.1)
    return 0.1


def rename_document(db: Any, doc_id: int, subject: str) -> None:
    """Another clerk edits a document's subject (a whole, committed unit)."""
    from store import documents

    current = documents.get(db, doc_id)
    data = documents.as_input(current)
    data.subject = subject
    documents.update(db, doc_id, data, expected_version=current.version)


# --- 1. other sessions' changes show up ---------------------------------------------------------


async def test_list_follows_another_session_keeping_the_cursor(
    small_db: Any, open_db: Any, fast_poll: float
) -> None:
    from store import documents
    from store.documents import DocumentInput

    path, ids = small_db
    other = open_db(path)  # a second session on the same file
    async with started(path) as (app, pilot):
        table = table_of(app)
        await pilot.press("j")  # the directive (second row)
        await settle(app, pilot)
        assert table.current_key == str(ids["directive"])
        cursor_before = table.cursor_row
        # Nothing committed: polling never reloads the list.
        reloads: list[Any] = []
        original = table.refresh_window
        table.refresh_window = lambda **kw: (reloads.append(kw), original(**kw))  # type: ignore[method-assign]
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert reloads == []
        # Another clerk renames the directive and registers a newer document (it sorts first).
        rename_document(other, ids["directive"], "Chỉ thị đã sửa ở phiên khác")
        new_id = documents.add(other, DocumentInput(
            doc_type="CV", number="77/UBND", issuer="UBND tỉnh", subject="Văn bản mới của đồng nghiệp",
            issued=date(2026, 11, 20)))
        await wait_for(app, pilot, lambda: "77/UBND" in screen_text(app))
        assert "Chỉ thị đã sửa ở" in screen_text(app)
        assert {r.subject for r in table.rows_held} >= {"Chỉ thị đã sửa ở phiên khác"}
        assert len(reloads) >= 1
        # The cursor stayed on the same record, which moved down one row.
        assert table.current_key == str(ids["directive"])
        assert table.cursor_row == cursor_before + 1
        assert str(new_id) in [table.source.key(r) for r in table.rows_held]


async def test_detail_screen_follows_another_session(small_db: Any, open_db: Any, fast_poll: float) -> None:
    from screens.assignment_detail import AssignmentDetailScreen
    from store import assignments

    path, ids = small_db
    other = open_db(path)
    async with started(path, "2") as (app, pilot):
        table_of(app).move_cursor(row=[r.id for r in table_of(app).rows_held].index(ids["overdue"]))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assignments.add_note(other, ids["overdue"], "Ghi chú từ máy bên cạnh")
        await wait_for(app, pilot, lambda: "máy bên cạnh" in screen_text(app))


# --- 2. conflicts: shown, chosen, never silently overwritten --------------------------------------


async def open_letter_form(app: Any, pilot: Any) -> None:
    from screens.forms import DocumentForm

    await settle(app, pilot)
    await pilot.press("e")  # the letter (first row)
    await settle(app, pilot)
    assert isinstance(app.screen, DocumentForm)


async def set_value(app: Any, pilot: Any, field: str, value: str) -> None:
    widget = app.screen.query_one(f"#input-{field}", Input)
    widget.focus()
    widget.value = value
    await pilot.pause()


async def test_two_sessions_conflict_shown_and_theirs_kept(small_db: Any, open_db: Any) -> None:
    """Two clerks, two apps, one record: the second to save sees both versions."""
    from screens.conflict import ConflictDialog, FieldPick
    from screens.forms import DocumentForm
    from store import documents

    path, ids = small_db
    anh, binh = make(path), make(path)
    async with anh.run_test(size=SIZE) as pa, binh.run_test(size=SIZE) as pb:
        await open_letter_form(anh, pa)
        await open_letter_form(binh, pb)
        await set_value(anh, pa, "subject", "Sửa bởi Anh")
        await set_value(anh, pa, "signer", "Nguyễn Văn Anh")
        await set_value(binh, pb, "subject", "Sửa bởi Bình [x]")
        await pb.click("#save")
        await settle(binh, pb)
        assert not isinstance(binh.screen, DocumentForm)  # Bình saved first
        await pa.click("#save")
        await settle(anh, pa)
        assert isinstance(anh.screen, ConflictDialog)
        # Both versions of each differing field, literally; unchanged fields not listed.
        picks = {w.conflict.name: w for w in anh.screen.query(FieldPick).results(FieldPick)}
        assert set(picks) == {"subject", "signer"}
        assert (picks["subject"].conflict.mine, picks["subject"].conflict.theirs) == ("Sửa bởi Anh", "Sửa bởi Bình [x]")
        text = screen_text(anh)
        assert "Sửa bởi Anh" in text and "Sửa bởi Bình [x]" in text and "Nguyễn Văn Anh" in text
        # Nothing was written by Anh's save.
        assert documents.get(open_db(path), ids["letter"]).subject == "Sửa bởi Bình [x]"
        await pa.press("r")  # keep theirs
        await settle(anh, pa)
        assert isinstance(anh.screen, DocumentForm)
        assert anh.screen.query_one("#input-subject", Input).value == "Sửa bởi Bình [x]"
        assert anh.screen.query_one("#input-signer", Input).value == ""
        assert not anh.screen.changed
    letter = documents.get(open_db(path), ids["letter"])
    assert letter.subject == "Sửa bởi Bình [x]" and letter.signer is None


async def test_conflict_keep_mine_saves_over_theirs(small_db: Any, open_db: Any) -> None:
    from screens.conflict import ConflictDialog
    from screens.forms import DocumentForm
    from store import documents

    path, ids = small_db
    other = open_db(path)
    async with started(path) as (app, pilot):
        await open_letter_form(app, pilot)
        rename_document(other, ids["letter"], "Của người khác")
        await set_value(app, pilot, "subject", "Của tôi")
        await pilot.click("#save")
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert documents.get(other, ids["letter"]).subject == "Của người khác"
        await pilot.press("o")  # keep mine
        await settle(app, pilot)
        assert not isinstance(app.screen, (DocumentForm, ConflictDialog))
    letter = documents.get(other, ids["letter"])
    assert letter.subject == "Của tôi"
    # Their change is in the history, not lost without trace: two saves after the first.
    assert [h.after.get("subject") for h in letter.history[:2] if h.after] == ["Của tôi", "Của người khác"]


async def test_conflict_merge_field_by_field(small_db: Any, open_db: Any) -> None:
    from screens.conflict import ConflictDialog, FieldPick
    from store import documents

    path, ids = small_db
    other = open_db(path)
    async with started(path) as (app, pilot):
        await open_letter_form(app, pilot)
        # They change the subject and the place; I change the subject and the signer.
        current = documents.get(other, ids["letter"])
        data = documents.as_input(current)
        data.subject, data.place = "Trích yếu của họ", "Tây Ninh"
        documents.update(other, ids["letter"], data, expected_version=current.version)
        await set_value(app, pilot, "subject", "Trích yếu của tôi")
        await set_value(app, pilot, "signer", "Người ký của tôi")
        await pilot.click("#save")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        picks = {w.conflict.name: w for w in dialog.query(FieldPick).results(FieldPick)}
        assert set(picks) == {"subject", "place", "signer"}
        # Each field starts on the side that changed it (mine when both did).
        assert {n: w.pick for n, w in picks.items()} == {"subject": "mine", "place": "theirs", "signer": "mine"}
        assert app.focused is picks["subject"]
        await pilot.press("space")  # subject: take theirs
        assert picks["subject"].pick == "theirs"
        assert "▶ Của họ: Trích yếu của họ" in screen_text(app)
        await pilot.press("m")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog)
    letter = documents.get(other, ids["letter"])
    assert (letter.subject, letter.place, letter.signer) == ("Trích yếu của họ", "Tây Ninh", "Người ký của tôi")


# --- 3. drafts: kept as the clerk types, offered back ---------------------------------------------


def drafts_of(path: Path) -> Any:
    from store.db import sqlite_path, to_url
    from store.drafts import DraftStore

    return DraftStore.for_database(sqlite_path(to_url(path)))


async def type_new_document(app: Any, pilot: Any) -> None:
    from screens.forms import DocumentForm

    await settle(app, pilot)
    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, DocumentForm)
    app.screen.query_one("#input-doc_type").value = "KH"
    await set_value(app, pilot, "number", "21-KH/UBND")
    await set_value(app, pilot, "issuer", "UBND tỉnh Đồng Tháp")
    await set_value(app, pilot, "subject", "Kế hoạch [nháp] gõ dở")


async def test_draft_survives_a_crash_and_is_offered_at_start(small_db: Any, open_db: Any) -> None:
    from screens.drafts import DraftsDialog
    from screens.forms import DocumentForm
    from store import documents

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await type_new_document(app, pilot)
        await wait_for(app, pilot, lambda: drafts_of(path).load("document:new") is not None)
        # The process dies here: the form was never saved nor abandoned.
    saved = drafts_of(path).load("document:new")
    assert saved["values"]["subject"] == "Kế hoạch [nháp] gõ dở"
    assert documents.count_documents(open_db(path)) == 2

    again = make(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await wait_for(again, pilot, lambda: any("bản nháp" in n.message for n in again._notifications))
        await pilot.press("b")
        await settle(again, pilot)
        assert isinstance(again.screen, DraftsDialog)
        assert "Thêm văn bản" in screen_text(again)
        await pilot.press("enter")
        await settle(again, pilot)
        form = again.screen
        assert isinstance(form, DocumentForm)
        assert form.query_one("#input-subject", Input).value == "Kế hoạch [nháp] gõ dở"
        assert form.query_one("#input-number", Input).value == "21-KH/UBND"
        assert form.values()["doc_type"] == "KH"
        await set_value(again, pilot, "issued", "05/03/2026")
        await pilot.click("#save")
        await settle(again, pilot)
        assert not isinstance(again.screen, DocumentForm)
    assert [r.subject for r in documents.list_documents(open_db(path)) if r.number == "21-KH/UBND"] == [
        "Kế hoạch [nháp] gõ dở"
    ]
    assert drafts_of(path).list() == []  # saved: the draft is gone


async def test_same_form_offers_its_draft(small_db: Any) -> None:
    from screens.dialogs import ConfirmDialog
    from screens.forms import DocumentForm

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await type_new_document(app, pilot)
        await wait_for(app, pilot, lambda: drafts_of(path).load("document:new") is not None)
    again = make(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await pilot.press("n")
        await settle(again, pilot)
        assert isinstance(again.screen, ConfirmDialog)
        assert "bản nháp" in screen_text(again)
        await pilot.press("y")
        await settle(again, pilot)
        assert isinstance(again.screen, DocumentForm)
        assert again.screen.query_one("#input-issuer", Input).value == "UBND tỉnh Đồng Tháp"
        # Abandoning it on purpose throws the draft away.
        await pilot.press("escape")
        await settle(again, pilot)
        await pilot.press("y")
        await settle(again, pilot)
        assert not isinstance(again.screen, DocumentForm)
    assert drafts_of(path).load("document:new") is None


async def test_restored_edit_draft_does_not_overwrite_a_later_change(small_db: Any, open_db: Any) -> None:
    """A draft of an edit remembers the version it started from: someone else's save in
    between comes up as a conflict when the draft is saved."""
    from screens.conflict import ConflictDialog
    from store import documents

    path, ids = small_db
    async with started(path) as (app, pilot):
        await open_letter_form(app, pilot)
        await set_value(app, pilot, "subject", "Bản nháp của tôi")
        await wait_for(app, pilot, lambda: drafts_of(path).load(f"document:{ids['letter']}") is not None)
    rename_document(open_db(path), ids["letter"], "Đồng nghiệp sửa khi tôi mất kết nối")
    again = make(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await pilot.press("e")
        await settle(again, pilot)
        await pilot.press("y")  # restore the draft
        await settle(again, pilot)
        assert again.screen.query_one("#input-subject", Input).value == "Bản nháp của tôi"
        await pilot.click("#save")
        await settle(again, pilot)
        assert isinstance(again.screen, ConflictDialog)
    assert documents.get(open_db(path), ids["letter"]).subject == "Đồng nghiệp sửa khi tôi mất kết nối"


# --- 4. a busy database ------------------------------------------------------------------------------


@pytest.fixture
def short_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give up on a held write lock after 50 ms per attempt (instead of 5 s)."""
    monkeypatch.setenv("DONDOC_BUSY_TIMEOUT_MS", "50")


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process in the middle of a write: BEGIN IMMEDIATE and no commit yet."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    return raw


async def test_busy_database_keeps_the_form_and_says_so(small_db: Any, open_db: Any, short_busy: None) -> None:
    from screens.forms import DocumentForm
    from store import documents

    path, ids = small_db
    async with started(path) as (app, pilot):
        await open_letter_form(app, pilot)
        await set_value(app, pilot, "subject", "Sửa khi đang bận")
        raw = hold_write_lock(path)
        try:
            await pilot.click("#save")
            await wait_for(app, pilot, lambda: app.screen.query_one("#error-form").display)
            assert isinstance(app.screen, DocumentForm)
            assert app.screen.query_one("#input-subject", Input).value == "Sửa khi đang bận"
            text = screen_text(app)
            assert "đang bận" in text and "locked" not in text
            assert any("Cơ sở dữ liệu đang bận" in n.message for n in app._notifications)
            assert app.last_error is None  # handled, not a failed worker
        finally:
            raw.rollback()
            raw.close()
        app.screen.action_save()  # the lock is gone: saving again works
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentForm)
    assert documents.get(open_db(path), ids["letter"]).subject == "Sửa khi đang bận"


async def test_busy_database_gives_the_note_back(small_db: Any, open_db: Any, short_busy: None) -> None:
    from screens.dialogs import InputDialog
    from store import assignments

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        key = table_of(app).current_key
        raw = hold_write_lock(path)
        try:
            await pilot.press("a")
            await settle(app, pilot)
            app.screen.query_one("#dialog-input", Input).value = "Đã nhắc qua điện thoại"
            await pilot.press("enter")
            await wait_for(app, pilot, lambda: any("bận" in n.message for n in app._notifications))
            assert isinstance(app.screen, InputDialog)
            assert app.screen.query_one("#dialog-input", Input).value == "Đã nhắc qua điện thoại"
        finally:
            raw.rollback()
            raw.close()
        await pilot.press("enter")
        await settle(app, pilot)
    notes = assignments.get(open_db(path), int(key), on=TODAY).notes
    assert [n.text for n in notes] == ["Đã nhắc qua điện thoại"]


# --- 5. roles, start-up problems, a dropped connection --------------------------------------------


def make_viewer(db: Any) -> str:
    """The OS user running the tests becomes a viewer (another account stays admin)."""
    from store import roles
    from store.db import current_user

    me = current_user()
    roles.set_role(db, "truongphong", "admin")
    roles.set_role(db, me, "viewer")
    return me


async def test_viewer_can_read_but_editing_keys_say_why(small_db: Any, open_db: Any) -> None:
    from screens.dialogs import InputDialog
    from screens.forms import FormScreen

    path, _ids = small_db
    me = make_viewer(open_db(path))
    async with started(path) as (app, pilot):
        assert "353/LĐLĐ" in screen_text(app)  # reading works
        assert any("chế độ chỉ xem" in n.message for n in app._notifications)
        for view, keys in (("1", ["n", "e"]), ("2", ["n", "e", "d", "a"]), ("3", ["d", "a"])):
            await pilot.press(view)
            await settle(app, pilot)
            for key in keys:
                before = len(app._notifications)
                await pilot.press(key)
                await settle(app, pilot)
                assert not isinstance(app.screen, (FormScreen, InputDialog)), (view, key)
                new = [n.message for n in list(app._notifications)[before:]]
                assert new and f"Bạn ({me}) có quyền «chỉ xem»" in new[-1] and "truongphong" in new[-1], (view, key)
        assert app.last_error is None  # answered, never a failed worker or traceback


async def test_demoted_while_editing_gets_a_message_not_a_traceback(small_db: Any, open_db: Any) -> None:
    from screens.forms import DocumentForm
    from store import documents

    path, ids = small_db
    async with started(path) as (app, pilot):
        await open_letter_form(app, pilot)
        await set_value(app, pilot, "subject", "Sửa khi vừa bị hạ quyền")
        make_viewer(open_db(path))  # an admin changes the role meanwhile
        await pilot.click("#save")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentForm)
        assert "chỉ xem" in str(app.screen.query_one("#error-form").render())
        assert app.screen.query_one("#input-subject", Input).value == "Sửa khi vừa bị hạ quyền"
        assert app.last_error is None
    assert documents.get(open_db(path), ids["letter"]).subject != "Sửa khi vừa bị hạ quyền"


async def test_access_problems_said_once_at_start(small_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import store.shared
    from store.shared import Problem

    path, _ids = small_db
    real = store.shared.check_access

    def with_warning(p: Any) -> list[Any]:
        return [*real(p), Problem("access.world_writable", "warning", {"path": str(p), "mode": "0666"})]

    monkeypatch.setattr(store.shared, "check_access", with_warning)
    async with started(path, "2") as (app, _pilot):
        warned = [n for n in app._notifications if "ai trên máy chủ cũng ghi được" in n.message]
        assert len(warned) == 1 and warned[0].severity == "warning"
