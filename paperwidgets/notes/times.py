"""Times in notes files: UTC ISO 8601 with microseconds, a strictly increasing clock, and
"sane" comparison (a stored time far in the future counts as now)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Any

TICK = timedelta(microseconds=1)
MAX_SKEW = timedelta(minutes=5)  # a stored time further ahead than this is a wrong clock
OLDEST = datetime.min.replace(tzinfo=timezone.utc)
LATEST = datetime.max.replace(tzinfo=timezone.utc)


def iso(moment: datetime | None) -> str | None:
    """UTC ISO 8601 with microseconds: sortable, and exact on reload."""
    return None if moment is None else moment.isoformat(timespec="microseconds")


def parse_time(value: Any) -> datetime | None:
    """A stored timestamp back as an aware UTC datetime (None stays None).

    A hand-edited time whose UTC lies outside what Python can hold (``9999-12-31T23:59:59``
    at ``-05:00``) is the first or last representable moment: a wrong clock, never an error.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"a timestamp is an ISO 8601 string, not {value!r}")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        return LATEST if moment.year == datetime.max.year else OLDEST


def utc_now() -> datetime:
    """The wall clock, in UTC."""
    return datetime.now(timezone.utc)


class Clock:
    """UTC now, strictly increasing within the process so two ``set`` calls always order."""

    def __init__(self) -> None:
        self._last = OLDEST
        self._lock = threading.Lock()

    def now(self, after: datetime | None = None) -> datetime:
        """A timestamp later than every earlier one and than ``after``.

        An ``after`` beyond the wall clock + MAX_SKEW (a colleague's wrong clock, a hand edit)
        is ignored, so one future stamp cannot push every later write into the future.
        """
        with self._lock:
            moment = utc_now()
            if after is not None and after > moment + MAX_SKEW:
                after = None
            floor = max(self._last, after or self._last) + TICK
            self._last = max(moment, floor)
            return self._last


CLOCK = Clock()


def sane(moment: datetime | None) -> datetime:
    """A stored time for comparing: None is oldest, a time beyond now + MAX_SKEW counts as now."""
    if moment is None:
        return OLDEST
    return min(moment, utc_now() + MAX_SKEW)
