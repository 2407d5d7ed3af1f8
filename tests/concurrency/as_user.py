"""Run dondoc as another OS user: `python -m tests.concurrency.as_user USER UMASK cli ARGS...`.

Used by the permission tests (as root). `runuser -u USER -- python ...` cannot work here:
the interpreter lives under /root, which other users may not enter. So this starts as root,
imports everything dondoc will need, then drops to USER (groups, gid, uid: real and
effective) and runs the command in-process, as the clerk's own process would.

`probe` instead of `cli`: open the database, add a note, and while it is still open print
the -wal/-shm files' owner, group and mode as JSON.
"""

from __future__ import annotations

import _strptime  # noqa: F401 - lazily imported by strptime; unreachable after dropping root
import contextlib
import csv
import grp
import io
import json
import os
import pwd
import stat
import sys
import tempfile
import unicodedata

import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401

import store.agencies
import store.assignments
import store.audit
import store.db
import store.deadlines
import store.documents
import store.drafts
import store.maintenance
import store.migrate
import store.roles
import store.serialize
import store.shared
from tui.cli import build_parser, main

_ = (contextlib, csv, io, tempfile, unicodedata, store.agencies, store.audit, store.documents,
     store.drafts, store.maintenance, store.serialize, store.shared, store.deadlines)


def _warm_up() -> None:
    """Import every command module and run the store once (lazy imports happen as root)."""
    build_parser()
    with tempfile.TemporaryDirectory() as tmp:
        db = store.db.Database(os.path.join(tmp, "warm.db"))
        store.roles.list_roles(db)
        db.data_version()
        db.dispose()
    from store import dates, text  # noqa: F401
    from store.dates import parse_date

    parse_date("5/1/2026")


def become(user: str, umask: int) -> None:
    pw = pwd.getpwnam(user)
    os.setgroups(os.getgrouplist(user, pw.pw_gid))
    os.setresgid(pw.pw_gid, pw.pw_gid, pw.pw_gid)
    os.setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid)
    os.umask(umask)
    os.environ.update({"HOME": tempfile.gettempdir(), "XDG_DATA_HOME": tempfile.gettempdir()})


def probe(db_path: str, assignment_id: int) -> int:
    db = store.db.Database(db_path)
    store.assignments.add_note(db, assignment_id, f"ghi chú của {store.db.current_user()}")
    out = {}
    for suffix in ("-wal", "-shm"):
        st = os.stat(db_path + suffix)
        out[suffix] = {
            "owner": pwd.getpwuid(st.st_uid).pw_name, "group": grp.getgrgid(st.st_gid).gr_name,
            "mode": oct(stat.S_IMODE(st.st_mode)),
        }
    print(json.dumps(out))
    db.dispose()
    return 0


if __name__ == "__main__":
    user, umask, mode, *rest = sys.argv[1:]
    _warm_up()
    become(user, int(umask, 8))
    if mode == "probe":
        raise SystemExit(probe(rest[0], int(rest[1])))
    raise SystemExit(main(rest))
