"""plan/apply: from parsed seed texts to records, in one transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from store import agencies, assignments, documents
from store.documents import DocumentInput
from store.errors import StoreError
from store.intake import parse_text
from store.intake.apply import apply, known_agencies, plan
from store.models import Agency, Assignment, Deadline, Document, DocumentLink

SEED_000 = "000_450dd1b3bcf8b1df"
SEED_001 = "001_d8bdf7c67a151ccf"
SEED_003 = "003_c32493f7751f6de0"
SEED_004 = "004_2bdeaf74da6b7776"


def counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return {
            name: int(s.scalar(select(func.count()).select_from(model)) or 0)
            for name, model in (("documents", Document), ("links", DocumentLink), ("assignments", Assignment),
                                ("agencies", Agency), ("deadlines", Deadline))
        }


def intake(db, text: str):  # type: ignore[no-untyped-def]
    result = parse_text(text, known_agencies(db))
    return result, plan(db, result)


def links_of(db, doc_id: int) -> list[tuple[str, int | None, str | None]]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        rows = s.execute(
            select(DocumentLink.relation, DocumentLink.target_id, DocumentLink.ref_number)
            .where(DocumentLink.source_id == doc_id).order_by(DocumentLink.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.mark.parametrize("seed", sorted(["000_450dd1b3bcf8b1df", "001_d8bdf7c67a151ccf", "002_e6c12135c512562c",
                                         "003_c32493f7751f6de0", "004_2bdeaf74da6b7776"]))
def test_each_seed_into_a_fresh_database(db, seed_texts, seed) -> None:  # type: ignore[no-untyped-def]
    result, p = intake(db, seed_texts[seed])
    expected = p.counts()
    assert expected["documents"] == len(result.documents) >= 1
    assert expected["duplicates"] == 0
    ids = apply(db, p)
    assert len(ids) == len(result.documents)
    got = counts(db)
    assert got["documents"] == expected["documents"]
    assert got["links"] == expected["links"]
    assert got["assignments"] == expected["assignments"] == sum(len(d.assignments) for d in result.documents)
    assert got["agencies"] == expected["agencies"] == len(p.new_agencies)
    with db.read() as s:
        sources = set(s.scalars(select(Document.source)))
    assert sources == {"intake"}
    # Every assignment got its lead, and every deadline phrase was kept.
    for doc_id in ids:
        for row in documents.get(db, doc_id).assignments:
            assert row.lead
    phrases = sum(len(a.deadlines) for d in result.documents for a in d.assignments)
    assert got["deadlines"] == phrases


def test_seed_000_letter_implements_the_directive_of_the_same_text(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    _, p = intake(db, seed_texts[SEED_000])
    letter_id, directive_id = apply(db, p)
    assert ("implements", directive_id, "09-CT/TU") in links_of(db, letter_id)
    detail = documents.get(db, directive_id)
    assert detail.number == "09-CT/TU" and detail.issued == date(2021, 8, 25)
    assert any(l.direction == "in" and l.other_id == letter_id for l in detail.links)
    # A reference to a document not registered stays as written, unresolved.
    assert ("implements", None, "2385/LĐLĐ") in links_of(db, letter_id)


def test_seed_004_copy_is_copy_of_the_directive_which_replaces_three(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    _, p = intake(db, seed_texts[SEED_004])
    directive_id, copy_id = apply(db, p)
    assert ("copy_of", directive_id, None) in links_of(db, copy_id)
    replaced = {n for rel, _, n in links_of(db, directive_id) if rel == "replaces"}
    assert replaced == {"12-CT/TU", "36-CT/TU", "61-CT/TU"}
    copy = documents.get(db, copy_id)
    assert copy.doc_type == "BS" and copy.number == "13-BS/VPĐU"
    # The copy has no subject of its own: it takes the directive's, flagged for review.
    assert copy.subject == documents.get(db, directive_id).subject
    assert "subject" in p.documents[1].unsure


def test_reference_resolves_to_a_document_already_registered(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    existing = documents.add(db, DocumentInput(
        doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy Tây Ninh",
        subject="về tăng cường sự lãnh đạo của cấp ủy đảng đối với công tác thi hành án",
        issued=date(2021, 8, 25),
    ))
    _, p = intake(db, seed_texts[SEED_000])
    letter, directive = p.documents
    assert directive.duplicate_of == existing  # same issuer + number + year: skipped
    assert letter.references[0].target_index == 1
    before = counts(db)
    ids = apply(db, p)
    assert len(ids) == 1
    assert ("implements", existing, "09-CT/TU") in links_of(db, ids[0])
    assert counts(db)["documents"] == before["documents"] + 1


def test_letter_alone_links_to_the_registered_directive(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    existing = documents.add(db, DocumentInput(
        doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy", subject="Chỉ thị 09",
        issued=date(2021, 8, 25),
    ))
    text = seed_texts[SEED_000]
    result = parse_text(text)
    letter_only = result.text[: result.documents[1].span[0]]
    _, p = intake(db, letter_only)
    assert len(p.documents) == 1
    ref = next(r for r in p.documents[0].references if r.number == "09-CT/TU")
    assert ref.target_id == existing and ref.resolved
    (letter_id,) = apply(db, p)
    assert ("implements", existing, "09-CT/TU") in links_of(db, letter_id)


def test_reference_to_a_document_registered_later_resolves_then(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    _, p = intake(db, seed_texts[SEED_001])
    (letter_id,) = apply(db, p)
    waiting = [n for rel, target, n in links_of(db, letter_id) if target is None and n == "05-CT/TW"]
    assert waiting
    later = documents.add(db, DocumentInput(
        doc_type="CT", number="05-CT/TW", issuer="Bộ Chính trị", subject="Chỉ thị 05", issued=date(2021, 6, 1),
    ))
    assert any(target == later for _, target, n in links_of(db, letter_id) if n == "05-CT/TW")


def test_duplicates_are_flagged_and_skipped(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    _, p = intake(db, seed_texts[SEED_004])
    apply(db, p)
    before = counts(db)
    _, again = intake(db, seed_texts[SEED_004])
    assert [d.duplicate_of is not None for d in again.documents] == [True, True]
    assert again.counts()["documents"] == 0
    assert apply(db, again) == []
    assert counts(db) == before


def test_known_agencies_matched_without_diacritics_and_new_ones_listed(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    agencies.add(db, "Sở Tư pháp", short_name="STP", aliases=["So Tu phap tinh Dong Thap"])
    agencies.add(db, "Thi hanh an dan su tinh")  # registered without diacritics
    result = parse_text(seed_texts[SEED_003])  # no known agencies given to the parser
    p = plan(db, result)
    leads = {name for d in p.documents for a in d.assignments for name in a.lead + a.support}
    assert "Sở Tư pháp" in leads and "Thi hanh an dan su tinh" in leads
    new = {n.casefold() for n in p.new_agencies}
    assert "sở tư pháp" not in new and "thi hành án dân sự tỉnh" not in new
    before = counts(db)["agencies"]
    apply(db, p)
    assert counts(db)["agencies"] == before + len(p.new_agencies)


def test_without_new_agencies_unknown_names_are_dropped(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    agencies.add(db, "Sở Tư pháp")
    _, p = intake(db, seed_texts[SEED_003])
    p.create_agencies = False
    apply(db, p)
    assert counts(db)["agencies"] == 1
    rows = assignments.list_assignments(db, assignments.AssignmentQuery(), limit=500)
    assert rows and all(set(r.lead) | set(r.support) <= {"Sở Tư pháp"} for r in rows)


def test_apply_is_all_or_nothing(db, seed_texts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, p = intake(db, seed_texts[SEED_000])
    before = counts(db)
    calls = {"n": 0}
    real = assignments.add_in

    def failing(session, data, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:  # after a document, its links, agencies and four assignments
            raise RuntimeError("disk full")
        return real(session, data, **kwargs)

    monkeypatch.setattr(assignments, "add_in", failing)
    with pytest.raises(Exception):
        apply(db, p)
    assert calls["n"] == 5
    assert counts(db) == before


def test_store_refusal_mid_way_leaves_the_database_unchanged(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    _, p = intake(db, seed_texts[SEED_000])
    p.documents[1].assignments[3].title = ""  # the store refuses an assignment without a title
    before = counts(db)
    with pytest.raises(StoreError):
        apply(db, p)
    assert counts(db) == before


def test_a_missing_subject_is_reported_before_anything_is_written(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    result = parse_text(seed_texts[SEED_001])
    result.documents[0].subject = None
    p = plan(db, result)
    assert p.problems == [(0, "subject")]
    with pytest.raises(StoreError) as info:
        apply(db, p)
    assert "Trích yếu" in info.value.message("vi")
    assert counts(db)["documents"] == 0


def test_assignment_without_lead_is_skipped_and_said(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    result = parse_text(seed_texts[SEED_001])
    result.documents[0].assignments[0].lead = []
    p = plan(db, result)
    assert p.documents[0].assignments[0].skip == "no_lead"
    apply(db, p)
    assert counts(db)["assignments"] == len(result.documents[0].assignments) - 1


def test_plan_without_database_resolves_nothing(seed_texts) -> None:  # type: ignore[no-untyped-def]
    result = parse_text(seed_texts[SEED_000])
    p = plan(None, result)
    letter = p.documents[0]
    assert letter.references[0].target_index == 1  # same text still linked
    assert all(r.target_id is None for d in p.documents for r in d.references)
    assert p.new_agencies


def test_store_stays_free_of_textual() -> None:
    import subprocess
    import sys

    code = "import store.intake.apply, store.intake.edit, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
