"""Deadlines whose date does not exist are flagged for the clerk, not taken as they are."""

from __future__ import annotations

from store.intake import parse_text
from store.intake.textutil import impossible_dates
from tests.intake.samples import CHI_THI_NO_BLANK_LINES, KE_HOACH_PDF_WRAPPED


def test_impossible_deadline_is_marked_and_explained():
    text = CHI_THI_NO_BLANK_LINES.replace("15/12/2027", "31/02/2027")
    (doc,) = parse_text(text).documents
    first = doc.assignments[0]
    assert first.deadlines == ["trước ngày 31/02/2027"]  # kept as written, for the clerk to fix
    assert "deadlines" in first.unsure
    assert any("Nhiệm vụ 1" in n and "31/02/2027 không tồn tại" in n for n in doc.notes)
    # The other deadlines are fine: no mark, no note about them.
    assert "deadlines" not in doc.assignments[1].unsure
    assert len(doc.notes) == 1


def test_word_form_and_yearless_dates_are_checked_too():
    text = KE_HOACH_PDF_WRAPPED.replace("trước ngày 31/3/2027", "trước ngày 30 tháng 2 năm 2027")
    (doc,) = parse_text(text).documents
    assert "deadlines" in doc.assignments[0].unsure
    assert impossible_dates("trước ngày 31/4") == ["31/4"]
    assert impossible_dates("trước ngày 29/2", year=2027) == ["29/2"]
    assert impossible_dates("trước ngày 29/2/2028; hạn 30/4") == []


def test_valid_deadlines_raise_nothing():
    for sample in (CHI_THI_NO_BLANK_LINES, KE_HOACH_PDF_WRAPPED):
        for doc in parse_text(sample).documents:
            assert doc.notes == []
            assert all("deadlines" not in a.unsure for a in doc.assignments)
