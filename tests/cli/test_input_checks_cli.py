"""The command line refuses the same dates and duplicate agencies as the forms (store checks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import agencies, assignments, documents
from store.db import Database
from tests.csv.conftest import state_of
from tui.cli import main

pytestmark = pytest.mark.sqlite_only(
    "'unchanged' is proved by the SQLite file's bytes and dump; tests/store/test_input_checks.py "
    "checks the same refusals on both engines")

TODAY = "02/12/2026"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--today", TODAY])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_db(sample, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return db_path


def test_set_done_after_today_refused(capsys: pytest.CaptureFixture[str], cli_db: Path, sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    before = state_of(cli_db)
    code, _, err = run(capsys, "set", str(sample["overdue"]), "--status", "done", "--done-on", "31/12/2030", "--db", str(cli_db))
    assert code == 1 and "Ngày hoàn thành 31/12/2030 sau hôm nay (02/12/2026)" in err
    assert state_of(cli_db) == before
    code, _, err = run(capsys, "set", str(sample["overdue"]), "--status", "done", "--done-on", "01/01/2000", "--db", str(cli_db))
    assert code == 1 and "trước ngày ban hành văn bản (25/08/2021)" in err
    assert state_of(cli_db) == before
    assert assignments.get(db, sample["overdue"]).row.work_status == "not_started"


def test_add_duplicate_agency_refused(capsys: pytest.CaptureFixture[str], cli_db: Path, db: Database) -> None:
    before = state_of(cli_db)
    code, out, err = run(capsys, "add", "agency", "--name", "so tu  phap", "--db", str(cli_db))
    assert code == 1 and "Đã có cơ quan «Sở Tư pháp»" in err and out == ""
    assert state_of(cli_db) == before
    assert sorted(a.name for a in agencies.list_all(db)) == ["Sở Tư pháp", "Thi hành án dân sự tỉnh"]


def test_add_document_issued_tomorrow_refused(capsys: pytest.CaptureFixture[str], cli_db: Path) -> None:
    before = state_of(cli_db)
    code, _, err = run(capsys, "add", "document", "--type", "CT", "--number", "10-CT/TU", "--issuer", "Tỉnh ủy",
                       "--subject", "Về THADS", "--date", "03/12/2026", "--incoming-date", "01/12/2026",
                       "--db", str(cli_db))
    assert code == 1 and "Ngày ban hành 03/12/2026 sau hôm nay (02/12/2026)" in err
    assert state_of(cli_db) == before


def test_add_document_received_before_issued_saved_with_a_warning(
    capsys: pytest.CaptureFixture[str], cli_db: Path, db: Database
) -> None:
    code, out, err = run(capsys, "add", "document", "--type", "CT", "--number", "10-CT/TU", "--issuer", "Tỉnh ủy",
                         "--subject", "Về THADS", "--date", "25/08/2021", "--incoming-date", "01/08/2021",
                         "--db", str(cli_db))
    assert code == 0, err
    assert "Cảnh báo: Ngày đến 01/08/2021 trước ngày ban hành 25/08/2021" in err
    doc = next(r for r in documents.list_documents(db) if r.number == "10-CT/TU")
    assert documents.get(db, doc.id).incoming_date == date(2021, 8, 1)


# --- CSV import: the same checks, row by row; a refused row writes nothing at all ------------

HEAD = "Số ký hiệu,Loại,Cơ quan ban hành,Ngày ban hành,Ngày đến,Trích yếu,Mục,Nhiệm vụ,Cơ quan chủ trì,Ngày hoàn thành\r\n"


def _import(capsys: pytest.CaptureFixture[str], cli_db: Path, tmp_path: Path, *rows: str) -> tuple[int, str, str]:
    sheet = tmp_path / "nv.csv"
    sheet.write_text(HEAD + "".join(rows), encoding="utf-8")
    return run(capsys, "import", str(sheet), "--db", str(cli_db), "--apply")


def test_import_refuses_a_completion_date_after_today(
    capsys: pytest.CaptureFixture[str], cli_db: Path, tmp_path: Path
) -> None:
    before = state_of(cli_db)
    code, _, err = _import(capsys, cli_db, tmp_path,
                           "10-CT/TU,CT,Tỉnh ủy,02/01/2026,,Về THADS,1,Phổ biến,Sở Tư pháp,01/03/2026\r\n",
                           "10-CT/TU,CT,Tỉnh ủy,02/01/2026,,Về THADS,2,Kiểm tra,Sở Tư pháp,31/12/2030\r\n")
    assert code == 1 and "Dòng 3" in err and "Ngày hoàn thành 31/12/2030 sau hôm nay (02/12/2026)" in err
    assert state_of(cli_db) == before


def test_import_refuses_a_document_issued_after_today(
    capsys: pytest.CaptureFixture[str], cli_db: Path, tmp_path: Path
) -> None:
    before = state_of(cli_db)
    code, _, err = _import(capsys, cli_db, tmp_path, "10-CT/TU,CT,Tỉnh ủy,03/12/2026,,Về THADS,1,Phổ biến,Sở Tư pháp,\r\n")
    assert code == 1 and "Dòng 2" in err and "Ngày ban hành 03/12/2026 sau hôm nay (02/12/2026)" in err
    assert state_of(cli_db) == before


def test_import_keeps_legacy_received_before_issued_and_says_so(
    capsys: pytest.CaptureFixture[str], cli_db: Path, tmp_path: Path, db: Database
) -> None:
    code, out, err = _import(capsys, cli_db, tmp_path,
                             "10-CT/TU,CT,Tỉnh ủy,25/08/2021,01/08/2021,Về THADS,1,Phổ biến,Sở Tư pháp,\r\n")
    assert code == 0, err
    assert "Dòng 2: tạo văn bản «10-CT/TU»: Ngày đến 01/08/2021 trước ngày ban hành 25/08/2021" in out
    doc = next(r for r in documents.list_documents(db) if r.number == "10-CT/TU")
    assert documents.get(db, doc.id).incoming_date == date(2021, 8, 1)
