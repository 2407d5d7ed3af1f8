"""Reports over assignments: the per-agency scoreboard shown in meetings and in the TUI.

Statuses are those of `store.assignments.status_condition`, the SQL twin of
`store.deadlines.status_of` (one definition of "overdue", "done on time", "done late"),
spelt with literal status values so that the partial indexes of migration 0006 apply;
tests/store/test_scoreboard.py checks the counts against a plain GROUP BY over
assignment_agency with status_condition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, and_, bindparam, case, cast, func, literal_column, or_, select, union_all

from store.assignments import DEFAULT_SOON_DAYS, FAR_FUTURE, open_condition
from store.db import Database
from store.followup import MONTH_BITS
from store.models import Agency, Assignment, AssignmentAgency, Deadline, Occurrence
from store.text import fold, sort_key
from store.vocab import OPEN_WORK, AgencyRole, WorkStatus


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One lead agency's results (an assignment with two lead agencies counts for both).

    Attributes:
        agency_id: the agency (0 for the all-agencies total row).
        agency: its name ("" for the total row).
        total: assignments in the period, cancelled ones left out.
        done_on_time: done on or before the deadline in force (or with no deadline).
        done_late: done after the deadline in force.
        overdue: not done and past the deadline in force on `today`.
        pending: the rest: not yet due, due soon, paused.
    """

    agency_id: int
    agency: str
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    pending: int

    @property
    def judged(self) -> int:
        """Assignments whose outcome is known: done (either way) or overdue."""
        return self.done_on_time + self.done_late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """done on time / (done on time + done late + overdue); None when nothing is judged."""
        return self.done_on_time / self.judged if self.judged else None


def _period(start: date | None, end: date | None, today: date) -> Any:
    """In the period: the deadline in force falls in it, the work was done in it, or it was
    already overdue when the period began and is still not done (a backlog that a meeting
    must still see; otherwise "this year" would hide what has been late since last year).
    A period that has not begun yet carries nothing.

    With no bounds at all every assignment counts, including those with no deadline.

    Open work whose deadline in force is after the period (or that has none left) is in it
    too when a recurring report of it due in the period was received (see _received): it
    counts as done then, not dropped because recording the report moved its deadline on.
    """
    if start is None and end is None:
        return None
    return _period_of(start, end, begun=start is not None and start <= today)


def _period_of(start: Any, end: Any, *, begun: bool) -> Any:
    """_period with its bounds given as dates or as bound parameters (None: open)."""
    def within(column: Any) -> Any:
        parts = [column.is_not(None)]
        if start is not None:
            parts.append(column >= start)
        if end is not None:
            parts.append(column <= end)
        return and_(*parts)

    if not begun:
        return or_(within(Assignment.next_due), within(Assignment.done_on))
    carried = and_(open_condition(), Assignment.next_due < start)
    return or_(within(Assignment.next_due), within(Assignment.done_on), carried)


# --- counting in index ranges ------------------------------------------------------------------
#
# An agency's row is made of five counts of its non-cancelled assignments: done, done late,
# open (not started / in progress) and not overdue, open and overdue, paused; total = done +
# both open + paused, on time = done - late. Each is the sum of a few disjoint pieces, each
# piece a correlated COUNT(*) per agency over one range of an index of migrations 0006/0008
# (no CASE per row, no GROUP BY: SQLite visits only the entries it counts, and reads no
# column of them when the piece is a pure range of due_key):
#
# * work done, late, open or paused whose deadline in force falls in the period (or, open
#   work, before it: the carried backlog): one range of due_key per status, never filtered;
# * work done in the period but due outside it. Due before it, it was done late: a range of
#   ix_assignment_lead_late (due_key < start) filtered by the completion date, counted both
#   as done and as done late. Due after it (or never): a range of due_key filtered by the
#   completion date (never late: done_on > next_due > end is not in the period); of a closed
#   period (ended before today), a range of the completion dates of ix_assignment_lead_done
#   filtered by due_key instead (the range of due_key after it holds all the work since);
# * open or paused work with a completion date in the period but due outside the ranges
#   above (odd rows the form allows) are few: they are read as rows, one range of
#   ix_assignment_lead_done per agency, and counted in Python (_odd_rows).
#
# The pieces depend only on how the period's bounds lie (which exist, whether it has begun,
# which ranges are empty), so each shape's statement is compiled once and kept (_COMPILED),
# its dates bound at each run, its rows read as the driver gives them.

FAR = FAR_FUTURE - timedelta(days=1)
"""The last real deadline: due_key is next_due, or FAR_FUTURE when there is none."""

DONE, LATE, LATER, OVERDUE, PAUSED = range(5)
"""The five counts, in the order of a row's values."""

_UNRANGED_DONE_ON = func.coalesce(Assignment.done_on, Assignment.done_on)
"""done_on in a form no index range is made of: the pieces filtered by it are read in a
range of due_key (the done_on range of ix_assignment_lead_done holds many more rows)."""


_UNRANGED_DUE_KEY = func.coalesce(Assignment.due_key, Assignment.due_key)
"""due_key alike, for the pieces read in a range of completion dates ("done_by")."""


class _Piece(NamedTuple):
    """One count: which of the five it adds to, its kind and status (see _condition), and the
    names of its bounds (their dates are bound by _plan)."""

    adds_to: tuple[int, ...]
    kind: str
    status: str
    bounds: tuple[str, ...]


class _Odd(NamedTuple):
    """Which open or paused rows done in the period count (see _odd_rows): those due outside
    [open_lo, open_hi] (open work) or outside [start, due_hi] (paused work); None: no bound."""

    start: date | None
    end: date | None
    due_hi: date
    open_lo: date | None
    open_hi: date
    today: date


def _is(status: str) -> Any:
    """work_status = 'value' with the value written into the SQL: a partial index's predicate
    (ix_assignment_lead_late) is implied only by literal values."""
    return Assignment.work_status == literal_column(f"'{WorkStatus(status).value}'")


def _late() -> Any:
    """status_condition("done_late"), with the literal value."""
    return and_(_is(WorkStatus.DONE), Assignment.done_on > Assignment.next_due)


_STATUS = {
    "done": lambda: _is(WorkStatus.DONE), "late": _late, "open": open_condition,
    "paused": lambda: _is(WorkStatus.PAUSED),
}


def _plan(start: date | None, end: date | None, today: date) -> tuple[tuple[_Piece, ...], dict[str, date], _Odd | None]:
    """The pieces of a period (see _period), the dates to bind (named "p<piece>_<bound>"), and
    which odd rows count (None: none can).

    Bounds: lo / hi of due_key (inclusive), below / above (due_key < or > it), done_from /
    done_to of the completion date."""
    pieces: list[_Piece] = []
    values: dict[str, date] = {}

    def add(adds_to: tuple[int, ...], kind: str, status: str, **bounds: date | None) -> None:
        lo, hi = bounds.get("lo"), bounds.get("hi")
        if lo is not None and hi is not None and lo > hi:
            return  # an empty range
        given = {k: v for k, v in bounds.items() if v is not None}
        values.update({f"p{len(pieces)}_{k}": v for k, v in given.items()})
        pieces.append(_Piece(adds_to, kind, status, tuple(given)))

    overdue_to = today - timedelta(days=1)  # overdue: due_key < today
    if start is None and end is None:  # every assignment, whatever its dates
        add((DONE,), "range", "done")
        add((LATE,), "range", "late")
        add((LATER,), "range", "open", lo=today)
        add((OVERDUE,), "range", "open", hi=overdue_to)
        add((PAUSED,), "range", "paused")
        return tuple(pieces), values, None
    due_hi = min(end, FAR) if end is not None else FAR  # "due in the period": [start, due_hi]
    done_in = start is None or end is None or start <= end  # a completion date can fall in it
    add((DONE,), "range", "done", lo=start, hi=due_hi)
    add((LATE,), "range", "late", lo=start, hi=due_hi)
    if done_in:
        if start is not None:  # done in it, due before it: done late
            add((DONE, LATE), "done_in", "late", below=start, done_from=start, done_to=end)
        # due after it: a closed period's in the range of its completion dates (the range of
        # due_key after it holds all the work done since; the current one's, the other way)
        closed = start is not None and end is not None and end < today
        add((DONE,), "done_by" if closed else "done_in", "done", above=due_hi, done_from=start, done_to=end)
    # open work: due in the period, or before it (the backlog) when it has begun
    if start is not None and start <= today:
        open_lo, open_hi = None, max(due_hi, start - timedelta(days=1))
    else:
        open_lo, open_hi = start, due_hi
    add((OVERDUE,), "range", "open", lo=open_lo, hi=min(open_hi, overdue_to))
    add((LATER,), "range", "open", lo=max(open_lo or today, today), hi=open_hi)
    add((PAUSED,), "range", "paused", lo=start, hi=due_hi)
    odd = _Odd(start, end, due_hi, open_lo, open_hi, today) if done_in else None
    return tuple(pieces), values, odd


def _condition(index: int, piece: _Piece) -> Any:
    """A piece's WHERE clause (but for the agency), its dates as bound parameters."""
    def p(bound: str) -> Any:
        return bindparam(f"p{index}_{bound}")

    by_done = piece.kind == "done_by"  # a range of ix_assignment_lead_done: done_on, not due_key
    due = _UNRANGED_DUE_KEY if by_done else Assignment.due_key
    done_on = Assignment.done_on if by_done else _UNRANGED_DONE_ON
    parts = [_STATUS[piece.status]()]
    tests = {"lo": due.__ge__, "hi": due.__le__, "below": due.__lt__, "above": due.__gt__,
             "done_from": done_on.__ge__, "done_to": done_on.__le__}
    if piece.kind == "done_in":
        parts.append(Assignment.done_on.is_not(None))
    parts += [tests[b](p(b)) for b in piece.bounds]
    return and_(*parts)


# --- the statements, compiled once per shape --------------------------------------------------


def _counts(slot: Any, pieces: tuple[_Piece, ...]) -> list[Any]:
    """One count per piece of the assignments matching `slot` (one lead agency, or none):
    each a scalar subquery, read once even when its piece adds to two of the five counts
    (_five adds them up: SQLite evaluates a subquery written twice twice)."""
    return [select(func.count()).select_from(Assignment).where(slot, _condition(index, piece)).scalar_subquery()
            for index, piece in enumerate(pieces)]


def _five(pieces: tuple[_Piece, ...], counts: Any) -> list[int]:
    """The five counts from the counts of each piece (_counts)."""
    out = [0] * 5
    for piece, count in zip(pieces, counts, strict=True):
        for to in piece.adds_to:
            out[to] += int(count or 0)
    return out


_Reports = tuple[bool, bool, bool] | None
"""Whether the period's work acted on (reports received) is counted, by the shape of its
bounds: (has start, has end, whole months: see _whole_months); None: not counted (no bounds,
or an empty period)."""


def _agencies_stmt(pieces: tuple[_Piece, ...], co_leads: bool, filtered: bool, reports: _Reports) -> Any:
    """Agency id, name, the count of each piece of the assignments it leads first, then
    (co_leads) of those it leads second, then (reports) the sums of its work acted on in the period that the
    copies account for (_reported_sum), as first (and second) lead; over the agencies of
    `agency_ids` when filtered."""
    slots = [Assignment.lead_agency_id == Agency.id, *([Assignment.co_lead_agency_id == Agency.id] if co_leads else [])]
    columns = [count for slot in slots for count in _counts(slot, pieces)]
    if reports is not None:
        columns += [_reported_sum(slot, *reports) for slot in slots]
    # in the order of their ids, as the indexes hold them: each agency's ranges start where
    # (or just after where) the previous one's ended, in pages just read, instead of
    # anywhere in the indexes (by name, the order SQLite would otherwise read them in)
    stmt = select(Agency.id, Agency.name, *columns).order_by(Agency.id)
    if filtered:
        stmt = stmt.where(Agency.id.in_(bindparam("agency_ids", expanding=True)))
    return stmt


def _unled_stmt(pieces: tuple[_Piece, ...], reports: _Reports) -> Any:
    """The count of each piece over assignments without a lead agency (for the total row),
    then (reports) the sum of their work acted on in the period (_reported_sum)."""
    unled = Assignment.lead_agency_id.is_(None)
    return select(*_counts(unled, pieces), *([_reported_sum(unled, *reports)] if reports is not None else []))


_ODD_STATUSES = frozenset((*OPEN_WORK, WorkStatus.PAUSED.value))
"""Open or paused work: done in the period although not closed (see _odd_stmt)."""


def _odd_stmt(has_start: bool, has_end: bool, filtered: bool) -> Any:
    """(slot, agency, status, due_key) of open or paused work done in the period (bound:
    odd_start, odd_end), slot 1 for its first lead agency, 2 its second, 0 none (agency NULL).

    Each agency's rows are one range of ix_assignment_lead_done (or _co_lead_done): statuses
    after 'done' up to 'paused' (the open ones and paused, in the order of their values;
    _odd_rows keeps only those), then the completion date. The agency table is read first
    (unary + on its id: SQLite may not start from the assignments done in the period)."""
    def rows(tag: int, slot: Any) -> Any:
        agency = Agency.id if slot is not None else literal_column("NULL")
        stmt = select(literal_column(str(tag)), agency, Assignment.work_status, Assignment.due_key)
        if slot is None:
            stmt = stmt.select_from(Assignment).where(Assignment.lead_agency_id.is_(None))
        else:
            stmt = stmt.select_from(Agency).join(Assignment, slot == literal_column("+agency.id"))
            if filtered:
                stmt = stmt.where(Agency.id.in_(bindparam("agency_ids", expanding=True)))
        stmt = stmt.where(
            Assignment.done_on.is_not(None),
            Assignment.work_status > literal_column(f"'{WorkStatus.DONE.value}'"),
            Assignment.work_status <= literal_column(f"'{WorkStatus.PAUSED.value}'"),
        )
        if has_start:
            stmt = stmt.where(Assignment.done_on >= bindparam("odd_start"))
        if has_end:
            stmt = stmt.where(Assignment.done_on <= bindparam("odd_end"))
        return stmt

    return union_all(rows(1, Assignment.lead_agency_id), rows(2, Assignment.co_lead_agency_id), rows(0, None))


def _further_lead_rows(*columns: Any) -> Any:
    """SELECT agency, *columns for each third or further lead agency of the work with three
    leads or more (found by ix_assignment_many_leads, then its assignment_agency rows)."""
    return (
        select(AssignmentAgency.agency_id, *columns)
        .select_from(Assignment)
        .join(AssignmentAgency, and_(
            # unary +: SQLite may not start from assignment_agency (all of it) and look back
            AssignmentAgency.assignment_id == literal_column("+assignment.id"),
            AssignmentAgency.role == AgencyRole.LEAD.value,
            AssignmentAgency.agency_id != Assignment.lead_agency_id,
            AssignmentAgency.agency_id != Assignment.co_lead_agency_id,
        ))
        .where(Assignment.lead_count > literal_column("2"))
    )


def _more_leads_stmt(has_start: bool, has_end: bool, begun: bool) -> Any:
    """(agency, then the five conditions as 0/1) for each third or further lead agency: rare,
    so those assignments are found by ix_assignment_many_leads and read row by row (added up
    in Python: a GROUP BY agency would make SQLite walk assignment_agency by agency). Bound:
    ml_today, and ml_start / ml_end when the period has them."""
    today = bindparam("ml_today")
    measures = [_is(WorkStatus.DONE), _late(), and_(open_condition(), Assignment.due_key >= today),
                and_(open_condition(), Assignment.due_key < today), _is(WorkStatus.PAUSED)]
    stmt = _further_lead_rows(*[case((m, 1), else_=0) for m in measures])
    if not has_start and not has_end:
        return stmt
    return stmt.where(_period_of(bindparam("ml_start") if has_start else None,
                                 bindparam("ml_end") if has_end else None, begun=begun))


_COMPILED: dict[tuple[Any, ...], Any] = {}
"""The statements compiled, by (dialect, statement, shape): a few dozen at most (the shapes
of a period are few; see _plan)."""


def _fetch(session: Any, key: tuple[Any, ...], build: Callable[[], Any], values: dict[str, Any]) -> list[Any]:
    """Every row of the statement `build()` (compiled once per dialect and `key`, then kept)
    with `values` bound, as the driver gives them (driver SQL: no type processing of the
    results: counts, ids, names, statuses, and dates as ISO text on SQLite)."""
    conn = session.connection()
    full_key = (conn.dialect.name, *key)
    compiled = _COMPILED.get(full_key)
    if compiled is None:
        compiled = _COMPILED[full_key] = build().compile(dialect=conn.dialect)
    state = compiled.construct_expanded_state(values)
    params = {k: state.processors[k](v) if k in state.processors else v for k, v in state.parameters.items()}
    args = params if state.positiontup is None else tuple(params[k] for k in state.positiontup)
    return conn.exec_driver_sql(state.statement, args).all()  # type: ignore[no-any-return]


def _date(value: str | date) -> date:
    """A date as the driver gives it: ISO text on SQLite, a date on PostgreSQL."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _odd_rows(session: Any, odd: _Odd, agency_ids: list[int] | None) -> list[tuple[int, int | None, int]]:
    """(slot, agency, which of the five counts) of each odd row that counts (see _odd_stmt):
    open work due outside the open ranges (later or overdue by its deadline), paused work
    due outside the period."""
    values: dict[str, Any] = {k: v for k, v in (("odd_start", odd.start), ("odd_end", odd.end)) if v is not None}
    filtered = agency_ids is not None
    if filtered:
        values["agency_ids"] = agency_ids
    key = ("odd", odd.start is not None, odd.end is not None, filtered)
    out = []
    for slot, agency_id, status, due_key in _fetch(
            session, key, lambda: _odd_stmt(odd.start is not None, odd.end is not None, filtered), values):
        if status not in _ODD_STATUSES:
            continue
        due = _date(due_key)
        if status == WorkStatus.PAUSED.value:
            if not ((odd.start is None or due >= odd.start) and due <= odd.due_hi):
                out.append((slot, agency_id, PAUSED))
        elif not ((odd.open_lo is None or due >= odd.open_lo) and due <= odd.open_hi):
            out.append((slot, agency_id, LATER if due >= odd.today else OVERDUE))
    return out


# --- work acted on in the period: reports received --------------------------------------------
#
# Open work due after the period (its deadline in force later, or none left) and not done in
# it counts as done in the period when a report of it due in the period was received, late when
# one of those came after its due date, as a one-off deadline in force in the period would:
# recording a report moves the deadline in force to the next occurrence, often past the period,
# and the work acted on would otherwise drop out of the period's results. The work's report
# copies (migration 0010, store.followup.report_copies) say so for nearly all of it: it is
# counted per agency, with the pieces above, in one range of ix_assignment_lead_reported (or
# _co_lead_reported), both counts in one sum (_BOTH). The work whose copies do not say (two
# reports received due after the period's end: a past period, mostly) is read from its reports
# (_unknown_stmt). Bound: rp_due_hi (the period's due_hi), rp_start and rp_end if it has them.

_BOTH = (1 << 32) + 1
"""What work counted as done late adds to its agency's sum of work acted on in the period
(_reported_sum), work done on time 1: the sum is done + (late << 32). One pass over the index
range gives both counts (a second count of the late ones would walk the range again)."""


def _unpack(total: Any) -> tuple[int, int]:
    """(done, late) of a sum of _reported_sum."""
    total = int(total or 0)
    return total & 0xFFFFFFFF, total >> 32


def _reported_base(has_start: bool, has_end: bool, *, by_due: bool = True) -> Any:
    """Open work with a report received (ix_assignment_lead_reported's predicate, spelt as it
    is), due after the period and not done in it (open work done in it is an odd row). Not
    by_due: no index range of due_key is made of it."""
    done = Assignment.done_on
    outside = [done.is_(None)]
    if has_start:
        outside.append(done < bindparam("rp_start"))
    if has_end:
        outside.append(done > bindparam("rp_end"))
    due_key = Assignment.due_key if by_due else func.coalesce(Assignment.due_key, Assignment.due_key)
    return and_(open_condition(), Assignment.report_last.is_not(None), due_key > bindparam("rp_due_hi"),
                or_(*outside))


def _received(has_start: bool, has_end: bool, months: bool = False) -> tuple[Any, Any, Any | None]:
    """(received, late, unknown) of work due after the period, from its report copies: a
    report of it due in the period was received; one of those came late (where received and
    not unknown); the copies do not say (None: they always do unless the period has both
    bounds). Bound: rp_start, rp_end, and rp_span ((end - start).days + 2) with both.

    Every report due by the period's end is due before due_key (the work is due after the
    period), so by report_last; by report_prev when report_last is after the end. So a report
    due in the period was received when report_last is in the period, or after it with
    report_prev in it (before it: none); the late ones among them are due by late_last, or
    late_prev (the latest before report_last).

    When report_prev is after the end too (migration 0011): none was received when the
    earliest (report_first) is after the end, one was when it is in the period; when it is
    before the period, one was if no gap between two reports (report_gap) is as long as the
    period plus a day on each side (rp_span): otherwise unknown. The late ones alike, by
    late_prev, then late_first and late_gap. A period without a start: the earliest is
    enough (report_first, late_first up to the end).

    A period of whole months (`months`; migration 0012) is answered there by the months of
    the reports (report_bits, late_bits) when report_prev's month is no more than 62 after
    its first (rp_month_lim): a bit set among report_month - rp_month_end and the rp_month_width
    bits above it (rp_month_mask). Unknown then only past that (report_prev from
    rp_prev_from, see _whole_months)."""
    last, prev, first = Assignment.report_last, Assignment.report_prev, Assignment.report_first
    late_last, late_prev, late_first = Assignment.late_last, Assignment.late_prev, Assignment.late_first
    end: Any = bindparam("rp_end")

    if not has_end:
        return last >= bindparam("rp_start"), late_last >= bindparam("rp_start"), None
    if not has_start:
        return first <= end, late_first <= end, None
    start, span = bindparam("rp_start"), bindparam("rp_span")
    # of work whose two latest reports are due after the end, and the earliest before the
    # start: a report due in the period certainly received; one received late certainly
    # among them or certainly not (never NULL: each column is tested after those that say it
    # is there)
    spanned = Assignment.report_gap < span
    late_known = or_(late_prev.is_(None), late_prev <= end, late_first >= start, Assignment.late_gap < span)
    # in turn: each test only where those before do not answer (the index's entries are read
    # once each, most of them by the first test or two)
    received = and_(first <= end, case(
        (last <= end, last >= start),
        (prev <= end, prev >= start),
        else_=or_(first >= start, and_(spanned, late_known))))
    late = and_(late_first <= end, case(
        (last <= end, late_last >= start),
        (late_prev <= end, late_prev >= start),
        else_=or_(late_first >= start, Assignment.late_gap < span)))
    unknown = and_(first < start, prev > end, or_(~spanned, ~late_known))  # report_last > report_prev
    if months:
        in_bits = Assignment.report_month <= bindparam("rp_month_lim")
        received = and_(first <= end, case(
            (last <= end, last >= start),
            (prev <= end, prev >= start),
            (in_bits, _has_month(Assignment.report_bits)),
            else_=or_(first >= start, and_(spanned, late_known))))
        late = and_(late_first <= end, case(
            (last <= end, late_last >= start),
            (late_prev <= end, late_prev >= start),
            (in_bits, _has_month(Assignment.late_bits)),
            else_=or_(late_first >= start, Assignment.late_gap < span)))
        # report_prev from rp_prev_from (after the end, and past the months' reach): a range
        unknown = and_(first < start, prev >= bindparam("rp_prev_from"), or_(~spanned, ~late_known))
    return received, late, unknown


def _has_month(bits: Any) -> Any:
    """A bit of `bits` (report_bits or late_bits) set for a month of the period: those of
    report_month - rp_month_end and the rp_month_width - 1 months before it (rp_month_mask)."""
    shifted = bits.op(">>")(Assignment.report_month - bindparam("rp_month_end")).self_group()
    return shifted.op("&")(cast(bindparam("rp_month_mask"), BigInteger)).self_group() != literal_column("0")


def _reported_sum(slot: Any, has_start: bool, has_end: bool, months: bool) -> Any:
    """The work of `slot` (one lead agency, or none) acted on in the period that its report
    copies account for: done + (late << 32) (see _BOTH)."""
    received, late, _ = _received(has_start, has_end, months)
    weight = case((and_(Assignment.late_last.is_not(None), late), literal_column(str(_BOTH))),
                  else_=literal_column("1"))
    return (select(func.sum(weight)).select_from(Assignment)
            .where(slot, _reported_base(has_start, has_end), received).scalar_subquery())


def _unknown_stmt(months: bool) -> Any:
    """(assignment, first lead, second lead, lead count, 0/1 late) of each report received due
    in the period of the work whose report copies do not say (_received; a period with both
    bounds shorter than the gaps between the work's reports): one range of
    ix_assignment_reported_twice (report_prev after the end; the copies read off its entries),
    then each one's deadlines (ix_deadline_agenda) and their reports due in the period
    (ix_occurrence_reported). Not grouped by assignment: SQLite would rather read the whole
    table in the order of its ids (see _unknown_rows)."""
    _, _, unknown = _received(True, True, months)
    due = Occurrence.due
    in_period = [due <= bindparam("rp_end"), due >= bindparam("rp_start")]
    return (
        select(Assignment.id, Assignment.lead_agency_id, Assignment.co_lead_agency_id, Assignment.lead_count,
               case((Occurrence.acted_on > due, 1), else_=0))
        .select_from(Assignment)
        # unary +: SQLite may not start from the reports (all of them) and look back
        .join(Deadline, Deadline.assignment_id == literal_column("+assignment.id"))
        .join(Occurrence, and_(Occurrence.deadline_id == literal_column("+deadline.id"),
                               Occurrence.status == literal_column("'reported'"), *in_period))
        # the copies first: they turn down nearly every entry of the range
        .where(unknown, _reported_base(True, True, by_due=False), Assignment.report_prev.is_not(None))
    )


def _unknown_rows(session: Any, odd: _Odd, months: bool | None = None) -> dict[int, tuple[Any, Any, int, bool]]:
    """assignment -> (first lead, second lead, lead count, late) of the work acted on in the
    period that its report copies do not account for (_unknown_stmt): late when one of its
    reports due in the period came late. `months`: whether the report months (migration 0012)
    are used (None: when the period allows, as _tally does)."""
    out: dict[int, tuple[Any, Any, int, bool]] = {}
    if months is None:
        months = _whole_months(odd) is not None
    for aid, lead, co_lead, count, late in _fetch(session, ("unknown", months), lambda: _unknown_stmt(months),
                                                  _reported_values(odd)):
        seen = out.get(aid)
        out[aid] = (lead, co_lead, count, bool(late) or (seen is not None and seen[3]))
    return out


def _more_leads_reported_stmt(has_start: bool, has_end: bool, months: bool) -> Any:
    """(agency, 0/1 late) for each third or further lead agency of work with three leads or more
    counted by its report copies (as _more_leads_stmt: rare, read row by row)."""
    received, late, _ = _received(has_start, has_end, months)
    # not by due_key: open work due after the period is many, the work with three leads few
    return _further_lead_rows(case((late, 1), else_=0)).where(_reported_base(has_start, has_end, by_due=False),
                                                              received)


def _reported_values(odd: _Odd) -> dict[str, Any]:
    """The bounds of the work acted on in the period (the period's: see _plan)."""
    values: dict[str, Any] = {"rp_due_hi": odd.due_hi}
    values.update({k: v for k, v in (("rp_start", odd.start), ("rp_end", odd.end)) if v is not None})
    if odd.start is not None and odd.end is not None:  # a gap this long may straddle it (_received)
        values["rp_span"] = (odd.end - odd.start).days + 2
    months = _whole_months(odd)
    if months is not None:
        first, last = months
        values.update(rp_month_end=last, rp_month_lim=first + MONTH_BITS - 1,
                      rp_month_mask=(1 << (last - first + 1)) - 1,
                      rp_prev_from=max(odd.end + timedelta(days=1), _month_start(first + MONTH_BITS)))
    return values


def _whole_months(odd: _Odd) -> tuple[int, int] | None:
    """(first, last) month (year * 12 + month - 1) of a period of whole months, at most
    MONTH_BITS - 1 of them (a month, a quarter, a year...), answered by the report months of
    migration 0012 (_received); None for any other period."""
    start, end = odd.start, odd.end
    if start is None or end is None or start.day != 1 or (end + timedelta(days=1)).day != 1 or end < start:
        return None
    first, last = start.year * 12 + start.month - 1, end.year * 12 + end.month - 1
    return (first, last) if last - first + 1 < MONTH_BITS else None


def _month_start(month: int) -> date:
    """The first day of a month given as year * 12 + month - 1 (date.max's year at most)."""
    return date(min(month // 12, 9999), month % 12 + 1, 1)


def _further_leads(session: Any, ids: list[int]) -> list[tuple[int, int]]:
    """(assignment, agency) of the third and further lead agencies of the assignments `ids`."""
    out: list[tuple[int, int]] = []
    for i in range(0, len(ids), 500):
        out += session.execute(
            select(AssignmentAgency.assignment_id, AssignmentAgency.agency_id)
            .join(Assignment, Assignment.id == AssignmentAgency.assignment_id)
            .where(AssignmentAgency.assignment_id.in_(ids[i:i + 500]),
                   AssignmentAgency.role == AgencyRole.LEAD.value,
                   or_(Assignment.lead_agency_id.is_(None), AssignmentAgency.agency_id != Assignment.lead_agency_id),
                   or_(Assignment.co_lead_agency_id.is_(None),
                       AssignmentAgency.agency_id != Assignment.co_lead_agency_id))).all()
    return out


def _add_acted(counts: Any, acted: Any) -> list[int]:
    """The five counts with the work acted on in the period (a sum of _reported_sum) added."""
    done, late = _unpack(acted)
    out = [int(c or 0) for c in counts]
    out[DONE] += done
    out[LATE] += late
    return out


def _row(agency_id: int, name: str, counts: Any) -> ScoreRow:
    done, late, later, overdue, paused = (int(c or 0) for c in counts)
    total = done + later + overdue + paused
    return ScoreRow(
        agency_id=agency_id, agency=name, total=total, done_on_time=done - late, done_late=late,
        overdue=overdue, pending=total - done - overdue,
    )


def _tally(session: Any, start: date | None, end: date | None, today: date, agency_ids: list[int] | None,
           *, per_agency: bool, total: bool) -> tuple[list[ScoreRow], ScoreRow | None]:
    """The per-agency rows (per_agency; of the agencies in `agency_ids` when given) and the
    total row (total; each assignment once: by its first lead agency, or without one), from
    one reading of the agencies' first-lead counts."""
    pieces, values, odd = _plan(start, end, today)
    filtered = agency_ids is not None
    if filtered:
        values = {**values, "agency_ids": agency_ids}
    # work acted on in the period (reports received) is counted when work done in it is
    reports: _Reports = ((odd.start is not None, odd.end is not None, _whole_months(odd) is not None)
                         if odd is not None else None)
    if odd is not None:
        values = {**values, **_reported_values(odd)}
    # the first and (per_agency) second lead agencies in one pass
    agencies = _fetch(session, ("agencies", pieces, per_agency, filtered, reports),
                      lambda: _agencies_stmt(pieces, per_agency, filtered, reports), values)
    counts: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    sums = [0] * 5
    n = len(pieces)
    for agency_id, name, *found in agencies:
        names[agency_id] = name
        first, second = _five(pieces, found[:n]), _five(pieces, found[n:2 * n]) if per_agency else None
        acted = found[2 * n if per_agency else n:]
        if acted:  # the sums of work acted on, as first (and second) lead
            first = _add_acted(first, acted[0])
            if second is not None:
                second = _add_acted(second, acted[1])
        counts[agency_id] = [a + b for a, b in zip(first, second, strict=True)] if second is not None else first
        if total:
            sums = [a + b for a, b in zip(sums, first, strict=True)]
    if total:
        unled = _fetch(session, ("unled", pieces, reports), lambda: _unled_stmt(pieces, reports), values)[0]
        found = _five(pieces, unled[:n])
        sums = [a + b for a, b in zip(sums, _add_acted(found, unled[n]) if reports else found, strict=True)]
    if odd is not None:
        for slot, agency_id, to in _odd_rows(session, odd, agency_ids):
            if total and slot in (0, 1):
                sums[to] += 1
            if per_agency and slot in (1, 2):
                counts[agency_id][to] += 1
    if odd is not None and odd.start is not None and odd.end is not None:  # acted on, the copies do not say
        unknown = _unknown_rows(session, odd)
        for lead, co_lead, _, late in unknown.values():
            adds = (DONE, LATE) if late else (DONE,)
            for to in adds:
                if total:
                    sums[to] += 1
                if per_agency:
                    for agency_id in (lead, co_lead):
                        if agency_id in counts:
                            counts[agency_id][to] += 1
        if per_agency:
            late_of = {aid: late for aid, (_, _, n, late) in unknown.items() if n > 2}
            for aid, agency_id in _further_leads(session, list(late_of)) if late_of else ():
                if agency_id in counts:
                    for to in ((DONE, LATE) if late_of[aid] else (DONE,)):
                        counts[agency_id][to] += 1
    rows: list[ScoreRow] = []
    if per_agency:  # then the rare third and further lead agencies
        for agency_id, *found in _more_leads(session, start, end, today):
            if agency_id in counts:
                counts[agency_id] = [a + b for a, b in zip(counts[agency_id], found, strict=True)]
        if reports is not None and odd is not None:
            for agency_id, late in _fetch(session, ("more_leads_reported", reports),
                                          lambda: _more_leads_reported_stmt(*reports),
                                          _reported_values(odd)):
                if agency_id in counts:
                    counts[agency_id][DONE] += 1
                    counts[agency_id][LATE] += late
        rows = _in_name_order([r for r in (_row(i, names[i], c) for i, c in counts.items()) if r.total])
    return rows, (_row(0, "", sums) if total else None)


def _more_leads(session: Any, start: date | None, end: date | None, today: date) -> list[Any]:
    has_start, has_end = start is not None, end is not None
    begun = start is not None and start <= today
    values: dict[str, Any] = {"ml_today": today}
    values.update({k: v for k, v in (("ml_start", start), ("ml_end", end)) if v is not None})
    return _fetch(session, ("more_leads", has_start, has_end, begun),
                  lambda: _more_leads_stmt(has_start, has_end, begun), values)


def _agency_ids(session: Any, agency: str | None) -> list[int] | None:
    """The agencies whose name contains `agency` (diacritics ignored); None: no filter."""
    if not agency:
        return None
    key = fold(agency)
    return [i for i, name in session.execute(select(Agency.id, Agency.name)) if key in fold(name)]


def scoreboard(
    db: Database,
    *,
    start: date | None,
    end: date | None,
    today: date,
    agency: str | None = None,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> list[ScoreRow]:
    """Per lead agency: total, done on time, done late, overdue, in Vietnamese name order.

    Args:
        start, end: the period (inclusive; None leaves that side open). An assignment is in
            it when its deadline in force or its completion date falls in it, or (a period
            that has begun) when it was already overdue at its start and is still not done.
        today: the day statuses are judged on (overdue means past due on `today`).
        agency: keep only agencies whose name contains this (diacritics ignored).
        soon_days: not used by these counts ("due soon" is pending); kept for callers.
    """
    with db.read() as session:
        rows, _ = _tally(session, start, end, today, _agency_ids(session, agency), per_agency=True, total=False)
    return rows


def scoreboard_with_total(
    db: Database,
    *,
    start: date | None,
    end: date | None,
    today: date,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> tuple[list[ScoreRow], ScoreRow]:
    """scoreboard() of every agency and scoreboard_total() in one transaction, the first lead
    agencies' counts read once for both (what the Results view and the export show)."""
    with db.read() as session:
        rows, total = _tally(session, start, end, today, None, per_agency=True, total=True)
    assert total is not None
    return rows, total


_NAME_KEYS: dict[str, Any] = {}
"""store.text.sort_key of agency names, kept: a thousand names sorted at every scoreboard
cost more than counting (each letter decomposed), and the names hardly ever change."""

_ORDERS: dict[tuple[str, ...], dict[str, int]] = {}
"""name -> rank in Vietnamese order, by the tuple of names ranked: comparing a thousand sort
keys (tuples of tuples, alike over their first words) costs more than the rest of the
scoreboard's Python; the same names come back at every call, and checking that they are the
same is one comparison of tuples of strings."""


def _name_key(name: str) -> Any:
    key = _NAME_KEYS.get(name)
    if key is None:
        if len(_NAME_KEYS) > 20_000:
            _NAME_KEYS.clear()
        key = _NAME_KEYS[name] = sort_key(name)
    return key


def _in_name_order(rows: list[ScoreRow]) -> list[ScoreRow]:
    """`rows` in Vietnamese order of their agency names (store.text.sort_key)."""
    names = tuple(r.agency for r in rows)
    rank = _ORDERS.get(names)
    if rank is None:
        if len(_ORDERS) > 16:
            _ORDERS.clear()
        rank = _ORDERS[names] = {n: i for i, n in enumerate(sorted(set(names), key=_name_key))}
    return sorted(rows, key=lambda r: rank[r.agency])


def scoreboard_total(
    db: Database,
    *,
    start: date | None,
    end: date | None,
    today: date,
    soon_days: int = DEFAULT_SOON_DAYS,
) -> ScoreRow:
    """The same counts over all assignments, each counted once (co-led ones too): the first
    lead agencies' counts added up, and those of assignments without a lead agency."""
    with db.read() as session:
        _, total = _tally(session, start, end, today, None, per_agency=False, total=True)
    assert total is not None
    return total
