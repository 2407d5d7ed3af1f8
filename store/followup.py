"""Deadlines in force: office calendar and report policy, extensions (gia hạn), and the
occurrences of recurring reports that the office has acted on.

The rule for a recurring deadline: its current occurrence is the earliest one, from the day
the office started tracking the assignment, that has not been acted on (reported, waived,
noted). It stays the current one, overdue if its date has passed, until it is acted on; so
an assignment's `next_due` only changes on a write and never needs a daily recomputation.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store import audit
from store import deadlines as dl
from store.calendar import WorkCalendar
from store.db import Database, actor_of
from store.errors import NotFound, ValidationError
from store.models import MONTH_COPIES, SPAN_COPIES, Assignment, Deadline, Extension, Occurrence, Setting, utcnow
from store.vocab import OPEN_WORK

REPORT_POLICY = "report_policy"
EXTRA_DAYS_OFF = "extra_days_off"
EXTRA_WORKING_DAYS = "extra_working_days"
SOON_DAYS = "soon_days"
REPORTED = "reported"
"""The status of an occurrence whose report was received."""
OCCURRENCE_STATES = (REPORTED, "waived", "noted")
FAR_FUTURE = date(9999, 12, 31)

_calendar_cache: dict[tuple[Any, Any], WorkCalendar] = {}


def _setting(session: Session, key: str) -> Any:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def policy_in(session: Session, override: dict[str, Any] | None = None) -> dl.ReportPolicy:
    """The office's report policy (setting), or an assignment's own override."""
    return policy_of(override or _setting(session, REPORT_POLICY))


def policy_of(data: dict[str, Any] | None) -> dl.ReportPolicy:
    """The report policy a REPORT_POLICY setting's value stands for."""
    return dl.ReportPolicy.from_dict(data) if data else dl.ReportPolicy()


def calendar_in(session: Session) -> WorkCalendar:
    """Vietnam's public holidays plus the office's announced extra days off and working days."""
    return calendar_of(_setting(session, EXTRA_DAYS_OFF), _setting(session, EXTRA_WORKING_DAYS))


def calendar_of(days_off_value: Any, working_value: Any) -> WorkCalendar:
    """The calendar the EXTRA_DAYS_OFF and EXTRA_WORKING_DAYS settings' values stand for."""
    off = tuple(sorted((days_off_value or {}).items())) if isinstance(
        days_off_value, dict) else tuple(days_off_value or ())
    work = tuple(working_value or ())
    key = (off, work)
    if key not in _calendar_cache:
        if off and isinstance(off[0], tuple):
            days_off: Any = {date.fromisoformat(d): name for d, name in off}
        else:
            days_off = [date.fromisoformat(d) for d in off]
        _calendar_cache[key] = WorkCalendar(days_off, [date.fromisoformat(d) for d in work])
    return _calendar_cache[key]


CALENDAR_SETTINGS = (REPORT_POLICY, EXTRA_DAYS_OFF, EXTRA_WORKING_DAYS)
"""The settings the dates in force of recurring reports depend on (see refresh_all)."""


def tracking_start(a: Assignment) -> date:
    """Reports are owed from the day the office started following the assignment."""
    return a.created_at.date() if a.created_at else date.min


def tracking_start_of(created_at: str | datetime | None) -> date:
    """tracking_start for `created_at` as a driver gives it: SQLite's text (UTC) or a datetime
    (PostgreSQL; in UTC when it carries a zone)."""
    if not created_at:
        return date.min
    if isinstance(created_at, str):
        return date.fromisoformat(created_at[:10])
    return (created_at.astimezone(UTC) if created_at.tzinfo else created_at).date()


def current_occurrence(
    session: Session, d: Deadline, start: date, policy: dl.ReportPolicy, cal: WorkCalendar
) -> dl.Occurrence | None:
    """The earliest occurrence from `start` not yet acted on (None when the rule has ended)."""
    spec = dl.DeadlineSpec.from_dict(d.spec or {})
    acted = set(session.scalars(select(Occurrence.period).where(Occurrence.deadline_id == d.id)))
    window_start = start
    for _ in range(40):  # 40 windows of ~400 days: a rule with every report acted on for 40+ years
        window_end = window_start + timedelta(days=400)
        for occ in dl.occurrences(spec, window_start, window_end, policy, cal):
            if occ.period_key not in acted:
                return occ
        if spec.until and window_end >= spec.until:
            return None
        window_start = window_end + timedelta(days=1)
    return None


ACTED_SEP = "\x1f"
"""Between the period keys of `Deadline.acted_ahead` (no period key holds it)."""


def rule_dues(
    spec: dl.DeadlineSpec | dict[str, Any] | str, start: date, acted: AbstractSet[str],
    policy: dl.ReportPolicy, cal: WorkCalendar,
) -> tuple[date | None, str | None]:
    """What migration 0009 keeps on a recurring deadline: the due date of its current occurrence
    (the earliest from `start`, the tracking start, not acted on: current_occurrence; None when
    the rule has ended) and the periods acted on that are not before it (`acted_ahead`: reported
    ahead of time, joined with ACTED_SEP; None when there are none, the usual). Every occurrence
    from the current one on whose period is not among those is due: the agenda needs nothing
    else of the reports acted on.

    `spec` as a rule, its dict or its JSON text. The occurrences of a rule are computed once
    over a span and kept (`_SPANS`): thousands of deadlines share a few rules."""
    key_text = spec if isinstance(spec, str) else json.dumps(
        spec.to_dict() if isinstance(spec, dl.DeadlineSpec) else spec, ensure_ascii=False, sort_keys=True)
    span = _span(key_text, spec, start, policy, cal)
    rule = span.rule
    passed: list[str] = []
    i = bisect.bisect_left(span.dues, start)
    while True:
        while i < len(span.occs):
            due, period_key = span.occs[i]
            # the same answer as the windows of 400 days current_occurrence looks in, one by one
            window = (due - start).days // 401
            if window >= 40 or (rule.until and window and start + timedelta(days=(window - 1) * 401 + 400) >= rule.until):
                return None, None
            if period_key not in acted:
                ahead = sorted(set(acted).difference(passed))
                return due, ACTED_SEP.join(ahead) if ahead else None
            passed.append(period_key)
            i += 1
        # off the span's end: current_occurrence would have stopped after its last window, or
        # after the first window that reaches the rule's end
        last = start + timedelta(days=39 * 401 + 400)
        if rule.until:
            past = (rule.until - start).days - 400
            last = min(last, start + timedelta(days=(0 if past <= 0 else -(-past // 401)) * 401 + 400))
        if span.hi >= last:
            return None, None
        span.extend(min(last, span.hi + timedelta(days=3 * 366)))


class _Span:
    """The occurrences of a rule due in [lo, hi]: their dates and period keys, in order."""

    __slots__ = ("cal", "dues", "hi", "lo", "occs", "policy", "rule")

    def __init__(self, rule: dl.DeadlineSpec, lo: date, hi: date, policy: dl.ReportPolicy, cal: WorkCalendar) -> None:
        self.rule, self.policy, self.cal, self.lo, self.hi = rule, policy, cal, lo, lo - timedelta(days=1)
        self.dues: list[date] = []
        self.occs: list[tuple[date, str]] = []
        self.extend(hi)

    def extend(self, hi: date) -> None:
        occs = dl.occurrences(self.rule, self.hi + timedelta(days=1), hi, self.policy, self.cal)
        self.dues += [o.due for o in occs]
        self.occs += [(o.due, o.period_key) for o in occs]
        self.hi = hi


_SPANS: dict[tuple[str, Any, int], _Span] = {}


def _span(key_text: str, spec: Any, start: date, policy: dl.ReportPolicy, cal: WorkCalendar) -> _Span:
    key = (key_text, policy, id(cal))
    span = _SPANS.get(key)
    if span is None or start < span.lo:
        rule = spec if isinstance(spec, dl.DeadlineSpec) else dl.DeadlineSpec.from_dict(
            json.loads(spec) if isinstance(spec, str) else spec)
        lo = start if span is None else min(start, span.lo)
        hi = max(start + timedelta(days=3 * 366), span.hi if span else lo)
        if len(_SPANS) > 4096:
            _SPANS.clear()
        span = _SPANS[key] = _Span(rule, lo, hi, policy, cal)
    return span


def due_in_force_in(session: Session, d: Deadline, a: Assignment) -> date | None:
    """The date a deadline is judged against now: the latest extension, or the current occurrence."""
    if d.kind == "recurring" and d.spec:
        occ = current_occurrence(session, d, tracking_start(a), policy_in(session), calendar_in(session))
        return occ.due if occ else None
    exts = session.scalars(select(Extension).where(Extension.deadline_id == d.id).order_by(Extension.id))
    return dl.due_in_force(d.due, list(exts))


def refresh_next_due_in(session: Session, a: Assignment) -> None:
    """Recompute what is denormalised from an assignment's deadlines (after any change of its
    deadlines, extensions, reports acted on or status): its next deadline (`next_due`,
    `due_key`), its report copies (migration 0010; see `report_copies`) and, on each deadline,
    the date in force, the periods acted on ahead and the assignment's due_key while it is open
    (migration 0009; see `deadline_copies`)."""
    session.flush()
    deadlines = list(session.scalars(select(Deadline).where(Deadline.assignment_id == a.id)))
    copies = deadline_copies(session, a, deadlines)
    dues = [due for due, _ in copies if due is not None]
    a.next_due = min(dues) if dues else None
    a.due_key = a.next_due or FAR_FUTURE
    received = session.execute(select(Occurrence.due, Occurrence.acted_on).where(
        Occurrence.deadline_id.in_([d.id for d in deadlines]), Occurrence.status == REPORTED,
        Occurrence.due < a.due_key).order_by(Occurrence.due.desc())).all() if deadlines else []
    late = [due for due, on in received if on is not None and on > due]
    a.report_last, a.report_prev, a.late_last, a.late_prev = report_copies((due for due, _ in received), late)
    (a.report_first, a.report_gap), (a.late_first, a.late_gap) = (
        report_span([due for due, _ in received]), report_span(late))
    a.report_month, a.report_bits, a.late_bits = report_months([due for due, _ in received], late, a.report_prev)
    open_key = a.due_key if a.work_status in OPEN_WORK else None
    for d, (due, ahead) in zip(deadlines, copies, strict=True):
        if (d.due_in_force, d.acted_ahead, d.open_due_key) != (due, ahead, open_key):
            # bookkeeping, like due_key: written as a statement (the objects in the session
            # follow), not as an edit of the row (which would bump its version)
            session.execute(update(Deadline).where(Deadline.id == d.id).values(
                due_in_force=due, acted_ahead=ahead, open_due_key=open_key))


def report_copies(dues: Iterable[Any], late: Iterable[Any]) -> tuple[Any, Any, Any, Any]:
    """What migration 0010 keeps on an assignment, from the due dates of its reports received
    (occurrences 'reported' of its deadlines) that are due before its due_key, newest first, and
    those of the ones received late (after their due date), newest first: the latest due date
    (`report_last`) and the latest one before it (`report_prev`); the latest due date of a
    report received late (`late_last`) and the latest such before `report_last` (`late_prev`).
    None where there is none. Dates, or ISO text as SQLite's driver gives them (compared, never
    converted); only the first few of each are read.

    For a period [start, end] that ends before due_key they answer, but when two of the reports
    received are due after `end`, whether a report due in the period was received and whether
    one of those came late: every report due by `end` is due by `report_last`, or by
    `report_prev` when `report_last` is after `end` (store.reports._received)."""
    received = iter(dues)
    last = next(received, None)
    prev = next((due for due in received if due != last), None)
    came_late = iter(late)
    late_last = next(came_late, None)
    late_prev = late_last if late_last != last else next((due for due in came_late if due != last), None)
    return last, prev, late_last, late_prev


def report_span(dues: list[Any]) -> tuple[Any, int | None]:
    """What migration 0011 keeps on an assignment of the due dates `dues` (newest first) of its
    reports received (or of those received late) as report_copies takes them: the earliest
    (`report_first`, `late_first`) and the largest gap, in days, between two consecutive
    distinct ones (`report_gap`, `late_gap`; None with fewer than two). (None, None) when there
    is none. Dates or ISO text, as there.

    For a period [start, end] with the two latest reports due after `end`, they answer when
    report_copies do not (store.reports._received): no report due in the period was received
    when the earliest is after `end`, one was when it is in the period, and when it is before
    `start` one was for certain if no gap is as long as the period (end - start + 2 days: a
    report due before `start` and the next one due after `end`)."""
    if not dues:
        return None, None
    days = sorted({_as_day(due) for due in dues})
    gap = max((b - a for a, b in zip(days, days[1:], strict=False)), default=None)
    return min(dues), gap


MONTH_BITS = 63
"""How many months report_bits and late_bits hold (report_month and the 62 before it): bits 0
to 62, a positive 64-bit integer on either engine."""


def report_months(dues: list[Any], late: list[Any], prev: Any) -> tuple[int | None, int | None, int | None]:
    """What migration 0012 keeps on an assignment of the due dates `dues` of its reports
    received and `late` of those received late (as report_copies takes them) and of their
    `report_prev` (None: (None, None, None)): the month of report_prev, as year * 12 + month - 1
    (`report_month`), and the months of the reports due in it or in the 62 before it as bits,
    bit k for the month report_month - k (`report_bits`; `late_bits` those received late).

    For a period of whole months m1..m2 ending before report_prev, with m1 no earlier than
    report_month - 62, whether a report due in it was received (and one late) is whether
    report_bits (late_bits) has a bit set among report_month - m2 .. report_month - m1
    (store.reports._received)."""
    if prev is None:
        return None, None, None
    month = _month(prev)

    def bits(days: list[Any]) -> int:
        out = 0
        for due in days:
            k = month - _month(due)
            if 0 <= k < MONTH_BITS:
                out |= 1 << k
        return out

    return month, bits(dues), bits(late)


def _month(value: Any) -> int:
    """A date (or ISO text) as year * 12 + month - 1."""
    if isinstance(value, str):
        return int(value[:4]) * 12 + int(value[5:7]) - 1
    return value.year * 12 + value.month - 1  # type: ignore[no-any-return]


def _as_day(value: Any) -> int:
    """A date (or ISO text) as its ordinal day."""
    return (date.fromisoformat(value) if isinstance(value, str) else value).toordinal()


def deadline_copies(session: Session, a: Assignment, deadlines: list[Deadline]) -> list[tuple[date | None, str | None]]:
    """(date in force, periods acted on ahead) of each deadline of `a`, from scratch: a one-off
    deadline's last extension or date as set; a rule's current occurrence (see rule_dues)."""
    policy = cal = None
    out: list[tuple[date | None, str | None]] = []
    for d in deadlines:
        if d.kind == "recurring" and d.spec:
            if policy is None:
                policy, cal = policy_in(session), calendar_in(session)
            acted = set(session.scalars(select(Occurrence.period).where(Occurrence.deadline_id == d.id)))
            assert cal is not None
            out.append(rule_dues(d.spec, tracking_start(a), acted, policy, cal))
        else:
            exts = session.scalars(select(Extension.new_due).where(Extension.deadline_id == d.id).order_by(Extension.id))
            out.append((dl.due_in_force(d.due, list(exts)), None))
    return out


def _deadline_and_assignment(session: Session, deadline_id: int) -> tuple[Deadline, Assignment]:
    d = session.get(Deadline, deadline_id)
    if d is None:
        raise NotFound("err.not_found", entity="deadline", id=deadline_id)
    # The assignment's next_due and version change: lock it (PostgreSQL) before reading on.
    a = session.get(Assignment, d.assignment_id, with_for_update=True)
    assert a is not None
    return d, a


def extend(
    db: Database,
    deadline_id: int,
    new_due: date,
    reason: str,
    *,
    document_ref: str | None = None,
    document_id: int | None = None,
) -> int:
    """Extend (gia hạn) a one-off deadline: the original is kept, the new date is in force."""
    if not reason or not reason.strip():
        raise ValidationError("err.required", field="reason")

    def work(session: Session) -> int:
        d, a = _deadline_and_assignment(session, deadline_id)
        if d.kind == "recurring" or d.due is None:
            raise ValidationError("err.extend_recurring", field="due")
        before = {"due_in_force": str(due_in_force_in(session, d, a))}
        ext = Extension(
            deadline_id=deadline_id, new_due=new_due, reason=reason.strip(),
            document_ref=document_ref, document_id=document_id, created_by=actor_of(session),
        )
        session.add(ext)
        session.flush()
        refresh_next_due_in(session, a)
        a.version += 1
        a.updated_at = utcnow()
        audit.record(session, "extend", "assignment", a.id, before,
                     {"due_in_force": new_due.isoformat(), "reason": ext.reason, "document": document_ref})
        return ext.id or 0

    return db.write(work)


def act_on_occurrence(
    db: Database, deadline_id: int, period_key: str, status: str = "reported",
    *, note: str | None = None, acted_on: date | None = None,
) -> None:
    """Record that an occurrence of a recurring report was reported, waived or noted."""
    if status not in OCCURRENCE_STATES:
        raise ValidationError("err.invalid_status", field="status", value=status,
                              choices=", ".join(OCCURRENCE_STATES))

    def work(session: Session) -> None:
        from store import clock

        d, a = _deadline_and_assignment(session, deadline_id)
        spec = dl.DeadlineSpec.from_dict(d.spec or {})
        periods = [dl.Period.from_key(k) for k in period_key.split("+")]
        policy, cal = policy_in(session), calendar_in(session)
        due = min(cal.next_working_day(policy.nominal_due(p)) for p in periods)
        row = session.scalar(select(Occurrence).where(
            Occurrence.deadline_id == deadline_id, Occurrence.period == period_key))
        if row is None:
            row = Occurrence(deadline_id=deadline_id, period=period_key, due=due, status=status)
            session.add(row)
        row.status, row.note, row.acted_on = status, note, acted_on or clock.today()
        row.version += 0 if row.id is None else 1
        session.flush()
        refresh_next_due_in(session, a)
        a.version += 1
        a.updated_at = utcnow()
        audit.record(session, status, "assignment", a.id, None,
                     {"period": period_key, "due": due.isoformat(), "note": note, "phrase": spec.phrase})

    db.write(work)


# --- the copies of migration 0009, recomputed in bulk ---------------------------------------

_OPEN_SQL = "(" + ", ".join(f"'{v}'" for v in OPEN_WORK) + ")"


def refresh_all(conn: Any, *, assignments: bool = True, reports: bool = True) -> int:
    """Recompute, for every deadline, what migration 0009 keeps on it (the date in force, the
    periods acted on ahead, the assignment's due_key while it is open), with `assignments`
    every assignment's next deadline (`next_due`, `due_key`), and with `reports` every
    assignment's report copies (migration 0010: refresh_report_copies; not in migration 0009,
    which comes before them): the same values as refresh_next_due_in gives one assignment at a
    time, for the whole database at once. Rows already right are not written. Returns the
    number of recurring deadlines looked at.

    Used by the migration's backfill, by `dondoc gen` after its load (`assignments=False`: it
    writes `next_due` itself) and when a setting the occurrences of reports depend on changes
    (store.settings). `conn` is a SQLAlchemy connection or a DB-API (sqlite3) cursor, inside
    the caller's transaction."""
    db = _Driver(conn)
    values: dict[str, Any] = {}
    for key, value in db.rows("SELECT key, value FROM setting WHERE key IN (?, ?, ?)", CALENDAR_SETTINGS):
        values[key] = json.loads(value) if isinstance(value, str) else value
    policy = policy_of(values.get(REPORT_POLICY))
    cal = calendar_of(values.get(EXTRA_DAYS_OFF), values.get(EXTRA_WORKING_DAYS))
    ne = "IS DISTINCT FROM" if db.postgres else "IS NOT"
    in_force = "coalesce((SELECT e.new_due FROM extension e WHERE e.deadline_id = deadline.id ORDER BY e.id DESC LIMIT 1), due)"
    db.run(f"UPDATE deadline SET due_in_force = {in_force}, acted_ahead = NULL "
           f"WHERE (due_in_force {ne} {in_force} OR acted_ahead IS NOT NULL) AND kind <> 'recurring'")
    concat = "string_agg(o.period, chr(31))" if db.postgres else "group_concat(o.period, char(31))"
    rows = db.rows(
        f"SELECT d.id, d.spec, a.created_at, (SELECT {concat} FROM occurrence o WHERE o.deadline_id = d.id), "
        f"{in_force.replace('deadline.', 'd.').replace(', due)', ', d.due)')}, d.due_in_force, d.acted_ahead "
        "FROM deadline d JOIN assignment a ON a.id = d.assignment_id WHERE d.kind = 'recurring'")
    known: dict[tuple[Any, ...], tuple[date | None, str | None]] = {}
    is_rule: dict[Any, bool] = {}
    changed = []
    for did, spec, created_at, acted, due, stored_due, stored_ahead in rows:
        text = spec if spec is None or isinstance(spec, str) else json.dumps(spec, ensure_ascii=False, sort_keys=True)
        rule = is_rule.get(text)
        if rule is None:
            rule = is_rule[text] = bool(text and json.loads(text))
        if rule:
            start = tracking_start_of(created_at)
            key = (text, start, acted)
            got = known.get(key)
            if got is None:
                got = known[key] = rule_dues(text, start, set(acted.split(ACTED_SEP)) if acted else set(), policy, cal)
        else:  # a rule without its spec: judged like a one-off deadline
            got = (_as_date(due), None)
        if (_as_date(stored_due), stored_ahead) != got:
            changed.append((db.day(got[0]), got[1], did))
    db.many("UPDATE deadline SET due_in_force = ?, acted_ahead = ? WHERE id = ?", changed)
    if assignments:
        nearest = "(SELECT min(d.due_in_force) FROM deadline d WHERE d.assignment_id = assignment.id)"
        db.run(f"UPDATE assignment SET next_due = {nearest}, due_key = coalesce({nearest}, '{FAR_FUTURE}') "
               f"WHERE next_due {ne} {nearest}")
    open_key = f"(SELECT a.due_key FROM assignment a WHERE a.id = deadline.assignment_id AND a.work_status IN {_OPEN_SQL})"
    db.run(f"UPDATE deadline SET open_due_key = {open_key} WHERE open_due_key {ne} {open_key}")
    if reports:
        refresh_report_copies(conn)
    return len(rows)


def refresh_report_copies(conn: Any, *, spans: bool = True, months: bool = True) -> int:
    """Recompute every assignment's report copies (migration 0010: see `report_copies`; with
    `spans`, those of migration 0011 too: see `report_span`; not in migration 0010, which
    comes before them; with `months` (and `spans`), those of migration 0012: see
    `report_months`; not in migration 0011) from its reports received and its due_key, as refresh_next_due_in gives
    them one assignment at a time; rows already right are not written. Returns the number of
    rows written. Called by refresh_all (so after due_key is right) and by the migrations'
    backfills; `conn` as there.

    The reports come sorted by assignment and date, newest first, each assignment's taken
    from them by itertools.groupby."""
    db = _Driver(conn)
    received = ("FROM occurrence o JOIN deadline d ON d.id = o.deadline_id "
                "JOIN assignment a ON a.id = d.assignment_id "
                f"WHERE o.status = '{REPORTED}' AND o.due < a.due_key")  # the others count for nothing
    newest_first = "ORDER BY d.assignment_id, o.due DESC"
    late: dict[Any, list[Any]] = {}
    for aid, due in db.rows(f"SELECT d.assignment_id, o.due {received} AND o.acted_on > o.due {newest_first}"):
        late.setdefault(aid, []).append(due)
    months = months and spans
    columns = ("report_last", "report_prev", "late_last", "late_prev", *(SPAN_COPIES if spans else ()),
               *(MONTH_COPIES if months else ()))
    stored = {aid: tuple(rest) for aid, *rest in db.rows(
        f"SELECT id, {', '.join(columns)} FROM assignment WHERE {' OR '.join(f'{c} IS NOT NULL' for c in columns)}")}
    none = (None,) * len(columns)
    changed = []
    for aid, reports in groupby(db.rows(f"SELECT d.assignment_id, o.due {received} {newest_first}"), itemgetter(0)):
        if spans:
            dues = list(map(itemgetter(1), reports))
            came_late = late.get(aid, [])
            copies = (*report_copies(dues, came_late), *report_span(dues), *report_span(came_late))
            if months:
                copies = (*copies, *report_months(dues, came_late, copies[1]))
        else:  # groupby skips (in C) all but the first few that report_copies reads
            copies = report_copies(map(itemgetter(1), reports), late.get(aid, ()))
        if stored.pop(aid, none) != copies:
            changed.append((*copies, aid))
    changed += [(*none, aid) for aid in stored]  # no report received (left) before their due_key
    db.many(f"UPDATE assignment SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", changed)
    return len(changed)


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


class _Driver:
    """The few calls refresh_all makes, on a SQLAlchemy connection or a sqlite3 cursor; SQL
    written with `?` placeholders; dates handed over as the driver takes them."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.alchemy = hasattr(conn, "exec_driver_sql")
        self.postgres = self.alchemy and conn.dialect.name == "postgresql"

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def rows(self, sql: str, params: Any = ()) -> list[Any]:
        if self.alchemy:
            return list(self.conn.exec_driver_sql(self._sql(sql), tuple(params)).all())
        return self.conn.execute(sql, tuple(params)).fetchall()  # type: ignore[no-any-return]

    def run(self, sql: str) -> None:
        if self.alchemy:
            self.conn.exec_driver_sql(sql)
        else:
            self.conn.execute(sql)

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.alchemy:
            self.conn.exec_driver_sql(self._sql(sql), rows)
        else:
            self.conn.executemany(sql, rows)

    def day(self, value: date | None) -> Any:
        return value if value is None or self.postgres else value.isoformat()
