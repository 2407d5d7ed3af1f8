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


# --- completion date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_on", "key", "limit"),
    [
        (date(2030, 12, 31), "err.done_on_future", "02/12/2026"),
        (date(2026, 12, 3), "err.done_on_future", "02/12/2026"),
        (date(2000, 1, 1), "err.done_on_before_issued", "25/08/2021"),
        (date(2021, 8, 24), "err.done_on_before_issued", "25/08/2021"),
    ],
)
def test_mark_done_refuses_a_date_after_today_or_before_the_document(
    sample: dict[str, int], db: Database, done_on: date, key: str, limit: str
) -> None:
    before = checksums(db)
    with pytest.raises(ValidationError) as exc:
        assignments.set_status(db, sample["overdue"], "done", done_on=done_on)
    assert exc.value.key == key and exc.value.field == "done_on"
    message = exc.value.message("vi")
    assert limit in message and done_on.strftime("%d/%m/%Y") in message
    assert checksums(db) == before


@pytest.mark.parametrize("done_on", [TODAY, date(2021, 8, 25), date(2022, 3, 1)])
def test_mark_done_accepts_today_the_issue_day_and_old_work_back_filled(
    sample: dict[str, int], db: Database, done_on: date
) -> None:
    # 2022: long before the assignment was created (today), after the directive (25/08/2021)
    assignments.set_status(db, sample["overdue"], "done", done_on=done_on)
    assert assignments.get(db, sample["overdue"]).row.done_on == done_on


@pytest.mark.parametrize(
    ("received", "key", "limit"),
    [(date(2026, 3, 2), "err.done_on_before_received", "02/03/2026"),
     (None, "err.done_on_before_registered", TODAY.strftime("%d/%m/%Y"))],
    ids=["received", "neither"],
)
def test_mark_done_without_an_issue_date_refuses_a_date_before_the_document_was_known(
    db: Database, received: date | None, key: str, limit: str
) -> None:
    """01/01/2000 was taken when the document had no issue date: the day it was received,
    else registered (here today: the frozen clock stamps it), is the limit then."""
    agencies.add(db, "Sở Tư pháp")
    doc = documents.add(db, DocumentInput(doc_type="KH", issuer="Ủy ban nhân dân tỉnh",
                                          subject="Kế hoạch thực hiện", incoming_date=received))
    aid = assignments.add(db, AssignmentInput(document_id=doc, title="Tổ chức thực hiện", lead=["Sở Tư pháp"]))
    before = checksums(db)
    for done_on in (date(2000, 1, 1), date(2026, 3, 1) if received else date(2026, 12, 1)):
        with pytest.raises(ValidationError) as exc:
            assignments.set_status(db, aid, "done", done_on=done_on)
        assert exc.value.key == key and exc.value.field == "done_on"
        message = exc.value.message("vi")
        assert limit in message and done_on.strftime("%d/%m/%Y") in message and "ngày ban hành" in message
    with pytest.raises(ValidationError) as exc:  # adding one done, too
        assignments.add(db, AssignmentInput(document_id=doc, title="Đã xong", lead=["Sở Tư pháp"],
                                            work_status="done", done_on=date(2000, 1, 1)))
    assert exc.value.key == key
    assert checksums(db) == before
    assignments.set_status(db, aid, "done", done_on=received or TODAY)  # the limit itself is fine
    assert assignments.get(db, aid).row.done_on == (received or TODAY)


def test_an_issue_date_given_later_lets_old_work_be_back_filled(db: Database) -> None:
    agencies.add(db, "Sở Tư pháp")
    doc = documents.add(db, DocumentInput(doc_type="KH", issuer="Ủy ban nhân dân tỉnh", subject="Kế hoạch"))
    aid = assignments.add(db, AssignmentInput(document_id=doc, title="Tổ chức thực hiện", lead=["Sở Tư pháp"]))
    with pytest.raises(ValidationError):
        assignments.set_status(db, aid, "done", done_on=date(2021, 5, 4))
    from store.models import Document

    db.write(lambda session: setattr(session.get(Document, doc), "issued", date(2021, 1, 10)))
    assignments.set_status(db, aid, "done", done_on=date(2021, 5, 4))
    assert assignments.get(db, aid).row.done_on == date(2021, 5, 4)


def test_add_refuses_a_completion_date_after_today(sample: dict[str, int], db: Database) -> None:
    before = checksums(db)
    with pytest.raises(ValidationError) as exc:
        assignments.add(db, AssignmentInput(
            document_id=sample["directive"], title="Đã xong?", lead=["Sở Tư pháp"],
            work_status="done", done_on=date(2027, 1, 1),
        ))
    assert exc.value.key == "err.done_on_future"
    assert checksums(db) == before


def test_edit_refuses_a_new_completion_date_before_the_document(sample: dict[str, int], db: Database) -> None:
    detail = assignments.get(db, sample["overdue"])
    data = AssignmentInput(
        document_id=sample["directive"], title=detail.row.title, lead=["THADS tỉnh"],
        support=["Sở Tư pháp"], deadlines=[DeadlineInput(due=date(2021, 12, 31))],
        work_status="done", done_on=date(2021, 1, 1),
    )
    before = checksums(db)
    with pytest.raises(ValidationError) as exc:
        assignments.update(db, sample["overdue"], data, expected_version=detail.version)
    assert exc.value.key == "err.done_on_before_issued" and "25/08/2021" in exc.value.message("vi")
    assert checksums(db) == before


def test_edit_keeps_a_date_recorded_before_the_check(sample: dict[str, int], db: Database) -> None:
    """An assignment saved with a wrong date by an older dondoc can still be edited (the
    date is not being written: the form passes the stored one through)."""
    from store.models import Assignment

    def legacy(session: Any) -> None:
        a = session.get(Assignment, sample["overdue"])
        a.work_status, a.done_on = "done", date(2030, 12, 31)

    db.write(legacy)
    detail = assignments.get(db, sample["overdue"])
    data = AssignmentInput(
        document_id=sample["directive"], title="Tên đã sửa", lead=["THADS tỉnh"],
        deadlines=[DeadlineInput(due=date(2021, 12, 31))], work_status="done", done_on=date(2030, 12, 31),
    )
    assignments.update(db, sample["overdue"], data, expected_version=detail.version)
    assert assignments.get(db, sample["overdue"]).row.title == "Tên đã sửa"


# --- document dates --------------------------------------------------------------------------


def _doc(**kwargs: Any) -> DocumentInput:
    return DocumentInput(doc_type="CT", number="12-CT/TU", issuer="Ban Thường vụ Tỉnh ủy", subject="Về công tác THADS",
                         **kwargs)


@pytest.mark.parametrize(
    ("dates", "key", "field"),
    [
        ({"issued": date(2026, 12, 3)}, "err.issued_future", "issued"),
        ({"issued": date(2026, 12, 3), "incoming_date": date(2026, 12, 1)}, "err.issued_future", "issued"),
        ({"issued": date(2026, 11, 1), "incoming_date": date(2026, 12, 3)}, "err.incoming_future", "incoming_date"),
    ],
)
def test_document_dates_after_today_refused(db: Database, dates: dict[str, date], key: str, field: str) -> None:
    before = checksums(db)
    with pytest.raises(ValidationError) as exc:
        documents.add(db, _doc(**dates))
    assert exc.value.key == key and exc.value.field == field
    assert "03/12/2026" in exc.value.message("vi") and "02/12/2026" in exc.value.message("vi")
    assert checksums(db) == before


def test_editing_a_document_to_a_future_issue_date_refused(sample: dict[str, int], db: Database) -> None:
    detail = documents.get(db, sample["directive"])
    data = documents.as_input(detail)
    data.issued = date(2027, 8, 25)
    before = checksums(db)
    with pytest.raises(ValidationError) as exc:
        documents.update(db, sample["directive"], data, expected_version=detail.version)
    assert exc.value.key == "err.issued_future"
    assert checksums(db) == before


def test_received_before_issued_is_saved_and_pointed_out(db: Database) -> None:
    """As on 09-CT/TU in seed 000 (issued 25/08/2021, stamped received 1/8/2021): kept as the
    paper says, with a warning to check it."""
    issued, incoming = date(2021, 8, 25), date(2021, 8, 1)
    doc_id = documents.add(db, _doc(issued=issued, incoming_date=incoming))
    assert documents.get(db, doc_id).incoming_date == incoming
    [warning] = documents.date_warnings(issued, incoming)
    assert "01/08/2021" in warning and "25/08/2021" in warning
    assert documents.date_warnings(issued, issued) == []
    assert documents.date_warnings(None, incoming) == []


def test_today_is_a_valid_issue_and_incoming_date(db: Database) -> None:
    doc_id = documents.add(db, _doc(issued=TODAY, incoming_date=TODAY))
    assert documents.get(db, doc_id).issued == TODAY


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
