"""The store: engine setup, transactions, documents, links, search, uniqueness, bad input."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from store import agencies, assignments, audit, documents
from store.assignments import AssignmentInput, AssignmentQuery, DeadlineInput
from store.dates import format_date, parse_date
from store.db import Database
from store.documents import DocumentInput, DocumentQuery, LinkInput
from store.errors import ConflictError, DatabaseError, ValidationError


def _table_counts(db: Database) -> dict[str, tuple[int, str]]:
    """Rows and a content checksum of every table, on either engine (store.copy)."""
    from store.copy import checksums

    return checksums(db)


def test_store_does_not_import_textual() -> None:
    code = (
        "import sys, store.db, store.documents, store.assignments, store.agencies, store.search, "
        "store.fixtures, store.migrate\n"
        "assert 'textual' not in sys.modules, 'store imported textual'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.sqlite_only("WAL, pragmas and the file's mode")
def test_new_database_is_wal_with_foreign_keys_and_group_rw(db: Database, db_path: Path) -> None:
    mode = stat.S_IMODE(os.stat(db_path).st_mode)
    assert mode == 0o660
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


@pytest.mark.sqlite_only("BEGIN IMMEDIATE; PostgreSQL locks rows instead (tests/store/test_postgres.py)")
def test_write_transactions_begin_immediate(db: Database) -> None:
    """A write unit holds the write lock from its first statement (no deferred upgrade)."""
    seen: list[bool] = []

    def work(session) -> None:  # type: ignore[no-untyped-def]
        other = sqlite3.connect(db.path, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            seen.append(False)
        except sqlite3.OperationalError:
            seen.append(True)  # locked: our transaction already holds RESERVED
        finally:
            other.close()

    db.write(work)
    assert seen == [True]


def test_failed_write_changes_nothing(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    before = _table_counts(db)

    def work(session) -> None:  # type: ignore[no-untyped-def]
        documents.add_in(session, DocumentInput(doc_type="CV", issuer="UBND tỉnh", subject="Một văn bản"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        db.write(work)
    assert _table_counts(db) == before


def test_text_is_stored_nfc_without_controls(db: Database) -> None:
    nfd = unicodedata.normalize("NFD", "Kế hoạch đôn đốc")
    doc_id = documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh", subject=nfd + "\x1b[2J"))
    detail = documents.get(db, doc_id)
    assert detail.subject == "Kế hoạch đôn đốc[2J"
    assert unicodedata.is_normalized("NFC", detail.subject)


@pytest.mark.parametrize("query", ["don doc", "DON DOC", "đôn đốc", "Đôn Đốc"])
def test_search_ignores_diacritics_and_case(sample, db: Database, query: str) -> None:  # type: ignore[no-untyped-def]
    ids = [r.id for r in documents.list_documents(db, DocumentQuery(search=query))]
    assert ids == [sample["directive"]]


@pytest.mark.parametrize("query", ["09-CT/TU", "09 ct tu", "chi thi 09", "Chỉ thị số 09"])
def test_search_finds_directive_by_number(sample, db: Database, query: str) -> None:  # type: ignore[no-untyped-def]
    ids = [r.id for r in documents.list_documents(db, DocumentQuery(search=query))]
    assert ids and ids[0] == sample["directive"]


def test_search_matches_nfd_query(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    ids = [r.id for r in documents.list_documents(db, DocumentQuery(search=unicodedata.normalize("NFD", "thi hành án")))]
    assert sample["directive"] in ids


def test_search_reflects_edits(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    detail = documents.get(db, sample["letter"])
    data = documents.as_input(detail)
    data.subject = "V/v kiểm điểm cuối năm"
    documents.update(db, detail.id, data, expected_version=detail.version)
    assert [r.id for r in documents.list_documents(db, DocumentQuery(search="kiem diem"))] == [detail.id]
    assert detail.id not in [r.id for r in documents.list_documents(db, DocumentQuery(search="quan triet"))]


def test_assignment_search(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    rows = assignments.list_assignments(db, AssignmentQuery(search="pho bien"))
    assert [r.id for r in rows] == [sample["overdue"]]
    rows = assignments.list_assignments(db, AssignmentQuery(search="so tu phap"))
    assert {r.id for r in rows} == {sample["overdue"], sample["later"]}


def test_reference_resolves_by_issuer_number_year(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    directive = documents.get(db, sample["directive"])
    (link,) = directive.links
    assert (link.relation, link.direction, link.other_id) == ("implements", "in", sample["letter"])
    letter = documents.get(db, sample["letter"])
    assert letter.links[0].other_id == sample["directive"]


def test_same_number_other_issuer_is_another_document(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    other = documents.add(
        db, DocumentInput(doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy Long An",
                          subject="Chỉ thị khác", issued=date(2021, 3, 1)),
    )
    assert other != sample["directive"]
    # A reference that names the number and year only is ambiguous now: left unresolved.
    doc = documents.add(
        db, DocumentInput(doc_type="CV", issuer="UBND huyện", subject="Thực hiện",
                          links=[LinkInput("implements", reference="Chỉ thị 09-CT/TU năm 2021", ref_number="09-CT/TU")]),
    )
    (link,) = documents.get(db, doc).links
    assert link.other_id is None and link.reference == "Chỉ thị 09-CT/TU năm 2021"


def test_same_number_other_year_is_another_document(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    documents.add(db, DocumentInput(doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy Tây Ninh",
                                    subject="Năm khác", issued=date(2022, 1, 5)))


def test_duplicate_document_refused_and_nothing_written(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    before = _table_counts(db)
    with pytest.raises(ValidationError) as err:
        documents.add(
            db, DocumentInput(doc_type="CT", number="09 - ct/tu", issuer="Ban Thường vụ Tỉnh ủy Tây Ninh",
                              subject="trùng", issued=date(2021, 1, 2)),
        )
    assert err.value.key == "err.duplicate_document"
    assert "Đã có văn bản" in err.value.message()
    assert _table_counts(db) == before


def test_documents_without_number_are_not_duplicates(db: Database) -> None:
    for _ in range(2):
        documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh Đồng Tháp", subject="Kế hoạch", issued=date(2026, 3, 5)))
    assert documents.count_documents(db) == 2


def test_replaces_marks_target_superseded(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    new = documents.add(
        db, DocumentInput(doc_type="CT", number="15-CT/TU", issuer="Ban Thường vụ Tỉnh ủy Tây Ninh",
                          subject="Chỉ thị mới", issued=date(2025, 1, 1),
                          links=[LinkInput("replaces", target_id=sample["directive"])]),
    )
    assert documents.get(db, sample["directive"]).status == "superseded"
    assert documents.get(db, new).status == "active"


def test_reference_registered_later_gets_linked(db: Database) -> None:
    letter = documents.add(
        db, DocumentInput(doc_type="CV", number="2385/LĐLĐ", issuer="Ban Thường vụ LĐLĐ tỉnh Tây Ninh", subject="V/v",
                          issued=date(2021, 9, 13),
                          links=[LinkInput("implements", ref_number="09-CT/TU", ref_date=date(2021, 8, 25), reference="Chỉ thị số 09-CT/TU")]),
    )
    directive = documents.add(
        db, DocumentInput(doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy Tây Ninh", subject="Chỉ thị", issued=date(2021, 8, 25)),
    )
    assert documents.get(db, letter).links[0].other_id == directive


@pytest.mark.parametrize(
    ("field", "data", "key"),
    [
        ("doc_type", DocumentInput(doc_type="XX", issuer="A", subject="B"), "err.unknown_doc_type"),
        ("issuer", DocumentInput(doc_type="CT", issuer=" ", subject="B"), "err.required"),
        ("subject", DocumentInput(doc_type="CT", issuer="A", subject=""), "err.required"),
    ],
)
def test_invalid_document_input(db: Database, field: str, data: DocumentInput, key: str) -> None:
    with pytest.raises(ValidationError) as err:
        documents.add(db, data)
    assert (err.value.field, err.value.key) == (field, key)
    assert documents.count_documents(db) == 0


def test_doc_type_accepts_vietnamese_name(db: Database) -> None:
    doc_id = documents.add(db, DocumentInput(doc_type="Chỉ thị", issuer="A", subject="B"))
    assert documents.get(db, doc_id).doc_type == "CT"


def test_unknown_agency_refused_nothing_written(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    before = _table_counts(db)
    with pytest.raises(ValidationError) as err:
        assignments.add(db, AssignmentInput(document_id=sample["directive"], title="Việc", lead=["Sở Không Có"]))
    assert err.value.key == "err.unknown_agency" and err.value.field == "lead"
    assert "Sở Không Có" in err.value.message()
    assert _table_counts(db) == before


def test_agency_matched_by_alias_without_diacritics(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    new = assignments.add(db, AssignmentInput(document_id=sample["directive"], title="Việc", lead=["cuc thads"]))
    assert assignments.get(db, new).row.lead == ("Thi hành án dân sự tỉnh",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25/8/2021", date(2021, 8, 25)), ("25/08/2021", date(2021, 8, 25)), ("2021-08-25", date(2021, 8, 25)),
     ("ngày 25 tháng 8 năm 2021", date(2021, 8, 25)), ("Ngày 05 tháng 3 năm 2026", date(2026, 3, 5)),
     ("29/02/2028", date(2028, 2, 29))],
)
def test_parse_date_shapes(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "key"), [("31/02/2026", "err.date_impossible"), ("29/02/2027", "err.date_impossible"),
                                           ("hôm qua", "err.date_invalid"), ("2021/25/08", "err.date_invalid")])
def test_parse_date_rejects(text: str, key: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_date(text)
    assert err.value.key == key and text in err.value.message()


def test_format_date() -> None:
    assert format_date(date(2021, 8, 5)) == "05/08/2021" and format_date(None) == ""


def test_optimistic_version_conflict(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    first = documents.get(db, sample["letter"])
    mine = documents.as_input(first)
    theirs = documents.as_input(first)
    theirs.subject = "Sửa của người khác"
    documents.update(db, first.id, theirs, expected_version=first.version)
    mine.subject = "Sửa của tôi"
    with pytest.raises(ConflictError) as err:
        documents.update(db, first.id, mine, expected_version=first.version)
    assert err.value.current.subject == "Sửa của người khác"
    assert documents.get(db, first.id).subject == "Sửa của người khác"


def test_audit_records_actor_and_changes(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    assignments.add_note(db, sample["overdue"], "Đã gửi công văn đôn đốc")
    assignments.set_status(db, sample["overdue"], "done", done_on=date(2022, 1, 3))
    history = audit.history(db, "assignment", sample["overdue"])
    assert [h.action for h in history][:2] == ["update", "note"]
    assert all(h.actor == "tester" for h in history)
    assert history[0].after["work_status"] == "done" and history[0].before["work_status"] == "in_progress"


def test_notes_newest_first_and_status(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    assignments.add_note(db, sample["later"], "một")
    assignments.add_note(db, sample["later"], "hai")
    detail = assignments.get(db, sample["later"])
    assert [n.text for n in detail.notes] == ["hai", "một"]
    assert detail.row.work_status == "in_progress"


def test_overdue_and_due_filters(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    on = date(2026, 11, 23)
    overdue = assignments.list_assignments(db, AssignmentQuery(overdue=True, today=on))
    assert [r.id for r in overdue] == [sample["overdue"]]
    assert overdue[0].status == "overdue" and overdue[0].days_overdue == (on - date(2021, 12, 31)).days
    soon = assignments.list_assignments(db, AssignmentQuery(due_within=10, today=date(2099, 1, 10)))
    assert [r.id for r in soon] == [sample["later"]]


def test_status_filter_agrees_with_row_status(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    assignments.set_status(db, sample["later"], "done", done_on=date(2026, 1, 1))
    on = date(2026, 11, 23)
    every = assignments.list_assignments(db, AssignmentQuery(today=on))
    for status in {r.status for r in every} | {"paused", "due_soon"}:
        listed = assignments.list_assignments(db, AssignmentQuery(status=status, today=on))
        assert all(r.status == status for r in listed)
        assert {r.id for r in listed} == {r.id for r in every if r.status == status}


def test_keyset_paging_visits_every_row_once(db: Database) -> None:
    for i in range(23):
        documents.add(db, DocumentInput(doc_type="CV", number=f"{i}/UBND", issuer="UBND tỉnh", subject=f"Văn bản {i}",
                                        issued=date(2025, 1, 1 + i % 5)))
    seen: list[int] = []
    after = None
    while True:
        page = documents.list_documents(db, limit=5, after=after)
        if not page:
            break
        seen += [r.id for r in page]
        last = page[-1]
        after = (last.issued, last.id)
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 23


def test_unreadable_database_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseError) as err:
        Database(bad)
    assert err.value.key == "err.db_not_database"
    assert "không phải cơ sở dữ liệu" in err.value.message()


def test_missing_directory_message(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as err:
        Database(tmp_path / "nope" / "x.db")
    assert err.value.key == "err.db_missing_dir"


@pytest.mark.sqlite_only("a SQLite file lock; PostgreSQL's row-lock timeout: tests/store/test_postgres.py")
def test_locked_database_gives_busy_message(sample, db: Database) -> None:  # type: ignore[no-untyped-def]
    holder = sqlite3.connect(db.path, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        slow = Database(db.path, actor="other", migrate=False, busy_timeout_ms=100)
        with pytest.raises(DatabaseError) as err:
            slow.write(lambda s: agencies.add_in(s, "Cơ quan mới"), attempts=2)
        assert err.value.key == "err.db_busy" and "bận" in err.value.message()
        slow.dispose()
    finally:
        holder.rollback()
        holder.close()
    assert "Cơ quan mới" not in [a.name for a in agencies.list_all(db)]
