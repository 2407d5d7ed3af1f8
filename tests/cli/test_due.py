"""`dondoc due` and `dondoc calendar`: deadlines computed and explained from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_working_days_across_tet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "due", "trong thời hạn 10 ngày làm việc kể từ ngày nhận", "--from", "01/02/2027")
    assert code == 0
    assert "22/02/2027 ← 10 ngày làm việc từ 01/02/2027, bỏ qua Tết 04–10/02" in out


def test_recurring_next_occurrences_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "due", "quý, 6 tháng, năm và đột xuất", "--from", "2026-01-01", "--count", "4", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "recurring"
    dues = [d["due"] for d in data["dates"]]
    assert dues == sorted(dues) and len(dues) == 4
    assert dues[0] == "2026-03-16"  # 15/03/2026 is a Sunday: rolled to Monday
    assert all(date.fromisoformat(d) >= date(2026, 1, 1) for d in dues)


def test_not_understood_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "due", "mua rau cải", "--format", "json")
    assert code == 1 and json.loads(out)["understood"] is False


def test_office_day_off_changes_computation(capsys: pytest.CaptureFixture[str], db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    phrase = "trong thời hạn 02 ngày làm việc kể từ ngày nhận"
    code, out = run(capsys, "due", phrase, "--from", "28/05/2026", "--db", str(db_path), "--format", "json")
    assert json.loads(out)["dates"][0]["due"] == "2026-06-01"
    assert run(capsys, "calendar", "add-off", "01/06/2026", "--name", "Nghỉ bù", "--db", str(db_path))[0] == 0
    code, out = run(capsys, "due", phrase, "--from", "28/05/2026", "--db", str(db_path), "--format", "json")
    assert json.loads(out)["dates"][0]["due"] == "2026-06-02"
    code, out = run(capsys, "calendar", "show", "2026", "--db", str(db_path))
    assert "Nghỉ bù" in out
    assert run(capsys, "calendar", "remove-off", "01/06/2026", "--db", str(db_path))[0] == 0
    code, out = run(capsys, "due", phrase, "--from", "28/05/2026", "--db", str(db_path), "--format", "json")
    assert json.loads(out)["dates"][0]["due"] == "2026-06-01"


def test_report_policy(capsys: pytest.CaptureFixture[str], db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "calendar", "policy", "days_after_period", "20", "--db", str(db_path))[0] == 0
    code, out = run(capsys, "due", "Định kỳ hằng quý", "--from", "2026-01-01", "--db", str(db_path), "--format", "json")
    assert json.loads(out)["dates"][0]["due"] == "2026-01-20"  # quarter IV/2025 + 20 days
    assert main(["calendar", "policy", "day_of_last_month", "40", "--db", str(db_path)]) == 1


def test_today_accepted_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "due", "Định kỳ hằng quý", "--today", "2027-01-10", "--format", "json")
    assert code == 0 and json.loads(out)["dates"][0]["due"] == "2027-03-15"


@pytest.mark.sqlite_only("`dondoc gen` makes SQLite files")
def test_list_deadlines_says_when_it_is_cut_short(capsys: pytest.CaptureFixture[str], generated_db_file: Path) -> None:
    """`--limit N` reads at most N assignments a part: stderr says what was printed; the
    whole agenda prints with no such line."""
    args = ("list", "deadlines", "--db", str(generated_db_file), "--today", "2026-11-23", "--format", "json")
    assert main([*args, "--limit", "8"]) == 0
    captured = capsys.readouterr()
    cut = json.loads(captured.out)
    assert captured.err.startswith("dondoc: chỉ in 8 nhiệm vụ quá hạn lâu nhất")
    assert "(tối đa 8 nhiệm vụ mỗi phần, quá hạn và sắp tới; --limit N để đổi)" in captured.err
    assert main(list(args)) == 0
    captured = capsys.readouterr()
    whole = json.loads(captured.out)
    assert captured.err == "" and len(whole) > len(cut) > 0
    assert all(item in whole for item in cut if item["days_overdue"] > 0)
