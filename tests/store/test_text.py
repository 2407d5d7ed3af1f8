"""Folding, cleaning and Vietnamese sorting."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from store.text import clean, fold, number_key, sort_key, strip_controls


def test_fold_removes_diacritics_and_d_stroke() -> None:
    assert fold("Đôn đốc") == "don doc"
    assert fold("THI HÀNH ÁN DÂN SỰ") == "thi hanh an dan su"
    assert fold("Chỉ thị  số\n09") == "chi thi so 09"


def test_fold_same_for_nfc_and_nfd() -> None:
    text = "Ủy ban nhân dân tỉnh Đồng Tháp"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)


def test_clean_makes_nfc_and_strips_controls() -> None:
    nfd = unicodedata.normalize("NFD", "Tiến độ")
    assert clean(nfd) == "Tiến độ"
    assert unicodedata.is_normalized("NFC", clean(nfd))
    assert clean("a\x1b[31mb\x07c\u202ed\x9b") == "a[31mbcd"
    assert clean("dòng 1\r\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"


@given(st.text())
def test_clean_output_has_no_controls(text: str) -> None:
    out = clean(text)
    assert unicodedata.is_normalized("NFC", out)
    assert all(ch in "\n\t" or (ord(ch) >= 32 and not 0x7F <= ord(ch) <= 0x9F) for ch in out)
    assert strip_controls(out) == out


def test_number_key_ignores_spacing_case_and_so_prefix() -> None:
    assert number_key("09-CT/TU") == number_key("09 - ct/tu") == number_key("Số: 09-CT/TU")
    assert number_key("13 - BS/VPĐU") == "13-bs/vpdu"
    assert number_key(None) is None and number_key("") is None


def test_vietnamese_alphabetical_order() -> None:
    names = ["Đồng Tháp", "Dương Minh Châu", "Ăn", "An Giang", "Âu", "Bình Thuận", "Ô Môn", "Ơn", "Ong"]
    ordered = sorted(names, key=sort_key)
    assert ordered == ["An Giang", "Ăn", "Âu", "Bình Thuận", "Dương Minh Châu", "Đồng Tháp", "Ong", "Ô Môn", "Ơn"]


def test_tones_break_ties_only() -> None:
    words = ["mã", "ma", "má", "mà", "mạ", "mả", "mb"]
    assert sorted(words, key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mb"]
