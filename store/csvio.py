"""CSV that opens correctly in Excel and comes back exactly on import."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any, TextIO

# A cell Excel would evaluate as a formula starts with one of these; it gets a leading
# apostrophe-like escape. A cell that already starts with the escape is escaped too, so
# import can undo exactly what export did.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def neutralise(value: str) -> str:
    if value.startswith(FORMULA_START) or value.startswith(ESCAPE):
        return ESCAPE + value
    return value


def restore(value: str) -> str:
    return value[1:] if value.startswith(ESCAPE) else value


def cell(value: Any) -> str:
    """One value as a CSV cell: dates dd/mm/yyyy, lists joined with '; ', text neutralised."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return neutralise(str(value))


class _Writer:
    def __init__(self, stream: TextIO, bom: bool) -> None:
        if bom:
            stream.write("\ufeff")
        self._w = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def writerow(self, row: Any) -> None:
        self._w.writerow([cell(v) for v in row])


def writer_for(stream: TextIO, *, bom: bool = True) -> _Writer:
    return _Writer(stream, bom)
