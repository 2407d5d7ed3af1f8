"""The key hints at the bottom of every screen, drawn as one line by one widget.

Textual's `Footer` makes a widget per key and builds them all again whenever the bindings
change (each focus move); on the first screen that was about a fifth of a second of the
start (issue #8). `KeyBar` draws the same hints from `screen.active_bindings` in one
`render`. What does not fit is left out from the right, so the first keys (the most used)
stay; the palette key sits at the right edge, and `?` lists every key.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from tui.widgets.keys import shown_description


class Hint(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """One line of key hints (what `Footer` shows), clickable."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, Hint]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if screen is self.screen:
            self.refresh()

    def hints(self) -> tuple[list[Hint], Hint | None]:
        """The keys shown (one per action, in binding order) and the palette key."""
        app = self.app
        shown: list[Hint] = []
        actions: set[str] = set()
        palette: Hint | None = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if app.ENABLE_COMMAND_PALETTE and key == app.COMMAND_PALETTE_BINDING:
                palette = Hint(binding.key, app.get_key_display(binding), shown_description(binding), enabled)
                continue
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown.append(Hint(binding.key, app.get_key_display(binding), shown_description(binding), enabled))
        return shown, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        text_style = self.get_component_rich_style("keybar--description", partial=True)
        shown, palette = self.hints()
        width = self.size.width
        tail = Text()
        if palette is not None:
            tail = self._piece(palette, key_style, text_style)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        room = width - tail.cell_len
        for hint in shown:
            piece = self._piece(hint, key_style, text_style)
            if line.cell_len + piece.cell_len > room:
                break
            self._spans.append((line.cell_len, line.cell_len + piece.cell_len, hint))
            line.append_text(piece)
        if palette is not None and tail.cell_len <= width:
            gap = max(width - line.cell_len - tail.cell_len, 0)
            line.append(" " * gap)
            self._spans.append((line.cell_len, line.cell_len + tail.cell_len, palette))
            line.append_text(tail)
        return line

    @staticmethod
    def _piece(hint: Hint, key_style: Style, text_style: Style) -> Text:
        dim = Style(dim=True) if not hint.enabled else Style()
        piece = Text(no_wrap=True, end="")
        piece.append(f" {hint.display} ", key_style + dim)
        if hint.description:
            piece.append(f"{hint.description} ", text_style + dim)
        return piece

    def on_click(self, event: events.Click) -> None:
        for start, end, hint in self._spans:
            if start <= event.x < end:
                if hint.enabled:
                    self.app.simulate_key(hint.key)
                else:
                    self.app.bell()
                return
