"""What migration 0009 keeps on each deadline for the agenda (the date in force, the periods of a
rule acted on ahead, the assignment's due_key while it is open), and migration 0010 on each
assignment for the scoreboard (the due dates of its latest reports received, on time or late),
stays equal to a reading from scratch, whoever writes: a new assignment, an edit, an
extension, a report acted on (in turn or ahead of time), a status change (done, paused,
reopened), a note, an import, the demo fixtures, a copy, an edit that drops a deadline, a
change of the report policy or calendar, `dondoc gen` and the migrations' backfills. A failed
write leaves them as they were."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text

from store import agencies, assignments, clock, documents, followup, settings
from store import deadlines as dl
from store.assignments import OPEN, AssignmentInput, DeadlineInput
from store.db import Database, to_url
from store.documents import DocumentInput
from store.errors import ValidationError
from store.models import Assignment, Deadline, Occurrence
from tests.store.denormalized import demo_and_copy, round_trip

TODAY = date(2026, 11, 23)

Copies = dict[int, tuple[date | None, str | None, date | None]]


def expected_copies(db: Database) -> Copies:
    """deadline id -> (date in force, periods acted on ahead, open due_key), the slow way: the
    date in force as store.followup reads it for one deadline, the periods acted on that are
    not among the occurrences from the tracking start before the current one, and the
    assignment's due_key recomputed from those dates when it is open."""
    out: Copies = {}
    with db.read() as s:
        policy, cal = followup.policy_in(s), followup.calendar_in(s)
        for a in s.scalars(select(Assignment).order_by(Assignment.id)):
            rows = {}
            for d in s.scalars(select(Deadline).where(Deadline.assignment_id == a.id).order_by(Deadline.id)):
                due = followup.due_in_force_in(s, d, a)
                ahead = None
                if d.kind == "recurring" and d.spec and due is not None:
                    acted = set(s.scalars(select(Occurrence.period).where(Occurrence.deadline_id == d.id)))
                    before = {o.period_key for o in dl.occurrences(
                        dl.DeadlineSpec.from_dict(d.spec), followup.tracking_start(a), due - timedelta(days=1),
                        policy, cal)}
                    ahead = "\x1f".join(sorted(acted - before)) or None
                rows[d.id] = (due, ahead)
            dues = [due for due, _ in rows.values() if due is not None]
            key = min(dues) if dues else date(9999, 12, 31)
            assert a.due_key == key, (a.id, a.due_key, key)  # the assignment's own copy agrees
            for did, (due, ahead) in rows.items():
                out[did] = (due, ahead, key if a.work_status in OPEN else None)
    return out


def stored_copies(db: Database) -> Copies:
    with db.read() as s:
        return {did: (due, ahead, key) for did, due, ahead, key in s.execute(
            select(Deadline.id, Deadline.due_in_force, Deadline.acted_ahead, Deadline.open_due_key))}


ReportCopies = dict[int, tuple[Any, ...]]
"""assignment id -> (report_last, report_prev, late_last, late_prev) (migration 0010), then
(report_first, report_gap, late_first, late_gap) (migration 0011), then (report_month,
report_bits, late_bits) (migration 0012)."""


def _months(dues: list[date], late: list[date]) -> tuple[int | None, int | None, int | None]:
    """report_prev's month (year * 12 + month - 1) and the months of `dues` (and of `late`)
    from it back 62 months as bits, bit k the month k before (None without report_prev)."""
    if len(dues) < 2:
        return None, None, None
    month = dues[1].year * 12 + dues[1].month - 1

    def bits(days: list[date]) -> int:
        back = {month - (d.year * 12 + d.month - 1) for d in days}
        return sum(2 ** k for k in back if 0 <= k <= 62)

    return month, bits(dues), bits(late)


def _first_and_gap(dues: list[date]) -> tuple[date | None, int | None]:
    """The earliest of `dues` (newest first, distinct) and the largest number of days between
    two that follow each other (None with fewer than two)."""
    if not dues:
        return None, None
    gaps = [(newer - older).days for newer, older in zip(dues, dues[1:])]
    return dues[-1], max(gaps) if gaps else None


def expected_report_copies(db: Database) -> ReportCopies:
    """assignment id -> its report copies, the slow way: the due dates of the reports received
    of its deadlines that are due before its due_key, newest first, those received after their
    due date apart (late_prev: before report_last); the earliest of each and the largest gap
    between two in a row."""
    out: ReportCopies = {}
    with db.read() as s:
        for a in s.scalars(select(Assignment).order_by(Assignment.id)):
            received = s.execute(select(Occurrence.due, Occurrence.acted_on).join(
                Deadline, Deadline.id == Occurrence.deadline_id).where(
                Deadline.assignment_id == a.id, Occurrence.status == "reported", Occurrence.due < a.due_key)).all()
            dues = sorted({due for due, _ in received}, reverse=True)
            late = sorted({due for due, on in received if on is not None and on > due}, reverse=True)
            before_last = [due for due in late if due != dues[0]]
            out[a.id or 0] = ((dues + [None, None])[0], (dues + [None, None])[1], late[0] if late else None,
                              before_last[0] if before_last else None, *_first_and_gap(dues), *_first_and_gap(late),
                              *_months(dues, late))
    return out


def stored_report_copies(db: Database) -> ReportCopies:
    with db.read() as s:
        return {aid: tuple(rest) for aid, *rest in s.execute(
            select(Assignment.id, Assignment.report_last, Assignment.report_prev, Assignment.late_last,
                   Assignment.late_prev, Assignment.report_first, Assignment.report_gap, Assignment.late_first,
                   Assignment.late_gap, Assignment.report_month, Assignment.report_bits, Assignment.late_bits))}


def assert_copies_right(db: Database) -> Copies:
    expected = expected_copies(db)
    assert expected, "no deadlines to check"
    assert stored_copies(db) == expected
    assert stored_report_copies(db) == expected_report_copies(db)
    return expected


@pytest.fixture
def office(db: Database) -> dict[str, int]:
    clock.set_today(TODAY)
    agencies.add(db, "Sở Tư pháp")
    doc = documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh", subject="Kế hoạch",
                                          issued=date(2026, 3, 5)))
    one_off = assignments.add(db, AssignmentInput(
        document_id=doc, title="Báo cáo chuyên đề", lead=["Sở Tư pháp"],
        deadlines=[DeadlineInput(due=date(2026, 11, 20)), DeadlineInput(due=date(2027, 2, 1))]))
    reports = assignments.add(db, AssignmentInput(
        document_id=doc, title="Báo cáo định kỳ", lead=["Sở Tư pháp"],
        deadlines=[DeadlineInput(phrase="Định kỳ hằng quý"), DeadlineInput(due=date(2027, 6, 30))]))
    nothing = assignments.add(db, AssignmentInput(document_id=doc, title="Không hạn", lead=["Sở Tư pháp"],
                                                  deadlines=[DeadlineInput(phrase="khi có yêu cầu")]))
    return {"doc": doc, "one_off": one_off, "reports": reports, "nothing": nothing}


def _deadlines(db: Database, assignment_id: int) -> list[Any]:
    return assignments.get(db, assignment_id).deadlines


def test_new_work_has_its_copies(db: Database, office: dict[str, int]) -> None:
    copies = assert_copies_right(db)
    one_off = [copies[d.id] for d in _deadlines(db, office["one_off"])]
    assert one_off == [(date(2026, 11, 20), None, date(2026, 11, 20)), (date(2027, 2, 1), None, date(2026, 11, 20))]
    quarterly = _deadlines(db, office["reports"])[0]
    assert copies[quarterly.id] == (date(2026, 12, 15), None, date(2026, 12, 15))  # Q4/2026, from March


def test_extensions_move_the_date_in_force(db: Database, office: dict[str, int]) -> None:
    first, second = _deadlines(db, office["one_off"])
    followup.extend(db, first.id, date(2027, 3, 1), "Chờ số liệu")
    copies = assert_copies_right(db)
    # the other deadline is now the nearest: the assignment's due_key moved on both rows
    assert copies[first.id] == (date(2027, 3, 1), None, date(2027, 2, 1))
    assert copies[second.id] == (date(2027, 2, 1), None, date(2027, 2, 1))
    followup.extend(db, first.id, date(2026, 12, 1), "Rút ngắn")  # the last one granted wins
    assert assert_copies_right(db)[first.id] == (date(2026, 12, 1), None, date(2026, 12, 1))


def test_reports_acted_on_in_turn_and_ahead(db: Database, office: dict[str, int]) -> None:
    quarterly = _deadlines(db, office["reports"])[0]
    followup.act_on_occurrence(db, quarterly.id, "2027-Q2", "reported")  # ahead of time
    assert assert_copies_right(db)[quarterly.id] == (date(2026, 12, 15), "2027-Q2", date(2026, 12, 15))
    followup.act_on_occurrence(db, quarterly.id, "2026-Q4", "reported")
    assert assert_copies_right(db)[quarterly.id] == (date(2027, 3, 15), "2027-Q2", date(2027, 3, 15))
    followup.act_on_occurrence(db, quarterly.id, "2027-Q1", "waived")
    # Q2 was in already: the current one is Q3, nothing acted on ahead of it
    assert assert_copies_right(db)[quarterly.id] == (date(2027, 9, 15), None, date(2027, 6, 30))
    followup.act_on_occurrence(db, quarterly.id, "2027-Q1", "reported")  # acted on again: no change
    assert assert_copies_right(db)[quarterly.id] == (date(2027, 9, 15), None, date(2027, 6, 30))


def test_report_copies_follow_the_reports_and_the_deadline_in_force(db: Database, office: dict[str, int]) -> None:
    """The report copies (migration 0010): the due dates of the latest two reports received
    before the deadline in force, and of the latest received late (overall, and before the
    latest report); a report acted on ahead of the deadline in force, a waived one, is not
    among them; they follow the deadline in force when an extension moves it."""
    aid = office["reports"]
    quarterly, one_off = _deadlines(db, aid)

    def copies() -> tuple[date | None, ...]:
        assert_copies_right(db)
        return stored_report_copies(db)[aid][:4]

    def spans() -> tuple[date | int | None, ...]:  # migration 0011's (assert_copies_right by copies())
        return stored_report_copies(db)[aid][4:8]

    assert copies() == (None, None, None, None) and spans() == (None, None, None, None)
    followup.act_on_occurrence(db, quarterly.id, "2026-Q4", acted_on=date(2026, 12, 10))
    assert copies() == (date(2026, 12, 15), None, None, None)
    assert spans() == (date(2026, 12, 15), None, None, None)
    followup.act_on_occurrence(db, quarterly.id, "2026-Q2", acted_on=date(2026, 7, 1))  # before tracking, late
    assert copies() == (date(2026, 12, 15), date(2026, 6, 15), date(2026, 6, 15), date(2026, 6, 15))
    assert spans() == (date(2026, 6, 15), 183, date(2026, 6, 15), None)
    followup.act_on_occurrence(db, quarterly.id, "2027-Q1", acted_on=date(2027, 3, 20))  # late
    assert copies() == (date(2027, 3, 15), date(2026, 12, 15), date(2027, 3, 15), date(2026, 6, 15))
    assert spans() == (date(2026, 6, 15), 183, date(2026, 6, 15), 273)
    # migration 0012's: December 2026 (report_prev) and June 2026, six months before; March
    # 2027 is after report_prev's month, not kept
    assert stored_report_copies(db)[aid][8:] == (2026 * 12 + 11, 1 + (1 << 6), 1 << 6)
    followup.act_on_occurrence(db, quarterly.id, "2026-Q3", acted_on=date(2026, 9, 1))  # fills the largest gap
    assert spans() == (date(2026, 6, 15), 92, date(2026, 6, 15), 273)
    followup.act_on_occurrence(db, quarterly.id, "2027-Q3", acted_on=date(2027, 3, 20))  # ahead: after due_key
    followup.act_on_occurrence(db, quarterly.id, "2027-Q2", "waived")
    assert assignments.get(db, aid).row.next_due == date(2027, 6, 30)  # the one-off deadline now
    assert copies() == (date(2027, 3, 15), date(2026, 12, 15), date(2027, 3, 15), date(2026, 6, 15))
    assert spans() == (date(2026, 6, 15), 92, date(2026, 6, 15), 273)
    followup.extend(db, one_off.id, date(2027, 12, 31), "Chờ số liệu")  # due_key: Q4 2027, after Q3
    assert copies() == (date(2027, 9, 15), date(2027, 3, 15), date(2027, 3, 15), date(2027, 3, 15))
    assert spans() == (date(2026, 6, 15), 184, date(2026, 6, 15), 273)  # Q3 2027 in, Q2 waived
    assignments.set_status(db, aid, "done")  # kept whatever the status (the scoreboard reads open work)
    assert copies() == (date(2027, 9, 15), date(2027, 3, 15), date(2027, 3, 15), date(2027, 3, 15))


def test_status_changes_open_and_close(db: Database, office: dict[str, int]) -> None:
    aid = office["one_off"]
    ids = [d.id for d in _deadlines(db, aid)]
    for status, is_open in (("done", False), ("in_progress", True), ("paused", False), ("cancelled", False),
                            ("not_started", True)):
        assignments.set_status(db, aid, status)
        copies = assert_copies_right(db)
        assert all((copies[i][2] is not None) == is_open for i in ids), status
    assignments.add_note(db, aid, "Đã giao phòng chuyên môn")  # not started -> in progress: still open
    assert all(assert_copies_right(db)[i][2] == date(2026, 11, 20) for i in ids)


def test_edit_replaces_deadlines(db: Database, office: dict[str, int]) -> None:
    aid = office["one_off"]
    detail = assignments.get(db, aid)
    assignments.update(db, aid, AssignmentInput(
        document_id=office["doc"], title=detail.row.title, lead=["Sở Tư pháp"], work_status="in_progress",
        deadlines=[DeadlineInput(due=date(2027, 2, 1)), DeadlineInput(phrase="Sáu tháng 01 lần")],
    ), expected_version=detail.version)
    copies = assert_copies_right(db)
    kept, semiannual = _deadlines(db, aid)
    assert kept.id in copies and semiannual.id in copies and len(copies) == 5
    assert copies[semiannual.id] == (date(2026, 12, 15), None, date(2026, 12, 15))


def test_removing_the_nearest_deadline_moves_the_others(db: Database, office: dict[str, int]) -> None:
    """The only deletion of deadlines there is: an edit that drops one (the rows go, the
    assignment's due_key on the others follows)."""
    aid = office["one_off"]
    detail = assignments.get(db, aid)
    assignments.update(db, aid, AssignmentInput(
        document_id=office["doc"], title=detail.row.title, lead=["Sở Tư pháp"],
        deadlines=[DeadlineInput(due=date(2027, 2, 1))]), expected_version=detail.version)
    copies = assert_copies_right(db)
    (kept,) = _deadlines(db, aid)
    assert detail.deadlines[0].id not in copies and copies[kept.id] == (date(2027, 2, 1), None, date(2027, 2, 1))


def test_report_policy_and_calendar_changes_move_the_dates(db: Database, office: dict[str, int]) -> None:
    quarterly = _deadlines(db, office["reports"])[0]
    settings.set(db, followup.REPORT_POLICY, {"rule": "days_after_period", "value": 10})
    copies = assert_copies_right(db)
    assert copies[quarterly.id][0] == date(2027, 1, 11)  # 31/12 + 10 days = Sun 10/01 -> Mon 11/01
    assert assignments.get(db, office["reports"]).row.next_due == date(2027, 1, 11)
    settings.set(db, followup.EXTRA_DAYS_OFF, {"2027-01-11": "Nghỉ bù"})
    assert assert_copies_right(db)[quarterly.id][0] == date(2027, 1, 12)


def test_a_failed_write_leaves_the_copies(db: Database, office: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    before = assert_copies_right(db)
    first = _deadlines(db, office["one_off"])[0]
    quarterly = _deadlines(db, office["reports"])[0]
    with pytest.raises(ValidationError):
        followup.extend(db, quarterly.id, date(2027, 3, 1), "Không gia hạn được")

    def fail(*_args: Any, **_kw: Any) -> None:  # the audit record comes after the copies are written
        raise RuntimeError("disk full")

    monkeypatch.setattr(followup.audit, "record", fail)
    monkeypatch.setattr(assignments.audit, "record", fail)
    with pytest.raises(RuntimeError):
        followup.extend(db, first.id, date(2027, 3, 1), "Chờ số liệu")
    with pytest.raises(RuntimeError):
        followup.act_on_occurrence(db, quarterly.id, "2026-Q4")
    with pytest.raises(RuntimeError):
        assignments.set_status(db, office["one_off"], "done")
    assert stored_copies(db) == before
    assert assert_copies_right(db) == before


def test_import_keeps_the_copies(db: Database, tmp_path: Path) -> None:
    from store.importer import read_sheet, run_import

    sheet = tmp_path / "nv.csv"
    sheet.write_text(
        "Số ký hiệu,Loại,Cơ quan ban hành,Ngày ban hành,Trích yếu,Mục,Nhiệm vụ,Cơ quan chủ trì,Trạng thái,Hạn\r\n"
        "10-CT/TU,CT,Tỉnh ủy,02/01/2026,Đôn đốc,1,Phổ biến,Sở Tư pháp,,31/03/2026\r\n"
        "10-CT/TU,CT,Tỉnh ủy,02/01/2026,Đôn đốc,2,Báo cáo,Sở Tư pháp,,Định kỳ hằng quý\r\n"
        "10-CT/TU,CT,Tỉnh ủy,02/01/2026,Đôn đốc,3,Kiểm tra,Sở Tư pháp,Hoàn thành,30/06/2026\r\n",
        encoding="utf-8",
    )
    report = run_import(db, read_sheet(sheet), apply=True)
    assert report.applied and not report.errors
    copies = assert_copies_right(db)
    assert len(copies) == 3 and sum(key is None for _, _, key in copies.values()) == 1  # the one done


def test_demo_fixtures_and_copy_keep_the_copies(demo_db_file: Path, tmp_path: Path, fresh_url: Any) -> None:
    def read(db: Database) -> Any:
        assert_copies_right(db)
        return stored_copies(db)

    stored, copied = demo_and_copy(demo_db_file, fresh_url(tmp_path, "copy.db"), read)
    assert copied == stored


@pytest.mark.sqlite_only("dondoc gen writes SQLite files")
def test_gen_writes_the_copies(generated_db_file: Path) -> None:
    generated = Database(generated_db_file, create=False)
    try:
        copies = assert_copies_right(generated)
    finally:
        generated.dispose()
    assert sum(key is not None for _, _, key in copies.values()) > 100
    assert sum(key is None for _, _, key in copies.values()) > 100


def test_refresh_all_writes_nothing_when_right(db: Database, office: dict[str, int]) -> None:
    """The bulk recomputation gives what the writers gave (so it writes no row), and puts right
    copies that were wrong."""
    quarterly = _deadlines(db, office["reports"])[0]
    followup.act_on_occurrence(db, quarterly.id, "2026-Q4", acted_on=date(2026, 12, 20))
    followup.act_on_occurrence(db, quarterly.id, "2026-Q3", acted_on=date(2026, 9, 1))
    before = assert_copies_right(db)
    reported = stored_report_copies(db)
    assert reported[office["reports"]] == (date(2026, 12, 15), date(2026, 9, 15), date(2026, 12, 15), None,
                                           date(2026, 9, 15), 91, date(2026, 12, 15), None, 2026 * 12 + 8, 1, 0)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE deadline SET due_in_force = NULL, acted_ahead = 'x', open_due_key = NULL "
                          "WHERE id = :i"), {"i": quarterly.id})
        conn.execute(text("UPDATE assignment SET next_due = NULL WHERE id = :i"), {"i": office["one_off"]})
        conn.execute(text("UPDATE assignment SET report_prev = NULL, late_last = NULL, late_prev = report_last, "
                          "report_first = report_last, report_gap = 5, late_gap = 1, report_bits = 6, late_bits = NULL "
                          "WHERE id = :i"),
                     {"i": office["reports"]})
        conn.execute(text("UPDATE assignment SET report_last = due_key, report_gap = 3 WHERE id = :i"),
                     {"i": office["nothing"]})
        conn.execute(text("UPDATE assignment SET late_first = due_key WHERE id = :i"), {"i": office["one_off"]})
    with db.engine.begin() as conn:
        followup.refresh_all(conn)
    assert stored_copies(db) == before
    assert stored_report_copies(db) == reported
    if db.is_sqlite:
        with db.engine.begin() as conn:
            raw = conn.connection.driver_connection
            written = raw.total_changes
            followup.refresh_all(conn)
            assert raw.total_changes == written


def test_migration_fills_the_copies(tmp_path: Path, fresh_url: Any) -> None:
    """A database at 0008 with one-off deadlines (extended or not), reports acted on in turn
    and ahead, open and closed work: 0009 fills the copies."""
    from store.migrate import upgrade

    path = fresh_url(tmp_path, "old.db")
    old = Database(path, migrate=False)
    upgrade(old, "0008")
    old.dispose()
    engine = create_engine(to_url(path))
    at = "2026-03-05 08:00:00"
    quarterly = '{"kind": "recurring", "phrase": "Định kỳ hằng quý", "cadences": ["quarterly"]}'
    with engine.begin() as conn:
        conn.execute(text(
            "insert into document (id, doc_type, issuer, issuer_key, sort_date, subject, recipients, status, "
            "partial, source, search_text, created_at, updated_at, version) values "
            "(1, 'KH', 'UBND', 'ubnd', '2026-01-01', 'Kế hoạch', '[]', 'active', :no, 'manual', '', :at, :at, 1)"),
            {"no": False, "at": at})
        # 1: open, a date extended twice and a quarterly report with Q4 acted on ahead;
        # 2: done, a date; 3: paused, a quarterly report acted on in turn
        for aid, status, due in ((1, "in_progress", "2026-11-20"), (2, "done", "2026-12-01"),
                                 (3, "paused", "2026-12-15")):
            conn.execute(text(
                "insert into assignment (id, document_id, position, ref, title, body, work_status, next_due, "
                "due_key, search_text, created_at, updated_at, version, lead_count) values "
                "(:a, 1, :a, '', 'Việc', '', :s, :d, :d, '', :at, :at, 1, 0)"), {"a": aid, "s": status, "d": due, "at": at})
        for did, aid, kind, due, spec in ((1, 1, "date", "2026-10-01", None), (2, 1, "recurring", None, quarterly),
                                          (3, 2, "date", "2026-12-01", None), (4, 3, "recurring", None, quarterly)):
            conn.execute(text("insert into deadline (id, assignment_id, phrase, kind, due, spec, version) "
                              "values (:d, :a, 'hạn', :k, :due, :spec, 1)"),
                         {"d": did, "a": aid, "k": kind, "due": due, "spec": spec})
        for new_due in ("2026-12-31", "2026-11-20"):
            conn.execute(text("insert into extension (deadline_id, new_due, reason, created_by, created_at) "
                              "values (1, :n, 'Gia hạn', 'tester', :at)"), {"n": new_due, "at": at})
        for did, period, due in ((2, "2026-Q1", "2026-03-16"), (2, "2026-Q2", "2026-06-15"),
                                 (2, "2026-Q4", "2026-12-15"), (4, "2026-Q1", "2026-03-16"),
                                 (4, "2026-Q2", "2026-06-15"), (4, "2026-Q3", "2026-09-15")):
            conn.execute(text("insert into occurrence (deadline_id, period, due, status, version) "
                              "values (:d, :p, :due, 'reported', 1)"), {"d": did, "p": period, "due": due})
    engine.dispose()

    upgraded = Database(path)
    try:
        assert stored_copies(upgraded) == {
            1: (date(2026, 11, 20), None, date(2026, 9, 15)),
            2: (date(2026, 9, 15), "2026-Q4", date(2026, 9, 15)),  # Q3 is owed; Q4 was reported ahead
            3: (date(2026, 12, 1), None, None),
            4: (date(2026, 12, 15), None, None),
        }
        assert_copies_right(upgraded)
        with upgraded.read() as s:  # next_due brought to the same reading (it said 20/11 for 1)
            assert s.scalar(select(Assignment.next_due).where(Assignment.id == 1)) == date(2026, 9, 15)
    finally:
        upgraded.dispose()


def test_migration_0009_downgrades_and_upgrades(tmp_path: Path, fresh_url: Any) -> None:
    round_trip(fresh_url(tmp_path, "down.db"), "0008", "deadline",
               {"due_in_force", "acted_ahead", "open_due_key"}, {"ix_deadline_open"})


def test_migration_0010_downgrades_and_upgrades(tmp_path: Path, fresh_url: Any) -> None:
    path = fresh_url(tmp_path, "down.db")
    round_trip(path, "0009", "assignment", {"report_last", "report_prev", "late_last", "late_prev"},
               {"ix_assignment_lead_reported", "ix_assignment_co_lead_reported", "ix_assignment_reported_twice"})
    round_trip(path, "0009", "occurrence", set(), {"ix_occurrence_reported"})


def _reporting_work(db: Database, statuses: tuple[str, ...], phrases: tuple[str, ...]) -> list[int]:
    """One assignment of the Sở Tư pháp per work status under one plan, each with a deadline
    of each reporting phrase (today TODAY)."""
    clock.set_today(TODAY)
    agencies.add(db, "Sở Tư pháp")
    doc = documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh", subject="Kế hoạch",
                                          issued=date(2026, 3, 5)))
    return [assignments.add(db, AssignmentInput(
        document_id=doc, title=f"Báo cáo {i}", lead=["Sở Tư pháp"], work_status=status,
        deadlines=[DeadlineInput(phrase=phrase) for phrase in phrases]))
        for i, status in enumerate(statuses)]


_IN_TURN = (("2025-Q2", date(2025, 7, 1), "reported"), ("2025-Q3", date(2025, 9, 1), "reported"),
            ("2026-Q1", date(2026, 5, 1), "reported"), ("2026-Q3", None, "waived"),
            ("2026-Q4", date(2026, 12, 1), "reported"), ("2027-Q2", None, "reported"))
"""Quarterly reports acted on in turn (period, received on, status): with a hole, late, waived
and ahead of the deadline in force."""


def _reports_in_turn(db: Database, quarters: tuple[tuple[str, Any, str], ...]) -> list[int]:
    """Open, done and not started work, each with a quarterly and a six-monthly deadline: the
    n-th has `quarters` from the n-th on acted on, and the second half of 2025 received late."""
    made = _reporting_work(db, ("in_progress", "done", "not_started"), ("Định kỳ hằng quý", "Sáu tháng 01 lần"))
    for n, aid in enumerate(made):
        quarterly, semiannual = _deadlines(db, aid)
        for period, on, status in quarters[n:]:
            followup.act_on_occurrence(db, quarterly.id, period, status, acted_on=on)
        followup.act_on_occurrence(db, semiannual.id, "2025-H2", acted_on=date(2026, 1, 10))
    return made


def _taken_back(path: Any, revision: str, write: Any) -> ReportCopies:
    """The report copies the writers gave to what `write(db)` wrote (checked against a reading
    from scratch), the database then taken back to `revision`."""
    from alembic import command

    from store.migrate import alembic_config

    db = Database(path)
    try:
        write(db)
        expected = stored_report_copies(db)
        assert expected == expected_report_copies(db)
        command.downgrade(alembic_config(db), revision)
    finally:
        db.dispose()
    return expected


def _assert_upgraded(path: Any, expected: ReportCopies) -> None:
    """Opened again (upgraded to the head), the database holds the copies `expected`."""
    upgraded = Database(path)
    try:
        assert stored_report_copies(upgraded) == expected
    finally:
        upgraded.dispose()


def test_migration_0010_fills_the_report_copies(tmp_path: Path, fresh_url: Any) -> None:
    """A database taken back to 0009 with reports received, on time, late, ahead of the
    deadline in force and waived, by open and closed work: 0010 fills every assignment's report
    copies as the writers did."""
    path = fresh_url(tmp_path, "old.db")
    made: list[int] = []

    def write(db: Database) -> None:
        made.extend(_reporting_work(db, ("in_progress", "done"), ("Định kỳ hằng quý",)))
        for aid in made:
            (quarterly,) = _deadlines(db, aid)
            for period, on, status in (("2026-Q2", date(2026, 7, 1), "reported"), ("2026-Q3", None, "waived"),
                                       ("2026-Q4", date(2026, 12, 1), "reported"), ("2027-Q2", None, "reported")):
                followup.act_on_occurrence(db, quarterly.id, period, status, acted_on=on)

    expected = _taken_back(path, "0009", write)
    assert expected[made[0]][:4] == (date(2026, 12, 15), date(2026, 6, 15), date(2026, 6, 15), date(2026, 6, 15))
    _assert_upgraded(path, expected)


def test_migration_0011_downgrades_and_upgrades(tmp_path: Path, fresh_url: Any) -> None:
    path = fresh_url(tmp_path, "down.db")
    round_trip(path, "0010", "assignment", {"report_first", "report_gap", "late_first", "late_gap"})
    db = Database(path)  # the indexes of 0010 are back with the columns of 0010, then those of 0011
    try:
        with db.engine.begin() as conn:
            from alembic import command

            from store.migrate import alembic_config

            def carried() -> dict[str, set[str]]:
                from sqlalchemy import inspect

                found = inspect(conn).get_indexes("assignment")
                out = {}
                for i in found:
                    if i["name"].endswith("_reported") or i["name"].endswith("_reported_twice"):
                        names = set(i["column_names"]) | set(i.get("include_columns") or ())
                        names |= set((i.get("dialect_options") or {}).get("postgresql_include") or ())
                        out[i["name"]] = names
                return out

            now = carried()
        assert set(now) == {"ix_assignment_lead_reported", "ix_assignment_co_lead_reported",
                            "ix_assignment_reported_twice"}
        assert all({"report_first", "report_gap", "late_first", "late_gap"} <= c for c in now.values()), now
        command.downgrade(alembic_config(db), "0010")
        with db.engine.begin() as conn:
            before = carried()
        assert set(before) == set(now)
        assert not any({"report_first", "report_gap", "late_first", "late_gap"} & c for c in before.values())
        assert all({"report_last", "report_prev"} <= c for c in before.values()), before
    finally:
        db.dispose()


def test_migration_0011_fills_the_spans(tmp_path: Path, fresh_url: Any) -> None:
    """A database taken back to 0010 with reports received in turn, with a hole, late, ahead
    of the deadline in force and waived, by open and closed work: 0011 fills every assignment's
    earliest reports and largest gaps as the writers did (and 0010's copies stay right)."""
    path = fresh_url(tmp_path, "old.db")
    made: list[int] = []
    expected = _taken_back(path, "0010", lambda db: made.extend(_reports_in_turn(db, _IN_TURN)))
    # reports due 16/06, 15/09, 15/12/2025 (six-monthly) and 16/03/2026 (before the deadline in
    # force, 15/12/2026), the first, third and last late
    assert expected[made[0]][4:8] == (date(2025, 6, 16), 91, date(2025, 6, 16), 182)
    _assert_upgraded(path, expected)


def test_report_span_reads_text_and_dates() -> None:
    """store.followup.report_span on dates as either driver gives them, newest first, with
    repeats (two deadlines' reports due the same day)."""
    dues = [date(2026, 12, 15), date(2026, 12, 15), date(2026, 6, 15), date(2025, 12, 15)]
    assert followup.report_span(dues) == (date(2025, 12, 15), 183)
    assert followup.report_span([d.isoformat() for d in dues]) == ("2025-12-15", 183)
    assert followup.report_span(dues[:2]) == (date(2026, 12, 15), None)
    assert followup.report_span([]) == (None, None)


def test_rule_dues_finds_the_current_occurrence() -> None:
    """store.followup.rule_dues (occurrences computed once per rule, then bisected) gives the
    current occurrence store.followup.current_occurrence finds window by window, on rules with
    and without an end, reports acted on in turn, ahead and not at all, under a policy that
    puts reports after their periods."""
    import random
    from types import SimpleNamespace

    rng = random.Random(5)
    policy = dl.ReportPolicy("days_after_period", 20)
    cal = followup.calendar_of(None, None)
    cadences = (["quarterly"], ["semiannual"], ["annual"], ["quarterly", "annual"], ["monthly"])
    ended = found = 0
    for _ in range(200):
        until = date(2026 + rng.randint(0, 3), 12, 31) if rng.random() < 0.7 else None
        spec = {"kind": "recurring", "phrase": "báo cáo", "cadences": rng.choice(cadences),
                **({"until": until.isoformat()} if until else {})}
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 1500))
        occs = dl.occurrences(dl.DeadlineSpec.from_dict(spec), start, start + timedelta(days=2000), policy, cal)
        acted = {o.period_key for o in occs[:rng.randint(0, len(occs))]}
        if occs and rng.random() < 0.3:
            acted.add(rng.choice(occs).period_key)

        session = SimpleNamespace(scalars=lambda _query, acted=acted: list(acted))  # the periods acted on
        rule = SimpleNamespace(id=0, spec=spec)  # what it reads of a deadline
        current = followup.current_occurrence(session, rule, start, policy, cal)  # type: ignore[arg-type]
        if rng.random() < 0.2:
            followup._SPANS.clear()
        due, _ = followup.rule_dues(spec, start, acted, policy, cal)
        assert due == (current.due if current else None), (spec, start, sorted(acted))
        ended += current is None
        found += current is not None
    assert ended > 10 and found > 100


def test_report_months_reads_text_and_dates() -> None:
    """store.followup.report_months on dates as either driver gives them: bits 0 to 62 back
    from report_prev's month, none after it nor further back."""
    dues = [date(2026, 12, 15), date(2026, 6, 15), date(2026, 6, 1), date(2021, 4, 30), date(2021, 3, 31)]
    late = [date(2026, 6, 1), date(2021, 3, 31)]
    month = 2026 * 12 + 5
    assert followup.report_months(dues, late, dues[1]) == (month, 1 + (1 << 62), 1)
    assert followup.report_months([d.isoformat() for d in dues], [d.isoformat() for d in late],
                                  dues[1].isoformat()) == (month, 1 + (1 << 62), 1)
    assert followup.report_months(dues[:1], [], None) == (None, None, None)


def test_migration_0012_downgrades_and_upgrades(tmp_path: Path, fresh_url: Any) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from store.migrate import alembic_config

    new = {"report_month", "report_bits", "late_bits"}
    path = fresh_url(tmp_path, "down.db")
    round_trip(path, "0011", "assignment", new)
    db = Database(path)
    try:
        def carried() -> dict[str, set[str]]:
            with db.engine.begin() as conn:
                out = {}
                for i in inspect(conn).get_indexes("assignment"):
                    if i["name"].endswith("_reported") or i["name"].endswith("_reported_twice"):
                        names = set(i["column_names"]) | set(i.get("include_columns") or ())
                        names |= set((i.get("dialect_options") or {}).get("postgresql_include") or ())
                        out[i["name"]] = names
                return out

        now = carried()
        assert len(now) == 3 and all(new | {"report_first", "late_gap", "report_prev"} <= c for c in now.values()), now
        command.downgrade(alembic_config(db), "0011")
        before = carried()
        assert set(before) == set(now) and not any(new & c for c in before.values())
        assert all({"report_first", "late_gap", "report_prev"} <= c for c in before.values()), before
    finally:
        db.dispose()


def test_migration_0012_fills_the_months(tmp_path: Path, fresh_url: Any) -> None:
    """A database taken back to 0011 with reports received in turn, late, waived, by open and
    closed work: 0012 fills every assignment's report months as the writers did."""
    path = fresh_url(tmp_path, "old.db")
    expected = _taken_back(path, "0011", lambda db: _reports_in_turn(db, _IN_TURN[:-1]))
    assert any(c[9] for c in expected.values()) and any(c[10] for c in expected.values())
    _assert_upgraded(path, expected)
