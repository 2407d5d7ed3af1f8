"""apply creates the agencies a text names only once: not beside one registered since the plan
under a name differing in case, diacritics or spacing."""

from __future__ import annotations

from store import agencies, assignments
from store.intake.apply import apply
from store.text import fold
from tests.intake.test_apply import SEED_003, counts, intake


def test_agency_registered_since_the_plan_is_used_not_duplicated(db, seed_texts) -> None:  # type: ignore[no-untyped-def]
    _, p = intake(db, seed_texts[SEED_003])
    assert p.create_agencies and len(p.new_agencies) >= 2
    first = p.new_agencies[0]
    typed = "  " + fold(first).upper() + " "  # by another clerk, meanwhile, in capitals, no diacritics
    agencies.add(db, typed)
    before = counts(db)["agencies"]
    apply(db, p)
    names = [a.name for a in agencies.list_all(db)]
    assert len(names) == before + len(p.new_agencies) - 1
    assert len({fold(n) for n in names}) == len(names)
    leads = {n for r in assignments.list_assignments(db, assignments.AssignmentQuery(), limit=500) for n in r.lead + r.support}
    assert typed.strip() in leads and first not in leads  # its work went to the one registered
