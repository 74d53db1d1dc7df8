"""Text for a terminal: no control characters from a feed, one line per warning or error."""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

# C0 and C1 controls (ESC, CSI, BEL, backspace…) but not tab and newline
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: Any) -> str:
    """`text` without control characters, so a title cannot move the cursor or recolour."""
    return _CONTROL.sub("", str(text))


def one_line(text: Any) -> str:
    """`text` printable and on one line (newlines and tabs become spaces)."""
    return " ".join(printable(text).split())


def show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """`warnings.showwarning` for the command line: `paperwidgets: warning: …`, no source line."""
    print(f"paperwidgets: warning: {one_line(message)}", file=file or sys.stderr)
