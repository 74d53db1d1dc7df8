"""Progress bars for slow work (index builds, embeddings, layouts), quiet when it is quick."""

from __future__ import annotations

from typing import Any

PROGRESS_AFTER_S = 2.0


def progress(total: int, desc: str, unit: str = "papers") -> Any:
    """A tqdm bar that only shows up when the work takes longer than ~2 s."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, delay=PROGRESS_AFTER_S, leave=False)
