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
from functools import cache, cached_property
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# a word of 2+ characters or a hyphenated compound (parts of 1+ characters), written so that
# a word is scanned once: twice the speed of ``\w+(?:[-\u2010]\w+)+|\w\w+``, which finds the
# same tokens but tries every word as a compound first (no possessive ``++``: Python 3.10)
TOKEN = re.compile(r"\w(?:\w+(?:[-\u2010]\w+)*|(?:[-\u2010]\w+)+)")

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
PAIR_SHIFT = 32  # a pair key holds its first word (+1) above bit 32: keys are int64
SEPARATOR = "-"  # never a token itself
PREFIXES = frozenset(["pre", "post", "semi", "fine", "multi", "non", "self", "anti", "co", "sub"])


@cache
def stop_words() -> frozenset[str]:
    """Words never used as terms: scikit-learn's English list, scholarly filler, prefixes."""
    return english_stop_words() | SCHOLARLY | PREFIXES | {SEPARATOR}


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from its source file without importing it.

    Importing scikit-learn takes ~2 s, and an import in a worker thread at interpreter exit
    fails (joblib registers an atexit hook); the list is a literal, read with ``ast``.
    """
    import ast
    import importlib.util

    spec = importlib.util.find_spec("sklearn")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "feature_extraction" / "_stop_words.py"
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in tree.body:
            if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
                continue
            if ast.unparse(node.targets[0]) == "ENGLISH_STOP_WORDS" and node.value.args:
                return frozenset(ast.literal_eval(node.value.args[0]))
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # laid out otherwise

    return frozenset(ENGLISH_STOP_WORDS)


def tokens(text: str) -> list[str]:
    """The lower-case tokens of a text, hyphenated compounds whole (hyphens made ``-``).

    The parts of each compound follow at the end, each after ``SEPARATOR`` (a stop word), so
    that ``semi-supervised`` also matches ``supervised`` but forms no pair with its neighbours.
    """
    text = text.lower().replace("\u2010", "-")
    found = TOKEN.findall(text)
    if "-" not in text:  # most texts: no compound to split
        return found
    parts = [part for token in found if "-" in token for part in token.split("-")]
    return found + [t for part in parts if len(part) > 1 for t in (SEPARATOR, part)]


def _useful(word: str) -> bool:
    return word not in stop_words() and not word.replace("-", "").isdigit()


class Terms:
    """Words and adjacent-word pairs as integer keys (a pair is ``(a + 1) << 32 | b``).

    Counting integer keys in numpy keeps the build fast and small; strings are made only
    for the few terms a ``why`` shows. Neither part of a term is a stop word or a number.
    ``keys`` (the key of every term column) is set by the build.
    """

    def __init__(self, words: Sequence[str] = (), useful: np.ndarray | None = None) -> None:
        self.words: list[str] = list(words)  # while the build grows them; then packed
        if useful is None:  # a stored index brings its own (no scikit-learn import: ~2 s)
            useful = np.fromiter(map(_useful, self.words), bool, len(self.words))
        self.useful = np.asarray(useful, bool)
        self.keys = pd.Index([], dtype=np.int64)
        self.text = np.zeros(0, np.uint8)  # the packed words: UTF-8 lines
        self.ends = np.zeros(0, np.int64)  # where each packed word ends in ``text``

    @classmethod
    def packed(cls, text: np.ndarray, useful: np.ndarray) -> Terms:
        """Terms whose words are one UTF-8 text of lines (a stored index's, mapped as it is)."""
        terms = cls((), useful)
        terms.text, terms.ends = text, line_ends(text)
        return terms

    def pack(self) -> None:
        """Keep the words as one UTF-8 text of lines instead of a str each, and drop the word
        -> id dict (a million papers' 0.9M words: ~15 MB instead of ~160 MB; the first search
        makes the dict again); the build does it once counting is done."""
        self.text = np.frombuffer("\n".join(self.words).encode(), np.uint8)
        self.ends, self.words = line_ends(self.text), []
        self.__dict__.pop("word_ids", None)

    def word(self, i: int) -> str:
        """One word by its id."""
        if self.words:
            return self.words[i]
        return bytes(self.text[self.ends[i - 1] + 1 if i else 0 : self.ends[i]]).decode()

    @cached_property
    def word_ids(self) -> dict[str, int]:
        """Word -> id; made on first use (a stored index's first neighbours need none)."""
        words = self.words or (bytes(self.text).decode().split("\n") if len(self.ends) else [])
        return {word: i for i, word in enumerate(words)}

    def word_ids_of(self, texts: Sequence[str], grow: bool) -> tuple[np.ndarray, np.ndarray]:
        """Word id of every token (-1 if unknown and not growing), and tokens per text.

        One dict look-up per token in C (``map``); only tokens not yet known go through Python.
        """
        per_text = [tokens(text) for text in texts]
        lengths = np.fromiter(map(len, per_text), np.int64, len(per_text))
        found = list(chain.from_iterable(per_text))
        del per_text
        ids = np.fromiter(map(self.word_ids.get, found, repeat(-1)), np.int64, len(found))
        unknown = np.flatnonzero(ids < 0)
        if grow and len(unknown):
            assert not len(self.ends), "packed words do not grow"
            unseen = [found[i] for i in unknown]
            new = list(dict.fromkeys(unseen))  # first-seen order, as before
            self.word_ids.update((w, i) for i, w in enumerate(new, len(self.words)))
            self.words += new
            added = np.fromiter(map(_useful, new), bool, len(new))
            self.useful = np.concatenate([self.useful, added])
            ids[unknown] = np.fromiter(map(self.word_ids.get, unseen), np.int64, len(unseen))
        return ids, lengths

    def row_keys(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, key) of every word and adjacent pair occurrence, skipping stop words."""
        rows = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
        keep = ids >= 0
        keep[keep] = self.useful[ids[keep]]
        pair = keep[:-1] & keep[1:] & (rows[:-1] == rows[1:])
        pair_keys = ((ids[:-1][pair] + 1) << PAIR_SHIFT) | ids[1:][pair]
        return np.concatenate([rows[keep], rows[:-1][pair]]), np.concatenate([ids[keep], pair_keys])

    def term(self, column: int) -> str:
        """The text of one term column."""
        key = int(self.keys[column])
        first, second = key >> PAIR_SHIFT, key & ((1 << PAIR_SHIFT) - 1)
        return self.word(second) if first == 0 else f"{self.word(first - 1)} {self.word(second)}"

    def counts(self, texts: Sequence[str]) -> csr_matrix:
        """Term counts (texts x known terms) of new texts, e.g. search queries."""
        rows, keys = self.row_keys(*self.word_ids_of(texts, grow=False))
        columns = self.keys.get_indexer(pd.Index(keys))
        found = columns >= 0
        return count_matrix(rows[found], columns[found], (len(texts), len(self.keys)))


def line_ends(text: np.ndarray) -> np.ndarray:
    """Where each line of a UTF-8 text (uint8) ends: its newlines, then the text's end."""
    return (
        np.append(np.flatnonzero(text == ord("\n")), len(text))
        if len(text)
        else np.zeros(0, np.int64)
    )


def count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]) -> csr_matrix:
    """A float32 CSR matrix counting each (row, column) occurrence."""
    from scipy.sparse import csr_matrix

    ones = np.ones(len(rows), np.float32)
    matrix = csr_matrix((ones, (rows, columns)), shape=shape)
    matrix.sum_duplicates()
    return matrix
