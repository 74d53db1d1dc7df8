"""Progress bars for slow work (reading, index builds, embeddings, layouts), quiet when quick."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

PROGRESS_AFTER_S = 2.0


def progress(work: int | Iterable[Any], desc: str, unit: str = "papers") -> Any:
    """A tqdm bar counting to ``work`` (or over its items) shown only after ~2 s of work."""
    from tqdm.auto import tqdm

    if isinstance(work, int):
        return tqdm(total=work, desc=desc, unit=unit, delay=PROGRESS_AFTER_S, leave=False)
    return tqdm(work, desc=desc, unit=unit, delay=PROGRESS_AFTER_S, leave=False)
