"""Roles enforced in the write path; drafts for unsaved forms; backups while others write."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store import agencies, assignments, documents, roles, settings
from store.db import Database
from store.errors import DatabaseError, PermissionDenied, ValidationError


# --- roles -----------------------------------------------------------------------------------


def test_creator_is_admin_unknown_user_is_viewer(tmp_path: Path, fresh_url: Any) -> None:
    path = fresh_url(tmp_path, "r.db")
    creator = Database(path, user="chanh")
    try:
        assert creator.role == "admin"
        assert [(r.username, r.role) for r in roles.list_roles(creator).users] == [("chanh", "admin")]
        agencies.add(creator, "Sở Tư pháp")
        viewer = Database(path, user="khach")
        assert viewer.role == "viewer"
        assert [a.name for a in agencies.list_all(viewer)] == ["Sở Tư pháp"]  # viewers read
        with pytest.raises(PermissionDenied) as err:
            agencies.add(viewer, "Sở Tài chính")
        message = err.value.message()
        assert "khach" in message and "chỉ xem" in message and "dondoc role set khach editor" in message
        roles.set_role(creator, "khach", "editor")
        agencies.add(viewer, "Sở Tài chính")  # takes effect on the next write, no reopening
        assert viewer.refresh_role() == "editor"
        with pytest.raises(PermissionDenied):
            roles.set_role(viewer, "khach", "admin")
        with pytest.raises(PermissionDenied):  # settings are admin-only, whoever wrote the code
            settings.set(viewer, "office_name", "Cục THADS")
        settings.set(creator, "office_name", "Cục THADS")
        viewer.dispose()
    finally:
        creator.dispose()


def test_refuse_policy_and_last_admin(tmp_path: Path, fresh_url: Any) -> None:
    path = fresh_url(tmp_path, "r.db")
    admin = Database(path, user="chanh")
    try:
        roles.set_unknown_policy(admin, "từ chối")
        with pytest.raises(PermissionDenied) as err:
            Database(path, user="la")
        assert err.value.key == "err.role_refused" and "chanh" in err.value.message()
        with pytest.raises(ValidationError):
            roles.set_role(admin, "chanh", "viewer")
        roles.set_role(admin, "pho", "quản trị")
        roles.set_role(admin, "chanh", "viewer")
        assert roles.role_of(admin) == "viewer"
        with pytest.raises(ValidationError):
            roles.set_role(admin, "bad name; rm", "viewer")
        with pytest.raises(ValidationError):
            roles.parse_role("boss")
    finally:
        admin.dispose()


def test_role_cli(tmp_path: Path, fresh_url: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    path = str(fresh_url(tmp_path, "r.db"))
    assert main(["init", "--db", path]) == 0
    assert main(["role", "set", "--db", path, "thu", "editor"]) == 0
    assert main(["role", "list", "--db", path, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"username": "thu"' in out and '"role": "editor"' in out
    assert main(["role", "unknown", "--db", path, "refuse"]) == 0
    assert main(["role", "remove", "--db", path, "thu"]) == 0
    assert main(["role", "set", "--db", path, "thu", "boss"]) == 1


# --- drafts ----------------------------------------------------------------------------------


def test_drafts_save_load_list_discard(tmp_path: Path) -> None:
    from store.drafts import DraftStore

    drafts = DraftStore(tmp_path / "d")
    assert drafts.load("document:new") is None and drafts.list() == []
    drafts.save("document:new", {"subject": "V/v đôn đốc", "issued": date(2026, 3, 5), "tags": ("a",)})
    time.sleep(0.01)
    drafts.save("assignment:12", {"title": "[b]không phải markup[/b]"})
    assert drafts.load("document:new") == {"subject": "V/v đôn đốc", "issued": "2026-03-05", "tags": ["a"]}
    assert [d.key for d in drafts.list()] == ["assignment:12", "document:new"]
    path = drafts.list()[0].path
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "d").stat().st_mode & 0o777) == "0o700"
    drafts.save("assignment:12", {"title": "sửa tiếp"})
    assert drafts.load("assignment:12") == {"title": "sửa tiếp"}
    assert drafts.discard("assignment:12") and not drafts.discard("assignment:12")
    (tmp_path / "d" / "broken.json").write_text("{half")
    (tmp_path / "d" / ".x.json.tmp").write_text("left by a crash")
    assert [d.key for d in drafts.list()] == ["document:new"]
    assert drafts.clear_stale_temp_files() == 1
    one, other = DraftStore.for_database(tmp_path / "a.db", tmp_path), DraftStore.for_database(tmp_path / "b.db", tmp_path)
    one.save("k", 1)
    assert other.load("k") is None and one.load("k") == 1


def test_drafts_default_directory_is_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from store import drafts

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    drafts.save("note:3", {"text": "dở dang"})
    assert (tmp_path / "xdg" / "dondoc" / "drafts").is_dir()
    assert drafts.load("note:3") == {"text": "dở dang"}
    assert [d.key for d in drafts.list()] == ["note:3"]
    assert drafts.discard("note:3")


# --- backup while others write -----------------------------------------------------------------


@pytest.mark.slow
def test_backup_is_consistent_while_writers_keep_writing(seeded: dict[str, Any], tmp_path: Path) -> None:
    from tests.concurrency.workers import context, unit_writer

    ctx = context()
    started = [ctx.Event() for _ in range(2)]
    procs = [ctx.Process(target=unit_writer, args=(str(seeded["path"]), 12, ev)) for ev in started]
    for p in procs:
        p.start()
    try:
        for ev in started:
            assert ev.wait(timeout=30)
        db = Database(seeded["path"])
        try:
            for i in range(5):
                dest = db.backup_to(tmp_path / f"backup-{i}.db")
                con = sqlite3.connect(dest)
                try:
                    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                    bad = con.execute(
                        "select d.id from document d left join assignment a on a.document_id = d.id "
                        "where d.source = 'killtest' group by d.id having count(a.id) != 12"
                    ).fetchall()
                    assert bad == []
                    assert con.execute("select count(*) from document").fetchone()[0] >= 1
                finally:
                    con.close()
                assert oct(dest.stat().st_mode & 0o777) == "0o660"
                assert not list(tmp_path.glob(".backup-*"))
                time.sleep(0.05)
        finally:
            db.dispose()
    finally:
        for p in procs:
            p.kill()
            p.join(timeout=10)


def test_backup_refuses_to_leave_a_bad_copy(seeded: dict[str, Any], tmp_path: Path) -> None:
    db = Database(seeded["path"])
    try:
        with pytest.raises(DatabaseError):
            db.backup_to(tmp_path / "no-such-dir" / "x.db")
    finally:
        db.dispose()
    assert not (tmp_path / "no-such-dir").exists()


def test_backup_before_migration_and_concurrent_first_opens(tmp_path: Path, fresh_url: Any) -> None:
    """Clerks starting the new version at once: one upgrade, a backup, nobody fails.
    (On PostgreSQL: one migrator at a time, no file backup.)"""
    from sqlalchemy import create_engine, text

    from store.db import sqlite_path, to_url
    from store.migrate import head_revision, upgrade
    from tests.concurrency.workers import context, opener

    path = fresh_url(tmp_path, "old.db")
    old = Database(path, migrate=False)
    upgrade(old, "0002")
    old.dispose()
    ctx = context()
    out = ctx.Queue()
    procs = [ctx.Process(target=opener, args=(str(path), out)) for _ in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert [r for r in results if r["error"]] == []
    engine = create_engine(to_url(path))
    with engine.connect() as con:
        assert con.execute(text("select version_num from alembic_version")).scalar() == head_revision()
    engine.dispose()
    if sqlite_path(to_url(path)) is None:
        return
    backups = sorted(path.parent.glob("old.db.bak-0002-*"))
    assert backups, "a backup was made before the upgrade"
