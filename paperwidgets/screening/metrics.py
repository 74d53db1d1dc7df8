"""How much screening work an order saves: WSS@r and RRF@x of records screened in order.

Both read the labels (1 relevant, 0 not) of the records in the order they were screened.
- WSS@r, work saved over sampling (Cohen et al. 2006, JAMIA 13:206): the share of records not
  yet screened when a share r of the relevant ones is found, minus the 1 − r that screening in
  random order saves on average: (N − n_r) / N − (1 − r), n_r the records screened by then.
- RRF@x, relevant records found: the share of the relevant records among the first
  ⌈x · N⌉ screened.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def _labels(labels: Sequence[int] | np.ndarray) -> np.ndarray:
    values = np.asarray(labels, dtype=np.int64)
    if values.ndim != 1 or not np.isin(values, (0, 1)).all():
        raise ValueError("labels must be a sequence of 0 (not relevant) and 1 (relevant)")
    if not values.sum():
        raise ValueError("no relevant record: WSS and RRF are undefined")
    return values


def needed(relevant: int, recall: float) -> int:
    """How many relevant records reach this recall (exact for recalls like 0.95)."""
    return max(1, math.ceil(round(relevant * recall, 9)))


def screened_at_recall(labels: Sequence[int] | np.ndarray, recall: float) -> int:
    """Records screened when `recall` of the relevant ones is first reached."""
    values = _labels(labels)
    found = np.cumsum(values)
    return int(np.searchsorted(found, needed(int(found[-1]), recall))) + 1


def wss(labels: Sequence[int] | np.ndarray, recall: float = 0.95) -> float:
    """Work saved over sampling at this recall, for records screened in this order."""
    n = len(labels)
    return (n - screened_at_recall(labels, recall)) / n - (1 - recall)


def rrf(labels: Sequence[int] | np.ndarray, share: float = 0.10) -> float:
    """The share of relevant records found among the first ⌈share · N⌉ screened."""
    values = _labels(labels)
    first = math.ceil(round(share * len(values), 9))
    return float(values[:first].sum() / values.sum())


def recall_at(labels: Sequence[int] | np.ndarray, screened: int) -> float:
    """The share of relevant records among the first `screened`."""
    values = _labels(labels)
    return float(values[:screened].sum() / values.sum())
