"""Pilot tests: each flow a clerk follows, with assertions on state (and on the screen text)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay

from tests.tui.conftest import NASTY, TODAY, open_extend_dialog, screen_text, settle, started, table_of, wait_for


def keys_shown(app: Any) -> list[str]:
    return [table_of(app).source.key(r) for r in table_of(app).rows_held]


async def type_text(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def set_field(app: Any, pilot: Any, widget_id: str, value: str) -> None:
    widget = app.screen.query_one(f"#{widget_id}")
    if isinstance(widget, Select):
        widget.value = value
    else:
        widget.focus()
        widget.value = value
    await pilot.pause()


# --- views ------------------------------------------------------------------------------------


async def test_first_frame_lists_documents_and_counts(small_db: Any) -> None:
    path, ids = small_db
    async with started(path) as (app, _pilot):
        from screens.documents import DocumentsScreen

        assert isinstance(app.screen, DocumentsScreen)
        assert set(keys_shown(app)) == {str(ids["directive"]), str(ids["letter"])}
        assert app.overdue_count == 1
        assert app.week_count == 1  # due 26/11, the Thursday of the frozen week
        text = screen_text(app)
        assert "09-CT/TU" in text and "353/LĐLĐ" in text
        assert "23/11/2026" in text
        assert "⚠ 1 quá hạn" in text
        assert "2 văn bản" in text


async def test_switch_views_with_number_keys(small_db: Any) -> None:
    from screens.agencies import AgenciesScreen
    from screens.assignments import AssignmentsScreen
    from screens.documents import DocumentsScreen

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        assert isinstance(app.screen, AssignmentsScreen)
        # Soonest deadline first; the overdue one says so in words.
        assert keys_shown(app)[0] == str(ids["overdue"])
        assert "⚠ Quá hạn" in screen_text(app)
        await pilot.press("4")
        await settle(app, pilot)
        assert isinstance(app.screen, AgenciesScreen)
        assert "Sở Tư pháp" in screen_text(app)
        await pilot.press("1")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentsScreen)
        assert app.last_error is None


async def test_deadlines_view_groups_overdue_first(small_db: Any) -> None:
    pytest.importorskip("store.agenda", reason="store.agenda (the agenda query) is not written yet")
    from screens.deadlines import DeadlineScreen, Group

    path, ids = small_db
    async with started(path, "3") as (app, pilot):
        assert isinstance(app.screen, DeadlineScreen)
        rows = table_of(app).rows_held
        assert isinstance(rows[0], Group) and rows[0].key == "g:overdue"
        assert rows[1].item.assignment_id == ids["overdue"]
        # The cursor starts on the first item, not its heading; Enter opens its assignment.
        assert table_of(app).cursor_row == 1
        await pilot.press("enter")
        await settle(app, pilot)
        from screens.assignment_detail import AssignmentDetailScreen

        assert isinstance(app.screen, AssignmentDetailScreen)
        assert app.screen.assignment_id == ids["overdue"]
        await pilot.press("escape")
        await settle(app, pilot)
        text = screen_text(app)
        assert "⚠ QUÁ HẠN" in text
        await pilot.press("v")
        await settle(app, pilot)
        assert app.screen.group_by == "agency"
        assert any(isinstance(r, Group) and "Sở Tư pháp" in r.label for r in table_of(app).rows_held)
        assert app.last_error is None


async def test_deadlines_keys_on_a_heading_say_what_to_do(small_db: Any) -> None:
    """r, w, d, a and e on a group heading: a notice saying to pick a deadline, no dialog,
    nothing written; on an item, `e` opens its assignment's form."""
    pytest.importorskip("store.agenda", reason="store.agenda (the agenda query) is not written yet")
    from screens.deadlines import DeadlineScreen, Entry, Group
    from screens.forms import AssignmentForm

    path, ids = small_db
    async with started(path, "3") as (app, pilot):
        table = table_of(app)
        assert isinstance(table.current_row, Entry)
        await pilot.press("k")  # up onto the heading
        await settle(app, pilot)
        assert isinstance(table.current_row, Group)
        for key in ("r", "w", "d", "a", "e"):
            app.clear_notifications()
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, DeadlineScreen), key
            assert [n.message for n in app._notifications] == [
                "Chọn một hạn trước: dòng này là tiêu đề nhóm (↑/↓ để chọn hạn)."], key
        await pilot.press("j", "e")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentForm)
        assert app.screen.record_id == ids["overdue"]
        assert app.last_error is None


# --- search and filters -----------------------------------------------------------------------------


async def test_search_without_diacritics_finds_don_doc(small_db: Any) -> None:
    path, ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await type_text(pilot, "don doc")
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert keys_shown(app) == [str(ids["directive"])]
        assert "đôn đốc" in table_of(app).rows_held[0].subject
        assert "1 văn bản" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is table_of(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(keys_shown(app)) == 2



async def test_arrow_keys_go_from_the_search_box_to_the_list(small_db: Any) -> None:
    """↓ in the search box searches at once and moves to the list, as Enter does; the next
    ↓ moves the list's cursor and Enter opens that row (before, the arrows did nothing there
    and the Enter after them only left the box)."""
    path, _ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("2")
        await settle(app, pilot)
        table = table_of(app)
        await pilot.press("slash")
        await type_text(pilot, "tu phap")
        await pilot.press("down")  # at once: no waiting for the search's pause
        await settle(app, pilot)
        assert app.focused is table and table.cursor_row == 0
        found = keys_shown(app)
        assert len(found) >= 2
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert getattr(app.screen, "assignment_id", None) == int(found[1])
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("slash", "up")  # back in the box; ↑ leaves it too
        await settle(app, pilot)
        assert app.focused is table


@pytest.mark.parametrize("again", [False, True], ids=["first-opening", "reopened"])
async def test_keys_typed_right_after_slash_go_to_the_search(small_db: Any, again: bool) -> None:
    """A fast typist or a paste: "/don doc" arrives in one burst, before the screen has had a
    moment between keys. Every letter lands in the search box, none on the list."""
    from textual import events

    path, ids = small_db
    async with started(path) as (app, pilot):
        if again:  # the bar already mounted, then closed
            await pilot.press("slash", "escape")
            await settle(app, pilot)
            assert app.focused is table_of(app)
        for key, char in [("slash", "/"), *[("space" if c == " " else c, c) for c in "don doc"]]:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # no pause between keys, as from a terminal
        await pilot.pause(0.4)
        await settle(app, pilot)
        search = app.screen.query_one("#search", Input)
        assert search.value == "don doc"
        assert app.focused is search
        assert keys_shown(app) == [str(ids["directive"])]
        await pilot.press("slash", "x")  # in the search box "/" is a letter (09-CT/TU)
        assert search.value == "don doc/x" and app.focused is search


# --- keys typed ahead: a fast typist's, a paste's, tmux send-keys' bursts (tui.typeahead) ----------


def send_burst(app: Any, keys: list[str]) -> None:
    """Send `keys` (key names such as "enter", or characters: "Đ", " ", "/") as a terminal
    sends a burst: every one queued before the app handles the first (nothing is awaited
    here), so all the keys after one that opens a screen come before that screen exists."""
    from textual import events
    from textual.keys import _character_to_key  # what the terminal driver names a character

    for key in keys:
        char = key if len(key) == 1 else None
        event = events.Key(_character_to_key(key) if char else key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def burst_handled(app: Any, pilot: Any) -> None:
    """Let the app handle the burst: nothing held any more, the screen settled."""
    await pilot.pause(0.2)
    await wait_for(app, pilot, lambda: not app.type_ahead.held and not app.type_ahead.in_flight)
    await settle(app, pilot)


def list_untouched(app: Any, stack: list[Any], mode: str) -> None:
    """Nothing acted on the list: same view, nothing else opened over it, no search."""
    from screens.drafts import DraftsDialog

    assert app.current_mode == mode
    assert app.screen_stack[: len(stack)] == stack
    assert not any(isinstance(s, DraftsDialog) for s in app.screen_stack)
    assert stack[0]._search_input() is None and stack[0].search == ""


def slowed(function: Any, seconds: float = 0.3) -> Any:
    """`function`, taking `seconds` longer (a form's worker reading from a busy database)."""
    import time

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return function(*args, **kwargs)

    return slow


@pytest.mark.parametrize("width", [80, 100])
async def test_agency_names_get_the_width(tmp_path: Path, open_db: Any, width: int) -> None:
    """Names that differ only at their end stay apart; a column no agency fills takes no room."""
    from store import agencies

    path = tmp_path / "agencies.db"
    db = open_db(path)
    names = [f"Ban cán sự đảng {body} tỉnh {province}"
             for body in ("Tòa án nhân dân", "Viện Kiểm sát nhân dân", "Ủy ban nhân dân")
             for province in ("Bình Thuận", "Long An", "Tây Ninh")]
    names.append("Ban Chỉ đạo công tác thi hành án dân sự, thi hành án hành chính và theo dõi thi hành "
                 "pháp luật của tỉnh Bình Thuận")
    for name in names:
        agencies.add(db, name)
    async with started(path, "4", size=(width, 24)) as (app, pilot):
        text = screen_text(app)
        lines = text.splitlines()
        assert "Tên viết tắt" not in text and "Tên khác" not in text  # none has one
        for name in names[:-1]:
            assert name in text
        cut = next(line for line in lines if line.startswith("Ban Chỉ đạo"))
        assert "…" in cut and cut.rstrip().endswith("Bình Thuận")  # the end kept
    agencies.add(db, "Sở Tư pháp", short_name="STP", aliases=["Sở TP"])
    async with started(path, "4", size=(width, 24)) as (app, pilot):
        text = screen_text(app)
        # the short names' column is back (narrow), the aliases' too from 100 columns
        assert "Tên viết tắt" in text and ("Tên khác" in text) == (width >= 100)
        for name in names[:-1]:
            assert name in text


TYPED = "Đôn đốc báo cáo 3 tháng/quý"
"""Typed right after a key that opens a form: "b" would list the drafts, "3" switch view,
"/" open the list's search, "n" another form, had they acted on the list."""


@pytest.mark.parametrize(
    ("view", "field", "filled_in"),
    [("2", "input-ref", ""), ("4", "dialog-input", "")],
    ids=["assignments", "agencies"],
)
async def test_keys_typed_right_after_n_land_in_the_form(
    small_db: Any, view: str, field: str, filled_in: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"n" then the text in one burst: the letters reach the app before the form exists.
    They land in the field typed in first, in order and with their diacritics, once the
    form has filled itself in (a new assignment's document, from the row the cursor was on:
    the letters wait for it, slowed down here, and for the form's look for a draft, then go
    to the section, Mục, after it); none acts on the list behind."""
    from store import documents

    monkeypatch.setattr(documents, "get", slowed(documents.get))
    path, ids = small_db
    async with started(path, view) as (app, pilot):
        stack, mode = list(app.screen_stack), app.current_mode
        send_burst(app, ["n", *TYPED])
        await burst_handled(app, pilot)
        first = app.screen.query_one(f"#{field}", Input)
        assert first.value == filled_in + TYPED
        assert app.focused is first
        if view == "2":
            assert app.screen.query_one("#input-document", Input).value == "09-CT/TU"
        assert len(app.screen_stack) == len(stack) + 1  # the form, and nothing else
        list_untouched(app, stack, mode)


@pytest.mark.parametrize("how", ["slowly", "in-one-burst"])
async def test_keys_typed_ahead_follow_the_form_as_typed_slowly_would(small_db: Any, how: str) -> None:
    """A burst that goes on through the form's fields ends where typing the same keys one
    by one does: Space opens the type's list, Down Down Enter picks Công văn, Tab and Enter
    move on, the text lands in the number and the issuer."""
    from screens.forms import DocumentForm

    keys = ["n", "space", "down", "down", "enter", "tab", *"09-CT/TU", "enter", *"Ban Thường vụ"]
    path, _ids = small_db
    async with started(path) as (app, pilot):
        stack, mode = list(app.screen_stack), app.current_mode
        if how == "slowly":
            for key in keys:
                await pilot.press(key)
                await settle(app, pilot)
        else:
            send_burst(app, keys)
            await burst_handled(app, pilot)
        assert isinstance(app.screen, DocumentForm)
        values = app.screen.values()
        assert (values["doc_type"], values["number"], values["issuer"]) == ("CV", "09-CT/TU", "Ban Thường vụ")
        assert app.focused is app.screen.query_one("#input-issuer")
        list_untouched(app, stack, mode)


async def test_keys_typed_right_after_e_wait_for_the_record(small_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """"e" opens the form before its record is read (slowed down here): keys typed ahead,
    and keys typed once the form shows but before the record is in it, wait for it (typed
    into an empty field, they would be overwritten by the record), then go where typed."""
    import threading

    from screens.forms import AssignmentForm

    # The record's read waits until the test lets it go (a sleep of a fixed length lost the
    # race on a loaded machine: the record was in before the form was seen mounted).
    read, release = AssignmentForm.read, threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return read(*args, **kwargs)

    monkeypatch.setattr(AssignmentForm, "read", held)
    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        stack, mode = list(app.screen_stack), app.current_mode
        send_burst(app, ["e", "tab"])
        for _ in range(500):  # not wait_for: it lets the workers finish
            if isinstance(app.screen, AssignmentForm) and app.screen.is_mounted:
                break
            await pilot.pause(0.01)
        assert not app.screen.ready_for_keys  # the record is still being read
        send_burst(app, ["tab", *" (đôn đốc lần 2)"])
        await pilot.pause(0.05)
        release.set()
        await burst_handled(app, pilot)
        assert isinstance(app.screen, AssignmentForm) and app.screen.record_id == ids["overdue"]
        title = app.screen.query_one("#input-title", Input)
        assert title.value == "Tổ chức phổ biến Chỉ thị (đôn đốc lần 2)"
        assert app.focused is title
        assert app.screen.query_one("#input-document", Input).value == "09-CT/TU"
        list_untouched(app, stack, mode)


async def test_escape_typed_right_after_n_closes_the_form(small_db: Any, open_db: Any) -> None:
    """Escape typed ahead goes to the form, not to the list: the form closes (nothing typed
    in it) and the list keeps its search (Escape on the list would have cleared it)."""
    from store import documents

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("slash")
        await type_text(pilot, "don doc")
        await pilot.press("enter")
        await settle(app, pilot)
        stack, mode = list(app.screen_stack), app.current_mode
        send_burst(app, ["n", "escape"])
        await burst_handled(app, pilot)
        assert app.screen_stack == stack and app.current_mode == mode
        assert stack[0].search == "don doc" and len(keys_shown(app)) == 1
    assert documents.count_documents(open_db(path)) == 2


@pytest.mark.parametrize("answer", [[], ["y"]], ids=["asks", "discarded"])
async def test_burst_ending_with_escape_saves_nothing(small_db: Any, open_db: Any, answer: list[str]) -> None:
    """"n", a title, Escape in one burst: the form, changed, asks before discarding (the
    key after Escape answers that question, not the form's field); nothing is saved, no
    draft is left once discarded, and the list behind never saw a key."""
    from screens.dialogs import ConfirmDialog
    from screens.forms import AssignmentForm
    from store import assignments
    from store.assignments import AssignmentQuery

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        stack, mode = list(app.screen_stack), app.current_mode
        send_burst(app, ["n", *TYPED, "escape", *answer])
        await burst_handled(app, pilot)
        if answer:
            assert app.screen_stack == stack
            await pilot.pause(0.6)  # past the draft's delay (screens.forms.DRAFT_DELAY)
            await settle(app, pilot)
            assert app.drafts().list() == []
        else:
            assert isinstance(app.screen, ConfirmDialog)
            assert isinstance(app.screen_stack[-2], AssignmentForm)
            assert app.screen_stack[-2].query_one("#input-ref", Input).value == TYPED
        list_untouched(app, stack, mode)
    assert assignments.count_assignments(open_db(path), AssignmentQuery(today=TODAY)) == 3


async def test_keys_held_for_a_form_closed_before_it_took_them_go_nowhere(
    small_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys held for a form that is closed before it is ready are dropped: neither given to
    the list (where "b" lists the drafts, "3" switches view, "q" quits) nor kept."""
    from screens.forms import FormScreen
    from tui.typeahead import HOLD_AT_MOST

    monkeypatch.setattr(FormScreen, "ready_for_keys", property(lambda self: False))
    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        stack, mode = list(app.screen_stack), app.current_mode
        send_burst(app, ["n", "b", "3", "q"])
        await wait_for(app, pilot, lambda: isinstance(app.screen, FormScreen) and len(app.type_ahead.held) == 3)
        app.screen.dismiss(None)
        await pilot.pause(HOLD_AT_MOST + 0.2)  # and none comes out when the wait is over
        await settle(app, pilot)
        assert app.type_ahead.held == []
        assert app.screen_stack == stack and app.is_running
        list_untouched(app, stack, mode)


async def test_keys_typed_at_a_clerks_pace_are_never_held(small_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing with the app keeping up, no key waits: Textual routes each as it comes."""
    from tui.typeahead import TypeAhead

    held: list[Any] = []
    hold = TypeAhead._hold
    monkeypatch.setattr(TypeAhead, "_hold", lambda self, event, *a: (held.append(event), hold(self, event, *a)))
    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        for key in ["n", *"Đôn đốc", "escape", "y"]:
            await pilot.press(key)
            await settle(app, pilot)
            if key == "c":
                assert app.focused.id == "input-ref" and app.focused.value == "Đôn đốc"
        assert len(app.screen_stack) == 1
    assert held == []


async def test_filter_overdue_assignments(small_db: Any) -> None:
    from screens.dialogs import FilterDialog

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        assert len(keys_shown(app)) == 3
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        await set_field(app, pilot, "filter-status", "overdue")
        await pilot.click("#apply")
        await settle(app, pilot)
        assert keys_shown(app) == [str(ids["overdue"])]
        assert "Đang lọc" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(keys_shown(app)) == 3


async def test_filter_by_agency_without_diacritics(small_db: Any) -> None:
    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        agency = app.screen.query_one("#filter-agency", Input)
        agency.focus()
        await type_text(pilot, "thads")
        await settle(app, pilot)
        assert agency.dropdown.has_class("-shown")
        await pilot.press("tab")  # take the suggestion
        assert agency.value == "Thi hành án dân sự tỉnh"
        await pilot.press("enter")
        await settle(app, pilot)
        assert keys_shown(app) == [str(ids["overdue"])]


async def test_an_agencys_work_is_shown_whole_whatever_was_searched_before(small_db: Any, open_db: Any) -> None:
    """Enter on an agency lists all its work in the Nhiệm vụ view: a search left there
    earlier is dropped (it hid some of it, or all, behind a "nothing found" line)."""
    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        await pilot.press("slash")
        await type_text(pilot, "chi thi")
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(keys_shown(app)) == 1
        await pilot.press("4")
        await settle(app, pilot)
        table = table_of(app)
        table.move_cursor(row=next(i for i, r in enumerate(table.rows_held) if r.name == "Sở Tư pháp"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.search == "" and not app.screen.query_one("#search").value
        assert app.screen.filters == {"agency": "Sở Tư pháp"}
        from store import assignments
        from store.assignments import AssignmentQuery

        its_work = assignments.list_assignments(open_db(path), AssignmentQuery(agency="Sở Tư pháp"))
        assert len(its_work) > 1 and sorted(keys_shown(app)) == sorted(str(r.id) for r in its_work)


def _attributes(segments: Any, *, colour: bool) -> set[tuple[Any, ...]]:
    """The looks of a drawn line: colours and attributes, or only the attributes (NO_COLOR)."""
    looks = set()
    for segment in segments:
        style = segment.style
        if style is None or not segment.text.strip():
            continue
        attrs = (style.bold, style.italic, style.underline, style.reverse)
        looks.add((style.color, style.bgcolor, *attrs) if colour else attrs)
    return looks


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no-color"])
async def test_highlighted_completion_stands_out_in_every_theme(
    small_db: Any, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    # The dropdown is never focused (the input keeps the keys): its highlighted choice must
    # still look chosen, else Tab takes a line the clerk could not tell was picked.
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    path, _ids = small_db
    async with started(path, "2", "f") as (app, pilot):
        assert app.no_color is no_color
        agency = app.screen.query_one("#filter-agency", Input)
        agency.focus()
        await type_text(pilot, "t")  # Thi hành án..., Sở Tư pháp
        await settle(app, pilot)
        dropdown = agency.dropdown
        assert dropdown.has_class("-shown") and dropdown.option_count == 2
        await pilot.press("down", "down")
        assert dropdown.highlighted == 1
        themes = [app.theme] if no_color else sorted(app.available_themes)
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            dropdown._clear_caches()
            plain = _attributes(dropdown.render_line(0), colour=not no_color)
            chosen = _attributes(dropdown.render_line(1), colour=not no_color)
            assert chosen and chosen.isdisjoint(plain), (theme, plain, chosen)
        await pilot.press("tab")
        assert agency.value == agency._values[1]


# --- details and links ------------------------------------------------------------------------------


async def test_open_document_and_follow_links_both_ways(small_db: Any) -> None:
    from screens.document_detail import DocumentDetailScreen

    path, ids = small_db
    async with started(path) as (app, pilot):
        # Newest first: the letter is on top.
        assert keys_shown(app)[0] == str(ids["letter"])
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentDetailScreen)
        assert app.screen.doc_id == ids["letter"]
        text = screen_text(app)
        assert "Thực hiện" in text and "09-CT/TU" in text
        assert "05/CT-TTg" in text and "(chưa có" in text
        # Enter on the first link (implements 09-CT/TU) opens the directive...
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.doc_id == ids["directive"]
        assert "Được thực hiện bởi" in screen_text(app)
        # ...and from there the reverse link leads back to the letter.
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.doc_id == ids["letter"]
        # An unresolved reference is shown as written and says it is not registered.
        await pilot.press("j", "enter")
        await settle(app, pilot)
        assert app.screen.doc_id == ids["letter"]
        await pilot.press("escape", "escape", "escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentDetailScreen)
        assert app.last_error is None


async def test_full_text_comes_into_view_readably(small_db: Any, open_db: Any) -> None:
    from screens.document_detail import DocumentDetailScreen
    from store import assignments, documents
    from store.assignments import AssignmentInput, DeadlineInput
    from store.documents import DocumentInput
    from tui.widgets.paged_table import PagedTable

    path, _ids = small_db
    paragraphs = [f"Đoạn {i}: nội dung chỉ đạo của Ban Thường vụ." for i in range(1, 60)]
    full_text = "\n\n".join(
        ["**CHỈ THỊ**", "về công tác thi hành án  \ndân sự", "## 1. Nhiệm vụ", *paragraphs,
         "[bold]đậm[/bold] và [/] lẻ, 5 \\* 3", "**Phạm Hùng Thái**"]
    )
    db = open_db(path)
    doc_id = documents.add(db, DocumentInput(doc_type="CT", number="11-CT/TU", issuer="Tỉnh ủy",
                                             subject="về toàn văn", full_text=full_text))
    for ref in ("1", "2", "3"):
        assignments.add(db, AssignmentInput(document_id=doc_id, ref=ref, title=f"Việc {ref}",
                                            lead=["Sở Tư pháp"],
                                            deadlines=[DeadlineInput(due=date(2026, 12, int(ref)))]))
    async with started(path) as (app, pilot):
        await app.push_screen(DocumentDetailScreen(doc_id))
        await settle(app, pilot)
        table = app.screen.query_one("#assignments", PagedTable)
        assert app.focused is table
        cursor = table.cursor_row
        await pilot.press("t")
        await settle(app, pilot)
        text = screen_text(app)
        # Brought into view at once, its markers gone, nothing else read as markup.
        assert "Toàn văn" in text and "CHỈ THỊ" in text and "1. Nhiệm vụ" in text
        assert "**" not in text and "##" not in text
        # The page has the keys now: End reads to the end instead of moving the table.
        await pilot.press("end")
        await settle(app, pilot)
        text = screen_text(app)
        assert "[bold]đậm[/bold] và [/] lẻ, 5 * 3" in text
        assert "Phạm Hùng Thái" in text and "**" not in text
        assert table.cursor_row == cursor
        await pilot.press("pageup")
        await settle(app, pilot)
        assert "Phạm Hùng Thái" not in screen_text(app)
        # Folded again, the list has the keys back.
        await pilot.press("t")
        await settle(app, pilot)
        assert app.focused is table
        assert app.last_error is None


async def test_assignment_detail_shows_deadlines_and_notes(small_db: Any, open_db: Any) -> None:
    from screens.assignment_detail import AssignmentDetailScreen
    from store import assignments

    path, ids = small_db
    db = open_db(path)
    assignments.add_note(db, ids["overdue"], "Đã họp lần 1")
    assignments.add_note(db, ids["overdue"], "Đã họp lần 2")
    async with started(path, "2") as (app, pilot):
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        text = screen_text(app)
        assert "Tổ chức phổ biến Chỉ thị" in text
        assert "31/10/2026" in text
        assert "quá hạn 23 ngày" in text
        # Notes newest first.
        assert text.index("Đã họp lần 2") < text.index("Đã họp lần 1")


# --- writing ------------------------------------------------------------------------------------------


async def test_create_document(small_db: Any, open_db: Any) -> None:
    from screens.forms import DocumentForm
    from store import documents

    path, ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentForm)
        await set_field(app, pilot, "input-doc_type", "KH")
        await set_field(app, pilot, "input-number", "15-KH/BCĐ")
        await set_field(app, pilot, "input-issuer", "Sở Tư pháp")
        await set_field(app, pilot, "input-issued", "ngày 2 tháng 3 năm 2026")
        await set_field(app, pilot, "input-subject", "Kế hoạch triển khai Chỉ thị 09-CT/TU")
        await set_field(app, pilot, "input-implements", "09-CT/TU")
        await pilot.click("#save")
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentForm)
        db = open_db(path)
        rows = documents.list_documents(db)
        new = [r for r in rows if r.number == "15-KH/BCĐ"]
        assert len(new) == 1 and new[0].issued == date(2026, 3, 2)
        detail = documents.get(db, new[0].id)
        assert [(x.relation, x.other_id) for x in detail.links] == [("implements", ids["directive"])]
        # The list shows it, cursor on it.
        assert table_of(app).current_key == str(new[0].id)


async def test_invalid_date_rejected_inline_and_nothing_saved(small_db: Any, open_db: Any) -> None:
    from screens.dialogs import ConfirmDialog
    from screens.forms import DocumentForm
    from store import documents

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("n")
        await settle(app, pilot)
        await set_field(app, pilot, "input-doc_type", "CV")
        await set_field(app, pilot, "input-issuer", "Sở Tư pháp")
        await set_field(app, pilot, "input-issued", "31/02/2026")
        await set_field(app, pilot, "input-subject", "Ngày sai")
        await pilot.click("#save")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentForm)
        error = app.screen.query_one("#error-issued")
        assert error.display and "31/02/2026" in str(error.render())
        assert "Ngày không tồn tại" in screen_text(app)
        assert app.focused is app.screen.query_one("#input-issued")
        # A missing subject is caught by the store and shown at its field too.
        await set_field(app, pilot, "input-issued", "28/02/2026")
        await set_field(app, pilot, "input-subject", "")
        await pilot.click("#save")
        await settle(app, pilot)
        assert app.screen.query_one("#error-subject").display
        # Escape on a changed form asks before discarding.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentForm)
    assert documents.count_documents(open_db(path)) == 2


async def test_create_assignment_from_document(small_db: Any, open_db: Any) -> None:
    from screens.document_detail import DocumentDetailScreen
    from screens.forms import AssignmentForm
    from store import assignments
    from store.assignments import AssignmentQuery

    path, ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("G", "enter")  # the directive (oldest)
        await settle(app, pilot)
        assert app.screen.doc_id == ids["directive"]
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentForm)
        assert app.screen.query_one("#input-document", Input).value == "09-CT/TU"  # not "#3 09-CT/TU"
        await set_field(app, pilot, "input-ref", "3")
        await set_field(app, pilot, "input-title", "Tổng kết 5 năm thực hiện Chỉ thị")
        lead = app.screen.query_one("#input-lead", Input)
        lead.focus()
        await type_text(pilot, "tu phap")
        await settle(app, pilot)
        await pilot.press("tab")
        assert lead.value == "Sở Tư pháp"
        await set_field(app, pilot, "input-due", "15/12/2026")
        await pilot.click("#save")
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentDetailScreen)
        assert "Tổng kết 5 năm" in screen_text(app)
    rows = assignments.list_assignments(open_db(path), AssignmentQuery(document_id=ids["directive"], today=TODAY))
    new = [r for r in rows if r.ref == "3"]
    assert len(new) == 1
    assert new[0].lead == ("Sở Tư pháp",) and new[0].next_due == date(2026, 12, 15)


def test_document_field_names_a_document_as_clerks_do() -> None:
    """A document field shows a document by its number ("09-CT/TU"), not its internal id
    ("#3 09-CT/TU"); the id is added only for a document without a number, or for a second
    document with the same label. Each value given names its document; a draft's "#N …" of an
    earlier version still does; text typed by hand is left to the search (the assignment form)
    or kept as a reference as written (the permitting document of an extension)."""
    from screens.dialogs import DocumentValues
    from screens.followup import document_reference

    given = DocumentValues()
    assert given.value(3, "09-CT/TU", numbered=True) == "09-CT/TU"
    assert given.value(3, "09-CT/TU", numbered=True) == "09-CT/TU"  # again: the same
    assert given.value(8, "09-CT/TU", numbered=True) == "09-CT/TU (mã 8)"  # another province's
    assert given.value(7, "Kế hoạch 05/01/2024", numbered=False) == "Kế hoạch 05/01/2024 (mã 7)"
    assert [given.named(v) for v in ("09-CT/TU", " 09-CT/TU (mã 8) ", "Kế hoạch 05/01/2024 (mã 7)")] == [
        ("09-CT/TU", 3), ("09-CT/TU", 8), ("Kế hoạch 05/01/2024", 7)]
    fresh = DocumentValues()
    assert fresh.named("#12 2687-CV/TU") == ("2687-CV/TU", 12) and fresh.named("x (mã 4)") == ("x", 4)
    assert fresh.named("09-CT/TU") == ("09-CT/TU", None)  # typed by hand
    assert document_reference("09-CT/TU (mã 8)", given) == ("09-CT/TU", 8)
    assert document_reference("Công văn số 12/UBND", given) == ("Công văn số 12/UBND", None)
    assert document_reference("  ", given) == (None, None)


async def test_edit_assignment_keeps_unchanged_deadline(small_db: Any, open_db: Any) -> None:
    from screens.forms import AssignmentForm
    from store import assignments

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentForm)
        assert app.screen.query_one("#input-due", Input).value == "31/10/2026"
        await set_field(app, pilot, "input-title", "Tổ chức phổ biến, quán triệt Chỉ thị")
        await pilot.click("#save")
        await settle(app, pilot)
        assert not isinstance(app.screen, AssignmentForm)
    detail = assignments.get(open_db(path), ids["overdue"], on=TODAY)
    assert detail.row.title == "Tổ chức phổ biến, quán triệt Chỉ thị"
    assert [d.due for d in detail.deadlines] == [date(2026, 10, 31)]
    assert detail.row.support == ("Sở Tư pháp",)


async def test_conflict_offers_theirs_or_mine(small_db: Any, open_db: Any) -> None:
    from screens.conflict import ConflictDialog
    from screens.forms import DocumentForm
    from store import documents

    path, ids = small_db
    db = open_db(path)
    async with started(path) as (app, pilot):
        await pilot.press("e")  # the letter
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentForm)
        # Someone else saves the letter meanwhile.
        current = documents.get(db, ids["letter"])
        data = documents.as_input(current)
        data.subject = "Sửa bởi người khác"
        documents.update(db, ids["letter"], data, expected_version=current.version)
        await set_field(app, pilot, "input-subject", "Sửa bởi tôi")
        await pilot.click("#save")
        await settle(app, pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert "người khác" in screen_text(app)
        await pilot.press("r")  # keep theirs
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentForm)
        assert app.screen.query_one("#input-subject", Input).value == "Sửa bởi người khác"
        await set_field(app, pilot, "input-subject", "Sửa bởi tôi, sau khi xem")
        await pilot.click("#save")
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentForm)
    assert documents.get(db, ids["letter"]).subject == "Sửa bởi tôi, sau khi xem"


async def test_mark_done(small_db: Any, open_db: Any) -> None:
    from screens.dialogs import InputDialog
    from store import assignments

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        assert app.screen.query_one(Input).value == "23/11/2026"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.overdue_count == 0
        assert "✓ Xong trễ" in screen_text(app)
    detail = assignments.get(open_db(path), ids["overdue"], on=TODAY)
    assert detail.row.work_status == "done" and detail.row.done_on == TODAY
    assert detail.row.status == "done_late"


async def test_add_note_from_detail(small_db: Any, open_db: Any) -> None:
    from screens.assignment_detail import AssignmentDetailScreen
    from store import assignments

    path, ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("2", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # empty: refused inline
        await pilot.pause()
        assert "Bắt buộc" in screen_text(app)
        await type_text(pilot, "Đã gửi công văn đôn đốc")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        assert "Đã gửi công văn đôn đốc" in screen_text(app)
    notes = assignments.get(open_db(path), ids["overdue"]).notes
    assert [n.text for n in notes] == ["Đã gửi công văn đôn đốc"]


async def test_export_current_view(small_db: Any, home: Path) -> None:
    from screens.dialogs import FieldsDialog

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        # Filtered view: only Sở Tư pháp's assignments are exported.
        app.screen.filters = {"agency": "Sở Tư pháp", "role": "lead"}
        app.screen.reload()
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        default = app.screen.query_one(Input).value
        assert default == str(home / "nhiem-vu-20261123.csv")
        await pilot.press("enter")
        await settle(app, pilot)
    out = home / "nhiem-vu-20261123.csv"
    assert out.exists()
    # store.export's writer: each row names its document, so the file can be imported again.
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    title, lead = rows[0].index("Nhiệm vụ"), rows[0].index("Cơ quan chủ trì")
    assert rows[0][0] == "Số ký hiệu"
    assert sorted(r[title] for r in rows[1:]) == ["Báo cáo sơ kết", "Kiểm tra, giám sát"]
    assert all(r[lead] == "Sở Tư pháp" for r in rows[1:])


# --- keys, palette, help, language, small terminals ----------------------------------------------------


async def test_help_lists_every_key_of_the_screen(small_db: Any) -> None:
    from screens.help import HelpScreen

    path, _ids = small_db
    async with started(path, "2", size=(80, 40)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for word in ("Tìm", "Lọc", "Thêm mới", "Sửa", "Hoàn thành", "Ghi tiến độ", "Xuất CSV",
                     "Dòng đầu", "Dòng cuối", "Trợ giúp", "Thoát", "Bảng lệnh"):
            assert word in text, word
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_finds_commands_without_diacritics(small_db: Any) -> None:
    from screens.commands import ScreenCommands
    from screens.dialogs import FilterDialog

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        provider = ScreenCommands(app.screen)
        names = [hit.text async for hit in provider.search("loc")]
        assert "Lọc" in names
        names = [hit.text async for hit in provider.search("hoan thanh")]
        assert names and names[0] == "Hoàn thành"
        # Through the real palette: ctrl+p, type, Enter runs it.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "loc")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert isinstance(app.screen, FilterDialog)


async def _palette_options(app: Any, pilot: Any, query: str) -> list[str]:
    from textual.command import CommandList

    await type_text(pilot, query)
    await pilot.pause(0.8)  # past the palette's 0.5 s wait before "no matches"
    options = app.screen.query_one(CommandList).options
    prompts = [getattr(o.prompt, "renderable", o.prompt) for o in options]  # "no matches" is centred
    return [str(getattr(p, "plain", p)) for p in prompts]


async def test_palette_system_commands_without_diacritics(small_db: Any) -> None:
    """Textual's system commands (drafts, colours, quit) and its theme list match as ours do,
    and "no matches" is said in Vietnamese."""
    from screens.commands import Palette
    from screens.drafts import DraftsDialog

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        for query, name in (("thoat", "Thoát"), ("ban nhap", "Bản nháp chưa lưu"), ("doi bang mau", "Đổi bảng màu")):
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert any(o.startswith(name) for o in await _palette_options(app, pilot, query)), query
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert await _palette_options(app, pilot, "khong co lenh nay") == ["Không có lệnh nào khớp"]
        await pilot.press("escape")
        await pilot.pause()
        # The colour themes: our palette (Vietnamese words), Enter changes the theme.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _palette_options(app, pilot, "doi bang mau")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, Palette)
        assert any(o.startswith("nord") for o in await _palette_options(app, pilot, "nord"))
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == "nord"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _palette_options(app, pilot, "ban nhap")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DraftsDialog)


async def test_english_interface(small_db: Any) -> None:
    path, _ids = small_db
    async with started(path, lang="en") as (app, _pilot):
        text = screen_text(app)
        assert "Documents" in text and "Subject" in text and "Search" in text
        assert "1 overdue" in text


async def test_small_terminal_gets_a_notice(small_db: Any) -> None:
    from screens.help import TooSmallScreen

    path, _ids = small_db
    async with started(path, size=(40, 10)) as (app, pilot):
        assert isinstance(app.screen, TooSmallScreen)
        assert "quá nhỏ" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert not isinstance(app.screen, TooSmallScreen)


async def test_readable_at_60x20(small_db: Any) -> None:
    path, _ids = small_db
    async with started(path, size=(60, 20)) as (app, pilot):
        text = screen_text(app)
        assert "09-CT/TU" in text and "23/11/2026" in text
        await pilot.press("2")
        await settle(app, pilot)
        assert "⚠ Quá hạn" in screen_text(app)


async def test_paging_never_holds_the_whole_table(tmp_path: Path) -> None:
    from store import documents
    from store.db import Database
    from store.documents import DocumentInput
    from tui.widgets.paged_table import MAX_WINDOW, PAGE

    path = tmp_path / "many.db"
    db = Database(path, actor="tester")

    def fill(session: Any) -> None:
        for i in range(650):
            documents.add_in(session, DocumentInput(
                doc_type="CV", number=f"{i}/CV", issuer="Sở Tư pháp", subject=f"Văn bản {i}",
                issued=date(2020, 1, 1) + (date(2020, 1, 2) - date(2020, 1, 1)) * i))

    db.write(fill)
    db.dispose()
    async with started(path) as (app, pilot):
        table = table_of(app)
        assert table.total == 650 and len(table.rows_held) == PAGE
        assert table.rows_held[0].number == "649/CV"
        for _ in range(6):  # page down to the end of the window: the next page loads
            await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
            await settle(app, pilot)
        assert len(table.rows_held) > PAGE
        assert len(table.rows_held) <= MAX_WINDOW
        await pilot.press("G")
        await settle(app, pilot)
        assert table.current_row.number == "0/CV"
        assert len(table.rows_held) <= MAX_WINDOW
        assert table.window_start == 650 - len(table.rows_held)
        await pilot.press("g")
        await settle(app, pilot)
        assert table.current_row.number == "649/CV"
        assert app.last_error is None


# --- user text is data -------------------------------------------------------------------------------


async def test_nasty_strings_shown_literally_on_every_screen(nasty_db: Any) -> None:
    from screens.assignment_detail import AssignmentDetailScreen
    from screens.document_detail import DocumentDetailScreen

    path, _ids = nasty_db
    async with started(path, size=(120, 50)) as (app, pilot):
        text = screen_text(app)
        for s in ("[TODO] rà soát", "[bold]đậm[/bold] và [/] lẻ", "kết thúc [/b] sai",
                  "[link=x]liên kết[/link]", "[@click=app.quit]bấm[/]"):
            assert s in text, s
        assert "\x1b" not in text and "\x07" not in text
        # Each nasty document's detail, and each assignment's.
        for _ in range(len(NASTY)):
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, DocumentDetailScreen)
            await pilot.press("escape", "j")
            await settle(app, pilot)
        # Forms hold user text as typed too (the top row is the tab/newline one).
        from screens.forms import DocumentForm

        for row in range(len(NASTY)):
            await pilot.press("g", *(["j"] * row), "e")
            await settle(app, pilot)
            assert isinstance(app.screen, DocumentForm)
            subject = app.screen.query_one("#input-subject", Input).value
            assert subject == NASTY[len(NASTY) - 1 - row].replace("\x1b", "").replace("\x07", "")
            await pilot.press("escape")
            await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        assert "[@click=app.quit]bấm[/]" in screen_text(app)
        for _ in range(len(NASTY) + 1):
            await pilot.press("enter")
            await settle(app, pilot)
            assert isinstance(app.screen, AssignmentDetailScreen)
            await pilot.press("h")  # history too
            await settle(app, pilot)
            await pilot.press("escape", "j")
            await settle(app, pilot)
        # The overdue assignment holds every nasty note.
        await pilot.press("g", "enter")
        await settle(app, pilot)
        assert "[@click=app.quit]bấm[/]" in screen_text(app)
        # Search for markup-looking text, and a nasty notice.
        await pilot.press("escape", "slash")
        await type_text(pilot, "[/b]")
        await pilot.pause(0.4)
        await settle(app, pilot)
        app.say("[/b] [@click=app.quit]x[/]")
        await pilot.pause()
        for view in ("3", "4", "1"):
            await pilot.press(view)
            await settle(app, pilot)
        assert app.is_running
        assert app.return_code is None


# --- startup ----------------------------------------------------------------------------------------


def test_app_module_does_not_import_the_orm() -> None:
    code = (
        "import sys; import tui.app, tui.run, screens.documents, screens.assignments, "
        "screens.deadlines, screens.agencies, screens.forms, screens.document_detail, "
        "screens.assignment_detail; "
        "bad = [m for m in ('sqlalchemy', 'sqlmodel', 'store.db', 'store.models') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[2], check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_store_does_not_import_textual() -> None:
    code = (
        "import sys; import store.documents, store.assignments, store.agencies, store.settings; "
        "sys.exit(1 if 'textual' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                            check=False)
    assert result.returncode == 0


def test_dumb_terminal_refused(tmp_path: Path) -> None:
    env = dict(os.environ, TERM="dumb", DONDOC_LANG="vi")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[2],
        timeout=60, check=False,
    )
    assert result.returncode == 1
    assert "Thiết bị đầu cuối không được hỗ trợ" in result.stderr


@pytest.mark.parametrize(("view", "name", "rows"), [("1", "van-ban", 2), ("3", "thoi-han", 3), ("4", "co-quan", 2)])
async def test_export_other_views(small_db: Any, home: Path, view: str, name: str, rows: int) -> None:
    if view == "3":
        pytest.importorskip("store.agenda", reason="store.agenda is not written yet")
    path, _ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press(view)
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.last_error is None
    out = home / f"{name}-20261123.csv"
    data = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert len(data) == 1 + rows


async def test_office_name_from_settings(small_db: Any, open_db: Any) -> None:
    from store import settings

    path, _ids = small_db
    settings.set(open_db(path), settings.OFFICE_NAME, "Ban Nội chính Tỉnh ủy")
    async with started(path) as (app, _pilot):
        assert app.office == "Ban Nội chính Tỉnh ủy"
        assert "Ban Nội chính" in screen_text(app).splitlines()[0]


async def test_unusable_database_reported_once(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    async with started(bad) as (app, _pilot):
        assert app.is_running
        assert app.last_error is not None
        assert len(app._notifications) == 1
        (notice,) = list(app._notifications)
        assert "không phải cơ sở dữ liệu dondoc" in notice.message
        status = screen_text(app).splitlines()[-2]  # the status line says it too
        assert status.startswith(" ⚠ Tệp ") and "not-a-db" in status


async def test_app_keys_do_not_act_over_a_form(small_db: Any) -> None:
    """A drop-down list focused in a form lets keys through: "2" switched the view away from
    the form, "1" closed it and "b" listed the drafts over it. Over a form (or a dialog) they
    do nothing; Esc (or the form's own "q") leaves it, and on the list they act again."""
    from screens.documents import DocumentsScreen
    from screens.forms import DocumentForm
    from textual.widgets import Select

    path, _ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, DocumentForm) and isinstance(app.focused, Select)
        for key in ("2", "1", "b"):
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen is form and app.current_mode == "documents", key
        await pilot.press("q")  # the form's own key: cancel, as Esc (nothing was typed)
        await settle(app, pilot)
        assert isinstance(app.screen, DocumentsScreen)
        await pilot.press("2")
        await settle(app, pilot)
        assert app.current_mode == "assignments"


@pytest.mark.parametrize(("lang", "shown", "english"), [("vi", "Đóng danh sách", "Dismiss menu"),
                                                        ("en", "Close the list", "Dismiss menu")])
async def test_key_bar_of_an_open_drop_down_list_is_translated(small_db: Any, lang: str, shown: str,
                                                              english: str) -> None:
    """Textual's own key of an open drop-down list (Esc) is shown in the interface's words."""
    from textual.widgets import Select

    from tui.widgets.keybar import KeyBar

    path, _ids = small_db
    async with started(path, lang=lang) as (app, pilot):
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.focused, Select)
        await pilot.press("space")  # opens the list
        await settle(app, pilot)
        assert isinstance(app.focused, SelectOverlay)
        hints = [h.description for h in app.screen.query_one(KeyBar).hints()[0]]
        assert shown in hints and english not in hints


async def test_enter_on_a_drop_down_list_moves_on_and_space_opens_it(small_db: Any, open_db: Any) -> None:
    """Enter on a closed drop-down field (Loại văn bản, Tình trạng) goes to the next field,
    as in a text field, and saves from the last one; Space (shown in the hint) opens it."""
    from screens.forms import AssignmentForm, DocumentForm
    from store import assignments

    path, ids = small_db
    async with started(path) as (app, pilot):
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, DocumentForm) and app.focused is form.query_one("#input-doc_type")
        assert "Space: mở danh sách" in screen_text(app)
        await pilot.press("space")
        await settle(app, pilot)
        assert isinstance(app.focused, SelectOverlay)
        await pilot.press("down", "enter")  # the first type (after the blank), chosen
        await settle(app, pilot)
        assert app.focused is form.query_one("#input-doc_type")
        assert form.query_one("#input-doc_type", Select).value == "CT"
        await pilot.press("enter")  # closed: on to the number
        await settle(app, pilot)
        assert app.screen is form and app.focused is form.query_one("#input-number")
        assert form.query_one("#input-doc_type", Select).expanded is False
    # The last field of a form is a drop-down list (an assignment's status): Enter saves.
    async with started(path, "2") as (app, pilot):
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AssignmentForm)
        await set_field(app, pilot, "input-title", "Tổ chức phổ biến (sửa)")
        form.query_one("#input-work_status").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, AssignmentForm)
    assert assignments.get(open_db(path), ids["overdue"], on=TODAY).row.title == "Tổ chức phổ biến (sửa)"


async def new_document_form(app: Any, pilot: Any) -> Any:
    """`n` in the document register: the new document's form, its type field focused."""
    from screens.forms import DocumentForm

    await pilot.press("n")
    await settle(app, pilot)
    assert isinstance(app.screen, DocumentForm)
    return app.screen


@pytest.mark.parametrize("typed", ["cv", "cong van", "Công văn"])
async def test_letters_in_an_open_drop_down_list_find_the_option(small_db: Any, typed: str) -> None:
    """In a form's open list, letters go to the option they name, diacritics optional (the
    labels are literal text, which Textual's own search passed over: letters did nothing,
    and Enter then kept "(chọn)"). Closed, a letter is still the form's."""
    path, _ids = small_db
    async with started(path) as (app, pilot):
        form = await new_document_form(app, pilot)
        await pilot.press("space")
        await settle(app, pilot)
        assert isinstance(app.focused, SelectOverlay)
        await pilot.press(*["space" if c == " " else c for c in typed], "enter")
        await settle(app, pilot)
        assert form.query_one("#input-doc_type", Select).value == "CV"
        assert app.focused is form.query_one("#input-doc_type")
        await pilot.press("enter", *"12/STP")  # on to the number, typed there
        await settle(app, pilot)
        assert form.query_one("#input-number", Input).value == "12/STP"


async def test_ctrl_s_saves_a_form_from_any_field(small_db: Any, open_db: Any) -> None:
    """Ctrl+S saves from any field (shown in the key bar, as in the intake screen); before,
    only Enter on the last field or the Lưu button did, and Ctrl+S did nothing."""
    from screens.forms import DocumentForm
    from store import documents
    from tui.widgets.keybar import KeyBar

    path, _ids = small_db
    async with started(path) as (app, pilot):
        form = await new_document_form(app, pilot)
        assert ("ctrl+s", "Lưu") in [(h.key, h.description) for h in form.query_one(KeyBar).hints()[0]]
        await set_field(app, pilot, "input-doc_type", "CV")
        await set_field(app, pilot, "input-issuer", "Sở Tư pháp")
        await set_field(app, pilot, "input-subject", "Về việc [bold]thử[/] nghiệm")
        await pilot.press("ctrl+s")  # in the subject field, far from the last one
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentForm)
    assert "Về việc [bold]thử[/] nghiệm" in [d.subject for d in documents.list_documents(open_db(path))]


async def test_every_invalid_field_said_at_once_and_each_message_goes_when_its_field_changes(
        small_db: Any, open_db: Any) -> None:
    """Saving an empty new document said only that the type was missing; now the type, the
    issuer and the subject each get a message under them, focus on the first. A message stayed
    under a field after it was corrected ("Ngày không tồn tại: «31/02/2026»" under
    31/01/2027): it goes as soon as the field changes."""
    from screens.forms import DocumentForm
    from store import documents

    path, _ids = small_db
    async with started(path) as (app, pilot):
        form = await new_document_form(app, pilot)
        await pilot.click("#save")
        await settle(app, pilot)
        assert app.screen is form

        def shown() -> dict[str, str]:
            return {e.id.removeprefix("error-"): str(e.render()) for e in form.query(".field-error")
                    if e.display}

        assert shown() == {"doc_type": "Bắt buộc chọn.", "issuer": "Bắt buộc nhập.",
                           "subject": "Bắt buộc nhập."}
        assert app.focused is form.query_one("#input-doc_type")
        # Each field corrected loses its own message, the others keep theirs.
        await set_field(app, pilot, "input-doc_type", "CV")
        assert set(shown()) == {"issuer", "subject"}
        await set_field(app, pilot, "input-issuer", "Sở Tư pháp")
        await set_field(app, pilot, "input-subject", "Ngày sai")
        await set_field(app, pilot, "input-issued", "31/02/2026")
        assert shown() == {}
        await pilot.click("#save")
        await settle(app, pilot)
        assert set(shown()) == {"issued"} and "31/02/2026" in shown()["issued"]
        assert app.focused is form.query_one("#input-issued")
        await pilot.press("end", *["backspace"] * 10)  # a clerk retyping the date
        await type_text(pilot, "31/01/2026")  # not after today (store.documents.check_dates)
        await settle(app, pilot)
        assert form.query_one("#input-issued", Input).value == "31/01/2026"
        assert shown() == {} and "Ngày không tồn tại" not in screen_text(app)
        await pilot.click("#save")
        await settle(app, pilot)
        assert not isinstance(app.screen, DocumentForm)
    saved = [r for r in documents.list_documents(open_db(path)) if r.subject == "Ngày sai"]
    assert [r.issued for r in saved] == [date(2026, 1, 31)]


async def test_new_assignment_says_every_missing_field(small_db: Any, open_db: Any) -> None:
    from screens.forms import AssignmentForm
    from store import assignments
    from store.assignments import AssignmentQuery

    path, _ids = small_db
    async with started(path, "2") as (app, pilot):
        before = len(assignments.list_assignments(open_db(path), AssignmentQuery(today=TODAY)))
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AssignmentForm)
        await set_field(app, pilot, "input-document", "")  # (filled from the row under the cursor)
        await set_field(app, pilot, "input-ref", "9")
        await pilot.click("#save")
        await settle(app, pilot)
        shown = {e.id.removeprefix("error-") for e in form.query(".field-error") if e.display}
        assert shown == {"document", "title", "lead"}
        assert "cơ quan chủ trì" in screen_text(app)
        assert app.focused is form.query_one("#input-document")
    assert len(assignments.list_assignments(open_db(path), AssignmentQuery(today=TODAY))) == before


async def test_escape_in_the_extend_dialog_asks_before_dropping_what_was_typed(
        small_db: Any, open_db: Any) -> None:
    """Esc in "Gia hạn" threw away the new date and the reason typed; now it asks, as the
    forms do ("Sửa tiếp" goes back to the dialog as typed). Untouched, Esc just closes it."""
    from screens.assignment_detail import AssignmentDetailScreen
    from screens.dialogs import ConfirmDialog, FieldsDialog
    from store import assignments

    path, ids = small_db
    async with started(path, "2") as (app, pilot):
        await open_extend_dialog(app, pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
        await pilot.press("l")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, FieldsDialog)
        await type_text(pilot, "15/12/2026")
        await pilot.press("enter")
        await type_text(pilot, "Chờ ý kiến")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.values()["new_due"] == "15/12/2026" and dialog.values()["reason"] == "Chờ ý kiến"
        await pilot.click("#cancel")  # the Cancel button asks too
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, AssignmentDetailScreen)
    detail = assignments.get(open_db(path), ids["overdue"], on=TODAY)
    assert not detail.deadlines[0].extensions
