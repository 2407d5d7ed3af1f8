"""The command line: listing, adding, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.db import Database
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_db(sample, db_path: Path) -> str:  # type: ignore[no-untyped-def]
    return str(db_path)


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "init-demo", "list", "add", "backup", "check"):
        assert command in out


def test_python_m_tui_works() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "dondoc" in result.stdout


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["list", "nothing", "--db", cli_db])
    assert exc.value.code == 2


def test_list_documents_json_has_links(capsys: pytest.CaptureFixture[str], cli_db: str, sample) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "list", "documents", "--db", cli_db, "--format", "json")
    assert code == 0
    data = json.loads(out)
    by_number = {d["number"]: d for d in data}
    assert set(by_number) == {"09-CT/TU", "353/LĐLĐ"}
    links = by_number["353/LĐLĐ"]["links"]
    assert links == [
        {"relation": "implements", "direction": "out", "document_id": sample["directive"], "number": "09-CT/TU",
         "subject": "về tăng cường đôn đốc công tác thi hành án dân sự", "reference": None}
    ]
    assert by_number["09-CT/TU"]["issued"] == "2021-08-25"


def test_list_search_without_diacritics(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    code, out, _ = run(capsys, "list", "documents", "--db", cli_db, "--search", "don doc")
    assert code == 0 and "09-CT/TU" in out and "353/LĐLĐ" not in out


def test_list_assignments_overdue_csv(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    code, out, _ = run(capsys, "--today", "2026-11-23", "list", "assignments", "--db", cli_db, "--overdue", "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("Mã,Văn bản,Mục,Nhiệm vụ")
    assert len(lines) == 2 and "Tổ chức phổ biến Chỉ thị" in lines[1] and "Quá hạn" in lines[1]


def test_list_assignments_by_agency(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    code, out, _ = run(capsys, "list", "assignments", "--db", cli_db, "--agency", "so tu phap", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = run(capsys, "list", "assignments", "--db", cli_db, "--agency", "THADS tỉnh", "--format", "json")
    assert [r["ref"] for r in json.loads(out)] == ["1"]


def test_add_document_and_assignment(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    code, out, err = run(capsys, "add", "document", "--db", cli_db, "--type", "KH", "--issuer", "UBND tỉnh Đồng Tháp",
                         "--subject", "Tổ chức thực hiện Chỉ thị số 06-CT/TU", "--date", "ngày 5 tháng 3 năm 2026")
    assert code == 0, err
    doc_id = int(out.split()[-1].rstrip("."))
    code, out, err = run(capsys, "add", "assignment", "--db", cli_db, "--document", str(doc_id), "--title", "Tuyên truyền",
                         "--lead", "thi hanh an dan su tinh", "--support", "STP", "--due", "15/12/2026")
    assert code == 0, err
    code, out, _ = run(capsys, "list", "assignments", "--db", cli_db, "--search", "tuyen truyen", "--format", "json")
    (row,) = json.loads(out)
    assert row["lead"] == ["Thi hành án dân sự tỉnh"] and row["support"] == ["Sở Tư pháp"] and row["next_due"] == "2026-12-15"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["add", "document", "--type", "CT", "--issuer", "X", "--subject", "Y", "--date", "31/02/2026"], "Ngày không tồn tại"),
        (["add", "document", "--type", "CT", "--number", "09-CT/TU", "--issuer", "Ban Thường vụ Tỉnh ủy Tây Ninh",
          "--subject", "Y", "--date", "1/1/2021"], "Đã có văn bản"),
        (["add", "assignment", "--document", "1", "--title", "Việc", "--lead", "Cơ quan lạ"], "Không có cơ quan"),
        (["add", "document", "--type", "ZZ", "--issuer", "X", "--subject", "Y"], "Loại văn bản không hợp lệ"),
    ],
)
def test_bad_input_exit_1_message_nothing_written(capsys: pytest.CaptureFixture[str], cli_db: str, args: list[str], needle: str) -> None:
    from store.copy import checksums

    def state() -> dict[str, tuple[int, str]]:
        db = Database(cli_db)
        try:
            return checksums(db)
        finally:
            db.dispose()

    before = state()
    code, _, err = run(capsys, *args, "--db", cli_db)
    assert code == 1 and needle in err and "Traceback" not in err
    assert state() == before
    code, out, _ = run(capsys, "list", "documents", "--db", cli_db, "--format", "json")
    assert len(json.loads(out)) == 2


def test_english_messages(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    code, _, err = run(capsys, "--lang", "en", "add", "document", "--db", cli_db, "--type", "CT", "--issuer", "X",
                       "--subject", "Y", "--date", "31/02/2026")
    assert code == 1 and "No such date" in err


def test_unreadable_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"\x00garbage" * 1000)
    code, _, err = run(capsys, "list", "documents", "--db", str(bad))
    assert code == 1 and "không phải cơ sở dữ liệu" in err


def test_missing_database_for_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "list", "documents", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "Không mở được" in err
    assert not (tmp_path / "none.db").exists()


def test_db_from_environment(capsys: pytest.CaptureFixture[str], cli_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_DB", cli_db)
    code, out, _ = run(capsys, "list", "documents", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2


def test_backup_and_check(capsys: pytest.CaptureFixture[str], cli_db: str, tmp_path: Path) -> None:
    dest = tmp_path / "copy.db"
    code, out, _ = run(capsys, "backup", str(dest), "--db", cli_db)
    assert code == 0 and dest.exists()
    code, out, _ = run(capsys, "check", "--db", str(dest))
    assert code == 0 and "toàn vẹn" in out
    code, out, _ = run(capsys, "list", "documents", "--db", str(dest), "--format", "json")
    assert len(json.loads(out)) == 2


def test_usage_errors_in_interface_language(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["add", "document", "--db", cli_db, "--type", "CT"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "thiếu tham số bắt buộc: --issuer, --subject" in err and "cách dùng" in err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "add", "document", "--db", cli_db, "--type", "CT"])
    assert "the following arguments are required" in capsys.readouterr().err


@pytest.mark.parametrize("how", ["quick-path", "store-path", "json"])
@pytest.mark.parametrize("what", ["documents", "assignments"])
def test_list_says_when_limit_cut_it(capsys: pytest.CaptureFixture[str], cli_db: str, what: str, how: str) -> None:
    """--limit N prints N rows; when there were more, stderr says so (a script must not take a
    cut list for the whole one); with room to spare it says nothing."""
    args = ["list", what, "--db", cli_db, "--format", "json" if how == "json" else "csv"]
    if how == "store-path":  # a filter store.quick does not answer
        args += ["--status", "active"] if what == "documents" else ["--agency", "tu phap"]
    code, whole, err = run(capsys, *args)
    rows = json.loads(whole) if how == "json" else whole.splitlines()[1:]
    assert code == 0 and err == "" and len(rows) == 2
    code, cut, err = run(capsys, *args, "--limit", "1")
    assert code == 0 and err == "dondoc: chỉ in 1 dòng đầu (--limit N để đổi)\n"
    assert (json.loads(cut) if how == "json" else cut.splitlines()[1:]) == rows[:1]
    code, out, err = run(capsys, *args, "--limit", "2")
    assert code == 0 and err == "" and out == whole


def test_list_limit_must_be_positive(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "documents", "--db", cli_db, "--limit", "0"])
    assert exit_info.value.code == 2
    assert "cần một số từ 1 trở lên, không phải '0'" in capsys.readouterr().err


def test_list_csv_with_another_delimiter(capsys: pytest.CaptureFixture[str], cli_db: str) -> None:
    """--delimiter semicolon (Excel under Vietnamese regional settings) or tab; comma unless
    asked, whatever a clerk chose in the interface."""
    args = ["--today", "2026-11-23", "list", "assignments", "--db", cli_db, "--overdue", "--format", "csv"]
    code, out, _ = run(capsys, *args, "--delimiter", "semicolon")
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("Mã;Văn bản;Mục;Nhiệm vụ") and "," not in lines[0]
    assert len(lines) == 2 and ";Tổ chức phổ biến Chỉ thị" in lines[1]
    code, out, _ = run(capsys, *args, "--delimiter", "tab")
    assert code == 0 and out.startswith("Mã\tVăn bản\tMục\tNhiệm vụ")
    code, out, _ = run(capsys, "list", "documents", "--db", cli_db, "--format", "csv", "--delimiter", "semicolon")
    assert code == 0 and out.startswith("Mã;Số ký hiệu;")
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--delimiter", ";"])  # (a name, not the sign: one a shell need not quote)
    assert exit_info.value.code == 2
    capsys.readouterr()


@pytest.mark.parametrize("what", ["documents", "assignments", "deadlines"])
def test_export_with_semicolons(capsys: pytest.CaptureFixture[str], cli_db: str, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch, what: str) -> None:
    import csv
    import io

    from store import prefs

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    prefs.remember(prefs.EXPORT_DELIMITER, ";")  # the interface's choice: not the CLI's
    comma, semi = tmp_path / "comma.csv", tmp_path / "semi.csv"
    base = ["--today", "2026-11-23", "export", what, "--db", cli_db]
    assert run(capsys, *base, "--out", str(comma))[0] == 0
    assert run(capsys, *base, "--out", str(semi), "--delimiter", "semicolon")[0] == 0
    data = semi.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    header = data.decode("utf-8-sig").split("\r\n")[0]
    assert ";" in header and "," not in header
    assert "," in comma.read_bytes().decode("utf-8-sig").split("\r\n")[0]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == list(csv.reader(io.StringIO(comma.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) > 1


def test_export_help_names_the_delimiters(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--delimiter {comma,semicolon,tab}" in out and "dấu phân cách cột của CSV" in out
