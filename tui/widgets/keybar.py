"""The key hints at the bottom of every screen, drawn as one line by one widget.

Textual's `Footer` makes a widget per key and builds them all again whenever the bindings
change (each focus move); on the first screen that was about a fifth of a second of the
start (issue #8). `KeyBar` draws the same hints from `screen.active_bindings` in one
`render`. The palette key sits at the right edge. When the hints do not all fit (a detail
screen at 80 columns), `?` (which lists every key) moves next to it, the palette key drops
its word, and every key is shown, with its words where they fit (the first keys, the most
used, served first) and alone otherwise; what still does not fit is left out from the right.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from tui.widgets.keys import shown_description


HELP_KEY = "question_mark"
"""The key of the help screen (tui.app), kept in sight when the hints are squeezed."""


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
        pieces = [self._piece(hint, key_style, text_style) for hint in shown]
        right = [(palette, tail)] if palette is not None else []
        if sum(p.cell_len for p in pieces) + tail.cell_len > width:
            # Squeezed: the help key goes to the right edge, before the palette key (which
            # gives its word to the others: `?` lists it too).
            if palette is not None:
                right = [(palette, self._piece(palette, key_style, text_style, bare=True))]
            helps = [i for i, hint in enumerate(shown) if hint.key == HELP_KEY]
            if helps:
                right.insert(0, (shown[helps[0]], pieces[helps[0]]))
                del shown[helps[0]], pieces[helps[0]]
        tail_len = sum(piece.cell_len for _, piece in right)
        room = width - tail_len if tail_len <= width else width
        # Every key, alone; then, first keys first, each gets its words if they still fit.
        chosen = [self._piece(hint, key_style, text_style, bare=True) for hint in shown]
        used = sum(piece.cell_len for piece in chosen)
        for i, piece in enumerate(pieces):
            if used - chosen[i].cell_len + piece.cell_len <= room:
                used += piece.cell_len - chosen[i].cell_len
                chosen[i] = piece
        for hint, piece in zip(shown, chosen):
            if line.cell_len + piece.cell_len > room:
                break
            self._spans.append((line.cell_len, line.cell_len + piece.cell_len, hint))
            line.append_text(piece)
        if right and tail_len <= width:
            line.append(" " * max(width - line.cell_len - tail_len, 0))
            for hint, piece in right:
                self._spans.append((line.cell_len, line.cell_len + piece.cell_len, hint))
                line.append_text(piece)
        return line

    @staticmethod
    def _piece(hint: Hint, key_style: Style, text_style: Style, *, bare: bool = False) -> Text:
        dim = Style(dim=True) if not hint.enabled else Style()
        piece = Text(no_wrap=True, end="")
        piece.append(f" {hint.display} ", key_style + dim)
        if hint.description and not bare:
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
