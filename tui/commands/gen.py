"""`dondoc gen`: a realistic synthetic database at any size (for the benchmark and trials)."""

from __future__ import annotations

import argparse
import sys

from store.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("gen", parents=[common], help=t("cli.gen.help"), description=t("cli.gen.help"))
    p.add_argument("--documents", type=int, default=1000, metavar="N", help=t("cli.gen.documents"))
    p.add_argument("--assignments", type=int, default=5000, metavar="M", help=t("cli.gen.assignments"))
    p.add_argument("--seed", type=int, default=1, metavar="S", help=t("cli.gen.seed"))
    p.add_argument("--fts", choices=["rebuild", "triggers"], default="rebuild", help=argparse.SUPPRESS)
    p.add_argument("--gen-today", dest="gen_today", metavar="DATE", help=t("cli.gen.today"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from store.dates import parse_date
    from store.db import Database
    from store.generate import GEN_TODAY, generate, generate_file
    from tui.cli import db_arg

    today = parse_date(args.gen_today, field="today") if args.gen_today else GEN_TODAY
    path = db_arg(args)
    sizes = {"documents": args.documents, "assignments": args.assignments, "seed": args.seed,
             "today": today, "fts": args.fts}
    if "://" not in path and not Path(path).exists():
        # a new file: built under a temporary name, so that a stopped build leaves none
        stats = generate_file(path, **sizes)
    else:  # an existing (empty) database or a server's: filled in place
        db = Database(path)
        try:
            stats = generate(db, **sizes)
        finally:
            db.dispose()
    sys.stdout.write(t(
        "cli.gen.done", path=path, documents=stats.documents, assignments=stats.assignments,
        seconds=stats.seconds,
    ) + "\n")
    return 0
