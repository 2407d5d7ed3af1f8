"""Dates as clerks type them, and as they are shown (dd/mm/yyyy)."""

from __future__ import annotations

import re
from datetime import date

from store.errors import ValidationError
from store.text import fold

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})$")


def parse_date(value: str, *, field: str | None = None) -> date:
    """Parse `25/8/2021`, `25/08/2021`, `2021-08-25` or `ngày 25 tháng 8 năm 2021`.

    Raises:
        ValidationError: with "err.date_invalid" for an unknown shape, "err.date_impossible"
            for a date that does not exist (31/02/2026).
    """
    raw = value.strip()
    folded = fold(raw).rstrip(".")
    for pattern, order in ((_DMY, "dmy"), (_ISO, "ymd"), (_WORDS, "dmy")):
        match = pattern.match(folded)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return date(year, month, day)
            except ValueError:
                raise ValidationError("err.date_impossible", field=field, value=raw) from None
    raise ValidationError("err.date_invalid", field=field, value=raw)


def parse_optional_date(value: str | None, *, field: str | None = None) -> date | None:
    if value is None or not value.strip():
        return None
    return parse_date(value, field=field)


def format_date(value: date | None) -> str:
    """dd/mm/yyyy, or empty."""
    return value.strftime("%d/%m/%Y") if value else ""
