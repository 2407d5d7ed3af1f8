"""Merge, split and remove proposed assignments (pure, no database)."""

from __future__ import annotations

from store.intake.edit import merge_with_next, remove, split, split_point
from store.intake.model import Assignment, ParsedDocument


def doc() -> ParsedDocument:
    return ParsedDocument(assignments=[
        Assignment("1", "Tuyên truyền", "Phổ biến Chỉ thị.\nTổ chức hội nghị trước ngày 15/12/2025.",
                   lead=["Sở Tư pháp"], deadlines=["trước ngày 15/12/2025"], span=(10, 50)),
        Assignment("2", None, "Kiểm tra, giám sát định kỳ hằng quý.", lead=["Sở Tư pháp", "Công an tỉnh"],
                   support=["Sở Tư pháp", "Viện kiểm sát"], deadlines=["định kỳ hằng quý"], unsure={"lead"},
                   span=(60, 90)),
    ])


def test_merge_with_next_joins_bodies_agencies_and_deadlines() -> None:
    d = doc()
    assert merge_with_next(d, 0)
    (a,) = d.assignments
    assert a.ref == "1" and a.title == "Tuyên truyền"
    assert a.body.endswith("Kiểm tra, giám sát định kỳ hằng quý.")
    assert a.lead == ["Sở Tư pháp", "Công an tỉnh"]
    assert a.support == ["Viện kiểm sát"]  # a lead is not also a support
    assert a.deadlines == ["trước ngày 15/12/2025", "định kỳ hằng quý"]
    assert a.unsure == {"lead"} and a.span == (10, 90)


def test_merge_the_last_one_does_nothing() -> None:
    d = doc()
    assert not merge_with_next(d, 1)
    assert len(d.assignments) == 2


def test_split_at_an_offset_keeps_agencies_and_moves_deadlines() -> None:
    d = doc()
    body = d.assignments[0].body
    assert split(d, 0, body.index("Tổ chức"))
    first, second = d.assignments[:2]
    assert first.body == "Phổ biến Chỉ thị." and first.deadlines == []
    assert second.body.startswith("Tổ chức hội nghị") and second.deadlines == ["trước ngày 15/12/2025"]
    assert second.lead == ["Sở Tư pháp"] and second.title is None and second.ref == "1"
    assert len(d.assignments) == 3


def test_split_in_halves_by_paragraph_then_sentence() -> None:
    assert split_point("Một.\nHai.") == len("Một.\n")
    assert split_point("Câu một dài. Câu hai.") == len("Câu một dài. ")
    assert split_point("Một câu duy nhất") is None
    d = doc()
    assert split(d, 0)
    assert d.assignments[0].body == "Phổ biến Chỉ thị."
    assert not split(ParsedDocument(assignments=[Assignment(None, None, "Một câu")]), 0)


def test_remove() -> None:
    d = doc()
    removed = remove(d, 0)
    assert removed is not None and removed.ref == "1"
    assert [a.ref for a in d.assignments] == ["2"]
    assert remove(d, 5) is None
