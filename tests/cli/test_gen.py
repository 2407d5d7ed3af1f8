"""`dondoc gen` writes a new file only once it is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import Database
from tests.cli.test_cli import run


def test_gen_builds_a_new_file_under_a_temporary_name(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import store.generate as gen

    path = tmp_path / "thu.db"
    seen: list[bool] = []
    real = gen.generate

    def watched(db: Database, **kwargs: object) -> gen.GenStats:
        stats = real(db, **kwargs)
        seen.append(path.exists())  # the rows are all in, and the name is still free
        return stats

    monkeypatch.setattr(gen, "generate", watched)
    code, out, err = run(capsys, "--db", str(path), "gen", "--documents", "30", "--assignments", "90")
    assert code == 0, err
    assert seen == [False]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thu.db"]  # no .part, -wal or -shm left
    db = Database(path, create=False)
    try:
        from store.documents import count_documents

        assert count_documents(db) == 30
    finally:
        db.dispose()


def test_gen_stopped_leaves_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import store.generate as gen

    def fails(db: Database, **kwargs: object) -> None:
        assert db.path is not None and Path(db.path).exists()  # the file was made (at the schema head)...
        raise KeyboardInterrupt  # ...and the build is stopped (Ctrl+C)

    monkeypatch.setattr(gen, "generate", fails)
    path = tmp_path / "thu.db"
    assert run(capsys, "--db", str(path), "gen", "--documents", "30", "--assignments", "90")[0] == 130
    assert list(tmp_path.iterdir()) == []


def test_gen_refuses_a_database_with_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from store.documents import count_documents

    path = tmp_path / "thu.db"
    assert run(capsys, "--db", str(path), "gen", "--documents", "5", "--assignments", "10")[0] == 0
    code, _out, err = run(capsys, "--db", str(path), "gen", "--documents", "7", "--assignments", "10")
    assert code == 1 and "đã có" in err
    db = Database(path, create=False)
    try:
        assert count_documents(db) == 5
    finally:
        db.dispose()
