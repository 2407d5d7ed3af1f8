"""The meeting pack on the demo data with fixed dates; expectations come from the list functions."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from store import assignments, documents, export, reports
from store.assignments import AssignmentInput, AssignmentQuery, DeadlineInput
from store.db import Database
from store.deadlines import due_text
from store.text import sort_key
from tests.csv.conftest import refuse_writes, run_cli

SINCE = date(2025, 10, 1)
AS_OF = date(2026, 1, 15)
DUE_WITHIN = 10


def read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def dmy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


@pytest.fixture
def meeting_db(demo_db: Database) -> Database:
    """The demo data plus follow-up with dates around the meeting (through the store API)."""
    by_number = {r.number: r.id for r in documents.list_documents(demo_db, limit=1000) if r.number}
    la = by_number["2687-CV/TU"]

    def task(title: str, lead: list[str], due: date, support: list[str] = ()) -> int:  # type: ignore[assignment]
        return assignments.add(demo_db, AssignmentInput(
            document_id=la, title=title, lead=lead, support=list(support), deadlines=[DeadlineInput(due=due)],
        ))

    task("Rà soát án tồn đọng", ["Sở Tư pháp tỉnh Long An"], date(2025, 11, 30))
    task("Báo cáo chỉ tiêu 85,11%", ["Cục Thi hành án dân sự tỉnh Long An", "Ban Nội chính Tỉnh ủy Long An"],
         date(2026, 1, 5), support=["Tòa án nhân dân tỉnh Long An"])
    soon = task("Chuẩn bị sơ kết", ["Ban Nội chính Tỉnh ủy Long An"], date(2026, 1, 20))
    on_time = task("Họp liên ngành", ["Sở Tư pháp tỉnh Long An"], date(2025, 12, 31))
    late = task("Kiểm tra hồ sơ", ["Sở Tư pháp tỉnh Long An"], date(2025, 11, 15))
    task("Tổng kết năm", ["Cục Thi hành án dân sự tỉnh Long An"], date(2026, 3, 1))
    assignments.set_status(demo_db, on_time, "done", done_on=date(2025, 12, 20))
    assignments.set_status(demo_db, late, "done", done_on=date(2025, 12, 1))
    assignments.add_note(demo_db, soon, "Đã gửi giấy mời")
    return demo_db


def all_rows(db: Database) -> list:  # type: ignore[type-arg]
    return assignments.list_assignments(db, AssignmentQuery(today=AS_OF), limit=100000)


def test_meeting_pack(meeting_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "giao-ban"
    written = export.write_meeting(meeting_db, out, since=SINCE, as_of=AS_OF, due_within=DUE_WITHIN)
    assert sorted(p.name for p in out.iterdir()) == sorted(export.MEETING_FILES.values())
    files = {k: read(out / name) for k, name in export.MEETING_FILES.items()}
    assert {name: len(read(out / name)) - 1 for name in written if name != export.MEETING_FILES["scoreboard"]} == {
        name: n for name, n in written.items() if name != export.MEETING_FILES["scoreboard"]
    }

    # 1. documents received since the last meeting: incoming date, else issue date
    expected_docs = []
    for r in documents.list_documents(meeting_db, limit=100000):
        d = documents.get(meeting_db, r.id)
        received = d.incoming_date or d.issued
        if received and SINCE <= received <= AS_OF:
            expected_docs.append((received, r.id, d.number or ""))
    header, *rows = files["documents"]
    assert header[:3] == ["Ngày nhận", "Số đến", "Số ký hiệu"]
    assert [(r[0], r[2]) for r in rows] == [(dmy(x[0]), x[2]) for x in sorted(expected_docs)]
    assert rows, "the demo data has documents in the window (13-BS/VPĐU)"

    # 2. overdue, one row per lead agency, agencies in Vietnamese alphabetical order
    overdue = assignments.list_assignments(meeting_db, AssignmentQuery(overdue=True, today=AS_OF), limit=100000)
    expected = sorted(
        ((lead, r.next_due, r.id, r) for r in overdue for lead in r.lead),
        key=lambda x: (sort_key(x[0]), x[1], x[2]),
    )
    header, *rows = files["overdue"]
    assert header == ["Cơ quan chủ trì", "Số ký hiệu", "Trích yếu", "Mục", "Nhiệm vụ", "Cơ quan phối hợp", "Hạn",
                      "Số ngày quá hạn", "Tình trạng", "Ghi chú gần nhất"]
    assert [(r[0], r[1], r[4], r[6], r[7], r[8]) for r in rows] == [
        (lead, r.document_label, r.title, dmy(r.next_due), str(r.days_overdue), "Quá hạn")
        for lead, _, _, r in expected
    ]
    leads = [r[0] for r in rows]
    assert "Ban Nội chính Tỉnh ủy Long An" in leads and "Cục Thi hành án dân sự tỉnh Long An" in leads
    assert leads == sorted(leads, key=sort_key)
    assert len(rows) >= 4  # the co-led assignment appears under both of its leads

    # 3. due within N days
    due = assignments.list_assignments(meeting_db, AssignmentQuery(due_within=DUE_WITHIN, today=AS_OF), limit=100000)
    header, *rows = files["due"]
    assert header[:2] == ["Hạn", "Còn / quá"]
    assert [(r[0], r[5], r[9]) for r in rows] == [
        (dmy(r.next_due), r.title, "Đã gửi giấy mời" if r.title == "Chuẩn bị sơ kết" else "") for r in due
    ]
    assert [r[1] for r in rows] == [due_text(r.next_due, AS_OF) for r in due]
    assert all(r[1].startswith("còn ") and r[1].endswith(" ngày làm việc") for r in rows)
    assert "Chuẩn bị sơ kết" in [r[5] for r in rows]

    # 5. scoreboard, computed here from the list rows' derived statuses
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in all_rows(meeting_db):
        if r.work_status == "cancelled":
            continue
        in_period = any(d is not None and d <= AS_OF for d in (r.next_due, r.done_on))
        if not in_period:
            continue
        for lead in r.lead:
            counts[lead]["total"] += 1
            counts[lead][r.status] += 1
    header, *rows = files["scoreboard"]
    assert header == ["Cơ quan chủ trì", "Tổng số nhiệm vụ", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Quá hạn",
                      "Chưa đến hạn / tạm dừng", "Tỷ lệ đúng hạn"]
    body, total = rows[:-1], rows[-1]
    assert [r[0] for r in body] == sorted(counts, key=sort_key)
    for r in body:
        c = counts[r[0]]
        assert r[1:5] == [str(c["total"]), str(c["done_on_time"]), str(c["done_late"]), str(c["overdue"])]
    stp = next(r for r in body if r[0] == "Sở Tư pháp tỉnh Long An")
    assert stp[1:5] == ["3", "1", "1", "1"] and stp[6] == "33,3%"
    assert total[0].startswith("Tổng cộng")


def test_meeting_pack_with_semicolons(meeting_db: Database, tmp_path: Path) -> None:
    """For Excel under Vietnamese regional settings: every file of the pack split by `;`
    (a cell holding one quoted), the same cells as the pack written with `,`; BOM and CRLF."""
    kw = {"since": SINCE, "as_of": AS_OF, "due_within": DUE_WITHIN}
    export.write_meeting(meeting_db, tmp_path / "comma", **kw)  # type: ignore[arg-type]
    export.write_meeting(meeting_db, tmp_path / "semi", delimiter=";", **kw)  # type: ignore[arg-type]
    for name in export.MEETING_FILES.values():
        data = (tmp_path / "semi" / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
        text = data.decode("utf-8-sig")
        header = text.split("\r\n")[0]
        assert ";" in header and "," not in header, name
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        assert rows == read(tmp_path / "comma" / name), name
    due = (tmp_path / "semi" / export.MEETING_FILES["overdue"]).read_text(encoding="utf-8-sig")
    assert "Báo cáo chỉ tiêu 85,11%;" in due  # a comma is no separator now: not quoted
    score = (tmp_path / "semi" / export.MEETING_FILES["scoreboard"]).read_bytes().decode("utf-8-sig")
    assert ";33,3%\r\n" in score


def test_scoreboard_matches_derived_statuses_for_any_period(meeting_db: Database) -> None:
    rows = all_rows(meeting_db)
    for start, end in [(None, None), (date(2025, 12, 1), AS_OF), (None, date(2025, 11, 30))]:
        expected: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for r in rows:
            if r.work_status == "cancelled":
                continue
            if start is not None or end is not None:
                dates = [d for d in (r.next_due, r.done_on) if d is not None]
                carried = (start is not None and start <= AS_OF and r.work_status in ("not_started", "in_progress")
                           and r.next_due is not None and r.next_due < start)
                if not carried and not any((start is None or d >= start) and (end is None or d <= end) for d in dates):
                    continue
            for lead in r.lead:
                e = expected[lead]
                e[0] += 1
                for i, key in enumerate(("done_on_time", "done_late", "overdue"), start=1):
                    e[i] += r.status == key
        got = reports.scoreboard(meeting_db, start=start, end=end, today=AS_OF)
        assert {g.agency: [g.total, g.done_on_time, g.done_late, g.overdue] for g in got} == dict(expected)
        total = reports.scoreboard_total(meeting_db, start=start, end=end, today=AS_OF)
        assert total.total == len({r.id for r in rows if r.work_status != "cancelled"
                                   and (start is end is None or any(
                                       d is not None and (start is None or d >= start) and (end is None or d <= end)
                                       for d in (r.next_due, r.done_on))
                                       or (start is not None and start <= AS_OF and r.work_status in ("not_started", "in_progress")
                                           and r.next_due is not None and r.next_due < start))})


def test_changes_since_last_meeting(sample, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assignments.set_status(db, sample["overdue"], "done", done_on=date(2022, 1, 10))
    assignments.add_note(db, sample["later"], "Đã nhắc lần 2")
    today = date.today()
    out = tmp_path / "changes.csv"
    n = export.write_changes(db, out, since=today - timedelta(days=1), until=today + timedelta(days=1))
    header, *rows = read(out)
    assert header == ["Thời điểm", "Người thực hiện", "Thao tác", "Hồ sơ", "Nội dung thay đổi (trước → sau)"]
    assert n == len(rows) and all(r[1] == "tester" for r in rows)
    done = [r for r in rows if r[2] == "Sửa" and "Hoàn thành" in r[4]]
    assert len(done) == 1
    assert "Tình trạng: Chưa thực hiện → Hoàn thành" in done[0][4]
    assert "10/01/2022" in done[0][4]
    assert "09-CT/TU" in done[0][3] and "Tổ chức phổ biến Chỉ thị" in done[0][3]
    note = [r for r in rows if r[2] == "Ghi chú tiến độ"]
    assert [r[4] for r in note] == ["Đã nhắc lần 2"]
    assert any(r[2] == "Tạo mới" and r[3].startswith("văn bản 353/LĐLĐ") for r in rows)
    # nothing before the last meeting
    assert export.write_changes(db, out, since=today - timedelta(days=30), until=today - timedelta(days=2)) == 0


def test_cli_meeting_in_english(meeting_db: Database, demo_db_file: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pack"
    code, stdout, err = run_cli(
        capsys, "--lang", "en", "export", "meeting", "--db", str(meeting_db.path), "--since", "01/10/2025",
        "--as-of", "15/01/2026", "--due-within", "10", "--out", str(out),
    )
    assert code == 0, err
    assert "2-qua-han-theo-co-quan.csv" in stdout
    header = read(out / export.MEETING_FILES["overdue"])[0]
    assert header[:3] == ["Lead agency", "Number", "Subject"]
    semi = tmp_path / "semi"
    code, _, err = run_cli(
        capsys, "--lang", "en", "export", "meeting", "--db", str(meeting_db.path), "--since", "01/10/2025",
        "--as-of", "15/01/2026", "--due-within", "10", "--out", str(semi), "--delimiter", "semicolon",
    )
    assert code == 0, err
    for name in export.MEETING_FILES.values():
        text = (semi / name).read_bytes().decode("utf-8-sig")
        assert text.split("\r\n")[0] == ";".join(read(out / name)[0]), name
    code, _, err = run_cli(capsys, "export", "meeting", "--db", str(meeting_db.path), "--out", str(out))
    assert code == 2 and "--since" in err


@pytest.mark.parametrize(("overdue_only", "delimiter"), [(False, ","), (True, ","), (False, ";")])
def test_export_deadlines_in_pages_is_the_agenda_written_row_by_row(meeting_db: Database, tmp_path: Path,
                                                                   overdue_only: bool, delimiter: str) -> None:
    """The deadlines export reads a page of assignments at a time and sorts the pages' rows on
    disk (#8): whatever the page size, the file is byte for byte the whole agenda written the
    plain way, one `writerow` per item (with either delimiter)."""
    from store import agenda
    from store.csvio import atomic_csv
    from store.i18n import t

    start, end = AS_OF, AS_OF + timedelta(days=400)
    items = [i for i in agenda.agenda(meeting_db, start, end, overdue=True, today=start, limit=10**9)
             if not overdue_only or i.days_overdue > 0]
    plain = tmp_path / "plain.csv"
    with atomic_csv(plain, delimiter=delimiter) as w:
        w.writerow(export.headings(export.DEADLINE_COLUMNS, "vi"))
        for i in items:
            w.writerow([i.due, due_text(i.due, start, lang="vi"), i.document_label, i.ref, i.title, list(i.lead),
                        i.period or "", i.phrase, t(f"status.{i.status}", lang="vi")])
    for page in (1, 3, 10**6):
        out = tmp_path / f"han-{page}.csv"
        n = export.write_deadlines(meeting_db, out, start=start, end=end, overdue_only=overdue_only, lang="vi",
                                   page_of_work=page, delimiter=delimiter)
        assert n == len(items) >= 3
        assert out.read_bytes() == plain.read_bytes(), page


def test_export_deadlines_is_the_agenda(meeting_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from store import agenda

    out = tmp_path / "han.csv"
    code, stdout, err = run_cli(capsys, "--today", "15/01/2026", "export", "deadlines", "--db", str(meeting_db.path),
                                "--due-within", "60", "--out", str(out))
    assert code == 0, err
    header, *rows = read(out)
    assert header == ["Hạn", "Còn / quá", "Số ký hiệu", "Mục", "Nhiệm vụ", "Cơ quan chủ trì", "Kỳ báo cáo", "Thời hạn",
                      "Tình trạng"]
    items = agenda.agenda(meeting_db, AS_OF, AS_OF + timedelta(days=60), overdue=True, today=AS_OF)
    assert [(r[0], r[4]) for r in rows] == [(dmy(i.due), i.title) for i in items]
    assert "Chuẩn bị sơ kết" in [r[4] for r in rows] and any(r[8] == "Quá hạn" for r in rows)


# --- a file or folder that cannot be written ---------------------------------------------------


def test_unwritable_folder_refused_in_plain_words(meeting_db: Database, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A missing or read-only folder, or a file held open, is a StoreError naming the path
    (the CLI says it, exit 1; the app shows it under the path typed), and leaves nothing."""
    import os

    from store import csvio
    from store.errors import OutputError

    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run_cli(capsys, "export", "documents", "--db", str(meeting_db.path),
                           "--out", str(out / "khong-co" / "vb.csv"))
    assert code == 1 and f"Thư mục {out / 'khong-co'} không tồn tại." in err
    shared = out / "chung"
    shared.mkdir()
    refuse_writes(monkeypatch, csvio.tempfile, "mkstemp", shared)
    with pytest.raises(OutputError) as exc:
        export.write_documents(meeting_db, documents.DocumentQuery(), shared / "vb.csv")
    assert exc.value.field == "path"
    assert exc.value.message("vi") == f"Không có quyền ghi vào thư mục {shared}; hãy chọn thư mục khác."
    code, _, err = run_cli(capsys, "export", "meeting", "--db", str(meeting_db.path), "--since", "01/10/2025",
                           "--out", str(shared / "giao-ban"))
    assert code == 1 and f"Không có quyền ghi vào thư mục {shared / 'giao-ban'};" in err
    # a file held open (Windows): the old one stays, no temporary file is left
    held = out / "vb.csv"
    held.write_text("cũ", encoding="utf-8")
    refuse_writes(monkeypatch, csvio.os, "replace", held)
    with pytest.raises(OutputError) as exc:
        export.write_documents(meeting_db, documents.DocumentQuery(), held)
    assert "Không ghi đè được tệp" in exc.value.message("vi") and str(held) in exc.value.message("vi")
    assert held.read_text(encoding="utf-8") == "cũ"
    assert sorted(os.listdir(out)) == ["chung", "vb.csv"] and os.listdir(shared) == []
