"""A drop-down list that answers to letters, as a clerk expects of one.

Textual's Select ignores letters while closed, and once open searches its options only when
their labels are plain `str` or `Text` (ours are `Content`, user text never being markup), so
typing did nothing at all. Here a letter typed on the closed list opens it on the first option
a word of which starts with it, diacritics optional ("d" finds "Đang làm", "h" "Hủy"); more
letters narrow it ("dun" finds "Đúng hạn"), the same letter again goes on to the next
option it names. Nothing is chosen until Enter, as with the arrow keys.
"""

from __future__ import annotations

import re
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

from store.text import fold

_LEADING_SIGNS = re.compile(r"^\W+")


def _plain(prompt: Any) -> str:
    if isinstance(prompt, Content):
        return prompt.plain
    return str(getattr(prompt, "plain", prompt))


def find_option(labels: list[str], query: str, *, after: int | None = None, skip: int | None = None) -> int | None:
    """The option `query` (typed letters) names: the first whose label starts with it, else
    one with a word starting with it, else one holding it; diacritics, case and the signs in
    front ("⚠ Quá hạn") aside. `after`: the next one starting with it after this index
    (round the end). `skip`: an option never named (the blank "(tất cả)")."""
    q = fold(query)
    if not q:
        return None
    folded = [fold(_LEADING_SIGNS.sub("", label)) for label in labels]
    order = list(range(len(labels)))
    if after is not None:
        order = order[after + 1:] + order[: after + 1]
    tests = (
        lambda text: text.startswith(q),
        lambda text: any(word.startswith(q) for word in text.split()),
        lambda text: q in text,
    )
    for test in tests:
        for index in order:
            if index != skip and test(folded[index]):
                return index
    return None


class ChoiceOverlay(SelectOverlay):
    """The open list of a ChoiceSelect: searches as `find_option` does."""

    seed = ""
    """The letter that opened the list: the start of the search once the list has focus."""

    def watch_has_focus(self, value: bool) -> None:
        super().watch_has_focus(value)  # (starts the search afresh)
        if value and self.seed:
            self._search_query, self.seed = self.seed, ""

    def _find_search_match(self, query: str) -> int | None:
        labels = [_plain(option.prompt) for option in self._options]
        select = self.parent
        skip = 0 if isinstance(select, Select) and select._allow_blank else None
        if len(set(query)) == 1:
            # one letter (or the same again): the next option it names, from the one shown
            return find_option(labels, query[0], after=self.highlighted, skip=skip)
        return find_option(labels, query, skip=skip)


class SearchingSelect(Select[str]):
    """A Select whose open list searches its options as `find_option` does (Textual's finds
    nothing among `Content` labels); closed, its letters are the screen's (a form's `q`)."""

    def compose(self) -> ComposeResult:
        # Select.compose, with our overlay (Textual is pinned: its parts are known)
        yield SelectCurrent(self.prompt)
        yield ChoiceOverlay(type_to_search=self._type_to_search).data_bind(compact=Select.compact)


class ChoiceSelect(SearchingSelect):
    """A Select whose letters open it on the option they name (see the module). Letters are
    then its own: not for a screen whose keys are letters (a form's `q`)."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Letters and digits are this list's (not the screen's keys meanwhile); signs are
        not ("?" still shows the keys)."""
        return character is not None and character.isalnum()

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        if self.expanded or not self.check_consume_key(event.key, character):
            return
        assert character is not None
        event.stop()
        event.prevent_default()
        overlay = self.query_one(ChoiceOverlay)
        self.action_show_overlay()
        index = overlay._find_search_match(character)
        if index is not None:
            overlay.select(index)
        overlay.seed = character
