"""The agenda on a generated database equals the agenda read the plain way, field by field.

store.agenda reads everything in one query per part off covering indexes and builds its
items in bulk (issue #8); here every item it gives, every field of it, is checked against
the simplest reading of the definition: assignment by assignment through the ORM and
store.followup (the due date in force, the current occurrence of a rule, the occurrences in
the window not acted on), merged per assignment and day. On a copy of the small `dondoc gen`
database, with extensions granted, reports acted on (in turn and ahead of time) and work
closed, paused and reopened besides what it was generated with.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from store import agenda, assignments, followup
from store import deadlines as dl
from store.assignments import OPEN
from store.db import Database
from store.vocab import DOC_TYPES
from store.models import (
    Agency,
    Assignment,
    AssignmentAgency,
    Deadline,
    Document,
    Extension,
    Occurrence,
)
from tests.store.agenda_reference import open_assignments_in_window, window_complete_before

pytestmark = pytest.mark.sqlite_only("`dondoc gen` makes SQLite files")

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def generated(generated_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A copy of the generated database with some deadlines extended (once or twice) and some
    current reports acted on."""
    from store import clock

    path = tmp_path_factory.mktemp("agenda") / "generated.db"
    shutil.copy(generated_db_file, path)
    db = Database(path, actor="tester")
    clock.set_today(TODAY)
    rng = random.Random(3)
    with db.read() as s:
        rows = s.execute(
            select(Deadline.id, Deadline.kind, Deadline.due, Assignment.id)
            .join(Assignment, Assignment.id == Deadline.assignment_id)
            .where(Assignment.work_status.in_(OPEN), Assignment.due_key <= TODAY + timedelta(days=60))
            .order_by(Deadline.id)
        ).all()
    one_off = [r for r in rows if r[1] != "recurring" and r[2] is not None]
    recurring = [r for r in rows if r[1] == "recurring"]
    for did, _kind, due, _aid in rng.sample(one_off, min(40, len(one_off))):
        followup.extend(db, did, due + timedelta(days=rng.randint(-20, 90)), "Gia hạn")
        if rng.random() < 0.3:
            followup.extend(db, did, due + timedelta(days=rng.randint(1, 200)), "Gia hạn lần 2")
    with db.read() as s:
        policy, cal = followup.policy_in(s), followup.calendar_in(s)
        current = []
        for did, _kind, _due, aid in rng.sample(recurring, min(30, len(recurring))):
            d, a = s.get(Deadline, did), s.get(Assignment, aid)
            occ = followup.current_occurrence(s, d, followup.tracking_start(a), policy, cal)
            if occ is not None:
                current.append((did, occ.period_key))
    for did, key in current:
        followup.act_on_occurrence(db, did, key)
    # reports acted on ahead of time (the one after the current): kept on the deadline
    # (Deadline.acted_ahead, migration 0009), they must not be shown as due
    with db.read() as s:
        ahead = []
        for did, _kind, _due, aid in rng.sample(recurring, min(30, len(recurring))):
            d, a = s.get(Deadline, did), s.get(Assignment, aid)
            occ = followup.current_occurrence(s, d, followup.tracking_start(a), policy, cal)
            if occ is not None:
                later = dl.occurrences(dl.DeadlineSpec.from_dict(d.spec), occ.due + timedelta(days=1),
                                       occ.due + timedelta(days=400), policy, cal)
                if later:
                    ahead.append((did, later[0].period_key))
    for did, key in ahead:
        followup.act_on_occurrence(db, did, key, "waived")
    # work closed, paused and reopened: the deadlines' copy of the open state follows
    with db.read() as s:
        work = sorted({r[3] for r in rows})
    for aid in rng.sample(work, min(60, len(work))):
        status = rng.choice(("done", "paused", "cancelled", "in_progress"))
        assignments.set_status(db, aid, status)
        if status != "in_progress" and rng.random() < 0.3:
            assignments.set_status(db, aid, "not_started")
    yield db
    db.dispose()


def plain_agenda(db: Database, start: date, end: date, *, overdue: bool, limit: int,
                 on: date = TODAY) -> list[tuple[Any, ...]]:
    """Every field of every item, the slow way (one assignment, one deadline at a time), the
    statuses judged on `on`."""
    found: dict[tuple[int, date], list[dict[str, Any]]] = {}
    with db.read() as s:
        policy, cal = followup.policy_in(s), followup.calendar_in(s)
        for a in open_assignments_in_window(s, start, end, overdue=overdue, limit=limit):
            doc = s.get(Document, a.document_id)
            label = doc.number or assignments._doc_label(doc.doc_type, doc.issued)
            lead = tuple(s.scalars(
                select(Agency.name).join(AssignmentAgency, AssignmentAgency.agency_id == Agency.id)
                .where(AssignmentAgency.assignment_id == a.id, AssignmentAgency.role == "lead")
                .order_by(AssignmentAgency.position, AssignmentAgency.agency_id)))
            for d in s.scalars(select(Deadline).where(Deadline.assignment_id == a.id).order_by(Deadline.id)):
                dues: list[tuple[date, str | None, str | None, str]] = []
                if d.kind == "recurring" and d.spec:
                    tracked = followup.tracking_start(a)
                    acted = set(s.scalars(select(Occurrence.period).where(Occurrence.deadline_id == d.id)))
                    current = followup.current_occurrence(s, d, tracked, policy, cal)
                    if overdue and current is not None and current.due < start:
                        dues.append((current.due, current.label, current.period_key, current.explanation))
                    dues += [(o.due, o.label, o.period_key, o.explanation) for o in dl.occurrences(
                        dl.DeadlineSpec.from_dict(d.spec), max(start, tracked), end, policy, cal)
                        if o.period_key not in acted]
                else:
                    due = followup.due_in_force_in(s, d, a)
                    if due is not None and due <= end and (due >= start or overdue):
                        dues.append((due, None, None, ""))
                for due, period, key, explanation in dues:
                    status, late = assignments.derive(a.work_status, due, None, on, 7)
                    found.setdefault((a.id, due), []).append({
                        "assignment_id": a.id, "deadline_id": d.id, "document_id": a.document_id, "document_label": label,
                        "ref": a.ref, "title": a.title, "lead": lead, "due": due, "period": period, "period_key": key, "kind": d.kind,
                        "phrase": d.phrase, "status": status, "days_overdue": late, "explanation": explanation})
        before = window_complete_before(s, start, end, limit=limit)
    items = []
    for (_aid, due), parts in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if before is not None and due >= before:
            continue
        item = dict(parts[0])  # the first deadline's fields; the periods and phrases of all
        item["parts"] = tuple((p["deadline_id"], p["period_key"]) for p in parts)
        keys = {k for p in parts if p["period_key"] for k in p["period_key"].split("+")}
        if len(parts) > 1 and keys:
            periods = sorted((dl.Period.from_key(k) for k in keys), key=lambda p: (p.months, p.start))
            item["period"] = dl.Occurrence(due, due, tuple(periods), "").label
        item["phrase"] = "; ".join(dict.fromkeys(p["phrase"] for p in parts))
        items.append(tuple(item[f] for f in agenda.AgendaItem._fields))
    return items


@pytest.mark.parametrize("window,overdue,limit", [
    (30, True, 5000), (365, True, 5000), (90, False, 5000), (30, True, 40), (0, True, 5000),
])
def test_agenda_equals_the_plain_reading_field_by_field(generated: Database, window: int, overdue: bool,
                                                        limit: int) -> None:
    end = TODAY + timedelta(days=window)
    got = agenda.agenda(generated, TODAY, end, overdue=overdue, today=TODAY, limit=limit)
    assert all(type(i) is agenda.AgendaItem for i in got)
    assert [tuple(i) for i in got] == plain_agenda(generated, TODAY, end, overdue=overdue, limit=limit)
    kinds = {i.kind for i in got}
    assert len(got) > 30 and "recurring" in kinds and kinds - {"recurring"}


def test_agenda_covers_extensions_and_reports_acted_on(generated: Database) -> None:
    """The generated data and the fixture's changes reach the cases the equality is about."""
    items = agenda.agenda(generated, TODAY, TODAY + timedelta(days=365), today=TODAY)
    with generated.read() as s:
        extended = set(s.scalars(select(Extension.deadline_id)))
    assert extended & {d for i in items for d, _ in i.parts}
    assert any(len(i.parts) > 1 for i in items) or any("+" in (i.period_key or "") for i in items)
    assert any(i.days_overdue > 0 and i.kind == "recurring" for i in items)
    with generated.read() as s:
        ahead = set(s.scalars(select(Deadline.id).where(Deadline.acted_ahead.is_not(None))))
        closed = set(s.scalars(select(Deadline.assignment_id).where(
            Deadline.assignment_id.in_(select(Assignment.id).where(Assignment.work_status.not_in(OPEN))),
            Deadline.open_due_key.is_(None))))
    assert ahead & {d for i in items for d, _ in i.parts}  # reports acted on ahead, still shown for the others
    assert closed and not closed & {i.assignment_id for i in items}


def test_agenda_repeated_and_filtered_alike(generated: Database) -> None:
    """A second call (statements compiled once and kept) gives the same; filters still apply."""
    end = TODAY + timedelta(days=30)
    first = agenda.agenda(generated, TODAY, end, today=TODAY)
    assert agenda.agenda(generated, TODAY, end, today=TODAY) == first
    lead = next(i.lead[0] for i in first if i.lead)
    by_agency = agenda.agenda(generated, TODAY, end, today=TODAY, agency=lead)
    assert by_agency and set(by_agency) <= set(first) and any(lead in i.lead for i in by_agency)
    assert agenda.agenda(generated, TODAY, end, today=TODAY) == first


def test_statuses_are_judged_on_the_day_asked(generated: Database) -> None:
    """Statuses and days overdue, kept from one agenda to the next, are those of the day each
    agenda is judged on, not of an earlier one."""
    end = TODAY + timedelta(days=30)
    first = agenda.agenda(generated, TODAY, end, today=TODAY)
    later_day = TODAY + timedelta(days=3)
    later = agenda.agenda(generated, TODAY, end, today=later_day)
    assert [tuple(i) for i in later] == plain_agenda(generated, TODAY, end, overdue=True, limit=5000, on=later_day)
    assert [i.days_overdue + 3 if i.days_overdue else 0 for i in first if i.days_overdue] == [
        i.days_overdue for i in later if i.due < TODAY]
    assert agenda.agenda(generated, TODAY, end, today=TODAY) == first


def test_agenda_leaves_the_garbage_collector_as_it_was(generated: Database) -> None:
    """Enabled afterwards, nothing left frozen; objects someone else froze stay frozen."""
    import gc

    end = TODAY + timedelta(days=30)
    before = gc.get_freeze_count()  # 0, or what an app in this test process set aside
    agenda.agenda(generated, TODAY, end, today=TODAY)
    assert gc.isenabled() and gc.get_freeze_count() == before
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        agenda.agenda(generated, TODAY, end, today=TODAY)
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        agenda.agenda(generated, TODAY, end, today=TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_copies_the_agenda_reads_are_right(generated: Database) -> None:
    """After the generator's load and the fixture's writes, every deadline's copies (migration
    0009) equal a reading from scratch."""
    from tests.store.test_deadline_copies import assert_copies_right

    copies = assert_copies_right(generated)
    assert any(ahead for _, ahead, _ in copies.values())


def test_a_cut_agenda_says_so_and_lists_only_what_is_complete(generated: Database) -> None:
    """Each part reads at most `limit` assignments: the agenda says what it left out, and what
    it lists is complete (every item due before its boundary), never a silent sample."""
    end = TODAY + timedelta(days=365)
    whole = agenda.agenda(generated, TODAY, end, overdue=True, today=TODAY, limit=10**6)
    assert not whole.cut and whole.what_is_listed() == ""
    # the window cut: complete before the last assignment read's due date
    window = agenda.agenda(generated, TODAY, end, overdue=False, today=TODAY, limit=10**6)
    cut = agenda.agenda(generated, TODAY, end, overdue=False, today=TODAY, limit=40)
    assert cut.complete_before is not None and not cut.overdue_cut and cut.cut
    assert TODAY < cut.complete_before < end
    assert list(cut) == [i for i in window if i.due < cut.complete_before]
    assert 0 < len(cut) < len(window)
    assert cut.what_is_listed("vi") == f"các hạn trước {cut.complete_before:%d/%m/%Y}"
    # the backlog cut: the forty longest overdue assignments, all of their overdue items
    both = agenda.agenda(generated, TODAY, end, overdue=True, today=TODAY, limit=40)
    assert both.overdue_cut
    with generated.read() as s:
        longest = open_assignments_in_window(s, TODAY, end, overdue=True, limit=40)[-40:]
    assert all(a.due_key < TODAY for a in longest)
    assert {i.assignment_id for i in both if i.due < TODAY} == {a.id for a in longest}
    assert [i for i in both if i.due < TODAY] == [
        i for i in whole if i.due < TODAY and i.assignment_id in {a.id for a in longest}]
    assert both.what_is_listed("en") == (
        f"the 40 longest-overdue assignments and deadlines before {both.complete_before:%d/%m/%Y}"
        if both.complete_before else "the 40 longest-overdue assignments")
    # no assignment at all: nothing listed, and said so
    none = agenda.agenda(generated, TODAY, end, overdue=True, today=TODAY, limit=0)
    assert list(none) == [] and none.overdue_cut and none.complete_before == TODAY


def test_each_part_has_its_own_limit_and_a_larger_one_lists_more(generated: Database) -> None:
    """The backlog and the window are limited apart (`limit`, `window_limit`), and either read
    again with a larger limit lists every item listed before and more: what the Thời hạn view
    relies on when it reads more as the clerk scrolls (screens.deadlines)."""
    end = TODAY + timedelta(days=365)

    def read(overdue: int, window: int) -> agenda.Agenda:
        return agenda.agenda(generated, TODAY, end, overdue=True, today=TODAY, limit=overdue, window_limit=window)

    small = read(15, 25)
    assert small.limit == 15 and small.window_limit == 25
    assert small.overdue_cut and small.complete_before is not None
    late = {i.assignment_id for i in small if i.due < TODAY}
    assert len(late) == 15
    # the window's limit alone: the same backlog, the window as read alone with that limit
    assert [i for i in small if i.due < TODAY] == [i for i in read(15, 40) if i.due < TODAY]
    alone = agenda.agenda(generated, TODAY, end, overdue=False, today=TODAY, limit=25)
    assert alone.complete_before == small.complete_before
    assert [i for i in alone] == [i for i in small if i.due >= TODAY and i.assignment_id not in late]
    # (a limit only a little larger may read no further: a quarter's report day is shared by
    # more assignments than that)
    for more in (read(60, 25), read(15, 1000), read(60, 1000)):
        assert set(small) < set(more)
    assert len({i.assignment_id for i in read(60, 25) if i.due < TODAY}) == 60
    assert read(15, 1000).complete_before is None or read(15, 1000).complete_before > small.complete_before  # type: ignore[operator]


def test_rules_are_expanded_only_as_far_back_as_the_backlog(generated: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule's occurrences are computed from a year before the oldest current occurrence
    asked for (not fifteen years back): the agenda is the same as with the wide span, and the
    span kept reaches back to the backlog's oldest report."""
    end = TODAY + timedelta(days=365)

    def fresh(limit: int) -> list[agenda.AgendaItem]:
        agenda._OCCURRENCES.clear()
        return list(agenda.agenda(generated, TODAY, end, overdue=True, today=TODAY, limit=limit))

    narrow_whole, narrow_cut = fresh(10**6), fresh(7)
    spans = list(agenda._OCCURRENCES.values())
    oldest = min(i.due for i in narrow_whole if i.period is not None)
    assert oldest < TODAY - timedelta(days=366)  # the backlog reaches past the first year
    assert min(lo for lo, *_ in spans) > TODAY - timedelta(days=15 * 366)
    monkeypatch.setattr(agenda, "_SPAN_BEFORE", 15 * 366)
    assert fresh(10**6) == narrow_whole and fresh(7) == narrow_cut
    agenda._OCCURRENCES.clear()


def test_labels_of_documents_without_a_number_or_date(generated_db_file: Path, tmp_path: Path) -> None:
    """A document's label comes in one cell (its number, or its type and date of issue): the
    labels of documents without a number (NULL or empty), dated or not, are those the plain
    reading makes."""
    path = tmp_path / "labels.db"
    shutil.copy(generated_db_file, path)
    db = Database(path, actor="tester")
    end = TODAY + timedelta(days=30)
    try:
        doc_ids = sorted({i.document_id for i in agenda.agenda(db, TODAY, end, today=TODAY)})[:9]
        with db.engine.begin() as conn:  # bypassing the store's writes: the cases, not a workflow
            for n, doc_id in enumerate(doc_ids):
                number, issued = (None, "issued") if n % 3 == 0 else ("", "NULL") if n % 3 == 1 else (None, "NULL")
                conn.exec_driver_sql(f"UPDATE document SET number = ?, issued = {issued} WHERE id = ?", (number, doc_id))
        got = agenda.agenda(db, TODAY, end, overdue=True, today=TODAY, limit=5000)
        assert [tuple(i) for i in got] == plain_agenda(db, TODAY, end, overdue=True, limit=5000)
        labels = {i.document_id: i.document_label for i in got if i.document_id in doc_ids}
        with db.read() as s:
            undated = [d for d in doc_ids if s.get(Document, d).issued is None]
        assert undated and all(labels[d] in {name for name, _ in DOC_TYPES.values()} for d in undated)
        assert any(labels[d][-4:].isdigit() for d in set(doc_ids) - set(undated))
    finally:
        db.dispose()
