"""Sanity checks on what a clerk types: completion dates, document dates, duplicate agencies.

Each refusal names its limit and writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from store import agencies, assignments, clock, documents
from store.assignments import AssignmentInput, DeadlineInput
from store.copy import checksums
from store.db import Database
from store.documents import DocumentInput
from store.errors import ValidationError

TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.set_today(TODAY)  # the autouse _real_clock of tests/conftest.py puts it back


# --- duplicate agencies ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["ban nội chính tỉnh ủy tây ninh", "Ban Noi chinh Tinh uy Tay Ninh", "  Ban  Nội chính Tỉnh ủy  Tây Ninh ",
     "BAN NỘI CHÍNH TỈNH UỶ TÂY NINH", "Ban Nội chính Tỉnh ủy Tây Ninh"],
)
def test_agency_equal_but_for_case_diacritics_or_spacing_refused(db: Database, typed: str) -> None:
    agencies.add(db, "Ban Nội chính Tỉnh ủy Tây Ninh")
    before = checksums(db)
    with pytest.raises(ValidationError) as exc:
        agencies.add(db, typed)
    assert exc.value.key == "err.duplicate_agency"
    assert "Đã có cơ quan «Ban Nội chính Tỉnh ủy Tây Ninh»" in exc.value.message("vi")
    assert checksums(db) == before
    assert [a.name for a in agencies.list_all(db)] == ["Ban Nội chính Tỉnh ủy Tây Ninh"]


def test_agency_name_or_alias_equal_to_another_agency_alias_refused(db: Database) -> None:
    agencies.add(db, "Thi hành án dân sự tỉnh", short_name="THADS tỉnh", aliases=["Cục THADS"])
    before = checksums(db)
    with pytest.raises(ValidationError) as exc:
        agencies.add(db, "cục thads")
    assert exc.value.key == "err.duplicate_agency_alias"
    assert "«Thi hành án dân sự tỉnh»" in exc.value.message("vi") and "«Cục THADS»" in exc.value.message("vi")
    with pytest.raises(ValidationError) as exc:
        agencies.add(db, "Cục Thi hành án", aliases=["thi hanh an dan su tinh"])
    assert exc.value.key == "err.duplicate_agency"
    assert checksums(db) == before


def test_agencies_may_share_a_short_name(db: Database) -> None:
    """Two provinces' Sở Tư pháp are both «STP»: the resolver asks which one is meant."""
    agencies.add(db, "Sở Tư pháp tỉnh A", short_name="STP")
    agencies.add(db, "Sở Tư pháp tỉnh B", short_name="STP", aliases=["Sở Tư pháp B"])
    assert len(agencies.list_all(db)) == 2
