"""The one clock of dondoc: what "today" is for deadlines, statuses and timestamps.

Normally the system date. `set_today()` (the CLI's hidden `--today`, tests, demos) or the
environment variable DONDOC_TODAY=YYYY-MM-DD freezes the date, so that snapshots and
recorded examples stay stable; the time of day stays real.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time

_frozen: date | None = None


def set_today(value: date | None) -> None:
    """Freeze today's date (None: back to the system date, or DONDOC_TODAY)."""
    global _frozen
    _frozen = value


def today() -> date:
    if _frozen is not None:
        return _frozen
    env = os.environ.get("DONDOC_TODAY")
    if env:
        return date.fromisoformat(env)
    return date.today()


def now() -> datetime:
    """An aware UTC timestamp on today's (possibly frozen) date."""
    real = datetime.now(UTC)
    day = today()
    if day == real.date():
        return real
    return datetime.combine(day, time(real.hour, real.minute, real.second, real.microsecond), UTC)
