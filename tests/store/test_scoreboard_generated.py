"""The scoreboard of past periods on a generated database equals the plain GROUP BY.

Work due after a period counts as acted on in it when a report due in it was received (late
if one of those came late): store.reports tells it from each assignment's report copies
(migrations 0010 and 0011), down to a period shorter than the gaps between the work's
reports, whose reports are read. Here, on a copy of the small `dondoc gen` database with
more reports received (in turn, with holes, late), every year, half, quarter and month of
the past two years, weeks and single days, and periods open on one side, give what the
reference of tests/store/test_scoreboard.py gives, and every way of deciding is met.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from store import followup, reports
from store import deadlines as dl
from store.assignments import OPEN
from store.db import Database
from store.models import Assignment, Deadline
from tests.store.test_scoreboard import (
    TODAY,
    as_tuple,
    months_met,
    received_kind,
    reference_scoreboard,
    reference_total,
)

pytestmark = pytest.mark.sqlite_only("`dondoc gen` makes SQLite files")


def _periods() -> list[tuple[date | None, date | None]]:
    out: list[tuple[date | None, date | None]] = []
    for year in (2024, 2025):
        out.append((date(year, 1, 1), date(year, 12, 31)))
        out += [(date(year, 1, 1), date(year, 6, 30)), (date(year, 7, 1), date(year, 12, 31))]
        out += [(date(year, m, 1), date(year, m + 2, 30 if m + 2 in (6, 9) else 31)) for m in (1, 4, 7, 10)]
    out += [(date(2025, m, 1), date(2025, m + 1, 1) - timedelta(days=1)) for m in range(1, 12)]
    out += [(date(2025, 12, 1), date(2025, 12, 31)), (date(2025, 6, 9), date(2025, 6, 15)),
            (date(2025, 12, 15), date(2025, 12, 15)), (date(2025, 6, 16), date(2025, 6, 16)),
            (date(2024, 7, 1), date(2025, 6, 30)), (None, date(2025, 6, 30)), (None, date(2024, 12, 31)),
            (date(2025, 3, 1), None), (date(2025, 10, 1), TODAY)]
    # more past months and quarters (whole months: the report months of migration 0012)
    out += [(date(2024, m, 1), date(2024, m + 1, 1) - timedelta(days=1)) for m in (1, 3, 8, 11)]
    out += [(date(2023, 10, 1), date(2023, 12, 31)), (date(2023, 12, 1), date(2023, 12, 31)),
            (date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 7, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 10, 31))]
    return out


PERIODS = _periods()


@pytest.fixture(scope="module")
def generated(generated_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A copy of the generated database where open work with a recurring report has more of
    its reports received: those of the last two years, some skipped, some late."""
    from store import clock

    path = tmp_path_factory.mktemp("scoreboard") / "generated.db"
    shutil.copy(generated_db_file, path)
    db = Database(path, actor="tester")
    clock.set_today(TODAY)
    rng = random.Random(17)
    with db.read() as s:
        policy, cal = followup.policy_in(s), followup.calendar_in(s)
        rules = s.execute(
            select(Deadline.id, Deadline.spec).join(Assignment, Assignment.id == Deadline.assignment_id)
            .where(Assignment.work_status.in_(OPEN), Deadline.kind == "recurring").order_by(Deadline.id)).all()
    for did, spec in rng.sample(rules, min(len(rules), 120)):
        occs = dl.occurrences(dl.DeadlineSpec.from_dict(spec), date(2023, 10, 1), TODAY, policy, cal)
        for occ in occs:
            if rng.random() < 0.25:
                continue  # a hole
            late = rng.random() < 0.2
            followup.act_on_occurrence(db, did, occ.period_key,
                                       acted_on=occ.due + timedelta(days=rng.randint(1, 40) if late else -2))
    yield db
    db.dispose()


def tight_periods(db: Database) -> list[tuple[date | None, date | None]]:
    """Periods just inside the largest gap between two reports of some work, and a day wider
    on either side (a gap as long as the period, or a day shorter, then a report in it)."""
    out: list[tuple[date | None, date | None]] = []
    with db.read() as s:
        rows = s.execute(select(Assignment.id, Assignment.report_first, Assignment.report_gap).where(
            Assignment.work_status.in_(OPEN), Assignment.report_gap > 20).order_by(Assignment.id)).all()
        for _aid, _first, gap in rows[::max(1, len(rows) // 6)]:
            # the gap's ends: the reports' dues, as the copies count them (store.followup.report_span)
            dues = sorted({d for (d,) in s.execute(
                select(reports.Occurrence.due).join(Deadline, Deadline.id == reports.Occurrence.deadline_id)
                .join(Assignment, Assignment.id == Deadline.assignment_id)
                .where(Assignment.id == _aid, reports.Occurrence.status == "reported",
                       reports.Occurrence.due < Assignment.due_key))})
            a, b = next((a, b) for a, b in zip(dues, dues[1:]) if (b - a).days == gap)
            one = timedelta(days=1)
            out += [(a + one, b - one), (a, b - one), (a + one, b)]
    return out


def test_past_periods_are_the_group_by(generated: Database) -> None:
    tight = tight_periods(generated)
    assert len(tight) >= 12
    for start, end in PERIODS + tight:
        rows, total = reports.scoreboard_with_total(generated, start=start, end=end, today=TODAY)
        assert {r.agency_id: as_tuple(r) for r in rows} == reference_scoreboard(generated, start, end), (start, end)
        assert as_tuple(total) == reference_total(generated, start, end), (start, end)


def test_every_way_of_deciding_is_met(generated: Database) -> None:
    """Over these periods the copies decide by the latest report, the one before, the earliest
    and the largest gap, on time and late, and leave some work to be read from its reports
    (periods shorter than its gaps), on time and late; a past year leaves little."""
    found: dict[str, set[bool]] = {"last": set(), "prev": set(), "first": set(), "spanned": set(), "reports": set()}
    undecided: dict[tuple[date | None, date | None], int] = {}
    with generated.read() as s:
        for start, end in PERIODS:
            _, _, odd = reports._plan(start, end, TODAY)
            assert odd is not None
            values = reports._reported_values(odd)
            bounds = (start is not None, end is not None)
            received, late, _ = reports._received(*bounds)
            for last, prev, first, is_late in s.execute(
                    select(Assignment.report_last, Assignment.report_prev, Assignment.report_first, late)
                    .where(reports._reported_base(*bounds), received), values):
                found[received_kind(start, end, (last, prev, first))].add(bool(is_late))
            if start is not None and end is not None:
                unknown = reports._unknown_rows(s, odd, months=False)  # without the months of 0012
                undecided[(start, end)] = len(unknown)
                found["reports"] |= {late for *_, late in unknown.values()}
    assert found == {kind: {False, True} for kind in found}, found
    year, quarter = (date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 7, 1), date(2025, 9, 30))
    assert undecided[year] < undecided[quarter], undecided


def test_whole_months_are_told_by_the_report_months(generated: Database) -> None:
    """Past months and quarters: the work its copies of 0010 and 0011 left undecided is told by
    the months of its reports received (on time and late), none read from its reports."""
    assert months_met(generated, PERIODS) == {"months": {False, True}, "reports": set()}


def test_months_beyond_reach_are_read_from_the_reports(generated: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the report months reaching only 5 months back, the work whose report_prev is
    further after a period's start is read from its reports, on time and late, and the counts
    stay those of the reference."""
    monkeypatch.setattr(reports, "MONTH_BITS", 5)
    periods = [(start, end) for start, end in PERIODS if start is not None and start.day == 1 and end is not None
               and end.year == 2025 and (end - start).days < 100]
    assert len(periods) >= 10
    for start, end in periods:
        rows, total = reports.scoreboard_with_total(generated, start=start, end=end, today=TODAY)
        assert {r.agency_id: as_tuple(r) for r in rows} == reference_scoreboard(generated, start, end), (start, end)
        assert as_tuple(total) == reference_total(generated, start, end), (start, end)
    assert months_met(generated, periods)["reports"] == {False, True}
