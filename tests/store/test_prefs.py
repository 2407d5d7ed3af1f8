"""A clerk's own preferences (store.prefs): the separator of their exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import prefs


@pytest.fixture
def prefs_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The preferences in a data directory of the test's own (XDG_DATA_HOME, as platformdirs reads it)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    target = prefs.path()
    assert target == tmp_path / "data" / "dondoc" / "prefs.json"
    return target


def test_export_delimiter_is_a_comma_until_one_is_chosen(prefs_file: Path) -> None:
    assert prefs.export_delimiter() == ","
    assert not prefs_file.exists()


def test_export_delimiter_saved_and_loaded(prefs_file: Path) -> None:
    prefs.remember(prefs.EXPORT_FOLDER, "/tmp")
    prefs.remember(prefs.EXPORT_DELIMITER, ";")
    assert prefs.export_delimiter() == ";"
    assert json.loads(prefs_file.read_text(encoding="utf-8")) == {"export_folder": "/tmp", "export_delimiter": ";"}
    prefs.remember(prefs.EXPORT_DELIMITER, ",")
    assert prefs.export_delimiter() == ","
    assert prefs.get(prefs.EXPORT_FOLDER) == "/tmp"  # (the other preference kept)


@pytest.mark.parametrize("stored", ["\t", "|", "sep=;", "", ";;", 59, None, [";"], {"d": ";"}])
def test_export_delimiter_stored_wrong_is_a_comma(prefs_file: Path, stored: object) -> None:
    prefs_file.parent.mkdir(parents=True)
    prefs_file.write_text(json.dumps({"export_delimiter": stored}), encoding="utf-8")
    assert prefs.export_delimiter() == ","


def test_export_delimiter_in_a_damaged_file_is_a_comma(prefs_file: Path) -> None:
    prefs_file.parent.mkdir(parents=True)
    prefs_file.write_text('{"export_delimiter": ";"', encoding="utf-8")
    assert prefs.export_delimiter() == ","
