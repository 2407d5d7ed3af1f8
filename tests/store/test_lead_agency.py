"""The lead agencies denormalised on the assignment (migration 0006) stay equal to the
assignment_agency rows, whoever writes them: add, edit, intake, import, the demo fixtures,
`dondoc gen`, the migration's backfill and `dondoc copy`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from store import agencies, assignments, documents
from store.assignments import AssignmentInput, DeadlineInput
from store.db import Database, to_url
from store.documents import DocumentInput
from store.models import Assignment, AssignmentAgency
from tests.intake.conftest import seed_folder, seed_texts  # noqa: F401 (fixtures)
from tests.store.denormalized import demo_and_copy, round_trip


def expected_leads(db: Database) -> dict[int, tuple[int | None, int | None, int]]:
    """assignment id -> (first lead, second lead, number of leads) from assignment_agency."""
    with db.read() as s:
        out: dict[int, list[int]] = {i: [] for i in s.scalars(select(Assignment.id))}
        for aid, agency_id in s.execute(
            select(AssignmentAgency.assignment_id, AssignmentAgency.agency_id)
            .where(AssignmentAgency.role == "lead")
            .order_by(AssignmentAgency.assignment_id, AssignmentAgency.position, AssignmentAgency.agency_id)
        ):
            out[aid].append(agency_id)
    return {aid: (ids[0] if ids else None, ids[1] if len(ids) > 1 else None, len(ids)) for aid, ids in out.items()}


def stored_leads(db: Database) -> dict[int, tuple[int | None, int | None, int]]:
    with db.read() as s:
        return {
            aid: (lead, co, n)
            for aid, lead, co, n in s.execute(select(
                Assignment.id, Assignment.lead_agency_id, Assignment.co_lead_agency_id, Assignment.lead_count))
        }


def assert_leads_right(db: Database) -> None:
    expected = expected_leads(db)
    assert expected, "no assignments to check"
    assert stored_leads(db) == expected


def _office(db: Database) -> tuple[int, dict[str, int]]:
    ids = {name: agencies.add(db, name) for name in ("Sở Tư pháp", "Công an tỉnh", "Tòa án nhân dân tỉnh",
                                                     "Cục Thi hành án dân sự tỉnh")}
    doc = documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh", subject="Kế hoạch",
                                          issued=date(2026, 3, 5)))
    return doc, ids


def test_add_and_edit_keep_the_lead_columns(db: Database) -> None:
    doc, ids = _office(db)
    stp, ca, ta, thads = (ids[n] for n in ("Sở Tư pháp", "Công an tỉnh", "Tòa án nhân dân tỉnh",
                                           "Cục Thi hành án dân sự tỉnh"))
    one = assignments.add(db, AssignmentInput(document_id=doc, title="Một", lead=["Sở Tư pháp"],
                                              support=["Công an tỉnh"]))
    two = assignments.add(db, AssignmentInput(document_id=doc, title="Hai", lead=["Công an tỉnh", "Sở Tư pháp",
                                                                                    "Công an tỉnh"]))
    three = assignments.add(db, AssignmentInput(
        document_id=doc, title="Ba", lead=["Tòa án nhân dân tỉnh", " ", "Sở Tư pháp", "Công an tỉnh"],
        deadlines=[DeadlineInput(due=date(2026, 12, 1))]))
    assert stored_leads(db) == {one: (stp, None, 1), two: (ca, stp, 2), three: (ta, stp, 3)}
    assert_leads_right(db)

    def edit(aid: int, lead: list[str], support: list[str] = ()) -> None:  # type: ignore[assignment]
        detail = assignments.get(db, aid)
        assignments.update(db, aid, AssignmentInput(
            document_id=doc, title=detail.row.title, lead=lead, support=list(support),
            deadlines=[DeadlineInput(phrase=d.phrase, due=d.due) for d in detail.deadlines],
        ), expected_version=detail.version)

    edit(one, ["Cục Thi hành án dân sự tỉnh", "Sở Tư pháp"])
    edit(two, ["Sở Tư pháp"], ["Công an tỉnh"])
    edit(three, ["Công an tỉnh", "Tòa án nhân dân tỉnh"])
    assert stored_leads(db) == {one: (thads, stp, 2), two: (stp, None, 1), three: (ca, ta, 2)}
    assert_leads_right(db)
    # the columns are bookkeeping: the audit trail does not show them
    history = assignments.get(db, one).history
    assert all("lead_agency_id" not in (h.after or {}) and "lead_count" not in (h.after or {}) for h in history)


def test_intake_keeps_the_lead_columns(db: Database, seed_texts: dict[str, str]) -> None:
    from store.intake import parse_text
    from store.intake.apply import apply, known_agencies, plan

    for seed in ("000_450dd1b3bcf8b1df", "003_c32493f7751f6de0"):
        apply(db, plan(db, parse_text(seed_texts[seed], known_agencies(db))))
    assert_leads_right(db)
    assert any(lead is not None for lead, _, _ in stored_leads(db).values())


def test_import_keeps_the_lead_columns(db: Database, tmp_path: Path) -> None:
    from store.importer import read_sheet, run_import

    agencies.add(db, "Sở Tư pháp")
    sheet = tmp_path / "nv.csv"
    sheet.write_text(
        "Số ký hiệu,Loại,Cơ quan ban hành,Ngày ban hành,Trích yếu,Mục,Nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Hạn\r\n"
        "10-CT/TU,CT,Tỉnh ủy,02/01/2026,Đôn đốc,1,Phổ biến,Công an tỉnh; Sở Tư pháp,Tòa án tỉnh,31/03/2026\r\n"
        "10-CT/TU,CT,Tỉnh ủy,02/01/2026,Đôn đốc,2,Kiểm tra,Sở Tư pháp,,30/06/2026\r\n",
        encoding="utf-8",
    )
    report = run_import(db, read_sheet(sheet), apply=True)
    assert report.applied and not report.errors
    assert sorted(n for _, _, n in stored_leads(db).values()) == [1, 2]
    assert_leads_right(db)


def test_demo_fixtures_and_copy_keep_the_lead_columns(demo_db_file: Path, tmp_path: Path, fresh_url: Any) -> None:
    def read(db: Database) -> Any:
        assert_leads_right(db)
        return stored_leads(db)

    stored, copied = demo_and_copy(demo_db_file, fresh_url(tmp_path, "copy.db"), read)
    assert copied == stored


@pytest.mark.sqlite_only("dondoc gen writes SQLite files")
def test_gen_writes_the_lead_columns(db: Database) -> None:
    from store.generate import generate

    generate(db, documents=60, assignments=400, seed=3)
    assert_leads_right(db)
    counts = [n for _, _, n in stored_leads(db).values()]
    assert 1 in counts and 2 in counts  # co-led work is generated too


def test_migration_fills_the_lead_columns(tmp_path: Path, fresh_url: Any) -> None:
    """A database at 0005 with single-, co- and un-led work: 0006 fills the columns."""
    from store.migrate import upgrade

    path = fresh_url(tmp_path, "old.db")
    old = Database(path, migrate=False)
    upgrade(old, "0005")
    old.dispose()
    engine = create_engine(to_url(path))
    at = "2026-01-02 03:04:05"
    with engine.begin() as conn:
        for i, name in enumerate(("Sở Tư pháp", "Công an tỉnh", "Tòa án tỉnh"), start=1):
            conn.execute(text("insert into agency (id, name, aliases, search_text, version) "
                              "values (:i, :n, '[]', '', 1)"), {"i": i, "n": name})
        conn.execute(text(
            "insert into document (id, doc_type, issuer, issuer_key, sort_date, subject, recipients, status, "
            "partial, source, search_text, created_at, updated_at, version) values "
            "(1, 'KH', 'UBND', 'ubnd', '2026-01-01', 'Kế hoạch', '[]', 'active', :no, 'manual', '', :at, :at, 1)"),
            {"no": False, "at": at})
        for aid in range(1, 5):
            conn.execute(text(
                "insert into assignment (id, document_id, position, ref, title, body, work_status, due_key, "
                "search_text, created_at, updated_at, version) values "
                "(:a, 1, :a, '', 'Việc', '', 'not_started', '9999-12-31', '', :at, :at, 1)"), {"a": aid, "at": at})
        # 1: one lead; 2: two leads listed out of id order; 3: three leads; 4: only support
        for aid, agency_id, role, pos in ((1, 2, "lead", 0), (1, 3, "support", 0), (2, 3, "lead", 0),
                                          (2, 1, "lead", 1), (3, 2, "lead", 2), (3, 3, "lead", 0),
                                          (3, 1, "lead", 1), (4, 1, "support", 0)):
            conn.execute(text("insert into assignment_agency (assignment_id, agency_id, role, position) "
                              "values (:a, :g, :r, :p)"), {"a": aid, "g": agency_id, "r": role, "p": pos})
    engine.dispose()

    upgraded = Database(path)
    try:
        assert stored_leads(upgraded) == {1: (2, None, 1), 2: (3, 1, 2), 3: (3, 1, 3), 4: (None, None, 0)}
        assert_leads_right(upgraded)
    finally:
        upgraded.dispose()


def test_migration_0006_downgrades_and_upgrades(tmp_path: Path, fresh_url: Any) -> None:
    round_trip(fresh_url(tmp_path, "down.db"), "0005", "assignment",
               {"lead_agency_id", "co_lead_agency_id", "lead_count"})
