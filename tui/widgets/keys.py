"""Key bindings whose descriptions are catalogue keys, translated when a widget is created.

Textual merges `BINDINGS` when a class is defined, before the interface language is known
(tests switch language per app); so bindings carry catalogue keys (`tui.key.*`) and every
screen and widget that declares some calls `translate_bindings(self)` in `__init__`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from store.i18n import t


def _tr(text: str) -> str:
    return t(text) if text.startswith("tui.") else text


def translate_bindings(node: DOMNode) -> None:
    """Replace the node's binding descriptions and tooltips by their catalogue strings."""
    keys: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        keys[key] = [
            replace(b, description=_tr(b.description), tooltip=_tr(b.tooltip)) for b in bindings
        ]
    node._bindings = BindingsMap.from_keys(keys)


def describe(binding: Binding) -> str:
    """A binding's description in the current language (for help and the palette)."""
    return _tr(binding.description)


def shown_description(binding: Binding) -> str:
    """What the key bar says for a binding: ours translated when made; the few of Textual's
    own it shows (an open drop-down list's Esc, the command palette's) from the catalogue
    (`tui.builtin.<English>`), not in English in a Vietnamese interface."""
    from store.i18n import CATALOGUE

    key = f"tui.builtin.{binding.description}"
    return t(key) if key in CATALOGUE else binding.description


def is_ours(binding: Binding) -> bool:
    """A binding dondoc declared (its description is a `tui.key.*` or `tui.intake.key.*`
    string), not one of Textual's built-ins (focus next, copy...) which have English
    descriptions."""
    from store.i18n import CATALOGUE, get_lang

    index = 0 if get_lang() == "vi" else 1
    ours = {v[index] for k, v in CATALOGUE.items() if k.startswith(("tui.key.", "tui.intake.key."))}
    return binding.description in ours
