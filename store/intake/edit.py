"""Edits a clerk makes to the proposed assignments before saving: merge, split, remove.

Pure functions on `ParsedDocument.assignments` (no database, no UI), used by the review
screen and tested on their own.
"""

from __future__ import annotations

import re

from store.intake.model import Assignment, ParsedDocument
from store.text import fold


def _union(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    keys = {fold(x) for x in out}
    for item in second:
        if fold(item) not in keys:
            keys.add(fold(item))
            out.append(item)
    return out


def merge_with_next(doc: ParsedDocument, index: int) -> bool:
    """Join assignment `index` and the one after it; False when there is no next one.

    The first keeps its ref and title; bodies are joined paragraph after paragraph; agencies
    and deadlines are the union of both.
    """
    items = doc.assignments
    if not 0 <= index < len(items) - 1:
        return False
    first, second = items[index], items[index + 1]
    second_body = second.body
    if second.title and not second_body.startswith(second.title):
        second_body = f"{second.title}\n{second_body}".strip()
    first.body = "\n".join(part for part in (first.body.strip(), second_body.strip()) if part)
    first.lead = _union(first.lead, second.lead)
    first.support = [s for s in _union(first.support, second.support) if fold(s) not in {fold(x) for x in first.lead}]
    first.deadlines = _union(first.deadlines, second.deadlines)
    first.unsure |= second.unsure
    if first.span and second.span:
        first.span = (min(first.span[0], second.span[0]), max(first.span[1], second.span[1]))
    del items[index + 1]
    return True


def split_point(body: str) -> int | None:
    """Where to cut `body` in two halves: the paragraph break nearest the middle, else the
    sentence end nearest the middle; None for one sentence."""
    middle = len(body) / 2
    breaks = [m.end() for m in re.finditer(r"\n+", body) if 0 < m.start() and m.end() < len(body)]
    if not breaks:
        breaks = [m.end() for m in re.finditer(r"[.;!?]\s+(?=\S)", body)]
    if not breaks:
        return None
    return min(breaks, key=lambda b: abs(b - middle))


def split(doc: ParsedDocument, index: int, at: int | None = None) -> bool:
    """Cut assignment `index` in two at offset `at` of its body (None: two halves by
    paragraph). False when there is nothing to cut.

    Both parts keep the agencies; a deadline phrase goes with the part that contains it
    (phrases found in neither stay with the first). The second part has no title of its own.
    """
    if not 0 <= index < len(doc.assignments):
        return False
    item = doc.assignments[index]
    body = item.body
    if at is None:
        at = split_point(body)
    if at is None:
        return False
    head, tail = body[:at].strip(), body[at:].strip()
    if not head or not tail:
        return False
    in_tail = [d for d in item.deadlines if d in tail and d not in head]
    second = Assignment(
        ref=item.ref, title=None, body=tail, lead=list(item.lead), support=list(item.support),
        deadlines=in_tail, unsure=set(item.unsure),
    )
    item.body = head
    item.deadlines = [d for d in item.deadlines if d not in in_tail]
    doc.assignments.insert(index + 1, second)
    return True


def remove(doc: ParsedDocument, index: int) -> Assignment | None:
    """Drop assignment `index`; returns it (None when there is no such one)."""
    if not 0 <= index < len(doc.assignments):
        return None
    return doc.assignments.pop(index)
