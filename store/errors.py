"""Errors the store raises: each carries a catalogue key, so every layer can show it translated."""

from __future__ import annotations

from typing import Any

from store.i18n import t


class StoreError(Exception):
    """A user-facing failure: bad input, a conflict, a database that cannot be used.

    Attributes:
        key: catalogue key of the message.
        params: values for the message.
        field: the input field at fault, when there is one (forms show the message there).
    """

    def __init__(self, key: str, *, field: str | None = None, **params: Any) -> None:
        self.key = key
        self.params = params
        self.field = field
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        if self.field is not None:
            params.setdefault("label", t(f"field.{self.field}", lang=lang))
        return t(self.key, lang=lang, **params)


class ValidationError(StoreError):
    """Input that cannot be saved as given."""


class OutputError(StoreError):
    """A file or folder an export cannot write (missing, not writable, locked, full): said
    where its path was typed (`field` "path"), with nothing half-written left behind."""


class NotFound(StoreError):
    """The record asked for does not exist."""


class ConflictError(StoreError):
    """The record changed since it was read (optimistic version check failed)."""

    def __init__(self, key: str = "err.conflict", *, current: Any = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.current = current


class DatabaseError(StoreError):
    """The database cannot be opened, is busy, or is of a newer schema."""


class PermissionDenied(StoreError):
    """The acting OS user's role does not allow this (see store.roles)."""

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        for name in ("role", "need"):
            if name in params:  # role names in the language of the message
                params[f"{name}_name"] = t(f"role.{params[name]}", lang=lang)
        return t(self.key, lang=lang, **params)
