"""`python -m paperwidgets …` is the same as the `paperwidgets` command."""

from paperwidgets.cli import main

raise SystemExit(main())
