"""The conflict dialog: someone else saved the record while this clerk was editing it.

Nothing has been written when it shows. It lists only the fields whose values differ, each
with both versions as typed (never markup) and who changed it since the form was opened,
and lets the clerk keep theirs (`r`), keep mine (`o`), or merge (`m`) field by field: Space
switches which version of the focused field is kept (marked ▶, so it reads without colour).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Button, Static

from screens.dialogs import Dialog
from store.i18n import t
from tui.widgets.keys import translate_bindings

MINE = "mine"
THEIRS = "theirs"


@dataclass(frozen=True)
class FieldConflict:
    """One field whose values differ.

    Attributes:
        name: the form field.
        label: its label, in the interface language.
        mine: what this clerk has on the form.
        theirs: what is stored now.
        base: what the form was opened with.
    """

    name: str
    label: str
    mine: str
    theirs: str
    base: str

    @property
    def changed_by(self) -> str:
        """"mine", "theirs" or "both": who moved away from the value the form opened with."""
        me, them = self.mine != self.base, self.theirs != self.base
        if me and them:
            return "both"
        return MINE if me else THEIRS

    @property
    def default_pick(self) -> str:
        """For a merge: the side that changed it; mine when both did (the clerk sees it)."""
        return THEIRS if self.changed_by == THEIRS else MINE


def conflicts(labels: dict[str, str], mine: dict[str, str], theirs: dict[str, str],
              base: dict[str, str]) -> list[FieldConflict]:
    """The fields (in `labels` order) whose values differ between mine and theirs."""
    out = []
    for name, label in labels.items():
        m, th = mine.get(name, "").strip(), theirs.get(name, "").strip()
        if m != th:
            out.append(FieldConflict(name, label, m, th, base.get(name, "").strip()))
    return out


class FieldPick(Static, can_focus=True):
    """A differing field: both versions, and (for a merge) which one is kept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "tui.key.toggle_pick"),
    ]

    DEFAULT_CSS = """
    FieldPick { height: auto; border-left: blank; margin-bottom: 1; }
    FieldPick:focus { border-left: thick $accent; }
    """

    pick: reactive[str] = reactive(MINE)

    def __init__(self, conflict: FieldConflict) -> None:
        super().__init__(id=f"pick-{conflict.name}")
        translate_bindings(self)
        self.conflict = conflict
        self.set_reactive(FieldPick.pick, conflict.default_pick)

    def render(self) -> Content:
        c = self.conflict
        empty = t("tui.multi.empty")
        lines = [
            Content.assemble((c.label, "bold"), f" — {t('tui.multi.changed_' + c.changed_by)}"),
        ]
        for side, value in ((MINE, c.mine), (THEIRS, c.theirs)):
            mark = "▶" if self.pick == side else " "
            label = t(f"tui.multi.{side}")
            lines.append(Content.assemble(f" {mark} {label}: ", (value, "") if value else (empty, "italic")))
        return Content("\n").join(lines)

    def action_toggle(self) -> None:
        self.pick = THEIRS if self.pick == MINE else MINE

    def on_click(self) -> None:
        self.action_toggle()


class ConflictDialog(Dialog):
    """Returns ("theirs" | "mine", {}) or ("merge", {field: "mine" | "theirs"}); None on Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('theirs')", "tui.key.keep_theirs"),
        Binding("o", "choose('mine')", "tui.key.keep_mine"),
        Binding("m", "choose('merge')", "tui.key.merge"),
        Binding("down", "app.focus_next", show=False),
        Binding("up", "app.focus_previous", show=False),
    ]

    DEFAULT_CSS = """
    ConflictDialog > Vertical { width: 78; }
    ConflictDialog #conflict-fields { height: auto; max-height: 14; }
    ConflictDialog .dialog-hint { margin-top: 1; }
    """

    def __init__(self, title: str, fields: list[FieldConflict], *, who: str = "") -> None:
        super().__init__(title)
        self.fields = fields
        self.who = who

    def compose(self) -> ComposeResult:
        with Vertical():
            yield self.title_widget()
            if self.who:
                yield Static(Content(self.who))
            yield Static(Content(t("tui.multi.conflict_intro")))
            with VerticalScroll(id="conflict-fields"):
                for conflict in self.fields:
                    yield FieldPick(conflict)
            yield Static(Content(t("tui.multi.conflict_hint")), classes="dialog-hint")
            with Horizontal(classes="buttons"):
                yield Button(f"{t('tui.multi.keep_theirs')} (r)", id="theirs", compact=True)
                yield Button(f"{t('tui.multi.keep_mine')} (o)", id="mine", compact=True)
                yield Button(f"{t('tui.multi.merge')} (m)", id="merge", variant="primary", compact=True)

    def on_mount(self) -> None:
        first = self.query(FieldPick).first(FieldPick) if self.fields else None
        if first is not None:
            first.focus()

    def picks(self) -> dict[str, str]:
        return {w.conflict.name: w.pick for w in self.query(FieldPick).results(FieldPick)}

    def action_choose(self, choice: str) -> None:
        self.dismiss((choice, self.picks() if choice == "merge" else {}))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.action_choose(event.button.id)


def merged(fields: list[FieldConflict], mine: dict[str, str], picks: dict[str, Any]) -> dict[str, str]:
    """Mine, with the fields picked as theirs replaced by their values."""
    out = dict(mine)
    for c in fields:
        if picks.get(c.name) == THEIRS:
            out[c.name] = c.theirs
    return out
