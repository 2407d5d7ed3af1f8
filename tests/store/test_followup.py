"""Deadlines in force: extensions, recurring reports acted on, the agenda, office calendar."""

from __future__ import annotations

from datetime import date

import pytest

from store import agenda, assignments, clock, documents, followup, settings
from store.assignments import AssignmentInput, AssignmentQuery, DeadlineInput
from store.documents import DocumentInput
from store.errors import ValidationError

TODAY = date(2026, 11, 23)


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    from store import agencies

    clock.set_today(TODAY)
    agencies.add(db, "Thi hành án dân sự tỉnh", short_name="THADS")
    agencies.add(db, "Sở Tư pháp")
    doc = documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh", subject="Kế hoạch", issued=date(2026, 3, 5)))
    one_off = assignments.add(db, AssignmentInput(document_id=doc, title="Báo cáo chuyên đề", lead=["THADS"],
                                                  deadlines=[DeadlineInput(due=date(2026, 11, 20))]))
    quarterly = assignments.add(db, AssignmentInput(document_id=doc, title="Báo cáo quý", lead=["Sở Tư pháp"],
                                                    deadlines=[DeadlineInput(phrase="Định kỳ hằng quý")]))
    return {"doc": doc, "one_off": one_off, "quarterly": quarterly}


def _deadline_id(db, assignment_id: int) -> int:  # type: ignore[no-untyped-def]
    return assignments.get(db, assignment_id).deadlines[0].id


def test_extension_keeps_original_and_moves_deadline_in_force(db, office) -> None:  # type: ignore[no-untyped-def]
    on = TODAY
    row = assignments.list_assignments(db, AssignmentQuery(today=on, search="chuyen de"))[0]
    assert row.status == "overdue" and row.days_overdue == 3
    followup.extend(db, _deadline_id(db, office["one_off"]), date(2026, 12, 31), "Chờ số liệu",
                    document_ref="Công văn 15/UBND")
    detail = assignments.get(db, office["one_off"])
    (deadline,) = detail.deadlines
    assert deadline.due == date(2026, 11, 20)  # the original is kept
    assert deadline.due_in_force == date(2026, 12, 31)
    assert deadline.extensions[0].reason == "Chờ số liệu"
    assert detail.row.next_due == date(2026, 12, 31) and detail.row.status == "not_started"
    # done on 10/12: on time against the deadline in force, although late against the original
    clock.set_today(date(2026, 12, 10))  # recorded that day (a completion date to come is refused)
    assignments.set_status(db, office["one_off"], "done", done_on=date(2026, 12, 10))
    assert assignments.get(db, office["one_off"]).row.status == "done_on_time"
    assert any(h.action == "extend" for h in detail.history)


def test_extension_needs_reason_and_one_off(db, office) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        followup.extend(db, _deadline_id(db, office["one_off"]), date(2026, 12, 31), " ")
    with pytest.raises(ValidationError) as err:
        followup.extend(db, _deadline_id(db, office["quarterly"]), date(2026, 12, 31), "x")
    assert err.value.key == "err.extend_recurring"


def test_recurring_current_occurrence_until_acted_on(db, office) -> None:  # type: ignore[no-untyped-def]
    detail = assignments.get(db, office["quarterly"])
    # Quarter IV/2026 is due on the 15th of its last month (office default policy).
    assert detail.row.next_due == date(2026, 12, 15)
    clock.set_today(date(2027, 1, 10))
    late = assignments.list_assignments(db, AssignmentQuery(overdue=True, today=date(2027, 1, 10)))
    assert office["quarterly"] in [r.id for r in late]  # still owed after its date
    followup.act_on_occurrence(db, _deadline_id(db, office["quarterly"]), "2026-Q4", "reported", note="Đã nhận")
    assert assignments.get(db, office["quarterly"]).row.next_due == date(2027, 3, 15)


def test_report_policy_setting(db, office) -> None:  # type: ignore[no-untyped-def]
    settings.set(db, followup.REPORT_POLICY, {"rule": "days_after_period", "value": 10})
    detail = assignments.get(db, office["quarterly"])
    assert detail.deadlines[0].due_in_force == date(2027, 1, 11)  # 31/12 + 10 days = Sun 10/01 -> Mon 11/01


def test_office_extra_day_off_moves_relative_deadline(db) -> None:  # type: ignore[no-untyped-def]
    from store import agencies

    agencies.add(db, "Sở Tư pháp")
    settings.set(db, followup.EXTRA_DAYS_OFF, ["2026-06-01"])
    doc = documents.add(db, DocumentInput(doc_type="CV", issuer="UBND", subject="x", issued=date(2026, 5, 28)))
    a = assignments.add(db, AssignmentInput(document_id=doc, title="Trả lời", lead=["Sở Tư pháp"],
                                            deadlines=[DeadlineInput(phrase="trong thời hạn 02 ngày làm việc kể từ ngày nhận")]))
    # 28/05 (Thu) + 2 working days: Fri 29/05, (Sat, Sun, office day off Mon 01/06) Tue 02/06
    assert assignments.get(db, a).row.next_due == date(2026, 6, 2)


def test_agenda_window_overdue_first_with_occurrences(db, office) -> None:  # type: ignore[no-untyped-def]
    items = agenda.agenda(db, TODAY, date(2027, 7, 1), today=TODAY)
    assert [(i.assignment_id, i.due) for i in items] == [
        (office["one_off"], date(2026, 11, 20)),
        (office["quarterly"], date(2026, 12, 15)),
        (office["quarterly"], date(2027, 3, 15)),
        (office["quarterly"], date(2027, 6, 15)),
    ]
    assert items[0].bucket(TODAY) == "overdue" and items[0].when_text(TODAY, "vi") == "quá hạn 3 ngày"
    assert items[1].period == "Quý IV/2026"
    assert all(i.due <= date(2027, 7, 1) for i in items)
    no_overdue = agenda.agenda(db, TODAY, date(2027, 1, 1), overdue=False, today=TODAY)
    assert [i.due for i in no_overdue] == [date(2026, 12, 15)]


def test_agenda_labels_documents_by_number_or_type_and_date(db, office) -> None:  # type: ignore[no-untyped-def]
    """The label is the number, else the type and date of issue, else the type alone (read in
    one cell on every engine)."""
    undated = documents.add(db, DocumentInput(doc_type="CV", issuer="UBND", subject="Không ngày"))
    numbered = documents.add(db, DocumentInput(doc_type="CT", issuer="Tỉnh ủy", subject="Có số", number="05-CT/TU",
                                               issued=date(2026, 2, 1)))
    for doc, title in ((undated, "Không số, không ngày"), (numbered, "Có số")):
        assignments.add(db, AssignmentInput(document_id=doc, title=title, lead=["THADS"],
                                            deadlines=[DeadlineInput(due=date(2026, 12, 1))]))
    labels = {i.title: i.document_label for i in agenda.agenda(db, TODAY, date(2027, 1, 1), today=TODAY)}
    assert labels == {"Báo cáo chuyên đề": "Kế hoạch 05/03/2026", "Báo cáo quý": "Kế hoạch 05/03/2026",
                      "Không số, không ngày": "Công văn", "Có số": "05-CT/TU"}


def test_agenda_filters_and_groups(db, office) -> None:  # type: ignore[no-untyped-def]
    items = agenda.agenda(db, TODAY, date(2027, 1, 1), agency="so tu phap", today=TODAY)
    assert {i.assignment_id for i in items} == {office["quarterly"]}
    groups = agenda.group_by_agency(agenda.agenda(db, TODAY, date(2027, 1, 1), today=TODAY))
    assert [name for name, _ in groups] == ["Sở Tư pháp", "Thi hành án dân sự tỉnh"]
    assignments.set_status(db, office["one_off"], "done")
    assert office["one_off"] not in {i.assignment_id for i in agenda.agenda(db, TODAY, date(2027, 1, 1), today=TODAY)}


def test_agenda_merges_cadences_due_the_same_day(db, office) -> None:  # type: ignore[no-untyped-def]
    both = assignments.add(db, AssignmentInput(
        document_id=office["doc"], title="Báo cáo kết quả", lead=["THADS"],
        deadlines=[DeadlineInput(phrase="Định kỳ hằng quý"), DeadlineInput(phrase="Sáu tháng 01 lần")]))
    items = [i for i in agenda.agenda(db, TODAY, date(2027, 7, 1), today=TODAY) if i.assignment_id == both]
    assert [i.due for i in items] == [date(2026, 12, 15), date(2027, 3, 15), date(2027, 6, 15)]
    assert items[0].period == "Quý IV/2026 và 6 tháng cuối năm 2026" and len(items[0].parts) == 2
    assert items[1].period == "Quý I/2027" and len(items[1].parts) == 1


def test_agenda_backlog_does_not_crowd_out_the_window(db, office) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        assignments.add(db, AssignmentInput(document_id=office["doc"], title=f"Tồn đọng {i}", lead=["THADS"],
                                            deadlines=[DeadlineInput(due=date(2026, 1, 10 + i))]))
    items = agenda.agenda(db, TODAY, date(2026, 12, 31), today=TODAY, limit=3)
    assert sum(i.due < TODAY for i in items) == 3
    assert date(2026, 12, 15) in [i.due for i in items]  # the quarterly report still shows


def test_scoreboard_counts_backlog_carried_into_the_period(db, office) -> None:  # type: ignore[no-untyped-def]
    from store import reports

    # last year's plan: work cannot be done (30/12/2025, below) before its document was issued
    last_year = documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh", subject="Kế hoạch năm 2025",
                                                issued=date(2025, 3, 5)))
    old = assignments.add(db, AssignmentInput(document_id=last_year, title="Việc tồn từ năm trước",
                                              lead=["Sở Tư pháp"], deadlines=[DeadlineInput(due=date(2025, 12, 31))]))
    rows = {r.agency: r for r in reports.scoreboard(db, start=date(2026, 1, 1), end=date(2026, 12, 31), today=TODAY)}
    assert rows["Sở Tư pháp"].overdue == 1 and rows["Sở Tư pháp"].total == 2  # the backlog and the quarterly
    assignments.set_status(db, old, "done", done_on=date(2025, 12, 30))  # done last year: not this year's
    rows = {r.agency: r for r in reports.scoreboard(db, start=date(2026, 1, 1), end=date(2026, 12, 31), today=TODAY)}
    assert rows["Sở Tư pháp"].overdue == 0 and rows["Sở Tư pháp"].total == 1
