"""Helpers shared by the CLI commands: opening the database, printing rows."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any


def open_db(args: argparse.Namespace, *, create: bool = True) -> Any:
    from store.db import Database
    from tui.cli import db_arg

    return Database(db_arg(args), create=create)


def today_of(args: argparse.Namespace) -> date:
    value = getattr(args, "today", None)
    if value:
        from store.dates import parse_date

        return parse_date(value)
    from store import clock

    return clock.today()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if _width(text) <= width else text[: max(width - 1, 0)] + "…"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]) -> None:
    """A plain aligned table for terminals and pipes (no markup: user text stays literal)."""
    out = sys.stdout
    line = "  ".join(_cut(h, w).ljust(w) for h, w in zip(headers, widths))
    out.write(line.rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        cells = ["" if v is None else str(v) for v in row]
        out.write("  ".join(_cut(c, w).ljust(w) for c, w in zip(cells, widths)).rstrip() + "\n")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}
"""`--delimiter`'s names (a `;` or a tab is awkward to type in a shell) and what they write."""


def add_delimiter(p: argparse.ArgumentParser) -> None:
    """`--delimiter` on a command that writes CSV. Comma unless given: never the separator
    a clerk chose in the interface (store.prefs), so that a script writes the same file
    whoever runs it."""
    from store.i18n import t

    p.add_argument("--delimiter", choices=list(DELIMITERS), default="comma", help=t("cli.opt.delimiter"))


def delimiter_of(args: argparse.Namespace) -> str:
    return DELIMITERS[getattr(args, "delimiter", None) or "comma"]


def print_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], delimiter: str = ",") -> None:
    from store.csvio import writer_for

    w = writer_for(sys.stdout, bom=False, delimiter=delimiter)
    w.writerow(headers)
    for row in rows:
        w.writerow(row)


__all__ = [
    "add_delimiter", "delimiter_of", "open_db", "print_csv", "print_json", "print_table", "today_of", "csv",
]
