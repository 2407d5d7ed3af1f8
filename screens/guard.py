"""Actions that change records check the clerk's role first (issue #7: viewers read and
export, editors change). A viewer pressing `n`, `e`, `d`... hears why, in plain words
(PermissionDenied's message, which names the admins), instead of filling in a form the
database will refuse. `Database.write` still checks every write: this only saves typing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def needs_editor(action: Callable[..., Any]) -> Callable[..., None]:
    """Decorate an `action_*` method of a screen: run it only for an editor or admin.

    The role is read again before refusing, so a role an admin just granted counts.
    """

    @functools.wraps(action)
    def guarded(self: Any, *args: Any) -> None:
        self.app.when_editor(lambda: action(self, *args))

    return guarded
