"""`dondoc init`, `dondoc check`, `dondoc backup DEST`: database housekeeping."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from store.i18n import t
from tui.commands.common import open_db


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help=t("cli.init.help"), description=t("cli.init.help"))
    p.set_defaults(func=run_init)
    c = sub.add_parser("check", parents=[common], help=t("cli.check.help"), description=t("cli.check.help"))
    c.set_defaults(func=run_check)
    b = sub.add_parser("backup", parents=[common], help=t("cli.backup.help"), description=t("cli.backup.help"))
    b.add_argument("dest", type=Path)
    b.set_defaults(func=run_backup)


def run_init(args: argparse.Namespace) -> int:
    db = open_db(args)
    from store.migrate import current_revision

    sys.stdout.write(t("cli.init.done", path=str(db.path or db.url), revision=current_revision(db)) + "\n")
    db.dispose()
    return 0


def run_check(args: argparse.Namespace) -> int:
    from store.maintenance import integrity_check

    db = open_db(args, create=False)
    try:
        problems = integrity_check(db)
    finally:
        db.dispose()
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
