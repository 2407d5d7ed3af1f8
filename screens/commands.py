"""The command palette (ctrl+p): every key of the current screen and of the app, by name.

One provider serves every screen: it reads the screen's bindings (their descriptions are the
Vietnamese or English names), the app's, and a screen's extra commands (`palette_commands`),
so a clerk who forgot a key types "loc" or "gia han" and finds it. Matching ignores
diacritics, as search does everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch
from textual.widgets.option_list import Option

from store.i18n import t
from store.text import fold
from tui.widgets.keys import is_ours, shown_description

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
            if binding.action in _SKIP_ACTIONS or not binding.description:
                continue
            # Textual's own keys (a text area's undo...) only when the catalogue names them.
            name = binding.description if is_ours(binding) else shown_description(binding)
            if name == binding.description and not is_ours(binding):
                continue
            if name in seen:
                continue
            if node.check_action(binding.action.split("(")[0], ()) is False:
                continue
            seen.add(name)
            display = binding.key_display or app.get_key_display(binding)
            yield (
                name,
                t("tui.palette.key", key=display),
                partial(target.run_action, binding.action),
            )
    extra = getattr(screen, "palette_commands", None)
    if extra is not None:
        for name, help_text, callback in extra():
            if name not in seen:
                seen.add(name)
                yield (name, help_text, callback)


def folded_hits(query: str, commands: Iterable[tuple[str, str, Callable[[], Any]]]) -> Iterator[Hit]:
    """The commands whose names match `query`, diacritics ignored ("thoat" finds "Thoát")."""
    fuzzy = FuzzySearch()
    wanted = fold(query)
    for name, help_text, callback in commands:
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


class ScreenCommands(Provider):
    """Commands of the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return list(screen_commands(self.screen))

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        for hit in folded_hits(query, self._commands()):
            yield hit


class SystemCommands(Provider):
    """The app's system commands (`DondocApp.get_system_commands`: drafts, colours, quit),
    matched as the screen's are, diacritics ignored; in place of Textual's provider."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        return [(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen)]

    async def discover(self) -> Hits:
        commands = [(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen) if c.discover]
        for name, help_text, callback in sorted(commands, key=lambda c: c[0]):
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        for hit in folded_hits(query, self._commands()):
            yield hit


class ThemeCommands(Provider):
    """The colour themes (the palette `Đổi bảng màu` opens), matched diacritics ignored."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.app

        def use(name: str) -> None:
            app.theme = name

        return [(name, "", partial(use, name)) for name in sorted(app.available_themes)]

    async def discover(self) -> Hits:
        for name, _help, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name)

    async def search(self, query: str) -> Hits:
        for hit in folded_hits(query, self._commands()):
            yield hit


class Palette(CommandPalette):
    """Textual's command palette, saying "no matches" in the interface language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # As CommandPalette's own (Textual 8.2), with the catalogue's words.
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(t("tui.palette.no_matches"), style="not bold")),
                           disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)
