"""Small modal dialogs: confirm, choose, one-line input, filters.

Each returns its answer through `dismiss` (use `push_screen(dialog, callback)`); Escape
always means "no / cancel", and asks first when something typed would be lost. A dialog
that writes (`SubmitDialog`'s `save`) closes only once the store has accepted the write; a
refusal is said in it, with what was typed still there. User text is shown as typed
(Content, never markup).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from store.errors import DatabaseError, PermissionDenied, StoreError
from store.i18n import number, t
from store.vocab import DOC_TYPES
from tui.widgets.choice import ChoiceSelect, SearchingSelect
from tui.widgets.completing_input import CompletingInput
from tui.widgets.errors import ReportsWorkerErrors
from tui.widgets.keys import translate_bindings



_DOC_REF = re.compile(r"^#(\d+)\s*(.*)$")
"""A document named by its id first ("#7 2687-CV/TU"): values of earlier versions (drafts)."""
_DOC_ID = re.compile(r"^(.*?)\s*\((?:mã|id) (\d+)\)\s*$")
"""A document named by its id last ("Kế hoạch 05/01/2024 (mã 7)", `DocumentValues.value`)."""


def unnumbered(label: str) -> bool:
    """`label` is how a document without a number is named (store.rows.document_label: its
    type, and its date of issue if any: "Kế hoạch 05/01/2024")."""
    names = {name for name, _ in DOC_TYPES.values()}
    head, _, tail = label.rpartition(" ")
    return label in names or (head in names and re.fullmatch(r"\d{2}/\d{2}/\d{4}", tail) is not None)


class DocumentValues:
    """The values a document field is given (a suggestion taken, a default, a record's), each
    naming its document as clerks do: "2687-CV/TU", not an internal "#4 2687-CV/TU". The id is
    added ("Kế hoạch 05/01/2024 (mã 7)") only for a document without a number, or when
    another document given here had the same label. Remembers which document each names."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def value(self, document_id: int, label: str, *, numbered: bool) -> str:
        known = self._ids.get(label)
        value = label
        if not numbered or known not in (None, document_id):
            value = f"{label} ({t('tui.form.document_id', id=document_id)})"
        self._ids[value] = document_id
        return value

    def named(self, value: str) -> tuple[str, int | None]:
        """(the document's label, its id) for a field's value: one given here, or one naming
        its id ("#7 …" of an earlier version, "… (mã 7)"); (the text, None) for text typed by
        hand (a search finds it, or it is a reference as written)."""
        text = " ".join(value.split())
        if text in self._ids:
            match = _DOC_ID.match(text)
            return (match.group(1) if match else text), self._ids[text]
        match = _DOC_REF.match(text)
        if match:
            return match.group(2), int(match.group(1))
        match = _DOC_ID.match(text)
        if match:
            return match.group(1), int(match.group(2))
        return text, None

class FieldSelect(SearchingSelect):
    """A drop-down field of a form: Enter on it, closed, moves on like Enter in a text field
    (posting `Submitted`); Space or the arrow keys open its list (Textual's Select opens it
    on Enter too, which kept the clerk on the field), where letters find an option ("cv",
    "cong van": "CV — Công văn"). (Closed, letters are left to the form: `q` leaves it; the
    filters' lists take letters then too, tui.widgets.choice.)"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", show=False),
    ]

    class Submitted(Message):
        """Enter on the closed list: the form moves to the next field (or saves)."""

        def __init__(self, select: FieldSelect) -> None:
            super().__init__()
            self.select = select

        @property
        def control(self) -> FieldSelect:
            return self.select

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))


def ask_to_discard(app: Any, discard: Callable[[], Any]) -> None:
    """Ask whether to throw away what was typed ("Bỏ thay đổi?"), the one question every form
    and dialog asks before it closes with changes; `discard` runs on yes, and on no the clerk
    is back where they were, as typed."""
    def answered(yes: bool | None) -> None:
        if yes:
            discard()  # (its result, a dismiss's awaitable, is not awaited here)

    app.push_screen(
        ConfirmDialog(t("tui.form.discard_title"), t("tui.form.discard_message"),
                      yes=t("tui.form.discard_yes"), no=t("tui.form.discard_no")),
        answered,
    )


def say_refusal(app: Any, exc: StoreError, kept: str) -> str:
    """The message for a write the store refused, to show where it was typed (under the field
    at fault): the store's own words ("Bắt buộc nhập." for a missing value), and for a busy
    database that what was typed is still there (`kept`: the catalogue key saying so on this
    kind of screen, with {message}). A busy or unreachable database, or a role that may not
    write, is said in a notice as well."""
    message = t("tui.form.required") if exc.key == "err.required" else exc.message()
    if exc.key == "err.db_busy":
        message = t(kept, message=message)
    if isinstance(exc, (DatabaseError, PermissionDenied)):
        app.notify(message, severity="warning", markup=False)
    return message


class Dialog(ReportsWorkerErrors, ModalScreen[Any]):
    """Base: a centred box with a title; Escape cancels (asking first if something typed in
    it would be lost, see `typed`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel"),
    ]

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    Dialog .dialog-title { text-style: bold; width: 100%; }
    Dialog .dialog-error { color: $error; text-style: bold; height: auto; }
    Dialog .dialog-hint { color: $text-muted; height: auto; }
    Dialog Horizontal.buttons { height: auto; align-horizontal: right; margin-top: 1; }
    Dialog Horizontal.buttons Button { margin-left: 1; min-width: 10; }
    Dialog Label { margin-top: 1; }
    Dialog Input, Dialog Select { background: $boost; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title

    def title_widget(self) -> Static:
        return Static(Content(self.title_text), classes="dialog-title")

    def typed(self) -> Any:
        """What the clerk has typed or chosen in the dialog's fields (None: it has none).
        While it is what the dialog opened with, Escape and Cancel close the dialog at once;
        once it differs they ask first, as the forms do."""
        return None

    def on_mount(self) -> None:
        # Textual calls every class's on_mount, a subclass's first: its fields are filled in.
        self._opened_with = self.typed()

    @property
    def changed(self) -> bool:
        return self.typed() != getattr(self, "_opened_with", None)

    def action_cancel(self) -> None:
        if self.changed:
            ask_to_discard(self.app, lambda: self.dismiss(None))
        else:
            self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes or no: `y`/Enter for yes, `n`/Escape for no. Returns True or False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "tui.key.yes"),
        Binding("n", "answer(False)", "tui.key.no"),
    ]

    def __init__(self, title: str, message: str, *, yes: str | None = None, no: str | None = None) -> None:
        super().__init__(title)
        self.message = message
        self.yes = yes or t("tui.dialog.yes")
        self.no = no or t("tui.dialog.no")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            yield Static(Content(self.message))
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="primary", compact=True)
                yield Button(self.no, id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ChoiceDialog(Dialog):
    """Pick one of a few answers, each with a letter. Returns the answer's id or None."""

    def __init__(self, title: str, message: str, choices: Sequence[tuple[str, str, str]]) -> None:
        """`choices`: (id, key, label)."""
        super().__init__(title)
        self.message = message
        self.choices = list(choices)
        for choice_id, key, label in self.choices:
            self._bindings.bind(key, f"choose('{choice_id}')", label)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            yield Static(Content(self.message))
            with Horizontal(classes="buttons"):
                for choice_id, key, label in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{choice_id}", compact=True)

    def action_choose(self, choice_id: str) -> None:
        self.dismiss(choice_id)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))


class SubmitDialog(Dialog):
    """Base of the dialogs that take what was typed: OK (or Enter) checks it (`_submit`: what
    is wrong is said under its field) and hands it on with `accept`; Cancel and Escape dismiss
    with None (asking first once something was typed).

    With `save`, the value is written before the dialog closes: `save(value)` runs in a thread
    while the dialog stays open (keys typed meanwhile wait for it, tui.typeahead), and the
    dialog closes with what `save` returned once the store has accepted the write. A refusal
    (a StoreError: a date the store will not take, a duplicate name, a busy database) is said
    in the dialog, under the field at fault, with everything typed still there and nothing
    written; the clerk corrects it and tries again, or leaves. Without `save` the dialog
    closes with the value at once.

    Args:
        save: writes the value, in a worker thread; returns what the dialog closes with (never
            None, which means cancelled).
        confirm: a question to ask before going ahead with a value that passed the checks
            ("Tệp ... đã có. Ghi đè?"), or None to go ahead; on no the dialog stays as typed.
    """

    def __init__(self, title: str, *, save: Callable[[Any], Any] | None = None,
                 confirm: Callable[[Any], str | None] | None = None) -> None:
        super().__init__(title)
        self.save = save
        self.confirm = confirm
        self.saving = False
        """The value is being written: OK and Escape wait for the store's answer."""

    @property
    def ready_for_keys(self) -> bool:
        """Keys typed while the write is under way (after the Enter that sent it) wait: they
        go to the screen below once the dialog has closed, as if it had closed at once."""
        return not self.saving

    def ok_cancel(self) -> ComposeResult:
        with Horizontal(classes="buttons"):
            yield Button(t("tui.dialog.ok"), id="ok", variant="primary", compact=True)
            yield Button(t("tui.dialog.cancel"), id="cancel", compact=True)

    def _submit(self) -> None:
        raise NotImplementedError

    def accept(self, value: Any) -> None:
        """`value` passed the dialog's own checks: close with it, or first write it (`save`);
        once the clerk said yes to `confirm`'s question, if it asks one."""
        question = self.confirm(value) if self.confirm is not None and not self.saving else None
        if question:
            # (on no: back in the dialog, as typed)
            self.app.push_screen(ConfirmDialog(self.title_text, question),
                                 lambda yes: self._go_ahead(value) if yes else None)
        else:
            self._go_ahead(value)

    def _go_ahead(self, value: Any) -> None:
        if self.save is None:
            self.dismiss(value)
        elif not self.saving:
            self.saving = True
            self._write(self.save, value)

    @work(thread=True, exclusive=True, group="dialog-save", exit_on_error=False)
    def _write(self, save: Callable[[Any], Any], value: Any) -> None:
        outcome: tuple[Any, ...] = (self._not_saved, None)
        try:
            outcome = (self._saved, save(value))
        except StoreError as exc:
            outcome = (self._not_saved, exc)
        finally:
            # (Anything but a StoreError also goes on to the app's notice, as the worker's error.)
            self.app.call_from_thread(*outcome)

    def _saved(self, result: Any) -> None:
        self.saving = False
        type_ahead = getattr(self.app, "type_ahead", None)
        if type_ahead is not None:
            type_ahead.pass_on(self)
        self.dismiss(result)

    def _not_saved(self, exc: StoreError | None) -> None:
        """Nothing was written: the dialog stays as typed, with the reason in it."""
        self.saving = False
        type_ahead = getattr(self.app, "type_ahead", None)
        if type_ahead is not None:
            # Keys typed blind after the Enter were meant for the screen below: not for the
            # fields of the dialog that stayed.
            type_ahead.drop(self)
        if exc is not None:
            self.show_refusal(exc.field, say_refusal(self.app, exc, "tui.dialog.busy_kept"))

    def show_refusal(self, field: str | None, message: str) -> None:
        """Show the store's refusal under the field it is about (`field`: the store's name)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        if not self.saving:  # the write under way closes the dialog, or says why not
            super().action_cancel()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._submit()
        else:
            self.action_cancel()


class InputDialog(SubmitDialog):
    """One line of input with an inline message; returns the text or None.

    Args:
        validate: returns an error message for bad input (shown under the field), else None.
        save: writes the text before the dialog closes (see SubmitDialog).
        confirm: asks before going ahead (see SubmitDialog).
    """

    def __init__(
        self,
        title: str,
        label: str,
        *,
        value: str = "",
        hint: str = "",
        validate: Callable[[str], str | None] | None = None,
        save: Callable[[str], Any] | None = None,
        confirm: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(title, save=save, confirm=confirm)
        self.label = label
        self.value = value
        self.hint = hint
        self.validate = validate

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            yield Label(Content(self.label))
            yield Input(value=self.value, id="dialog-input", select_on_focus=False, compact=True)
            yield Static("", classes="dialog-error", id="dialog-error")
            if self.hint:
                yield Static(Content(self.hint), classes="dialog-hint")
            yield from self.ok_cancel()

    def on_mount(self) -> None:
        self.query_one("#dialog-input", Input).focus()

    def typed(self) -> str:
        return self.query_one("#dialog-input", Input).value

    def show_error(self, message: str) -> None:
        self.query_one("#dialog-error", Static).update(Content(message))
        self.query_one("#dialog-input", Input).focus()

    def show_refusal(self, field: str | None, message: str) -> None:
        self.show_error(message)  # one field: whatever the store's name for it

    def _submit(self) -> None:
        value = self.query_one("#dialog-input", Input).value
        if self.validate is not None:
            problem = self.validate(value)
            if problem:
                self.show_error(problem)
                return
        self.accept(value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    @on(Input.Changed)
    def _typed(self) -> None:
        # The message was about what the field held: once changed, it goes.
        self.query_one("#dialog-error", Static).update("")


@dataclass
class FilterField:
    """One filter in a FilterDialog.

    Attributes:
        key: the filter's name in the screen's filter dict.
        label: shown above the field.
        options: (label, value) for a choice; None for free text with `complete`.
        complete: completion for free text (agency names).
    """

    key: str
    label: str
    options: list[tuple[str, str]] | None = None
    complete: Callable[[str], list[tuple[str, str]]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class FilterDialog(Dialog):
    """Set a view's filters; returns the new {key: value} (blank values dropped) or None.

    A letter typed on a drop-down list opens it on the option it names (tui.widgets.choice).
    Escape closes the dialog in one press wherever the clerk is (asking first once a filter
    was changed), an open list or the agency suggestions included: it took two, the first
    only closing the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel", priority=True),
    ]

    DEFAULT_CSS = """
    FilterDialog Select { width: 100%; }
    """

    def __init__(self, title: str, fields: Sequence[FilterField], current: dict[str, str]) -> None:
        super().__init__(title)
        self.fields = list(fields)
        self.current = dict(current)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            for f in self.fields:
                yield Label(Content(f.label))
                value = self.current.get(f.key)
                if f.options is not None:
                    yield ChoiceSelect(
                        [(Content(label), v) for label, v in f.options],
                        value=value if value is not None else Select.NULL,
                        prompt=t("tui.filter.any"),
                        id=f"filter-{f.key}",
                        compact=True,
                    )
                else:
                    yield CompletingInput(
                        f.complete or (lambda _: []), value=value or "",
                        placeholder=t("tui.filter.any"), id=f"filter-{f.key}", compact=True,
                    )
            with Horizontal(classes="buttons"):
                yield Button(t("tui.dialog.apply"), id="apply", variant="primary", compact=True)
                yield Button(t("tui.filter.clear"), id="clear", compact=True)
                yield Button(t("tui.dialog.cancel"), id="cancel", compact=True)

    def typed(self) -> dict[str, str]:
        return self.values()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#filter-{f.key}")
            if isinstance(widget, Select):
                if widget.value is not Select.NULL and widget.value is not None:
                    out[f.key] = str(widget.value)
            elif isinstance(widget, Input) and widget.value.strip():
                out[f.key] = widget.value.strip()
        return out

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self.values())

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.dismiss(self.values())
        elif event.button.id == "clear":
            self.dismiss({})
        else:
            self.action_cancel()


@dataclass
class DialogField:
    """One field of a FieldsDialog.

    Attributes:
        key: the field's name in the returned values (and in `validate`'s messages).
        label: shown above the field.
        value: the initial value.
        hint: placeholder text.
        options: (label, value) for a choice; None for a line of text.
        complete: completion for text (agency names, documents), called in a thread.
        setting: a choice kept from one time to the next (an export's separator): Enter
            passes it by, going on to the next field or submitting, so that the keys a clerk
            is used to still write the file; Tab and the mouse reach it.
    """

    key: str
    label: str
    value: str = ""
    hint: str = ""
    options: list[tuple[str, str]] | None = None
    complete: Callable[[str], list[tuple[str, str]]] | None = None
    setting: bool = False


class FieldsDialog(SubmitDialog):
    """A few fields, each with its own inline message; returns {key: text} or None.

    Enter moves to the next field and submits from the last one (or the OK button); a
    `setting` field is passed by (Enter on it submits when no field comes after it).

    Args:
        message: shown under the title (what the dialog will do).
        validate: {key: message} for values that cannot be accepted (shown under their
            fields, nothing returned), empty when all is well.
        save: writes the values before the dialog closes (see SubmitDialog).
        confirm: asks before going ahead (see SubmitDialog).
        store_fields: {the store's name of a field (StoreError.field): its key here}, for
            those that differ: a refusal is shown under that field, else under them all.
    """

    DEFAULT_CSS = """
    FieldsDialog Label { margin-top: 0; }
    FieldsDialog Select { width: 100%; }
    FieldsDialog > Vertical { overflow-y: auto; }
    FieldsDialog .dialog-message { height: auto; }
    """

    def __init__(
        self,
        title: str,
        fields: Sequence[DialogField],
        *,
        message: str = "",
        validate: Callable[[dict[str, str]], dict[str, str]] | None = None,
        save: Callable[[dict[str, str]], Any] | None = None,
        confirm: Callable[[dict[str, str]], str | None] | None = None,
        store_fields: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title, save=save, confirm=confirm)
        self.fields = list(fields)
        self.message = message
        self.validate = validate
        self.store_fields = dict(store_fields or {})

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            if self.message:
                yield Static(Content(self.message), classes="dialog-message dialog-hint")
            for f in self.fields:
                yield Label(Content(f.label))
                if f.options is not None:
                    yield FieldSelect([(Content(label), v) for label, v in f.options],
                                 value=f.value if f.value else Select.NULL, allow_blank=not f.value,
                                 id=f"field-{f.key}", compact=True)
                elif f.complete is not None:
                    yield CompletingInput(f.complete, value=f.value, placeholder=f.hint,
                                          id=f"field-{f.key}", compact=True)
                else:
                    yield Input(value=f.value, placeholder=f.hint, id=f"field-{f.key}",
                                select_on_focus=False, compact=True)
                yield Static("", classes="dialog-error", id=f"error-{f.key}")
            yield Static("", classes="dialog-error", id="dialog-error")
            yield from self.ok_cancel()

    def on_mount(self) -> None:
        for error in self.query(".dialog-error").results(Static):
            error.display = False
        if self.fields:
            self.query_one(f"#field-{self.fields[0].key}").focus()

    def typed(self) -> dict[str, str]:
        return self.values()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.key}")
            if isinstance(widget, Select):
                out[f.key] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                out[f.key] = widget.value  # type: ignore[attr-defined]
        return out

    def show_errors(self, errors: dict[str, str]) -> None:
        for f in self.fields:
            widget = self.query_one(f"#error-{f.key}", Static)
            message = errors.get(f.key, "")
            widget.update(Content(message))
            widget.display = bool(message)
        general = self.query_one("#dialog-error", Static)
        general.update(Content(errors.get("", "")))
        general.display = bool(errors.get(""))
        first = next((f.key for f in self.fields if f.key in errors), None)
        if first is not None:
            self.query_one(f"#field-{first}").focus()

    def show_refusal(self, field: str | None, message: str) -> None:
        key = self.store_fields.get(field or "", field or "")
        self.show_errors({key if any(f.key == key for f in self.fields) else "": message})

    def _submit(self) -> None:
        values = self.values()
        errors = self.validate(values) if self.validate is not None else {}
        if errors:
            self.show_errors(errors)
            return
        self.accept(values)

    @on(Input.Changed)
    @on(Select.Changed)
    def _typed(self, event: Input.Changed | Select.Changed) -> None:
        # A field's message was about what it held: once changed, it goes (and the
        # dialog's own, about the values together).
        key = (event.control.id or "").removeprefix("field-")
        for error in self.query(f"#error-{key}, #dialog-error").results(Static):
            error.update("")
            error.display = False

    @on(Input.Submitted)
    @on(FieldSelect.Submitted)
    def _submitted(self, event: Input.Submitted | FieldSelect.Submitted) -> None:
        event.stop()
        key = (event.control.id or "").removeprefix("field-")
        at = next((i for i, f in enumerate(self.fields) if f.key == key), len(self.fields))
        after = next((f for f in self.fields[at + 1:] if not f.setting), None)
        if after is None:
            self._submit()
        else:
            self.query_one(f"#field-{after.key}").focus()


class ProgressDialog(Dialog):
    """Rows written so far, with a bar when the total is known. Escape cancels the export."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel_export"),
    ]

    DEFAULT_CSS = """
    ProgressDialog ProgressBar { margin-top: 1; }
    ProgressDialog #progress-count { margin-top: 1; }
    """

    def __init__(self, title: str, cancel: threading.Event, total: int | None = None) -> None:
        super().__init__(title)
        self.cancel = cancel
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            yield ProgressBar(total=self.total, show_eta=False, id="progress-bar")
            yield Static(Content(t("tui.export.progress", n=0)), id="progress-count")
            yield Static(Content(t("tui.export.cancel_hint")), classes="dialog-hint")

    def set_count(self, n: int, total: int | None) -> None:
        bar = self.query_one(ProgressBar)
        if total is not None:
            bar.update(total=max(total, 1), progress=min(n, max(total, 1)))
        self.query_one("#progress-count", Static).update(Content(t("tui.export.progress", n=number(n))))

    def action_cancel(self) -> None:
        self.cancel.set()
        self.query_one("#progress-count", Static).update(Content(t("tui.export.cancelling")))
