"""Terms of the similarity space: tokens, stop lists, and word / word-pair integer keys.

Tokens are words of 2+ characters as scikit-learn's default, except that hyphenated
compounds stay whole (``pre-training``, ``semi-supervised``): split, they explain nothing
(``pre``, ``semi``) and match unrelated papers. Stop words are scikit-learn's English list
plus ``SCHOLARLY``, the boilerplate of research abstracts, and bare prefixes left by
``pre- and post-training``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# a hyphenated compound (parts of 1+ characters) or a word of 2+ characters
TOKEN = re.compile(r"\w+(?:[-\u2010]\w+)+|\w\w+")

# words every abstract uses to say it is a paper; they explain no similarity
SCHOLARLY = frozenset(
    """
    propose proposes proposed proposing present presents presented presenting introduce
    introduces introduced introducing show shows showed shown showing demonstrate demonstrates
    demonstrated demonstrating achieve achieves achieved achieving obtain obtains obtained
    provide provides provided providing offer offers offered offering include includes
    included including make makes making made use uses used using utilize utilizes utilized
    utilizing leverage leverages leveraged leveraging enable enables enabled enabling allow
    allows allowed help helps paper papers work works study studies studied recent recently
    previous previously existing prior novel new various variety several significant
    significantly substantially extensive extensively experiments experimental experiment
    results result outperform outperforms outperforming outperformed state-of-the-art sota
    effectiveness effective furthermore moreover additionally specifically particular
    particularly respectively approach approaches framework address addresses addressed
    addressing improve improves improved improving improvement improvements superior
    remarkable promising crucial importantly widely commonly typically able given
    well-known so-called propose firstly secondly finally overall consistently notably
    code publicly available github https http www com org leads lead leading following
    best play plays role key better method methods technique techniques strategy strategies
    capabilities capability paradigm paradigms aspects
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# what is left of "pre- and post-training" once the hyphen dangles
CHUNK = 5000
SEPARATOR = "-"  # never a token itself
PREFIXES = frozenset(["pre", "post", "semi", "fine", "multi", "non", "self", "anti", "co", "sub"])


@cache
def stop_words() -> frozenset[str]:
    """Words never used as terms: scikit-learn's English list, scholarly filler, prefixes."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | SCHOLARLY | PREFIXES | {SEPARATOR}


def tokens(text: str) -> list[str]:
    """The lower-case tokens of a text, hyphenated compounds whole (hyphens made ``-``).

    The parts of each compound follow at the end, each after ``SEPARATOR`` (a stop word), so
    that ``semi-supervised`` also matches ``supervised`` but forms no pair with its neighbours.
    """
    found = TOKEN.findall(text.lower().replace("\u2010", "-"))
    parts = [part for token in found if "-" in token for part in token.split("-")]
    return found + [t for part in parts if len(part) > 1 for t in (SEPARATOR, part)]


def _useful(word: str) -> bool:
    return word not in stop_words() and not word.replace("-", "").isdigit()


class Terms:
    """Words and adjacent-word pairs as integer keys (a pair is ``(a + 1) * n_words + b``).

    Counting integer keys in numpy keeps the build fast at 100k papers; strings are made
    only for the few terms a ``why`` shows. Neither part of a term is a stop word or a number.
    """

    def __init__(self) -> None:
        self.word_ids: dict[str, int] = {}
        self.words: list[str] = []
        self.useful = np.zeros(0, bool)
        self.keys = pd.Index([], dtype=np.int64)

    def word_ids_of(self, texts: Sequence[str], grow: bool) -> tuple[np.ndarray, np.ndarray]:
        """Word id of every token (-1 if unknown and not growing), and tokens per text."""
        found: list[str] = []
        lengths = np.zeros(len(texts), np.int64)
        for i, text in enumerate(texts):
            words = tokens(text)
            found.extend(words)
            lengths[i] = len(words)
        codes, uniques = pd.factorize(pd.Series(found, dtype=object))
        if grow:
            known = (self.word_ids.setdefault(w, len(self.word_ids)) for w in uniques)
        else:
            known = (self.word_ids.get(w, -1) for w in uniques)
        return np.fromiter(known, np.int64, len(uniques))[codes], lengths

    def freeze(self) -> None:
        """Fix the word list after the corpus is read (later texts do not add words)."""
        self.words = list(self.word_ids)
        self.useful = np.fromiter(map(_useful, self.words), bool, len(self.words))

    def row_keys(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, key) of every word and adjacent pair occurrence, skipping stop words."""
        rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        keep = ids >= 0
        keep[keep] = self.useful[ids[keep]]
        pair = keep[:-1] & keep[1:] & (rows[:-1] == rows[1:])
        pair_keys = (ids[:-1][pair] + 1) * len(self.words) + ids[1:][pair]
        return np.concatenate([rows[keep], rows[:-1][pair]]), np.concatenate([ids[keep], pair_keys])

    def term(self, column: int) -> str:
        """The text of one term column."""
        first, second = divmod(int(self.keys[column]), len(self.words))
        return self.words[second] if first == 0 else f"{self.words[first - 1]} {self.words[second]}"

    def corpus_counts(self, texts: Sequence[str]) -> csr_matrix:
        """Read the corpus: learn the words and the pairs seen in 2+ papers, count them."""
        from paperwidgets.progress import progress

        parts: list[tuple[np.ndarray, np.ndarray]] = [(np.zeros(0, np.int64),) * 2]
        with progress(len(texts), "similarity index") as bar:
            for start in range(0, len(texts), CHUNK):
                parts.append(self.word_ids_of(texts[start : start + CHUNK], grow=True))
                bar.update(len(parts[-1][1]))
        self.freeze()
        ids, lengths = (np.concatenate([p[i] for p in parts]) for i in (0, 1))
        rows, keys = self.row_keys(ids, lengths)
        columns, uniques = pd.factorize(keys)
        del keys  # free the per-occurrence keys before counting (100k papers: 20M of them)
        counts = count_matrix(rows, columns.astype(np.int32), (len(texts), len(uniques)))
        df = np.bincount(counts.indices, minlength=len(uniques))
        keep = np.flatnonzero((uniques < len(self.words)) | (df >= 2))
        self.keys = pd.Index(uniques[keep])
        return counts[:, keep]

    def counts(self, texts: Sequence[str]) -> csr_matrix:
        """Term counts (texts x known terms) of new texts, e.g. search queries."""
        rows, keys = self.row_keys(*self.word_ids_of(texts, grow=False))
        columns = self.keys.get_indexer(keys)
        found = columns >= 0
        return count_matrix(rows[found], columns[found], (len(texts), len(self.keys)))


def count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> csr_matrix:
    """A float32 CSR matrix counting each (row, column) occurrence."""
    from scipy.sparse import csr_matrix

    ones = np.ones(len(rows), np.float32)
    matrix = csr_matrix((ones, (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    return matrix
