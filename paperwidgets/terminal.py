"""Text for a terminal: no control characters from a feed, one line per warning or error."""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

# C0 and C1 controls (ESC, CSI, BEL, backspace…) but not tab and newline; bidi embeddings,
# overrides, isolates and marks (U+202E shows "txt.exe" as "exe.txt"); invisible characters
# that hide or join text (zero-width space, word joiner, invisible operators, BOM, the
# Mongolian vowel separator, interlinear annotation marks). Kept: ZWNJ and ZWJ (U+200C/D),
# which Persian, Indic scripts and emoji sequences need.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_LINE_BREAKS = re.compile(r"[\u2028\u2029]")  # line and paragraph separators (NEL is C1)


def printable(text: Any) -> str:
    """`text` without control or invisible characters, so a title cannot move the cursor,
    recolour, or show its characters in another order than they are."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", str(text)))


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
