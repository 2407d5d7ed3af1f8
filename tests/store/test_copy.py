"""`dondoc copy`: an office's data moves between engines and back with nothing lost.

On the PostgreSQL pass (DONDOC_TEST_DB) the middle database is on the server, so the round
trip is SQLite -> PostgreSQL -> SQLite; on the SQLite pass it is file -> file -> file.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store import assignments, documents, followup, settings
from store.copy import checksums, copy_database
from store.db import Database
from store.documents import DocumentInput, DocumentQuery
from store.errors import DatabaseError
from tests.engines import ON_POSTGRES
from tui.cli import main

GEN_DOCUMENTS, GEN_ASSIGNMENTS = 60, 240


def _every_table_filled(path: Path) -> None:
    """Demo data, plus a row in every table the demo leaves empty."""
    from store.fixtures import init_demo

    db = init_demo(path)
    try:
        rows = assignments.list_assignments(db, limit=500)
        one_off = next(r for r in rows if r.next_due is not None)
        detail = assignments.get(db, one_off.id)
        assignments.add_note(db, one_off.id, "Đã báo cáo — «ngoặc», \"kép\", =SUM(A1)")
        followup.extend(db, detail.deadlines[0].id, date(2027, 1, 15), "Xin gia hạn", document_ref="12/CV")
        quarterly = assignments.add(db, assignments.AssignmentInput(
            document_id=detail.row.document_id, title="Báo cáo quý", lead=list(detail.row.lead),
            deadlines=[assignments.DeadlineInput(phrase="Định kỳ hằng quý")],
        ))
        deadline_id = assignments.get(db, quarterly).deadlines[0].id
        followup.act_on_occurrence(db, deadline_id, "2026-Q1", "reported", note="đã gửi")
        settings.set(db, "office_name", "Cục Thi hành án dân sự tỉnh Tây Ninh")
        settings.set(db, "report_policy_note", {"days": 5, "nested": [1, "hai", None]})
        from store import roles

        roles.set_role(db, "thu_ky", "editor")
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def source_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("copy") / "office.db"
    _every_table_filled(path)
    return path


@pytest.fixture(scope="module")
def generated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small `dondoc gen` database (when the generator is there)."""
    generate = pytest.importorskip("store.generate").generate
    path = tmp_path_factory.mktemp("gen") / "generated.db"
    db = Database(path)
    try:
        generate(db, documents=GEN_DOCUMENTS, assignments=GEN_ASSIGNMENTS, seed=3)
    finally:
        db.dispose()
    return path


def _sums(url: Any) -> dict[str, tuple[int, str]]:
    db = Database(url)
    try:
        return checksums(db)
    finally:
        db.dispose()


def test_round_trip_loses_nothing(source_file: Path, tmp_path: Path, fresh_url: Any) -> None:
    original = _sums(source_file)
    assert all(original[t][0] > 0 for t in ("document", "assignment", "note", "extension", "setting", "occurrence",
                                             "user_role", "audit_event", "documentlink"))
    _round_trip(source_file, tmp_path, fresh_url, original)


def test_generated_database_round_trip(generated_file: Path, tmp_path: Path, fresh_url: Any) -> None:
    original = _sums(generated_file)
    assert original["assignment"][0] >= GEN_ASSIGNMENTS
    _round_trip(generated_file, tmp_path, fresh_url, original)


def _round_trip(source_file: Path, tmp_path: Path, fresh_url: Any, original: dict[str, tuple[int, str]]) -> None:
    middle = fresh_url(tmp_path, "middle.db")
    back = tmp_path / "back.db"
    there = copy_database(source_file, middle)
    assert {t.name: (t.rows, t.checksum) for t in there.tables} == original
    home = copy_database(middle, back)
    assert {t.name: (t.rows, t.checksum) for t in home.tables} == original
    assert _sums(middle) == original
    assert _sums(back) == original
    assert there.rows == home.rows == sum(n for n, _ in original.values())


def test_copied_database_works(source_file: Path, tmp_path: Path, fresh_url: Any) -> None:
    """Search finds copied rows (the index followed), new ids follow the copied ones
    (sequences reset on PostgreSQL), history and roles came along."""
    target = fresh_url(tmp_path, "copied.db")
    copy_database(source_file, target)
    db = Database(target, actor="tester")
    try:
        found = documents.list_documents(db, DocumentQuery(search="thi hanh an dan su"))
        assert found
        before = documents.count_documents(db)
        new_id = documents.add(db, DocumentInput(doc_type="CV", issuer="Sở Tư pháp", subject="Sau khi chép"))
        assert new_id > max(r.id for r in documents.list_documents(db, limit=1000) if r.id != new_id)
        assert documents.count_documents(db) == before + 1
        assert documents.list_documents(db, DocumentQuery(search="sau khi chep"))[0].id == new_id
        assert documents.get(db, new_id).history
        from store import roles

        names = {r.username: r.role for r in roles.list_roles(db).users}
        assert names.get("thu_ky") == "editor"
        assert settings.get(db, "report_policy_note")["nested"] == [1, "hai", None]
    finally:
        db.dispose()


def test_target_must_be_empty(source_file: Path, tmp_path: Path, fresh_url: Any) -> None:
    target = fresh_url(tmp_path, "full.db")
    copy_database(source_file, target)
    before = _sums(target)
    with pytest.raises(DatabaseError) as err:
        copy_database(source_file, target)
    assert err.value.key == "err.copy_target_not_empty"
    assert "document" in err.value.message() and "Không có gì bị thay đổi" in err.value.message()
    assert _sums(target) == before


def test_same_database_refused(source_file: Path) -> None:
    with pytest.raises(DatabaseError) as err:
        copy_database(source_file, str(source_file))
    assert err.value.key == "err.copy_same"


def test_cli_copy(source_file: Path, tmp_path: Path, fresh_url: Any, capsys: pytest.CaptureFixture[str]) -> None:
    target = fresh_url(tmp_path, "cli.db")
    assert main(["copy", "--from", str(source_file), "--to", str(target), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["tables"]["document"]["rows"] == _sums(source_file)["document"][0]
    assert "password" not in report["target"]
    assert main(["copy", "--from", str(source_file), "--to", str(target)]) == 1
    err = capsys.readouterr().err
    assert "đã có dữ liệu" in err and "Traceback" not in err
    if ON_POSTGRES:
        # And back with the table output, through --lang en.
        home = tmp_path / "home.db"
        assert main(["--lang", "en", "copy", "--from", str(target), "--to", str(home)]) == 0
        out = capsys.readouterr().out
        assert "every table's count and checksum match" in out
        assert _sums(home) == _sums(source_file)
