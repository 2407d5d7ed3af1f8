"""store.quick: the ORM-free reads of the first screen give exactly the store's answers, and
the quick path steps aside whenever the full open has work to do or something to say."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from store import assignments, documents, quick, settings
from store.assignments import AssignmentQuery
from store.db import Database

pytestmark = pytest.mark.sqlite_only("the quick path reads SQLite files only")

NO_DATE = date(1900, 1, 1)


@pytest.fixture(params=["demo", "generated"])
def dbfile(request: pytest.FixtureRequest, demo_db_file: Path, generated_db_file: Path, tmp_path: Path) -> Path:
    source = demo_db_file if request.param == "demo" else generated_db_file
    target = tmp_path / "copy.db"
    shutil.copy(source, target)
    return target


def _all_pages(fetch, page: int) -> list[documents.DocumentRow]:  # type: ignore[no-untyped-def]
    rows: list[documents.DocumentRow] = []
    after = None
    while True:
        got = fetch(after, page)
        rows.extend(got)
        if len(got) < page:
            return rows
        after = (got[-1].issued or NO_DATE, got[-1].id)


def test_register_pages_match_the_store(dbfile: Path) -> None:
    reader = quick.open_reader(dbfile)
    assert reader is not None
    db = Database(dbfile, create=False)
    try:
        mine = _all_pages(lambda after, n: reader.documents(after=after, limit=n), 37)
        theirs = _all_pages(
            lambda after, n: documents.list_documents(db, after=after, limit=n), 37
        )
        assert len(mine) == documents.count_documents(db) == reader.count_documents() > 10
        assert mine == theirs  # every field, every row, in the same order
        assert any(r.open_count for r in mine)
    finally:
        db.dispose()
        reader.close()


def test_counts_and_settings_match_the_store(dbfile: Path) -> None:
    db = Database(dbfile, create=False)
    settings.set(db, "office_name", "Cục THADS tỉnh [bold]Ninh Bình[/]")
    reader = quick.open_reader(dbfile)
    assert reader is not None
    try:
        assert reader.setting("office_name") == settings.get(db, "office_name")
        assert reader.setting("no_such_setting") is None
        seen = set()
        for on in (date(2021, 9, 1), date(2024, 1, 15), date(2026, 11, 23), date(2027, 6, 30)):
            overdue = assignments.count_assignments(db, AssignmentQuery(overdue=True, today=on))
            assert reader.count_overdue(on) == overdue
            for days in (0, 6, 30):
                due = assignments.count_assignments(db, AssignmentQuery(due_within=days, today=on))
                assert reader.count_due(on, days) == due
                seen.add(due)
            seen.add(overdue)
        assert len(seen) > 2  # the dates chosen do tell the counts apart
    finally:
        db.dispose()
        reader.close()


def test_reader_sees_commits_made_after_it_opened(dbfile: Path) -> None:
    reader = quick.open_reader(dbfile)
    assert reader is not None
    db = Database(dbfile, create=False)
    try:
        before = reader.count_documents()
        documents.add(db, documents.DocumentInput(doc_type="CV", number="77/QA", issuer="Sở Tư pháp",
                                                  issued=date.today(),
                                                  subject="đôn đốc báo cáo"))
        assert reader.count_documents() == before + 1
        assert reader.documents(limit=1)[0].number == "77/QA"  # newest first
    finally:
        db.dispose()
        reader.close()


def test_reader_never_writes(dbfile: Path) -> None:
    reader = quick.open_reader(dbfile)
    assert reader is not None
    with pytest.raises(sqlite3.OperationalError):
        reader._conn.execute("DELETE FROM document")
    reader.close()
    db = Database(dbfile, create=False)
    try:
        assert documents.count_documents(db) > 0
    finally:
        db.dispose()


def test_no_quick_path_where_the_full_open_has_something_to_do(tmp_path: Path, demo_db_file: Path) -> None:
    assert quick.open_reader(tmp_path / "missing.db") is None  # to create
    assert quick.open_reader("postgresql://u@localhost/dondoc") is None
    assert quick.open_reader(":memory:") is None

    older = tmp_path / "older.db"
    shutil.copy(demo_db_file, older)
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
    assert quick.open_reader(older) is None  # to upgrade (backup first)

    no_admin = tmp_path / "no_admin.db"
    shutil.copy(demo_db_file, no_admin)
    with sqlite3.connect(no_admin) as conn:
        conn.execute("DELETE FROM user_role")
    assert quick.open_reader(no_admin) is None  # the full open makes the first admin

    refused = tmp_path / "refused.db"
    shutil.copy(demo_db_file, refused)
    with sqlite3.connect(refused) as conn:
        conn.execute("UPDATE user_role SET username = 'someone_else'")
        conn.execute("INSERT INTO setting (key, value) VALUES ('unknown_user_role', '\"refuse\"')")
    assert quick.open_reader(refused) is None  # the full open says who may let them in
    assert quick.open_reader(refused, user="someone_else") is not None

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    assert quick.open_reader(garbage) is None


def test_quick_module_does_not_import_the_orm() -> None:
    code = (
        "import sys; import store.quick, tui.app; "
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic') if m in sys.modules]; "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
