"""The `dondoc` command line: opens the TUI, or runs a scripting command.

Exit codes: 0 ok, 1 user error (bad input, a database problem), 2 usage.
Each subcommand lives in `tui/commands/<name>.py` with `register(subparsers)`; the handler
it sets returns the exit code. Heavy modules (Textual, the ORM) are imported only by the
command that needs them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from store.i18n import set_lang, t

# Subcommand modules, in the order `--help` lists them.
COMMANDS = ["demo", "init_demo", "listing", "add", "maintenance"]
OPTIONAL_COMMANDS = ["due", "export", "intake", "concurrency", "gen", "copy"]


def default_db_path() -> Path | str:
    """--db, else DONDOC_DB, else the user data directory (platformdirs).

    DONDOC_DB may be a URL (postgresql://…): kept as a string, since Path would fold its `//`.
    """
    env = os.environ.get("DONDOC_DB")
    if env:
        return env if "://" in env else Path(env)
    from platformdirs import user_data_dir

    directory = Path(user_data_dir("dondoc", appauthor=False))
    directory.mkdir(parents=True, exist_ok=True)
    return directory / "dondoc.db"


def db_arg(args: argparse.Namespace) -> str:
    return str(args.db) if args.db else str(default_db_path())


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a short message
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


def _argparse_text(message: str) -> str:
    """argparse's own words (usage, errors) in the interface language."""
    from store.i18n import CATALOGUE

    key = f"argparse.{message}"
    return t(key) if key in CATALOGUE else message


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _argparse_text  # type: ignore[attr-defined]  # argparse looks `_` up at call time
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help=t("cli.opt.db"), default=argparse.SUPPRESS)
    common.add_argument("--lang", choices=["vi", "en"], help=t("cli.opt.lang"), default=argparse.SUPPRESS)
    # Freezes "today" (demos, recorded examples, tests); accepted before or after the command.
    common.add_argument("--today", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    parser = _Parser(prog="dondoc", description=t("cli.description"), parents=[common])
    parser.set_defaults(func=_run_tui)
    sub = parser.add_subparsers(title=t("cli.commands"), metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS + OPTIONAL_COMMANDS:
        try:
            module = importlib.import_module(f"tui.commands.{name}")
        except ModuleNotFoundError as exc:
            if name in OPTIONAL_COMMANDS and exc.name == f"tui.commands.{name}":
                continue
            raise
        module.register(sub, common)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    from tui.run import run_app

    return run_app(db_arg(args), today=getattr(args, "today", None))


TUI_OPTIONS = ("--db", "--lang", "--today")
"""The options that may come with opening the app (no command)."""


def app_only_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options when `argv` only opens the app (`--db`, `--lang`, `--today`, each as
    `--opt VALUE` or `--opt=VALUE`), else None: anything else (a command, --help, another
    or an abbreviated option, a bad value) goes through the full parser, which says what
    is wrong. Building that parser imports every command and makes hundreds of options:
    ~0.1-0.2 s the app's start need not pay (#8)."""
    args = argparse.Namespace(func=_run_tui)
    rest = list(argv)
    while rest:
        name, eq, value = rest.pop(0).partition("=")
        if name not in TUI_OPTIONS:
            return None
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if value.startswith("-") or (name == "--lang" and value not in ("vi", "en")):
            return None
        setattr(args, name[2:], value)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = app_only_args(argv)
    if args is not None:
        from tui import gcpause

        gcpause.pause()  # the app turns it back on once its first rows are drawn
    else:
        # The language must be known before --help texts are built.
        if "--lang" in argv:
            idx = argv.index("--lang")
            if idx + 1 < len(argv) and argv[idx + 1] in ("vi", "en"):
                set_lang(argv[idx + 1])
        parser = build_parser()
        args = parser.parse_args(argv)
    for attr in ("db", "lang"):
        if not hasattr(args, attr):
            setattr(args, attr, None)
    if args.lang:
        set_lang(args.lang)
    from store.errors import StoreError

    try:
        if getattr(args, "today", None):
            from store import clock
            from store.dates import parse_date

            clock.set_today(parse_date(args.today, field="today"))
        return int(args.func(args) or 0)
    except StoreError as exc:
        sys.stderr.write(f"dondoc: {exc.message()}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `dondoc list ... | head`: the reader left; stop quietly like other Unix tools.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
