"""A dropped SSH connection: the real `dondoc` in a tmux pane, the pane's terminal closed
under it (tmux kill-server hangs up the pty: the kernel sends SIGHUP, as sshd's does).

The app must leave on its own, without a traceback, with the database intact and the form
the clerk was typing kept as a draft, keys typed just before the hang-up included.
"""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.tui.conftest import build_small_db
from tests.tui.tmux_check import ROOT, Pane

# About 5 s: not marked slow (the brief for this suite: slow above 10 s).
pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)"),
]


def test_hangup_keeps_the_draft_and_the_database(tmp_path: Path) -> None:
    from store.db import sqlite_path, to_url
    from store.drafts import DraftStore

    db = tmp_path / "office.db"
    build_small_db(db)
    xdg = tmp_path / "xdg"
    rc = tmp_path / "exit-status"
    dondoc = ROOT / ".venv" / "bin" / "dondoc"
    if not dondoc.exists():
        dondoc = Path(shutil.which("dondoc") or "dondoc")
    shell = Path(__file__).with_name("hangup_shell.py")
    command = " ".join(shlex.quote(str(x)) for x in (
        sys.executable, shell, rc, dondoc, "--db", db, "--today", "2026-11-23"))
    env = {"TERM": "xterm-256color", "DONDOC_LANG": "vi", "LANG": "C.UTF-8", "XDG_DATA_HOME": str(xdg)}
    pane = Pane(command, 80, 24, env)
    try:
        pane.wait_for(lambda text: "353/LĐLĐ" in text)
        pane.send("n")
        pane.wait_for(lambda text: "Thêm văn bản" in text)
        time.sleep(0.5)  # the form takes focus once mounted
        pane.send("Tab")  # from the document type to the number
        time.sleep(0.3)
        pane.send("-l", "99-KH/HUP")
        pane.wait_for(lambda text: "99-KH/HUP" in text)
        time.sleep(1.0)  # the debounced draft is written
        pane.send("-l", "X")
        pane.wait_for(lambda text: "99-KH/HUPX" in text)
    finally:
        pane.kill()  # the terminal goes away: SIGHUP
    # Generous: on a loaded CI machine the exit (flush the draft, close the database) has
    # taken several seconds; a hung app still fails.
    deadline = time.monotonic() + 30
    while not rc.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert rc.exists(), "dondoc still running 30 s after the hang-up"
    # 129 = 128 + SIGHUP from DondocApp.hangup (killed by the signal would read -1; an
    # uncaught exception, 1).
    assert rc.read_text() == "129"
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT count(*) FROM document").fetchone()[0] == 2  # nothing half-saved
    finally:
        raw.close()
    drafts = DraftStore.for_database(sqlite_path(to_url(db)), base=xdg / "dondoc" / "drafts")
    draft = drafts.load("document:new")
    assert draft is not None
    # The last key came less than the debounce before the hang-up: the handler wrote it.
    assert draft["values"]["number"] == "99-KH/HUPX"
