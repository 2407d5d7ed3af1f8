"""The one-line bars around every main view: the top bar (office, views, date) and the
status line (overdue and due-this-week counts, what the view holds)."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from store.i18n import number, t

VIEWS = (
    ("documents", "1"), ("assignments", "2"), ("deadlines", "3"), ("agencies", "4"), ("scoreboard", "5"),
)
"""The main views and the key of each, in order."""


class TopBar(Widget):
    """Office name, the five views with their keys (the current one marked), today's date.

    When the office name would not fit (80 columns with a long name, or narrow terminals),
    only the current view keeps its name; the others show their keys.
    """

    DEFAULT_CSS = """
    TopBar {
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    office: reactive[str] = reactive("dondoc")
    view: reactive[str] = reactive("documents")
    today_text: reactive[str] = reactive("")

    def render(self) -> Content:
        width = self.size.width or 80
        date = self.today_text
        tabs: list[Content] = []
        for name, key in VIEWS:
            label = f" {key} {t(f'tui.view.{name}')} "
            tabs.append(Content.styled(label, "reverse bold" if name == self.view else ""))
        tab_content = Content("").join(tabs)
        room = width - tab_content.cell_length - len(date) - 3
        if room < min(len(self.office), 16):
            # Too narrow for every tab and the office name (five tabs take 57 cells): the
            # current view and the keys only.
            current = Content.styled(f" {t(f'tui.view.{self.view}')} ", "reverse bold")
            keys = Content(" " + " ".join(k for _, k in VIEWS))
            tab_content = Content.assemble(current, keys)
            room = width - tab_content.cell_length - len(date) - 3
        office = Content(self.office).truncate(max(room, 0), ellipsis=True) if room > 0 else Content("")
        left = Content.assemble(Content.styled(" ", ""), office.stylize("bold"), " ")
        gap = width - left.cell_length - tab_content.cell_length - len(date) - 1
        return Content.assemble(left, tab_content, " " * max(gap, 1), date)


class StatusLine(Widget):
    """Counts every clerk wants in sight, plus what the current view shows."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StatusLine > .status-line--overdue { color: $error; text-style: bold; }
    StatusLine > .status-line--soon { color: $warning; text-style: bold; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"status-line--overdue", "status-line--soon"}

    overdue: reactive[int | None] = reactive(None)
    due_week: reactive[int | None] = reactive(None)
    info: reactive[str] = reactive("")

    problem: reactive[str] = reactive("")
    """Shown instead of everything else (e.g. the database cannot be opened)."""

    def render(self) -> Content:
        if self.problem:
            return Content.assemble(" ", Content.styled(f"⚠ {self.problem}", "$error bold"))
        parts: list[Content | str | tuple[str, str]] = [" "]
        if self.overdue is None:
            parts.append(t("tui.status.counting"))
        else:
            parts.append(Content.styled(t("tui.status.overdue", n=number(self.overdue)),
                                         "$error bold" if self.overdue else ""))
            parts.append(" · ")
            parts.append(Content.styled(t("tui.status.due_week", n=number(self.due_week or 0)),
                                        "$warning bold" if self.due_week else ""))
        left = Content.assemble(*parts)
        info = Content(self.info)
        width = self.size.width or 80
        gap = width - left.cell_length - info.cell_length - 1
        if gap < 1:
            return left
        return Content.assemble(left, " " * gap, info)
