"""Forms to register and edit documents and assignments.

Enter moves to the next field (and saves from the last one); the Save button does too.
Dates are accepted as clerks write them (25/8/2021, 25/08/2021, 2021-08-25, ngày 25 tháng 8
năm 2021); agency fields complete from known agencies whatever the diacritics. A bad value
gets a message under its field and nothing is saved. Escape on a changed form asks first.
If someone else saved the record meanwhile, the clerk chooses: load theirs or overwrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, Select, Static

from screens.base import AppScreen, agency_completions
from screens.dialogs import ChoiceDialog, ConfirmDialog
from store.dates import format_date, parse_optional_date
from store.errors import StoreError
from store.i18n import t
from store.vocab import DOC_TYPES, DocumentStatus, WorkStatus
from tui.widgets.completing_input import CompletingInput


@dataclass(frozen=True)
class FieldSpec:
    """One form field.

    Attributes:
        name: field name (as in the store's input and its errors' `.field`).
        label: catalogue key of the label.
        kind: text | date | dates | agency | agencies | document | select | status.
        options: (label, value) for a select.
        hint: catalogue key of a hint shown as placeholder.
    """

    name: str
    label: str
    kind: str = "text"
    options: tuple[tuple[str, str], ...] = ()
    hint: str = ""


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split(";") if p.strip()]


class FormScreen(AppScreen):
    """A form; dismisses with the saved record's id, or None when abandoned."""

    CSS_PATH = "forms.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel"),
        # `q` outside a text field closes the form (asking first), never the whole app.
        Binding("q", "cancel", "tui.key.cancel", show=False),
    ]

    FIELDS: ClassVar[tuple[FieldSpec, ...]] = ()
    ENTITY = ""

    def __init__(self, record_id: int | None) -> None:
        super().__init__()
        self.record_id = record_id
        self.version: int | None = None
        self._initial: dict[str, str] = {}
        self._saving = False

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
        yield Footer()

    def _widget(self, spec: FieldSpec) -> Any:
        wid = f"input-{spec.name}"
        placeholder = t(spec.hint) if spec.hint else ""
        if spec.kind in ("select", "status"):
            return Select([(Content(label), value) for label, value in spec.options],
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
        self.query_one("#form-body").query(".form-field Input, .form-field Select").first().focus()

    def prefill(self) -> None:
        """Fill a new form with defaults."""

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
        return parsed, errors

    def action_save(self) -> None:
        if self._saving:
            return
        self.clear_errors()
        parsed, errors = self.parse(self.values())
        if errors:
            first = True
            for name, message in errors.items():
                widget = self.query_one(f"#error-{name}", Static)
                widget.update(Content(message))
                widget.display = True
                if first:
                    self.query_one(f"#input-{name}").focus()
                    first = False
            return
        self._saving = True
        self._save(parsed, self.version)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _save(self, parsed: dict[str, Any], expected_version: int | None) -> None:
        from store.errors import ConflictError

        try:
            new_id = self.write(self.dondoc.database(), parsed, expected_version)
        except ConflictError as exc:
            self.app.call_from_thread(self._conflict, exc, parsed)
            return
        except StoreError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        finally:
            self._saving = False
        self.app.call_from_thread(self._saved, new_id)

    def write(self, db: Any, parsed: dict[str, Any], expected_version: int | None) -> int:
        """Save through the store (worker thread); returns the record id."""
        raise NotImplementedError

    def _failed(self, exc: StoreError) -> None:
        self.show_error(exc.field, self._store_message(exc))

    def _saved(self, new_id: int) -> None:
        self.dondoc.say(t(f"tui.form.saved_{self.ENTITY}", id=new_id))
        self.dismiss(new_id)

    def _conflict(self, exc: Any, parsed: dict[str, Any]) -> None:
        current = exc.current

        def chosen(choice: str | None) -> None:
            if choice == "theirs" and current is not None:
                self.fill(current)
                self.dondoc.say(t("tui.conflict.reloaded"))
            elif choice == "mine" and current is not None:
                self._saving = True
                self._save(parsed, current.version)

        self.app.push_screen(
            ChoiceDialog(
                t("tui.conflict.title"), t("tui.conflict.message"),
                [("theirs", "r", t("tui.conflict.theirs")), ("mine", "o", t("tui.conflict.mine"))],
            ),
            chosen,
        )

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

    def fill(self, detail: Any) -> None:
        """Put a record's values in the fields (and remember its version)."""
        raise NotImplementedError

    def _document_completions(self, text: str) -> list[tuple[str, str]]:
        from store import documents
        from store.documents import DocumentQuery

        rows = documents.list_documents(self.dondoc.database(), DocumentQuery(search=text), limit=6)
        return [(f"{r.label} — {r.subject}", f"#{r.id} {r.label}") for r in rows]

    # --- keys ------------------------------------------------------------------------------

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [w for w in self.query(".form-field Input, .form-field Select") if w.display]
        if inputs and event.input is inputs[-1]:
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
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmDialog(t("tui.form.discard_title"), t("tui.form.discard_message"),
                          yes=t("tui.form.discard_yes"), no=t("tui.form.discard_no")),
            lambda yes: self.dismiss(None) if yes else None,
        )

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [(t("tui.form.save"), t("tui.cmd.save_help"), self.action_save)]


# --- documents -----------------------------------------------------------------------------------


def _doc_type_options() -> tuple[tuple[str, str], ...]:
    return tuple((f"{code} — {names[0]}", code) for code, names in DOC_TYPES.items())


class DocumentForm(FormScreen):
    """Register (record_id None) or edit a document."""

    ENTITY = "document"

    def fields(self) -> tuple[FieldSpec, ...]:
        specs = [
            FieldSpec("doc_type", "field.doc_type", "select", _doc_type_options()),
            FieldSpec("number", "field.number", hint="tui.hint.number"),
            FieldSpec("issuer", "field.issuer", "agency"),
            FieldSpec("issued", "field.issued", "date"),
            FieldSpec("subject", "field.subject"),
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
        self.set_values({
            "doc_type": d.doc_type, "number": d.number or "", "issuer": d.issuer,
            "issued": format_date(d.issued), "subject": d.subject, "place": d.place or "",
            "signer": d.signer or "", "signer_title": d.signer_title or "",
            "recipients": "; ".join(d.recipients), "incoming_number": d.incoming_number or "",
            "incoming_date": format_date(d.incoming_date), "status": d.status,
        })

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
        if self.record_id is None:
            return int(documents.add(db, data))
        current = documents.get(db, self.record_id)
        data.status = p.get("status") or current.status
        data.partial, data.full_text, data.source = current.partial, current.full_text, current.source
        assert expected_version is not None
        documents.update(db, self.record_id, data, expected_version=expected_version)
        return self.record_id


# --- assignments ---------------------------------------------------------------------------------

_DOC_REF = re.compile(r"^#(\d+)\b")


class AssignmentForm(FormScreen):
    """Add (record_id None) or edit an assignment.

    Args:
        document_id: the document a new assignment belongs to (prefilled).
    """

    ENTITY = "assignment"

    def __init__(self, record_id: int | None, *, document_id: int | None = None) -> None:
        super().__init__(record_id)
        self.document_id = document_id
        self._deadlines: tuple[Any, ...] = ()
        self._done_on: date | None = None

    def fields(self) -> tuple[FieldSpec, ...]:
        specs = [
            FieldSpec("document", "field.document", "document", hint="tui.hint.document"),
            FieldSpec("ref", "field.ref", hint="tui.hint.ref"),
            FieldSpec("title", "field.title"),
            FieldSpec("body", "field.body"),
            FieldSpec("lead", "field.lead", "agencies", hint="tui.hint.list"),
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
            self._prefill_document(self.document_id)

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _prefill_document(self, document_id: int) -> None:
        from store import documents

        d = documents.get(self.dondoc.database(), document_id)
        label = d.number or d.subject[:40]
        self.app.call_from_thread(self._set_document, f"#{d.id} {label}")

    def _set_document(self, value: str) -> None:
        self.set_values({"document": value})
        self._initial["document"] = value

    def read(self, db: Any, record_id: int) -> Any:
        from store import assignments

        return assignments.get(db, record_id, on=self.dondoc.today)

    def fill(self, d: Any) -> None:
        self.version = d.version
        self._deadlines = d.deadlines
        r = d.row
        self._done_on = r.done_on
        dates = [format_date(x.due) for x in d.deadlines if not x.phrase and x.due]
        phrases = [x.phrase for x in d.deadlines if x.phrase]
        self.set_values({
            "document": f"#{r.document_id} {r.document_label}", "ref": r.ref, "title": r.title,
            "body": d.body, "lead": "; ".join(r.lead), "support": "; ".join(r.support),
            "due": "; ".join(dates), "phrases": "; ".join(phrases), "follower": d.follower or "",
            "work_status": r.work_status,
        })

    def parse(self, values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
        parsed, errors = super().parse(values)
        if not values.get("document", "").strip():
            errors["document"] = t("tui.form.required")
        return parsed, errors

    def _resolve_document(self, db: Any, text: str) -> int:
        from store import documents
        from store.documents import DocumentQuery
        from store.errors import ValidationError

        match = _DOC_REF.match(text)
        if match:
            return int(match.group(1))
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
