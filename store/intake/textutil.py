"""Low-level text helpers for intake: lines with offsets, markup removal, dates.

Every value the parser reports carries offsets into the cleaned source so a review screen
can highlight where it came from; the helpers here therefore keep a character map from the
text they produce back to the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def fold_keep(text: str) -> str:
    """Lower-case, diacritics off, `đ` -> `d`, *one character for one character*.

    Unlike `store.text.fold` it does not collapse spaces, so a match on the folded text
    slices the original at the same offsets.
    """
    return "".join(_fold_char(ch) for ch in text)


# Markup seen in OCR exports: markdown emphasis and headings, HTML superscripts (footnote
# markers), backslash escapes.
_MARKUP_RE = re.compile(r"<sup>\s*\d{1,3}\s*</sup>|</?[a-zA-Z][^<>]{0,20}>|\*+|_{2,}|\\(?=[*_#\-.\[\]])|^\s*#{1,6}\s")
FOOTNOTE_MARK_RE = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>")


@dataclass
class Line:
    """One source line: raw slice, text without markup, folded text, offset map."""

    index: int
    start: int
    end: int
    raw: str
    text: str
    folded: str
    cmap: list[int]  # cmap[i] = offset in the source of text[i]

    @property
    def blank(self) -> bool:
        return not self.text

    def src(self, i: int) -> int:
        """Source offset of text position `i` (end positions map past the last char)."""
        if not self.cmap:
            return self.start
        if i >= len(self.cmap):
            return self.cmap[-1] + 1
        return self.cmap[max(i, 0)]


def strip_markup(raw: str, base: int = 0) -> tuple[str, list[int]]:
    """Remove markup and collapse spaces; return the text and its source offset map."""
    keep = [True] * len(raw)
    for match in _MARKUP_RE.finditer(raw):
        for i in range(match.start(), match.end()):
            keep[i] = False
    chars: list[str] = []
    cmap: list[int] = []
    pending_space = False
    for i, ch in enumerate(raw):
        if not keep[i]:
            continue
        if ch.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            cmap.append(base + i - 1)
            pending_space = False
        chars.append(ch)
        cmap.append(base + i)
    return "".join(chars), cmap


# A wide gap inside a short line is two columns merged by OCR or a text export:
# "ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
_COLUMN_GAP = re.compile(r"(?<=\S)(?:[ \t]*\t[ \t]*| {3,})(?=\S)")
_MAX_COLUMN_LINE = 220


def split_lines(text: str) -> list[Line]:
    """Split the cleaned text into `Line`s with offsets; two-column lines become two lines."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        pieces = [(0, len(raw))]
        if len(raw) <= _MAX_COLUMN_LINE:
            cuts = [(m.start(), m.end()) for m in _COLUMN_GAP.finditer(raw)]
            if cuts:
                bounds = [0] + [x for cut in cuts for x in cut] + [len(raw)]
                pieces = list(zip(bounds[0::2], bounds[1::2]))
        for a, b in pieces:
            part = raw[a:b]
            stripped, cmap = strip_markup(part, pos + a)
            lines.append(Line(len(lines), pos + a, pos + b, part, stripped, fold_keep(stripped), cmap))
        pos += len(raw) + 1
    return lines


_WORD_DATE_RE = re.compile(
    r"ngay\s*[.…]*\s*(\d{1,2})\s*[.…,]*\s*thang\s*[.…]*\s*(\d{1,2})\s*[.…,]*\s*nam\s*[.…]*\s*(\d{4})"
)
_NUM_DATE_RE = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?![\d/])")


def make_date(day: str | int, month: str | int, year: str | int) -> date | None:
    """A `date`, or None when the parts do not form one (OCR can turn 8 into 6 or 0)."""
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def find_word_date(folded: str, start: int = 0) -> tuple[date, int, int] | None:
    """First "ngày D tháng M năm Y" in folded text, with its span."""
    for match in _WORD_DATE_RE.finditer(folded, start):
        value = make_date(*match.groups())
        if value:
            return value, match.start(), match.end()
    return None


_SHORT_DATE_RE = re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")


def impossible_dates(text: str, year: int | None = None) -> list[str]:
    """Dates written in `text` that do not exist ("31/02/2027", "ngày 30 tháng 2 năm 2027").

    "31/4" without a year is checked against `year` (or a leap year, so 29/2 passes).
    """
    folded = fold_keep(text).lower()
    out: list[str] = []
    for match in _WORD_DATE_RE.finditer(folded):
        if make_date(*match.groups()) is None:
            out.append(text[match.start():match.end()])
    taken = [m.span() for m in _NUM_DATE_RE.finditer(folded)]
    for match in _NUM_DATE_RE.finditer(folded):
        if make_date(*match.groups()) is None:
            out.append(text[match.start():match.end()])
    for match in _SHORT_DATE_RE.finditer(folded):
        if any(a <= match.start() < b for a, b in taken):
            continue
        if make_date(match.group(1), match.group(2), year or 2028) is None:
            out.append(text[match.start():match.end()])
    return out


def find_any_date(folded: str, start: int = 0) -> tuple[date, int, int] | None:
    """First word-form or numeric (dd/mm/yyyy) date in folded text."""
    found = [f for f in (find_word_date(folded, start), _first_numeric(folded, start)) if f]
    return min(found, key=lambda f: f[1]) if found else None


def _first_numeric(folded: str, start: int) -> tuple[date, int, int] | None:
    for match in _NUM_DATE_RE.finditer(folded, start):
        value = make_date(*match.groups())
        if value:
            return value, match.start(), match.end()
    return None


def is_upper_line(text: str, ratio: float = 0.85) -> bool:
    """True when most letters are capitals (headers, headings, signature titles)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= ratio


def title_case_words(text: str) -> bool:
    """True for person names: 2–6 words, each capitalised then lower-case ("Phạm Hùng Thái")."""
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    for word in words:
        if not word.isalpha() or not word[0].isupper():
            return False
        if len(word) > 1 and not word[1:].islower():
            return False
    return True
