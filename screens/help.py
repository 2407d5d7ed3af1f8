"""The help screen (`?`): every key of the screen it was opened from, and the app's; and the
notice shown instead of the layout when the terminal is too small."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from store.i18n import t
from tui.widgets.keybar import KeyBar
from tui.widgets.keys import is_ours, translate_bindings
from tui.widgets.paged_table import PagedTable

KEY_WIDTH = 12


def _rows(app: Any, node: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    by_action: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    for key, binding in node._bindings:
        if not binding.description or not is_ours(binding):
            continue
        if binding.action in ("cursor_down", "cursor_up", "open"):
            continue  # listed once with the arrows / Enter
        if node.check_action(binding.action.split("(")[0], ()) is False:
            continue  # not offered on this screen (e.g. no "new" on the results)
        display = binding.key_display or app.get_key_display(binding)
        by_action.setdefault(binding.action, []).append(display)
        descriptions[binding.action] = binding.description
    for action, keys in by_action.items():
        out.append((", ".join(keys), descriptions[action]))
    return out


def help_content(app: Any, screen: Any) -> Content:
    """Sections: this screen, lists, everywhere."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    title = getattr(screen, "VIEW", "") or ""
    name = t(f"tui.view.{title}") if title else t("tui.help.this_screen")
    sections.append((t("tui.help.section_screen", name=name), _rows(app, screen)))
    if screen.query(PagedTable):
        table_rows = _rows(app, screen.query(PagedTable).first())
        table_rows = [
            (t("tui.help.keys_arrows"), t("tui.help.move")),
            (t("tui.help.keys_pages"), t("tui.help.pages")),
            ("Enter", t("tui.key.open")),
            *table_rows,
        ]
        sections.append((t("tui.help.section_lists"), table_rows))
    everywhere = _rows(app, app)
    everywhere.append(("ctrl+p", t("tui.help.palette")))
    sections.append((t("tui.help.section_everywhere"), everywhere))
    parts: list[Any] = []
    for heading, rows in sections:
        if parts:
            parts.append("\n\n")
        parts.append((heading, "bold underline"))
        for key, description in rows:
            parts.append("\n")
            parts.append((f"  {key}".ljust(KEY_WIDTH + 2), "bold"))
            parts.append(description)
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Every key that works on the screen below. Escape, `?` or `q` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "tui.key.close"),
        Binding("j,down", "scroll_down", "tui.key.down", show=False),
        Binding("k,up", "scroll_up", "tui.key.up", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    HelpScreen .help-title { text-style: bold; }
    """

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        translate_bindings(self)
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Content(t("tui.help.title")), classes="help-title")
            yield Static(help_content(self.app, self.below), id="help-keys")
        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up()


class TooSmallScreen(Screen[None]):
    """Shown instead of a broken layout while the terminal is too small."""

    PAGE: ClassVar[bool] = True
    """q quits (DondocApp.check_action)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "tui.key.quit")]

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: auto; max-width: 100%; text-align: center; }
    """

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        yield Static(Content(t("tui.too_small")))
