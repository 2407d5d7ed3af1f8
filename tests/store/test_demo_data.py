"""The demo database built from fixtures/: every seed document with its facts and links.

Expectations here are the facts of the seed texts (see shared/DOMAIN.md), written
independently of the fixture files, so a fixture or loader that drifts fails.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from store import assignments, documents
from store.assignments import AssignmentQuery
from store.documents import DocumentQuery
from store.fixtures import FIXTURES_DIR


def _by_number(db, number: str):  # type: ignore[no-untyped-def]
    rows = [r for r in documents.list_documents(db, DocumentQuery(search=number)) if r.number == number]
    assert len(rows) == 1, f"{number}: {rows}"
    return documents.get(db, rows[0].id)


@pytest.mark.parametrize(
    ("number", "doc_type", "issuer_part", "issued"),
    [
        ("353/LĐLĐ", "CV", "Dương Minh Châu", date(2021, 9, 13)),
        ("2385/LĐLĐ", "CV", "Tây Ninh", date(2021, 9, 13)),
        ("09-CT/TU", "CT", "Tây Ninh", date(2021, 8, 25)),
        ("2687-CV/TU", "CV", "Long An", date(2024, 10, 14)),
        ("141-CV/TU", "CV", "Bình Thuận", date(2021, 5, 17)),
        ("06-CT/TU", "CT", "Đồng Tháp", date(2026, 3, 5)),
        ("13-BS/VPĐU", "BS", "", date(2025, 10, 20)),
    ],
)
def test_seed_documents_present(demo_db, number: str, doc_type: str, issuer_part: str, issued: date) -> None:  # type: ignore[no-untyped-def]
    doc = _by_number(demo_db, number)
    assert (doc.doc_type, doc.issued) == (doc_type, issued)
    assert issuer_part in doc.issuer


def test_chain_letter_implements_letter_implements_directive(demo_db) -> None:  # type: ignore[no-untyped-def]
    letter = _by_number(demo_db, "353/LĐLĐ")
    province = _by_number(demo_db, "2385/LĐLĐ")
    directive = _by_number(demo_db, "09-CT/TU")
    assert ("implements", "out", province.id) in {(l.relation, l.direction, l.other_id) for l in letter.links}
    assert ("implements", "out", directive.id) in {(l.relation, l.direction, l.other_id) for l in province.links}
    assert ("implements", "in", province.id) in {(l.relation, l.direction, l.other_id) for l in directive.links}
    cited = [l for l in directive.links if l.relation == "cites" and l.direction == "out"]
    assert len(cited) >= 10  # the directive's footnotes cite a dozen documents
    assert any(l.other_id is None and "05/CT-TTg" in (l.other_label + (l.reference or "")) for l in cited)


def test_haiphong_directive_replaces_three_and_has_a_copy(demo_db) -> None:  # type: ignore[no-untyped-def]
    copy = _by_number(demo_db, "13-BS/VPĐU")
    (copy_link,) = [l for l in copy.links if l.relation == "copy_of"]
    directive = documents.get(demo_db, copy_link.other_id)
    assert directive.number is None and "Hải Phòng" in directive.issuer
    replaced = [l for l in directive.links if l.relation == "replaces"]
    assert len(replaced) == 3
    olds = [documents.get(demo_db, l.other_id) for l in replaced]
    assert {o.number for o in olds} == {"12-CT/TU", "36-CT/TU", "61-CT/TU"}
    assert all(o.status == "superseded" for o in olds)
    assert any("Hải Dương" in o.issuer for o in olds)  # another province's 61-CT/TU
    assert directive.status == "active"


def test_plan_without_number_implements_directive_06(demo_db) -> None:  # type: ignore[no-untyped-def]
    plans = documents.list_documents(demo_db, DocumentQuery(doc_type="KH"))
    (plan_row,) = [p for p in plans if "Đồng Tháp" in p.issuer]
    plan = documents.get(demo_db, plan_row.id)
    assert plan.number is None
    targets = {documents.get(demo_db, l.other_id).number for l in plan.links if l.relation == "implements" and l.other_id}
    assert targets == {"06-CT/TU"}
    # explicit "Cơ quan chủ trì / phối hợp" lines became lead and supporting agencies
    rows = assignments.list_assignments(demo_db, AssignmentQuery(document_id=plan.id))
    assert len(rows) >= 10
    assert any("Thi hành án dân sự tỉnh" in " ".join(r.lead) and r.support for r in rows)


def test_directive_09_sections(demo_db) -> None:  # type: ignore[no-untyped-def]
    directive = _by_number(demo_db, "09-CT/TU")
    refs = [a.ref for a in directive.assignments]
    for ref in ["1", "2", "3", "4.1", "4.2", "4.3", "8"]:
        assert ref in refs


def test_every_fixture_record_loaded(demo_db) -> None:  # type: ignore[no-untyped-def]
    expected_docs = 0
    expected_assignments = 0
    for path in sorted(FIXTURES_DIR.glob("seed_*.json")):
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            expected_docs += 1
            expected_assignments += len(doc.get("assignments", []))
    assert documents.count_documents(demo_db) == expected_docs
    assert assignments.count_assignments(demo_db) == expected_assignments


def test_cadence_phrases_understood(demo_db) -> None:  # type: ignore[no-untyped-def]
    """Recurring reports of the seeds are stored as rules, not left as unparsed text."""
    from sqlalchemy import select

    from store.models import Deadline

    with demo_db.read() as session:
        kinds = {(d.phrase, d.kind) for d in session.scalars(select(Deadline))}
    assert kinds, "the seeds have reporting cadences"
    from store.text import fold

    period_words = ("quy", "6 thang", "sau thang", "hang nam", "hang nam", "nam 20", "cuoi nam")
    named = {p for p, _ in kinds if any(w in fold(p) for w in period_words)}
    unparsed = {p for p, k in kinds if k == "unparsed"}
    assert named and not (unparsed & named), f"not understood: {sorted(unparsed & named)}"
    assert {"recurring"} <= {k for _, k in kinds}
