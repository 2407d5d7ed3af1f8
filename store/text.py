"""Vietnamese text helpers: normalisation on the way in, folding for search, sort keys.

Pure functions, no database and no Textual: every layer may use them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "clean",
    "clean_or_none",
    "fold",
    "number_key",
    "sort_key",
    "strip_controls",
]

# C0 controls except tab and newline, DEL, C1 controls, and the bidi override/isolate
# characters that can make a subject display differently from what is stored.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]"
)


def strip_controls(text: str) -> str:
    """Remove terminal control characters; CR LF and lone CR become LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text)


def clean(text: str) -> str:
    """What every write does to user text: NFC, no control characters."""
    return unicodedata.normalize("NFC", strip_controls(text))


def clean_or_none(text: str | None) -> str | None:
    """`clean` for optional fields; blank becomes None."""
    if text is None:
        return None
    text = clean(text).strip()
    return text or None


def fold(text: str) -> str:
    """Search key: lower case, no diacritics, `đ` folded to `d`, spaces collapsed.

    Unicode does not decompose `đ`/`Đ`, so they are mapped by hand.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def number_key(symbol: str | None) -> str | None:
    """Normalised form of a number/symbol: `09 - CT/TU` and `09-ct/tu` give `09-ct/tu`."""
    if not symbol:
        return None
    key = fold(symbol)
    key = re.sub(r"^so\s*:?\s*", "", key)  # a leading "Số:" is not part of the symbol
    key = re.sub(r"\s+", "", key)
    return key or None


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# tones ordered unmarked, huyền, hỏi, ngã, sắc, nặng (the dictionary convention).
_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {ch: i for i, ch in enumerate(_BASE_ORDER)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


@functools.cache  # a few hundred letters ever: decomposing each again was most of sorting a thousand names
def _letter_key(ch: str) -> tuple[int, int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[0]
    tone = 0
    for mark in decomposed[1:]:
        if mark in _BASE_MARKS:
            base = unicodedata.normalize("NFC", base + mark)
        elif mark in _TONES:
            tone = _TONES[mark]
    if base in _BASE_RANK:
        return (1, _BASE_RANK[base], tone)
    return (0 if not base.isalnum() else 2, ord(base), tone)


def sort_key(text: str) -> tuple[tuple[tuple[int, int, int], ...], tuple[int, ...]]:
    """Sort key in Vietnamese alphabetical order (tones as tie-breakers, word by word)."""
    letters = [_letter_key(ch) for ch in unicodedata.normalize("NFC", text)]
    primary = tuple((k[0], k[1], 0) for k in letters)
    tones = tuple(k[2] for k in letters)
    return primary, tones
