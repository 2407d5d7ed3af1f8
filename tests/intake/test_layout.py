"""Paragraphs and items whatever the line breaks: no blank lines, lines cut by a PDF's wrap."""

from __future__ import annotations

import re
import textwrap

import pytest

from store.intake import parse_text
from tests.intake.samples import CHI_THI_NO_BLANK_LINES, KE_HOACH_PDF_WRAPPED


def test_no_blank_lines_subject_stops_where_the_body_starts():
    (doc,) = parse_text(CHI_THI_NO_BLANK_LINES).documents
    assert doc.subject == "về tăng cường sự lãnh đạo của Đảng đối với công tác thi hành án dân sự"
    assert [a.ref for a in doc.assignments] == ["1", "2", "3.a", "3.b"]
    first, second = doc.assignments[:2]
    assert first.lead == ["Ban Nội chính Tỉnh ủy"] and first.support == ["Cục Thi hành án dân sự tỉnh"]
    assert first.deadlines == ["trước ngày 15/12/2027"]
    assert second.lead == ["Ban cán sự đảng Ủy ban nhân dân tỉnh"]
    assert second.deadlines == ["định kỳ 6 tháng, hằng năm"]


def test_items_right_under_the_subject():
    text = re.sub(r"(?m)^Thời gian qua.*\n", "", CHI_THI_NO_BLANK_LINES)
    (doc,) = parse_text(text).documents
    assert doc.subject == "về tăng cường sự lãnh đạo của Đảng đối với công tác thi hành án dân sự"
    assert [a.ref for a in doc.assignments][:2] == ["1", "2"]


def test_subject_cut_after_a_name_goes_on():
    text = CHI_THI_NO_BLANK_LINES.replace(
        "về tăng cường sự lãnh đạo của Đảng đối với công tác thi hành án dân sự\n",
        "về thực hiện Kết luận của Ban Thường vụ\nTỉnh ủy về tăng cường công tác thi hành án dân sự\n",
    )
    (doc,) = parse_text(text).documents
    assert doc.subject == "về thực hiện Kết luận của Ban Thường vụ Tỉnh ủy về tăng cường công tác thi hành án dân sự"


def test_pdf_wrapped_lines_are_joined_back():
    (doc,) = parse_text(KE_HOACH_PDF_WRAPPED).documents
    assert doc.subject == "Giảm án tồn đọng có điều kiện thi hành năm 2027 trên địa bàn huyện"
    by_ref = {a.ref: a for a in doc.assignments}
    assert list(by_ref) == ["II.1", "II.2", "II.3", "III"]
    # "phối hợp chặt chẽ với / Công an huyện": the capital goes on with the sentence.
    assert by_ref["II.1"].lead == ["Chi cục Thi hành án dân sự huyện"]
    assert by_ref["II.1"].support == ["Công an huyện", "Phòng Tài nguyên và Môi trường"]
    assert by_ref["II.1"].deadlines == ["trước ngày 31/3/2027"]
    assert "\n" not in by_ref["II.1"].body  # one paragraph, as written
    # A labelled list cut after ";" goes on on the next line.
    assert by_ref["II.2"].lead == ["Phòng Tư pháp"]
    assert set(by_ref["II.2"].support) == {
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "Ủy ban nhân dân các xã, thị trấn",
        "Hội Nông dân huyện", "Hội Liên hiệp Phụ nữ huyện",
    }
    assert by_ref["II.3"].deadlines == ["định kỳ hằng quý"]
    # The footnote's second line stays in the footnote, not in the last task.
    assert "năm 2027" not in by_ref["III"].body
    assert by_ref["III"].lead == ["Phòng Tư pháp"]


def _summary(text: str) -> list[tuple]:
    return [
        (d.number, d.subject, [(a.ref, a.lead, a.deadlines) for a in d.assignments])
        for d in parse_text(text).documents
    ]


def _as_pdf(text: str, width: int) -> str:
    """The same text as a PDF copy gives it: lines cut at `width`, no blank lines."""
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(line, width) if len(line) > width else [line])
    return re.sub(r"\n\s*\n+", "\n", "\n".join(lines))


@pytest.mark.parametrize("width", [None, 72, 80, 100])
def test_seeds_read_the_same_without_blank_lines_and_wrapped(seed_texts, width):
    for name, text in seed_texts.items():
        changed = re.sub(r"\n\s*\n+", "\n", text) if width is None else _as_pdf(text, width)
        assert _summary(changed) == _summary(text), name
