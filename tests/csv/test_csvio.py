"""The CSV layer on its own: neutralising formulas, writing for Excel, decoding and sniffing."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.csvio import (
    FORMULA_START, CsvFileError, atomic_csv, cell, decode, field, neutralise, read_table, restore,
    text_fields, writer_for,
)
from store.importer import ALIASES, heading_key

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@given(st.text())
def test_restore_undoes_neutralise_exactly(value: str) -> None:
    assert restore(neutralise(value)) == value


@given(st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", "đ", " ", "\n"])))
def test_neutralised_cell_never_starts_like_a_formula(value: str) -> None:
    out = neutralise(value)
    assert not out.startswith(DANGEROUS)
    if value.startswith((*FORMULA_START, "'")):
        assert out == "'" + value
    else:
        assert out == value


def test_cells_dates_lists_numbers() -> None:
    assert cell(date(2026, 3, 5)) == "05/03/2026"
    assert cell(None) == ""
    assert cell(["Sở Tư pháp", "Công an tỉnh"]) == "Sở Tư pháp; Công an tỉnh"
    assert cell(12) == "12"
    assert cell("-5") == "'-5" and restore(cell("-5")) == "-5"
    assert cell("'=1+1") == "''=1+1"


def test_atomic_csv_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_csv(target) as w:
            w.writerow(["a", "b"])
            raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]  # no temp file left


def test_atomic_csv_writes_bom_crlf_and_quotes(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with atomic_csv(target) as w:
        w.writerow(["Trích yếu", "Hạn"])
        w.writerow(['V/v "đôn đốc", a;b\ndòng 2', date(2026, 2, 28)])
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["Trích yếu", "Hạn"], ['V/v "đôn đốc", a;b\ndòng 2', "28/02/2026"]]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_atomic_csv_with_another_delimiter(tmp_path: Path, delimiter: str) -> None:
    """For Excel under Vietnamese regional settings (list separator `;`): the cells split by
    `delimiter`, a cell holding it quoted (and one holding a comma not), still UTF-8 with a
    BOM, CRLF, formulas neutralised."""
    target = tmp_path / "out.csv"
    with atomic_csv(target, delimiter=delimiter) as w:
        assert w.delimiter == delimiter
        w.writerow(["Trích yếu", "Hạn", "Tỷ lệ"])
        w.writerow([f"Sở Tư pháp{delimiter} Công an tỉnh", date(2026, 2, 28), "85,7%"])
        w.writerow(["=1+1", None, 'V/v "đôn đốc"'])
    data = target.read_bytes()
    d = delimiter.encode()
    assert data.startswith(b"\xef\xbb\xbf" + "Trích yếu".encode() + d + "Hạn".encode() + d)
    assert data.count(b"\r\n") == 3 and data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == f'"Sở Tư pháp{delimiter} Công an tỉnh"{delimiter}28/02/2026{delimiter}85,7%'
    assert lines[2] == f"'=1+1{delimiter}{delimiter}\"V/v \"\"đôn đốc\"\"\""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    assert rows[1] == [f"Sở Tư pháp{delimiter} Công an tỉnh", "28/02/2026", "85,7%"]


def test_only_known_delimiters_are_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        writer_for(io.StringIO(), delimiter="|")
    with pytest.raises(ValueError):
        with atomic_csv(tmp_path / "out.csv", delimiter="sep=,"):
            pass
    assert list(tmp_path.iterdir()) == []


_AWKWARD = st.text(alphabet=st.sampled_from([
    ",", '"', "\n", "\r", "\t", "=", "+", "-", "@", "'", "＝", "＋", "－", "＠", "\x00", "\x1f", " ", ";",
    "a", "đ", "Ủ", "1", "/",
]))


@given(st.integers(min_value=2, max_value=6).flatmap(
    lambda n: st.lists(st.lists(st.none() | _AWKWARD, min_size=n, max_size=n), max_size=5)
), st.sampled_from([",", ";", "\t"]))
def test_writefields_writes_what_writerow_writes(rows: list[list[str | None]], delimiter: str) -> None:
    """The bulk path of exports (text_fields, field, writefields) and the csv module agree,
    whatever the delimiter."""
    by_row, by_column = io.StringIO(newline=""), io.StringIO(newline="")
    w = writer_for(by_row, bom=True, delimiter=delimiter)
    for row in rows:
        w.writerow(row)
    columns = [list(col) for col in zip(*rows)] if rows else [[], []]
    alternate = [
        text_fields(col, delimiter) if i % 2 == 0 else [field(cell(v), delimiter) for v in col]
        for i, col in enumerate(columns)
    ]
    writer_for(by_column, bom=True, delimiter=delimiter).writefields(alternate)
    assert by_column.getvalue() == by_row.getvalue()


def test_writefields_wants_two_columns() -> None:
    with pytest.raises(ValueError):
        writer_for(io.StringIO()).writefields([[""]])


def _score(cells: list[str]) -> int:
    return sum(1 for c in cells if ALIASES.get(heading_key(c)))


def test_decode_utf8_with_and_without_bom_and_nfd() -> None:
    nfd = unicodedata.normalize("NFD", "Trích yếu")
    for data in ("Trích yếu".encode(), b"\xef\xbb\xbf" + "Trích yếu".encode(), nfd.encode()):
        text, enc = decode(data)
        assert text == "Trích yếu" and enc == "utf-8"


def cp1258_bytes(text: str) -> bytes:
    """How Windows-1258 stores Vietnamese: letters with ^ ˘ ˀ precomposed, tones combining."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        letter, *marks = unicodedata.normalize("NFD", ch)
        base = [m for m in marks if m in "\u0302\u0306\u031b"]
        tones = [m for m in marks if m not in base]
        out.append(unicodedata.normalize("NFC", letter + "".join(base)) + "".join(tones))
    return "".join(out).encode("cp1258", errors="strict")


def test_decode_windows_1258_composes_tones() -> None:
    # Windows-1258 writes "ế" as "ê" + a combining acute: NFC after decoding gives one letter.
    raw = cp1258_bytes("Trích yếu;Cơ quan ban hành;Hạn")
    text, enc = decode(raw)
    assert enc == "cp1258"
    assert text == "Trích yếu;Cơ quan ban hành;Hạn"
    assert unicodedata.is_normalized("NFC", text)


def test_decode_windows_1252_western_text() -> None:
    text, enc = decode("Número,Café".encode("cp1252"))
    assert (text, enc) == ("Número,Café", "cp1252")


def test_decode_utf16_unicode_text() -> None:
    text, enc = decode("Số ký hiệu\tTrích yếu\r\n".encode("utf-16"))
    assert text.startswith("Số ký hiệu\tTrích yếu") and enc == "utf-16"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_the_one_that_makes_known_headings(delimiter: str) -> None:
    body = delimiter.join(["Số ký hiệu", "Trích yếu", "Cơ quan ban hành"]) + "\r\n"
    body += delimiter.join(["09-CT/TU", '"V/v a, b; c"', "Tỉnh ủy"]) + "\r\n"
    table = read_table(body.encode(), _score)
    assert table.delimiter == delimiter
    assert table.records[1] == (2, ["09-CT/TU", "V/v a, b; c", "Tỉnh ủy"])


def test_row_numbers_count_records_like_excel() -> None:
    body = 'Số ký hiệu,Trích yếu\r\n1-CT/TU,"hai\r\ndòng"\r\n2-CT/TU,x\r\n'
    table = read_table(body.encode(), _score)
    assert [n for n, _ in table.records] == [1, 2, 3]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "csv.err.empty"),
        (b"\xef\xbb\xbf\r\n \r\n", "csv.err.empty"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 50, "csv.err.spreadsheet"),
        (bytes(range(256)) * 8, "csv.err.binary"),
        ("Số ký hiệu|Trích yếu|Cơ quan ban hành\n1|2|3\n".encode(), "csv.err.no_header"),
    ],
)
def test_bad_files(data: bytes, key: str) -> None:
    with pytest.raises(CsvFileError) as exc:
        read_table(data, _score)
    assert exc.value.key == key


def test_csv_store_modules_do_not_import_textual() -> None:
    import subprocess
    import sys

    code = "import sys, store.csvio, store.export, store.importer, store.reports; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
