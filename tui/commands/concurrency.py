"""Commands for a database many clerks share: `note`, `set`, `history`, `role`.

`note` and `set` write through the same store path as the app (one short BEGIN IMMEDIATE
transaction, role check, audit in the same transaction), so scripts and clerks can run them
at once from many processes. `history` exports a record's audit trail; `role` manages who
may do what (admin only for changes).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from store.i18n import t
from tui.commands.common import add_delimiter, delimiter_of, open_db, print_csv, print_json, print_table

WORK_STATUSES = ("not_started", "in_progress", "done", "paused", "cancelled")
# What a clerk may type, diacritics folded (store.text.fold), for each work status.
_STATUS_WORDS = {
    "chua thuc hien": "not_started", "chua bat dau": "not_started", "chua lam": "not_started",
    "dang thuc hien": "in_progress", "dang lam": "in_progress", "dang xu ly": "in_progress",
    "hoan thanh": "done", "da hoan thanh": "done", "xong": "done", "da xong": "done",
    "tam dung": "paused", "tam ngung": "paused",
    "huy": "cancelled", "da huy": "cancelled", "bo": "cancelled",
}
_ENTITY_WORDS = {
    "document": "document", "van ban": "document", "vb": "document", "doc": "document",
    "assignment": "assignment", "nhiem vu": "assignment", "nv": "assignment", "task": "assignment",
    "agency": "agency", "co quan": "agency",
    "deadline": "deadline", "thoi han": "deadline", "han": "deadline",
}


def _fold_word(value: str) -> str:
    from store.text import fold

    return " ".join(fold(value).replace("-", " ").replace("_", " ").split())


def parse_work_status(value: str) -> str:
    """A WorkStatus value from English (`in_progress`, `in-progress`) or Vietnamese words."""
    from store.errors import ValidationError

    key = _fold_word(value)
    for status in WORK_STATUSES:
        if key == status.replace("_", " "):
            return status
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    raise ValidationError(
        "err.invalid_status", field="work_status", value=value, choices=", ".join(WORK_STATUSES)
    )


def parse_entity(value: str) -> str:
    from store.errors import ValidationError

    key = _fold_word(value)
    if key in _ENTITY_WORDS:
        return _ENTITY_WORDS[key]
    raise ValidationError(
        "err.invalid_status", field="entity", value=value,
        choices="document, assignment, agency, deadline",
    )


def _warn(db: Any) -> None:
    for problem in getattr(db, "problems", ()):
        sys.stderr.write(t("cli.warning", message=problem.message()) + "\n")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    n = sub.add_parser("note", parents=[common], help=t("cli.note.help"), description=t("cli.note.help"))
    n.add_argument("assignment_id", type=int, metavar="ASSIGNMENT_ID")
    n.add_argument("text", metavar="TEXT")
    n.add_argument("--expected-version", type=int, metavar="N", help=t("cli.opt.expected_version"))
    n.set_defaults(func=run_note)

    s = sub.add_parser("set", parents=[common], help=t("cli.set.help"), description=t("cli.set.help"))
    s.add_argument("assignment_id", type=int, metavar="ASSIGNMENT_ID")
    s.add_argument("--status", required=True, metavar="STATUS",
                   help=t("cli.set.status", choices=", ".join(WORK_STATUSES)))
    s.add_argument("--done-on", metavar="DATE", help=t("cli.set.done_on"))
    s.add_argument("--expected-version", type=int, metavar="N", help=t("cli.opt.expected_version"))
    s.set_defaults(func=run_set)

    h = sub.add_parser("history", parents=[common], help=t("cli.history.help"),
                       description=t("cli.history.help"))
    h.add_argument("entity", metavar="ENTITY", help=t("cli.history.entity"))
    h.add_argument("id", type=int, metavar="ID")
    h.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_delimiter(h)
    h.set_defaults(func=run_history)

    r = sub.add_parser("role", parents=[common], help=t("cli.role.help"), description=t("cli.role.help"))
    rsub = r.add_subparsers(metavar="ACTION", parser_class=type(r))
    rsub.required = True
    rs = rsub.add_parser("set", parents=[common], help=t("cli.role.set_help"))
    rs.add_argument("user", metavar="USER")
    rs.add_argument("role", metavar="viewer|editor|admin")
    rs.set_defaults(func=run_role_set)
    rl = rsub.add_parser("list", parents=[common], help=t("cli.role.list_help"))
    rl.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_delimiter(rl)
    rl.set_defaults(func=run_role_list)
    rr = rsub.add_parser("remove", parents=[common], help=t("cli.role.remove_help"))
    rr.add_argument("user", metavar="USER")
    rr.set_defaults(func=run_role_remove)
    ru = rsub.add_parser("unknown", parents=[common], help=t("cli.role.unknown_help"))
    ru.add_argument("policy", metavar="viewer|refuse")
    ru.set_defaults(func=run_role_unknown)


# --- note, set -------------------------------------------------------------------------------


def _conflict(exc: Any) -> int:
    """A version conflict: say what the record is at now, so a script can re-read and retry."""
    version = getattr(exc.current, "version", None)
    sys.stderr.write(f"dondoc: {exc.message()}\n")
    if version is not None:
        sys.stderr.write(t("cli.conflict.current", version=version) + "\n")
    return 1


def run_note(args: argparse.Namespace) -> int:
    from store import assignments
    from store.errors import ConflictError

    db = open_db(args, create=False)
    try:
        _warn(db)
        note_id = assignments.add_note(db, args.assignment_id, args.text, expected_version=args.expected_version)
    except ConflictError as exc:
        return _conflict(exc)
    finally:
        db.dispose()
    sys.stdout.write(t("cli.note.done", note_id=note_id, id=args.assignment_id) + "\n")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from store import assignments
    from store.dates import format_date, parse_date
    from store.errors import ConflictError

    status = parse_work_status(args.status)
    done_on = parse_date(args.done_on, field="done_on") if args.done_on else None
    db = open_db(args, create=False)
    try:
        _warn(db)
        assignments.set_status(
            db, args.assignment_id, status, done_on=done_on, expected_version=args.expected_version
        )
        detail = assignments.get(db, args.assignment_id)
    except ConflictError as exc:
        return _conflict(exc)
    finally:
        db.dispose()
    label = t(f"workstatus.{status}")
    if detail.row.done_on is not None and status == "done":
        label += f" ({format_date(detail.row.done_on)})"
    sys.stdout.write(t("cli.set.done", id=args.assignment_id, status=label) + "\n")
    return 0


# --- history ---------------------------------------------------------------------------------


def _local(at: datetime) -> datetime:
    if at.tzinfo is None:  # SQLite hands timestamps back naive; they were stored in UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone()


def history_rows(events: Any) -> list[list[str]]:
    """One row per changed field, oldest first: when, who, action, field, before, after
    (worded by store.audit, as the history screens and the changes export)."""
    from store import audit

    rows: list[list[str]] = []
    for ev in events:
        when = _local(ev.at).strftime("%d/%m/%Y %H:%M:%S")
        action = audit.action_text(ev.action)
        fields = audit.changes(ev, empty="")
        if not fields:
            rows.append([when, ev.actor, action, "", "", ""])
        for label, before, after in fields:
            rows.append([when, ev.actor, action, label, before or "", after])
    return rows


def run_history(args: argparse.Namespace) -> int:
    from store import audit

    entity = parse_entity(args.entity)
    db = open_db(args, create=False)
    try:
        _warn(db)
        events = list(reversed(audit.history(db, entity, args.id, limit=1_000_000)))
    finally:
        db.dispose()
    if args.format == "json":
        print_json([
            {
                "id": ev.id, "at": _local(ev.at).isoformat(), "actor": ev.actor, "action": ev.action,
                "entity": ev.entity, "entity_id": ev.entity_id, "before": ev.before, "after": ev.after,
            }
            for ev in events
        ])
        return 0
    headers = [t("cli.history.at"), t("cli.history.actor"), t("cli.history.action"),
               t("cli.history.field"), t("cli.history.before"), t("cli.history.after")]
    rows = history_rows(events)
    if args.format == "csv":
        print_csv(headers, rows, delimiter_of(args))
        return 0
    if not events:
        sys.stdout.write(t("cli.history.empty", entity=t(f"entity.{entity}"), id=args.id) + "\n")
        return 0
    print_table(headers, rows, [19, 12, 10, 16, 30, 30])
    return 0


# --- roles -----------------------------------------------------------------------------------


def run_role_set(args: argparse.Namespace) -> int:
    from store import roles

    role = roles.parse_role(args.role)
    db = open_db(args, create=False)
    try:
        _warn(db)
        roles.set_role(db, args.user, role)
    finally:
        db.dispose()
    if not roles.os_user_exists(args.user.strip()):
        sys.stderr.write(t("cli.warning", message=t("cli.role.no_os_user", user=args.user)) + "\n")
    sys.stdout.write(t("cli.role.done", user=args.user.strip(), role_name=t(f"role.{role.value}")) + "\n")
    return 0


def run_role_remove(args: argparse.Namespace) -> int:
    from store import roles

    db = open_db(args, create=False)
    try:
        _warn(db)
        removed = roles.remove_role(db, args.user)
    finally:
        db.dispose()
    key = "cli.role.removed" if removed else "cli.role.not_found"
    sys.stdout.write(t(key, user=args.user.strip()) + "\n")
    return 0


def run_role_unknown(args: argparse.Namespace) -> int:
    from store import roles

    db = open_db(args, create=False)
    try:
        _warn(db)
        roles.set_unknown_policy(db, args.policy)
        policy = roles.list_roles(db).unknown_user_role
    finally:
        db.dispose()
    sys.stdout.write(t("cli.role.policy_done", policy=t(f"role.policy.{policy}")) + "\n")
    return 0


def run_role_list(args: argparse.Namespace) -> int:
    from store import roles

    db = open_db(args, create=False)
    try:
        _warn(db)
        listing = roles.list_roles(db)
        me, my_role = db.user, db.refresh_role()
    finally:
        db.dispose()
    if args.format == "json":
        print_json({
            "users": [{"username": r.username, "role": r.role, "os_user": r.known_os_user} for r in listing.users],
            "unknown_user_role": listing.unknown_user_role,
            "you": {"username": me, "role": my_role},
        })
        return 0
    headers = [t("field.username"), t("field.role"), ""]
    rows = [
        [r.username, f"{r.role} ({t(f'role.{r.role}')})", "" if r.known_os_user else "?"]
        for r in listing.users
    ]
    if args.format == "csv":
        print_csv(headers, rows, delimiter_of(args))
        return 0
    print_table(headers, rows, [20, 24, 2])
    sys.stdout.write(t("cli.role.unknown_line", policy=t(f"role.policy.{listing.unknown_user_role}")) + "\n")
    you = t(f"role.{my_role}") if my_role else t("role.policy.refuse")
    sys.stdout.write(t("cli.role.you", user=me, role_name=you) + "\n")
    return 0
