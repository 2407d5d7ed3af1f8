"""`dondoc add document|assignment|agency`: register records from scripts."""

from __future__ import annotations

import argparse
import sys

from store.i18n import t
from tui.commands.common import open_db


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("add", parents=[common], help=t("cli.add.help"), description=t("cli.add.help"))
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True, parser_class=type(p))

    d = kinds.add_parser("document", parents=[common], help=t("cli.add.document"))
    d.add_argument("--type", dest="doc_type", required=True, help=t("field.doc_type"))
    d.add_argument("--number", help=t("field.number"))
    d.add_argument("--issuer", required=True, help=t("field.issuer"))
    d.add_argument("--subject", required=True, help=t("field.subject"))
    d.add_argument("--date", dest="issued", help=t("field.issued"))
    d.add_argument("--place", help=t("field.place"))
    d.add_argument("--signer", help=t("field.signer"))
    d.add_argument("--signer-title", help=t("field.signer_title"))
    d.add_argument("--recipient", action="append", default=[], help=t("field.recipients"))
    d.add_argument("--incoming-number", help=t("field.incoming_number"))
    d.add_argument("--incoming-date", help=t("field.incoming_date"))
    for rel in ("implements", "replaces", "cites"):
        d.add_argument(f"--{rel}", action="append", default=[], metavar="SỐ_KÝ_HIỆU", help=t(f"relation.{rel}"))
    d.set_defaults(func=run_document)

    a = kinds.add_parser("assignment", parents=[common], help=t("cli.add.assignment"))
    a.add_argument("--document", type=int, required=True, help=t("field.document"))
    a.add_argument("--title", required=True, help=t("field.title"))
    a.add_argument("--ref", default="", help=t("field.ref"))
    a.add_argument("--body", default="", help=t("field.body"))
    a.add_argument("--lead", action="append", default=[], help=t("field.lead"))
    a.add_argument("--support", action="append", default=[], help=t("field.support"))
    a.add_argument("--due", action="append", default=[], help=t("field.due"))
    a.add_argument("--deadline", action="append", default=[], help=t("cli.add.deadline_phrase"))
    a.add_argument("--follower", help=t("field.follower"))
    a.set_defaults(func=run_assignment)

    g = kinds.add_parser("agency", parents=[common], help=t("cli.add.agency"))
    g.add_argument("--name", required=True, help=t("field.name"))
    g.add_argument("--short-name", help=t("field.short_name"))
    g.add_argument("--alias", action="append", default=[])
    g.set_defaults(func=run_agency)


def run_document(args: argparse.Namespace) -> int:
    from store import documents
    from store.dates import parse_optional_date
    from store.documents import DocumentInput, LinkInput

    data = DocumentInput(
        doc_type=args.doc_type, number=args.number, issuer=args.issuer, subject=args.subject,
        issued=parse_optional_date(args.issued, field="issued"), place=args.place, signer=args.signer,
        signer_title=args.signer_title, recipients=args.recipient,
        incoming_number=args.incoming_number,
        incoming_date=parse_optional_date(args.incoming_date, field="incoming_date"),
        links=[
            LinkInput(relation=rel, ref_number=num, reference=num)
            for rel in ("implements", "replaces", "cites")
            for num in getattr(args, rel)
        ],
    )
    db = open_db(args)
    try:
        doc_id = documents.add(db, data)
    finally:
        db.dispose()
    sys.stdout.write(t("cli.add.created", entity=t("entity.document"), id=doc_id) + "\n")
    for message in documents.date_warnings(data.issued, data.incoming_date):
        sys.stderr.write(t("cli.warning", message=message) + "\n")
    return 0


def run_assignment(args: argparse.Namespace) -> int:
    from store import assignments
    from store.assignments import AssignmentInput, DeadlineInput
    from store.dates import parse_date

    deadlines = [DeadlineInput(due=parse_date(d, field="due")) for d in args.due]
    deadlines += [DeadlineInput(phrase=p) for p in args.deadline]
    data = AssignmentInput(
        document_id=args.document, title=args.title, ref=args.ref, body=args.body, lead=args.lead,
        support=args.support, deadlines=deadlines, follower=args.follower,
    )
    db = open_db(args, create=False)
    try:
        new_id = assignments.add(db, data)
    finally:
        db.dispose()
    sys.stdout.write(t("cli.add.created", entity=t("entity.assignment"), id=new_id) + "\n")
    return 0


def run_agency(args: argparse.Namespace) -> int:
    from store import agencies

    db = open_db(args)
    try:
        new_id = agencies.add(db, args.name, short_name=args.short_name, aliases=args.alias)
    finally:
        db.dispose()
    sys.stdout.write(t("cli.add.created", entity=t("entity.agency"), id=new_id) + "\n")
    return 0
