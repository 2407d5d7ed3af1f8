"""Opening the app skips building the full command-line parser (#8): `app_only_args` must
read exactly what the full parser reads for those arguments, and hand anything else to it."""

from __future__ import annotations

import pytest

from tui.cli import _run_tui, app_only_args, build_parser


@pytest.mark.parametrize("argv", [
    [],
    ["--db", "/srv/dondoc/vp.db"],
    ["--db=/srv/dondoc/vp.db", "--lang", "en"],
    ["--today", "2026-11-23", "--db", "x.db", "--lang=vi"],
    ["--db", "postgresql://u@h/db"],
])
def test_app_options_read_as_the_full_parser_reads_them(argv: list[str]) -> None:
    quick = app_only_args(argv)
    assert quick is not None and quick.func is _run_tui
    full = build_parser().parse_args(argv)
    assert full.func is _run_tui
    for name in ("db", "lang", "today"):
        assert getattr(quick, name, None) == getattr(full, name, None)


@pytest.mark.parametrize("argv", [
    ["list", "documents"],
    ["--help"],
    ["-h"],
    ["--db", "x.db", "list", "assignments"],
    ["--db"],
    ["--lang", "fr"],
    ["--la", "en"],
    ["--db", "--lang"],
    ["--version"],
])
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert app_only_args(argv) is None
