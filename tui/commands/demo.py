"""`dondoc demo`: a fresh demo database in a temporary place, opened in the TUI."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from store.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help=t("cli.demo.help"), description=t("cli.demo.help"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from store.fixtures import init_demo
    from tui.run import run_app

    if args.db and "://" in str(args.db):  # a server database: the demo data goes in if empty
        from store import documents
        from store.db import Database

        db = Database(args.db)
        try:
            empty = documents.count_documents(db) == 0
        finally:
            db.dispose()
        if empty:
            init_demo(args.db).dispose()
        return run_app(str(args.db), today=getattr(args, "today", None))
    if args.db:
        path = Path(args.db)
        if not path.exists():
            init_demo(path).dispose()
        return run_app(str(path), today=getattr(args, "today", None))
    with tempfile.TemporaryDirectory(prefix="dondoc-demo-") as tmp:
        path = Path(tmp) / "demo.db"
        init_demo(path).dispose()
        return run_app(str(path), today=getattr(args, "today", None))
