"""Deadline phrases inside a task's text, returned as written.

`store.deadlines.find_deadline_phrases` (owned by another module) is preferred when it
exists and imports; this small finder is the fallback so intake works on its own. It only
*finds* phrases; turning them into dates or cadences is `store.deadlines.parse_deadline`'s job.
"""

from __future__ import annotations

import re
from typing import Callable

from store.intake.textutil import fold_keep

_CADENCE = r"(?:(?:hang|hằng)\s+)?(?:quy|thang|nam|tuan|(?:6|06|sau|03|3|ba)\s+thang(?:\s+dau\s+nam)?)"
_YEAR = r"(?:\s+(?:nam\s+)?\d{4})"
_DATE = r"(?:\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\d{1,2}\s+thang\s+\d{1,2}(?:\s+nam\s+\d{4})?)"
_QUARTER = r"quy\s+(?:[ivx]{1,3}|[1-4])(?:\s*/\s*\d{4}|\s+nam\s+\d{4})?"

# Patterns run on the folded text (same length as the original) so that the phrase can be
# sliced out of the original with its diacritics. Bounded repetitions only: no backtracking
# blow-up on long texts.
_PATTERNS = [
    rf"dinh\s+ky(?:\s+{_CADENCE}(?:\s*(?:,|va|hoac)\s*(?:{_CADENCE}|dot\s+xuat)){{0,4}}{_YEAR}?|{_YEAR})?",
    rf"(?:hang|hằng)\s+(?:quy|nam|thang|tuan)(?:\s*(?:,|va)\s*(?:dot\s+xuat|(?:hang|hằng)\s+(?:quy|nam|thang)))?",
    r"(?:sau|6|06)\s+thang\s+(?:0?1|mot)\s+lan",
    r"(?:moi|01|1)\s+(?:quy|nam|thang)\s+(?:0?1|mot)\s+lan",
    rf"(?:truoc|cham\s+nhat(?:\s+la)?|han\s+chot|han)\s+(?:ngay\s+)?{_DATE}",
    rf"(?:truoc|trong|cuoi|dau)\s+(?:{_QUARTER}|thang\s+\d{{1,2}}(?:\s*/\s*\d{{4}}|\s+nam\s+\d{{4}})?|nam\s+\d{{4}})",
    r"(?:cuoi|giua|dau)\s+nam\s+\d{4}",
    r"(?:6|sau)\s+thang\s+(?:dau|cuoi)\s+nam(?:\s+\d{4})?",
]
_RE = re.compile(r"(?<![^\W_])(?:%s)(?![^\W_])" % "|".join(_PATTERNS))


def find_phrases(text: str) -> list[str]:
    """Deadline phrases in `text`, as written, in text order, without duplicates."""
    folded = fold_keep(text).lower()
    out: list[str] = []
    for match in _RE.finditer(folded):
        phrase = text[match.start() : match.end()].strip(" ,;.")
        if phrase and phrase not in out:
            out.append(phrase)
    return out


def deadline_finder() -> Callable[[str], list[str]]:
    """`store.deadlines.find_deadline_phrases` when it imports, else `find_phrases`.

    Looked up at call time rather than import time: the deadlines module is written in
    parallel and may appear after this one is loaded.
    """
    try:
        from store.deadlines import find_deadline_phrases  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - any failure to import means "use ours"
        return find_phrases
    return find_deadline_phrases
