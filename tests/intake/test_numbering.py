"""store.numbering: symbols in party and state style, with OCR noise."""

from __future__ import annotations

import pytest

from store.numbering import find_symbols, parse_symbol


@pytest.mark.parametrize(
    ("text", "as_written", "number", "type_code", "issuer", "year"),
    [
        ("09-CT/TU", "09-CT/TU", "09", "CT", "TU", None),
        ("Số 2687-CV/TU", "2687-CV/TU", "2687", "CV", "TU", None),
        ("238-QĐ/TW", "238-QĐ/TW", "238", "QĐ", "TW", None),
        ("84-KL/TW", "84-KL/TW", "84", "KL", "TW", None),
        ("Số 13 - BS/VPĐU", "13-BS/VPĐU", "13", "BS", "VPĐU", None),
        ("Số: 353/LĐLĐ", "353/LĐLĐ", "353", None, "LĐLĐ", None),
        ("05/CT-TTg", "05/CT-TTg", "05", "CT", "TTg", None),
        ("05/CT-UBND", "05/CT-UBND", "05", "CT", "UBND", None),
        ("71/2016/NĐ-CP", "71/2016/NĐ-CP", "71", "NĐ", "CP", 2016),
        ("96/2019/QH14", "96/2019/QH14", "96", None, "QH14", 2019),
        ("05/2016/TTLT-BTP-BCA-BTC-TANDTC-VKSNDTC", "05/2016/TTLT-BTP-BCA-BTC-TANDTC-VKSNDTC", "05", "TTLT",
         "BTP-BCA-BTC-TANDTC-VKSNDTC", 2016),
        # OCR: Icelandic eth for Đ, O for 0, spaces and en dashes around separators.
        ("Số: O5 / QÐ – UBND", "05/QĐ-UBND", "05", "QĐ", "UBND", None),
        ("123/UBND-NC", "123/UBND-NC", "123", None, "UBND-NC", None),
    ],
)
def test_parse_symbol(text, as_written, number, type_code, issuer, year):
    symbol = parse_symbol(text)
    assert symbol is not None
    assert (symbol.as_written, symbol.number, symbol.type_code, symbol.issuer_code, symbol.year) == (
        as_written, number, type_code, issuer, year)


def test_key_ignores_spacing_case_and_diacritics():
    assert parse_symbol("13 - BS/VPĐU").key == parse_symbol("13-bs/vpdu").key == "13-bs/vpdu"


@pytest.mark.parametrize("text", ["", None, "25/8/2021", "18.440/21.665 việc", "Covid-19", "quý I/2021", "32/59 vụ"])
def test_not_symbols(text):
    assert parse_symbol(text) is None


def test_find_symbols_in_running_text():
    text = ("Chỉ thị số 05/CT-TTg, ngày 06/02/2017 và Nghị quyết số 96/2019/QH14; 18.440/21.665 việc; "
            "Kết luận số 84-KL/TW ngày 29/7/2020; giai đoạn 2021 - 2025.")
    found = [(s.as_written, text[a:b]) for s, a, b in find_symbols(text)]
    assert found == [("05/CT-TTg", "05/CT-TTg"), ("96/2019/QH14", "96/2019/QH14"), ("84-KL/TW", "84-KL/TW")]


def test_symbol_does_not_swallow_next_word():
    (symbol, _, _), = list(find_symbols("theo Chỉ thị 05/CT-TTg - Thủ tướng Chính phủ"))
    assert symbol.as_written == "05/CT-TTg"
