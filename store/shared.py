"""A database shared by several clerks: who can reach the file, and setting it up right.

Several OS users open one SQLite file over SSH. SQLite in WAL mode needs, for *every* user,
read and write access to the database file and to its directory (it creates the `-wal` and
`-shm` files next to the database and removes them when the last user closes it; SQLite
gives them the database file's own permission bits). The layout that works:

    /srv/dondoc            root:thads  drwxrws---  (2770: group-owned, setgid so new files
                                                    get the group, nothing for others)
    /srv/dondoc/dondoc.db  admin:thads -rw-rw----  (0660), same for -wal and -shm

`check_access(path)` explains in plain Vietnamese (or English) whatever is not so, before
SQLite fails later with "attempt to write a readonly database" or "unable to open database
file"; `Database` calls it on every open. `init_shared(directory, group)` creates the layout.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.errors import DatabaseError
from store.i18n import t

ERROR = "error"
WARNING = "warning"
SHARED_DB_NAME = "dondoc.db"
DIR_MODE = 0o2770
FILE_MODE = 0o660
SIDECARS = ("-wal", "-shm")
# Filesystems on which SQLite's locking and WAL shared memory do not work reliably.
_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs", "ceph", "glusterfs"}


@dataclass(frozen=True)
class Problem:
    """Something wrong with how the database file or its directory can be reached.

    Attributes:
        key: catalogue key of the explanation (`access.*`).
        severity: "error" (dondoc cannot work) or "warning" (it works, but should be fixed).
        params: values for the message.
    """

    key: str
    severity: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.params)

    def __str__(self) -> str:
        return self.message()


def current_user() -> str:
    """The OS user of the process, from the real uid ($USER can be set by anyone)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid with no passwd entry (containers)
        return f"uid{os.getuid()}"


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def my_groups() -> set[int]:
    return {os.getgid(), os.getegid(), *os.getgroups()}


def _describe(path: Path, st: os.stat_result) -> dict[str, Any]:
    return {
        "path": str(path),
        "owner": _user_name(st.st_uid),
        "group": _group_name(st.st_gid),
        "mode": stat.filemode(st.st_mode),
        "octal": f"{stat.S_IMODE(st.st_mode):o}",
        "user": _user_name(os.getuid()),
    }


def filesystem_type(path: Path) -> str | None:
    """The filesystem type of the mount holding `path` (Linux /proc/self/mountinfo)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in lines:
        parts = line.split(" - ")
        if len(parts) != 2:
            continue
        left, right = parts[0].split(), parts[1].split()
        if len(left) < 5 or not right:
            continue
        mount = left[4].replace("\\040", " ")
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
            best, best_type = mount, right[0]
    return best_type


def _access_problem(path: Path, st: os.stat_result, what: str, need: int) -> Problem | None:
    """Why the current user cannot use `path` (read/write), in terms of owner/group/others."""
    if os.access(path, need):
        return None
    info = _describe(path, st)
    info["what"] = t(f"access.what.{what}")
    if st.st_uid != os.getuid() and st.st_gid not in my_groups():
        return Problem("access.not_in_group", ERROR, info)
    key = "access.no_write" if need & os.W_OK else "access.no_read"
    return Problem(key, ERROR, info)


def check_access(path: str | os.PathLike[str]) -> list[Problem]:
    """What stands between the current OS user and working on the database at `path`.

    Errors mean dondoc cannot work (yet); warnings mean it works but the setup leaks or
    will break for another clerk. An empty list means all is well.
    """
    path = Path(path)
    directory = path.parent
    problems: list[Problem] = []
    try:
        dst = os.stat(directory)
    except FileNotFoundError:
        return [Problem("err.db_missing_dir", ERROR, {"path": str(directory)})]
    except PermissionError:
        return [Problem("access.dir_no_enter", ERROR, {"path": str(directory), "user": _user_name(os.getuid())})]
    dinfo = _describe(directory, dst)
    if not os.access(directory, os.X_OK):
        problem = _access_problem(directory, dst, "dir", os.X_OK)
        return [problem or Problem("access.dir_no_enter", ERROR, dinfo)]
    try:
        fst = os.stat(path)
    except FileNotFoundError:
        fst = None
    except PermissionError:
        return [Problem("access.dir_no_enter", ERROR, dinfo)]
    if not os.access(directory, os.W_OK | os.X_OK):
        # WAL creates path-wal and path-shm next to the database, for readers too.
        key = "access.dir_not_writable" if fst is not None else "access.dir_cannot_create"
        info = dict(dinfo)
        info["what"] = t("access.what.dir")
        if dst.st_mode & stat.S_IWGRP and dst.st_uid != os.getuid() and dst.st_gid not in my_groups():
            # A shared directory the user is not in the group of: joining is the fix.
            info["hint"] = t("access.hint.join_group", group=dinfo["group"], user=dinfo["user"])
        else:
            info["hint"] = t("access.hint.dir_mode", path=str(directory))
        problems.append(Problem(key, ERROR, info))
    fstype = filesystem_type(directory)
    if fstype and (fstype in _NETWORK_FS or fstype.startswith("fuse.")):
        problems.append(Problem("access.network_fs", WARNING, {"path": str(directory), "fstype": fstype}))
    if fst is None:
        return problems
    if not stat.S_ISREG(fst.st_mode):
        return problems + [Problem("access.not_a_file", ERROR, {"path": str(path)})]
    for need in (os.R_OK, os.W_OK):
        problem = _access_problem(path, fst, "file", need)
        if problem is not None:
            problems.append(problem)
            break
    for suffix in SIDECARS:
        side = path.with_name(path.name + suffix)
        try:
            sst = os.stat(side)
        except OSError:
            continue
        if not os.access(side, os.R_OK | os.W_OK):
            info = _describe(side, sst)
            info["db"] = str(path)
            problems.append(Problem("access.sidecar", ERROR, info))
        if sst.st_mode & stat.S_IROTH:
            problems.append(Problem("access.world_readable", WARNING, _describe(side, sst)))
    finfo = _describe(path, fst)
    if fst.st_mode & stat.S_IWOTH:
        problems.append(Problem("access.world_writable", WARNING, finfo))
    elif fst.st_mode & stat.S_IROTH:
        problems.append(Problem("access.world_readable", WARNING, finfo))
    # A public directory (/tmp, /var/tmp: anyone may write, the sticky bit set): no mode or
    # group set on it would make it a place for the office's data; a setgid bit or a chgrp
    # there is no advice to give.
    public = bool(dst.st_mode & stat.S_IWOTH) and bool(dst.st_mode & stat.S_ISVTX)
    if dst.st_mode & stat.S_IWOTH and not public:
        problems.append(Problem("access.dir_world_writable", WARNING, dinfo))
    shared = bool(fst.st_mode & stat.S_IWGRP) and bool(dst.st_mode & stat.S_IWGRP)
    if public:
        problems.append(Problem("access.dir_public", WARNING, dinfo))
    elif shared:
        if not dst.st_mode & stat.S_ISGID:
            problems.append(Problem("access.dir_not_setgid", WARNING, dinfo))
        if fst.st_gid != dst.st_gid:
            info = dict(finfo)
            info["dir_group"] = dinfo["group"]
            problems.append(Problem("access.group_mismatch", WARNING, info))
        if fst.st_uid != os.getuid() and fst.st_gid not in my_groups() and os.getuid() != 0:
            problems.append(Problem("access.not_in_group", WARNING, dict(finfo, what=t("access.what.file"))))
    return problems


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]


def raise_if_blocking(problems: list[Problem]) -> None:
    """A DatabaseError explaining the first problem that prevents work, if any."""
    errors = blocking(problems)
    if errors:
        first = errors[0]
        err = DatabaseError(first.key, **first.params)
        err.problems = problems  # type: ignore[attr-defined]
        raise err


# --- setting up a shared database ------------------------------------------------------------


def _fix(path: Path, gid: int, mode: int) -> None:
    st = os.stat(path)
    if st.st_gid != gid:
        os.chown(path, -1, gid)
    if stat.S_IMODE(st.st_mode) != mode:
        os.chmod(path, mode)


def init_shared(directory: str | os.PathLike[str], group: str, *, admins: tuple[str, ...] = ()) -> Any:
    """Create (or repair) a shared database in `directory` for the OS group `group`.

    The directory becomes group-owned and setgid (2770), the database file and its -wal/-shm
    group read/write (0660), nothing readable by others. The creator becomes admin (as for
    any new database), and so does each user in `admins`. Returns the open `Database`.
    """
    from store.db import Database

    directory = Path(directory).expanduser().absolute()
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise DatabaseError("access.no_such_group", group=group) from None
    if os.getuid() != 0 and gid not in my_groups():
        raise DatabaseError("access.init_not_member", group=group, user=_user_name(os.getuid()))
    try:
        if not directory.exists():
            if not directory.parent.is_dir():
                raise DatabaseError("err.db_missing_dir", path=str(directory.parent))
            directory.mkdir(mode=0o700)
        _fix(directory, gid, DIR_MODE)
        path = directory / SHARED_DB_NAME
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
            os.close(fd)
        _fix(path, gid, FILE_MODE)
        for suffix in SIDECARS:
            side = path.with_name(path.name + suffix)
            if side.exists():
                _fix(side, gid, FILE_MODE)
    except PermissionError as exc:
        raise DatabaseError(
            "access.init_denied", path=str(exc.filename or directory), reason=exc.strerror or str(exc)
        ) from None
    db = Database(path)
    try:
        from store import roles

        for name in admins:
            roles.set_role(db, name, roles.Role.ADMIN)
        # The schema is written now: SQLite made -wal/-shm with the file's mode; the
        # setgid directory gave them the group. Make sure, in case an older SQLite did not.
        for suffix in SIDECARS:
            side = path.with_name(path.name + suffix)
            if side.exists() and os.stat(side).st_uid == os.getuid():
                _fix(side, gid, FILE_MODE)
    except BaseException:
        db.dispose()
        raise
    return db
