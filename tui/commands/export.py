"""`dondoc export ...` (CSV for Excel and meetings) and `dondoc import FILE.csv`."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from store.i18n import number, t
from tui.commands.common import add_delimiter, delimiter_of, open_db, today_of
from tui.commands.listing import add_filters, assignment_query, document_query


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("export", parents=[common], help=t("cli.export.help"), description=t("cli.export.help"))
    p.add_argument("what", choices=["documents", "assignments", "deadlines", "meeting"])
    p.add_argument("--out", required=True, metavar="PATH", help=t("cli.export.out"))
    add_filters(p)
    p.add_argument("--plain", action="store_true", help=t("cli.export.plain"))
    add_delimiter(p)
    p.add_argument("--since", metavar="DATE", help=t("cli.export.since"))
    p.add_argument("--as-of", metavar="DATE", help=t("cli.export.as_of"))
    p.add_argument("--score-since", metavar="DATE", help=t("cli.export.score_since"))
    p.set_defaults(func=run_export)

    i = sub.add_parser("import", parents=[common], help=t("cli.import.help"), description=t("cli.import.help"))
    i.add_argument("file", metavar="FILE.csv")
    i.add_argument("--apply", action="store_true", help=t("cli.import.apply"))
    i.add_argument("--map", action="append", default=[], metavar="HEADING=FIELD", help=t("cli.import.map"))
    i.add_argument("--encoding", help=t("cli.import.encoding"))
    i.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from store import export
    from store.dates import parse_date, parse_optional_date

    bom, delimiter = not args.plain, delimiter_of(args)
    as_of = parse_date(args.as_of) if args.as_of else today_of(args)
    out = Path(args.out).expanduser()
    db = open_db(args, create=False)
    try:
        if args.what == "meeting":
            if not args.since:
                sys.stderr.write(f"dondoc: {t('cli.export.needs_since')}\n")
                return 2
            written = export.write_meeting(
                db, out, since=parse_date(args.since), as_of=as_of,
                due_within=args.due_within if args.due_within is not None else 7, agency=args.agency,
                score_since=parse_optional_date(args.score_since), bom=bom, delimiter=delimiter,
            )
            print(t("cli.export.meeting_done", path=str(out)))
            for name, n in written.items():
                print(t("cli.export.file_line", name=name, n=number(n)))
            return 0
        if args.what == "documents":
            n = export.write_documents(db, document_query(args), out, bom=bom, delimiter=delimiter)
        elif args.what == "assignments":
            query = assignment_query(args)
            if args.as_of:
                from dataclasses import replace

                query = replace(query, today=as_of)
            n = export.write_assignments(db, query, out, bom=bom, delimiter=delimiter)
        else:
            end = as_of + timedelta(days=args.due_within if args.due_within is not None else 30)
            n = export.write_deadlines(
                db, out, start=as_of, end=end, agency=args.agency, search=args.search,
                overdue_only=args.overdue, bom=bom, delimiter=delimiter,
            )
        print(t("cli.export.done", n=number(n), path=str(out)))
        return 0
    finally:
        db.dispose()


def run_import(args: argparse.Namespace) -> int:
    from store.csvio import CsvFileError
    from store.importer import label_of, read_sheet, run_import as do_import

    try:
        sheet = read_sheet(args.file, maps=args.map, encoding=args.encoding)
    except CsvFileError as exc:
        sys.stderr.write(f"dondoc: {args.file}: {t(exc.key, **exc.params)}\n")
        return 1
    delimiter = {"\t": "tab"}.get(sheet.delimiter, sheet.delimiter)
    print(t("imp.file", path=args.file, encoding=sheet.encoding, delimiter=delimiter,
            header=sheet.header_line, rows=len(sheet.rows)))
    print(t("imp.columns", columns=", ".join(f"{c.heading} → {c.field}" for c in sheet.columns if c.field)))
    if sheet.ignored:
        print(t("imp.columns_ignored", columns=", ".join(f"«{h}»" for h in sheet.ignored)))
    db = open_db(args)
    try:
        report = do_import(db, sheet, apply=args.apply)
    finally:
        db.dispose()
    if report.errors:
        # Nothing is written: list only what must be fixed, not a plan that did not happen.
        for outcome in report.errors:
            sys.stderr.write(label_of(outcome) + "\n")
        sys.stderr.write(t("imp.summary.refused", errors=len({o.line for o in report.errors})) + "\n")
        return 1
    for outcome in report.outcomes:
        print(label_of(outcome))
    counts = dict(
        documents=report.count("create", "document"), assignments=report.count("create", "assignment"),
        agencies=report.count("create", "agency"), skipped=report.count("skip"),
    )
    print(t("imp.summary.applied" if report.applied else "imp.summary.dry", **counts))
    return 0
