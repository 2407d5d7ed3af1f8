"""Drafts of unsaved forms, so a dropped SSH connection loses nothing the clerk typed.

When the SSH connection drops, the terminal sends SIGHUP and the app dies without a chance
to save. So forms save a draft *as the clerk types* (debounced by the caller, e.g. half a
second after the last key), and the next start offers the drafts back.

Each draft is one small JSON file in the user's own data directory (platformdirs), never in
the shared database directory: a half-typed form is private to its author and must not
depend on the database being reachable. A write is atomic and durable: temporary file in
the same directory, fsync, `os.replace`, fsync of the directory; a crash leaves either the
old draft or the new one, never half of one. Files are 0600 in a 0700 directory.

    drafts = DraftStore.for_database(db.path)       # or DraftStore() / module functions
    drafts.save("assignment:12", {"title": "...", "due": "15/12/2025"})
    drafts.load("assignment:12")   -> {"title": ...} or None
    drafts.list()                  -> [DraftInfo(key, saved_at, path), ...] newest first
    drafts.discard("assignment:12")  # after a successful save or when the clerk says no

Keys are the caller's form ids ("document:new", "assignment:12", "note:12"); any text works.
Values must be JSON-able; dates and datetimes are stored as ISO strings (the form gets
strings back).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

_SUFFIX = ".json"
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class DraftInfo:
    key: str
    saved_at: datetime
    path: Path


def default_directory() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("dondoc", appauthor=False)) / "drafts"


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems refuse fsync on a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class DraftStore:
    """Drafts in one directory (default: `<user data dir>/dondoc/drafts`)."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()

    @classmethod
    def for_database(cls, db_path: str | os.PathLike[str] | None, base: str | os.PathLike[str] | None = None) -> DraftStore:
        """Drafts kept apart per database file (a clerk may work on two databases)."""
        root = Path(base) if base is not None else default_directory()
        if db_path is None:
            return cls(root / "memory")
        digest = hashlib.sha256(str(Path(db_path).absolute()).encode()).hexdigest()[:16]
        return cls(root / digest)

    def _path(self, key: str) -> Path:
        if not key:
            raise ValueError("empty draft key")
        return self.directory / (quote(key, safe="") + _SUFFIX)

    def _ensure_dir(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(OSError):
            os.chmod(self.directory, 0o700)

    def save(self, key: str, data: Any) -> Path:
        """Write the draft for `key` atomically and durably; returns its file."""
        self._ensure_dir()
        path = self._path(key)
        payload = {
            "format": _FORMAT,
            "key": key,
            "saved_at": datetime.now(UTC).isoformat(),
            "data": data,
        }
        text = json.dumps(payload, ensure_ascii=False, default=_jsonable)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(self.directory)
        return path

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return None  # unreadable or damaged: treated as no draft (list() still shows it)
        return payload if isinstance(payload, dict) and "data" in payload else None

    def load(self, key: str) -> Any | None:
        """The saved data for `key`, or None when there is no (readable) draft."""
        payload = self._read(self._path(key))
        return None if payload is None else payload["data"]

    def discard(self, key: str) -> bool:
        """Forget the draft for `key`; False when there was none."""
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            return False
        _fsync_dir(self.directory)
        return True

    def list(self) -> list[DraftInfo]:  # noqa: A003 - the store's vocabulary
        """Every draft, newest first (damaged files are skipped)."""
        if not self.directory.is_dir():
            return []
        out: list[DraftInfo] = []
        for path in self.directory.glob(f"*{_SUFFIX}"):
            if path.name.startswith("."):
                continue  # a temporary file left by a crash mid-save
            payload = self._read(path)
            if payload is None:
                continue
            try:
                saved_at = datetime.fromisoformat(payload.get("saved_at", ""))
            except ValueError:
                saved_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            key = payload.get("key") or unquote(path.name[: -len(_SUFFIX)])
            out.append(DraftInfo(key=key, saved_at=saved_at, path=path))
        out.sort(key=lambda d: d.saved_at, reverse=True)
        return out

    def clear_stale_temp_files(self) -> int:
        """Remove temporary files a killed process left behind; returns how many."""
        if not self.directory.is_dir():
            return 0
        removed = 0
        for path in self.directory.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        return removed


def save(key: str, data: Any) -> Path:
    """`DraftStore().save` in the default directory."""
    return DraftStore().save(key, data)


def load(key: str) -> Any | None:
    return DraftStore().load(key)


def discard(key: str) -> bool:
    return DraftStore().discard(key)


def list() -> list[DraftInfo]:  # noqa: A001 - the API the issue names
    return DraftStore().list()
