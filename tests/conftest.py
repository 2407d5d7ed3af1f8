"""Shared fixtures: temporary databases through the same Database class the app uses.

Engine-aware: with DONDOC_TEST_DB set to a PostgreSQL server (tests/engines.py), `db_path`
is the URL of a fresh database on it instead of a file, and tests marked
`sqlite_only("why")` (SQLite files, pragmas, file modes, VACUUM backups) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.engines import ENGINE_NAME, ON_POSTGRES, drop_database, new_database


def pytest_report_header(config: pytest.Config) -> str:
    return f"dondoc database engine: {ENGINE_NAME}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRES:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "about SQLite files"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture
def fresh_url() -> Iterator[Any]:
    """Make fresh databases: a file in a temporary directory, or one on the test server."""
    made: list[str] = []

    def _make(tmp: Path, name: str = "test.db") -> Any:
        if not ON_POSTGRES:
            return tmp / name
        url = new_database()
        made.append(url)
        return url

    yield _make
    for url in made:
        drop_database(url)


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests see the Vietnamese interface unless they ask otherwise."""
    from store.i18n import set_lang

    monkeypatch.setenv("DONDOC_LANG", "vi")
    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def db_path(tmp_path: Path, fresh_url: Any) -> Any:
    """A database file path; on PostgreSQL the URL (a str) of a fresh database."""
    return fresh_url(tmp_path)


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    from store.db import Database

    database = Database(db_path, actor="tester")
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database built once from fixtures/ (copy it before writing)."""
    from store.fixtures import init_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    init_demo(path).dispose()
    return path


@pytest.fixture(scope="session")
def generated_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small `dondoc gen` SQLite database (400 documents, 1500 assignments around
    23/11/2026), built once: copy it before writing."""
    from store.db import Database
    from store.generate import generate

    path = tmp_path_factory.mktemp("generated") / "generated.db"
    db = Database(path)
    try:
        generate(db, documents=400, assignments=1500, seed=11, today=date(2026, 11, 23))
    finally:
        db.dispose()
    return path


@pytest.fixture
def demo_db(demo_db_file: Path, tmp_path: Path, fresh_url: Any):  # type: ignore[no-untyped-def]
    """A private copy of the demo database (on PostgreSQL: copied there by `dondoc copy`)."""
    import shutil

    from store.db import Database

    path = fresh_url(tmp_path, "demo.db")
    if ON_POSTGRES:
        from store.copy import copy_database

        copy_database(demo_db_file, path)
    else:
        shutil.copy(demo_db_file, path)
    database = Database(path, actor="tester")
    yield database
    database.dispose()


@pytest.fixture
def sample(db):  # type: ignore[no-untyped-def]
    """A small database: two agencies, a directive, a letter implementing it, assignments."""
    from store import agencies, assignments, documents
    from store.assignments import AssignmentInput, DeadlineInput
    from store.documents import DocumentInput, LinkInput

    agencies.add(db, "Thi hành án dân sự tỉnh", short_name="THADS tỉnh", aliases=["Cục THADS"])
    agencies.add(db, "Sở Tư pháp", short_name="STP")
    directive = documents.add(
        db,
        DocumentInput(
            doc_type="CT", number="09-CT/TU", issuer="Ban Thường vụ Tỉnh ủy Tây Ninh",
            subject="về tăng cường đôn đốc công tác thi hành án dân sự", issued=date(2021, 8, 25),
        ),
    )
    letter = documents.add(
        db,
        DocumentInput(
            doc_type="CV", number="353/LĐLĐ", issuer="Liên đoàn Lao động huyện Dương Minh Châu",
            subject="V/v quán triệt Chỉ thị 09-CT/TU", issued=date(2021, 9, 13),
            links=[LinkInput("implements", ref_number="09-CT/TU", ref_date=date(2021, 8, 25),
                             ref_issuer="Ban Thường vụ Tỉnh ủy Tây Ninh")],
        ),
    )
    overdue = assignments.add(
        db,
        AssignmentInput(document_id=directive, ref="1", title="Tổ chức phổ biến Chỉ thị",
                        lead=["THADS tỉnh"], support=["Sở Tư pháp"],
                        deadlines=[DeadlineInput(due=date(2021, 12, 31))]),
    )
    later = assignments.add(
        db,
        AssignmentInput(document_id=directive, ref="2", title="Kiểm tra, giám sát",
                        lead=["Sở Tư pháp"], deadlines=[DeadlineInput(due=date(2099, 1, 15))]),
    )
    return {"directive": directive, "letter": letter, "overdue": overdue, "later": later}


@pytest.fixture(autouse=True)
def _real_clock() -> Iterator[None]:
    """A test that freezes today (e.g. through the CLI's --today) does not leak it."""
    from store import clock

    clock.set_today(None)
    yield
    clock.set_today(None)
