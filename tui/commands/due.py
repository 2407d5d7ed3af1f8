"""`dondoc due "PHRASE"`: what a deadline phrase means, computed and explained.

`dondoc calendar ...`: the office's announced extra days off and make-up working days, and
when periodic reports are due (the report policy). These settings live in the database, so
every clerk's deadlines count the same days.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from store.i18n import get_lang, t
from tui.commands.common import open_db, print_json, today_of


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("due", parents=[common], help=t("cli.due.help"), description=t("cli.due.help"))
    p.add_argument("phrase")
    p.add_argument("--from", dest="start", help=t("cli.due.from"))
    p.add_argument("--count", type=int, default=1, help=t("cli.due.count"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=run_due)

    c = sub.add_parser("calendar", parents=[common], help=t("cli.calendar.help"), description=t("cli.calendar.help"))
    actions = c.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(c))
    show = actions.add_parser("show", parents=[common], help=t("cli.calendar.show"))
    show.add_argument("year", type=int, nargs="?")
    show.set_defaults(func=run_show)
    for name in ("off", "work"):
        a = actions.add_parser(f"add-{name}", parents=[common], help=t(f"cli.calendar.add_{name}"))
        a.add_argument("date")
        a.add_argument("--name", default="")
        a.set_defaults(func=run_add, kind=name)
        r = actions.add_parser(f"remove-{name}", parents=[common], help=t(f"cli.calendar.remove_{name}"))
        r.add_argument("date")
        r.set_defaults(func=run_remove, kind=name)
    pol = actions.add_parser("policy", parents=[common], help=t("cli.calendar.policy"))
    pol.add_argument("rule", choices=["day_of_last_month", "days_after_period"])
    pol.add_argument("value", type=int)
    pol.set_defaults(func=run_policy)


def _office(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Calendar and policy of the database when there is one, else the national defaults."""
    from store import deadlines as dl
    from store.calendar import WorkCalendar

    if args.db or _env_db():
        from store.followup import calendar_in, policy_in

        db = open_db(args, create=False)
        try:
            with db.read() as session:
                return calendar_in(session), policy_in(session)
        finally:
            db.dispose()
    return WorkCalendar(), dl.ReportPolicy()


def _env_db() -> bool:
    import os

    return bool(os.environ.get("DONDOC_DB"))


def run_due(args: argparse.Namespace) -> int:
    from store import deadlines as dl
    from store.dates import parse_date

    lang = get_lang()
    start = parse_date(args.start, field="issued") if args.start else today_of(args)
    spec = dl.parse_deadline(args.phrase, issued=start)
    if isinstance(spec, dl.NotUnderstood):
        message = t("cli.due.not_understood", phrase=args.phrase, reason=spec.text(lang))
        if args.format == "json":
            print_json({"phrase": args.phrase, "understood": False, "reason": spec.text(lang)})
        else:
            sys.stdout.write(message + "\n")
        return 1
    calendar, policy = _office(args)
    results: list[dict[str, object]] = []
    if spec.kind == "recurring":
        window = timedelta(days=400 * max(args.count, 1))
        for occ in dl.occurrences(spec, start, start + window, policy, calendar, lang=lang)[: args.count]:
            results.append({"due": occ.due.isoformat(), "period": occ.label_in(lang), "explanation": occ.explanation})
    elif spec.kind == "adhoc":
        results = []
    else:
        computed = dl.compute_due(spec, start, calendar, policy, lang=lang)
        if isinstance(computed, dl.Computed):
            results.append({"due": computed.due.isoformat(), "explanation": computed.explanation})
    if args.format == "json":
        print_json({"phrase": args.phrase, "understood": True, "kind": spec.kind,
                    "description": spec.describe(lang), "from": start.isoformat(), "dates": results})
        return 0
    sys.stdout.write(spec.describe(lang) + "\n")
    if not results:
        sys.stdout.write(t("cli.due.no_date") + "\n")
    for r in results:
        sys.stdout.write(f"  {r['explanation']}\n")
    return 0


def _setting_key(kind: str) -> str:
    from store.followup import EXTRA_DAYS_OFF, EXTRA_WORKING_DAYS

    return EXTRA_DAYS_OFF if kind == "off" else EXTRA_WORKING_DAYS


def _edit(args: argparse.Namespace, change) -> int:  # type: ignore[no-untyped-def]
    from store import settings
    from store.dates import parse_date

    day = parse_date(args.date, field="due").isoformat()
    db = open_db(args, create=False)
    try:
        def work(session) -> None:  # type: ignore[no-untyped-def]
            from sqlalchemy import select

            from store.models import Setting

            key = _setting_key(args.kind)
            current = session.scalar(select(Setting.value).where(Setting.key == key))
            settings.set_in(session, key, change(current, day))

        db.write(work)
    finally:
        db.dispose()
    sys.stdout.write(t("cli.calendar.saved") + "\n")
    return 0


def run_add(args: argparse.Namespace) -> int:
    def change(current, day):  # type: ignore[no-untyped-def]
        if args.kind == "off":
            mapping = dict(current or {}) if isinstance(current, dict) else {d: "" for d in (current or [])}
            mapping[day] = args.name or t("cli.calendar.default_off_name")
            return mapping
        return sorted(set(current or []) | {day})

    return _edit(args, change)


def run_remove(args: argparse.Namespace) -> int:
    def change(current, day):  # type: ignore[no-untyped-def]
        if isinstance(current, dict):
            return {d: n for d, n in current.items() if d != day}
        return [d for d in (current or []) if d != day]

    return _edit(args, change)


def run_policy(args: argparse.Namespace) -> int:
    from store import deadlines as dl, settings
    from store.followup import REPORT_POLICY

    try:
        policy = dl.ReportPolicy(args.rule, args.value)
    except ValueError:
        from store.errors import ValidationError

        raise ValidationError("err.policy_invalid", value=args.value) from None
    db = open_db(args, create=False)
    try:
        settings.set(db, REPORT_POLICY, policy.to_dict())
    finally:
        db.dispose()
    sys.stdout.write(t("cli.calendar.policy_saved", policy=policy.describe(get_lang())) + "\n")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from store.calendar import fmt

    calendar, policy = _office(args)
    year = args.year or today_of(args).year
    from datetime import date

    lang = get_lang()
    for run in calendar.days_off_between(date(year, 1, 1) - timedelta(days=1), date(year, 12, 31)):
        sys.stdout.write(f"{fmt(run.start)}–{fmt(run.end)}  {run.label(lang)}\n")
    day = date(year, 1, 1)
    while day.year == year:
        if calendar.is_make_up_day(day):
            sys.stdout.write(f"{fmt(day)}  {t('cli.calendar.make_up')}\n")
        day += timedelta(days=1)
    sys.stdout.write(t("cli.calendar.policy_is", policy=policy.describe(lang)) + "\n")
    return 0
