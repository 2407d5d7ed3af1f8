"""`dondoc list documents|assignments|deadlines`: lists for scripts, as table, CSV or JSON."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from store.i18n import t
from tui.commands.common import add_delimiter, delimiter_of, open_db, print_csv, print_json, print_table, today_of


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.err.at_least_one", value=text))
    return value


def add_filters(p: argparse.ArgumentParser) -> None:
    """The filters shared by `list` and `export`."""
    p.add_argument("--search", help=t("cli.opt.search"))
    p.add_argument("--agency", help=t("cli.opt.agency"))
    p.add_argument("--status", help=t("cli.opt.status"))
    p.add_argument("--type", dest="doc_type", help=t("cli.opt.type"))
    p.add_argument("--overdue", action="store_true", help=t("cli.opt.overdue"))
    p.add_argument("--due-within", type=int, metavar="N", help=t("cli.opt.due_within"))
    p.add_argument("--limit", type=_at_least_one, default=100000, metavar="N", help=t("cli.opt.limit"))


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("list", parents=[common], help=t("cli.list.help"), description=t("cli.list.help"))
    p.add_argument("what", choices=["documents", "assignments", "deadlines"])
    add_filters(p)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_delimiter(p)
    p.set_defaults(func=run)


def document_query(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from store.documents import DocumentQuery

    return DocumentQuery(search=args.search, status=args.status, doc_type=args.doc_type, issuer=args.agency)


def assignment_query(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from store.assignments import AssignmentQuery

    return AssignmentQuery(
        search=args.search, agency=args.agency, status=args.status, overdue=args.overdue,
        due_within=args.due_within, today=today_of(args),
    )


def _at_most(rows: list, args: argparse.Namespace) -> list:  # type: ignore[type-arg]
    """`rows` (read with a limit one above --limit) cut to --limit, and stderr saying so when
    there were more: a script must not take a cut list for the whole one."""
    if len(rows) <= args.limit:
        return rows
    from store.i18n import number

    sys.stderr.write("dondoc: " + t("cli.list.cut", n=number(args.limit)) + "\n")
    return rows[: args.limit]


def run(args: argparse.Namespace) -> int:
    rows = _quick_rows(args)
    if rows is not None:
        rows = _at_most(rows, args)
        return _show_documents(rows, args) if args.what == "documents" else _show_assignments(rows, args)
    db = open_db(args, create=False)
    try:
        if args.what == "documents":
            return _documents(db, args)
        if args.what == "assignments":
            return _assignments(db, args)
        return _deadlines(db, args)
    finally:
        db.dispose()


def _quick_rows(args: argparse.Namespace) -> list | None:  # type: ignore[type-arg]
    """The rows from store.quick (plain sqlite3, no ORM to import: a list for a script comes
    in a fraction of the time) when it can answer the request, else None."""
    if args.format == "json" or args.search or args.agency or args.status:
        return None
    if args.what == "documents" and not (args.doc_type or args.overdue or args.due_within is not None):
        wanted = "documents"
    elif args.what == "assignments":
        wanted = "assignments"
    else:
        return None
    from store.quick import open_reader
    from tui.cli import db_arg

    reader = open_reader(db_arg(args))
    if reader is None:
        return None  # the full open has something to do or to say
    try:
        if wanted == "documents":
            return reader.documents(limit=args.limit + 1)
        return reader.assignments(today_of(args), overdue=args.overdue, due_within=args.due_within,
                                  limit=args.limit + 1)
    finally:
        reader.close()


def _documents(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from store import documents
    from store.serialize import document_dict

    rows = _at_most(documents.list_documents(db, document_query(args), limit=args.limit + 1), args)
    if args.format == "json":
        print_json([document_dict(documents.get(db, r.id)) for r in rows])
        return 0
    return _show_documents(rows, args)


def _show_documents(rows: list, args: argparse.Namespace) -> int:  # type: ignore[type-arg]
    from store.dates import format_date

    headers = [t("field.id"), t("field.number"), t("field.doc_type"), t("field.issuer"), t("field.issued"),
               t("field.subject"), t("field.status"), t("field.open_count")]
    table = [
        [r.id, r.label, r.doc_type, r.issuer, format_date(r.issued), r.subject,
         t(f"docstatus.{r.status}"), r.open_count]
        for r in rows
    ]
    if args.format == "csv":
        print_csv(headers, table, delimiter_of(args))
    else:
        print_table(headers, table, [4, 14, 4, 24, 10, 40, 12, 5])
    return 0


def _assignments(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from store import assignments
    from store.serialize import assignment_dict

    rows = _at_most(assignments.list_assignments(db, assignment_query(args), limit=args.limit + 1), args)
    if args.format == "json":
        print_json([assignment_dict(r) for r in rows])
        return 0
    return _show_assignments(rows, args)


def _show_assignments(rows: list, args: argparse.Namespace) -> int:  # type: ignore[type-arg]
    from store.dates import format_date

    headers = [t("field.id"), t("field.document"), t("field.ref"), t("field.title"), t("field.lead"),
               t("field.due"), t("field.status"), t("field.days_overdue")]
    table = [
        [r.id, r.document_label, r.ref, r.title, "; ".join(r.lead), format_date(r.next_due),
         t(f"status.{r.status}"), r.days_overdue or ""]
        for r in rows
    ]
    if args.format == "csv":
        print_csv(headers, table, delimiter_of(args))
    else:
        print_table(headers, table, [4, 12, 6, 36, 22, 10, 16, 4])
    return 0


def _deadlines(db, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from store import agenda
    from store.dates import format_date

    on = today_of(args)
    end = on + timedelta(days=args.due_within if args.due_within is not None else 30)
    items = agenda.agenda(db, on, end, overdue=True, agency=args.agency, search=args.search, today=on,
                          limit=args.limit)
    if items.cut:
        from store.i18n import number

        sys.stderr.write("dondoc: " + t("cli.agenda.cut", what=items.what_is_listed(), n=number(args.limit)) + "\n")
    if args.overdue:
        items = [i for i in items if i.days_overdue > 0]
    if args.format == "json":
        print_json([i.to_dict() for i in items])
        return 0
    headers = [t("field.due"), t("agenda.when"), t("field.document"), t("field.ref"), t("field.title"),
               t("field.lead"), t("agenda.period")]
    from store.export import when_texts

    when = when_texts(on)
    table = [
        [format_date(i.due), when(i.due), i.document_label, i.ref, i.title, "; ".join(i.lead), i.period or ""]
        for i in items
    ]
    if args.format == "csv":
        print_csv(headers, table, delimiter_of(args))
    else:
        print_table(headers, table, [10, 22, 12, 6, 34, 22, 16])
    return 0
