"""WorkCalendar: real Vietnamese calendars, Civil Code art. 147/148 counting, explanations.

Expected dates below were worked out by hand from the calendar (weekday of each date) and the
official days off, then checked against what the `holidays` package ships for Vietnam:
Tết 2026 is Mon 16 – Fri 20/02 (so 14–22/02 off with the weekends), Tết 2027 is Thu 04 –
Wed 10/02, 2025 swapped Fri 02/05 for Sat 26/04, 2026 swaps Mon 31/08 for Sat 22/08.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.calendar import WorkCalendar, default_calendar, fmt, set_default_calendar

CAL = WorkCalendar()

D = date


# --- which days are worked ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Tết 2026 (Bính Ngọ): Friday before works, Monday 16 to Friday 20 off, Monday 23 works.
        (D(2026, 2, 13), True),
        (D(2026, 2, 16), False),
        (D(2026, 2, 17), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), True),
        # Tết 2027 (Đinh Mùi): Wednesday 03 works, Thursday 04 to Wednesday 10 off.
        (D(2027, 2, 3), True),
        (D(2027, 2, 4), False),
        (D(2027, 2, 10), False),
        (D(2027, 2, 11), True),
        # 30/4 and 1/5.
        (D(2026, 4, 30), False),
        (D(2026, 5, 1), False),
        (D(2026, 4, 29), True),
        # Giỗ Tổ Hùng Vương 2026 falls on Sunday 26/04: Monday 27/04 is the day off in lieu.
        (D(2026, 4, 27), False),
        # 2/9 and the day next to it (Labour Code 2019): 2027 is Thursday 02 and Friday 03.
        (D(2027, 9, 2), False),
        (D(2027, 9, 3), False),
        (D(2027, 9, 6), True),
        # 2025: Friday 02/05 off, paid back by working Saturday 26/04 (make-up Saturday).
        (D(2025, 5, 2), False),
        (D(2025, 4, 26), True),
        # 2026: Monday 31/08 off, paid back by working Saturday 22/08.
        (D(2026, 8, 31), False),
        (D(2026, 8, 22), True),
        # An ordinary weekend.
        (D(2026, 3, 14), False),
        (D(2026, 3, 15), False),
        (D(2026, 3, 16), True),
        # 29/02/2028 exists and is a Tuesday.
        (D(2028, 2, 29), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_every_package_holiday_is_a_day_off(year: int) -> None:
    for day in holidays.Vietnam(years=year):
        assert not CAL.is_working_day(day), fmt(day)


def test_office_extra_days() -> None:
    # Saturday 20/02/2027 worked in exchange for an extra day: not in the package, so the
    # office enters both sides of the swap itself.
    office = WorkCalendar(extra_days_off={D(2027, 2, 11): "Nghỉ bù Tết"}, extra_working_days=[D(2027, 2, 20)])
    assert CAL.is_working_day(D(2027, 2, 11)) and not office.is_working_day(D(2027, 2, 11))
    assert not CAL.is_working_day(D(2027, 2, 20)) and office.is_working_day(D(2027, 2, 20))
    assert office.holiday_name(D(2027, 2, 11)) == "Nghỉ bù Tết"
    # The office's word wins over the package.
    assert WorkCalendar(extra_working_days=[D(2026, 2, 16)]).is_working_day(D(2026, 2, 16))
    assert not WorkCalendar(extra_days_off=[D(2025, 4, 26)]).is_working_day(D(2025, 4, 26))


def test_a_day_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(extra_days_off=[D(2027, 2, 11)], extra_working_days=[D(2027, 2, 11)])


def test_holiday_years_are_loaded_lazily() -> None:
    cal = WorkCalendar()
    cal.is_working_day(D(2026, 5, 1))
    assert set(cal._years) == {2026}  # only the year asked about
    cal.add_working_days(D(2026, 12, 30), 3)
    assert set(cal._years) == {2026, 2027}


# --- counting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "n", "due"),
    [
        # art. 147: counting starts the next day; Monday + 1 working day is Tuesday.
        (D(2026, 3, 9), 1, D(2026, 3, 10)),
        (D(2026, 3, 13), 1, D(2026, 3, 16)),  # Friday -> Monday
        (D(2026, 3, 14), 1, D(2026, 3, 16)),  # received on a Saturday
        # Across Tết 2026: Thu 12/02 -> Fri 13/02 (1), then 14–22/02 off -> Mon 23 (2), Tue 24 (3).
        (D(2026, 2, 12), 1, D(2026, 2, 13)),
        (D(2026, 2, 12), 2, D(2026, 2, 23)),
        (D(2026, 2, 12), 3, D(2026, 2, 24)),
        # Across Tết 2027: 02, 03 / 11, 12 / 15–19 / 22 -> 10th working day after 01/02 is 22/02.
        (D(2027, 2, 1), 10, D(2027, 2, 22)),
        # Across 30/4–1/5 2026 (Thu, Fri): Wednesday 29/04 + 1 is Monday 04/05.
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        # Across 2/9 2027 (Thu, Fri): Wednesday 01/09 + 1 is Monday 06/09.
        (D(2027, 9, 1), 1, D(2027, 9, 6)),
        # 2025 make-up Saturday 26/04 counts: Fri 25/04 + 1 is Sat 26/04.
        (D(2025, 4, 25), 1, D(2025, 4, 26)),
        # 2026: Fri 21/08 + 1 is the make-up Saturday 22/08; Fri 28/08 + 1 jumps 29/08–02/09.
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        # Leap day.
        (D(2028, 2, 28), 1, D(2028, 2, 29)),
        (D(2026, 3, 9), 0, D(2026, 3, 9)),
        # Counting back: the 2nd working day before Monday 23/02/2026 is Thursday 12/02.
        (D(2026, 2, 23), -2, D(2026, 2, 12)),
    ],
)
def test_add_working_days(event: date, n: int, due: date) -> None:
    assert CAL.add_working_days(event, n) == due


def test_office_make_up_saturday_counts() -> None:
    office = WorkCalendar(extra_working_days=[D(2027, 2, 20)])
    assert CAL.add_working_days(D(2027, 2, 19), 1) == D(2027, 2, 22)
    assert office.add_working_days(D(2027, 2, 19), 1) == D(2027, 2, 20)


@pytest.mark.parametrize(
    ("event", "n", "due"),
    [
        (D(2026, 3, 2), 3, D(2026, 3, 5)),  # day n is event + n: art. 147
        (D(2026, 3, 6), 8, D(2026, 3, 16)),  # lands on Saturday 14/03 -> Monday (art. 148)
        (D(2026, 1, 30), 15, D(2026, 2, 23)),  # lands on Saturday 14/02, Tết until 22/02
        (D(2026, 4, 15), 15, D(2026, 5, 4)),  # lands on 30/04 -> Monday 04/05
        (D(2028, 2, 14), 15, D(2028, 2, 29)),  # leap day, a Tuesday: no roll
        (D(2028, 12, 16), 15, D(2029, 1, 2)),  # Sun 31/12/2028, then 01/01/2029 off
    ],
)
def test_add_days_rolls_forward(event: date, n: int, due: date) -> None:
    assert CAL.add_days(event, n) == due


def test_add_days_refuses_negative() -> None:
    with pytest.raises(ValueError):
        CAL.add_days(D(2026, 1, 1), -1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 3, 14), D(2026, 3, 16)),
        (D(2026, 3, 16), D(2026, 3, 16)),
        (D(2026, 2, 14), D(2026, 2, 23)),
        (D(2028, 12, 31), D(2029, 1, 2)),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert CAL.next_working_day(day) == expected


def test_next_working_day_stops_on_a_broken_calendar() -> None:
    everything_off = WorkCalendar(extra_days_off=[D(2026, 1, 1) + timedelta(days=i) for i in range(400)])
    with pytest.raises(ValueError):
        everything_off.next_working_day(D(2026, 1, 1))


def test_working_days_between() -> None:
    # Monday -> Thursday: Tue, Wed, Thu ("còn 3 ngày làm việc").
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 12)) == 3
    assert CAL.working_days_between(D(2026, 3, 12), D(2026, 3, 9)) == -3
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    # Friday 13/02/2026 -> Monday 23/02/2026: the whole of Tết in between, one working day.
    assert CAL.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1


def test_days_off_between_names_runs() -> None:
    runs = CAL.days_off_between(D(2026, 2, 1), D(2026, 2, 28))
    assert [(r.start, r.end) for r in runs] == [(D(2026, 2, 14), D(2026, 2, 22))]
    assert runs[0].label() == "Tết 14–22/02"
    assert runs[0].label("en").startswith("Tết (Lunar New Year) 14–22/02")
    tet27 = CAL.days_off_between(D(2027, 2, 1), D(2027, 2, 28))
    assert [r.label() for r in tet27] == ["Tết 04–10/02"]
    # A run is reported whole, even when the limit only touches part of it.
    assert CAL.days_off_between(D(2027, 2, 1), D(2027, 2, 5))[0].end == D(2027, 2, 10)
    # Weekends are left out unless asked for.
    plain_march = CAL.days_off_between(D(2026, 3, 1), D(2026, 3, 31))
    assert plain_march == []
    weekends = CAL.days_off_between(D(2026, 3, 1), D(2026, 3, 31), include_weekends=True)
    assert all(not r.is_holiday and r.days == 2 for r in weekends) and len(weekends) == 4
    # 30/4–1/5 2026 with the weekend after it; both names kept.
    (may,) = CAL.days_off_between(D(2026, 4, 28), D(2026, 5, 5))
    assert (may.start, may.end) == (D(2026, 4, 30), D(2026, 5, 3))
    assert len(may.names) == 2 and may.label().endswith("30/04–03/05")


def test_explanations() -> None:
    c = CAL.compute_working_days(D(2027, 2, 1), 10)
    assert c.due == D(2027, 2, 22)
    assert c.explanation == "22/02/2027 ← 10 ngày làm việc từ 01/02/2027, bỏ qua Tết 04–10/02"
    en = CAL.compute_working_days(D(2027, 2, 1), 10, lang="en")
    assert en.due == c.due and "10 working days from 01/02/2027" in en.explanation
    assert "skipping Tết" in en.explanation
    rolled = CAL.compute_days(D(2026, 1, 30), 15)
    assert rolled.due == D(2026, 2, 23)
    assert "14/02/2026 là ngày nghỉ (Tết 14–22/02)" in rolled.explanation
    made_up = CAL.compute_working_days(D(2025, 4, 24), 3)
    assert made_up.due == D(2025, 4, 28)
    assert "làm bù 26/04/2025" in made_up.explanation
    plain = CAL.compute_working_days(D(2026, 3, 2), 3)
    assert plain.explanation == "05/03/2026 ← 3 ngày làm việc từ 02/03/2026"


def test_default_calendar_can_be_replaced() -> None:
    office = WorkCalendar(extra_days_off=[D(2026, 3, 10)])
    try:
        set_default_calendar(office)
        assert default_calendar() is office
    finally:
        set_default_calendar(None)
    assert default_calendar() is not office and default_calendar().is_working_day(D(2026, 3, 10))


# --- properties ----------------------------------------------------------------------------------

days = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))


@settings(max_examples=150, deadline=None)
@given(days, st.integers(min_value=0, max_value=80))
def test_counting_back_gives_the_start(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, due) == n
    assert CAL.working_days_between(due, start) == -n
    if n:
        assert CAL.is_working_day(due)
        # No working day is skipped: the day before `due` has one fewer.
        assert CAL.working_days_between(start, due - timedelta(days=1)) == n - 1


@settings(max_examples=100, deadline=None)
@given(days, st.integers(min_value=1, max_value=40))
def test_counting_backwards_inverts(start: date, n: int) -> None:
    start = CAL.next_working_day(start)
    back = CAL.add_working_days(start, -n)
    assert CAL.is_working_day(back)
    assert CAL.working_days_between(back, start) == n
    assert CAL.add_working_days(back, n) == start


@settings(max_examples=100, deadline=None)
@given(days, st.integers(min_value=0, max_value=60))
def test_add_days_is_the_first_working_day_from_day_n(start: date, n: int) -> None:
    due = CAL.add_days(start, n)
    assert CAL.is_working_day(due)
    assert due >= start + timedelta(days=n)
    gap = (due - (start + timedelta(days=n))).days
    assert all(not CAL.is_working_day(start + timedelta(days=n + i)) for i in range(gap))


# --- loading the package ----------------------------------------------------------------------


def test_the_calendar_loads_vietnam_alone_not_every_country() -> None:
    """`holidays.countries` imports ~250 countries (14 MB, up to 0.2 s): the calendar reads
    the Vietnam module alone, and the package's own lookups made afterwards share it."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "from datetime import date\n"
        "from store.calendar import WorkCalendar\n"
        "cal = WorkCalendar()\n"
        "assert cal.holiday_name(date(2026, 2, 17)) == 'Tết Nguyên Đán', cal.holiday_name(date(2026, 2, 17))\n"
        "assert cal.holiday_name(date(2026, 9, 2), 'en') == 'National Day'\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('holidays.countries'))\n"
        "assert loaded == ['holidays.countries.vietnam'], loaded\n"
        "import holidays, holidays.countries\n"
        "vn = sys.modules['holidays.countries.vietnam']\n"
        "assert holidays.countries.Vietnam is vn.Vietnam\n"
        "assert isinstance(holidays.country_holidays('VN', years=2026), vn.Vietnam)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[1], check=False)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_holidays_are_the_packages_own(year: int) -> None:
    cal = WorkCalendar()
    for lang, language in (("vi", "vi"), ("en", "en_US")):
        package = holidays.Vietnam(years=year, language=language)
        assert package, year
        for day, name in package.items():
            assert cal.holiday_name(day, lang) == name
            assert not cal.is_working_day(day)
