"""Progress bars for slow work (reading, index builds, embeddings, layouts), quiet when quick.

In a terminal the bar is tqdm's own, on stderr. In a Jupyter kernel it is one line of text in
an output of its own, updated in place and emptied when the work is done: never a progress
*widget*, whose saved output would show "Error displaying widget: model not found" once the
notebook is reopened, and never stderr text left above the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

PROGRESS_AFTER_S = 2.0
WIDTH = 80  # characters of the text bar


class OutputLine:
    """A file for tqdm that shows what it writes as one text output (a display id), the
    latest line only; a blank line (tqdm clearing its bar at the end) empties the output."""

    def __init__(self) -> None:
        self.handle: Any = None

    def write(self, text: str) -> int:
        line = text.rsplit("\r", 1)[-1].strip()
        if self.handle is None and line:
            from IPython.display import display

            self.handle = display(  # type: ignore[no-untyped-call]
                {"text/plain": line}, raw=True, display_id=True
            )
        elif self.handle is not None:
            self.handle.update({"text/plain": line}, raw=True)
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered."""


def in_kernel() -> bool:
    """Whether this runs in a Jupyter kernel (where outputs are saved with the notebook)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def progress(work: int | Iterable[Any], desc: str, unit: str = "papers") -> Any:
    """A bar counting to ``work`` (or over its items) shown only after ~2 s of work."""
    from tqdm.std import tqdm

    where: dict[str, Any] = (
        {"file": OutputLine(), "ncols": WIDTH, "ascii": True} if in_kernel() else {}
    )
    options: dict[str, Any] = {
        "desc": desc,
        "unit": unit,
        "delay": PROGRESS_AFTER_S,
        "leave": False,
        **where,
    }
    if isinstance(work, int):
        return tqdm(total=work, **options)
    return tqdm(work, **options)
