"""The real `dondoc` in a real terminal (tmux): see tests/tui/tmux_check.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("tmux_check.py")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)"),
]


@pytest.mark.parametrize(
    "args",
    [["--size", "100x30"], ["--size", "80x24", "--no-color"]],
    ids=["100x30", "80x24-no-color"],
)
def test_real_app_in_tmux(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=240, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
