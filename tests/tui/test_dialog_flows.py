"""Pilot tests of the small dialogs and of empty lists (found in a QA walk-through):

- a dialog that writes closes only once the store accepted the write: a refusal is said in
  it, with what was typed kept and nothing written (screens.dialogs.SubmitDialog); keys
  typed after its Enter go to the list once it closed, and never into the dialog that stays;
- Escape in a one-line dialog (and the filters) asks before throwing away what was typed,
  and closes at once when nothing was;
- a search (or filters) that finds nothing says so in the list, until rows come back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.tui.conftest import TODAY, open_extend_dialog, screen_text, settle, started, table_of
from tests.tui.test_flows import burst_handled, send_burst, type_text
from tests.tui.test_input_checks_flows import dialog_message, notices


@pytest.fixture(autouse=True)
def _store_today() -> None:
    """The store's today is the app's, as `dondoc --today` makes them (reset by tests/conftest)."""
    from store import clock

    clock.set_today(TODAY)


# --- 1. a refused write keeps the dialog, as typed ----------------------------------------------


async def test_extend_refused_by_the_store_stays_in_the_dialog(
        small_db: Any, open_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Gia hạn: what the store refuses (here: the deadline became a recurring one meanwhile,
    `err.extend_recurring` on field `due`) is said under the new date, every field as typed;
    nothing is written until the write goes through."""
    from screens.assignment_detail import AssignmentDetailScreen
    from store import assignments, followup
    from store.errors import ValidationError

    path, ids = small_db
    real = followup.extend
    refuse = [True]

    def extend(*args: Any, **kwargs: Any) -> Any:
        if refuse[0]:
            raise ValidationError("err.extend_recurring", field="due")
        return real(*args, **kwargs)

    monkeypatch.setattr(followup, "extend", extend)
    async with started(path, "2") as (app, pilot):
        dialog = await open_extend_dialog(app, pilot)
        await type_text(pilot, "15/12/2026")
        await pilot.press("enter")
        await type_text(pilot, "Chờ ý kiến")
        await pilot.press("enter", "enter")  # past the optional document: saves
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog_message(dialog, "error-new_due") != ""
        assert app.focused is dialog.query_one("#field-new_due")
        assert dialog.values()["new_due"] == "15/12/2026" and dialog.values()["reason"] == "Chờ ý kiến"
        assert not assignments.get(open_db(path), ids["overdue"], on=TODAY).deadlines[0].extensions
        refuse[0] = False
        await pilot.click("#ok")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert notices(app)[-1] == "Đã gia hạn đến 15/12/2026."
    ext = assignments.get(open_db(path), ids["overdue"], on=TODAY).deadlines[0].extensions
    assert [e.reason for e in ext] == ["Chờ ý kiến"]


async def test_a_busy_database_keeps_the_done_date_in_the_dialog(
        small_db: Any, open_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy database (or a role that may not write) is said in a notice too; the dialog
    stays as typed and Enter tries again."""
    from screens.dialogs import InputDialog
    from store import assignments
    from store.errors import DatabaseError

    path, ids = small_db
    real = assignments.set_status
    busy = [True]

    def set_status(*args: Any, **kwargs: Any) -> Any:
        if busy[0]:
            raise DatabaseError("err.db_busy")
        return real(*args, **kwargs)

    monkeypatch.setattr(assignments, "set_status", set_status)
    async with started(path, "2") as (app, pilot):
        await pilot.press("d")
        await settle(app, pilot)
        dialog = app.screen
        await pilot.press("ctrl+u")
        await type_text(pilot, "20/11/2026")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog and isinstance(dialog, InputDialog)
        assert "đang bận" in dialog_message(dialog) and "nhấn Enter để thử lại" in dialog_message(dialog)
        assert any("đang bận" in n for n in notices(app))
        assert dialog.query_one(Input).value == "20/11/2026"
        busy[0] = False
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, InputDialog)
    assert assignments.get(open_db(path), ids["overdue"], on=TODAY).row.done_on.isoformat() == "2026-11-20"


async def test_keys_typed_after_the_enter_go_to_the_list_once_the_dialog_closed(
        small_db: Any, open_db: Any) -> None:
    """"d", Enter, "/", "x" in one burst: the date is written, the dialog closes, and "/x"
    searches the list (as when the dialog closed at Enter), never types into the date."""
    from screens.dialogs import InputDialog
    from store import assignments

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        stack = list(app.screen_stack)
        send_burst(app, ["d", "enter", "/", "x"])
        await burst_handled(app, pilot)
        assert app.screen_stack == stack and not isinstance(app.screen, InputDialog)
        search = app.screen._search_input()
        assert search is not None and search.value == "x"
    assert assignments.get(open_db(path), ids["overdue"], on=TODAY).row.done_on == TODAY


async def test_keys_typed_after_a_refused_enter_are_not_typed_into_the_dialog(
        small_db: Any, open_db: Any) -> None:
    """The same burst with a date the store refuses: the dialog stays with the date as
    typed and its message; "/x", meant for the list, is dropped rather than added to the date."""
    from screens.dialogs import InputDialog
    from store import assignments

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        send_burst(app, ["d", "ctrl+u", *"31/12/2030", "enter", "/", "x"])
        await burst_handled(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, InputDialog)
        assert dialog.query_one(Input).value == "31/12/2030"
        assert "sau hôm nay" in dialog_message(dialog)
        assert app.screen_stack[0]._search_input() is None
    assert assignments.get(open_db(path), ids["overdue"], on=TODAY).row.done_on is None


async def test_escape_waits_while_the_write_is_under_way(small_db: Any, open_db: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Escape pressed while the store writes does not close the dialog behind the write's
    back: the dialog closes once the note is saved, and says so."""
    import threading

    from screens.dialogs import InputDialog
    from store import assignments

    path, ids = small_db
    real, gate = assignments.add_note, threading.Event()

    def add_note(*args: Any, **kwargs: Any) -> Any:
        gate.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(assignments, "add_note", add_note)
    async with started(path, "2") as (app, pilot):
        await pilot.press("a")
        await settle(app, pilot)
        dialog = app.screen
        dialog.query_one(Input).value = "Đã nhắc"
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.saving
        dialog.action_cancel()
        await pilot.pause()
        assert app.screen is dialog
        gate.set()
        await settle(app, pilot)
        assert not isinstance(app.screen, InputDialog)
        assert "Đã ghi tiến độ" in notices(app)[-1]
    assert [n.text for n in assignments.get(open_db(path), ids["overdue"]).notes] == ["Đã nhắc"]


async def _export_to(app: Any, pilot: Any, path: Any) -> Any:
    """`x`, the path typed over the one offered, Enter; returns the export dialog."""
    from screens.dialogs import FieldsDialog

    await pilot.press("x")
    await settle(app, pilot)
    dialog = app.screen
    assert isinstance(dialog, FieldsDialog)
    await pilot.press("ctrl+u")
    await type_text(pilot, str(path))
    await pilot.press("enter")
    await settle(app, pilot)
    return dialog


async def test_export_into_a_folder_that_cannot_be_written_stays_in_the_dialog(
        small_db: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export dialog closed before the file was written: a folder the clerk may not
    write in ended in a generic notice, the path typed lost. Now the refusal is said under
    the path, as typed, with nothing left in the folder; another folder then goes through."""
    from screens.dialogs import FieldsDialog
    from store import csvio
    from tests.csv.conftest import refuse_writes

    path, _ids = small_db
    shared = home / "chung"
    shared.mkdir()
    refuse_writes(monkeypatch, csvio.tempfile, "mkstemp", shared)
    async with started(path, "2") as (app, pilot):
        dialog = await _export_to(app, pilot, shared / "ds.csv")
        assert app.screen is dialog
        assert dialog_message(dialog, "error-path") == f"Không có quyền ghi vào thư mục {shared}; hãy chọn thư mục khác."
        assert "Không có quyền ghi" in screen_text(app)
        field = dialog.query_one("#field-path", Input)
        assert field.value == str(shared / "ds.csv") and app.focused is field
        assert not notices(app) and app.last_error is None
        assert list(shared.iterdir()) == []
        await pilot.press("ctrl+u")
        await type_text(pilot, str(home / "ds.csv"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FieldsDialog)
        assert notices(app) == [f"Đã xuất 3 dòng vào {home / 'ds.csv'}"]
    assert (home / "ds.csv").read_text(encoding="utf-8-sig").startswith("Số ký hiệu")


async def test_export_over_a_file_held_open_keeps_both(
        small_db: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over an existing file: "no" to the question goes back to the path (it was dropped);
    "yes" and a file that cannot be replaced (Excel holds it on Windows) is said in the
    dialog; the old file is as it was and no temporary file is left."""
    from screens.dialogs import ConfirmDialog
    from store import csvio
    from tests.csv.conftest import refuse_writes

    path, _ids = small_db
    held = home / "ds.csv"
    held.write_text("cũ", encoding="utf-8")
    refuse_writes(monkeypatch, csvio.os, "replace", held)
    async with started(path, "2") as (app, pilot):
        dialog = await _export_to(app, pilot, held)
        assert isinstance(app.screen, ConfirmDialog) and app.screen.message == f"Tệp {held} đã có. Ghi đè?"
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is dialog and dialog.query_one(Input).value == str(held)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog_message(dialog, "error-path").startswith(f"Không ghi đè được tệp {held}: tệp đang mở")
        assert dialog.query_one(Input).value == str(held)
    assert held.read_text(encoding="utf-8") == "cũ" and sorted(p.name for p in home.iterdir()) == ["ds.csv"]


async def test_meeting_pack_into_a_folder_that_cannot_be_written_stays_in_the_dialog(
        small_db: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from screens.dialogs import FieldsDialog
    from store import export
    from tests.csv.conftest import refuse_writes

    path, _ids = small_db
    shared = home / "chung"
    shared.mkdir()
    refuse_writes(monkeypatch, export.tempfile, "mkdtemp", shared)
    async with started(path, "2") as (app, pilot):
        await pilot.press("m")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        dialog.query_one("#field-days", Input).value = "14"
        folder = dialog.query_one("#field-folder", Input)
        folder.value = str(shared)
        folder.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog_message(dialog, "error-folder") == f"Không có quyền ghi vào thư mục {shared}; hãy chọn thư mục khác."
        assert dialog.values()["folder"] == str(shared) and dialog.values()["days"] == "14"
        assert app.focused is folder and not notices(app) and app.last_error is None
        folder.value = str(home / "giao-ban")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FieldsDialog)
        assert notices(app)[-1].startswith(f"Đã xuất hồ sơ giao ban vào {home / 'giao-ban'}")
    assert list(shared.iterdir()) == [] and len(list((home / "giao-ban").iterdir())) == 5


async def test_exports_go_to_the_documents_folder_then_the_last_one_used(small_db: Any, home: Path) -> None:
    """Not the directory the app was started from (over SSH, often / or a shared one): the
    clerk's documents folder, in full; once they export elsewhere, there next time (in a
    later session too), for the meeting pack as well."""
    from store.export import MEETING_FILES

    path, _ids = small_db
    (home / "Documents").mkdir()
    async with started(path, "2") as (app, pilot):
        await pilot.press("x")
        await settle(app, pilot)
        assert app.screen.query_one(Input).value == str(home / "Documents" / "nhiem-vu-20261123.csv")
        await pilot.press("escape")
        await pilot.press("m")
        await settle(app, pilot)
        assert app.screen.values()["folder"] == str(home / "Documents" / "giao-ban-20261123")
        await pilot.press("escape")
        await settle(app, pilot)
        (home / "bao-cao").mkdir()
        await _export_to(app, pilot, "~/bao-cao/ds.csv")
        assert notices(app) == [f"Đã xuất 3 dòng vào {home / 'bao-cao' / 'ds.csv'}"]
    async with started(path, "1") as (app, pilot):
        await pilot.press("x")
        await settle(app, pilot)
        assert app.screen.query_one(Input).value == str(home / "bao-cao" / "van-ban-20261123.csv")
        await pilot.press("escape")
        await pilot.press("2", "m")
        await settle(app, pilot)
        assert app.screen.values()["folder"] == str(home / "bao-cao" / "giao-ban-20261123")
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        await settle(app, pilot)
    assert sorted(p.name for p in (home / "bao-cao" / "giao-ban-20261123").iterdir()) == sorted(MEETING_FILES.values())


def _csv_rows(path: Path, delimiter: str) -> list[list[str]]:
    """The file's rows split by `delimiter`, after checking it is as Excel wants it: UTF-8
    with a BOM, CRLF, and its header split by `delimiter` (and by no other separator)."""
    import csv
    import io

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    text = data.decode("utf-8-sig")
    header = text.split("\r\n")[0]
    assert delimiter in header and not {",", ";"} - {delimiter} & set(header), header
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


async def test_export_separator_chosen_kept_and_used(small_db: Any, home: Path) -> None:
    """Excel under Vietnamese regional settings splits a double-clicked file by `;`: with `,`
    every export opened as one column. The export dialog has the separator under the path,
    on `,` at first; `;` chosen there writes a file split by `;` (BOM and CRLF as ever), and
    the next export, the meeting pack, and a later session start on `;`; the pack's files
    are split by it too. Enter in the path still writes at once (the separator passed by)."""
    from textual.widgets import Select

    from screens.dialogs import FieldsDialog
    from store.export import MEETING_FILES

    path, _ids = small_db
    out = home / "nhiem-vu-20261123.csv"
    async with started(path, "2") as (app, pilot):
        await pilot.press("x")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        separator = dialog.query_one("#field-delimiter", Select)
        assert separator.value == ","
        text = screen_text(app)
        assert "Dấu phân cách cột" in text and ", (Excel tiếng Anh)" in text
        assert app.focused is dialog.query_one("#field-path", Input)
        await pilot.press("tab")  # to the separator; its list opens, and `;` is chosen
        assert app.focused is separator
        await pilot.press("space")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert separator.value == ";" and app.screen is dialog
        assert "; (Excel tiếng Việt — mở ra một cột thì chọn cái này)" in screen_text(app)
        await pilot.press("enter")  # on the closed list: the file is written
        await settle(app, pilot)
        assert not isinstance(app.screen, FieldsDialog)
        assert notices(app) == [f"Đã xuất 3 dòng vào {out}"]
        rows = _csv_rows(out, ";")
        assert rows[0][:3] == ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành"] and len(rows) == 4
        assert all(len(row) == len(rows[0]) for row in rows)

        await pilot.press("x")  # the next export starts on `;`; Enter in the path writes
        await settle(app, pilot)
        assert app.screen.query_one("#field-delimiter", Select).value == ";"
        await pilot.press("ctrl+u")
        await type_text(pilot, str(home / "lan-hai.csv"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FieldsDialog)
        assert _csv_rows(home / "lan-hai.csv", ";") == rows

        await pilot.press("m")  # the meeting pack too
        await settle(app, pilot)
        assert app.screen.values()["delimiter"] == ";"
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FieldsDialog)
    pack = home / "giao-ban-20261123"
    assert sorted(p.name for p in pack.iterdir()) == sorted(MEETING_FILES.values())
    for name in MEETING_FILES.values():
        _csv_rows(pack / name, ";")
    async with started(path, "1") as (app, pilot):  # a later session: `;` still
        await pilot.press("x")
        await settle(app, pilot)
        assert app.screen.query_one("#field-delimiter", Select).value == ";"
        # back to `,` in the meeting pack's dialog: kept for the next export
        await pilot.press("escape", "2", "m")
        await settle(app, pilot)
        dialog = app.screen
        assert dialog.values()["delimiter"] == ";"
        dialog.query_one("#field-delimiter", Select).value = ","
        dialog.query_one("#field-folder", Input).value = str(home / "giao-ban-2")
        dialog.query_one("#field-folder", Input).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FieldsDialog)
        await pilot.press("x")
        await settle(app, pilot)
        assert app.screen.query_one("#field-delimiter", Select).value == ","
    for name in MEETING_FILES.values():
        _csv_rows(home / "giao-ban-2" / name, ",")


# --- 2. Escape asks before throwing away what was typed ----------------------------------------


@pytest.mark.parametrize(("view", "key"), [("4", "n"), ("2", "a"), ("2", "d"), ("2", "x")],
                         ids=["new-agency", "note", "done", "export"])
async def test_escape_in_a_one_line_dialog_asks_once_something_was_typed(
        small_db: Any, open_db: Any, view: str, key: str) -> None:
    """Untouched (empty, or the date/path it offered), Escape closes the dialog at once.
    Typed in, Escape asks "Bỏ thay đổi?": n goes back to the dialog as typed, y closes it;
    nothing is written either way."""
    from screens.dialogs import ConfirmDialog, FieldsDialog, InputDialog
    from store import agencies, assignments

    path, ids = small_db
    async with started(path, view) as (app, pilot):
        below = app.screen
        await pilot.press(key)
        await settle(app, pilot)
        # (the export's path has the separator below it, passed by: one line as typed)
        assert isinstance(app.screen, FieldsDialog if key == "x" else InputDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is below
        await pilot.press(key)
        await settle(app, pilot)
        dialog = app.screen
        value = dialog.query_one(Input).value + "1"
        await pilot.press("1")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Bỏ thay đổi?" in screen_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is dialog and dialog.query_one(Input).value == value
        await pilot.click("#cancel")  # the Cancel button asks the same
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is below
        # Back to what it offered, nothing is lost: Escape closes at once again.
        await pilot.press(key)
        await settle(app, pilot)
        await pilot.press("1", "backspace", "escape")
        await settle(app, pilot)
        assert app.screen is below
    db = open_db(path)
    assert len(agencies.list_all(db)) == 2
    detail = assignments.get(db, ids["overdue"], on=TODAY)
    assert detail.row.done_on is None and not detail.notes


async def test_escape_in_the_filters_asks_once_a_filter_was_typed(small_db: Any) -> None:
    from screens.dialogs import ConfirmDialog, FilterDialog

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        below = app.screen
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, FilterDialog)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is below
        await pilot.press("f")
        await settle(app, pilot)
        dialog = app.screen
        dialog.query_one("#filter-agency", Input).value = "Sở Tư"
        await pilot.press("escape")  # (once: it took two, the first closing the suggestions)
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is dialog and dialog.query_one("#filter-agency", Input).value == "Sở Tư"
        await pilot.click("#cancel")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is below and below.filters == {}


async def test_escape_closes_the_filters_in_one_press_with_a_list_open(small_db: Any) -> None:
    """A drop-down list open (by Enter, or by a letter) took two Escapes to leave the
    filters: the first only closed the list. One does now; nothing is applied."""
    from screens.dialogs import FilterDialog

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        below = app.screen
        for opening in ("enter", "d"):
            await pilot.press("f")
            await settle(app, pilot)
            assert isinstance(app.screen, FilterDialog)
            await pilot.press(opening)
            await settle(app, pilot)
            assert app.screen.query_one("#filter-status").expanded
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is below and below.filters == {}


async def test_a_letter_on_a_drop_down_opens_it_on_the_option_it_names(small_db: Any) -> None:
    """Letters on a closed drop-down did nothing (and Textual's search never matched our
    labels): now a letter opens it on the option a word of which starts with it, diacritics
    optional ("d": "Đang làm"), more letters narrow it, Enter takes it."""
    from screens.dialogs import FilterDialog

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        await pilot.press("f")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        status = dialog.query_one("#filter-status")
        assert app.focused is status

        def shown(select: Any) -> str:
            overlay = select.query_one("SelectOverlay")
            return str(overlay.get_option_at_index(overlay.highlighted).prompt)

        await pilot.press("d")
        await settle(app, pilot)
        assert status.expanded and shown(status) == "▶ Đang làm"
        await pilot.press("u", "n")
        await settle(app, pilot)
        assert shown(status) == "✓ Đúng hạn"
        await pilot.press("enter")
        await settle(app, pilot)
        assert not status.expanded and status.value == "done_on_time" and app.focused is status
        role = dialog.query_one("#filter-role")
        role.focus()
        await pilot.press("p")
        await settle(app, pilot)
        assert role.expanded and shown(role) == "Phối hợp"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.click("#apply")
        await settle(app, pilot)
        assert app.screen.filters == {"status": "done_on_time", "role": "support"}


# --- 3. an empty search result says so -----------------------------------------------------------


async def search_for(app: Any, pilot: Any, text: str) -> None:
    """Type a search as a clerk does (search as you type) and let it apply."""
    from screens.base import SEARCH_DELAY

    await pilot.press("slash")
    search = app.screen._search_input()
    search.value = ""
    await type_text(pilot, text)
    await pilot.pause(SEARCH_DELAY + 0.1)
    await settle(app, pilot)


@pytest.mark.parametrize(("view", "what"), [("1", "văn bản"), ("2", "nhiệm vụ"), ("3", "hạn")],
                         ids=["documents", "assignments", "deadlines"])
async def test_a_search_that_finds_nothing_says_so(small_db: Any, view: str, what: str) -> None:
    path, _ids = small_db
    said = f"Không tìm thấy {what} nào khớp «zzqx»."
    async with started(path, view) as (app, pilot):
        assert "Không tìm thấy" not in screen_text(app)
        await search_for(app, pilot, "zzqx")
        assert table_of(app).row_count == 0
        lines = screen_text(app).splitlines()
        # in the list, right under its header, with the way back
        assert said in lines[3] and "Esc: xóa tìm kiếm" in lines[3], "\n".join(lines)
        await search_for(app, pilot, "chi thi")
        assert table_of(app).row_count > 0
        assert "Không tìm thấy" not in screen_text(app)
        await search_for(app, pilot, "zzqx")
        assert said in screen_text(app)
        await pilot.press("escape")  # clears the search: the rows are back, the line gone
        await settle(app, pilot)
        assert table_of(app).row_count > 0 and "Không tìm thấy" not in screen_text(app)


async def test_filters_that_match_nothing_say_so(small_db: Any) -> None:
    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        app.screen.filters = {"agency": "THADS tỉnh", "role": "support"}
        app.screen.reload()
        await settle(app, pilot)
        assert table_of(app).row_count == 0
        assert "Không có nhiệm vụ nào theo bộ lọc đang chọn." in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert table_of(app).row_count == 3 and "Không có nhiệm vụ" not in screen_text(app)


async def test_the_empty_search_line_in_english(small_db: Any) -> None:
    path, _ids = small_db
    async with started(path, "1", lang="en") as (app, pilot):
        await search_for(app, pilot, "zzqx")
        assert "No documents match «zzqx».  (Esc: clear the search)" in screen_text(app)
