"""`dondoc intake FILE [--json] [--apply]`."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from tui.cli import main

SEED_000 = "000_450dd1b3bcf8b1df"
SEED_004 = "004_2bdeaf74da6b7776"


@pytest.fixture
def seed_file(tmp_path: Path, seed_texts: dict[str, str]):  # type: ignore[no-untyped-def]
    def make(stem: str, suffix: str = ".txt", text: str | None = None) -> Path:
        path = tmp_path / f"{stem}{suffix}"
        path.write_text(seed_texts[stem] if text is None else text, encoding="utf-8")
        return path

    return make


def count_documents(db_path: Path) -> int:
    from store.db import Database
    from store.documents import count_documents as count

    db = Database(db_path, actor="tester")
    try:
        return count(db)
    finally:
        db.dispose()


def test_dry_run_prints_what_was_understood_and_writes_nothing(capsys, db_path, seed_file) -> None:  # type: ignore[no-untyped-def]
    path = seed_file(SEED_000)
    assert main(["intake", str(path), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Văn bản 1/2: Công văn 353/LĐLĐ" in out and "Văn bản 2/2: Chỉ thị 09-CT/TU" in out
    assert "Thực hiện: 09-CT/TU — văn bản 2 trong cùng nội dung" in out
    assert "chưa có trong cơ sở dữ liệu" in out  # unresolved references are said so
    assert "[chưa chắc]" in out  # unsure fields marked with a word
    assert "Cơ quan chủ trì:" in out and "Thời hạn:" in out
    assert "Cơ quan chưa có trong danh mục, sẽ được tạo mới" in out
    assert "--apply" in out
    assert not db_path.exists()  # a dry run never creates a database


def test_dry_run_shows_duplicates_and_resolved_references(capsys, db_path, seed_file) -> None:  # type: ignore[no-untyped-def]
    path = seed_file(SEED_000)
    assert main(["intake", str(path), "--apply", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert main(["intake", str(path), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("ĐÃ CÓ trong cơ sở dữ liệu") == 2
    assert "Sẽ tạo 0 văn bản" in out


def test_json_one_object_per_document(capsys, db_path, seed_file) -> None:  # type: ignore[no-untyped-def]
    path = seed_file(SEED_004, ".md")
    assert main(["intake", str(path), "--json", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["type"] for d in data] == ["CT", "BS"]
    directive, copy = data
    for key in ("type", "number", "issuer", "place", "issued", "subject", "signer", "signer_title",
                "recipients", "references", "assignments"):
        assert key in directive
    assert copy["number"] == "13-BS/VPĐU" and copy["issued"] == "2025-10-20"
    assert copy["references"][0]["relation"] == "copy_of"
    assert copy["references"][0]["same_text_document"] == 0
    assert {r["number"] for r in directive["references"] if r["relation"] == "replaces"} == {
        "12-CT/TU", "36-CT/TU", "61-CT/TU"}
    first = directive["assignments"][0]
    assert set(first) >= {"ref", "title", "lead", "support", "deadlines"}
    assert first["lead"]


def test_apply_saves_and_prints_ids(capsys, db_path, seed_file) -> None:  # type: ignore[no-untyped-def]
    path = seed_file(SEED_004)
    assert main(["intake", str(path), "--apply", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Đã lưu 2 văn bản, mã: 1, 2" in out
    assert count_documents(db_path) == 2
    # Again: both are duplicates now; nothing new.
    assert main(["intake", str(path), "--apply", "--db", str(db_path)]) == 0
    assert "Không có văn bản mới" in capsys.readouterr().out
    assert count_documents(db_path) == 2


def test_stdin_nfd_is_read_as_nfc(capsys, monkeypatch, db_path, seed_texts) -> None:  # type: ignore[no-untyped-def]
    raw = unicodedata.normalize("NFD", seed_texts[SEED_004]).encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + raw)))
    assert main(["intake", "-", "--json", "--db", str(db_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[1]["issuer"] == "VĂN PHÒNG ĐẢNG ỦY XÃ NGUYỄN LƯƠNG BẰNG"


def test_not_a_document_exits_1(capsys, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "list.txt"
    path.write_text("Danh sách đi chợ: gạo, nước mắm, rau muống.\n", encoding="utf-8")
    assert main(["intake", str(path), "--apply", "--db", str(db_path)]) == 1
    assert "Không tìm thấy văn bản nào" in capsys.readouterr().err
    assert count_documents(db_path) == 0


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("scan.pdf", b"%PDF-1.4", "Chỉ đọc được tệp .txt hoặc .md"),
        ("cp1258.txt", unicodedata.normalize("NFD", "Chỉ thị").encode("cp1258"), "không phải UTF-8"),
    ],
)
def test_bad_files_exit_1_with_a_message(capsys, db_path, tmp_path, name, content, needle) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["intake", str(path), "--db", str(db_path)]) == 1
    assert needle in capsys.readouterr().err


def test_missing_file_exits_1(capsys, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert main(["intake", str(tmp_path / "none.txt"), "--db", str(db_path)]) == 1
    assert "Không đọc được tệp" in capsys.readouterr().err


def test_no_new_agencies(capsys, db_path, seed_file) -> None:  # type: ignore[no-untyped-def]
    from store import agencies
    from store.db import Database

    db = Database(db_path, actor="tester")
    agencies.add(db, "Sở Tư pháp")
    db.dispose()
    path = seed_file("003_c32493f7751f6de0")
    assert main(["intake", str(path), "--apply", "--no-new-agencies", "--db", str(db_path)]) == 0
    assert "sẽ bị bỏ khỏi nhiệm vụ" in capsys.readouterr().out
    db = Database(db_path, actor="tester")
    try:
        assert [a.name for a in agencies.list_all(db)] == ["Sở Tư pháp"]
    finally:
        db.dispose()
