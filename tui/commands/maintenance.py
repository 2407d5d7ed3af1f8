"""`dondoc init`, `dondoc check`, `dondoc backup DEST`: database housekeeping.

`dondoc init --shared DIR --group GROUP [--admin USER]...` creates (or repairs) a database
several clerks share: DIR group-owned and setgid (2770), files 0660 (store.shared).
`check` also explains file-access problems (store.shared.check_access).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store.i18n import t
from tui.commands.common import open_db


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help=t("cli.init.help"), description=t("cli.init.help"))
    p.add_argument("--shared", type=Path, metavar="DIR", help=t("cli.init.shared"))
    p.add_argument("--group", metavar="GROUP", help=t("cli.init.group"))
    p.add_argument("--admin", action="append", default=[], metavar="USER", help=t("cli.init.admin"))
    p.set_defaults(func=run_init)
    c = sub.add_parser("check", parents=[common], help=t("cli.check.help"), description=t("cli.check.help"))
    c.set_defaults(func=run_check)
    b = sub.add_parser("backup", parents=[common], help=t("cli.backup.help"), description=t("cli.backup.help"))
    b.add_argument("dest", type=Path)
    b.set_defaults(func=run_backup)


def _warn(problems: list) -> None:  # type: ignore[type-arg]
    for problem in problems:
        sys.stderr.write(t("cli.warning", message=problem.message()) + "\n")


def run_init(args: argparse.Namespace) -> int:
    if args.shared is not None:
        return _run_init_shared(args)
    if args.group or args.admin:
        sys.stderr.write(t("cli.init.group_needs_shared") + "\n")
        return 2
    db = open_db(args)
    from store.migrate import current_revision

    _warn(db.problems)
    sys.stdout.write(t("cli.init.done", path=db.where, revision=current_revision(db)) + "\n")
    db.dispose()
    return 0


def _run_init_shared(args: argparse.Namespace) -> int:
    from store import roles
    from store.shared import check_access, init_shared

    if not args.group:
        sys.stderr.write(t("cli.init.group_needs_shared") + "\n")
        return 2
    db = init_shared(args.shared, args.group, admins=tuple(args.admin))
    try:
        admins = [r.username for r in roles.list_roles(db).users if r.role == roles.Role.ADMIN]
        path = db.path
    finally:
        db.dispose()
    _warn(check_access(path))
    sys.stdout.write(
        t("cli.init.shared_done", path=str(path), group=args.group, admins=", ".join(admins)) + "\n"
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    from store.maintenance import integrity_check

    db = open_db(args, create=False)
    try:
        problems = integrity_check(db)
        access = list(db.problems)
    finally:
        db.dispose()
    if access:
        sys.stdout.write(t("cli.check.access") + "\n" + "\n".join(f"- {p.message()}" for p in access) + "\n")
    elif db.path is not None:
        sys.stdout.write(t("cli.check.access_ok") + "\n")
    if problems:
        sys.stdout.write(t("cli.check.bad") + "\n" + "\n".join(problems) + "\n")
        return 1
    sys.stdout.write(t("cli.check.ok") + "\n")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    try:
        dest = db.backup_to(args.dest)
    finally:
        db.dispose()
    sys.stdout.write(t("cli.backup.done", path=str(dest)) + "\n")
    return 0
