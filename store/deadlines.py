"""Deadlines as Vietnamese administrative writing states them, and the status they give.

Three things live here, all pure (no database, no Textual):

1. `parse_deadline` turns a phrase ("trước ngày 15/12/2025", "cuối quý II/2026",
   "trong thời hạn 10 ngày làm việc kể từ ngày nhận", "định kỳ 6 tháng, hằng năm") into a
   `DeadlineSpec`, or a `NotUnderstood` that says why. It never guesses: a phrase that is not
   fully explained by the rules below is not understood. `find_deadline_phrases` locates such
   phrases in a longer text for the intake parser.
2. `compute_due` (one-off deadlines) and `occurrences` (reporting cadences, for a window of
   dates only) turn a spec into dates on the office's `WorkCalendar`, each with an explanation.
3. `status_of` is the single definition of "quá hạn", "hoàn thành đúng hạn"... for the whole
   app (`store.assignments.status_condition` is its SQL twin).

Matching is done on `store.text.fold()`ed text (no diacritics, `đ` -> `d`, lower case), so OCR
and typing variants ("hang quy", "Chi thị", NFD input, missing tone marks) read the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from store.calendar import Computed, WorkCalendar, default_calendar, fmt, set_default_calendar
from store.text import clean, fold
from store.status import DEFAULT_SOON_DAYS, Status, derive, status_of

__all__ = [
    "CADENCES",
    "DEFAULT_SOON_DAYS",
    "Computed",
    "DeadlineSpec",
    "NotUnderstood",
    "Occurrence",
    "Period",
    "ReportPolicy",
    "Status",
    "compute_due",
    "days_left",
    "days_overdue",
    "default_calendar",
    "derive",
    "due_in_force",
    "due_text",
    "find_deadline_phrases",
    "occurrences",
    "parse_deadline",
    "set_default_calendar",
    "status_of",
]

# Reporting cadences, shortest first; the order is also the order they are listed in.
CADENCES = ("monthly", "quarterly", "semiannual", "annual")
_CADENCE_PERIOD = {"monthly": "month", "quarterly": "quarter", "semiannual": "half", "annual": "year"}
_KINDS = ("date", "period_end", "relative", "recurring", "adhoc")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
_MIN_YEAR, _MAX_YEAR = 1900, 2200


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotUnderstood:
    """A phrase dondoc did not understand, and why. Falsy, so `if spec:` reads naturally.

    Attributes:
        reason: why, in Vietnamese.
        phrase: the phrase as given.
        reason_en: why, in English.
    """

    reason: str
    phrase: str = ""
    reason_en: str = ""

    def __bool__(self) -> bool:
        return False

    def text(self, lang: str = "vi") -> str:
        return self.reason if lang == "vi" or not self.reason_en else self.reason_en


def _nu(phrase: str, vi: str, en: str) -> NotUnderstood:
    return NotUnderstood(reason=vi, phrase=phrase, reason_en=en)


@dataclass(frozen=True)
class Period:
    """A reporting period: a month, quarter, half-year, year, or the first N months of a year.

    Attributes:
        kind: "month", "quarter", "half", "year" or "ytd" (the first `index` months).
        year: the calendar year.
        index: month 1–12, quarter 1–4, half 1–2, 1 for a year, number of months for ytd.
    """

    year: int
    kind: str
    index: int = 1

    def __post_init__(self) -> None:
        limits = {"month": 12, "quarter": 4, "half": 2, "year": 1, "ytd": 12}
        if self.kind not in limits or not 1 <= self.index <= limits[self.kind]:
            raise ValueError(f"bad period {self.kind} {self.index}")
        if not _MIN_YEAR <= self.year <= _MAX_YEAR:
            raise ValueError(f"year out of range: {self.year}")

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "half": 6, "year": 12}.get(self.kind, self.index)

    @property
    def start(self) -> date:
        if self.kind == "ytd":
            return date(self.year, 1, 1)
        return date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        last_month = self.index if self.kind == "ytd" else self.index * self.months
        return date(self.year, last_month, 1) + relativedelta(months=1, days=-1)

    @classmethod
    def ending_on(cls, kind: str, d: date) -> Period:
        """The period of `kind` that contains `d`."""
        size = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
        return cls(d.year, kind, (d.month - 1) // size + 1)

    def key(self) -> str:
        """Stable text key for storage: `2026`, `2026-H1`, `2026-Q3`, `2026-10`, `2026-M9`."""
        return {
            "year": f"{self.year}",
            "half": f"{self.year}-H{self.index}",
            "quarter": f"{self.year}-Q{self.index}",
            "month": f"{self.year}-{self.index:02d}",
            "ytd": f"{self.year}-M{self.index}",
        }[self.kind]

    @classmethod
    def from_key(cls, key: str) -> Period:
        m = re.fullmatch(r"(\d{4})(?:-(H|Q|M)?(\d{1,2}))?", key)
        if not m:
            raise ValueError(f"bad period key {key!r}")
        year, tag, idx = int(m[1]), m[2], m[3]
        if idx is None:
            return cls(year, "year")
        kind = {"H": "half", "Q": "quarter", "M": "ytd", None: "month"}[tag]
        return cls(year, kind, int(idx))

    def label(self, lang: str = "vi") -> str:
        """"Quý I/2026", "6 tháng đầu năm 2026", "Năm 2026", "Tháng 10/2025" (or English)."""
        y, i = self.year, self.index
        if lang == "vi":
            return {
                "year": f"Năm {y}",
                "half": f"6 tháng {'đầu' if i == 1 else 'cuối'} năm {y}",
                "quarter": f"Quý {_ROMAN_OUT.get(i, i)}/{y}",
                "month": f"Tháng {i:02d}/{y}",
                "ytd": f"{i} tháng đầu năm {y}",
            }[self.kind]
        return {
            "year": f"Year {y}",
            "half": f"H{i} {y}",
            "quarter": f"Q{i} {y}",
            "month": f"{i:02d}/{y}",
            "ytd": f"First {i} months of {y}",
        }[self.kind]


@dataclass(frozen=True)
class DeadlineSpec:
    """What a deadline phrase says, in a form that can be stored and computed.

    Attributes:
        kind: "date", "period_end", "relative", "recurring" or "adhoc".
        phrase: the phrase as written.
        due: the date (kind "date").
        period: the period whose end is the deadline (kind "period_end").
        days: the number of days (kind "relative", unit days).
        months: the number of months (kind "relative", unit months).
        working: True when `days` are working days.
        event: what the count starts from, as written ("nhận", "ký ban hành"); None if unsaid.
        cadences: reporting cadences (kind "recurring"), among `CADENCES`.
        starts: first day of the first period covered (e.g. "năm 2021" -> 01/01/2021).
        until: last day of the last period covered ("đến hết năm 2030" -> 31/12/2030).
        adhoc: reports on request ("đột xuất") are also asked for.
    """

    kind: str
    phrase: str
    due: date | None = None
    period: Period | None = None
    days: int | None = None
    months: int | None = None
    working: bool = False
    event: str | None = None
    cadences: tuple[str, ...] = ()
    starts: date | None = None
    until: date | None = None
    adhoc: bool = False

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown deadline kind {self.kind!r}")
        if any(c not in CADENCES for c in self.cadences):
            raise ValueError(f"unknown cadence in {self.cadences!r}")

    def rrule(self, cadence: str, policy: ReportPolicy | None = None) -> str:
        """An RFC 5545 `RRULE:` line for one cadence of this spec (dateutil `rrulestr` reads it).

        Without a policy the rule gives the period ends (last day of each month, quarter,
        half-year or year). With a `day_of_last_month` policy up to day 28 it gives the nominal
        due days instead. `days_after_period` cannot be said in RRULE: use the period ends and
        add the days (that is what `occurrences` does).

        Raises:
            ValueError: unknown cadence, or a policy RRULE cannot express.
        """
        if cadence not in CADENCES:
            raise ValueError(f"unknown cadence {cadence!r}")
        day = -1
        if policy is not None and policy.rule == "day_of_last_month" and policy.value <= 28:
            day = policy.value
        elif policy is not None:
            raise ValueError(f"RRULE cannot express {policy}")
        parts = {
            "monthly": f"FREQ=MONTHLY;BYMONTHDAY={day}",
            "quarterly": f"FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY={day}",
            "semiannual": f"FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY={day}",
            "annual": f"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY={day}",
        }[cadence]
        if self.until is not None:
            parts += f";UNTIL={self.until:%Y%m%d}"
        return "RRULE:" + parts

    def describe(self, lang: str = "vi") -> str:
        """Short human text: "Định kỳ: quý, 6 tháng, năm; đột xuất", "Hạn: 15/12/2025"..."""
        vi = lang == "vi"
        if self.kind == "date" and self.due:
            return f"{'Hạn' if vi else 'Due'}: {fmt(self.due)}"
        if self.kind == "period_end" and self.period:
            return f"{'Hết' if vi else 'End of'} {self.period.label(lang)}"
        if self.kind == "relative":
            n = self.days if self.days is not None else self.months
            if vi:
                unit = "ngày làm việc" if self.working else ("ngày" if self.days is not None else "tháng")
                tail = f" kể từ ngày {self.event}" if self.event else ""
            else:
                unit = "working days" if self.working else ("days" if self.days is not None else "months")
                tail = f" from {self.event}" if self.event else ""
            return f"{n} {unit}{tail}"
        if self.kind == "adhoc":
            return "Đột xuất (khi có yêu cầu)" if vi else "Ad hoc (on request)"
        names = _CADENCE_NAMES[0 if vi else 1]
        text = ("Định kỳ: " if vi else "Recurring: ") + ", ".join(names[c] for c in self.cadences)
        if self.adhoc:
            text += "; đột xuất" if vi else "; ad hoc"
        if self.starts:
            text += f" {'từ' if vi else 'from'} {fmt(self.starts)}"
        if self.until:
            text += f" {'đến' if vi else 'until'} {fmt(self.until)}"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (ISO dates, period as its key); `from_dict` reads it back."""
        out: dict[str, Any] = {"kind": self.kind, "phrase": self.phrase}
        if self.due:
            out["due"] = self.due.isoformat()
        if self.period:
            out["period"] = self.period.key()
        if self.days is not None:
            out["days"] = self.days
        if self.months is not None:
            out["months"] = self.months
        if self.working:
            out["working"] = True
        if self.event:
            out["event"] = self.event
        if self.cadences:
            out["cadences"] = list(self.cadences)
        if self.starts:
            out["starts"] = self.starts.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.adhoc:
            out["adhoc"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeadlineSpec:
        def day(key: str) -> date | None:
            return date.fromisoformat(data[key]) if data.get(key) else None

        return cls(
            kind=data["kind"],
            phrase=data.get("phrase", ""),
            due=day("due"),
            period=Period.from_key(data["period"]) if data.get("period") else None,
            days=data.get("days"),
            months=data.get("months"),
            working=bool(data.get("working", False)),
            event=data.get("event"),
            cadences=tuple(data.get("cadences", ())),
            starts=day("starts"),
            until=day("until"),
            adhoc=bool(data.get("adhoc", False)),
        )


_CADENCE_NAMES = (
    {"monthly": "tháng", "quarterly": "quý", "semiannual": "6 tháng", "annual": "năm"},
    {"monthly": "monthly", "quarterly": "quarterly", "semiannual": "half-yearly", "annual": "yearly"},
)


@dataclass(frozen=True)
class ReportPolicy:
    """When a period's report is due, office-wide (an assignment may carry its own).

    `ReportPolicy("day_of_last_month", 15)`: the 15th of the period's last month. This is the
    usual practice, after Decree 09/2019/NĐ-CP whose reporting periods close on the 14th of the
    last month so the report can go out on the 15th. A day past the month's end means its last
    day. `ReportPolicy("days_after_period", 10)`: ten days after the period ends.
    """

    rule: str = "day_of_last_month"
    value: int = 15

    def __post_init__(self) -> None:
        if self.rule == "day_of_last_month":
            if not 1 <= self.value <= 31:
                raise ValueError("day of month must be 1–31")
        elif self.rule == "days_after_period":
            if not 0 <= self.value <= 366:
                raise ValueError("days after the period must be 0–366")
        else:
            raise ValueError(f"unknown report policy {self.rule!r}")

    def nominal_due(self, period: Period) -> date:
        """The due date before rolling to a working day."""
        if self.rule == "days_after_period":
            return period.end + timedelta(days=self.value)
        end = period.end
        return end.replace(day=min(self.value, end.day))

    def describe(self, lang: str = "vi") -> str:
        if self.rule == "days_after_period":
            return (
                f"{self.value} ngày sau khi hết kỳ" if lang == "vi"
                else f"{self.value} days after the period ends"
            )
        return (
            f"ngày {self.value} của tháng cuối kỳ" if lang == "vi"
            else f"day {self.value} of the period's last month"
        )

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "value": self.value}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportPolicy:
        return cls(data["rule"], int(data["value"]))


@dataclass(frozen=True)
class Occurrence:
    """One report due: the periods it covers, the date, and why that date.

    Several cadences can fall on the same day (quarter II and the first half-year are both
    due on 15/06 under the default policy); they are one occurrence, as offices write one
    "báo cáo quý II và 6 tháng đầu năm".

    Attributes:
        due: the due date, on a working day.
        nominal: the date the policy gives before rolling over days off.
        periods: the periods reported on, shortest first.
        explanation: how the date was reached.
    """

    due: date
    nominal: date
    periods: tuple[Period, ...]
    explanation: str

    @property
    def label(self) -> str:
        return self.label_in("vi")

    def label_in(self, lang: str = "vi") -> str:
        """"Quý IV/2026, 6 tháng cuối năm 2026 và Năm 2026"."""
        return _join([p.label(lang) for p in self.periods], lang)

    @property
    def period_key(self) -> str:
        return "+".join(p.key() for p in self.periods)


# --- folding with a map back to the text as written ------------------------------------------


def _fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` character by character, with each folded character's index in `text`.

    Whitespace runs become one space. Lets a regex run on folded text while the match is cut
    out of the original, diacritics and all (NFD input included: combining marks fold to
    nothing and stay attached to their letter when cutting).
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        for f in fold(ch) if unicodedata.category(ch) != "Mn" else "":
            out.append(f)
            where.append(i)
    return "".join(out), where


def _cut(text: str, where: list[int], start: int, end: int) -> str:
    """The original text behind folded[start:end], with trailing combining marks kept."""
    lo = where[start]
    hi = where[end - 1] + 1
    while hi < len(text) and unicodedata.category(text[hi]) == "Mn":
        hi += 1
    return text[lo:hi]


# --- the grammar, on folded text ------------------------------------------------------------

_SP = r"\s*"
_NUMWORD = r"(?:mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi|muoi)"
_NUMBER = rf"(?:\d{{1,3}}|{_NUMWORD}(?:\s+{_NUMWORD}){{0,2}})"
_UNITS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
          "bay": 7, "tam": 8, "chin": 9}


def _number(text: str) -> int | None:
    """`05` -> 5, `mười lăm` -> 15, `hai mươi` -> 20, `ba mươi mốt`... (folded words)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    words = text.split()
    if "muoi" in words:
        i = words.index("muoi")
        tens = _UNITS.get(words[0], 0) if i == 1 else (1 if i == 0 else None)
        rest = words[i + 1:]
        if tens is None or len(rest) > 1 or i > 1:
            return None
        unit = _UNITS.get(rest[0]) if rest else 0
        if unit is None:
            return None
        return tens * 10 + unit
    if len(words) == 1 and words[0] in _UNITS:
        return _UNITS[words[0]]
    return None


# A date: 15/12/2025, 15-12-2025, 15.12.2025, 2025-12-15, 25 tháng 8 năm 2021; year optional.
_DATE = (
    r"(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?"
    r"|(?P<wd>\d{1,2})\s+thang\s+(?P<wm>\d{1,2})(?:\s*,?\s*nam\s+(?P<wy>\d{4}))?)"
    r"(?![\d/])"
)
_TIME = r"(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}\s*(?:phut)?)?\s*,?\s*)?"
_DATE_PREFIX = (
    r"(?:truoc|cham nhat(?:\s+la)?(?:\s+(?:vao|truoc))?|han chot(?:\s+la)?|han cuoi(?:\s+la)?"
    r"|thoi han(?:\s+hoan thanh)?(?:\s+la)?|han(?:\s+la)?|den|khong qua|khong cham hon"
    r"|khong muon hon|vao|trong)"
)
_DATE_RE = re.compile(rf"(?:{_DATE_PREFIX}\s+)?{_TIME}(?:ngay\s+)?{_DATE}")

# Leading words that say what is to be done, not when; dropped before matching.
_FILLER_RE = re.compile(
    r"^(?:(?:bao cao|hoan thanh|thuc hien|gui|nop|xong|to chuc|trien khai|ket qua|che do|co che)"
    r"(?:\s+|$))+"
)

_ROMAN_RE = r"(?:iv|i{1,3}|[il]{1,3}|[1-4]|0[1-4])"  # OCR reads "III" as "Ill"
_YEAR_TAIL = r"(?:\s*/\s*|\s*,?\s*(?:nam\s+)?)(?P<y>\d{4})"
_PERIOD_PREFIX = (
    r"(?P<pre>cuoi|het|trong|den het|den cuoi|vao cuoi|ngay cuoi cung cua"
    r"|trong suot|den|truoc|dau|giua)"
)
_PERIODS = [
    ("quarter", re.compile(rf"quy\s+(?P<q>{_ROMAN_RE})(?:{_YEAR_TAIL})?")),
    ("half", re.compile(rf"(?:6|06|sau)\s+thang\s+(?P<h>dau|cuoi)(?:\s+nam)?(?:{_YEAR_TAIL})?")),
    ("half", re.compile(rf"nua\s+(?P<h>dau|cuoi)\s+nam(?:{_YEAR_TAIL})?")),
    ("ytd", re.compile(rf"(?P<n>3|03|ba|9|09|chin)\s+thang\s+dau\s+nam(?:{_YEAR_TAIL})?")),
    ("month", re.compile(rf"thang\s+(?P<mo>\d{{1,2}})(?:{_YEAR_TAIL})?")),
    ("year", re.compile(r"nam(?:\s+(?P<y>\d{4})|\s+nay)?")),  # "năm nay"/"cuối năm": issue year
]

_REL_PREFIX = (
    r"(?:trong\s+(?:thoi han|vong|han)|trong|cham nhat(?:\s+la)?(?:\s+sau)?|khong qua|sau"
    r"|thoi han)"
)
_REL_RE = re.compile(
    rf"(?:(?P<pre>{_REL_PREFIX})\s+)?(?P<n>{_NUMBER})(?:\s*\((?P<nw>[a-z\s]+)\))?\s+"
    rf"(?P<unit>ngay lam viec|ngay|thang)"
    rf"(?:\s*,?\s*(?P<from>ke tu|tinh tu|sau khi|sau|tu)\s+(?:ngay\s+|khi\s+|thoi diem\s+)?(?P<event>.+))?"
)

# One cadence item as written. Bare "quý", "năm", "tháng" only count after "định kỳ" or in a
# list of several (a lone "năm" is no deadline).
_ONCE = r"(?:0?1|mot)\s+lan"
_CAD_ITEMS: list[tuple[str, str, bool]] = [  # (cadence, pattern, explicit on its own)
    ("semiannual", rf"(?:(?:hang|moi)\s+)?(?:6|06|sau)\s+thang(?:\s+{_ONCE})?(?!\s+(?:dau|cuoi))", True),
    ("semiannual", rf"(?:(?:hang|moi)\s+)?nua\s+nam(?:\s+{_ONCE})?", True),
    ("quarterly", rf"(?:3|03|ba)\s+thang\s+{_ONCE}", True),
    ("annual", rf"(?:12|muoi hai)\s+thang\s+{_ONCE}", True),
    ("monthly", rf"(?:hang|moi)\s+thang(?:\s+{_ONCE})?|(?:(?:0?1|mot)\s+)?thang\s+{_ONCE}", True),
    ("quarterly", rf"(?:hang|moi)\s+quy(?:\s+{_ONCE})?|(?:(?:0?1|mot)\s+)?quy\s+{_ONCE}", True),
    ("annual", rf"(?:hang|moi)\s+nam(?:\s+{_ONCE})?|(?:(?:0?1|mot)\s+)?nam\s+{_ONCE}", True),
    ("monthly", r"thang", False),
    ("quarterly", r"quy", False),
    ("annual", r"nam", False),
    ("adhoc", r"dot xuat|(?:khi|theo)\s+(?:co\s+|duoc\s+)?yeu cau"
              r"|(?:trong\s+)?(?:truong hop|khi)\s+(?:can thiet|co yeu cau)", True),
    ("weekly", r"(?:hang|moi)\s+tuan|tuan\s+" + _ONCE, True),
]
_CAD_COMPILED = [(c, re.compile(p), explicit) for c, p, explicit in _CAD_ITEMS]
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\bva\b|\bhoac\b|\bcung nhu\b|&)\s*")
_UNTIL_RE = re.compile(
    r"\s*,?\s*(?:den het|cho den het|den|cho den|toi het|toi)\s+"
    rf"(?:(?:nam\s+)?(?P<uy>\d{{4}})(?![\d/])|ngay\s+{_DATE})$"
)
_SPAN_RE = re.compile(r"\s*,?\s*giai doan\s+(?:nam\s+)?(?P<a>\d{4})\s*[-–—]\s*(?:nam\s+)?(?P<b>\d{4})$")
_FROM_RE = re.compile(r"\s*,?\s*(?:bat dau\s+)?tu\s+(?:nam\s+)?(?P<fy>\d{4})$")
_IN_YEAR_RE = re.compile(r"\s*,?\s*(?:trong\s+|cua\s+)?nam\s+(?P<ry>\d{4})$")


def _date_from(m: re.Match[str]) -> tuple[int, int, int | None]:
    if m.group("iy"):
        return int(m["id"]), int(m["im"]), int(m["iy"])
    if m.group("d"):
        return int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None
    return int(m["wd"]), int(m["wm"]), int(m["wy"]) if m["wy"] else None


def _make_date(day: int, month: int, year: int | None, issued: date | None,
               phrase: str) -> date | NotUnderstood:
    """A real date, the year taken from `issued` when the text leaves it out."""
    if year is None:
        if issued is None:
            return _nu(phrase, "Ngày không có năm, và không biết ngày ban hành để suy ra năm.",
                       "The date has no year and the issue date is unknown.")
        year = issued.year
        try:
            if date(year, month, day) < issued:  # "trước 15/01" in a December letter: next January
                year += 1
        except ValueError:
            pass
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return _nu(phrase, f"Năm {year} không hợp lý.", f"Year {year} is not plausible.")
    try:
        return date(year, month, day)
    except ValueError:
        return _nu(phrase, f"Ngày {day:02d}/{month:02d}/{year} không tồn tại.",
                   f"{day:02d}/{month:02d}/{year} does not exist.")


def _parse_date(f: str, phrase: str, issued: date | None) -> DeadlineSpec | NotUnderstood | None:
    m = _DATE_RE.fullmatch(f)
    if not m:
        return None
    made = _make_date(*_date_from(m), issued, phrase)
    if isinstance(made, NotUnderstood):
        return made
    return DeadlineSpec(kind="date", phrase=phrase, due=made)


def _period_from(kind: str, m: re.Match[str], issued: date | None, phrase: str) -> Period | NotUnderstood:
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    try:
        if kind == "quarter":
            q = groups["q"].replace("l", "i")
            index = _ROMAN.get(q) or int(q)
        elif kind == "half":
            index = 1 if groups["h"] == "dau" else 2
        elif kind == "ytd":
            index = _number(groups["n"]) or 0
            if index == 3:
                kind, index = "quarter", 1
        elif kind == "month":
            index = int(groups["mo"])
        else:
            index = 1
        if year is None:
            if issued is None:
                return _nu(phrase, "Kỳ không có năm, và không biết ngày ban hành để suy ra năm.",
                           "The period has no year and the issue date is unknown.")
            period = Period(issued.year, kind, index)
            if period.end < issued:  # "trong quý I" written in October means next year's
                period = Period(issued.year + 1, kind, index)
            return period
        return Period(year, kind, index)
    except ValueError:
        return _nu(phrase, "Kỳ không tồn tại (quý, tháng hoặc năm sai).",
                   "No such period (wrong quarter, month or year).")


def _parse_period(f: str, phrase: str, issued: date | None) -> DeadlineSpec | NotUnderstood | None:
    for kind, pattern in _PERIODS:
        m = re.fullmatch(rf"(?:{_PERIOD_PREFIX}\s+)?(?:{pattern.pattern})", f)
        if not m:
            continue
        pre = m.group("pre")
        if kind == "year" and pre is None:
            return _nu(phrase, "Chỉ có một năm: chưa rõ là trong năm hay cuối năm.",
                       "A year alone: unclear whether within or at the end of the year.")
        if pre in ("truoc", "dau", "giua"):
            return _nu(
                phrase,
                f"«{phrase}»: chưa rõ hạn là trước khi kỳ bắt đầu, đầu kỳ hay hết kỳ; hãy ghi ngày cụ thể.",
                f"«{phrase}»: unclear whether before, early in or at the end of the period; give a date.",
            )
        period = _period_from(kind, m, issued, phrase)
        if isinstance(period, NotUnderstood):
            return period
        return DeadlineSpec(kind="period_end", phrase=phrase, period=period)
    return None


def _event_text(phrase: str, f: str, m: re.Match[str]) -> str | None:
    if not m.group("event"):
        return None
    folded, where = _fold_map(phrase)
    # `f` was derived from `phrase` by the same folding plus trims; locate the event by its
    # folded text to cut it out of the phrase as written.
    event_f = m.group("event").strip(" .,;")
    at = folded.rfind(event_f)
    if at < 0 or not event_f:
        return event_f or None
    return _cut(phrase, where, at, at + len(event_f))


def _parse_relative(f: str, phrase: str) -> DeadlineSpec | NotUnderstood | None:
    m = _REL_RE.fullmatch(f)
    if not m:
        return None
    unit = m["unit"]
    if unit == "thang" and not (m["pre"] or m["event"]):
        return None  # "6 tháng" alone is a cadence, not a limit
    n = _number(m["n"])
    if m["nw"] is not None:  # "05 (năm) ngày": the words must agree with the figure
        in_words = _number(m["nw"])
        if in_words is None or (n is not None and in_words != n):
            return _nu(phrase, "Số ghi bằng số và bằng chữ không khớp.",
                       "The number in figures and in words disagree.")
        n = n if n is not None else in_words
    limit = 24 if unit == "thang" else 366
    if n is None or not 1 <= n <= limit:
        return _nu(phrase, "Số ngày/tháng không hợp lý.", "Implausible number of days or months.")
    event = _event_text(phrase, f, m)
    if unit == "thang":
        return DeadlineSpec(kind="relative", phrase=phrase, months=n, event=event)
    return DeadlineSpec(kind="relative", phrase=phrase, days=n, working=unit == "ngay lam viec", event=event)


def _parse_recurring(f: str, phrase: str) -> DeadlineSpec | NotUnderstood | None:
    body = f
    lead = re.match(r"(?:bao cao\s+)?dinh\s*ky(?:\s+|$)|dinh\s*ky\s*:?\s*", body)
    periodic = bool(lead)
    if lead:
        body = body[lead.end():]
    starts = until = None
    restricted_year = None
    for _ in range(3):  # trailing clauses in any order: "năm 2026", "đến hết năm 2030", "từ 2026"
        if m := _UNTIL_RE.search(body):
            if m.group("uy"):
                until = date(int(m["uy"]), 12, 31)
            else:
                made = _make_date(*_date_from(m), None, phrase)
                if isinstance(made, NotUnderstood):
                    return made
                until = made
            body = body[: m.start()]
        elif m := _SPAN_RE.search(body):
            starts, until = date(int(m["a"]), 1, 1), date(int(m["b"]), 12, 31)
            body = body[: m.start()]
        elif m := _FROM_RE.search(body):
            starts = date(int(m["fy"]), 1, 1)
            body = body[: m.start()]
        elif (m := _IN_YEAR_RE.search(body)) and (periodic or m.start() > 0):
            restricted_year = int(m["ry"])
            body = body[: m.start()]
    body = body.strip(" ,;:")
    items = [x for x in _LIST_SPLIT.split(body) if x] if body else []
    found: list[str] = []
    explicit = False
    for item in items:
        for cadence, pattern, is_explicit in _CAD_COMPILED:
            if pattern.fullmatch(item):
                found.append(cadence)
                explicit = explicit or is_explicit
                break
        else:
            if periodic:
                return _nu(phrase, "Có «định kỳ» nhưng không nói rõ kỳ nào (tháng, quý, 6 tháng, năm).",
                           "«định kỳ» but no period is stated (month, quarter, half-year, year).")
            return None
    if "weekly" in found:
        return _nu(phrase, "Báo cáo hằng tuần chưa được hỗ trợ (chỉ tháng, quý, 6 tháng, năm).",
                   "Weekly reports are not supported (only monthly, quarterly, half-yearly, yearly).")
    cadences = tuple(c for c in CADENCES if c in found)
    adhoc = "adhoc" in found
    if restricted_year is not None:
        if not cadences and periodic:
            cadences = ("annual",)  # "báo cáo định kỳ năm 2021": the periodic report OF 2021
        starts = date(restricted_year, 1, 1)
        until = date(restricted_year, 12, 31)
    if not found and not cadences:
        if periodic:
            return _nu(phrase, "Có «định kỳ» nhưng không nói kỳ nào (tháng, quý, 6 tháng, năm).",
                       "«định kỳ» without a period (month, quarter, half-year, year).")
        return None
    if not periodic and not explicit and len(found) < 2:
        return None  # a lone "quý" or "năm" is not a cadence
    if starts and until and starts > until:
        return _nu(phrase, "Thời gian bắt đầu sau thời gian kết thúc.", "The start is after the end.")
    if not cadences:
        if starts or until:
            return _nu(phrase, "Đột xuất không có kỳ hạn.", "Ad hoc reports have no period.")
        return DeadlineSpec(kind="adhoc", phrase=phrase, adhoc=True)
    return DeadlineSpec(kind="recurring", phrase=phrase, cadences=cadences, starts=starts,
                        until=until, adhoc=adhoc)


def _normalise(phrase: str) -> str:
    """Folded phrase without the punctuation and filler that carry no deadline meaning."""
    f = fold(phrase)
    f = f.replace("–", "-").replace("—", "-")
    f = re.sub(r"\s*\./\.\s*$", "", f)  # the "./." that ends Vietnamese documents
    f = f.strip(" .;:!*_\"'«»()[]")
    f = re.sub(r"\s*:\s*", " ", f)  # "Hạn: 15/12/2025"
    f = re.sub(r"\s+", " ", f)
    return _FILLER_RE.sub("", f).strip(" ,")


def parse_deadline(phrase: str, *, issued: date | None = None) -> DeadlineSpec | NotUnderstood:
    """Understand one deadline phrase, or say why not.

    Rules (general Vietnamese administrative usage, not a list of known phrases):

    * a date, optionally after "trước", "chậm nhất", "hạn", "không quá"...: the date written
      is the deadline (tracking reports record "trước ngày 15/12" as hạn 15/12);
    * the end of a period: "cuối/trong/hết năm 2025", "quý III năm 2002", "cuối quý II/2026",
      "6 tháng đầu năm 2026", "tháng 10/2025"; "trước/đầu/giữa <kỳ>" is ambiguous -> not
      understood;
    * a limit from an event: "trong thời hạn 10 ngày làm việc kể từ ngày nhận", "05 (năm) ngày
      làm việc", "trong vòng 03 tháng kể từ ngày ký";
    * cadences: "định kỳ hằng quý", "Sáu tháng 01 lần", "quý, 6 tháng, năm và đột xuất",
      "hằng năm đến hết năm 2030", "báo cáo định kỳ năm 2021" (the annual report of 2021);
      "đột xuất" alone is ad hoc.

    Args:
        phrase: the phrase as written (NFC or NFD, with or without diacritics).
        issued: the document's date, used only to supply a missing year.

    Returns:
        A `DeadlineSpec`, or a `NotUnderstood` with the reason.
    """
    if not isinstance(phrase, str):
        return _nu(str(phrase), "Không phải văn bản.", "Not text.")
    text = clean(phrase).strip()
    if not text:
        return _nu(text, "Không có thời hạn (trống).", "No deadline (empty).")
    f = _normalise(text)
    if not f:
        return _nu(text, "Không có thời hạn.", "No deadline.")
    for attempt in (
        lambda: _parse_date(f, text, issued),
        lambda: _parse_period(f, text, issued),
        lambda: _parse_relative(f, text),
        lambda: _parse_recurring(f, text),
    ):
        result = attempt()
        if result is not None:
            return result
    return _nu(text, f"Không nhận ra thời hạn trong «{text}».", f"No deadline recognised in «{text}».")


# --- finding phrases in a longer text --------------------------------------------------------

def _anon(pattern: str) -> str:
    """The same pattern without group names, so pieces can be combined freely."""
    return re.sub(r"\?P<\w+>", "?:", pattern)


_ITEM_ANY = "|".join(p for _, p, _ in _CAD_ITEMS if p not in ("thang", "quy", "nam"))
# What may start a list found without "định kỳ": a cadence said in full, or "đột xuất" ("theo
# yêu cầu" alone is everywhere in these texts and rarely about reports).
_ITEM_START = "|".join(p for c, p, explicit in _CAD_ITEMS if explicit and c != "adhoc") + "|dot xuat"
_ITEM_BARE = rf"(?:{_ITEM_ANY}|quy(?!\s+[ivl1-4]{{1,3}}\b)|nam(?!\s+\d{{4}})|thang(?!\s+\d))"
_ITEM_LIST = rf"(?:{_ITEM_BARE})(?:\s*(?:,|;|va|hoac)\s*(?:{_ITEM_BARE})){{0,5}}"
_ENDING = (
    rf"(?:\s*,?\s*(?:den het|cho den het|den)\s+(?:nam\s+\d{{4}}|ngay\s+{_DATE})"
    rf"|\s*,?\s*giai doan\s+\d{{4}}\s*-\s*\d{{4}})?"
)
_FIND_DATE_PREFIX = (
    r"(?:truoc|cham nhat(?:\s+la)?(?:\s+(?:vao|truoc))?|han chot(?:\s+la)?|han cuoi(?:\s+la)?"
    r"|thoi han(?:\s+hoan thanh)?(?:\s+la)?|han|khong qua|khong cham hon|khong muon hon)"
)
_EVENT = r"(?:\s+(?:ke tu|tinh tu)\s+ngay(?:\s+[a-z]+){1,4}?(?=\s*[,.;)]|\s*$))?"
_FIND_PATTERNS = [
    # "định kỳ" + cadences (+ year, + end). "định kỳ" alone is kept too: the office must
    # report periodically and the clerk has to say how often.
    rf"dinh\s*ky(?:\s+{_ITEM_LIST})?(?:\s*,?\s*(?:trong\s+)?nam\s+\d{{4}})?{_ENDING}",
    rf"(?:{_ITEM_START})(?:\s*(?:,|;|va|hoac)\s*(?:{_ITEM_BARE})){{0,5}}{_ENDING}",
    rf"{_FIND_DATE_PREFIX}\s+{_TIME}(?:ngay\s+)?{_DATE}",
    r"(?:cuoi|het|trong|den het|den cuoi|vao cuoi)\s+(?:"
    + "|".join(p.pattern for _, p in _PERIODS) + ")",
    rf"{_REL_PREFIX}\s+{_NUMBER}(?:\s*\([a-z\s]+\))?\s+(?:ngay lam viec|ngay|thang){_EVENT}",
    rf"\d{{1,3}}(?:\s*\([a-z\s]+\))?\s+ngay lam viec{_EVENT}",
]
_FIND_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"(?:{_anon(p)})" for p in _FIND_PATTERNS) + r")(?![a-z0-9])"
)


def find_deadline_phrases(text: str) -> list[str]:
    """Deadline phrases inside a longer text, as written, in order, without repeats.

    Dates count only after a deadline word ("trước ngày", "chậm nhất", "hạn"): a bare date is
    usually a citation ("Chỉ thị số 05/CT-TTg, ngày 06/02/2017"). Each phrase can be given to
    `parse_deadline`; some ("định kỳ" with no cadence) will come back not understood, which is
    what the clerk needs to see.
    """
    if not text:
        return []
    folded, where = _fold_map(text)
    out: list[str] = []
    for m in _FIND_RE.finditer(folded):
        start, end = m.span()
        while end > start and folded[end - 1] in " ,;.":
            end -= 1
        if end <= start:
            continue
        phrase = _cut(text, where, start, end)
        if phrase not in out:
            out.append(phrase)
    return out


# --- dates from specs ------------------------------------------------------------------------


def compute_due(
    spec: DeadlineSpec,
    event: date | None = None,
    calendar: WorkCalendar | None = None,
    policy: ReportPolicy | None = None,
    *,
    lang: str = "vi",
) -> Computed | NotUnderstood:
    """The due date of a one-off deadline, explained.

    * date: the date as written (the text names the day, so it is not moved);
    * period_end: the last day of the period, moved to the next working day if it is a day off
      (Civil Code art. 148, as for any time limit);
    * relative: counted from `event` (art. 147), in working days, days or months;
    * recurring limited to a single period ("báo cáo định kỳ năm 2021"): that report's date.

    Returns:
        `Computed`, or `NotUnderstood` (no event date for a relative limit, or a cadence).
    """
    cal = calendar or default_calendar()
    vi = lang == "vi"
    if spec.kind == "date" and spec.due:
        note = "ngày ghi trong văn bản" if vi else "the date in the text"
        if not cal.is_working_day(spec.due):
            note += (" (ngày nghỉ, giữ nguyên vì văn bản ghi đích danh)" if vi
                     else " (a day off, kept: the text names it)")
        return Computed(spec.due, f"{fmt(spec.due)} ← {note}")
    if spec.kind == "period_end" and spec.period:
        last = spec.period.end
        due = cal.next_working_day(last)
        head = (f"{fmt(due)} ← ngày cuối của {spec.period.label('vi')}" if vi
                else f"{fmt(due)} ← last day of {spec.period.label('en')}")
        return Computed(due, head + cal.rolled_note(last, due, lang))
    if spec.kind == "relative":
        if event is None:
            what = spec.event or ("sự kiện" if vi else "the event")
            return _nu(spec.phrase, f"Cần ngày {what} để tính hạn.",
                       f"The date of {spec.event or 'the event'} is needed.")
        if spec.days is not None and spec.working:
            return cal.compute_working_days(event, spec.days, lang)
        if spec.days is not None:
            return cal.compute_days(event, spec.days, lang)
        if spec.months is not None:
            # Art. 147/148: a limit in months ends on the same day of the last month, or that
            # month's last day when it has no such day (relativedelta clips the same way).
            last = event + relativedelta(months=spec.months)
            due = cal.next_working_day(last)
            head = (f"{fmt(due)} ← {spec.months} tháng từ {fmt(event)}" if vi
                    else f"{fmt(due)} ← {spec.months} months from {fmt(event)}")
            return Computed(due, head + cal.rolled_note(last, due, lang))
    if spec.kind == "recurring" and spec.starts and spec.until:
        occ = occurrences(spec, spec.starts, spec.until + timedelta(days=400), policy, cal, lang=lang)
        if len(occ) == 1:
            return Computed(occ[0].due, occ[0].explanation)
    if spec.kind == "adhoc":
        return _nu(spec.phrase, "Báo cáo đột xuất: không có hạn cố định.", "Ad hoc: no fixed due date.")
    return _nu(spec.phrase, "Thời hạn định kỳ: xem các kỳ báo cáo.", "Recurring: see the occurrences.")


def occurrences(
    spec: DeadlineSpec,
    start: date,
    end: date,
    policy: ReportPolicy | None = None,
    calendar: WorkCalendar | None = None,
    *,
    lang: str = "vi",
) -> list[Occurrence]:
    """Reports due in [start, end], by due date (strictly increasing), explained.

    Only the asked window is generated. Period ends come from the spec's RRULEs; the policy
    turns a period into a nominal date, moved to the next working day when it is a day off.
    Cadences that fall due on the same day are one occurrence. One-off deadlines give their
    single date when it is in the window; relative and ad hoc ones give nothing.
    """
    if end < start:
        return []
    cal = calendar or default_calendar()
    pol = policy or ReportPolicy()
    vi = lang == "vi"
    if spec.kind in ("date", "period_end"):
        computed = compute_due(spec, None, cal, pol, lang=lang)
        if isinstance(computed, Computed) and start <= computed.due <= end:
            nominal = spec.due or (spec.period.end if spec.period else computed.due)
            periods = (spec.period,) if spec.period else ()
            return [Occurrence(computed.due, nominal, periods, computed.explanation)]
        return []
    if spec.kind != "recurring":
        return []
    # A due date can lie before its period's end (day of the last month) or after it (days
    # after the period, possibly rolled over Tết): look at period ends a little either side.
    before = pol.value if pol.rule == "days_after_period" else 0
    lo = start - timedelta(days=before + _SLACK_DAYS)
    hi = end + timedelta(days=_SLACK_DAYS + 31)
    by_due: dict[date, list[tuple[Period, date]]] = {}
    for cadence in spec.cadences:
        rule = rrulestr(spec.rrule(cadence), dtstart=datetime(lo.year, lo.month, 1))
        for moment in rule.between(datetime.combine(lo, datetime.min.time()),
                                   datetime.combine(hi, datetime.min.time()), inc=True):
            period = Period.ending_on(_CADENCE_PERIOD[cadence], moment.date())
            if spec.starts and period.start < spec.starts:
                continue
            if spec.until and period.end > spec.until:
                continue
            nominal = pol.nominal_due(period)
            due = cal.next_working_day(nominal)
            if start <= due <= end:
                by_due.setdefault(due, []).append((period, nominal))
    out = []
    for due in sorted(by_due):
        items = sorted(by_due[due], key=lambda x: (x[0].months, x[0].start))
        periods = tuple(p for p, _ in items)
        nominal = min(n for _, n in items)
        label = _join([p.label(lang) for p in periods], lang)
        head = (f"{fmt(due)} ← báo cáo {label}: {pol.describe('vi')}" if vi
                else f"{fmt(due)} ← report for {label}: {pol.describe('en')}")
        out.append(Occurrence(due, nominal, periods, head + cal.rolled_note(nominal, due, lang)))
    return out


def _join(items: list[str], lang: str) -> str:
    """"a, b và c" / "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" và " if lang == "vi" else " and ") + items[-1]


_SLACK_DAYS = 45  # the longest run of days off (Tết) plus margin


# --- status ----------------------------------------------------------------------------------


def due_in_force(original: date | None, extensions: Iterable[Any] = ()) -> date | None:
    """The deadline that counts: the latest extension's new date, else the original.

    Args:
        original: the deadline as first set.
        extensions: in the order they were granted; each a date or an object with `new_due`.
            The last one granted wins even if it is earlier than a previous one (an extension
            can also be shortened).
    """
    current = original
    for ext in extensions:
        current = ext if isinstance(ext, date) else ext.new_due
    return current


def days_overdue(due: date | None, today: date, done_on: date | None = None) -> int:
    """Calendar days late: (done_on or today) - due, and 0 when not late or no deadline."""
    if due is None:
        return 0
    return max(0, ((done_on or today) - due).days)


def days_left(due: date, today: date, calendar: WorkCalendar | None = None) -> int:
    """Working days left until `due` (the due day counts, today does not); negative if past."""
    return (calendar or default_calendar()).working_days_between(today, due)


def due_text(
    due: date | None,
    today: date,
    calendar: WorkCalendar | None = None,
    lang: str = "vi",
    done_on: date | None = None,
) -> str:
    """"còn 3 ngày làm việc", "hạn hôm nay", "quá hạn 5 ngày" (or English); "" without a due."""
    vi = lang == "vi"
    if due is None:
        return ""
    if done_on is not None:
        late = days_overdue(due, today, done_on)
        if late:
            return f"xong muộn {late} ngày" if vi else f"done {late} days late"
        return "xong đúng hạn" if vi else "done on time"
    if today > due:
        late = days_overdue(due, today)
        return f"quá hạn {late} ngày" if vi else f"{late} {'day' if late == 1 else 'days'} overdue"
    if today == due:
        return "hạn hôm nay" if vi else "due today"
    left = days_left(due, today, calendar)
    if left == 0:  # only days off between now and a deadline that is itself a day off
        return "hạn trước ngày làm việc tiếp theo" if vi else "due before the next working day"
    return (f"còn {left} ngày làm việc" if vi
            else f"{left} working {'day' if left == 1 else 'days'} left")
