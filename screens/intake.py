"""Intake: paste a document (or load a .txt/.md file), review what was understood, save.

Left the source text, right the proposed fields (at 80 columns the two become tabs, `p`
outside a text box or F6 switches; ctrl+r, `r` outside a text box, or F5 reads the text). Every field is an input; fields
the parser guessed are marked "(?) chưa chắc" (a word, not only a colour) until the clerk
edits them. Assignments are listed; on the list
`m` merges with the next, `t` splits (at the cursor in the Body box, else in two halves by
paragraph), `x` removes. Nothing is written until the clerk confirms the save (ctrl+s, or
`s` outside a text box, or the Save button); then everything goes in one transaction
(`store.intake.apply`). Escape with changes asks before discarding them.

User text is shown through inputs, text areas and `Content`, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static, Tab, Tabs, TextArea
from textual.widgets.option_list import Option

from screens.base import AppScreen
from screens.dialogs import ConfirmDialog, ask_to_discard
from store.dates import format_date, parse_optional_date
from store.errors import StoreError
from store.i18n import t
from tui.widgets.keybar import KeyBar
from tui.widgets.keys import translate_bindings

NARROW = 110
"""Below this width the source and the proposal are tabs instead of side by side."""

PLAN_DELAY = 0.6
"""Seconds after the last edit before links, duplicates and new agencies are checked again."""


@dataclass(frozen=True)
class _Field:
    name: str
    kind: str = "text"  # text | date | list


DOC_FIELDS = (
    _Field("doc_type"), _Field("number"), _Field("issuer"), _Field("place"), _Field("issued", "date"),
    _Field("subject"), _Field("signer"), _Field("signer_title"), _Field("recipients", "list"),
    _Field("incoming_number"), _Field("incoming_date", "date"),
)
"""Editable fields of a document, in form order (names as in ParsedDocument, but doc_type
stands for `type_code`)."""

ASSIGNMENT_FIELDS = (
    _Field("ref"), _Field("title"), _Field("lead", "list"), _Field("support", "list"),
    _Field("deadlines", "list"),
)


def _attr(name: str) -> str:
    return "type_code" if name == "doc_type" else name


def _split_list(value: str) -> list[str]:
    return [p.strip() for p in value.split(";") if p.strip()]


def _shown(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "date":
        return format_date(value) if isinstance(value, date) else str(value)
    if kind == "list":
        return "; ".join(value)
    return str(value)


class AssignmentList(OptionList):
    """The proposed assignments; the keys act on the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "screen.merge", "tui.intake.key.merge"),
        Binding("t", "screen.split", "tui.intake.key.split"),
        Binding("x,delete", "screen.remove", "tui.intake.key.remove", key_display="x"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


def typed_path(text: str) -> str | None:
    """`text` when it is one line naming a .txt or .md file (a path typed where the text is
    pasted), else None: a document's text is never one line ending so."""
    from tui.commands.intake import SUFFIXES

    line = text.strip()
    if not line or "\n" in line or not line.lower().endswith(tuple(SUFFIXES)):
        return None
    return line


class IntakeScreen(AppScreen):
    """Review pasted text as records and save them in one transaction.

    Args:
        db: the open `store.db.Database`, a callable returning it (e.g. `app.database`),
            or None to use the app's database.
        text: text to read at once (else the clerk pastes or loads a file).

    Dismisses with the list of new document ids, or None when abandoned.
    """

    CSS_PATH = "intake.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "tui.intake.key.save", id="intake-save"),
        Binding("s", "save", "tui.intake.key.save", show=False),
        # Plain letters first (the footer shows them): terminals and SSH clients often eat
        # function keys. Text boxes take letters as typing, so these act only outside them.
        Binding("r", "parse", "tui.key.intake_read", id="intake-read"),
        # In the paste box a letter is typing: ctrl+r reads from there, and reaches the app
        # through SSH and tmux, where F5 often does not.
        Binding("ctrl+r", "parse", "tui.key.intake_read", id="intake-read-ctrl"),
        Binding("p", "pane", "tui.key.intake_pane", id="intake-pane-letter"),
        Binding("f5", "parse", "tui.intake.key.parse", show=False, id="intake-parse"),
        Binding("f6", "pane", "tui.intake.key.pane", show=False, id="intake-pane"),
        Binding("escape", "cancel", "tui.key.cancel"),
        # The app's view keys and `q` would drop this screen (or quit) without asking.
        Binding("q,1,2,3,4,5", "cancel", "tui.key.cancel", show=False),
    ]

    def __init__(self, db: Any = None, text: str | None = None) -> None:
        super().__init__()
        self._db = db
        self.initial_text = text
        self.result: Any = None
        """The `IntakeResult` under review (edited in place)."""
        self.plan: Any = None
        """The last `IntakePlan` computed for `result`."""
        self.rows: list[tuple[int, int]] = []
        """(document index, assignment index) of each line of the assignment list."""
        self.current: tuple[int, int] | None = None
        self.dirty = False
        """The clerk typed, pasted or edited something not saved yet."""
        self.saved_ids: list[int] | None = None
        self._saving = False
        self._plan_timer: Any = None

    # --- database ------------------------------------------------------------------------

    def database(self) -> Any:
        """The database (call from worker threads)."""
        db = self._db
        if db is None:
            return self.app.database()  # type: ignore[attr-defined]
        if callable(db) and not hasattr(db, "write"):
            return db()
        return db

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Content(t("tui.intake.title")), classes="intake-title")
        yield Tabs(Tab(t("tui.intake.source"), id="tab-source"),
                   Tab(t("tui.intake.proposal"), id="tab-proposal"), id="intake-tabs")
        with Horizontal(id="intake-body"):
            with Vertical(id="source-pane"):
                yield Label(Content(t("tui.intake.paste_label")), id="paste-label")
                yield Input(placeholder=t("tui.intake.path"), id="path", compact=True)
                yield TextArea(id="source", soft_wrap=True)
                yield Button(t("tui.intake.parse"), id="parse", compact=True)
            yield VerticalScroll(id="fields-pane")
        yield Static("", id="intake-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#fields-pane").display = False
        self._layout()
        if self.initial_text:
            source = self.query_one("#source", TextArea)
            with source.prevent(TextArea.Changed):
                source.load_text(self.initial_text)
            self.action_parse()
        else:
            self.query_one("#source", TextArea).focus()

    def on_resize(self) -> None:
        self._layout()

    @property
    def narrow(self) -> bool:
        return self.size.width < NARROW

    def _layout(self) -> None:
        parsed = self.result is not None
        tabs = self.query_one("#intake-tabs", Tabs)
        tabs.display = parsed and self.narrow
        source = self.query_one("#source-pane")
        fields = self.query_one("#fields-pane")
        if not parsed:
            source.display, fields.display = True, False
        elif not self.narrow:
            source.display = fields.display = True
        else:
            showing_source = tabs.active == "tab-source"
            source.display, fields.display = showing_source, not showing_source
        self.set_class(self.narrow, "-narrow")

    @on(Tabs.TabActivated, "#intake-tabs")
    def _tab(self, event: Tabs.TabActivated) -> None:
        event.stop()
        self._layout()

    def action_pane(self) -> None:
        """`p` / F6: the other pane (when they are tabs), or move focus to it."""
        if self.result is None:
            return
        tabs = self.query_one("#intake-tabs", Tabs)
        if self.narrow:
            tabs.active = "tab-proposal" if tabs.active == "tab-source" else "tab-source"
            self._layout()
        target = "#source" if self.query_one("#fields-pane").has_focus_within else "#fields-pane Input"
        widget = self.query(target).first()
        if widget.display:
            widget.focus()

    def _status(self, text: str) -> None:
        self.query_one("#intake-status", Static).update(Content(text))

    # --- reading the text ----------------------------------------------------------------------

    @on(Input.Submitted, "#path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if value:
            self._load_file(value)

    @work(thread=True, exclusive=True, group="intake-read", exit_on_error=False)
    def _load_file(self, name: str) -> None:
        from tui.commands.intake import read_source

        try:
            text = read_source(str(Path(name).expanduser())) if name != "-" else ""
        except StoreError as exc:
            self.app.call_from_thread(self._say_error, exc.message())
            return
        self.app.call_from_thread(self._file_loaded, text)

    def _file_loaded(self, text: str) -> None:
        self.query_one("#source", TextArea).load_text(text)
        self.dirty = True
        self.action_parse()

    def _say_error(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)

    @on(Button.Pressed, "#parse")
    def _parse_pressed(self) -> None:
        self.action_parse()

    @on(TextArea.Changed, "#source")
    def _source_changed(self) -> None:
        source = self.query_one("#source", TextArea)
        text = source.text
        if self.result is None and text.strip():
            self.dirty = True
        # A file's path typed in the box and Enter (the line above the box says so): the file
        # is read, as from the path field; the Enter is not kept.
        if self.result is None and text.endswith("\n") and typed_path(text[:-1]) is not None:
            with source.prevent(TextArea.Changed):
                source.load_text(text[:-1])
            self._load_file(text[:-1].strip())

    def action_parse(self) -> None:
        """ctrl+r / `r` / F5: read the text in the box (again, dropping edits to an earlier reading,
        after asking: a stray letter must not throw away a reviewed proposal). A box holding
        only a file's path (.txt, .md) reads the file."""
        text = self.query_one("#source", TextArea).text
        if not text.strip():
            self._say_error(t("tui.intake.no_text"))
            return
        if self.result is None and typed_path(text) is not None:
            self._load_file(text.strip())
            return
        if self.result is not None and self.dirty:
            self.app.push_screen(
                ConfirmDialog(t("tui.intake.reread_title"), t("tui.intake.reread_message")),
                lambda yes: self._read(text) if yes else None,
            )
            return
        self._read(text)

    def _read(self, text: str) -> None:
        self._status(t("tui.intake.reading"))
        self._parse(text)

    @work(thread=True, exclusive=True, group="intake-read", exit_on_error=False)
    def _parse(self, text: str) -> None:
        from store.intake import parse_text
        from store.intake.apply import known_agencies, plan

        db = self.database()
        result = parse_text(text, known_agencies(db))
        intake_plan = plan(db, result) if result.documents else None
        self.app.call_from_thread(self._parsed, result, intake_plan)

    async def _parsed(self, result: Any, intake_plan: Any) -> None:
        if not result.documents:
            self._status("")
            self._say_error(result.message or t("intake.no_document"))
            return
        self.result, self.plan = result, intake_plan
        source = self.query_one("#source", TextArea)
        with source.prevent(TextArea.Changed):
            source.load_text(result.text)  # the offsets of the result refer to the cleaned text
        source.read_only = True
        for widget_id in ("#paste-label", "#path", "#parse"):
            self.query_one(widget_id).display = False
        self.query_one("#intake-tabs", Tabs).active = "tab-proposal"
        await self._build_fields()
        self._layout()
        self._show_plan()
        n = sum(len(d.assignments) for d in result.documents)
        self._status(t("tui.intake.summary", docs=len(result.documents), assignments=n))
        first = self.query("#fields-pane Input").first()
        first.focus()

    # --- the proposal --------------------------------------------------------------------------

    async def _build_fields(self) -> None:
        pane = self.query_one("#fields-pane", VerticalScroll)
        await pane.remove_children()
        widgets: list[Any] = []
        docs = self.result.documents
        for i, doc in enumerate(docs):
            kind = doc.type_name or t("intake.type_unknown")
            widgets.append(Static(Content(t("intake.doc_head", n=i + 1, total=len(docs), kind=kind,
                                              number=doc.number or t("intake.no_number"))),
                                  classes="doc-heading"))
            widgets.append(Static("", id=f"dup-{i}", classes="duplicate"))
            for spec in DOC_FIELDS:
                value = _shown(getattr(doc, _attr(spec.name)), spec.kind)
                widgets.append(self._row(f"doc{i}-{spec.name}", t(f"field.{spec.name}"), value,
                                         _attr(spec.name) in doc.unsure))
            widgets.append(Static("", id=f"refs-{i}", classes="refs"))
        widgets.append(Static("", id="assign-heading", classes="doc-heading"))
        widgets.append(AssignmentList(id="assignments"))
        widgets.append(Static(Content(t("tui.intake.assignment_hint")), classes="hint"))
        with_editor: list[Any] = [
            self._row(f"a-{spec.name}", t(f"field.{spec.name}"), "", False,
                      placeholder=t("tui.intake.list_hint") if spec.kind == "list" else "")
            for spec in ASSIGNMENT_FIELDS
        ]
        widgets.extend(with_editor)
        widgets.append(Label(Content(t("field.body")), classes="body-label"))
        widgets.append(TextArea(id="a-body", soft_wrap=True, classes="body"))
        widgets.append(Static("", id="new-agencies", classes="new-agencies"))
        widgets.append(Button(t("tui.intake.save"), id="save", variant="primary", compact=True))
        await pane.mount_all(widgets)
        self._fill_list()

    def _row(self, wid: str, label: str, value: str, unsure: bool, placeholder: str = "") -> Horizontal:
        mark = Static(Content(t("tui.intake.unsure") if unsure else ""), id=f"mark-{wid}", classes="unsure")
        return Horizontal(
            Label(Content(label), classes="field-label"),
            Input(value=value, id=wid, compact=True, placeholder=placeholder, select_on_focus=False),
            mark,
            classes="field-row",
        )

    def _fill_list(self, keep: tuple[int, int] | None = None) -> None:
        lst = self.query_one("#assignments", AssignmentList)
        self.rows = [(i, j) for i, d in enumerate(self.result.documents) for j in range(len(d.assignments))]
        lst.clear_options()
        lst.add_options([Option(self._prompt(i, j)) for i, j in self.rows])
        self.query_one("#assign-heading", Static).update(
            Content(t("tui.intake.assignments", n=len(self.rows)))
        )
        editor_visible = bool(self.rows)
        for spec in ASSIGNMENT_FIELDS:
            self.query_one(f"#a-{spec.name}").parent.display = editor_visible  # type: ignore[union-attr]
        self.query_one("#a-body").display = editor_visible
        self.query_one(".body-label").display = editor_visible
        if not self.rows:
            lst.add_option(Option(Content(t("tui.intake.no_assignment")), disabled=True))
            self.current = None
            return
        index = self.rows.index(keep) if keep in self.rows else 0
        lst.highlighted = index
        self._load_assignment(self.rows[index])

    def _prompt(self, i: int, j: int) -> Content:
        a = self.result.documents[i].assignments[j]
        from store.intake.apply import assignment_title

        parts: list[Any] = []
        if len(self.result.documents) > 1:
            parts.append((f"[{i + 1}] ", "dim"))
        if a.ref:
            parts.append((f"{a.ref}. ", "bold"))
        parts.append(assignment_title(a) or "—")
        lead = ", ".join(a.lead)
        parts.append("\n   ")
        parts.append((f"{t('field.lead')}: ", "dim"))
        parts.append(lead or t("intake.missing"))
        if "lead" in a.unsure:
            parts.append(f"  {t('tui.intake.unsure')}")
        if not a.lead:
            parts.append((f"  {t('tui.intake.skip')}", "bold"))
        return Content.assemble(*parts)

    def _load_assignment(self, row: tuple[int, int]) -> None:
        self.current = row
        i, j = row
        a = self.result.documents[i].assignments[j]
        for spec in ASSIGNMENT_FIELDS:
            widget = self.query_one(f"#a-{spec.name}", Input)
            with widget.prevent(Input.Changed):
                widget.value = _shown(getattr(a, spec.name), spec.kind)
            self._mark(f"a-{spec.name}", spec.name in a.unsure)
        from store.intake.apply import assignment_title

        # An empty title is saved as the start of the body: say so where it would be typed.
        self.query_one("#a-title", Input).placeholder = assignment_title(a)
        body = self.query_one("#a-body", TextArea)
        with body.prevent(TextArea.Changed):
            body.load_text(a.body or "")
        self._highlight_source(a.span)

    def _mark(self, wid: str, unsure: bool) -> None:
        self.query_one(f"#mark-{wid}", Static).update(Content(t("tui.intake.unsure") if unsure else ""))

    def _highlight_source(self, span: tuple[int, int] | None) -> None:
        """Select where a value was read in the source text, and scroll it into view."""
        if not span:
            return
        from textual.widgets.text_area import Selection

        source = self.query_one("#source", TextArea)
        doc = source.document
        try:
            start = doc.get_location_from_index(max(span[0], 0))
            end = doc.get_location_from_index(min(span[1], len(source.text)))
        except Exception:  # noqa: BLE001 - a stale span must never break the screen
            return
        source.selection = Selection(start, end)
        source.scroll_cursor_visible(center=True, animate=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A document field got the focus: show where its value was read in the source."""
        wid = event.widget.id or ""
        if self.result is None or not wid.startswith("doc"):
            return
        index, _, name = wid[3:].partition("-")
        if index.isdigit() and int(index) < len(self.result.documents):
            doc = self.result.documents[int(index)]
            self._highlight_source(doc.field_spans.get(_attr(name)))

    @on(OptionList.OptionHighlighted, "#assignments")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.rows) and self.rows[event.option_index] != self.current:
            self._load_assignment(self.rows[event.option_index])

    # --- edits ---------------------------------------------------------------------------------

    @on(Input.Changed, "#fields-pane Input")
    def _field_changed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        if self.result is None:
            return
        if wid.startswith("doc"):
            index, _, name = wid[3:].partition("-")
            doc = self.result.documents[int(index)]
            spec = next(s for s in DOC_FIELDS if s.name == name)
            if event.value == _shown(getattr(doc, _attr(name)), spec.kind):
                return  # the widget reporting its first value, not an edit
            self._set_doc_field(doc, spec, event.value)
            doc.unsure.discard(_attr(name))
            self._mark(wid, False)
            self.dirty = True
        elif wid.startswith("a-") and self.current is not None:
            name = wid[2:]
            i, j = self.current
            a = self.result.documents[i].assignments[j]
            spec = next(s for s in ASSIGNMENT_FIELDS if s.name == name)
            if event.value == _shown(getattr(a, name), spec.kind):
                return
            setattr(a, name, _split_list(event.value) if spec.kind == "list" else (event.value.strip() or None))
            a.unsure.discard(name)
            self._mark(wid, False)
            self.dirty = True
            self._refresh_prompt()
        self._schedule_plan()

    def _set_doc_field(self, doc: Any, spec: _Field, value: str) -> None:
        if spec.kind == "list":
            doc.recipients = _split_list(value)
        elif spec.kind == "date":
            try:
                setattr(doc, spec.name, parse_optional_date(value, field=spec.name))
            except StoreError:
                pass  # checked again, with a message, when saving
        elif spec.name == "doc_type":
            doc.type_code = value.strip() or None
        else:
            setattr(doc, spec.name, value.strip() or None)

    @on(TextArea.Changed, "#a-body")
    def _body_changed(self, event: TextArea.Changed) -> None:
        if self.current is None or self.result is None:
            return
        i, j = self.current
        a = self.result.documents[i].assignments[j]
        if a.body == event.text_area.text:
            return
        a.body = event.text_area.text
        self.dirty = True
        self._refresh_prompt()

    def _refresh_prompt(self) -> None:
        if self.current is None or self.current not in self.rows:
            return
        index = self.rows.index(self.current)
        self.query_one("#assignments", AssignmentList).replace_option_prompt_at_index(
            index, self._prompt(*self.current)
        )

    def action_merge(self) -> None:
        from store.intake.edit import merge_with_next

        if self.current is None:
            return
        i, j = self.current
        if merge_with_next(self.result.documents[i], j):
            self.dirty = True
            self.current = None
            self._fill_list(keep=(i, j))
            self.notify(t("tui.intake.merged"))
            self._schedule_plan()
        else:
            self._say_error(t("tui.intake.cannot_merge"))

    def action_split(self) -> None:
        from store.intake.edit import split

        if self.current is None:
            return
        i, j = self.current
        body = self.query_one("#a-body", TextArea)
        at: int | None = body.document.get_index_from_location(body.cursor_location)
        if at is not None and (at <= 0 or at >= len(body.text.rstrip())):
            at = None  # the cursor is not inside the text: two halves by paragraph
        if split(self.result.documents[i], j, at):
            self.dirty = True
            self.current = None
            self._fill_list(keep=(i, j))
            self.notify(t("tui.intake.split_done"))
            self._schedule_plan()
        else:
            self._say_error(t("tui.intake.cannot_split"))

    def action_remove(self) -> None:
        from store.intake.apply import assignment_title
        from store.intake.edit import remove

        if self.current is None:
            return
        i, j = self.current
        removed = remove(self.result.documents[i], j)
        if removed is None:
            return
        self.dirty = True
        self.current = None
        keep = (i, j) if j < len(self.result.documents[i].assignments) else (i, j - 1)
        self._fill_list(keep=keep)
        self.notify(t("tui.intake.removed", title=assignment_title(removed)), markup=False)
        self._schedule_plan()

    # --- links, duplicates, new agencies (from the plan) --------------------------------------

    def _schedule_plan(self) -> None:
        if self._plan_timer is not None:
            self._plan_timer.stop()
        self._plan_timer = self.set_timer(PLAN_DELAY, self._replan)

    def _replan(self) -> None:
        if self.result is not None:
            self._make_plan(self.result)

    @work(thread=True, exclusive=True, group="intake-plan", exit_on_error=False)
    def _make_plan(self, result: Any) -> None:
        from store.intake.apply import plan

        intake_plan = plan(self.database(), result)
        self.app.call_from_thread(self._planned, intake_plan)

    def _planned(self, intake_plan: Any) -> None:
        self.plan = intake_plan
        self._show_plan()

    def _show_plan(self) -> None:
        if self.plan is None or self.result is None:
            return
        from tui.commands.intake import _where

        for doc in self.plan.documents:
            dup = self.query(f"#dup-{doc.index}")
            if not dup:
                continue
            dup_widget = dup.first(Static)
            dup_widget.display = doc.duplicate_of is not None
            if doc.duplicate_of is not None:
                dup_widget.update(Content(t("tui.intake.duplicate", id=doc.duplicate_of)))
            lines = [t("intake.references", n=len(doc.references))] if doc.references else []
            for ref in doc.references:
                lines.append(f"  {t('relation.' + ref.relation)}: {ref.label()} — {_where(ref)}")
            refs = self.query_one(f"#refs-{doc.index}", Static)
            refs.display = bool(lines)
            refs.update(Content("\n".join(lines)))
        new = self.query_one("#new-agencies", Static)
        new.display = bool(self.plan.new_agencies)
        if self.plan.new_agencies:
            new.update(Content(t("intake.new_agencies", n=len(self.plan.new_agencies)) + "\n"
                               + "\n".join(f"  - {n}" for n in self.plan.new_agencies)))

    # --- saving ----------------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def _check_dates(self) -> bool:
        for i, _doc in enumerate(self.result.documents):
            for spec in DOC_FIELDS:
                if spec.kind != "date":
                    continue
                widget = self.query_one(f"#doc{i}-{spec.name}", Input)
                try:
                    value = parse_optional_date(widget.value, field=spec.name)
                except StoreError as exc:
                    self._say_error(exc.message())
                    widget.focus()
                    return False
                setattr(self.result.documents[i], spec.name, value)
        return True

    def action_save(self) -> None:
        """Check, then ask for confirmation with what will be created; nothing is written before."""
        if self.result is None:
            self.action_parse()
            return
        if self._saving or not self._check_dates():
            return
        self._saving = True
        self._plan_then_confirm(self.result)

    @work(thread=True, exclusive=True, group="intake-plan", exit_on_error=False)
    def _plan_then_confirm(self, result: Any) -> None:
        from store.intake.apply import plan

        try:
            intake_plan = plan(self.database(), result)
        finally:
            self.app.call_from_thread(setattr, self, "_saving", False)
        self.app.call_from_thread(self._confirm, intake_plan)

    def _confirm(self, intake_plan: Any) -> None:
        self.plan = intake_plan
        self._show_plan()
        if intake_plan.problems:
            index, name = intake_plan.problems[0]
            self._say_error(t("intake.err.incomplete", n=index + 1, label=t(f"field.{name}")))
            field_name = "doc_type" if name == "type_code" else name
            found = self.query(f"#doc{index}-{field_name}")
            if found:
                found.first().focus()
            return
        lines = [t("intake.totals", **intake_plan.counts())]
        if intake_plan.new_agencies:
            lines.append(t("intake.new_agencies", n=len(intake_plan.new_agencies)))
            lines.extend(f"  - {n}" for n in intake_plan.new_agencies[:12])
            if len(intake_plan.new_agencies) > 12:
                lines.append("  …")
        self.app.push_screen(
            ConfirmDialog(t("tui.intake.confirm_title"), "\n".join(lines),
                          yes=t("tui.intake.confirm_yes"), no=t("tui.intake.confirm_no")),
            lambda yes: self._apply(intake_plan) if yes else None,
        )

    @work(thread=True, exclusive=True, group="intake-save", exit_on_error=False)
    def _apply(self, intake_plan: Any) -> None:
        from store.intake.apply import apply

        try:
            ids = apply(self.database(), intake_plan)
        except StoreError as exc:
            self.app.call_from_thread(self._say_error, exc.message())
            return
        self.app.call_from_thread(self._applied, ids)

    def _applied(self, ids: list[int]) -> None:
        self.saved_ids = ids
        self.dirty = False
        if ids:
            self.notify(t("tui.intake.saved", n=len(ids), ids=", ".join(map(str, ids))), markup=False)
        else:
            self.notify(t("intake.saved_none"), markup=False)
        refresh = getattr(self.app, "refresh_counts", None)
        if refresh is not None:
            refresh()
        self.dismiss(ids)

    # --- leaving ---------------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        ask_to_discard(self.app, lambda: self.dismiss(None))

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (t("tui.intake.key.merge"), t("tui.palette.key", key="m"), self.action_merge),
            (t("tui.intake.key.split"), t("tui.palette.key", key="t"), self.action_split),
            (t("tui.intake.key.remove"), t("tui.palette.key", key="x"), self.action_remove),
        ]
