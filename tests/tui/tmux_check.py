"""Drive the real `dondoc` in a tmux pane and read the screen as a clerk would see it.

    python tests/tui/tmux_check.py [--size 100x30] [--no-color] [--show]

Builds the demo database (fixtures/) in a temporary directory, starts
`dondoc --db DEMO --today 2026-11-23` in a detached tmux session on a private socket (so a
clerk's own tmux is never touched), sends keys, captures the pane with `capture-pane -p` and
checks the text: the seed documents are listed, `2` shows the assignments, `3` the agenda
with its overdue section, `?` the help, and `q` quits. Exit code 0 when every check passed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"
SEED_NUMBERS = ("09-CT/TU", "2687-CV/TU", "353/LĐLĐ", "141-CV/TU")


class Pane:
    """A tmux session on a private socket, running one command."""

    def __init__(self, command: str, width: int, height: int, env: dict[str, str]) -> None:
        self.socket = f"dondoc-check-{uuid.uuid4().hex[:8]}"
        self.session = "dondoc"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # The window gets its size just after the command starts: wait for it, so the app
        # measures the intended terminal rather than tmux's 80x24 default.
        self._tmux(
            "new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height),
            f"sleep 0.5; exec env {exports} {command}",
        )
        self._tmux("resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

    def _tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, check=False,
        )

    def alive(self) -> bool:
        return self._tmux("has-session", "-t", self.session).returncode == 0

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session).stdout

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.session, *keys)

    def wait_for(self, check: Callable[[str], bool], timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.2)
        raise TimeoutError(text)

    def kill(self) -> None:
        self._tmux("kill-server")


def run(width: int, height: int, no_color: bool, show: bool) -> list[str]:
    """Run the checks; returns the failures (empty when all passed)."""
    failures: list[str] = []
    dondoc = ROOT / ".venv" / "bin" / "dondoc"
    if not dondoc.exists():
        dondoc = Path(shutil.which("dondoc") or "dondoc")
    with tempfile.TemporaryDirectory(prefix="dondoc-tmux-") as tmp:
        db = Path(tmp) / "demo.db"
        built = subprocess.run(
            [str(dondoc), "init-demo", "--db", str(db)], capture_output=True, text=True,
            cwd=ROOT, env=dict(os.environ, DONDOC_LANG="vi"), check=False,
        )
        if built.returncode != 0:
            return [f"init-demo failed: {built.stderr.strip()}"]
        env = {"TERM": "xterm-256color", "DONDOC_LANG": "vi", "LANG": "C.UTF-8"}
        if no_color:
            env["NO_COLOR"] = "1"
        command = f"{shlex.quote(str(dondoc))} --db {shlex.quote(str(db))} --today {TODAY}"
        pane = Pane(command, width, height, env)

        def step(name: str, check: Callable[[str], bool], timeout: float = 30.0) -> None:
            try:
                text = pane.wait_for(check, timeout)
            except TimeoutError as exc:
                failures.append(f"{name}: not seen in time; screen was:\n{exc}")
                return
            if show:
                print(f"--- {name} ---\n{text}")

        try:
            step("documents listed",
                 lambda s: "văn bản" in s and all(n in s for n in SEED_NUMBERS) and "23/11/2026" in s)
            pane.send("2")
            step("assignments view", lambda s: "nhiệm vụ" in s.splitlines()[-2] and "⚠ Quá hạn" in s)
            pane.send("3")
            step("deadlines view", lambda s: "QUÁ HẠN" in s and "hạn" in s.splitlines()[-2])
            pane.send("?")
            step("help", lambda s: "Phím tắt" in s)
            pane.send("Escape")
            step("help closed", lambda s: "Phím tắt" not in s and "QUÁ HẠN" in s)
            pane.send("5")
            step("results view", lambda s: "Tổng cộng" in s and "Kỳ 01/01/2026 – 31/12/2026" in s)
            pane.send("1")
            step("back to documents", lambda s: "09-CT/TU" in s and "văn bản" in s.splitlines()[-2])
            pane.send("q")
            deadline = time.monotonic() + 15
            while pane.alive() and time.monotonic() < deadline:
                time.sleep(0.2)
            if pane.alive():
                failures.append(f"q did not quit; screen was:\n{pane.screen()}")
        finally:
            pane.kill()
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100x30", help="WIDTHxHEIGHT of the pane")
    parser.add_argument("--no-color", action="store_true", help="run with NO_COLOR=1")
    parser.add_argument("--show", action="store_true", help="print each screen checked")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is not installed", file=sys.stderr)
        return 2
    width, height = (int(x) for x in args.size.lower().split("x"))
    failures = run(width, height, args.no_color, args.show)
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    if not failures:
        print(f"ok: dondoc in tmux {width}x{height}{' NO_COLOR' if args.no_color else ''}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
