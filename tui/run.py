"""Start the interface: `run_app` is what `dondoc` and `dondoc demo` call.

A dropped SSH connection hangs up the terminal: the kernel sends SIGHUP, for which Textual
installs no handler, so the process would just die. `run_app` installs one that writes the
open forms' drafts at once and leaves cleanly (DondocApp.hangup); database writes are single
transactions, so none is ever half done whichever way the process ends.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from typing import Any

from store.i18n import t


def terminal_supported(environ: dict[str, str] | None = None) -> bool:
    """False for terminals that cannot draw the interface (TERM=dumb, as in Emacs shells)."""
    env = os.environ if environ is None else environ
    return env.get("TERM", "") != "dumb"


def run_app(db_path: str, today: str | None = None) -> int:
    """Run the app on `db_path`; `today` (any date shape clerks type) freezes the date.

    Returns the exit code: 0, or 1 when the terminal cannot show the interface.
    """
    if not terminal_supported():
        sys.stderr.write(t("tui.err.dumb_terminal") + "\n")
        return 1
    on: date | None = None
    if today:
        from store.dates import parse_date

        on = parse_date(today, field="today")
    from tui.app import make_app

    app = make_app(db_path, today=on)
    install_hangup_handler(app)
    try:
        app.run()
    except OSError:
        if not app.hung_up:
            raise
        # The terminal is gone: restoring it failed, nothing else did.
    return int(app.return_code or 0)


def install_hangup_handler(app: Any) -> None:
    """SIGHUP (the SSH connection dropped) ends the app cleanly, drafts written first."""
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda _signum, _frame: app.hangup())
