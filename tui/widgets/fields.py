"""Label / value lines for detail screens, values wrapping under themselves (hanging indent).

Values are user text: shown as typed (Content, never markup).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static


class FieldRow(Horizontal):
    """One `label  value` line."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > .field-label { width: 19; text-style: bold; }
    FieldRow > .field-value { width: 1fr; }
    """

    def __init__(self, label: str, value: Content | str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.label = label
        self.value = value if isinstance(value, Content) else Content(value)

    def compose(self) -> ComposeResult:
        yield Static(Content(self.label), classes="field-label")
        yield Static(self.value, classes="field-value")


class FieldGrid(Vertical):
    """A block of field rows; `show(pairs)` replaces them (empty values are skipped)."""

    DEFAULT_CSS = """
    FieldGrid { height: auto; padding: 0 1; }
    """

    def show(self, pairs: Sequence[tuple[str, Content | str | None]]) -> None:
        self.remove_children()
        rows = [
            FieldRow(label, value) for label, value in pairs
            if value is not None and (value.plain if isinstance(value, Content) else value) != ""
        ]
        self.mount_all(rows)

    def text(self) -> str:
        """The block as plain text (tests)."""
        lines = []
        for row in self.query(FieldRow):
            value = row.value.plain
            lines.append(f"{row.label}: {value}")
        return "\n".join(lines)
