"""Unsaved drafts (store.drafts): the list `b` shows, and the form each one reopens.

A draft is what a clerk had typed in a form that was never saved nor abandoned: the SSH
connection dropped, the process was killed. Enter reopens the form with those values (an
edit still saves against the version the clerk started from, so a change made meanwhile by
someone else comes up as a conflict); `x` throws the draft away.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from screens.dialogs import Dialog
from store.i18n import t


def parse_key(key: str) -> tuple[str, int | None] | None:
    """("document" | "assignment", record id or None for a new one), or None if unknown."""
    entity, _, rest = key.partition(":")
    if entity not in ("document", "assignment"):
        return None
    if rest == "new":
        return entity, None
    return (entity, int(rest)) if rest.isdigit() else None


def describe(key: str) -> str:
    """The form a draft belongs to, in words ("Sửa văn bản mã 12")."""
    parsed = parse_key(key)
    if parsed is None:
        return key
    entity, record_id = parsed
    if record_id is None:
        return t(f"tui.form.new_{entity}")
    return t(f"tui.form.edit_{entity}", id=record_id)


def form_for_draft(key: str) -> Any | None:
    """The form that reopens this draft (filled with it), or None for an unknown key."""
    from screens.forms import AssignmentForm, DocumentForm

    parsed = parse_key(key)
    if parsed is None:
        return None
    entity, record_id = parsed
    form = DocumentForm if entity == "document" else AssignmentForm
    return form(record_id, restore_draft=True)


class DraftsDialog(Dialog):
    """The clerk's drafts, newest first. Returns the key of the one to reopen, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "discard", "tui.key.discard_draft"),
    ]

    DEFAULT_CSS = """
    DraftsDialog OptionList { height: auto; max-height: 12; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            yield OptionList(id="drafts")
            yield Static(Content(t("tui.multi.drafts_hint")), classes="dialog-hint")

    def __init__(self) -> None:
        super().__init__(t("tui.multi.drafts_title"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._list()

    @work(thread=True, exclusive=True, group="drafts-list", exit_on_error=False)
    def _list(self) -> None:
        infos = self.app.drafts().list()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, infos)

    def _show(self, infos: list[Any]) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for info in infos:
            at = info.saved_at if info.saved_at.tzinfo else info.saved_at.replace(tzinfo=UTC)
            label = f"{describe(info.key)} — {at.astimezone():%H:%M %d/%m/%Y}"
            options.add_option(Option(Content(label), id=info.key))
        if not infos:
            options.add_option(Option(Content(t("tui.multi.no_drafts")), disabled=True))
        else:
            options.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_discard(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        key = options.get_option_at_index(options.highlighted).id
        if key:
            self._discard(key)

    @work(thread=True, group="drafts-discard", exit_on_error=False)
    def _discard(self, key: str) -> None:
        drafts = self.app.drafts()  # type: ignore[attr-defined]
        drafts.discard(key)
        infos = drafts.list()
        self.app.call_from_thread(self._show, infos)
        self.app.call_from_thread(self.app.notify, t("tui.multi.draft_discarded"))
