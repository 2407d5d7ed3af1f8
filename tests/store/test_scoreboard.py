"""The scoreboard and the agenda at scale give what the plain definitions give.

store.reports counts per agency in index ranges and store.agenda reads everything in a few
batched queries (issue #8); here both are checked against the simplest readings of their
definitions (a GROUP BY over assignment_agency with status_condition; per assignment through
store.followup), on an office with co-led work, three leads, work without a lead, odd rows
(open or paused with a completion date, no deadline), extensions and reports acted on, for
periods of every shape. And the queries use their indexes (EXPLAIN QUERY PLAN).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import and_, case, delete, func, not_, or_, select, update

from store import agencies, agenda, assignments, documents, followup, reports
from store import deadlines as dl
from store.assignments import AssignmentInput, DeadlineInput, status_condition
from store.db import Database
from store.documents import DocumentInput
from store.models import Agency, Assignment, AssignmentAgency, Deadline, Occurrence
from store.vocab import WorkStatus
from tests.store.agenda_reference import open_assignments_in_window, window_complete_before

TODAY = date(2026, 11, 23)
NAMES = ("Sở Tư pháp", "Công an tỉnh", "Tòa án nhân dân tỉnh", "Cục Thi hành án dân sự tỉnh",
         "Viện Kiểm sát nhân dân tỉnh", "Ủy ban nhân dân tỉnh")
PERIODS = [
    (None, None), (date(2026, 1, 1), TODAY), (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2025, 1, 1), date(2025, 12, 31)), (date(2027, 1, 1), date(2027, 6, 30)), (None, date(2025, 6, 30)),
    (date(2025, 3, 1), None), (TODAY, TODAY), (TODAY + timedelta(days=1), None), (date(2026, 6, 1), date(2026, 3, 1)),
    (date(2026, 10, 1), date(2026, 11, 1)),
    # past periods shorter than the gaps between reports received (two of them after the end):
    # a report due in it received or not, on time or late, read from the reports themselves
    (date(2025, 11, 1), date(2025, 12, 31)), (date(2025, 8, 1), date(2025, 10, 31)),
    (date(2025, 4, 1), date(2025, 6, 30)), (date(2025, 4, 1), date(2025, 9, 30)), (date(2025, 4, 1), date(2025, 12, 31)),
    (date(2025, 6, 17), date(2025, 12, 14)),  # just between two reports (16/06, 15/12): a gap as long as it
    # past months and quarters (whole months: told by the report months of migration 0012)
    (date(2025, 10, 1), date(2025, 10, 31)), (date(2025, 10, 1), date(2025, 12, 31)), (date(2025, 7, 1), date(2025, 9, 30)),
    (date(2025, 1, 1), date(2025, 6, 30)), (date(2025, 12, 1), date(2025, 12, 31)), (date(2024, 3, 1), date(2024, 3, 31)),
    (date(2024, 10, 1), date(2024, 12, 31)), (date(2020, 1, 1), date(2020, 3, 31)), (date(2026, 7, 1), date(2026, 9, 30)),
]


@pytest.fixture
def office(db: Database) -> Database:
    """About a hundred assignments of every kind, from a fixed seed."""
    from store import clock

    clock.set_today(TODAY)
    rng = random.Random(8)
    for name in NAMES:
        agencies.add(db, name)
    issued = {documents.add(db, DocumentInput(doc_type="KH", issuer="UBND tỉnh", subject=f"Kế hoạch {i}",
                                              issued=date(2024 + i % 3, 1 + i, 5))): date(2024 + i % 3, 1 + i, 5)
              for i in range(6)}
    docs = list(issued)
    phrases = ("Định kỳ hằng quý", "Sáu tháng 01 lần", "báo cáo hằng năm")
    made = []
    for i in range(110):
        leads = rng.sample(NAMES, rng.choice((1, 1, 1, 2, 2, 3)))
        deadlines = []
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            if rng.random() < 0.3:
                deadlines.append(DeadlineInput(phrase=rng.choice(phrases)))
            else:
                deadlines.append(DeadlineInput(due=TODAY + timedelta(days=rng.randint(-900, 400))))
        status = rng.choice(("not_started", "in_progress", "in_progress", "done", "done", "paused", "cancelled"))
        done_on = TODAY - timedelta(days=rng.randint(0, 800)) if status == "done" else None
        if status in ("in_progress", "paused") and rng.random() < 0.15:
            done_on = TODAY - timedelta(days=rng.randint(0, 400))  # odd, but the form allows it
        doc = rng.choice(docs)
        if done_on is not None:  # not before its document was issued (assignments.check_done_on)
            done_on = max(done_on, issued[doc])
        made.append(assignments.add(db, AssignmentInput(
            document_id=doc, title=f"Việc {i}", lead=leads, deadlines=deadlines,
            work_status=status, done_on=done_on)))
    # extensions of one-off deadlines, reports acted on, work without a lead
    for aid in made[::9]:
        for d in assignments.get(db, aid).deadlines:
            if d.kind == "date" and d.due:
                followup.extend(db, d.id, d.due + timedelta(days=rng.randint(5, 200)), "Gia hạn")
            elif d.kind == "recurring":
                followup.act_on_occurrence(db, d.id, "2026-Q3" if "quý" in d.phrase else "2026-H1")
    # reports received for the occurrence in force (the `r` of the Thời hạn view): the deadline
    # moves on to the next one, often past a period; some received late
    reporting = [a.row.id for a in (assignments.get(db, aid) for aid in made)
                 if a.row.work_status in ("not_started", "in_progress") and any(d.kind == "recurring" for d in a.deadlines)]
    for n, aid in enumerate(reporting[::2]):
        for d in assignments.get(db, aid).deadlines:
            if d.kind == "recurring":
                with db.read() as s:
                    row = s.get(Deadline, d.id)
                    occ = followup.current_occurrence(s, row, followup.tracking_start(s.get(Assignment, aid)),
                                                      followup.policy_in(s), followup.calendar_in(s))
                if occ is not None:
                    followup.act_on_occurrence(db, d.id, occ.period_key,
                                               acted_on=occ.due + timedelta(days=(5 if n % 3 == 1 else -3)))
    # and reports of earlier periods, the third one late, one skipped: with the one in force
    # (above), two reports or more come after a past period, whose own are then told by the
    # earliest report and the largest gap, or read from the reports themselves
    earlier = {"quý": ("2025-Q1", "2025-Q2", "2025-Q4", "2026-Q2"), "tháng": ("2024-H2", "2025-H1", "2025-H2", "2026-H1"),
               "năm": ("2023", "2024", "2025", "2026")}
    for aid in reporting[::3]:
        for d in assignments.get(db, aid).deadlines:
            if d.kind == "recurring":
                for i, key in enumerate(next(keys for word, keys in earlier.items() if word in d.phrase)):
                    received = date(2026, 2, 1) if i == 2 else date(int(key[:4]), 1, 2)
                    followup.act_on_occurrence(db, d.id, key, acted_on=received)

    def unled(session: Any) -> None:
        for aid in (*made[5:8], reporting[0]):  # the last with reports received in turn and before
            session.execute(delete(AssignmentAgency).where(AssignmentAgency.assignment_id == aid))
            session.execute(update(Assignment).where(Assignment.id == aid).values(
                lead_agency_id=None, co_lead_agency_id=None, lead_count=0))

    db.write(unled)
    return db


def received_in(start: date | None, end: date | None, *, late: bool = False) -> Any:
    """A recurring report of the assignment due in the period was received (late: after its
    due date)."""
    parts = [Deadline.assignment_id == Assignment.id, Occurrence.status == "reported"]
    if start is not None:
        parts.append(Occurrence.due >= start)
    if end is not None:
        parts.append(Occurrence.due <= end)
    if late:
        parts.append(Occurrence.acted_on > Occurrence.due)
    return select(Occurrence.id).join(Deadline, Deadline.id == Occurrence.deadline_id).where(*parts).exists()


def measures(start: date | None, end: date | None) -> tuple[Any, list[Any]]:
    """The period's condition (None: every assignment) and the conditions of on time, late and
    overdue. Open work due after the period (or with no deadline left), not done in it, whose
    report due in it was received is in the period, done: late if a report came after its due."""
    period = reports._period(start, end, TODAY)
    status = {k: status_condition(k, TODAY, 7) for k in ("done_on_time", "done_late", "overdue")}
    if period is None or (start is not None and end is not None and start > end):
        return period, list(status.values())
    done_in = [Assignment.done_on.is_not(None)]
    if start is not None:
        done_in.append(Assignment.done_on >= start)
    if end is not None:
        done_in.append(Assignment.done_on <= end)
    after = Assignment.next_due.is_(None) if end is None else or_(Assignment.next_due.is_(None),
                                                                  Assignment.next_due > end)
    by_report = and_(Assignment.work_status.in_(("not_started", "in_progress")), after, not_(and_(*done_in)),
                     received_in(start, end))
    late = received_in(start, end, late=True)
    return or_(period, by_report), [
        or_(and_(by_report, not_(late)), and_(not_(by_report), status["done_on_time"])),
        or_(and_(by_report, late), and_(not_(by_report), status["done_late"])),
        and_(not_(by_report), status["overdue"]),
    ]


def reference_scoreboard(db: Database, start: date | None, end: date | None) -> dict[int, tuple[int, ...]]:
    """agency id -> (total, on time, late, overdue, pending): GROUP BY over assignment_agency."""
    period, (on_time, late, overdue) = measures(start, end)

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = (
        select(AssignmentAgency.agency_id, func.count(), count(on_time), count(late), count(overdue))
        .join(Assignment, and_(AssignmentAgency.assignment_id == Assignment.id, AssignmentAgency.role == "lead"))
        .where(Assignment.work_status != WorkStatus.CANCELLED.value)
        .group_by(AssignmentAgency.agency_id)
    )
    if period is not None:
        stmt = stmt.where(period)
    with db.read() as s:
        return {a: (t, o, la, ov, t - o - la - ov) for a, t, o, la, ov in s.execute(stmt)}


def reference_total(db: Database, start: date | None, end: date | None) -> tuple[int, ...]:
    period, conditions = measures(start, end)
    stmt = select(
        func.count(), *[func.coalesce(func.sum(case((c, 1), else_=0)), 0) for c in conditions]
    ).where(Assignment.work_status != WorkStatus.CANCELLED.value)
    if period is not None:
        stmt = stmt.where(period)
    with db.read() as s:
        t, o, la, ov = s.execute(stmt).one()
    return (t, o, la, ov, t - o - la - ov)


def as_tuple(r: reports.ScoreRow) -> tuple[int, ...]:
    return (r.total, r.done_on_time, r.done_late, r.overdue, r.pending)


@pytest.mark.parametrize("start,end", PERIODS)
def test_scoreboard_is_the_group_by_over_lead_agencies(office: Database, start: date | None, end: date | None) -> None:
    rows = reports.scoreboard(office, start=start, end=end, today=TODAY)
    assert {r.agency_id: as_tuple(r) for r in rows} == reference_scoreboard(office, start, end)
    assert as_tuple(reports.scoreboard_total(office, start=start, end=end, today=TODAY)) == reference_total(
        office, start, end)
    with office.read() as s:
        names = dict(s.execute(select(Agency.id, Agency.name)).all())
    assert all(r.agency == names[r.agency_id] for r in rows)


@pytest.mark.parametrize("start,end", PERIODS)
def test_scoreboard_with_total_is_both(office: Database, start: date | None, end: date | None) -> None:
    """What the Results view and the export read: the rows and the total row of one pass."""
    rows, total = reports.scoreboard_with_total(office, start=start, end=end, today=TODAY)
    assert rows == reports.scoreboard(office, start=start, end=end, today=TODAY)
    assert total == reports.scoreboard_total(office, start=start, end=end, today=TODAY)


@pytest.mark.parametrize("start,end", [(None, None), (date(2026, 1, 1), TODAY), (date(2025, 3, 1), None),
                                       (date(2025, 1, 1), date(2025, 12, 31))])
def test_scoreboard_agency_filter_counts(office: Database, start: date | None, end: date | None) -> None:
    rows = reports.scoreboard(office, start=start, end=end, today=TODAY, agency="tinh")
    with office.read() as s:
        names = dict(s.execute(select(Agency.id, Agency.name)).all())
    wanted = {i for i, n in names.items() if "tỉnh" in n}
    assert {r.agency_id: as_tuple(r) for r in rows} == {
        i: t for i, t in reference_scoreboard(office, start, end).items() if i in wanted}
    assert len(rows) > 1


def test_odd_rows_are_met(office: Database) -> None:
    """Open and paused work with a completion date (the form allows it) is counted from rows,
    not index ranges, when due outside the period's ranges: later, overdue or paused, for a
    first or a second lead agency. With one more of each kind, every period still gives the
    plain GROUP BY's counts."""
    with office.read() as s:
        # the lowest, as SQLite reads them (off ix_assignment_doc), issued 05/01/2024: before
        # the completion date below (PostgreSQL gives rows in no order)
        doc = s.scalars(select(Assignment.document_id).order_by(Assignment.document_id)).first()
    for status, due in (("in_progress", date(2026, 3, 1)), ("paused", date(2026, 3, 1)),
                        ("not_started", date(2027, 3, 1))):
        assignments.add(office, AssignmentInput(
            document_id=doc, title=f"Lẻ {status}", lead=list(NAMES[:2]), work_status=status,
            deadlines=[DeadlineInput(due=due)], done_on=date(2025, 5, 1)))
    found = []
    with office.read() as s:
        for start, end in PERIODS:
            _, _, odd = reports._plan(start, end, TODAY)
            if odd is not None:
                found += reports._odd_rows(s, odd, None)
    assert {slot for slot, _, _ in found} == {1, 2}
    assert {to for _, _, to in found} == {reports.LATER, reports.OVERDUE, reports.PAUSED}
    for start, end in PERIODS:
        rows = reports.scoreboard(office, start=start, end=end, today=TODAY)
        assert {r.agency_id: as_tuple(r) for r in rows} == reference_scoreboard(office, start, end), (start, end)
        assert as_tuple(reports.scoreboard_total(office, start=start, end=end, today=TODAY)) == reference_total(
            office, start, end)


def test_report_received_counts_as_work_done_in_the_period(db: Database) -> None:
    """The QA walk-through: `r` on a quarterly report due 15/12 moves the deadline in force to
    next March; the agency must not drop out of this year's results, the report counts as done
    on time (late when it came after its due date), for every lead agency, in the total once."""
    from store import clock

    today = date(2026, 12, 2)
    clock.set_today(today)
    for name in NAMES[:4]:
        agencies.add(db, name)
    doc = documents.add(db, DocumentInput(doc_type="CT", issuer="Tỉnh ủy", subject="Chỉ thị", issued=date(2026, 1, 5)))
    on_time = assignments.add(db, AssignmentInput(document_id=doc, title="Báo cáo quý", lead=[NAMES[0]],
                                                  deadlines=[DeadlineInput(phrase="Định kỳ hằng quý")]))
    late = assignments.add(db, AssignmentInput(document_id=doc, title="Báo cáo quý trễ", lead=list(NAMES[1:4]),
                                               deadlines=[DeadlineInput(phrase="Định kỳ hằng quý")]))
    year = {"start": date(2026, 1, 1), "end": date(2026, 12, 31), "today": today}

    def board() -> dict[str, tuple[int, ...]]:
        return {r.agency: as_tuple(r) for r in reports.scoreboard(db, **year)}

    before = board()
    assert before[NAMES[0]] == (1, 0, 0, 0, 1)  # the Q4 report due in December, not yet due
    for aid, received in ((on_time, today), (late, None)):
        (d,) = assignments.get(db, aid).deadlines
        with db.read() as s:
            occ = followup.current_occurrence(s, s.get(Deadline, d.id), followup.tracking_start(s.get(Assignment, aid)),
                                              followup.policy_in(s), followup.calendar_in(s))
        assert occ is not None and year["start"] <= occ.due <= year["end"]
        followup.act_on_occurrence(db, d.id, occ.period_key, acted_on=received or occ.due + timedelta(days=3))
        assert assignments.get(db, aid).row.next_due > year["end"]  # the deadline in force moved on
    after = board()
    assert after[NAMES[0]] == (1, 1, 0, 0, 0)
    assert after[NAMES[1]] == after[NAMES[2]] == after[NAMES[3]] == (1, 0, 1, 0, 0)  # first, second, third lead
    rows, total = reports.scoreboard_with_total(db, **year)
    assert as_tuple(total) == (2, 1, 1, 0, 0)
    assert {r.agency: as_tuple(r) for r in rows} == after
    assert [as_tuple(r) for r in reports.scoreboard(db, **year, agency=NAMES[2])] == [(1, 0, 1, 0, 0)]
    # a period in which nothing was received or due: still not in it
    assert reports.scoreboard(db, start=date(2025, 1, 1), end=date(2025, 12, 31), today=today) == []


def received_kind(start: date | None, end: date | None, copies: Any) -> str:
    """Which report copies say that work due after the period was acted on in it
    (store.reports._received): the latest report in it, the one before, the earliest (no
    start, or the earliest in the period), or the largest gap shorter than the period."""
    last, prev, first = copies
    if end is None or last <= end:
        return "last"
    if prev is not None and prev <= end:
        return "prev"
    return "first" if start is None or first >= start else "spanned"


def test_reports_received_are_met(office: Database) -> None:
    """The office has open work moved past a period by reports received in it, on time and
    late, of each kind the scoreboard tells apart (store.reports._received): the latest report
    (before the deadline in force) in the period, the latest after it and the one before in
    it, two after it and the earliest in it, or before it with no gap as long as the period
    (migration 0011), or with such a gap (read from the reports): the reference tests above
    see them all."""
    found: dict[str, set[bool]] = {"last": set(), "prev": set(), "first": set(), "spanned": set(), "reports": set()}
    leads: dict[str, set[int]] = {kind: set() for kind in found}
    with office.read() as s:
        for start, end in PERIODS:
            _, _, odd = reports._plan(start, end, TODAY)
            if odd is None:
                continue
            values = reports._reported_values(odd)
            bounds = (start is not None, end is not None)
            received, late, _ = reports._received(*bounds, False)  # without the months of 0012
            for last, prev, first, count, is_late in s.execute(
                    select(Assignment.report_last, Assignment.report_prev, Assignment.report_first,
                           Assignment.lead_count, late).where(reports._reported_base(*bounds), received), values):
                kind = received_kind(start, end, (last, prev, first))
                found[kind].add(bool(is_late))
                leads[kind].add(min(count, 3))
            if start is not None and end is not None:
                for *_, count, is_late in s.execute(reports._unknown_stmt(False), values):
                    found["reports"].add(bool(is_late))
                    leads["reports"].add(min(count, 3))
    assert found == {kind: {False, True} for kind in found}, found
    assert all(leads[kind] >= {0, 1, 2, 3} for kind in ("last", "reports")), leads


def months_met(db: Database, periods: list[tuple[date | None, date | None]]) -> dict[str, set[bool]]:
    """Over the periods of whole months among `periods`: whether the report months (migration
    0012) told of work with its two latest reports after the period, a report received in it
    on time and late ("months"), and whether any work was left to be read from its reports
    ("reports": none while report_prev is within 62 months of the period's start)."""
    found: dict[str, set[bool]] = {"months": set(), "reports": set()}
    with db.read() as s:
        for start, end in periods:
            _, _, odd = reports._plan(start, end, TODAY)
            if odd is None or reports._whole_months(odd) is None:
                continue
            values = reports._reported_values(odd)
            received, late, _ = reports._received(True, True, True)
            for (is_late,) in s.execute(select(late).where(
                    reports._reported_base(True, True), received, Assignment.report_prev > end,
                    Assignment.report_first < start, Assignment.report_gap >= values["rp_span"]), values):
                found["months"].add(bool(is_late))
            found["reports"] |= {late for *_, late in reports._unknown_rows(s, odd).values()}
    return found


def test_whole_months_are_told_by_the_report_months(office: Database) -> None:
    """Past months and quarters shorter than the gaps between reports: told by the months of
    the reports received (on time and late), none read from its reports."""
    assert months_met(office, PERIODS) == {"months": {False, True}, "reports": set()}


def test_months_beyond_reach_are_read_from_the_reports(office: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the report months reaching only 4 months back, the work whose report_prev is
    further after a period's start is read from its reports (a range of report_prev, then its
    deadlines and reports), and the counts are the same."""
    monkeypatch.setattr(reports, "MONTH_BITS", 4)
    reports._COMPILED.clear()
    try:
        for start, end in PERIODS:
            rows = reports.scoreboard(office, start=start, end=end, today=TODAY)
            assert {r.agency_id: as_tuple(r) for r in rows} == reference_scoreboard(office, start, end), (start, end)
        assert months_met(office, PERIODS)["reports"] == {False, True}
    finally:
        reports._COMPILED.clear()


def test_a_past_year_is_counted_from_the_copies(office: Database) -> None:
    """Last year (a closed period): of the work with its two latest reports due after it (whose
    reports the scoreboard read before migration 0011), only that with a gap between two
    reports longer than the year and a day on each side (annual reports due 15/12/2023, then
    16/12/2024: 367 days) is read from its reports; the rest is decided by its copies. A
    quarter leaves more undecided (reports half a year apart)."""
    with office.read() as s:
        def ids(start: date, end: date, *, undecided: bool) -> set[int]:
            _, values, odd = reports._plan(start, end, TODAY)
            assert odd is not None
            values = reports._reported_values(odd)
            _, _, unknown = reports._received(True, True)
            where = [reports._reported_base(True, True), Assignment.report_prev > end]
            return set(s.scalars(select(Assignment.id).where(*where, *([unknown] if undecided else [])), values))

        year = (date(2025, 1, 1), date(2025, 12, 31))
        twice, undecided = ids(*year, undecided=False), ids(*year, undecided=True)
        gaps = dict(s.execute(select(Assignment.id, Assignment.report_gap).where(Assignment.id.in_(twice))).all())
        assert undecided == {i for i, gap in gaps.items() if gap > 365} and len(undecided) < len(twice) / 2
        assert len(ids(date(2025, 8, 1), date(2025, 10, 31), undecided=True)) > len(undecided)


def test_odd_rows_range_of_statuses() -> None:
    """_odd_stmt reads the statuses after 'done' up to 'paused' in one index range: the open
    ones and paused, and (should a status be added) nothing _odd_rows would not drop."""
    between = {s.value for s in WorkStatus if WorkStatus.DONE.value < s.value <= WorkStatus.PAUSED.value}
    assert between == reports._ODD_STATUSES


def test_scoreboard_agency_filter_and_order(office: Database) -> None:
    rows = reports.scoreboard(office, start=date(2025, 1, 1), end=TODAY, today=TODAY, agency="tinh")
    everything = reports.scoreboard(office, start=date(2025, 1, 1), end=TODAY, today=TODAY)
    assert [r.agency for r in rows] == [r.agency for r in everything if "tỉnh" in r.agency]
    assert [r.agency for r in everything] == sorted((r.agency for r in everything), key=lambda n: __import__(
        "store.text", fromlist=["sort_key"]).sort_key(n))


def reference_agenda(db: Database, start: date, end: date, *, overdue: bool = True,
                     limit: int = 5000) -> list[tuple[Any, ...]]:
    """(assignment, due, deadline ids, status, days overdue, lead) per item, the slow way."""
    items: dict[tuple[int, date], list[Any]] = {}
    with db.read() as s:
        policy, cal = followup.policy_in(s), followup.calendar_in(s)
        for a in open_assignments_in_window(s, start, end, overdue=overdue, limit=limit):
            lead = tuple(s.scalars(select(Agency.name).join(AssignmentAgency, AssignmentAgency.agency_id == Agency.id)
                                   .where(AssignmentAgency.assignment_id == a.id, AssignmentAgency.role == "lead")
                                   .order_by(AssignmentAgency.position)))
            for d in s.scalars(select(Deadline).where(Deadline.assignment_id == a.id).order_by(Deadline.id)):
                dues: list[tuple[date, str | None]] = []
                if d.kind == "recurring" and d.spec:
                    tracked = followup.tracking_start(a)
                    acted = set(s.scalars(select(Occurrence.period).where(Occurrence.deadline_id == d.id)))
                    current = followup.current_occurrence(s, d, tracked, policy, cal)
                    if overdue and current is not None and current.due < start:
                        dues.append((current.due, current.period_key))
                    dues += [(o.due, o.period_key) for o in dl.occurrences(
                        dl.DeadlineSpec.from_dict(d.spec), max(start, tracked), end, policy, cal)
                        if o.period_key not in acted]
                else:
                    due = followup.due_in_force_in(s, d, a)
                    if due is not None and due <= end and (due >= start or overdue):
                        dues.append((due, None))
                for due, key in dues:
                    status, late = assignments.derive(a.work_status, due, None, TODAY, 7)
                    item = items.setdefault((a.id, due), [a.id, due, [], status, late, lead])
                    item[2].append((d.id, key))
        before = window_complete_before(s, start, end, limit=limit)
    if before is not None:
        items = {k: v for k, v in items.items() if k[1] < before}
    return sorted((i[0], i[1], tuple(i[2]), i[3], i[4], i[5]) for i in items.values())


@pytest.mark.parametrize("window,overdue,limit", [(30, True, 5000), (365, True, 5000), (90, False, 5000),
                                                  (400, True, 7)])
def test_agenda_is_the_plain_reading(office: Database, window: int, overdue: bool, limit: int) -> None:
    end = TODAY + timedelta(days=window)
    items = agenda.agenda(office, TODAY, end, overdue=overdue, today=TODAY, limit=limit)
    got = [(i.assignment_id, i.due, i.parts, i.status, i.days_overdue, i.lead) for i in items]
    assert got == sorted(got, key=lambda g: (g[1], g[0]))  # date order, overdue first
    assert sorted(got) == reference_agenda(office, TODAY, end, overdue=overdue, limit=limit)
    assert len(got) > 5  # the reports received in the fixture take some out of the shorter windows


@pytest.mark.parametrize("search", [None, "viec 1"])
def test_filtered_agenda_is_the_agenda_of_the_filtered_work(office: Database, search: str | None) -> None:
    """An agency's agenda (or a search's): its deadlines looked up by assignment instead of read
    in a range, the same items as the whole agenda's for that work."""
    end = TODAY + timedelta(days=400)
    everything = agenda.agenda(office, TODAY, end, today=TODAY)
    found = []
    for name in NAMES[:3]:
        query = assignments.AssignmentQuery(agency=name, search=search, today=TODAY)
        theirs = {r.id for r in assignments.list_assignments(office, query, limit=1000)}
        got = agenda.agenda(office, TODAY, end, today=TODAY, agency=name, search=search)
        assert got == [i for i in everything if i.assignment_id in theirs]
        found += got
    assert len(found) > 5 and len({i.assignment_id for i in found}) < len({i.assignment_id for i in everything})


# --- the plans -------------------------------------------------------------------------------


def plans_of(db: Database, call: Any) -> list[list[str]]:
    """EXPLAIN QUERY PLAN lines of every SELECT a store call sends."""
    import sqlite3

    from bench.plans import recorded_selects

    seen = recorded_selects(db, call)
    conn = sqlite3.connect(db.path)
    try:
        return [[r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params or ())] for sql, params in seen]
    finally:
        conn.close()


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite")
@pytest.mark.parametrize("start,end", [(None, None), (date(2026, 1, 1), TODAY), (date(2027, 1, 1), None)])
def test_scoreboard_counts_in_index_ranges(office: Database, start: date | None, end: date | None) -> None:
    plans = plans_of(office, lambda: (reports.scoreboard(office, start=start, end=end, today=TODAY),
                                      reports.scoreboard_total(office, start=start, end=end, today=TODAY)))
    lines = [line for plan in plans for line in plan if " assignment" in line]
    assert lines
    # never a full scan (but of the small partial index of work with three leads and more)
    assert not [line for line in lines if line.startswith("SCAN ") and "ix_assignment_many_leads" not in line]
    counting = [line for line in lines if "ix_assignment_lead" in line or "ix_assignment_co_lead" in line]
    assert all("COVERING INDEX" in line and ("_agency_id=?" in line or "_agency_id IS NULL" in line)
               for line in counting), counting
    assert len(counting) >= 10
    # odd rows (open or paused, with a completion date): one range per agency and lead slot
    odd = [line for line in lines if "ix_assignment_lead_done" in line or "ix_assignment_co_lead_done" in line]
    if start is not None or end is not None:
        assert any("_agency_id=? AND work_status>? AND work_status<?)" in line for line in odd), odd
    # the rare third leads are read through their own small index, then their agency rows
    assert any("ix_assignment_many_leads" in line for line in lines)
    assert any(line.startswith("SEARCH assignment_agency") for plan in plans for line in plan)


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite")
@pytest.mark.parametrize("start,end", [(date(2026, 1, 1), TODAY), (None, date(2025, 6, 30)), (date(2025, 3, 1), None),
                                       (date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 10, 1), date(2025, 12, 31)),
                                       (date(2025, 10, 1), date(2025, 10, 31)), (date(2025, 6, 17), date(2025, 12, 14))])
def test_work_acted_on_is_counted_in_index_ranges(office: Database, start: date | None, end: date | None) -> None:
    """Work acted on in the period (reports received, migration 0010): each agency's, as first
    and as second lead (and the work without a lead), in one range of due_key of
    ix_assignment_lead_reported or _co_lead_reported, read off the index; the work whose report
    copies do not say (a period with both bounds): one range of ix_assignment_reported_twice,
    whose entries say which (the copies of migration 0011 on them: for the decided rest, no
    deadline and no report is looked up), then its deadlines and their reports due in the
    period, an index range each. Never a table, never every report."""
    plans = plans_of(office, lambda: reports.scoreboard_with_total(office, start=start, end=end, today=TODAY))
    lines = [line for plan in plans for line in plan]
    for slot in ("lead", "co_lead"):
        index = f"ix_assignment_{slot}_reported"
        found = [line for line in lines if index in line]
        assert found == [f"SEARCH assignment USING COVERING INDEX {index} ({slot}_agency_id=? AND due_key>?)"] * (
            2 if slot == "lead" else 1)
    unknown = [plan for plan in plans if any("ix_assignment_reported_twice" in line for line in plan)]
    if start is None or end is None:  # then the copies always say
        assert not unknown
    else:
        assert unknown == [["SEARCH assignment USING COVERING INDEX ix_assignment_reported_twice (report_prev>?)",
                            "SEARCH deadline USING COVERING INDEX ix_deadline_agenda (assignment_id=?)",
                            "SEARCH occurrence USING COVERING INDEX ix_occurrence_reported (deadline_id=? AND "
                            "due>? AND due<?)"]]
    assert not [line for line in lines if line.startswith("SCAN") and "agency" not in line
                and "ix_assignment_many_leads" not in line and "CONSTANT ROW" not in line]


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite")
@pytest.mark.parametrize("overdue", [True, False])
def test_agenda_reads_open_work_by_its_index(office: Database, overdue: bool) -> None:
    plans = plans_of(office, lambda: agenda.agenda(office, TODAY, TODAY + timedelta(days=30), today=TODAY,
                                                   overdue=overdue))
    lines = [line for plan in plans for line in plan]
    # open work in deadline order off a covering index (migration 0008): never the wide
    # assignment rows
    reading = [line for line in lines if "ix_assignment_agenda" in line]
    assert len(reading) == (2 if overdue else 1), lines
    assert all(line.startswith("SEARCH assignment USING COVERING INDEX ix_assignment_agenda (due_key")
               for line in reading), reading
    # their deadlines, with the dates in force and the reports acted on ahead (migration 0009):
    # one range of a covering index per part, never the deadline table, never an extension or
    # an occurrence looked up
    ranges = [line for line in lines if "ix_deadline_open" in line]
    assert ranges == ["SEARCH deadline USING COVERING INDEX ix_deadline_open (open_due_key>? AND (open_due_key,assignment_id)<(?,?))"] * (
        2 if overdue else 1), lines
    assert not [line for line in lines if "extension" in line or "occurrence" in line], lines
    # each one's document (its label) by its key, in the same statement
    documents = [line for line in lines if "document" in line]
    assert documents == ["SEARCH document USING INTEGER PRIMARY KEY (rowid=?)"] * (2 if overdue else 1), lines
    assert not [line for line in lines if line.startswith(("SCAN assignment", "SCAN deadline", "SCAN document"))]
    assert not [line for line in lines if line.startswith(("SEARCH assignment USING INTEGER PRIMARY KEY",
                                                           "SEARCH deadline USING INTEGER PRIMARY KEY"))]


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite")
def test_filtered_agenda_looks_up_the_deadlines_of_its_assignments(office: Database) -> None:
    """An agency's agenda: its few assignments' deadlines looked up in ix_deadline_open, by
    (due_key, assignment), not a range over every open assignment's."""
    plans = plans_of(office, lambda: agenda.agenda(office, TODAY, TODAY + timedelta(days=30), today=TODAY,
                                                   agency=NAMES[0]))
    lines = [line for plan in plans for line in plan]
    assert any("COVERING INDEX ix_deadline_open (open_due_key=? AND assignment_id=?)" in line for line in lines), lines
    assert not [line for line in lines if line.startswith(("SCAN deadline", "SEARCH deadline USING INTEGER PRIMARY KEY"))]


@pytest.mark.parametrize("page", [1, 4, 10**6])
@pytest.mark.parametrize("agency,search", [(None, None), (NAMES[0], None), (None, "viec 1")])
def test_agenda_pages_merged_are_the_agenda(office: Database, page: int, agency: str | None,
                                            search: str | None) -> None:
    """The agenda a page of assignments at a time (exports, #8): each page sorted and merged,
    an assignment's items all in one page, and the pages merged in order the whole agenda,
    item by item, whatever the page size."""
    import heapq

    end = TODAY + timedelta(days=400)
    whole = agenda.agenda(office, TODAY, end, today=TODAY, agency=agency, search=search, limit=10**9)
    pages = list(agenda.agenda_pages(office, TODAY, end, today=TODAY, agency=agency, search=search, page=page))
    assert all(p == sorted(p, key=agenda.ORDER) for p in pages)
    owners = [{i.assignment_id for i in p} for p in pages]
    assert sum(map(len, owners)) == len(set().union(*owners))  # no assignment in two pages
    assert list(heapq.merge(*pages, key=agenda.ORDER)) == list(whole)
    assert len(whole) > 5 and any(i.days_overdue > 0 for i in whole)
    if page == 1:  # one assignment a page
        assert all(len(o) == 1 for o in owners) and len(pages) == len({i.assignment_id for i in whole})


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite")
def test_agenda_pages_read_each_page_as_one_range(office: Database) -> None:
    """Every page after the first starts after the previous one's last assignment: a row value
    on both indexes, both ends, never a scan (a row value alone does not imply the partial
    index's predicate)."""
    plans = plans_of(office, lambda: list(agenda.agenda_pages(office, TODAY, TODAY + timedelta(days=400),
                                                              today=TODAY, page=3)))
    lines = [line for plan in plans for line in plan]
    paged = [line for line in lines if "ix_deadline_open ((open_due_key,assignment_id)>(?,?)" in line]
    assert paged and all(line.startswith("SEARCH deadline USING COVERING INDEX") for line in paged), lines
    assert not [line for line in lines if line.startswith(("SCAN assignment", "SCAN deadline", "SCAN document"))]


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN of SQLite")
@pytest.mark.parametrize("start,end", [(date(2025, 10, 1), date(2025, 12, 31)), (date(2025, 10, 1), date(2025, 10, 31)),
                                       (date(2024, 3, 1), date(2024, 3, 31)), (date(2025, 4, 1), date(2025, 6, 30))])
def test_a_past_quarter_reads_indexes_not_reports(office: Database, start: date, end: date) -> None:
    """A past month or quarter: the work acted on is told off ix_assignment_lead_reported (and
    _co_lead_reported), the report months of migration 0012 among the copies; the statement
    that reads reports ranges over ix_assignment_reported_twice from a report_prev over 62
    months after the start, where no work of the office is (no deadline, no report looked up);
    the work done in it and due after it is one range of its completion dates."""
    import sqlite3

    from bench.plans import recorded_selects

    seen = recorded_selects(office, lambda: reports.scoreboard_with_total(office, start=start, end=end, today=TODAY))
    conn = sqlite3.connect(office.path)
    try:
        plans = [[r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params or ())] for sql, params in seen]
        reading = [(sql, params) for (sql, params), plan in zip(seen, plans, strict=True)
                   if any("occurrence" in line for line in plan)]
        assert len(reading) == 1
        sql, params = reading[0]
        assert "assignment.report_prev >= ?" in sql
        # the range's bound: the first day of the 63rd month after the start's
        bound = date(start.year + (start.month + 62) // 12, (start.month + 62) % 12 + 1, 1)
        assert bound in params and bound > TODAY
        assert conn.execute("SELECT count(*) FROM assignment WHERE report_prev >= ?", (bound.isoformat(),)).fetchone() == (0,)
    finally:
        conn.close()
    lines = [line for plan in plans for line in plan]
    for slot in ("lead", "co_lead"):
        assert f"SEARCH assignment USING COVERING INDEX ix_assignment_{slot}_reported ({slot}_agency_id=? AND due_key>?)" in lines
        assert (f"SEARCH assignment USING COVERING INDEX ix_assignment_{slot}_done ({slot}_agency_id=? AND work_status=? "
                "AND done_on>? AND done_on<?)") in lines
    assert not [line for line in lines if line.startswith("SCAN") and "agency" not in line
                and "ix_assignment_many_leads" not in line and "CONSTANT ROW" not in line]
