"""The command palette (ctrl+p): every key of the current screen and of the app, by name.

One provider serves every screen: it reads the screen's bindings (their descriptions are the
Vietnamese or English names), the app's, and a screen's extra commands (`palette_commands`),
so a clerk who forgot a key types "loc" or "gia han" and finds it. Matching ignores
diacritics, as search does everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from store.i18n import t
from store.text import fold
from tui.widgets.keys import is_ours

_SKIP_ACTIONS = {"cursor_down", "cursor_up", "command_palette", "completion_next",
                 "completion_previous", "completion_accept", "completion_take", "completion_close"}


def screen_commands(screen: Any) -> Iterator[tuple[str, str, Callable[[], Any]]]:
    """(name, help, callback) for every command reachable on `screen`."""
    app = screen.app
    seen: set[str] = set()
    sources: list[tuple[Any, Any]] = [(screen, screen)]
    focused = screen.focused
    if focused is not None and focused is not screen:
        sources.insert(0, (focused, focused))
    sources.append((app, app))
    for node, target in sources:
        for key, binding in node._bindings:
            if binding.action in _SKIP_ACTIONS or not binding.description or not is_ours(binding):
                continue
            if binding.description in seen:
                continue
            if node.check_action(binding.action.split("(")[0], ()) is False:
                continue
            seen.add(binding.description)
            display = binding.key_display or app.get_key_display(binding)
            yield (
                binding.description,
                t("tui.palette.key", key=display),
                partial(target.run_action, binding.action),
            )
    extra = getattr(screen, "palette_commands", None)
    if extra is not None:
        for name, help_text, callback in extra():
            if name not in seen:
                seen.add(name)
                yield (name, help_text, callback)


class ScreenCommands(Provider):
    """Commands of the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return list(screen_commands(self.screen))

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        fuzzy = FuzzySearch()
        wanted = fold(query)
        for name, help_text, callback in self._commands():
            # fold() keeps one character per character of a Vietnamese name, so the
            # positions found in the folded name highlight the original.
            folded = fold(name)
            score, positions = fuzzy.match(wanted, folded)
            if score <= 0:
                continue
            content = Content(name)
            if len(folded) == len(name):
                for pos in positions:
                    content = content.stylize("bold underline", pos, pos + 1)
            yield Hit(min(score / (2 * max(len(wanted), 1)), 1.0), content, callback, text=name, help=help_text)
