"""Exported files read the way Excel on Windows reads them: BOM, CRLF, no live formulas."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

from store import agencies, assignments, documents, export
from store.assignments import AssignmentInput, AssignmentQuery, DeadlineInput
from store.db import Database
from store.documents import DocumentInput, DocumentQuery
from tests.csv.conftest import run_cli

NASTY = [
    "=HYPERLINK(\"http://evil\",\"bấm\")", "+84 912 345 678", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1", "'=1+1", "V/v \"đôn đốc\", a;b", "dòng 1\ndòng 2", "ｰ", "＝1+1",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def nasty_db(db: Database) -> Database:
    agencies.add(db, "=Sở Tư pháp")
    agencies.add(db, "-Công an tỉnh")
    for i, text in enumerate(NASTY):
        doc = documents.add(db, DocumentInput(
            doc_type="CV", number=f"{i}/{'UBND' if i % 2 else 'VP'}", issuer=text, subject=text,
            issued=date(2026, 1, 1 + i), signer=text, recipients=[text.replace("\n", " ")],
        ))
        aid = assignments.add(db, AssignmentInput(
            document_id=doc, ref=text[:3], title=text, body=text, lead=["=Sở Tư pháp"],
            support=["-Công an tỉnh"], deadlines=[DeadlineInput(due=date(2026, 2, 1 + i))], follower=text,
        ))
        assignments.add_note(db, aid, text)
    return db


def excel_records(data: bytes) -> list[list[str]]:
    """Check the bytes like Excel would see them, then split them into records."""
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM missing: Excel would read the file as ANSI"
    text = data[3:].decode("utf-8")
    # Every record ends with CRLF; a bare LF may only occur inside a quoted field.
    in_quotes = False
    for i, ch in enumerate(text):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "\n" and not in_quotes:
            assert i > 0 and text[i - 1] == "\r", f"bare LF outside quotes at {i}"
        elif ch == "\r" and not in_quotes:
            assert text[i + 1 : i + 2] == "\n", f"bare CR outside quotes at {i}"
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_inert(records: list[list[str]]) -> None:
    for row in records:
        for value in row:
            assert not value.startswith(DANGEROUS), f"formula-looking cell: {value!r}"
            assert not value.startswith(("＝", "＋", "－", "＠"))


def test_assignments_export_is_excel_safe(nasty_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "nv.csv"
    n = export.write_assignments(nasty_db, AssignmentQuery(today=date(2026, 2, 5)), out)
    records = excel_records(out.read_bytes())
    assert n == len(NASTY) == len(records) - 1
    assert_inert(records)
    header = records[0]
    for heading in ("Số ký hiệu", "Trích yếu", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Hạn",
                    "Tình trạng", "Số ngày quá hạn", "Ghi chú gần nhất"):
        assert heading in header
    due = header.index("Hạn")
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", r[due]) for r in records[1:])
    # quotes and line breaks inside fields survived, behind the escape where needed
    titles = {r[header.index("Nhiệm vụ")] for r in records[1:]}
    assert "V/v \"đôn đốc\", a;b" in titles and "dòng 1\ndòng 2" in titles
    assert "'=HYPERLINK(\"http://evil\",\"bấm\")" in titles
    assert "''=1+1" in titles  # the escape character itself is escaped, so import can undo it


def test_documents_export_is_excel_safe(nasty_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "vb.csv"
    export.write_documents(nasty_db, DocumentQuery(), out)
    assert_inert(excel_records(out.read_bytes()))


def test_meeting_pack_is_excel_safe(nasty_db: Database, tmp_path: Path) -> None:
    export.write_meeting(nasty_db, tmp_path / "pack", since=date(2025, 12, 1), as_of=date(2026, 2, 5), due_within=30)
    files = sorted((tmp_path / "pack").iterdir())
    assert [f.name for f in files] == sorted(export.MEETING_FILES.values())
    for f in files:
        assert_inert(excel_records(f.read_bytes()))


def test_cli_export_plain_has_no_bom_and_failed_export_leaves_no_file(
    nasty_db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "out.csv"
    code, stdout, _ = run_cli(capsys, "--today", "05/02/2026", "export", "assignments", "--db", str(db_path),
                              "--out", str(out), "--plain", "--agency", "Sở Tư pháp")
    assert code == 0 and str(len(NASTY)) in stdout
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data

    def boom(_n: int) -> None:
        raise OSError("disk full")

    from store.errors import OutputError

    target = outdir / "never.csv"
    with pytest.raises(OutputError) as exc:  # (said in plain words, naming the file)
        export.write_assignments(nasty_db, AssignmentQuery(), target, progress=boom, page=3)
    assert exc.value.message("vi") == f"Không ghi được {target}: disk full."
    assert sorted(p.name for p in outdir.iterdir()) == ["out.csv"]
