"""`dondoc copy --from SOURCE --to TARGET`: move an office's data between databases.

SOURCE and TARGET are SQLite files or postgresql://… URLs (either way round). The target
must be empty (a new file, or a database freshly made with `createdb`); every table is
verified by row count and checksum before the copy commits (store.copy).
"""

from __future__ import annotations

import argparse
import sys

from store.i18n import t


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("copy", parents=[common], help=t("cli.copy.help"), description=t("cli.copy.help"))
    p.add_argument("--from", dest="source", required=True, metavar="SOURCE", help=t("cli.copy.from"))
    p.add_argument("--to", dest="target", required=True, metavar="TARGET", help=t("cli.copy.to"))
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from store.copy import copy_database

    def progress(table: str, rows: int) -> None:
        if sys.stderr.isatty():
            sys.stderr.write(f"\r{table}: {rows}   ")
            sys.stderr.flush()

    report = copy_database(args.source, args.target, progress=progress)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    if args.format == "json":
        from tui.commands.common import print_json

        print_json({
            "source": report.source, "target": report.target, "rows": report.rows,
            "tables": {x.name: {"rows": x.rows, "checksum": x.checksum} for x in report.tables},
        })
        return 0
    from tui.commands.common import print_table

    print_table(
        [t("cli.copy.table"), t("cli.copy.rows"), t("cli.copy.checksum")],
        [(x.name, x.rows, x.checksum[:16]) for x in report.tables],
        [20, 10, 16],
    )
    sys.stdout.write(t("cli.copy.done", rows=report.rows, source=report.source, target=report.target) + "\n")
    return 0
