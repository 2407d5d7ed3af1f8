"""(e) The audit trail: append-only in SQLite, actor from the real uid, history export."""

from __future__ import annotations

import csv
import io
import json
import os
import pwd
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from store import assignments, audit
from store.db import Database, current_user
from store.errors import DatabaseError

ROOT = Path(__file__).parents[2]


def _cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "DONDOC_LANG": "vi", **(env or {})},
    )


def test_audit_refuses_update_and_delete_from_any_connection(seeded: dict[str, Any]) -> None:
    """Triggers on either engine (0003 on SQLite, 0004 on PostgreSQL), whoever connects."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import IntegrityError

    from store.db import to_url

    engine = create_engine(to_url(seeded["path"]))
    try:
        with engine.connect() as con:
            count = con.execute(text("select count(*) from audit_event")).scalar()
            assert count and count > 0
            for statement in ("update audit_event set actor = 'someone else'", "delete from audit_event"):
                with pytest.raises(IntegrityError, match="append-only"):
                    con.execute(text(statement))
                con.rollback()
            assert con.execute(text("select count(*) from audit_event")).scalar() == count
            con.execute(text("insert into audit_event (at, actor, action, entity) values ('2026-01-01', 'x', 'note', 'y')"))
            con.rollback()  # appending is what it is for
    finally:
        engine.dispose()


def test_audit_refusal_through_the_store_is_a_message(seeded: dict[str, Any]) -> None:
    db = Database(seeded["path"])
    try:
        with pytest.raises(DatabaseError) as err:
            db.write(lambda s: s.execute(text("delete from audit_event")))
        assert err.value.key == "err.db_write_failed" and "append-only" in err.value.message()
    finally:
        db.dispose()


@pytest.mark.sqlite_only("migration 0003's SQLite triggers and the file owner as first admin")
def test_migration_0003_adds_triggers_to_an_older_database(tmp_path: Path) -> None:
    from store.migrate import upgrade

    path = tmp_path / "old.db"
    old = Database(path, migrate=False)
    upgrade(old, "0002")
    old.dispose()
    con = sqlite3.connect(path)
    con.execute("insert into audit_event (at, actor, action, entity) values ('2025-01-01', 'thu', 'create', 'document')")
    con.commit()
    con.close()
    upgraded = Database(path)
    try:
        assert upgraded.backup_path is not None and upgraded.backup_path.exists()
        con = sqlite3.connect(path)
        names = {r[0] for r in con.execute("select name from sqlite_master where type = 'trigger'")}
        assert {"audit_event_no_update", "audit_event_no_delete"} <= names
        # Roles on a database older than roles: the file's owner is admin, past authors editors.
        roles = dict(con.execute("select username, role from user_role"))
        con.close()
        owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
        assert roles[owner] == "admin" and roles.get("thu") == "editor"
    finally:
        upgraded.dispose()


def test_actor_is_the_real_uid_not_USER(seeded: dict[str, Any]) -> None:
    me = pwd.getpwuid(os.getuid()).pw_name
    assert current_user() == me
    env = {"USER": "mallory", "LOGNAME": "mallory", "USERNAME": "mallory"}
    result = _cli("--db", str(seeded["path"]), "note", str(seeded["first"]), "ghi chú từ dòng lệnh", env=env)
    assert result.returncode == 0, result.stderr
    result = _cli("--db", str(seeded["path"]), "set", str(seeded["first"]), "--status", "hoàn thành",
                  "--done-on", "5/1/2026", env=env)
    assert result.returncode == 0, result.stderr
    assert "Hoàn thành (05/01/2026)" in result.stdout
    db = Database(seeded["path"])
    try:
        history = audit.history(db, "assignment", seeded["first"])
        detail = assignments.get(db, seeded["first"])
    finally:
        db.dispose()
    assert [h.action for h in history[:3]] == ["update", "note", "update"]
    assert {h.actor for h in history[:3]} == {me}
    assert detail.notes[0].author == me


def test_history_export_csv_and_json(seeded: dict[str, Any]) -> None:
    db_arg = ["--db", str(seeded["path"])]
    assert _cli(*db_arg, "set", str(seeded["first"]), "--status", "tam-dung").returncode == 0
    assert _cli(*db_arg, "note", str(seeded["first"]), 'có "ngoặc", dấu phẩy và =SUM(A1)').returncode == 0
    as_json = _cli(*db_arg, "history", "assignment", str(seeded["first"]), "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    events = json.loads(as_json.stdout)
    assert [e["action"] for e in events] == ["create", "update", "note"], "oldest first"
    assert (events[1]["before"], events[1]["after"]) == ({"work_status": "not_started"}, {"work_status": "paused"})
    assert all(e["actor"] == current_user() for e in events[1:])
    as_csv = _cli(*db_arg, "history", "nhiệm vụ", str(seeded["first"]), "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["Thời điểm", "Người thực hiện", "Thao tác", "Trường", "Trước", "Sau"]
    status_rows = [r for r in rows if r[2] == "sửa" and r[3] == "Tình trạng"]
    assert status_rows and status_rows[-1][4:] == ["Chưa thực hiện", "Tạm dừng"]
    note_rows = [r for r in rows if r[2] == "ghi chú tiến độ" and r[3] == "Nội dung ghi chú"]
    assert note_rows and note_rows[0][5] == 'có "ngoặc", dấu phẩy và =SUM(A1)'
    table = _cli(*db_arg, "history", "document", str(seeded["document"]))
    assert table.returncode == 0 and "tạo" in table.stdout
    unknown = _cli(*db_arg, "history", "ghế", "1")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
