"""Helpers for the CSV tests: an empty database template, a logical dump, running the CLI."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tui.cli import main


@pytest.fixture(scope="session")
def empty_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty database built once (copy it: opening runs the migrations check only)."""
    from store.db import Database

    path = tmp_path_factory.mktemp("empty") / "empty.db"
    Database(path, actor="tester").dispose()
    checkpoint(path)
    return path


def fresh_copy(template: Path, dest: Path) -> Path:
    shutil.copy(template, dest)
    return dest


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so that its bytes say everything the database holds."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def state_of(path: Path) -> tuple[bytes, list[str]]:
    """The main file's bytes (after a checkpoint) and a logical dump: proof of "unchanged"."""
    checkpoint(path)
    conn = sqlite3.connect(path)
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    return path.read_bytes(), dump


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refuse_writes(monkeypatch: pytest.MonkeyPatch, module: object, name: str, at: Path) -> None:
    """`module.name` (mkstemp, mkdtemp, replace) fails with EACCES for paths under `at`, as
    for a folder the clerk may not write in (tests run as root, where chmod refuses nothing),
    or on Windows a file Excel holds open."""
    real = getattr(module, name)

    def refused(*args: object, **kwargs: object) -> object:
        paths = [str(a) for a in (*args, *kwargs.values()) if isinstance(a, (str, Path))]
        if name == "replace":
            paths = paths[-1:]  # (the file replaced, not the temporary one)
        if any(p == str(at) or p.startswith(f"{at}/") for p in paths):
            raise PermissionError(13, "Permission denied", paths[-1])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, refused)
