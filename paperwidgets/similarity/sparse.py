"""The TF-IDF part of a query's scores, walked no further than a top k needs, and the top k.

Every score is a sum over the query's terms of (query weight x paper weight). Walking the
terms whose contribution can be largest first (rare words), a paper met in none of them can
gain at most the rest's bound (the sum of query weight x that term's largest paper weight).
Once that bound is under the bar a top k sets, only the papers already met can reach it, and
their scores are then summed exactly as the full walk sums them: the same floats, bit for bit.
At 1M papers a paper's neighbours walk 2-4 % of its terms' postings instead of all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

POSTINGS_PER_STEP = 1 << 21  # postings a query walks at once: bounds its temporary memory
POOL_SAMPLE = 4096  # scores sampled to set the bar of a top k
SLACK = 1e-4  # a float32 sum of a few hundred products is off by far less than this
LOOKUP_POSTINGS = 1  # a paper looked up costs about as much as walking its terms' count (1M)
LOOKUP_ENTRIES = 1 << 22  # weights of papers looked up at once (16 MB)
TERM_STEP_POSTINGS = 1000  # one numpy step per query term costs about this many postings
FEW = 64  # papers named: looking them up beats walking any further
WALK_ABOVE = 200_000  # papers; below, walking every posting is as fast (100k: 2.7 vs 3.7 ms)


def top_k(scores: np.ndarray, k: int, exclude: Sequence[int] | np.ndarray = ()) -> np.ndarray:
    """Positions of the k best scores (> 0), best first, equal scores in position order (also
    at the k-th place: of papers tied there, the first ones)."""
    skip = np.asarray(exclude, np.int64)
    pool = _pool(scores, k, skip)
    kept = scores[pool]  # a copy: the caller's scores stay as they are
    kept[np.searchsorted(pool, skip[_held(pool, skip)])] = -np.inf
    k = min(k, int(np.count_nonzero(kept > 0)))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    best = np.argpartition(kept, -k)[-k:]
    kth = kept[best].min()
    if np.count_nonzero(kept == kth) > np.count_nonzero(kept[best] == kth):
        above = np.flatnonzero(kept > kth)  # papers tied at the k-th score: the first ones
        best = np.concatenate([above, np.flatnonzero(kept == kth)[: k - len(above)]])
    return pool[best[np.lexsort((best, -kept[best]))]]


def _pool(scores: np.ndarray, k: int, skip: np.ndarray) -> np.ndarray:
    """Positions, in order, of every paper that may be among the k best (all > 0 at most).

    In a big corpus a bar is read from an evenly spaced sample of the scores, with a margin,
    and kept if at least k papers not skipped reach it: then every paper of the k best, and
    every paper tied with the k-th, does. One pass over the scores instead of a partition
    of all of them (at 1M papers, 1 ms instead of 8).
    """
    if len(scores) > POOL_SAMPLE * 8:
        sample = scores[:: len(scores) // POOL_SAMPLE]
        rank = min(len(sample), 8 + 2 * -(-(k + len(skip)) * len(sample) // len(scores)))
        bar = float(np.partition(sample, -rank)[-rank])
        if bar > 0:
            pool = np.flatnonzero(scores >= bar)
            if len(pool) - np.count_nonzero(_held(pool, skip)) >= k:
                return pool
    return np.flatnonzero(scores > 0)


def _held(ordered: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which of the values ``ordered`` (sorted) holds: a binary search, not a hash of both."""
    if not len(ordered):
        return np.zeros(len(values), bool)
    where = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return np.asarray(ordered[where] == values)


def steps(postings: csr_matrix, terms: np.ndarray) -> list[np.ndarray]:
    """Positions in ``terms`` (term columns), in groups of about ``POSTINGS_PER_STEP`` postings."""
    indptr = postings.indptr
    walked = np.cumsum(indptr[terms + 1] - indptr[terms])
    ends = np.arange(POSTINGS_PER_STEP, walked[-1:].sum(), POSTINGS_PER_STEP)
    groups = np.split(np.arange(len(terms)), np.searchsorted(walked, ends))
    return [terms for terms in groups if len(terms)]


def full_scores(postings: csr_matrix, query: csr_matrix) -> np.ndarray:
    """Cosine with every paper, walking only the postings of the query's terms.

    Terms are taken a few at a time (about ``POSTINGS_PER_STEP`` postings), so that a
    query of common words in a million papers copies megabytes of postings, not a hundred.
    """
    scores = np.zeros(postings.shape[1], np.float32)
    add_postings(scores, postings, query.indices, query.data)
    return scores


def add_postings(
    scores: np.ndarray, postings: csr_matrix, terms: np.ndarray, weights: np.ndarray
) -> None:
    """Add each term's postings times its weight to ``scores``, a step of terms at a time."""
    for step in steps(postings, terms):
        scores += postings[terms[step]].T @ weights[step]


def term_maxima(postings: csr_matrix) -> np.ndarray:
    """Each term's largest weight in any paper (0 for a term in none): 0.1 s at 1M papers."""
    maxima = np.zeros(postings.shape[0], np.float32)
    held = np.flatnonzero(np.diff(postings.indptr) > 0)
    if len(held):
        maxima[held] = np.maximum.reduceat(postings.data, postings.indptr[held])
    return maxima


class SparseQuery:
    """One query's TF-IDF scores, walked rarest first and only as far as a bar needs.

    ``seeds`` finds likely best papers after walking half the query's weight; ``reaching``
    walks on until no paper left unmet can reach a bar and names every paper that may;
    ``of`` gives their exact scores. ``full`` is every paper's score, the plain walk.
    """

    def __init__(
        self, rows: csr_matrix, postings: csr_matrix, maxima: np.ndarray, query: csr_matrix
    ):
        self.rows, self.postings, self.query = rows, postings, query
        # a term weighed down (a disliked paper's, in a recommendation) adds at most nothing
        bounds = np.maximum(query.data.astype(np.float64) * maxima[query.indices], 0)
        self.order = np.argsort(-bounds, kind="stable")
        # rest[m]: the most that the terms after the first m (in walking order) can add
        self.rest = np.append(np.cumsum(bounds[self.order][::-1])[::-1], 0.0) + SLACK
        self.partial = np.zeros(rows.shape[0], np.float32)
        self.walked = 0
        self._full: np.ndarray | None = None
        self._known = np.empty(0, np.int64)  # papers whose exact scores are kept, in order
        self._exact = np.empty(0, np.float32)
        self._slot: np.ndarray | None = None

    def full(self) -> np.ndarray:
        """Every paper's score (computed once; callers that scale it take a copy)."""
        if self._full is None:
            self._full = full_scores(self.postings, self.query)
        return self._full

    def seeds(self, n: int, skip: np.ndarray) -> np.ndarray:
        """About the n best papers by the query's heaviest terms (those not skipped)."""
        if len(self.partial) < WALK_ABOVE:
            return top_k(self.full(), n, skip)
        self._walk(int(np.argmax(self.rest <= self.rest[0] / 2)))
        return top_k(self.partial, n, skip)

    def reaching(self, bar: float) -> np.ndarray:
        """Positions, in order, of every paper whose score may be at least ``bar``."""
        if len(self.partial) < WALK_ABOVE:
            return np.flatnonzero(self.full() >= bar)
        self._walk(int(np.argmax(self.rest < bar)) if self.rest[-1] < bar else len(self.order))
        left = bar - self.rest[self.walked]
        found = np.flatnonzero(self.partial >= left)
        while self.walked < len(self.order) and len(found) > FEW:
            more = self._affordable(len(found))
            if more == self.walked:  # the next term costs more to walk than to look up
                break
            self._walk(more)
            found = found[self.partial[found] >= bar - self.rest[self.walked]]
        return found

    def of(self, papers: np.ndarray) -> np.ndarray:
        """The exact scores of these papers: each term's products added in the full walk's
        order and steps, so they equal ``full()[papers]`` bit for bit (kept for the next ask)."""
        new = papers[~_held(self._known, papers)]
        if self._full is None and self._dearer(len(new)):
            self.full()
        if self._full is not None:
            return np.take(self._full, papers)
        if len(new):
            found = np.concatenate([self._known, new])
            order = np.argsort(found, kind="stable")
            self._known = found[order]
            sums = [
                self._sum(new[i : i + self._per_lookup])
                for i in range(0, len(new), self._per_lookup)
            ]
            self._exact = np.concatenate([self._exact, *sums])[order]
        return self._exact[np.searchsorted(self._known, papers)]

    @cached_property
    def _steps(self) -> list[np.ndarray]:
        """The full walk's steps (``full_scores``), whose sums ``of`` adds up as it does."""
        return steps(self.postings, self.query.indices)

    @property
    def _per_lookup(self) -> int:
        """Papers looked up at once: their weights (terms x papers) stay within LOOKUP_ENTRIES."""
        return max(1, LOOKUP_ENTRIES // max(self.query.nnz, 1))

    def _dearer(self, n_papers: int) -> bool:
        """Whether looking up these papers' rows would cost more than walking every posting
        (a query of thousands of terms, e.g. a profile of many liked papers, and many papers)."""
        indptr = self.postings.indptr
        walk = int((indptr[self.query.indices + 1] - indptr[self.query.indices]).sum())
        rows = n_papers * self.rows.nnz / max(self.rows.shape[0], 1)
        loops = -(-n_papers // self._per_lookup) * self.query.nnz * TERM_STEP_POSTINGS
        return LOOKUP_POSTINGS * rows + loops > walk

    def _sum(self, papers: np.ndarray) -> np.ndarray:
        weights = self._weights(papers)
        total = np.zeros(len(papers), np.float32)
        for terms in self._steps:
            step = np.zeros(len(papers), np.float32)
            for term in terms:
                step += weights[term] * self.query.data[term]
            total += step
        return total

    def _weights(self, papers: np.ndarray) -> np.ndarray:
        """The papers' weights of the query's terms, terms (in the query's order) x papers."""
        found = self.rows[papers]
        if self._slot is None:  # term -> its place in the query
            self._slot = np.full(self.postings.shape[0], -1, np.int32)
            self._slot[self.query.indices] = np.arange(self.query.nnz)
        where = self._slot[found.indices]
        hit = where >= 0
        paper = np.repeat(np.arange(len(papers)), np.diff(found.indptr))
        weights = np.zeros((self.query.nnz, len(papers)), np.float32)
        weights[where[hit], paper[hit]] = found.data[hit]
        return weights

    def _affordable(self, n_papers: int) -> int:
        """How far to walk on: the next terms whose postings cost less than looking up the
        rows of ``n_papers`` papers (which is what the candidates' exact scores cost)."""
        indptr = self.postings.indptr
        ahead = self.query.indices[self.order[self.walked :]]
        cost = np.cumsum(indptr[ahead + 1] - indptr[ahead])
        budget = LOOKUP_POSTINGS * n_papers * self.rows.nnz / max(self.rows.shape[0], 1)
        return self.walked + int(np.searchsorted(cost, budget, side="right"))

    def _walk(self, to: int) -> None:
        """Add the terms from the walked ones up to ``to`` (in walking order) to ``partial``."""
        if to <= self.walked:
            return
        chosen = self.order[self.walked : to]
        add_postings(
            self.partial, self.postings, self.query.indices[chosen], self.query.data[chosen]
        )
        self.walked = to
