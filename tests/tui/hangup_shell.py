"""Stand-in for a clerk's login shell in the hang-up test.

    python hangup_shell.py RC_FILE COMMAND...

Runs COMMAND on the terminal, passes SIGHUP on to it as bash does to its jobs when the SSH
connection drops (sshd closes the pty, the shell gets SIGHUP and resends it), and writes
COMMAND's exit status to RC_FILE (negative: killed by that signal).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path


def main() -> None:
    rc_file, *command = sys.argv[1:]
    child = subprocess.Popen(command)
    signal.signal(signal.SIGHUP, lambda _signum, _frame: child.send_signal(signal.SIGHUP))
    status = child.wait()
    Path(rc_file).write_text(str(status))


if __name__ == "__main__":
    main()
