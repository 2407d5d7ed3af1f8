"""`python -m tui` is the `dondoc` command."""

from tui.cli import main

raise SystemExit(main())
