"""When to stop screening: a statistical rule you can cite, and the usual heuristic.

**Statistical** (Callaghan & Müller-Hansen 2020, *Statistical stopping criteria for automated
screening in systematic reviews*, Syst Rev 9:273, doi:10.1186/s13643-020-01521-4). Screen in
the model's order, then draw a random sample from the records still unscreened (the *urn*,
``urn`` records when sampling began, ``found_before`` relevant records found by then). The
null hypothesis is that recall is below the target τ. With r_seen relevant records found in
all, it holds only if the urn holds at least K_tar = ⌊r_seen / τ − found_before⌋ + 1
relevant records, and the chance of then seeing no more than the ``found_in_sample`` relevant
records that the sample of ``sample`` showed is the hypergeometric p = P(X ≤ k), X ~
Hypergeom(urn, K_tar, sample) (K_tar is the least favourable case: more relevant records
left would make the sample's count even less likely). Stop when p < 1 − confidence: recall ≥ τ
with that confidence.

**Heuristic** ("stop after N irrelevant records in a row", ASReview's dashboard rule): no
guarantee; on the benchmark datasets it stops well below 95 % recall on small reviews
(README, Screening). It is offered, and labelled as a heuristic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

CITATION = "Callaghan & Müller-Hansen 2020, Syst Rev 9:273"
HEURISTIC_RUN = 50  # irrelevant records in a row (ASReview users pick 50 to 500)


def sample_after(records: int) -> int:
    """Irrelevant records in a row (in the model's order) after which to begin the sample.

    max(50, 5 % of the records): on the benchmark datasets the earliest of the rules tried
    (50, 100, 2.5 % or 5 % of the records) at the least work; the guarantee is the test's,
    whenever the sample begins.
    """
    return max(HEURISTIC_RUN, math.ceil(0.05 * records))


@dataclass(frozen=True)
class StopCheck:
    """A stopping rule's answer and why: the numbers it used and a sentence for people."""

    rule: str  # "statistical" or "heuristic"
    stop: bool
    why: str
    recall_target: float = 0.0
    confidence: float = 0.0
    urn: int = 0  # records unscreened when the random sample began
    found_before: int = 0  # relevant records found before the sample
    sample: int = 0  # records drawn at random so far
    found_in_sample: int = 0
    k_target: int = 0  # fewest relevant records in the urn for recall below the target
    p_value: float = 1.0
    run: int = 0  # heuristic: irrelevant records in a row
    limit: int = 0  # heuristic: the run that stops


def _check(recall: float, confidence: float) -> None:
    if not 0 < recall <= 1:
        raise ValueError(f"recall target {recall} is not in (0, 1]")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence {confidence} is not in (0, 1)")


def k_target(found_before: int, found: int, recall: float) -> int:
    """The fewest relevant records the urn must hold for recall below the target.

    Exact for targets like 0.95 (a float's rounding must not lower it by one).
    """
    bound = Fraction(found) / Fraction(str(recall)) - found_before
    return math.floor(bound) + 1


def p_value(urn: int, k_tar: int, sample: int, found_in_sample: int) -> float:
    """P(X ≤ found) for X ~ Hypergeom(urn, k_tar, sample): the test's p under the null."""
    from scipy.stats import hypergeom

    if sample == 0:
        return 1.0
    if k_tar > urn - (sample - found_in_sample):  # the urn cannot hold that many: no null left
        return 0.0
    return float(min(1.0, hypergeom.cdf(found_in_sample, urn, k_tar, sample)))


def statistical(
    found_before: int,
    urn: int,
    sample: int,
    found_in_sample: int,
    recall: float = 0.95,
    confidence: float = 0.95,
) -> StopCheck:
    """The hypergeometric test on a random sample of the unscreened records (see module)."""
    _check(recall, confidence)
    if not 0 <= found_in_sample <= sample <= urn or found_before < 0:
        raise ValueError(f"impossible sample: {found_in_sample} of {sample} drawn from {urn}")
    k_tar = k_target(found_before, found_before + found_in_sample, recall)
    p = p_value(urn, k_tar, sample, found_in_sample)
    alpha = 1 - confidence
    stop = p < alpha
    why = (
        f"Random sample: {sample} of the {urn} records unscreened when sampling began, "
        f"{found_in_sample} relevant ({found_before} found before). Were recall below "
        f"{recall:.0%}, at least {k_tar} relevant records would be among those {urn}, and a "
        f"sample this size would show {found_in_sample} or fewer with p = {p:.3g}"
    )
    if stop:
        why += f" < {alpha:.3g}: stop, recall ≥ {recall:.0%} with {confidence:.0%} confidence."
    else:
        why += f" ≥ {alpha:.3g}: keep sampling."
    return StopCheck(
        "statistical", stop, why, recall, confidence, urn, found_before, sample,
        found_in_sample, k_tar, p,
    )  # fmt: skip


def heuristic(labels: list[int] | np.ndarray, limit: int = HEURISTIC_RUN) -> StopCheck:
    """Stop after `limit` irrelevant records in a row (labels in screening order, 1 relevant)."""
    if limit < 1:
        raise ValueError(f"the heuristic needs a run of at least 1, not {limit}")
    values = np.asarray(labels, dtype=np.int64)
    hits = np.flatnonzero(values)
    run = len(values) - (int(hits[-1]) + 1 if hits.size else 0)
    stop = run >= limit
    why = f"Heuristic, no statistical guarantee: {run} irrelevant records in a row"
    why += f" (it stops at {limit}): stop." if stop else f" (it stops at {limit})."
    return StopCheck("heuristic", stop, why, run=run, limit=limit)


def remaining(
    urn: int, sample: int, found_in_sample: int, confidence: float = 0.95
) -> tuple[float, int, int]:
    """Relevant records still unscreened in the urn: estimate and a two-sided interval.

    The interval holds every count K of relevant records in the urn that the sample does not
    reject at 1 − confidence (both tails, exact hypergeometric); minus those already drawn.
    """
    from scipy.stats import hypergeom

    _check(0.5, confidence)
    if sample == 0:
        raise ValueError("no random sample yet: nothing to estimate from")
    drawn_irrelevant = sample - found_in_sample
    counts = np.arange(found_in_sample, urn - drawn_irrelevant + 1)
    tail = (1 - confidence) / 2
    low_ok = hypergeom.sf(found_in_sample - 1, urn, counts, sample) > tail
    high_ok = hypergeom.cdf(found_in_sample, urn, counts, sample) > tail
    kept = counts[low_ok & high_ok]
    estimate = found_in_sample / sample * urn - found_in_sample
    return estimate, int(kept.min()) - found_in_sample, int(kept.max()) - found_in_sample
