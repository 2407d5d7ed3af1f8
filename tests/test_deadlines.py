"""Deadline phrases, due dates, report occurrences and the one status definition.

Expected dates are worked out by hand from the calendar (see tests/test_calendar.py for the
days off they rely on); the seed phrases are checked to really occur in the seed texts.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from dateutil.rrule import rrulestr
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from store.calendar import Computed, WorkCalendar
from store.deadlines import (
    CADENCES,
    DeadlineSpec,
    NotUnderstood,
    Occurrence,
    Period,
    ReportPolicy,
    Status,
    compute_due,
    days_left,
    days_overdue,
    due_in_force,
    due_text,
    find_deadline_phrases,
    occurrences,
    parse_deadline,
    status_of,
)
from store.i18n import CATALOGUE
from store.text import fold
from store.vocab import WorkStatus

D = date
CAL = WorkCalendar()
POLICY = ReportPolicy()
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def seed_text(number: int) -> str:
    (path,) = SEEDS.glob(f"{number:03d}_*.txt")
    return path.read_text(encoding="utf-8")


def spec(phrase: str, **kw: object) -> DeadlineSpec:
    """Parse and insist it was understood (a failure shows the reason)."""
    result = parse_deadline(phrase, **kw)  # type: ignore[arg-type]
    assert isinstance(result, DeadlineSpec), f"{phrase!r}: {result}"
    return result


# --- the five seeds ------------------------------------------------------------------------------

# (seed, phrase exactly as in the seed, kind, cadences, adhoc)
SEED_PHRASES = [
    (0, "báo cáo định kỳ năm 2021", "recurring", ("annual",), False),
    (0, "định kỳ quý, 6 tháng, năm và đột xuất", "recurring", ("quarterly", "semiannual", "annual"), True),
    (0, "Sáu tháng 01 lần", "recurring", ("semiannual",), False),
    (0, "Định kỳ hằng quý", "recurring", ("quarterly",), False),
    (0, "hằng năm", "recurring", ("annual",), False),
    (1, "cuối năm 2025", "period_end", (), False),
    (2, "6 tháng đầu năm 2021", "period_end", (), False),
    (2, "quý I/2021", "period_end", (), False),
    (3, "định kỳ 6 tháng, hàng năm và trong trường hợp cần thiết", "recurring", ("semiannual", "annual"), True),
    (3, "định kỳ 6 tháng, hàng năm", "recurring", ("semiannual", "annual"), False),
    (3, "trong trường hợp cần thiết", "adhoc", (), True),
]


@pytest.mark.parametrize(("seed", "phrase", "kind", "cadences", "adhoc"), SEED_PHRASES)
def test_seed_phrases(seed: int, phrase: str, kind: str, cadences: tuple[str, ...], adhoc: bool) -> None:
    assert phrase in seed_text(seed)
    s = spec(phrase)
    assert (s.kind, s.cadences, s.adhoc, s.phrase) == (kind, cadences, adhoc, phrase)


def test_seed_periodic_report_of_2021_is_one_annual_report() -> None:
    # Seed 000 (13/09/2021): results go "trong báo cáo định kỳ năm 2021" — the annual report
    # for 2021, one report, due by the office's rule (15/12/2021, a Wednesday).
    s = spec("báo cáo định kỳ năm 2021", issued=D(2021, 9, 13))
    assert (s.starts, s.until) == (D(2021, 1, 1), D(2021, 12, 31))
    occ = occurrences(s, D(2020, 1, 1), D(2023, 12, 31), POLICY, CAL)
    assert [(o.due, o.label) for o in occ] == [(D(2021, 12, 15), "Năm 2021")]
    computed = compute_due(s, None, CAL, POLICY)
    assert isinstance(computed, Computed) and computed.due == D(2021, 12, 15)


def test_seed_year_end_goal() -> None:
    s = spec("cuối năm 2025")
    assert s.period == Period(2025, "year")
    computed = compute_due(s, None, CAL, POLICY)
    assert isinstance(computed, Computed) and computed.due == D(2025, 12, 31)


@pytest.mark.parametrize(
    ("seed", "phrase"),
    [
        (0, "định kỳ sơ kết, tổng kết"),  # a periodic review, but how often is not said
        (1, "định kỳ báo cáo kết quả cho Ban Thường vụ Tỉnh ủy"),
        (4, "theo quy định"),
    ],
)
def test_seed_phrases_that_say_no_period(seed: int, phrase: str) -> None:
    assert phrase in seed_text(seed)
    result = parse_deadline(phrase)
    assert isinstance(result, NotUnderstood) and result.reason and result.phrase == phrase
    assert not result


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        (0, ["định kỳ năm 2021", "định kỳ quý, 6 tháng, năm và đột xuất", "Sáu tháng 01 lần", "Định kỳ hằng quý"]),
        (1, ["cuối năm 2025"]),
        (3, ["định kỳ 6 tháng, hàng năm và trong trường hợp cần thiết"]),
    ],
)
def test_find_phrases_in_seeds(seed: int, expected: list[str]) -> None:
    found = find_deadline_phrases(seed_text(seed))
    for phrase in expected:
        assert phrase in found
    text = seed_text(seed)
    assert all(p in text for p in found)


def test_find_phrases_skips_citation_dates_and_background() -> None:
    found = find_deadline_phrases(seed_text(4))
    # Seed 004 cites many dated documents and says "kể từ ngày 01/7/2025" about the past.
    assert not any("01/7/2025" in p or "31/12/2024" in p for p in found)
    assert "6 tháng" not in find_deadline_phrases("Năm 2020 và 6 tháng đầu năm 2021, tình hình")


# --- phrasings beyond the seeds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("trước ngày 15/12/2025", D(2025, 12, 15)),
        ("chậm nhất ngày 30/6/2026", D(2026, 6, 30)),
        ("Chậm nhất là ngày 30.06.2026", D(2026, 6, 30)),
        ("ngày 25 tháng 8 năm 2021", D(2021, 8, 25)),
        ("hạn 2025-12-15", D(2025, 12, 15)),
        ("Hạn: 15/12/2025", D(2025, 12, 15)),
        ("trước 15/12/2025", D(2025, 12, 15)),
        ("gửi báo cáo trước 17 giờ ngày 15/12/2025", D(2025, 12, 15)),
        ("hoàn thành trước ngày 15 tháng 12 năm 2025", D(2025, 12, 15)),
        ("không quá ngày 01/3/2027", D(2027, 3, 1)),
    ],
)
def test_dates(phrase: str, due: date) -> None:
    s = spec(phrase)
    assert (s.kind, s.due) == ("date", due)
    computed = compute_due(s, None, CAL, POLICY)
    assert isinstance(computed, Computed) and computed.due == due  # the named day is kept


@pytest.mark.parametrize(
    ("phrase", "period", "due"),
    [
        ("cuối năm 2025", Period(2025, "year"), D(2025, 12, 31)),
        ("trong năm 2025", Period(2025, "year"), D(2025, 12, 31)),
        ("đến hết năm 2030", Period(2030, "year"), D(2030, 12, 31)),
        ("quý III năm 2002", Period(2002, "quarter", 3), D(2002, 9, 30)),
        ("6 tháng đầu năm 2026", Period(2026, "half", 1), D(2026, 6, 30)),
        ("trong 6 tháng cuối năm 2026", Period(2026, "half", 2), D(2026, 12, 31)),
        ("tháng 10/2025", Period(2025, "month", 10), D(2025, 10, 31)),
        ("trong tháng 10 năm 2025", Period(2025, "month", 10), D(2025, 10, 31)),
        ("cuối quý II/2026", Period(2026, "quarter", 2), D(2026, 6, 30)),
        ("cuối quý 2/2026", Period(2026, "quarter", 2), D(2026, 6, 30)),
        ("Cuối Quý IV/2026", Period(2026, "quarter", 4), D(2026, 12, 31)),
        ("hết quý I năm 2028", Period(2028, "quarter", 1), D(2028, 3, 31)),
        ("9 tháng đầu năm 2026", Period(2026, "ytd", 9), D(2026, 9, 30)),
        # Leap year: February 2028 ends on the 29th, a Tuesday.
        ("tháng 2/2028", Period(2028, "month", 2), D(2028, 2, 29)),
        # 28/02/2027 is a Sunday: the limit ends on Monday 01/03 (art. 148).
        ("tháng 2/2027", Period(2027, "month", 2), D(2027, 3, 1)),
        # 31/12/2028 is a Sunday and 01/01/2029 a holiday.
        ("cuối năm 2028", Period(2028, "year"), D(2029, 1, 2)),
    ],
)
def test_period_ends(phrase: str, period: Period, due: date) -> None:
    s = spec(phrase)
    assert (s.kind, s.period) == ("period_end", period)
    computed = compute_due(s, None, CAL, POLICY)
    assert isinstance(computed, Computed) and computed.due == due
    assert computed.explanation.startswith(due.strftime("%d/%m/%Y"))


@pytest.mark.parametrize(
    ("phrase", "days", "months", "working", "event"),
    [
        ("trong thời hạn 10 ngày làm việc kể từ ngày nhận", 10, None, True, "nhận"),
        ("trong vòng 15 ngày kể từ ngày ký", 15, None, False, "ký"),
        ("05 ngày làm việc", 5, None, True, None),
        ("05 (năm) ngày làm việc kể từ ngày nhận được văn bản", 5, None, True, "nhận được văn bản"),
        ("trong vòng mười lăm ngày kể từ ngày ban hành", 15, None, False, "ban hành"),
        ("trong 03 tháng kể từ ngày ký", None, 3, False, "ký"),
    ],
)
def test_relative(phrase: str, days: int | None, months: int | None, working: bool, event: str | None) -> None:
    s = spec(phrase)
    assert (s.kind, s.days, s.months, s.working, s.event) == ("relative", days, months, working, event)


@pytest.mark.parametrize(
    ("phrase", "event", "due"),
    [
        ("trong thời hạn 10 ngày làm việc kể từ ngày nhận", D(2027, 2, 1), D(2027, 2, 22)),
        ("trong vòng 15 ngày kể từ ngày ký", D(2026, 1, 30), D(2026, 2, 23)),
        ("05 ngày làm việc", D(2026, 4, 28), D(2026, 5, 7)),  # 29/04, then 30/04–03/05 off, 04–07/05
        ("trong 03 tháng kể từ ngày ký", D(2027, 11, 30), D(2028, 2, 29)),  # no 30/02: month end
        ("trong 03 tháng kể từ ngày ký", D(2026, 11, 30), D(2027, 3, 1)),  # 28/02/2027 is Sunday
    ],
)
def test_relative_due(phrase: str, event: date, due: date) -> None:
    computed = compute_due(spec(phrase), event, CAL, POLICY)
    assert isinstance(computed, Computed) and computed.due == due


def test_relative_without_event_is_not_understood() -> None:
    result = compute_due(spec("trong thời hạn 10 ngày làm việc kể từ ngày nhận"), None, CAL, POLICY)
    assert isinstance(result, NotUnderstood) and "nhận" in result.reason


@pytest.mark.parametrize(
    ("phrase", "cadences", "adhoc", "until"),
    [
        ("hàng quý", ("quarterly",), False, None),
        ("6 tháng", ("semiannual",), False, None),
        ("hàng năm", ("annual",), False, None),
        ("sáu tháng một lần", ("semiannual",), False, None),
        ("quý, 6 tháng, năm và đột xuất", ("quarterly", "semiannual", "annual"), True, None),
        ("hằng tháng", ("monthly",), False, None),
        ("định kỳ hằng tháng, hằng quý", ("monthly", "quarterly"), False, None),
        ("định kỳ 6 tháng, hằng năm", ("semiannual", "annual"), False, None),
        ("hằng năm đến hết năm 2030", ("annual",), False, D(2030, 12, 31)),
        ("định kỳ hằng quý, đến năm 2030", ("quarterly",), False, D(2030, 12, 31)),
        ("định kỳ 3 tháng 01 lần", ("quarterly",), False, None),
        ("mỗi năm một lần", ("annual",), False, None),
        ("định kỳ nửa năm", ("semiannual",), False, None),
        ("báo cáo định kỳ hằng quý và khi có yêu cầu", ("quarterly",), True, None),
        ("định kỳ hằng năm đến ngày 30/6/2027", ("annual",), False, D(2027, 6, 30)),
    ],
)
def test_cadences(phrase: str, cadences: tuple[str, ...], adhoc: bool, until: date | None) -> None:
    s = spec(phrase)
    assert (s.kind, s.cadences, s.adhoc, s.until) == ("recurring", cadences, adhoc, until)


def test_adhoc_alone_has_no_date() -> None:
    s = spec("đột xuất")
    assert (s.kind, s.cadences, s.adhoc) == ("adhoc", (), True)
    assert isinstance(compute_due(s, D(2026, 1, 1), CAL, POLICY), NotUnderstood)
    assert occurrences(s, D(2026, 1, 1), D(2026, 12, 31), POLICY, CAL) == []


@pytest.mark.parametrize(
    "phrase",
    [
        "hang quy",
        "Hang Quy",
        "Dinh ky hang quy",
        "đinh kỳ hằng quý",  # OCR dropped the hook of "định"
        "ĐỊNH KỲ HẰNG QUÝ",
        "định  kỳ\nhằng quý",
        unicodedata.normalize("NFD", "Định kỳ hằng quý"),
        "hăng quý",
    ],
)
def test_diacritic_and_ocr_variants(phrase: str) -> None:
    s = spec(phrase)
    assert (s.kind, s.cadences) == ("recurring", ("quarterly",))


def test_nfd_dates_and_periods() -> None:
    assert spec(unicodedata.normalize("NFD", "chậm nhất ngày 30/6/2026")).due == D(2026, 6, 30)
    assert spec(unicodedata.normalize("NFD", "cuối quý II/2026")).period == Period(2026, "quarter", 2)
    assert spec("cuoi quy II/2026").period == Period(2026, "quarter", 2)


@pytest.mark.parametrize(
    "phrase",
    [
        "mua rau",
        "",
        "   ",
        "asdf 123",
        "ngày 31/02/2026",
        "32/13/2025",
        "quý",
        "năm",
        "năm 2025",  # within the year or at its end? not said
        "trước quý III/2026",  # before the quarter starts, or by its end?
        "giữa năm 2026",
        "trong vòng 0 ngày kể từ ngày nhận",
        "hằng tuần",  # weekly reporting is not a supported cadence
        "định kỳ",
        "05 (sáu) ngày làm việc",  # figures and words disagree
        "quý V/2026",
        "tháng 13/2026",
        "Chi thị số 09-CT/TU",
    ],
)
def test_nonsense_is_not_understood(phrase: str) -> None:
    result = parse_deadline(phrase)
    assert isinstance(result, NotUnderstood)
    assert result.reason and result.reason_en and result.text("en") == result.reason_en


def test_missing_year_comes_from_the_issue_date() -> None:
    assert isinstance(parse_deadline("trước ngày 15/12"), NotUnderstood)
    assert spec("trước ngày 15/12", issued=D(2025, 10, 20)).due == D(2025, 12, 15)
    # Written in December about mid-January: next January.
    assert spec("trước ngày 15/01", issued=D(2025, 12, 20)).due == D(2026, 1, 15)
    assert spec("trong quý I", issued=D(2025, 10, 20)).period == Period(2026, "quarter", 1)
    assert spec("cuối quý IV", issued=D(2025, 10, 20)).period == Period(2025, "quarter", 4)
    assert spec("cuối năm nay", issued=D(2025, 10, 20)).period == Period(2025, "year")
    assert isinstance(parse_deadline("cuối năm"), NotUnderstood)


def test_parse_never_raises_and_never_guesses() -> None:
    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
    def check(text: str) -> None:
        result = parse_deadline(text)
        assert isinstance(result, (DeadlineSpec, NotUnderstood))
        if isinstance(result, DeadlineSpec):
            # Anything understood must contain a deadline word or a figure.
            assert any(ch.isdigit() for ch in text) or any(
                w in fold(text) for w in ("quy", "nam", "thang", "dot xuat", "yeu cau", "can thiet")
            )

    check()


# --- storage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "trước ngày 15/12/2025",
        "cuối quý II/2026",
        "9 tháng đầu năm 2026",
        "trong thời hạn 10 ngày làm việc kể từ ngày nhận",
        "trong 03 tháng kể từ ngày ký",
        "định kỳ quý, 6 tháng, năm và đột xuất",
        "báo cáo định kỳ năm 2021",
        "hằng năm đến hết năm 2030",
        "đột xuất",
    ],
)
def test_to_dict_round_trip(phrase: str) -> None:
    s = spec(phrase)
    data = json.loads(json.dumps(s.to_dict()))
    assert DeadlineSpec.from_dict(data) == s


def test_report_policy_round_trip_and_validation() -> None:
    for policy in (ReportPolicy(), ReportPolicy("days_after_period", 10)):
        assert ReportPolicy.from_dict(json.loads(json.dumps(policy.to_dict()))) == policy
    with pytest.raises(ValueError):
        ReportPolicy("day_of_last_month", 0)
    with pytest.raises(ValueError):
        ReportPolicy("whenever", 1)


def test_rrule_strings() -> None:
    s = spec("định kỳ quý, 6 tháng, năm")
    start = datetime(2026, 1, 1)
    ends = {c: [d.date() for d in rrulestr(s.rrule(c), dtstart=start)[:4]] for c in s.cadences}
    assert ends["quarterly"] == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]
    assert ends["semiannual"][:2] == [D(2026, 6, 30), D(2026, 12, 31)]
    assert ends["annual"][:2] == [D(2026, 12, 31), D(2027, 12, 31)]
    on_15th = rrulestr(s.rrule("quarterly", ReportPolicy()), dtstart=start)
    assert [d.date() for d in on_15th[:2]] == [D(2026, 3, 15), D(2026, 6, 15)]
    with pytest.raises(ValueError):
        s.rrule("quarterly", ReportPolicy("days_after_period", 10))
    bounded = spec("hằng năm đến hết năm 2027")
    assert [d.date() for d in rrulestr(bounded.rrule("annual"), dtstart=start)] == [
        D(2026, 12, 31), D(2027, 12, 31)
    ]


# --- occurrences ------------------------------------------------------------------------------


def test_quarterly_occurrences_2026() -> None:
    occ = occurrences(spec("Định kỳ hằng quý"), D(2026, 1, 1), D(2026, 12, 31), POLICY, CAL)
    # 15/03/2026 is a Sunday -> Monday 16/03; the others are weekdays.
    assert [o.due for o in occ] == [D(2026, 3, 16), D(2026, 6, 15), D(2026, 9, 15), D(2026, 12, 15)]
    assert [o.label for o in occ] == ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]
    assert "15/03/2026 là ngày nghỉ" in occ[0].explanation
    assert occ[0].nominal == D(2026, 3, 15)


def test_cadences_due_together_are_one_report() -> None:
    occ = occurrences(spec("quý, 6 tháng, năm và đột xuất"), D(2026, 6, 1), D(2026, 12, 31), POLICY, CAL)
    assert [o.due for o in occ] == [D(2026, 6, 15), D(2026, 9, 15), D(2026, 12, 15)]
    assert occ[0].label == "Quý II/2026 và 6 tháng đầu năm 2026"
    assert occ[2].label == "Quý IV/2026, 6 tháng cuối năm 2026 và Năm 2026"
    assert occ[2].label_in("en") == "Q4 2026, H2 2026 and Year 2026"
    assert occ[2].period_key == "2026-Q4+2026-H2+2026"


def test_days_after_period_policy_rolls_over_tet() -> None:
    s = spec("hằng quý")
    ten = occurrences(s, D(2027, 1, 1), D(2027, 1, 31), ReportPolicy("days_after_period", 10), CAL)
    assert [(o.due, o.label) for o in ten] == [(D(2027, 1, 11), "Quý IV/2026")]  # 10/01 is Sunday
    forty = occurrences(s, D(2027, 1, 1), D(2027, 3, 31), ReportPolicy("days_after_period", 40), CAL)
    # 31/12/2026 + 40 days = 09/02/2027, in Tết (04–10/02): Thursday 11/02.
    assert [o.due for o in forty] == [D(2027, 2, 11)]
    assert "Tết 04–10/02" in forty[0].explanation


def test_occurrences_respect_the_window_and_until() -> None:
    s = spec("hằng năm đến hết năm 2027")
    assert [o.label for o in occurrences(s, D(2020, 1, 1), D(2035, 1, 1), POLICY, CAL)][-1] == "Năm 2027"
    june = occurrences(spec("hằng tháng"), D(2026, 6, 1), D(2026, 6, 30), POLICY, CAL)
    assert [o.label for o in june] == ["Tháng 06/2026"]
    assert occurrences(spec("hằng tháng"), D(2026, 6, 30), D(2026, 6, 1), POLICY, CAL) == []


def test_one_off_occurrences() -> None:
    s = spec("cuối quý II/2026")
    assert [o.due for o in occurrences(s, D(2026, 1, 1), D(2026, 12, 31), POLICY, CAL)] == [D(2026, 6, 30)]
    assert occurrences(s, D(2026, 7, 1), D(2026, 12, 31), POLICY, CAL) == []
    assert occurrences(spec("05 ngày làm việc"), D(2026, 1, 1), D(2026, 12, 31), POLICY, CAL) == []


policies = st.one_of(
    st.builds(ReportPolicy, st.just("day_of_last_month"), st.integers(1, 31)),
    st.builds(ReportPolicy, st.just("days_after_period"), st.integers(0, 60)),
)
cadence_sets = st.lists(st.sampled_from(CADENCES), min_size=1, max_size=4, unique=True).map(
    lambda cs: tuple(c for c in CADENCES if c in cs)
)


@settings(max_examples=120, deadline=None)
@given(
    cadence_sets,
    st.dates(D(2001, 1, 1), D(2080, 12, 31)),
    st.integers(0, 900),
    policies,
    st.one_of(st.none(), st.dates(D(2001, 1, 1), D(2085, 12, 31))),
)
def test_occurrences_properties(
    cadences: tuple[str, ...], start: date, length: int, policy: ReportPolicy, until: date | None
) -> None:
    s = DeadlineSpec(kind="recurring", phrase="test", cadences=cadences, until=until)
    end = start + timedelta(days=length)
    occ = occurrences(s, start, end, policy, CAL)
    dues = [o.due for o in occ]
    assert dues == sorted(set(dues))  # strictly increasing
    assert all(start <= d <= end for d in dues)  # inside the window
    kinds = {{"monthly": "month", "quarterly": "quarter", "semiannual": "half", "annual": "year"}[c]: c
             for c in cadences}
    got: set[Period] = set()
    for o in occ:
        assert CAL.is_working_day(o.due)
        for p in o.periods:
            # On the rule: the period's end is an instance of its cadence's RRULE ...
            rule = rrulestr(s.rrule(kinds[p.kind]), dtstart=datetime(p.year, 1, 1))
            assert datetime(p.end.year, p.end.month, p.end.day) in rule
            # ... and the due date is the policy's date, moved only over days off.
            nominal = policy.nominal_due(p)
            assert CAL.next_working_day(nominal) == o.due
            assert until is None or p.end <= until
            got.add(p)
    # Nothing missing: every period whose report falls in the window is there.
    expected = set()
    for year in range(start.year - 1, end.year + 1):
        for kind in kinds:
            count = {"month": 12, "quarter": 4, "half": 2, "year": 1}[kind]
            for index in range(1, count + 1):
                p = Period(year, kind, index)
                if until is not None and p.end > until:
                    continue
                if start <= CAL.next_working_day(policy.nominal_due(p)) <= end:
                    expected.add(p)
    assert got == expected


# --- status -----------------------------------------------------------------------------------

NS, IP, DONE, PAUSED, CANCELLED = (
    WorkStatus.NOT_STARTED, WorkStatus.IN_PROGRESS, WorkStatus.DONE, WorkStatus.PAUSED, WorkStatus.CANCELLED,
)
TODAY = D(2026, 3, 9)


@pytest.mark.parametrize(
    ("work", "due", "done_on", "status"),
    [
        (NS, None, None, Status.NOT_STARTED),
        (IP, None, None, Status.IN_PROGRESS),
        (NS, TODAY + timedelta(days=30), None, Status.NOT_STARTED),
        (IP, TODAY + timedelta(days=30), None, Status.IN_PROGRESS),
        (IP, TODAY + timedelta(days=7), None, Status.DUE_SOON),
        (NS, TODAY, None, Status.DUE_SOON),
        (IP, TODAY + timedelta(days=8), None, Status.IN_PROGRESS),
        (IP, TODAY - timedelta(days=1), None, Status.OVERDUE),
        (NS, TODAY - timedelta(days=1), None, Status.OVERDUE),
        (DONE, TODAY - timedelta(days=5), TODAY - timedelta(days=5), Status.DONE_ON_TIME),
        (DONE, TODAY - timedelta(days=5), TODAY - timedelta(days=4), Status.DONE_LATE),
        (DONE, None, TODAY, Status.DONE_ON_TIME),
        (PAUSED, TODAY - timedelta(days=9), None, Status.PAUSED),
        (CANCELLED, TODAY - timedelta(days=9), None, Status.CANCELLED),
    ],
)
def test_status_table(work: WorkStatus, due: date | None, done_on: date | None, status: Status) -> None:
    assert status_of(work.value, due, done_on, TODAY) is status


def test_status_rejects_unknown_work_status() -> None:
    with pytest.raises(ValueError):
        status_of("finished", None, None, TODAY)


def test_extension_in_force_decides_on_time() -> None:
    original = D(2026, 3, 1)
    extended = due_in_force(original, [SimpleNamespace(new_due=D(2026, 3, 20)), D(2026, 3, 31)])
    assert extended == D(2026, 3, 31)
    assert due_in_force(original, []) == original
    assert due_in_force(original, [D(2026, 4, 30), D(2026, 3, 15)]) == D(2026, 3, 15)  # latest wins
    done = D(2026, 3, 25)
    assert status_of("done", original, done, TODAY) is Status.DONE_LATE
    assert status_of("done", extended, done, TODAY) is Status.DONE_ON_TIME


def test_status_labels_both_languages_match_the_catalogue() -> None:
    assert Status.OVERDUE.label() == "Quá hạn"
    assert Status.DONE_ON_TIME.label("vi") == "Hoàn thành đúng hạn"
    assert Status.IN_PROGRESS.label() == "Đang thực hiện trong hạn"
    assert Status.OVERDUE.label("en") == "Overdue"
    for status in Status:
        assert (status.label("vi"), status.label("en")) == CATALOGUE[f"status.{status.value}"]


def test_due_texts() -> None:
    # Monday 09/03/2026 -> Thursday 12/03: Tue, Wed, Thu.
    assert due_text(D(2026, 3, 12), TODAY, CAL) == "còn 3 ngày làm việc"
    assert due_text(D(2026, 3, 12), TODAY, CAL, lang="en") == "3 working days left"
    assert due_text(D(2026, 3, 4), TODAY, CAL) == "quá hạn 5 ngày"
    assert due_text(D(2026, 3, 4), TODAY, CAL, lang="en") == "5 days overdue"
    assert due_text(TODAY, TODAY, CAL) == "hạn hôm nay"
    assert due_text(None, TODAY, CAL) == ""
    # Friday before Tết 2026 -> Tuesday 24/02: Monday 23 and Tuesday 24 only.
    assert due_text(D(2026, 2, 24), D(2026, 2, 13), CAL) == "còn 2 ngày làm việc"
    assert days_left(D(2026, 2, 24), D(2026, 2, 13), CAL) == 2
    assert days_overdue(D(2026, 3, 4), TODAY) == 5
    assert days_overdue(D(2026, 3, 4), TODAY, done_on=D(2026, 3, 3)) == 0
    assert days_overdue(None, TODAY) == 0


work_statuses = st.sampled_from([w.value for w in WorkStatus])
maybe_day = st.one_of(st.none(), st.dates(D(2020, 1, 1), D(2030, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(work_statuses, maybe_day, maybe_day, st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.integers(0, 30))
def test_status_is_a_function_of_its_inputs(
    work: str, due: date | None, done_on: date | None, today: date, soon: int
) -> None:
    first = status_of(work, due, done_on, today, soon)
    assert status_of(work, due, done_on, today, soon) is first
    assert first in Status
    if work == "done" and due is not None and done_on is not None:
        assert first is (Status.DONE_ON_TIME if done_on <= due else Status.DONE_LATE)
    if work in ("not_started", "in_progress") and due is not None:
        assert (first is Status.OVERDUE) == (due < today)
        assert (first is Status.DUE_SOON) == (today <= due <= today + timedelta(days=soon))
    if work in ("paused", "cancelled"):
        assert first.value == work


@settings(max_examples=100, deadline=None)
@given(st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.integers(0, 60))
def test_done_before_due_is_on_time(due: date, early: int) -> None:
    done = due - timedelta(days=early)
    assume(done.year >= 2020)
    for today in (done, due, due + timedelta(days=100)):
        assert status_of("done", due, done, today) is Status.DONE_ON_TIME


# --- finding phrases ------------------------------------------------------------------------


def test_find_phrases_in_a_section_body() -> None:
    body = (
        "3. Sở Tư pháp chủ trì, căn cứ Chỉ thị số 05/CT-TTg, ngày 06/02/2017 của Thủ tướng, "
        "tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2025; định kỳ hằng quý đến hết năm 2030 "
        "báo cáo kết quả. Trong thời hạn 05 ngày làm việc kể từ ngày nhận văn bản, các đơn vị "
        "gửi danh sách; phấn đấu cuối năm 2025 đạt chỉ tiêu."
    )
    found = find_deadline_phrases(body)
    assert found == [
        "trước ngày 15/12/2025",
        "định kỳ hằng quý đến hết năm 2030",
        "Trong thời hạn 05 ngày làm việc kể từ ngày nhận văn bản",
        "cuối năm 2025",
    ]
    assert all(isinstance(parse_deadline(p), DeadlineSpec) for p in found)


def test_find_phrases_returns_text_as_written_even_nfd() -> None:
    body = unicodedata.normalize("NFD", "Đề nghị báo cáo Định kỳ hằng quý, 6 tháng về Ban.")
    found = find_deadline_phrases(body)
    assert found == [unicodedata.normalize("NFD", "Định kỳ hằng quý, 6 tháng")]
    assert found[0] in body
    assert spec(found[0]).cadences == ("quarterly", "semiannual")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_found_phrases_are_substrings(text: str) -> None:
    for phrase in find_deadline_phrases(text):
        assert phrase and phrase in text


def test_occurrence_is_a_value() -> None:
    occ = occurrences(spec("hằng năm"), D(2026, 1, 1), D(2026, 12, 31), POLICY, CAL)
    assert isinstance(occ[0], Occurrence)
    assert occ == occurrences(spec("hằng năm"), D(2026, 1, 1), D(2026, 12, 31), POLICY, CAL)
