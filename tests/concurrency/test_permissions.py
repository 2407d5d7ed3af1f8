"""(d) A database shared by real OS users: layout, group access, roles, plain explanations.

Needs root (to create users and a group, and to run commands as them); skipped otherwise.
Commands run as the other users through tests/concurrency/as_user.py (starts as root,
drops to the user, runs the CLI in-process: see there why not `runuser`).
"""

from __future__ import annotations

import grp
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from store.shared import check_access

ROOT = Path(__file__).parents[2]
IS_ROOT = os.geteuid() == 0 and shutil.which("useradd") is not None and shutil.which("groupadd") is not None
needs_root = pytest.mark.skipif(
    not IS_ROOT, reason="needs root and useradd/groupadd to create real OS users and a group"
)


def _run(*argv: str) -> None:
    subprocess.run(argv, check=True, capture_output=True)


@pytest.fixture(scope="module")
def people() -> Iterator[dict[str, str]]:
    tag = uuid.uuid4().hex[:6]
    group = f"ddt{tag}g"
    names = {k: f"ddt{tag}{k[0]}" for k in ("alice", "bob", "carol", "eve")}
    _run("groupadd", group)
    try:
        for key, name in names.items():
            extra = [] if key == "eve" else ["-G", group]
            _run("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", *extra, name)
        yield {"group": group, **names}
    finally:
        for name in names.values():
            subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)


@pytest.fixture
def base() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="dondoc-perm-", dir="/tmp"))
    os.chmod(path, 0o711)  # others may pass through, not list
    yield path
    shutil.rmtree(path, ignore_errors=True)


def as_user(user: str, *argv: str, umask: str = "022", mode: str = "cli") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.concurrency.as_user", user, umask, mode, *argv],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        # $USER says someone else: the real uid must decide, not the environment.
        env={**os.environ, "DONDOC_LANG": "vi", "USER": "mallory", "LOGNAME": "mallory"},
    )


@pytest.fixture
def shared(people: dict[str, str], base: Path) -> dict[str, Any]:
    """`dondoc init --shared` as root with alice as admin, and a little data."""
    from store import agencies, assignments, documents
    from store.assignments import AssignmentInput
    from store.db import Database
    from store.documents import DocumentInput
    from tui.cli import main

    directory = base / "shared"
    assert main(["init", "--shared", str(directory), "--group", people["group"], "--admin", people["alice"]]) == 0
    path = directory / "dondoc.db"
    db = Database(path)
    agencies.add(db, "Sở Tư pháp")
    doc = documents.add(db, DocumentInput(doc_type="CT", issuer="Tỉnh ủy", subject="đôn đốc", issued=date(2026, 1, 5)))
    aid = assignments.add(db, AssignmentInput(document_id=doc, title="Báo cáo", lead=["Sở Tư pháp"]))
    db.dispose()
    return {"dir": directory, "path": path, "assignment": aid}


@needs_root
def test_init_shared_layout(people: dict[str, str], shared: dict[str, Any]) -> None:
    gid = grp.getgrnam(people["group"]).gr_gid
    dst = os.stat(shared["dir"])
    assert stat.S_IMODE(dst.st_mode) == 0o2770 and dst.st_gid == gid
    for path in [shared["path"], *(Path(f"{shared['path']}{s}") for s in ("-wal", "-shm"))]:
        if path.exists():
            st = os.stat(path)
            assert stat.S_IMODE(st.st_mode) == 0o660 and st.st_gid == gid, path
            assert not st.st_mode & (stat.S_IROTH | stat.S_IWOTH)
    assert [p for p in check_access(shared["path"]) if p.blocking] == []
    listed = as_user(people["alice"], "role", "list", "--db", str(shared["path"]), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert {u["username"]: u["role"] for u in data["users"]} == {"root": "admin", people["alice"]: "admin"}
    assert data["you"] == {"username": people["alice"], "role": "admin"}


@needs_root
def test_group_members_work_together_with_roles(people: dict[str, str], shared: dict[str, Any]) -> None:
    db = str(shared["path"])
    aid = str(shared["assignment"])
    # The admin (alice) makes bob an editor.
    done = as_user(people["alice"], "role", "set", "--db", db, people["bob"], "editor")
    assert done.returncode == 0, done.stderr
    # bob writes with a private umask: SQLite gives -wal/-shm the database file's mode and
    # the setgid directory gives them the group, so the others are not locked out.
    probe = as_user(people["bob"], db, aid, umask="077", mode="probe")
    assert probe.returncode == 0, probe.stderr
    sidecars = json.loads(probe.stdout)
    for info in sidecars.values():
        assert info == {"owner": people["bob"], "group": people["group"], "mode": "0o660"}
    # carol is in the group but has no role: she may read, not write.
    listed = as_user(people["carol"], "list", "documents", "--db", db)
    assert listed.returncode == 0, listed.stderr
    assert "đôn đốc" in listed.stdout
    refused = as_user(people["carol"], "note", "--db", db, aid, "thử ghi")
    assert refused.returncode == 1
    assert "chỉ xem" in refused.stderr and f"dondoc role set {people['carol']} editor" in refused.stderr
    assert "Traceback" not in refused.stderr
    # bob's note carries bob's name from his uid, whatever $USER said.
    history = as_user(people["alice"], "history", "assignment", aid, "--db", db, "--format", "json")
    assert history.returncode == 0, history.stderr
    notes = [e for e in json.loads(history.stdout) if e["action"] == "note"]
    assert [e["actor"] for e in notes] == [people["bob"]]
    # The admin closes the door to users without a role.
    assert as_user(people["alice"], "role", "unknown", "--db", db, "refuse").returncode == 0
    shut = as_user(people["carol"], "list", "documents", "--db", db)
    assert shut.returncode == 1 and "chưa được cấp quyền" in shut.stderr
    # bob may not manage roles.
    denied = as_user(people["bob"], "role", "set", "--db", db, people["carol"], "editor")
    assert denied.returncode == 1 and "quản trị" in denied.stderr


@needs_root
def test_outsider_is_told_about_the_group(people: dict[str, str], shared: dict[str, Any]) -> None:
    result = as_user(people["eve"], "list", "documents", "--db", str(shared["path"]))
    assert result.returncode == 1
    assert f"không thuộc nhóm «{people['group']}»" in result.stderr
    assert f"usermod -aG {people['group']} {people['eve']}" in result.stderr
    assert "Traceback" not in result.stderr and "unable to open" not in result.stderr


@needs_root
def test_directory_not_writable_explains_wal(people: dict[str, str], base: Path) -> None:
    from store.db import Database

    directory = base / "readonly"
    directory.mkdir(mode=0o755)
    os.chmod(directory, 0o755)
    path = directory / "dondoc.db"
    Database(path).dispose()
    os.chmod(path, 0o666)
    result = as_user(people["alice"], "list", "documents", "--db", str(path))
    assert result.returncode == 1
    assert "không có quyền ghi vào thư mục" in result.stderr and "-wal" in result.stderr
    assert "Traceback" not in result.stderr


@needs_root
def test_sidecar_left_by_someone_else_is_explained(people: dict[str, str], shared: dict[str, Any]) -> None:
    wal = Path(f"{shared['path']}-wal")
    wal.touch()
    os.chmod(wal, 0o600)  # as if made by a process with a private mode
    result = as_user(people["alice"], "list", "documents", "--db", str(shared["path"]))
    assert result.returncode == 1
    assert "-wal" in result.stderr and "chmod 660" in result.stderr
    assert "Traceback" not in result.stderr


@needs_root
def test_init_shared_refuses_unknown_group(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    assert main(["init", "--shared", str(base / "x"), "--group", "no-such-group-ddt"]) == 1
    assert "groupadd" in capsys.readouterr().err


# --- without root: what check_access says from the modes alone -----------------------------------


def db_with_modes(directory: Path, file_mode: int, dir_mode: int) -> Path:
    """A new database in a new `directory`, the file and the directory given these modes."""
    from store.db import Database

    directory.mkdir()
    path = directory / "dondoc.db"
    Database(path).dispose()
    os.chmod(path, file_mode)
    os.chmod(directory, dir_mode)
    return path


def test_world_readable_file_and_loose_directory_are_warned(tmp_path: Path) -> None:
    from store.db import Database

    path = db_with_modes(tmp_path / "loose", 0o664, 0o777)
    problems = check_access(path)
    keys = {p.key for p in problems}
    assert {"access.world_readable", "access.dir_world_writable", "access.dir_not_setgid"} <= keys
    assert not [p for p in problems if p.blocking]
    db = Database(path)
    try:
        assert {p.key for p in db.problems} == keys  # handed to the UI, not raised
    finally:
        db.dispose()
    message = next(p for p in problems if p.key == "access.world_readable").message()
    assert "ai trên máy chủ cũng đọc được" in message and "chmod o-rwx" in message


def test_a_public_temporary_directory_is_named_as_such_not_given_modes(tmp_path: Path) -> None:
    """A database in /tmp (anyone may write, sticky bit): the clerk is told to move it, not to
    set a setgid bit or a group on the system's temporary directory."""
    directory = tmp_path / "public"
    path = db_with_modes(directory, 0o660, 0o1777)
    problems = check_access(path)
    keys = {p.key for p in problems}
    assert "access.dir_public" in keys
    assert not keys & {"access.dir_not_setgid", "access.dir_world_writable", "access.group_mismatch"}
    assert not [p for p in problems if p.blocking]
    message = next(p for p in problems if p.key == "access.dir_public").message()
    assert "thư mục tạm công cộng" in message and "g+s" not in message and str(directory) in message


def test_missing_directory_is_one_clear_error(tmp_path: Path) -> None:
    problems = check_access(tmp_path / "nope" / "x.db")
    assert [p.key for p in problems] == ["err.db_missing_dir"] and problems[0].blocking
