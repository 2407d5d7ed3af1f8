"""An Input with a small dropdown of completions (agency names, documents).

Textual's suggester shows only the tail of a suggestion that starts with what was typed, so it
cannot offer `Tư pháp` for `tu phap` or `Sở Tư pháp` for `tư pháp`. This input asks a
completion function (diacritic-insensitive, in the store) in a thread worker and lists up to
`LIMIT` matches under the field: Down/Up move, Enter or Tab takes one, Escape closes the list.
With `multi=True` the value is a `;`-separated list and only the part being typed is completed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from tui.widgets.errors import ReportsWorkerErrors
from tui.widgets.keys import translate_bindings

LIMIT = 6


class CompletionList(OptionList, can_focus=False):
    """The dropdown under a CompletingInput (never focused: the input keeps the keys)."""

    DEFAULT_CSS = """
    CompletionList {
        display: none;
        max-height: 6;
        margin: 0 0 0 0;
        border: none;
        padding: 0;
        background: $boost;
    }
    CompletionList.-shown { display: block; }
    /* Never focused, so OptionList would draw the highlighted choice with its blurred
       cursor, which the ANSI themes leave with no colour and no style at all: the input
       keeps the keys for the list, so the choice is drawn as a focused list's cursor. */
    CompletionList > .option-list--option-highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """


class CompletingInput(ReportsWorkerErrors, Input):
    """An input completing from `complete(text) -> [(label, value)]` (called in a thread).

    Args:
        complete: completion function; gets the text being typed (the last `;` part when
            `multi`), returns (label shown, value inserted) pairs.
        multi: the value is a `;`-separated list.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "completion_next", "tui.key.completion_next", show=False),
        Binding("up", "completion_previous", "tui.key.completion_previous", show=False),
        Binding("enter", "completion_accept", "tui.key.completion_accept", show=False),
        Binding("tab", "completion_take", "tui.key.completion_accept", show=False),
        Binding("escape", "completion_close", "tui.key.completion_close", show=False),
    ]

    def __init__(
        self,
        complete: Callable[[str], list[tuple[str, str]]],
        *,
        multi: bool = False,
        value: str | None = None,
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
        compact: bool = False,
    ) -> None:
        # Never selecting on focus, as every input of the app: else whether a value filled
        # in by a worker (a form's record, its default document) was selected, and typing
        # replaced it, depended on whether the field handled its focus before or after.
        super().__init__(
            value=value, placeholder=placeholder, id=id, classes=classes, compact=compact,
            select_on_focus=False,
        )
        translate_bindings(self)
        self._complete = complete
        self.multi = multi
        self.dropdown = CompletionList()
        self._values: list[str] = []
        self._quiet = False

    def on_mount(self) -> None:
        # In a one-line form row (label | input) the list goes under the whole row.
        parent = self.parent
        assert parent is not None
        if parent.has_class("form-row") and parent.parent is not None:
            parent.parent.mount(self.dropdown, after=parent)
        else:
            parent.mount(self.dropdown, after=self)

    @property
    def shown(self) -> bool:
        return self.dropdown.has_class("-shown")

    def _segment(self) -> str:
        return self.value.rsplit(";", 1)[-1].strip() if self.multi else self.value.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        if self._quiet:
            self._quiet = False
            return
        text = self._segment()
        if not text or not self.has_focus:
            self._hide()
            return
        self._lookup(text)

    @work(thread=True, exclusive=True, group="completion", exit_on_error=False)
    def _lookup(self, text: str) -> None:
        found = self._complete(text)[:LIMIT]
        self.app.call_from_thread(self._show, text, found)

    def _show(self, text: str, found: list[tuple[str, str]]) -> None:
        if text != self._segment() or not self.has_focus:
            return
        if not found or (len(found) == 1 and found[0][1] == text):
            self._hide()
            return
        self._values = [v for _, v in found]
        self.dropdown.clear_options()
        self.dropdown.add_options([Option(Content(label)) for label, _ in found])
        self.dropdown.highlighted = None
        self.dropdown.add_class("-shown")
        self.refresh_bindings()

    def _hide(self) -> None:
        if self.shown:
            self.dropdown.remove_class("-shown")
            self.refresh_bindings()

    def on_blur(self) -> None:
        self._hide()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("completion_next", "completion_previous", "completion_close", "completion_take"):
            return self.shown
        return True

    def action_completion_next(self) -> None:
        count = self.dropdown.option_count
        current = self.dropdown.highlighted
        self.dropdown.highlighted = 0 if current is None else min(current + 1, count - 1)

    def action_completion_previous(self) -> None:
        current = self.dropdown.highlighted
        if current is not None:
            self.dropdown.highlighted = max(current - 1, 0)

    def action_completion_close(self) -> None:
        self._hide()

    def action_completion_take(self) -> None:
        if self.dropdown.highlighted is None:
            self.dropdown.highlighted = 0
        self._take()

    async def action_completion_accept(self) -> None:
        if self.shown and self.dropdown.highlighted is not None:
            self._take()
        else:
            self._hide()
            await self.action_submit()

    def _take(self) -> None:
        index = self.dropdown.highlighted
        if index is None or index >= len(self._values):
            return
        choice = self._values[index]
        if self.multi:
            before = [p.strip() for p in self.value.split(";")[:-1] if p.strip()]
            new_value = "; ".join([*before, choice])
        else:
            new_value = choice
        if new_value != self.value:
            self._quiet = True  # our own change: no new lookup
        self.value = new_value
        self.cursor_position = len(new_value)
        self._hide()

    def values(self) -> list[str]:
        """The `;`-separated parts (or the one value), stripped, blanks dropped."""
        parts = self.value.split(";") if self.multi else [self.value]
        return [p.strip() for p in parts if p.strip()]
