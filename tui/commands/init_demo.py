"""`dondoc init-demo --db PATH`: build the demo database from fixtures/ without the UI."""

from __future__ import annotations

import argparse
import sys

from store.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init-demo", parents=[common], help=t("cli.init_demo.help"), description=t("cli.init_demo.help"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from store import documents
    from store.fixtures import init_demo
    from tui.cli import db_arg

    path = db_arg(args)
    db = init_demo(path)
    count = documents.count_documents(db)
    db.dispose()
    sys.stdout.write(t("cli.init_demo.done", path=path, count=count) + "\n")
    return 0
