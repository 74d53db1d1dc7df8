"""When to stop screening: a statistical rule you can cite, and the usual heuristic.

**Statistical** (Callaghan & Müller-Hansen 2020, *Statistical stopping criteria for automated
screening in systematic reviews*, Syst Rev 9:273, doi:10.1186/s13643-020-01521-4). Screen in
the model's order, then draw a random sample from the records still unscreened (the *urn*,
``urn`` records when sampling began, ``found_before`` relevant records found by then). The
null hypothesis is that recall is below the target τ. With k relevant records found in the
sample, it holds only if the urn holds at least K_tar(k) = ⌊(found_before + k) / τ −
found_before⌋ + 1 relevant records (the least favourable case: more would make few finds even
less likely). The paper's test rejects when P(X ≤ k) < α, X ~ Hypergeom(urn, K_tar, n), α =
1 − confidence.

**Tested after every record.** The paper's test is for one sample size chosen in advance; asked
after every record it stops below the target more often than α (computed exactly, one record
at a time: up to 6.5 % of samplings at α = 5 %; tests/test_screening_stopping.py). So the
rule here is that test made to count its earlier looks: with k found, stop once the sample
holds ``boundary(k)`` records, the smallest size at which the chance that a sampling with
K_tar(k) relevant records in the urn would have stopped by then, at this or any earlier k,
is below α (the count's distribution carried exactly over the last WINDOW boundaries; each
earlier one adds its own chance, an upper bound). Then P(stop below the target) < α for
every number of relevant records left, however long one samples; the reported p is that
chance. With nothing found in the sample yet, it is the paper's test.

**Heuristic** ("stop after N irrelevant records in a row", ASReview's dashboard rule): no
guarantee; on the benchmark datasets it stops well below 95 % recall on small reviews
(README, Screening). It is offered, and labelled as a heuristic.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

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


def certain_from(found_before: int, urn: int, found: int, recall: float) -> int:
    """The sample size from which an urn showing `found` relevant records in the sample cannot
    hold K_tar(found) of them (the undrawn rest is too small): recall is then certain."""
    return urn + found - k_target(found_before, found_before + found, recall) + 1


WINDOW = 12  # the last looks followed path by path; earlier ones are bounded one by one


Survivors = tuple[float, np.ndarray, int]  # chance caught so far, the rest's counts, drawn


def _survivors(urn: int, relevant: int, checkpoints: list[tuple[int, int]]) -> Survivors:
    """Drawing at random from `urn` records, `relevant` of them relevant: the chance that at
    some look (size, count) the sample holds no more than count relevant records, and the
    distribution of the count of the samplings not caught, after the last look. Exact for the
    last WINDOW − 1 looks (caught paths removed as the count is carried on); each earlier one
    adds its own chance (an upper bound), its caught paths left in."""
    from scipy.stats import hypergeom

    early, late = checkpoints[: -(WINDOW - 1)], checkpoints[-(WINDOW - 1) :]
    chance = sum(float(hypergeom.cdf(count, urn, relevant, size)) for size, count in early)
    alive, drawn = np.zeros(relevant + 1), 0
    alive[0] = 1.0
    for size, count in late:
        alive = _draw_more(alive, urn, relevant, drawn, size)
        drawn = size
        chance += float(alive[: count + 1].sum())
        alive[: count + 1] = 0.0
    return chance, alive, drawn


def _last_look(urn: int, relevant: int, before: Survivors, look: tuple[int, int]) -> float:
    """P(at some look (size, count) the sample holds no more than count relevant records):
    those `before` was carried through, then this one."""
    chance, alive, drawn = before
    size, count = look
    after = _draw_more(alive, urn, relevant, drawn, size)
    return min(1.0, chance + float(after[: count + 1].sum()))


def _draw_more(alive: np.ndarray, urn: int, relevant: int, drawn: int, size: int) -> np.ndarray:
    """The distribution of relevant records drawn after `size` draws, from that after `drawn`."""
    if size == drawn:
        return alive
    have = np.arange(relevant + 1)
    gain = _pmf(have[None, :], urn - drawn, (relevant - have)[:, None], size - drawn)
    after = np.zeros(relevant + 1)
    for h in np.flatnonzero(alive):
        after[h:] += alive[h] * gain[h, : relevant + 1 - h]
    return after


def _pmf(k: np.ndarray, urn: int, relevant: np.ndarray, drawn: int) -> np.ndarray:
    """Hypergeometric P(k relevant among `drawn`), 0 where impossible (scipy.stats' pmf, without
    its per-call overhead: the boundary search calls it hundreds of times)."""
    from scipy.special import gammaln

    def log_choose(n: Any, r: Any) -> Any:
        with np.errstate(invalid="ignore"):
            return gammaln(n + 1) - gammaln(r + 1) - gammaln(n - r + 1)

    k, relevant = np.broadcast_arrays(k, relevant)
    possible = (k >= 0) & (k <= relevant) & (drawn - k >= 0) & (drawn - k <= urn - relevant)
    k, relevant = np.where(possible, k, 0), np.where(possible, relevant, 0)
    log_p = log_choose(relevant, k) + log_choose(urn - relevant, drawn - k) - log_choose(urn, drawn)
    return np.where(possible, np.exp(log_p), 0.0)


_RULES: OrderedDict[tuple[int, int, float, float], list[tuple[int, Survivors]]] = OrderedDict()
_RULES_LOCK = threading.Lock()
MAX_RULES = 256  # screenings whose boundaries are kept (the least recently asked go first)


def boundary(found_before: int, urn: int, found: int, recall: float, confidence: float) -> int:
    """Sample size from which `found` relevant records in the sample stop the rule (module).

    The smallest size, no smaller than that for found − 1, at which the chance that a sampling
    from an urn of K_tar(found) relevant records stops by this rule with no more than `found`
    found is below α. It depends only on these numbers, so it is computed once per count.
    """
    return _rule(found_before, urn, found, recall, confidence)[0]


def _rule(
    found_before: int, urn: int, found: int, recall: float, confidence: float
) -> tuple[int, Survivors]:
    """boundary(), and the samplings under the null for `found` not caught at earlier ones."""
    key = (found_before, urn, recall, confidence)
    with _RULES_LOCK:
        rules = _RULES.setdefault(key, [])
        _RULES.move_to_end(key)
        while len(_RULES) > MAX_RULES:
            _RULES.popitem(last=False)
        while len(rules) <= found:
            rules.append(_next_rule(found_before, urn, [size for size, _ in rules], recall,
                                    confidence))  # fmt: skip
        return rules[found]


def _next_rule(
    found_before: int, urn: int, sizes: list[int], recall: float, confidence: float
) -> tuple[int, Survivors]:
    """_rule() for one more relevant record found than `sizes` holds, by bisection."""
    found = len(sizes)
    k_tar = k_target(found_before, found_before + found, recall)
    low, high = (sizes[-1] if sizes else 0), urn  # all drawn: finding only `found` is impossible
    if k_tar > urn:  # the urn cannot hold enough relevant records: recall is reached
        return low, (0.0, np.zeros(1), low)
    before = _survivors(urn, k_tar, list(zip(sizes, range(found), strict=True)))
    while low < high:
        middle = (low + high) // 2
        chance = _last_look(urn, k_tar, before, (middle, found))
        low, high = (middle + 1, high) if chance >= 1 - confidence else (low, middle)
    return low, before


def p_value(found_before: int, urn: int, sample: int, found: int, recall: float = 0.95,
            confidence: float = 0.95) -> float:  # fmt: skip
    """The chance, were recall below the target, that a sampling following this rule would
    have stopped by now with no more than `found` found (1 before its first look at it)."""
    if sample == 0:
        return 1.0
    if sample >= certain_from(found_before, urn, found, recall):  # no null left
        return 0.0
    _, before = _rule(found_before, urn, found, recall, confidence)
    if sample < before[2]:  # before the rule's look for found − 1
        return 1.0
    return _last_look(urn, k_target(found_before, found_before + found, recall), before,
                      (sample, found))  # fmt: skip


def statistical(
    found_before: int,
    urn: int,
    sample: int,
    found_in_sample: int,
    recall: float = 0.95,
    confidence: float = 0.95,
) -> StopCheck:
    """The hypergeometric test on a random sample of the unscreened records, made exact for
    looking after every record (see module)."""
    _check(recall, confidence)
    if not 0 <= found_in_sample <= sample <= urn or found_before < 0:
        raise ValueError(f"impossible sample: {found_in_sample} of {sample} drawn from {urn}")
    k_tar = k_target(found_before, found_before + found_in_sample, recall)
    p = p_value(found_before, urn, sample, found_in_sample, recall, confidence)
    alpha = 1 - confidence
    stop = p < alpha
    why = (
        f"Random sample: {sample} of the {urn} records unscreened when sampling began, "
        f"{found_in_sample} relevant ({found_before} found before). Were recall below "
        f"{recall:.0%}, at least {k_tar} relevant records would be among those {urn}, and "
        f"sampling by this rule would have stopped by now with {found_in_sample} or fewer "
        f"found with p = {p:.3g}"
    )
    if stop:
        why += f" < {alpha:.3g}: stop, recall ≥ {recall:.0%} with {confidence:.0%} confidence."
    else:
        needed = boundary(found_before, urn, found_in_sample, recall, confidence)
        why += f" ≥ {alpha:.3g}: keep sampling (with no more found: stop at {needed} drawn)."
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
