"""Not-a-document inputs, arbitrary text that must never crash, and a long directive."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.intake import NO_DOCUMENT_MESSAGE, parse_text
from tests.intake.samples import CONG_VAN_UBND, KE_HOACH_UBND, QUYET_DINH

NOT_DOCUMENTS = [
    "",
    "   \n\n\t  ",
    "\x00\x01\x02\xff\xfe garbage \x1b[31m",
    "Trứng 10 quả\nSữa tươi 2 hộp\nRau muống 1 bó\nThịt heo 500g\n",
    "Hôm nay trời đẹp. Chúng tôi đi dạo công viên, ăn kem và nói chuyện về Chỉ thị số 05/CT-TTg mà "
    "thầy giáo nhắc tới hôm qua. Ngày 25/8/2021 là sinh nhật em gái tôi.",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 20,
    "1. Mua sữa\n2. Đón con lúc 5 giờ\n3. Gọi cho mẹ\n",
]


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_not_a_document(text):
    result = parse_text(text)
    assert result.documents == []
    assert result.message == NO_DOCUMENT_MESSAGE
    assert result.to_json()["message"] == NO_DOCUMENT_MESSAGE


def test_bytes_garbage():
    result = parse_text(bytes(range(256)) * 4)
    assert result.documents == [] and result.message == NO_DOCUMENT_MESSAGE


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_never_crashes_on_arbitrary_text(text):
    result = parse_text(text)
    assert (result.message is None) == bool(result.documents)
    result.to_json()


_ALPHABET = st.sampled_from(list("Số:/-–.,;()\n\t  0123456789ĐđIVXabcdÀẢỸ*#<>") + ["<sup>1</sup>", "Nơi nhận:", "TM.", "ngày", "tháng", "năm"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([CONG_VAN_UBND, KE_HOACH_UBND, QUYET_DINH]),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 30), st.lists(_ALPHABET, max_size=6)), max_size=12),
)
def test_never_crashes_on_mutated_documents(text, edits):
    for where, cut, insert in edits:
        i = int(where * len(text))
        text = text[:i] + "".join(insert) + text[i + cut:]
    result = parse_text(text)
    for doc in result.documents:
        doc.to_json()
        for a in doc.assignments:
            assert isinstance(a.deadlines, list)


def test_never_crashes_on_mutated_seeds(seed_texts):
    rng = random.Random(20240601)
    pieces = ["\n", " ", "Số", "/", "-", "1.", "a)", "<sup>2</sup>", "Nơi nhận:", "**", "ngày 1 tháng 1 năm 2020"]
    for text in seed_texts.values():
        for _ in range(15):
            mutated = text
            for _ in range(rng.randint(1, 25)):
                i = rng.randrange(len(mutated) + 1)
                if rng.random() < 0.5:
                    mutated = mutated[:i] + rng.choice(pieces) + mutated[i:]
                else:
                    mutated = mutated[:i] + mutated[i + rng.randint(1, 200):]
            parse_text(mutated).to_json()


def test_long_directive_parses(seed_texts):
    """About 20 pages: the directive of seed 000 repeated. No timing assertion here (see bench)."""
    text = seed_texts["000_450dd1b3bcf8b1df"]
    body_start = text.index("Qua hơn 06 năm")
    body_end = text.index("Nơi nhận:\n\n- Các cơ quan tham mưu")
    long_text = text[:body_start] + text[body_start:body_end] * 5 + text[body_end:]
    assert len(long_text) > 60_000
    result = parse_text(long_text)
    assert len(result.documents) == 2
    assert result.documents[1].number == "09-CT/TU"
