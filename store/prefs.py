"""A clerk's own small preferences: the folder they last exported into, and the separator
their Excel wants between the cells of a CSV file.

One JSON file in the user's data directory (platformdirs, next to the drafts), never in the
shared database: where a file goes is a matter of each clerk's account and machine (a path
in one clerk's home means nothing to another). Reading never fails (a missing or damaged
file gives the defaults); a write is atomic (temporary file, `os.replace`) and one that
fails is not worth bothering the clerk about.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

EXPORT_FOLDER = "export_folder"
"""The folder of the last CSV export (or of the last meeting pack's folder)."""

EXPORT_DELIMITER = "export_delimiter"
"""The separator of the last export or meeting pack: "," or ";" (`export_delimiter`)."""

EXPORT_DELIMITERS = (",", ";")
"""What a clerk may choose between: Excel splits a double-clicked file by the Windows list
separator, "," under English (US) regional settings, ";" under Vietnamese ones."""


def path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("dondoc", appauthor=False)) / "prefs.json"


def load() -> dict[str, Any]:
    """The preferences saved so far ({} when none, or when the file cannot be read)."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def remember(key: str, value: Any) -> None:
    """Keep `value` under `key` (best effort: a failure only means it is not remembered)."""
    data = load()
    if data.get(key) == value:
        return
    data[key] = value
    target = path()
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".prefs.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)


def export_folder() -> Path:
    """Where an export goes unless the clerk types another place: the folder they last
    exported into (if it is still there), else their documents folder (~/Documents, or what
    their desktop calls it) if they have one, else their home folder; never the directory
    the app happened to be started from (over SSH, often / or a shared one)."""
    last = get(EXPORT_FOLDER)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    home = Path.home()
    with contextlib.suppress(Exception):  # (platformdirs reads the desktop's user-dirs file)
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
        if documents.is_dir() and documents != home:
            return documents
    return home


def export_delimiter() -> str:
    """The separator an export starts with: the one the clerk last wrote a file with, else
    "," (the standard); anything else found in the file (edited by hand, a later version's
    value) counts as none."""
    last = get(EXPORT_DELIMITER)
    return last if isinstance(last, str) and last in EXPORT_DELIMITERS else EXPORT_DELIMITERS[0]
