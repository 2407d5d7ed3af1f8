"""The assignment export's two paths write the same bytes.

On SQLite the whole list comes from one query on a driver cursor and is written column by
column (#8); a search, one document's list and PostgreSQL go row by row through the list
and `csvio.cell`. Awkward data on purpose: agencies listed out of id order, several and
empty deadline phrases, several notes, every status, formula-looking, quoted and multi-line
text, and (written past the store's cleaning) control characters and an unknown type.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from store import agencies, assignments, documents, export
from store.assignments import AssignmentInput, AssignmentQuery, DeadlineInput
from store.db import Database
from store.documents import DocumentInput
from store.models import Assignment, Document, Note

TODAY = date(2026, 3, 10)
TEXTS = [
    "Nhiệm vụ thường", "=HYPERLINK(\"x\")", "-2+3", "+84 912", "@SUM(1)", "'đã có nháy", "＝1+1",
    "V/v \"đôn đốc\", a;b", "dòng 1\ndòng 2", "a\x1f=b", "",
]
WORK = ["not_started", "in_progress", "done", "paused", "cancelled"]


@pytest.fixture(scope="module")
def awkward_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = Database(tmp_path_factory.mktemp("awkward") / "awkward.db", actor="tester")
    names = [agencies.add(db, name) and name for name in ("Sở Tư pháp", "=Công an tỉnh", "Sở Y tế, Dân số", '"Ban" Dân vận')]
    for i in range(40):
        text = TEXTS[i % len(TEXTS)]
        doc = documents.add(db, DocumentInput(
            doc_type=("CT", "KH", "CV", "QĐ")[i % 4], number=f"{i}/{'UBND' if i % 3 else 'VP'}" if i % 5 else None,
            issuer=text or "Tỉnh ủy", subject=text or "Trích yếu", issued=date(2026, 1, 1) + timedelta(days=i) if i % 7 else None,
            # (undated, received: done dates before the day it was registered are taken)
            incoming_date=None if i % 7 else date(2025, 12, 1),
        ))
        due = TODAY + timedelta(days=(i % 9) * 4 - 16)
        aid = assignments.add(db, AssignmentInput(
            document_id=doc, ref=text[:4], title=text or "Tiêu đề", body=text, follower=text or None,
            lead=[names[(i + 3) % 4], names[i % 4], names[(i + 2) % 4]][: 1 + i % 3], support=[names[(i + 2) % 4], names[(i + 1) % 4]][: i % 3],
            deadlines=[DeadlineInput(due=due, phrase=text if i % 2 else "")] + (
                [DeadlineInput(due=due + timedelta(days=30), phrase=f"lần {i}")] if i % 4 == 0 else []
            ),
            work_status=WORK[i % 5], done_on=due + timedelta(days=(i % 3) - 1) if WORK[i % 5] == "done" else None,
        ))
        for n in range(i % 3):
            assignments.add_note(db, aid, f"ghi chú {n}: {text}" if n else text or "trống")

    def raw(session) -> None:  # type: ignore[no-untyped-def]
        # Past the store's cleaning, as an old file or another tool might have them.
        session.execute(update(Assignment).where(Assignment.id % 6 == 0).values(title="\x00nul", body="\tthụt"))
        session.execute(update(Assignment).where(Assignment.id % 10 == 3).values(work_status="done", done_on=None))
        session.execute(update(Assignment).where(Assignment.id % 11 == 4).values(next_due=None, due_key=date(9999, 12, 31)))
        session.execute(update(Document).where(Document.id % 9 == 2).values(doc_type="ZZ", number="\rso"))
        session.execute(update(Note).where(Note.id % 4 == 1).values(text="-\r\nhai dòng"))

    db.write(raw)
    yield db
    db.dispose()


QUERIES = [
    AssignmentQuery(today=TODAY), AssignmentQuery(today=TODAY, soon_days=30), AssignmentQuery(today=TODAY, overdue=True),
    AssignmentQuery(today=TODAY, status="done_late"), AssignmentQuery(today=TODAY, status="due_soon"),
    AssignmentQuery(today=TODAY, due_within=7), AssignmentQuery(today=TODAY, doc_type="KH"),
    AssignmentQuery(today=TODAY, agency="Sở Tư pháp", role="lead"), AssignmentQuery(today=TODAY, agency="cong an"),
]


@pytest.mark.sqlite_only("the one-query path is SQLite's")
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("lang", "bom", "delimiter"), [("vi", True, ","), ("en", False, ","), ("vi", True, ";")])
def test_one_query_path_writes_what_the_row_path_writes(
    awkward_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: AssignmentQuery, lang: str, bom: bool,
    delimiter: str,
) -> None:
    fast, rows = tmp_path / "fast.csv", tmp_path / "rows.csv"
    seen: list[int] = []
    kw = {"lang": lang, "bom": bom, "delimiter": delimiter, "page": 7}
    n_fast = export.write_assignments(awkward_db, query, fast, progress=seen.append, **kw)  # type: ignore[arg-type]
    monkeypatch.setattr(awkward_db, "is_sqlite", False)  # the row-by-row path, as on PostgreSQL
    n_rows = export.write_assignments(awkward_db, query, rows, **kw)  # type: ignore[arg-type]
    assert n_fast == n_rows and (seen[-1] if seen else 0) == n_fast
    assert fast.read_bytes() == rows.read_bytes()
    if query == QUERIES[0]:
        assert n_fast == 40 and seen == sorted(seen) and len(seen) >= 40 // 7


@pytest.mark.sqlite_only("the one-query path is SQLite's")
def test_one_query_path_reads_the_file_mapped_and_gives_the_connection_back_as_it_was(
    awkward_db: Database, tmp_path: Path,
) -> None:
    def mmap_size(session) -> int:  # type: ignore[no-untyped-def]
        return int(session.connection().exec_driver_sql("PRAGMA mmap_size").scalar())

    with awkward_db.read() as session:
        before = mmap_size(session)
        with export._mapped(session):
            assert mmap_size(session) > 0
        assert mmap_size(session) == before == 0
    export.write_assignments(awkward_db, AssignmentQuery(today=TODAY), tmp_path / "all.csv")
    with awkward_db.read() as session:
        assert mmap_size(session) == 0
