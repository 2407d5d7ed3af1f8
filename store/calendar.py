"""The office's working calendar: Vietnamese public holidays, weekends, announced swaps.

Time limits in Vietnamese administrative work are counted the way the Civil Code 2015 says:

* art. 147: a limit counted in days starts on the day *after* the event (the day a letter is
  received does not count);
* art. 148: when the last day of a limit is a weekend day or a public holiday, the limit ends
  at the end of the next working day.

Working days are Monday to Friday, minus the public holidays the `holidays` package ships for
Vietnam (Tết Dương lịch, Tết Nguyên Đán with its observed days, Giỗ Tổ Hùng Vương, 30/4, 1/5,
2/9 and the day next to it, and from 2026 Ngày Văn hóa Việt Nam), minus the swapped days off
the package knows (e.g. 02/05/2025), plus the Saturdays worked in exchange for them. The
government announces swaps every year, later than any package release, so the office can add
its own `extra_days_off` and `extra_working_days`; those always win over the package.

Pure Python: no database, no Textual. Dates are shown as dd/mm/yyyy.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType

from store.text import fold

__all__ = [
    "Computed",
    "DayOffRun",
    "WorkCalendar",
    "default_calendar",
    "fmt",
    "set_default_calendar",
]

# A run of days off longer than this cannot happen; it means the calendar was misconfigured
# (e.g. every day marked as a day off), and a loop looking for a working day must stop.
_MAX_DAYS_OFF_IN_A_ROW = 60

_DEFAULT_OFF_NAME = ("Ngày nghỉ theo thông báo", "Announced day off")
_TET = ("Tết", "Tết (Lunar New Year)")
_WEEKEND = ("cuối tuần", "weekend")
_SWAPPED = ("nghỉ hoán đổi", "swapped day off")


def fmt(d: date) -> str:
    """dd/mm/yyyy, the way every date is shown to the user."""
    return d.strftime("%d/%m/%Y")


def _span(start: date, end: date) -> str:
    """Short form of a run of days: `02/09`, `04–10/02`, `30/04–04/05`, years when they differ."""
    if start == end:
        return start.strftime("%d/%m")
    if start.year != end.year:
        return f"{fmt(start)}–{fmt(end)}"
    if start.month == end.month:
        return f"{start:%d}–{end:%d/%m}"
    return f"{start:%d/%m}–{end:%d/%m}"


@dataclass(frozen=True)
class Computed:
    """A computed date and how it was reached, in words the clerk can check.

    Attributes:
        due: the date.
        explanation: e.g. "22/02/2027 ← 10 ngày làm việc từ 01/02/2027, bỏ qua Tết 04–10/02".
    """

    due: date
    explanation: str


@dataclass(frozen=True)
class DayOffRun:
    """Consecutive days off, named for explanations ("Tết 14–22/02").

    Attributes:
        start: first day off of the run.
        end: last day off of the run (inclusive).
        names: Vietnamese names of the holidays inside, empty for a plain weekend.
        names_en: the same in English.
    """

    start: date
    end: date
    names: tuple[str, ...] = ()
    names_en: tuple[str, ...] = ()

    @property
    def is_holiday(self) -> bool:
        """True when the run holds at least one holiday or announced day off (not just a weekend)."""
        return bool(self.names)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self, lang: str = "vi") -> str:
        """`Tết 04–10/02`, `Quốc khánh 29/08–02/09`, `cuối tuần 14–15/03`."""
        names = self.names if lang == "vi" else self.names_en
        if not names:
            names = (_WEEKEND[0] if lang == "vi" else _WEEKEND[1],)
        return f"{', '.join(names)} {_span(self.start, self.end)}"


def _run_name(raw: Iterable[str], lang_index: int) -> tuple[str, ...]:
    """Readable names for a run: every Tết day becomes "Tết"; "(nghỉ bù)" suffixes go."""
    out: list[str] = []
    for name in raw:
        key = fold(name)
        if "nguyen dan" in key or re.search(r"\b29 tet\b", key) or "lunar new year" in key:
            short = _TET[lang_index]
        elif key.startswith("ngay nghi (thay cho") or key.startswith("day off (substituted"):
            short = _SWAPPED[lang_index]
        else:
            short = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()  # "(nghỉ bù)", "(observed)"
        if short and short not in out:
            out.append(short)
    return tuple(out)


_VIETNAM = "holidays.countries.vietnam"


def _vietnam() -> ModuleType:
    """The `holidays` package's Vietnam module, loaded alone.

    `import holidays.countries.vietnam` would first run `holidays/countries/__init__.py`,
    which imports every country the package knows (about 250 modules: some 14 MB resident and
    70-210 ms, paid by the first view that counts working days). The package itself loads
    countries lazily, so the module is read here from its file and registered under its own
    name: the package's own lookups (`holidays.Vietnam`, `holidays.countries`, imported by
    anyone later) then find this same module and its classes."""
    module = sys.modules.get(_VIETNAM)
    if module is not None:
        return module
    import importlib
    import importlib.util
    from pathlib import Path

    import holidays

    if "holidays.countries" in sys.modules:  # every country is loaded already
        return importlib.import_module(_VIETNAM)
    spec = importlib.util.spec_from_file_location(
        _VIETNAM, Path(holidays.__file__).parent / "countries" / "vietnam.py")
    if spec is None or spec.loader is None:  # the package's layout changed: its own way
        return importlib.import_module(_VIETNAM)
    module = importlib.util.module_from_spec(spec)
    sys.modules[_VIETNAM] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[_VIETNAM]
        raise
    return module


def _package_swaps() -> dict[date, date]:
    """Swapped days off the `holidays` package knows: {worked Saturday: day off it pays for}.

    The package keeps them in `VietnamStaticHolidays.special_public_holidays` as
    `(month, day, from_month, from_day[, from_year])`: the first date is a day off "substituted
    from" the second, which therefore becomes a working day. It exposes only the day off as a
    holiday, so the worked day is read from that table. If a future release changes the shape,
    we fall back to no swaps rather than fail: the office can still enter them by hand.
    """
    swaps: dict[date, date] = {}
    try:
        table = _vietnam().VietnamStaticHolidays.special_public_holidays
        for year, entries in table.items():
            items = entries if entries and isinstance(entries[0], tuple) else (entries,)
            for item in items:
                if len(item) < 4:  # a plain extra holiday, nothing worked in exchange
                    continue
                month, day, from_month, from_day = item[:4]
                from_year = item[4] if len(item) > 4 else year
                worked = date(from_year, from_month, from_day)
                if worked.weekday() >= 5:  # only a weekend day can be a make-up working day
                    swaps[worked] = date(year, month, day)
    except Exception:  # noqa: BLE001 - see docstring: degrade to "no package swaps"
        return {}
    return swaps


class WorkCalendar:
    """Which days the office works, and deadline arithmetic over them.

    Holiday years are loaded from the `holidays` package the first time a date in that year is
    asked about, and kept; nothing is built for years nobody asks about.

    Args:
        extra_days_off: announced days off the package does not know (a date list, or a
            mapping date -> name for explanations).
        extra_working_days: announced make-up working days (usually Saturdays).

    Raises:
        ValueError: a date is both an extra day off and an extra working day.
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] | Mapping[date, str] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        if isinstance(extra_days_off, Mapping):
            self._extra_off: dict[date, str] = dict(extra_days_off)
        else:
            self._extra_off = {d: _DEFAULT_OFF_NAME[0] for d in extra_days_off}
        self._extra_work = frozenset(extra_working_days)
        both = self._extra_work & self._extra_off.keys()
        if both:
            raise ValueError(f"both a day off and a working day: {', '.join(map(fmt, sorted(both)))}")
        self._swaps = _package_swaps()
        self._years: dict[int, dict[date, str]] = {}
        self._years_en: dict[int, dict[date, str]] = {}

    # --- the calendar itself ---------------------------------------------------------------

    @property
    def extra_days_off(self) -> frozenset[date]:
        return frozenset(self._extra_off)

    @property
    def extra_working_days(self) -> frozenset[date]:
        return self._extra_work

    def _holidays(self, year: int, lang: str = "vi") -> dict[date, str]:
        cache = self._years if lang == "vi" else self._years_en
        if year not in cache:
            language = "vi" if lang == "vi" else "en_US"
            # the package is loaded only when a year's holidays are first needed (_vietnam)
            cache[year] = dict(_vietnam().Vietnam(years=year, language=language).items())
        return cache[year]

    def holiday_name(self, d: date, lang: str = "vi") -> str | None:
        """The name of the public holiday or announced day off on `d`, if any."""
        if d in self._extra_off:
            return self._extra_off[d] if lang == "vi" else _DEFAULT_OFF_NAME[1]
        return self._holidays(d.year, lang).get(d)

    def is_make_up_day(self, d: date) -> bool:
        """A weekend day worked in exchange for a swapped day off (package or office)."""
        return d.weekday() >= 5 and (d in self._extra_work or d in self._swaps)

    def is_working_day(self, d: date) -> bool:
        """True when the office works on `d`.

        Office entries win over the package; then holidays; then make-up Saturdays; then
        weekends.
        """
        if d in self._extra_work:
            return True
        if d in self._extra_off or d in self._holidays(d.year):
            return False
        if d in self._swaps:
            return True
        return d.weekday() < 5

    def next_working_day(self, d: date) -> date:
        """`d` itself when it is a working day, else the first working day after it."""
        for _ in range(_MAX_DAYS_OFF_IN_A_ROW):
            if self.is_working_day(d):
                return d
            d += timedelta(days=1)
        raise ValueError(f"no working day within {_MAX_DAYS_OFF_IN_A_ROW} days of {fmt(d)}")

    # --- arithmetic ------------------------------------------------------------------------

    def add_working_days(self, event: date, n: int) -> date:
        """The n-th working day after `event` (art. 147: counting starts the next day).

        A negative `n` counts backwards: the |n|-th working day before `event`. `n == 0`
        gives `event` unchanged.
        """
        step = 1 if n >= 0 else -1
        left = abs(n)
        d = event
        guard = 0
        while left:
            d += timedelta(days=step)
            if self.is_working_day(d):
                left -= 1
                guard = 0
            else:
                guard += 1
                if guard > _MAX_DAYS_OFF_IN_A_ROW:
                    raise ValueError(f"no working day near {fmt(d)}")
        return d

    def add_days(self, event: date, n: int) -> date:
        """`n` calendar days counted from the day after `event`, rolled to a working day.

        Art. 147 starts the count the day after the event, so day n is `event + n`; art. 148
        moves a last day that falls on a day off to the next working day.

        Raises:
            ValueError: `n` is negative (a limit runs forward).
        """
        if n < 0:
            raise ValueError("a time limit in days cannot be negative")
        return self.next_working_day(event + timedelta(days=n))

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b] when b >= a; minus the working days in (b, a] otherwise.

        "Today is a, the deadline is b": the result is how many working days are left, so the
        deadline day counts and today does not. Antisymmetric: f(a, b) == -f(b, a).
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + timedelta(days=1)
        while d <= b:
            if self.is_working_day(d):
                count += 1
            d += timedelta(days=1)
        return count

    def days_off_between(self, a: date, b: date, *, include_weekends: bool = False) -> list[DayOffRun]:
        """Runs of consecutive days off in (a, b], named (the order of a and b does not matter).

        A run keeps its full extent even where it crosses a or b, so Tết is always reported as
        one whole run ("Tết 14–22/02") rather than the slice the limit happened to touch.

        Args:
            a: the event (excluded, as in art. 147).
            b: the last day (included).
            include_weekends: also return runs that are only a weekend.
        """
        if b < a:
            a, b = b, a
        runs: list[DayOffRun] = []
        d = a + timedelta(days=1)
        while d <= b:
            if self.is_working_day(d):
                d += timedelta(days=1)
                continue
            run = self.day_off_run(d)
            assert run is not None
            if include_weekends or run.is_holiday:
                runs.append(run)
            d = run.end + timedelta(days=1)
        return runs

    def day_off_run(self, d: date) -> DayOffRun | None:
        """The whole run of days off that contains `d`, or None if `d` is a working day."""
        if self.is_working_day(d):
            return None
        start = end = d
        for _ in range(_MAX_DAYS_OFF_IN_A_ROW):
            if self.is_working_day(start - timedelta(days=1)):
                break
            start -= timedelta(days=1)
        for _ in range(_MAX_DAYS_OFF_IN_A_ROW):
            if self.is_working_day(end + timedelta(days=1)):
                break
            end += timedelta(days=1)
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        vi = [n for n in (self.holiday_name(x, "vi") for x in days) if n]
        en = [n for n in (self.holiday_name(x, "en") for x in days) if n]
        return DayOffRun(start, end, _run_name(vi, 0), _run_name(en, 1))

    # --- explained arithmetic --------------------------------------------------------------

    def _skipped(self, a: date, b: date, lang: str) -> str:
        """", bỏ qua Tết 04–10/02" for the holiday runs in (a, b]; make-up days worked too."""
        parts: list[str] = []
        runs = self.days_off_between(a, b)
        if runs:
            labels = "; ".join(r.label(lang) for r in runs)
            parts.append(("bỏ qua " if lang == "vi" else "skipping ") + labels)
        lo, hi = min(a, b), max(a, b)
        made_up = [
            lo + timedelta(days=i)
            for i in range(1, (hi - lo).days + 1)
            if self.is_make_up_day(lo + timedelta(days=i))
        ]
        if made_up:
            days = ", ".join(fmt(x) for x in made_up)
            lead = "tính cả ngày làm bù " if lang == "vi" else "counting make-up working day "
            parts.append(lead + days)
        return "".join(", " + p for p in parts)

    def compute_working_days(self, event: date, n: int, lang: str = "vi") -> Computed:
        """`add_working_days` with its explanation.

        Example: "22/02/2027 ← 10 ngày làm việc từ 01/02/2027, bỏ qua Tết 04–10/02".
        """
        due = self.add_working_days(event, n)
        if lang == "vi":
            head = f"{fmt(due)} ← {n} ngày làm việc từ {fmt(event)}"
        else:
            head = f"{fmt(due)} ← {n} working days from {fmt(event)}"
        return Computed(due, head + self._skipped(event, due, lang))

    def compute_days(self, event: date, n: int, lang: str = "vi") -> Computed:
        """`add_days` with its explanation, naming the day off that moved the last day."""
        last = event + timedelta(days=n)
        due = self.add_days(event, n)
        if lang == "vi":
            text = f"{fmt(due)} ← {n} ngày từ {fmt(event)}"
        else:
            text = f"{fmt(due)} ← {n} days from {fmt(event)}"
        return Computed(due, text + self.rolled_note(last, due, lang))

    def rolled_note(self, nominal: date, due: date, lang: str = "vi") -> str:
        """"; ngày cuối 14/02/2026 là ngày nghỉ (Tết 14–22/02), chuyển sang ..." or ""."""
        if nominal == due:
            return ""
        run = self.day_off_run(nominal)
        why = f" ({run.label(lang)})" if run else ""
        if lang == "vi":
            return (
                f"; ngày cuối {fmt(nominal)} là ngày nghỉ{why}, "
                f"chuyển sang ngày làm việc tiếp theo {fmt(due)}"
            )
        return f"; the last day {fmt(nominal)} is a day off{why}, moved to the next working day {fmt(due)}"


_default: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The calendar the app uses: set by `set_default_calendar`, else the package's alone."""
    global _default
    if _default is None:
        _default = WorkCalendar()
    return _default


def set_default_calendar(calendar: WorkCalendar | None) -> None:
    """Install the office's calendar (with its announced days); None goes back to the plain one."""
    global _default
    _default = calendar
