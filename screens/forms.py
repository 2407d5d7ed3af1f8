"""Forms to register and edit documents and assignments.

Enter moves to the next field (and saves from the last one); the Save button does too.
Dates are accepted as clerks write them (25/8/2021, 25/08/2021, 2021-08-25, ngày 25 tháng 8
năm 2021); agency fields complete from known agencies whatever the diacritics. A bad value
gets a message under its field and nothing is saved. Escape on a changed form asks first.
If someone else saved the record meanwhile, nothing is overwritten: the conflict dialog
shows both versions of every field that differs and the clerk keeps theirs, keeps mine or
merges field by field (screens.conflict).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from screens.base import AppScreen, agency_completions
from screens.dialogs import ConfirmDialog, DocumentValues, FieldSelect, ask_to_discard, say_refusal, unnumbered
from store.dates import format_date, parse_optional_date
from store.errors import StoreError
from store.i18n import t
from store.rows import document_label
from store.vocab import DOC_TYPES, DocumentStatus, WorkStatus
from tui.widgets.completing_input import CompletingInput
from tui.widgets.keybar import KeyBar


@dataclass(frozen=True)
class FieldSpec:
    """One form field.

    Attributes:
        name: field name (as in the store's input and its errors' `.field`).
        label: catalogue key of the label.
        kind: text | date | dates | agency | agencies | document | select | status.
        options: (label, value) for a select.
        hint: catalogue key of a hint shown as placeholder.
        required: catalogue key of the message a blank value gets (checked with the others
            before saving, so that every missing field is said at once); "" if optional.
    """

    name: str
    label: str
    kind: str = "text"
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    required: str = ""


DRAFT_DELAY = 0.5
"""Seconds of quiet typing before the form's draft is written (store.drafts)."""


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split(";") if p.strip()]


class FormScreen(AppScreen):
    """A form; dismisses with the saved record's id, or None when abandoned.

    What the clerk types is kept as a draft (store.drafts, keyed `document:12`,
    `assignment:new`...) half a second after the last key, so a dropped connection loses
    nothing; the draft goes when the form is saved or abandoned on purpose, and opening the
    same form again offers it back.

    Args:
        record_id: the record to edit; None for a new one.
        restore_draft: put the saved draft in the form without asking (reopened from the
            drafts list).
    """

    CSS_PATH = "forms.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        # from any field, as in the intake screen (Enter saves from the last field only)
        Binding("ctrl+s", "save", "tui.key.save"),
        Binding("escape", "cancel", "tui.key.cancel"),
        # `q` outside a text field closes the form (asking first), never the whole app.
        Binding("q", "cancel", "tui.key.cancel", show=False),
    ]

    FIELDS: ClassVar[tuple[FieldSpec, ...]] = ()
    ENTITY = ""

    def __init__(self, record_id: int | None, *, restore_draft: bool = False) -> None:
        super().__init__()
        self.record_id = record_id
        self.version: int | None = None
        self._initial: dict[str, str] = {}
        self._saving = False
        self.restore_draft = restore_draft
        self._drafting = False
        """Drafts are written once the offer of an old one was answered (or there was none)."""
        self._prefilling = False
        """A new record's defaults are being read (AssignmentForm's document)."""
        self.documents = DocumentValues()
        """Document fields' values put there by this form, and the documents they name."""
        self._draft_timer: Timer | None = None
        self._draft_lock = threading.Lock()
        self._draft_seq = 0
        self._draft_done = 0

    def fields(self) -> tuple[FieldSpec, ...]:
        return self.FIELDS

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        key = "new" if self.record_id is None else "edit"
        yield Static(Content(t(f"tui.form.{key}_{self.ENTITY}", id=self.record_id or "")),
                     classes="form-title")
        with VerticalScroll(id="form-body"):
            yield Static(Content(t("tui.form.keys")), classes="form-hint")
            for spec in self.fields():
                with Vertical(classes="form-field", id=f"field-{spec.name}"):
                    with Horizontal(classes="form-row"):
                        yield Label(Content(t(spec.label)), classes="form-label")
                        yield self._widget(spec)
                    yield Static("", classes="field-error", id=f"error-{spec.name}")
            yield Static("", classes="field-error", id="error-form")
            with Horizontal(classes="form-buttons"):
                yield Button(t("tui.form.save"), id="save", variant="primary", compact=True)
                yield Button(t("tui.dialog.cancel"), id="cancel", compact=True)
        yield KeyBar()

    def _widget(self, spec: FieldSpec) -> Any:
        wid = f"input-{spec.name}"
        placeholder = t(spec.hint) if spec.hint else ""
        if spec.kind in ("select", "status"):
            return FieldSelect([(Content(label), value) for label, value in spec.options],
                          prompt=t("tui.form.choose"), id=wid, compact=True)
        if spec.kind in ("agency", "agencies"):
            return CompletingInput(lambda text: agency_completions(self.app, text),
                                   multi=spec.kind == "agencies", placeholder=placeholder, id=wid,
                                   compact=True)
        if spec.kind == "document":
            return CompletingInput(self._document_completions, placeholder=placeholder, id=wid,
                                   compact=True)
        if spec.kind == "date":
            placeholder = placeholder or t("tui.form.date_hint")
        return Input(placeholder=placeholder, id=wid, select_on_focus=False, compact=True)

    def on_mount(self) -> None:
        if self.record_id is not None:
            self._load(self.record_id)
        else:
            self.prefill()
            self._initial = self.values()
            self._read_draft()
        self.first_field().focus()

    def first_field(self) -> Widget:
        """The field the clerk types in first: the form's first one."""
        return self.query_one("#form-body").query(".form-field Input, .form-field Select").first()

    def prefill(self) -> None:
        """Fill a new form with defaults (setting `_prefilling` while a worker reads them)."""

    @property
    def ready_for_keys(self) -> bool:
        """Keys typed right after the one that opened the form wait for its values: the
        record loaded, a new one's defaults filled in, the offer of a draft answered. Typed
        into a field before that, they would be overwritten (or put before the default)."""
        return self._drafting and not self._prefilling

    def _start_drafting(self) -> None:
        """The draft question is settled (no draft, restored or dropped): drafts are written
        from now on, and the form's values are in place."""
        self._drafting = True
        if self.ready_for_keys:
            self.keys_are_welcome()

    # --- values ----------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for spec in self.fields():
            widget = self.query_one(f"#input-{spec.name}")
            if isinstance(widget, Select):
                out[spec.name] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                out[spec.name] = widget.value
        return out

    def set_values(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            widget = self.query_one(f"#input-{name}")
            if isinstance(widget, Select):
                if value:
                    widget.value = value
                else:
                    widget.clear()
            else:
                with widget.prevent(Input.Changed):
                    widget.value = value

    @property
    def changed(self) -> bool:
        return self.values() != self._initial

    def clear_errors(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.display = False

    def show_error(self, field: str | None, message: str) -> None:
        """Show a message under a field (or under the form when the field is not on it)."""
        target = f"#error-{field}" if field and self.query(f"#error-{field}") else "#error-form"
        widget = self.query_one(target, Static)
        widget.update(Content(message))
        widget.display = True
        if target != "#error-form":
            self.query_one(f"#input-{field}").focus()
        self.query_one("#form-body").scroll_to_widget(widget, animate=False)

    def _store_message(self, exc: StoreError) -> str:
        if exc.key == "err.required":
            return t("tui.form.required")
        return exc.message()

    # --- saving ----------------------------------------------------------------------------

    def parse(self, values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed values and {field: message} for those that cannot be read."""
        parsed: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self.fields():
            raw = values.get(spec.name, "")
            try:
                if spec.kind == "date":
                    parsed[spec.name] = parse_optional_date(raw, field=spec.name)
                elif spec.kind == "dates":
                    parsed[spec.name] = [parse_optional_date(p, field=spec.name) for p in _split(raw)]
                elif spec.kind in ("agencies",):
                    parsed[spec.name] = _split(raw)
                else:
                    parsed[spec.name] = raw.strip()
            except StoreError as exc:
                errors[spec.name] = self._store_message(exc)
            else:
                if spec.required and not raw.strip():
                    errors[spec.name] = t(spec.required)
        return parsed, errors

    def action_save(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        parsed, errors = self.parse(self.values())
        if errors:
            # Every field at fault says so under itself; the first of them (in the form's
            # order) gets the focus.
            names = [spec.name for spec in self.fields() if spec.name in errors]
            for name in names:
                widget = self.query_one(f"#error-{name}", Static)
                widget.update(Content(errors[name]))
                widget.display = True
            self.query_one(f"#input-{names[0]}").focus()
            self.query_one("#form-body").scroll_to_widget(
                self.query_one(f"#field-{names[0]}"), animate=False)
            return
        self._saving = True
        self._save(parsed, self.version, self.values())

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _save(self, parsed: dict[str, Any], expected_version: int | None, mine: dict[str, str]) -> None:
        from store.errors import ConflictError

        try:
            new_id = self.write(self.dondoc.database(), parsed, expected_version)
        except ConflictError as exc:
            result: tuple[Any, ...] = (self._conflict, exc, mine)
        except StoreError as exc:
            result = (self._failed, exc)
        else:
            result = (self._saved, new_id)
        finally:
            self._saving = False
        # After `_saving` is cleared: what follows may save again (a conflict resolved at once).
        self.app.call_from_thread(*result)

    def write(self, db: Any, parsed: dict[str, Any], expected_version: int | None) -> int:
        """Save through the store (worker thread); returns the record id."""
        raise NotImplementedError

    def _failed(self, exc: StoreError) -> None:
        """Nothing was saved; the form stays as typed, with the reason under it (and, for
        a busy database or a role that may not write, in a notice too)."""
        self.show_error(exc.field, say_refusal(self.app, exc, "tui.multi.busy_kept"))

    def _saved(self, new_id: int) -> None:
        self.forget_draft()
        self.dondoc.say(t(f"tui.form.saved_{self.ENTITY}", id=new_id))
        self.dismiss(new_id)

    def _conflict(self, exc: Any, mine: dict[str, str]) -> None:
        """Someone saved the record since this form was filled: nothing was written. Show
        both versions of what differs; the clerk keeps theirs, keeps mine or merges."""
        from screens.conflict import ConflictDialog, conflicts, merged

        current = exc.current
        if current is None:  # the store could not say what it is now
            self.show_error(None, exc.message())
            return
        theirs = self.values_of(current)
        labels = {spec.name: t(spec.label) for spec in self.fields()}
        fields = conflicts(labels, mine, theirs, self._initial)
        if not fields:
            # They saved exactly what is on this form: nothing to choose.
            self._save_over(current, mine)
            return

        def chosen(answer: tuple[str, dict[str, str]] | None) -> None:
            if answer is None:
                return  # back to the form, as typed; saving again asks again
            choice, picks = answer
            if choice == "theirs":
                self.fill(current)
                self._initial = self.values()
                self.forget_draft()
                self.dondoc.say(t("tui.multi.kept_theirs"))
            elif choice == "mine":
                self._save_over(current, mine)
            else:
                self._save_over(current, merged(fields, mine, picks))

        self.app.push_screen(
            ConflictDialog(t("tui.conflict.title"), fields, who=_last_change(current)), chosen
        )

    def _save_over(self, current: Any, values: dict[str, str]) -> None:
        """Save `values` over the record as it is now (`current`): the form takes its
        version (and what it keeps besides the fields), shows `values`, and saves; if it
        changed yet again meanwhile, the conflict dialog comes back."""
        self.fill(current)
        self._initial = self.values()
        self.set_values(values)
        self.action_save()

    # --- loading ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _load(self, record_id: int) -> None:
        detail = self.read(self.dondoc.database(), record_id)
        self.app.call_from_thread(self._loaded, detail)

    def read(self, db: Any, record_id: int) -> Any:
        raise NotImplementedError

    def _loaded(self, detail: Any) -> None:
        self.fill(detail)
        self._initial = self.values()
        self._read_draft()

    def fill(self, detail: Any) -> None:
        """Put a record's values in the fields (and remember its version)."""
        raise NotImplementedError

    def values_of(self, detail: Any) -> dict[str, str]:
        """A record's values as the fields show them."""
        raise NotImplementedError

    # --- drafts ----------------------------------------------------------------------------

    @property
    def draft_key(self) -> str:
        return f"{self.ENTITY}:{self.record_id if self.record_id is not None else 'new'}"

    def draft(self) -> dict[str, Any]:
        """What a draft holds: the fields as typed, and what the form was opened with (its
        values and the record's version), so that saving a restored draft still notices a
        change made by someone else in between."""
        return {"values": self.values(), "base": self._initial, "version": self.version,
                "saved": datetime.now().astimezone().isoformat()}

    @work(thread=True, group="draft-read", exit_on_error=False)
    def _read_draft(self) -> None:
        found = self.dondoc.drafts().load(self.draft_key)
        self.app.call_from_thread(self._draft_read, found if isinstance(found, dict) else None)

    def _draft_read(self, found: dict[str, Any] | None) -> None:
        if not found or not isinstance(found.get("values"), dict):
            self._start_drafting()
            return
        if self.restore_draft:
            self._restore(found)
            return
        try:
            at = f"{datetime.fromisoformat(found['saved']):%H:%M %d/%m/%Y}"
        except (KeyError, TypeError, ValueError):
            at = "?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._restore(found)
            else:
                self.forget_draft()
                self._start_drafting()

        self.app.push_screen(
            ConfirmDialog(t("tui.multi.draft_title"), t("tui.multi.draft_found", at=at),
                          yes=t("tui.multi.draft_restore"), no=t("tui.multi.draft_drop")),
            answered,
        )

    def _restore(self, found: dict[str, Any]) -> None:
        names = {spec.name for spec in self.fields()}
        values = {k: str(v) for k, v in found["values"].items() if k in names}
        base = found.get("base")
        if self.record_id is not None and isinstance(base, dict) and isinstance(found.get("version"), int):
            # Saved against the version the clerk started from: a change made since then
            # by someone else comes up as a conflict, never overwritten.
            self.version = found["version"]
            self._initial = {k: str(v) for k, v in base.items()}
        self.set_values(values)
        self._start_drafting()
        self.dondoc.say(t("tui.multi.draft_restored"))

    @on(Input.Changed)
    @on(Select.Changed)
    def _typed(self, event: Input.Changed | Select.Changed) -> None:
        # A field's message was about what it held: once changed, it goes.
        name = (event.control.id or "").removeprefix("input-")
        for error in self.query(f"#error-{name}").results(Static):
            error.update("")
            error.display = False
        if not self._drafting:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        self._draft_seq += 1
        self._write_draft(self._draft_seq, self.draft() if self.changed else None)

    @work(thread=True, group="draft-write", exit_on_error=False)
    def _write_draft(self, seq: int, data: dict[str, Any] | None) -> None:
        self._draft_io(seq, data)

    def _draft_io(self, seq: int, data: dict[str, Any] | None) -> None:
        """Write (or with None drop) the draft, unless a newer one was already handled."""
        with self._draft_lock:
            if seq <= self._draft_done:
                return
            self._draft_done = seq
            drafts = self.dondoc.drafts()
            if data is None:
                drafts.discard(self.draft_key)
            else:
                drafts.save(self.draft_key, data)

    def flush_draft(self) -> None:
        """Write the draft now, in this thread (the connection is dropping)."""
        if self._drafting and self.is_mounted and self.changed:
            self._draft_seq += 1
            self._draft_io(self._draft_seq, self.draft())

    def forget_draft(self) -> None:
        """Drop this form's draft (saved, or abandoned on purpose: nothing to keep)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_seq += 1
        self._write_draft(self._draft_seq, None)

    def _document_completions(self, text: str) -> list[tuple[str, str]]:
        from store import documents
        from store.documents import DocumentQuery

        rows = documents.list_documents(self.dondoc.database(), DocumentQuery(search=text), limit=6)
        return [(f"{r.label} — {r.subject}", self.documents.value(r.id, r.label, numbered=bool(r.number)))
                for r in rows]

    # --- keys ------------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(FieldSelect.Submitted)
    def _next_field(self, event: Input.Submitted | FieldSelect.Submitted) -> None:
        event.stop()
        inputs = [w for w in self.query(".form-field Input, .form-field Select") if w.display]
        if inputs and event.control is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if not self.changed:
            if self._drafting:
                self.forget_draft()
            self.dismiss(None)
            return

        def discard() -> None:
            self.forget_draft()
            self.dismiss(None)

        ask_to_discard(self.app, discard)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [(t("tui.form.save"), t("tui.cmd.save_help"), self.action_save)]


def _last_change(detail: Any) -> str:
    """Who saved the record last, and when (from its history, newest first)."""
    history = getattr(detail, "history", ())
    if not history:
        return ""
    from datetime import UTC

    last = history[0]
    at = last.at if last.at.tzinfo else last.at.replace(tzinfo=UTC)
    return t("tui.multi.conflict_who", actor=last.actor, at=f"{at.astimezone():%H:%M %d/%m/%Y}")


# --- documents -----------------------------------------------------------------------------------


def _doc_type_options() -> tuple[tuple[str, str], ...]:
    return tuple((f"{code} — {names[0]}", code) for code, names in DOC_TYPES.items())


class DocumentForm(FormScreen):
    """Register (record_id None) or edit a document."""

    ENTITY = "document"
    _date_warnings: list[str] = []

    def fields(self) -> tuple[FieldSpec, ...]:
        specs = [
            FieldSpec("doc_type", "field.doc_type", "select", _doc_type_options(),
                      required="tui.form.required_choice"),
            FieldSpec("number", "field.number", hint="tui.hint.number"),
            FieldSpec("issuer", "field.issuer", "agency", required="tui.form.required"),
            FieldSpec("issued", "field.issued", "date"),
            FieldSpec("subject", "field.subject", required="tui.form.required"),
            FieldSpec("place", "field.place"),
            FieldSpec("signer", "field.signer"),
            FieldSpec("signer_title", "field.signer_title"),
            FieldSpec("recipients", "field.recipients", "agencies", hint="tui.hint.list"),
            FieldSpec("incoming_number", "field.incoming_number"),
            FieldSpec("incoming_date", "field.incoming_date", "date"),
        ]
        if self.record_id is None:
            specs += [
                FieldSpec("implements", "tui.form.implements", hint="tui.hint.numbers"),
                FieldSpec("replaces", "tui.form.replaces", hint="tui.hint.numbers"),
                FieldSpec("cites", "tui.form.cites", hint="tui.hint.numbers"),
            ]
        else:
            specs.append(
                FieldSpec("status", "field.status", "status",
                          tuple((t(f"docstatus.{s.value}"), s.value) for s in DocumentStatus))
            )
        return tuple(specs)

    def read(self, db: Any, record_id: int) -> Any:
        from store import documents

        return documents.get(db, record_id, on=self.dondoc.today)

    def fill(self, d: Any) -> None:
        self.version = d.version
        self.set_values(self.values_of(d))

    def values_of(self, d: Any) -> dict[str, str]:
        return {
            "doc_type": d.doc_type, "number": d.number or "", "issuer": d.issuer,
            "issued": format_date(d.issued), "subject": d.subject, "place": d.place or "",
            "signer": d.signer or "", "signer_title": d.signer_title or "",
            "recipients": "; ".join(d.recipients), "incoming_number": d.incoming_number or "",
            "incoming_date": format_date(d.incoming_date), "status": d.status,
        }

    def write(self, db: Any, p: dict[str, Any], expected_version: int | None) -> int:
        from store import documents
        from store.documents import DocumentInput, LinkInput

        links = [
            LinkInput(relation=rel, ref_number=num, reference=num)
            for rel in ("implements", "replaces", "cites")
            for num in _split(p.get(rel, ""))
        ]
        data = DocumentInput(
            doc_type=p["doc_type"], number=p["number"] or None, issuer=p["issuer"],
            subject=p["subject"], issued=p["issued"], place=p["place"] or None,
            signer=p["signer"] or None, signer_title=p["signer_title"] or None,
            recipients=p["recipients"], incoming_number=p["incoming_number"] or None,
            incoming_date=p["incoming_date"], links=links,
        )
        # Saved anyway, said after the save (see store.documents.check_dates).
        self._date_warnings = documents.date_warnings(data.issued, data.incoming_date)
        if self.record_id is None:
            return int(documents.add(db, data))
        current = documents.get(db, self.record_id)
        data.status = p.get("status") or current.status
        data.partial, data.full_text, data.source = current.partial, current.full_text, current.source
        assert expected_version is not None
        documents.update(db, self.record_id, data, expected_version=expected_version)
        return self.record_id

    def _saved(self, new_id: int) -> None:
        for message in self._date_warnings:
            self.dondoc.say(message, severity="warning")
        super()._saved(new_id)


# --- assignments ---------------------------------------------------------------------------------



class AssignmentForm(FormScreen):
    """Add (record_id None) or edit an assignment.

    Args:
        document_id: the document a new assignment belongs to (prefilled).
    """

    ENTITY = "assignment"

    def __init__(self, record_id: int | None, *, document_id: int | None = None,
                 restore_draft: bool = False) -> None:
        super().__init__(record_id, restore_draft=restore_draft)
        self.document_id = document_id
        self._deadlines: tuple[Any, ...] = ()
        self._done_on: date | None = None

    def fields(self) -> tuple[FieldSpec, ...]:
        specs = [
            FieldSpec("document", "field.document", "document", hint="tui.hint.document",
                      required="tui.form.required"),
            FieldSpec("ref", "field.ref", hint="tui.hint.ref"),
            FieldSpec("title", "field.title", required="tui.form.required"),
            FieldSpec("body", "field.body"),
            FieldSpec("lead", "field.lead", "agencies", hint="tui.hint.list",
                      required="err.lead_required"),
            FieldSpec("support", "field.support", "agencies", hint="tui.hint.list"),
            FieldSpec("due", "tui.form.due_dates", "dates", hint="tui.hint.dates"),
            FieldSpec("phrases", "tui.form.deadline_phrases", hint="tui.hint.phrases"),
            FieldSpec("follower", "field.follower"),
        ]
        if self.record_id is not None:
            specs.append(
                FieldSpec("work_status", "field.status", "status",
                          tuple((t(f"workstatus.{s.value}"), s.value) for s in WorkStatus))
            )
        return tuple(specs)

    def prefill(self) -> None:
        if self.document_id is not None:
            self._prefilling = True
            self._prefill_document(self.document_id)

    def first_field(self) -> Widget:
        # A new assignment of a known document (`n` on its row, in its detail): the document is
        # filled in, the clerk types the section (Mục) next, not after the document's number.
        if self.record_id is None and self.document_id is not None:
            return self.query_one("#input-ref", Input)
        return super().first_field()

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _prefill_document(self, document_id: int) -> None:
        from store import documents

        d = documents.get(self.dondoc.database(), document_id)
        value = self.documents.value(d.id, document_label(d.number, d.doc_type, d.issued), numbered=bool(d.number))
        self.app.call_from_thread(self._set_document, value)

    def _set_document(self, value: str) -> None:
        if not self.query_one("#input-document", Input).value:  # a restored draft has one
            self.set_values({"document": value})
        self._initial["document"] = value
        self._prefilling = False
        if self.ready_for_keys:
            self.keys_are_welcome()

    def read(self, db: Any, record_id: int) -> Any:
        from store import assignments

        return assignments.get(db, record_id, on=self.dondoc.today)

    def fill(self, d: Any) -> None:
        self.version = d.version
        self._deadlines = d.deadlines
        r = d.row
        self._done_on = r.done_on
        self.set_values(self.values_of(d))

    def values_of(self, d: Any) -> dict[str, str]:
        r = d.row
        dates = [format_date(x.due) for x in d.deadlines if not x.phrase and x.due]
        phrases = [x.phrase for x in d.deadlines if x.phrase]
        return {
            "document": self.documents.value(
                r.document_id, r.document_label, numbered=not unnumbered(r.document_label)),
            "ref": r.ref, "title": r.title,
            "body": d.body, "lead": "; ".join(r.lead), "support": "; ".join(r.support),
            "due": "; ".join(dates), "phrases": "; ".join(phrases), "follower": d.follower or "",
            "work_status": r.work_status,
        }

    def _resolve_document(self, db: Any, text: str) -> int:
        from store import documents
        from store.documents import DocumentQuery
        from store.errors import ValidationError

        _, named = self.documents.named(text)
        if named is not None:
            return named
        rows = documents.list_documents(db, DocumentQuery(search=text), limit=20)
        exact = [r for r in rows if r.label.casefold() == text.casefold()]
        if len(exact) == 1:
            return int(exact[0].id)
        raise ValidationError("tui.form.pick_document", field="document")

    def write(self, db: Any, p: dict[str, Any], expected_version: int | None) -> int:
        from store import assignments
        from store.assignments import AssignmentInput, DeadlineInput

        document_id = self._resolve_document(db, p["document"])
        deadlines: list[Any] = []
        kept_phrases = {x.phrase: x for x in self._deadlines if x.phrase}
        for due in p["due"]:
            deadlines.append(DeadlineInput(due=due))
        for phrase in _split(p["phrases"]):
            # An unchanged phrase keeps its stored date, so the store keeps the row (and
            # its extensions) instead of replacing it.
            old = kept_phrases.get(phrase)
            deadlines.append(DeadlineInput(phrase=phrase, due=old.due if old else None))
        data = AssignmentInput(
            document_id=document_id, title=p["title"], ref=p["ref"], body=p["body"],
            lead=p["lead"], support=p["support"], deadlines=deadlines,
            follower=p["follower"] or None,
        )
        if self.record_id is None:
            return int(assignments.add(db, data))
        data.work_status = p.get("work_status") or WorkStatus.NOT_STARTED.value
        if data.work_status == WorkStatus.DONE.value:
            data.done_on = self._done_on or self.dondoc.today
        assert expected_version is not None
        assignments.update(db, self.record_id, data, expected_version=expected_version)
        return self.record_id
