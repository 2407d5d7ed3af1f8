"""`dondoc intake FILE [--json] [--apply]`: read a pasted/OCR'd document, show or save it.

Without `--apply` nothing is written (a dry run: what was understood, what would be created);
with it, everything is saved in one transaction and the new document ids are printed.
FILE is a .txt or .md file in UTF-8, or `-` for standard input.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path
from typing import Any

from store.dates import format_date
from store.errors import ValidationError
from store.i18n import t

SUFFIXES = (".txt", ".md", ".markdown")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("intake", parents=[common], help=t("cli.intake.help"),
                       description=t("cli.intake.description"))
    p.add_argument("file", metavar="FILE", help=t("cli.intake.file"))
    p.add_argument("--json", action="store_true", help=t("cli.intake.json"))
    p.add_argument("--apply", action="store_true", help=t("cli.intake.apply"))
    p.add_argument("--no-new-agencies", action="store_true", help=t("cli.intake.no_new_agencies"))
    p.set_defaults(func=run)


def read_source(name: str) -> str:
    """The text of FILE (or stdin for `-`): UTF-8 (a BOM is dropped), NFC.

    Raises:
        ValidationError: not a .txt/.md file, unreadable, or not UTF-8.
    """
    if name == "-":
        raw = sys.stdin.buffer.read()
    else:
        path = Path(name).expanduser()
        if path.suffix.lower() not in SUFFIXES:
            raise ValidationError("intake.err.suffix", path=name)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ValidationError("intake.err.unreadable", path=name, reason=exc.strerror or str(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("intake.err.not_utf8", path=name, pos=exc.start) from exc
    return unicodedata.normalize("NFC", text)


def _open_existing(args: argparse.Namespace) -> Any:
    """The database when it exists; a dry run never creates one."""
    from tui.cli import db_arg

    from store.db import Database, sqlite_path, to_url

    url = to_url(db_arg(args))
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return None
    return Database(db_arg(args), create=False)


def run(args: argparse.Namespace) -> int:
    from store.intake import parse_text
    from store.intake.apply import apply, known_agencies, plan, plan_to_json
    from tui.commands.common import open_db, print_json

    text = read_source(args.file)
    db = open_db(args) if args.apply else _open_existing(args)
    try:
        result = parse_text(text, known_agencies(db))
        if not result.documents:
            sys.stderr.write(t("intake.no_document") + "\n")
            return 1
        intake_plan = plan(db, result)
        intake_plan.create_agencies = not args.no_new_agencies
        if args.json:
            print_json(plan_to_json(intake_plan))
        else:
            sys.stdout.write(summary(intake_plan, applying=args.apply))
        if not args.apply:
            return 0
        ids = apply(db, intake_plan)
    finally:
        if db is not None:
            db.dispose()
    if ids:
        sys.stdout.write(t("intake.saved", n=len(ids), ids=", ".join(map(str, ids))) + "\n")
    else:
        sys.stdout.write(t("intake.saved_none") + "\n")
    return 0


# --------------------------------------------------------------------------- the summary


def _unsure(name: str, unsure: set[str]) -> str:
    return f"  [{t('intake.unsure')}]" if name in unsure else ""


def summary(intake_plan: Any, *, applying: bool = False) -> str:
    """What was understood, in plain Vietnamese (or English), for a terminal or a pipe.

    Fields the parser guessed carry "[chưa chắc]": a word, not a colour.
    """
    lines: list[str] = []
    docs = intake_plan.documents
    for doc in docs:
        p = doc.parsed
        unsure = doc.unsure
        kind = p.type_name or t("intake.type_unknown")
        head = t("intake.doc_head", n=doc.index + 1, total=len(docs), kind=kind,
                 number=p.number or t("intake.no_number"))
        lines.append(head)
        lines.append("=" * min(len(head), 78))
        if doc.duplicate_of is not None:
            lines.append(t("intake.duplicate", id=doc.duplicate_of))
        fields = [
            ("doc_type", f"{doc.data.doc_type} — {kind}"),
            ("number", p.number),
            ("issuer", doc.data.issuer),
            ("place", p.place),
            ("issued", format_date(p.issued)),
            ("subject", doc.data.subject),
            ("signer", p.signer),
            ("signer_title", p.signer_title),
            ("recipients", "; ".join(p.recipients)),
            ("incoming_number", p.incoming_number),
            ("incoming_date", format_date(p.incoming_date)),
        ]
        for name, value in fields:
            if value:
                lines.append(f"  {t('field.' + name)}: {_one_line(value)}{_unsure(name, unsure)}")
            elif name in ("issuer", "subject"):
                lines.append(f"  {t('field.' + name)}: {t('intake.missing')}")
        if doc.references:
            lines.append("")
            lines.append(t("intake.references", n=len(doc.references)))
            for ref in doc.references:
                lines.append(f"  - {t('relation.' + ref.relation)}: {_one_line(ref.label(), 100)} — {_where(ref)}")
        if doc.assignments:
            lines.append("")
            lines.append(t("intake.assignments", n=len(doc.assignments)))
            for a in doc.assignments:
                ref = f"{a.ref}. " if a.ref else "- "
                lines.append(f"  {ref}{_one_line(a.title, 100)}")
                pad = " " * (len(ref) + 2)
                lead = ", ".join(a.lead) or t("intake.missing")
                lines.append(f"{pad}{t('field.lead')}: {lead}{_unsure('lead', a.unsure)}")
                if a.support:
                    lines.append(f"{pad}{t('field.support')}: {', '.join(a.support)}")
                if a.deadlines:
                    lines.append(f"{pad}{t('field.deadlines')}: {'; '.join(a.deadlines)}")
                if a.skip:
                    lines.append(f"{pad}{t('intake.skip.' + a.skip)}")
        lines.append("")
    if intake_plan.new_agencies:
        key = "intake.new_agencies" if intake_plan.create_agencies else "intake.new_agencies_dropped"
        lines.append(t(key, n=len(intake_plan.new_agencies)))
        lines.extend(f"  - {name}" for name in intake_plan.new_agencies)
        lines.append("")
    for index, name in intake_plan.problems:
        lines.append(t("intake.err.incomplete", n=index + 1, label=t("field." + name)))
    counts = intake_plan.counts()
    lines.append(t("intake.totals", **counts))
    if not applying:
        lines.append(t("intake.dry_run"))
    return "\n".join(lines) + "\n"


def _where(ref: Any) -> str:
    if ref.target_index is not None:
        return t("intake.ref.same_text", n=ref.target_index + 1)
    if ref.target_id is not None:
        return t("intake.ref.resolved", id=ref.target_id)
    return t("intake.ref.unresolved")


def _one_line(value: str, width: int = 300) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"
