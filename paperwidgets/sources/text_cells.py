"""Cells made clean text in bulk: what ``text_of`` and ``strip_tags`` give, a million at a time.

A string that is clean text already (no whitespace but single inner spaces, no markup where
markup is stripped) is kept as the very same object; that is checked with numpy comparisons
over a chunk's concatenated characters, not with a Python call per cell. Line breaks and edge
blanks (arXiv's abstracts) are mended by a replace, then checked again; anything else goes
through the rule itself, so the result is always exactly the rule's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from paperwidgets.sources.records import text_of


def is_clean(text: str) -> bool:
    """True when ``clean_text(text)`` is text itself: no whitespace but single inner spaces.

    Every whitespace character but the space is unprintable (a test checks all of Unicode).
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def clean_texts(cells: Sequence[Any], rule: Callable[[Any], str], markup: bool) -> list[str]:
    """Each cell kept when it is a clean string (without < or & if ``markup``), else ``rule``.

    A million abstracts are checked in numpy, a chunk at a time, not one Python call each.
    """
    out = list(cells)
    clean = _clean_strings(out, markup)
    dirty = np.flatnonzero(~clean).tolist()
    # most dirt is line breaks and edge blanks (arXiv's abstracts): replaced, then re-checked
    mended = [out[i].replace("\n", " ").strip() if type(out[i]) is str else out[i] for i in dirty]
    for row, text, ok in zip(dirty, mended, _clean_strings(mended, markup), strict=True):
        out[row] = text if ok else rule(out[row])
    return out


CHECK_CHUNK = 4096  # strings checked at once (about 4 MB of abstracts)


def _clean_strings(cells: list[Any], markup: bool) -> np.ndarray:
    """Which cells are strings that are clean text already (free of < and & if ``markup``)."""
    strings = [i for i, cell in enumerate(cells) if type(cell) is str]
    clean = np.zeros(len(cells), bool)
    clean[strings] = _clean(cells, strings, markup)
    return clean


def _clean(cells: list[Any], rows: list[int], markup: bool) -> np.ndarray:
    """Which of these strings are clean text already (and free of < and & if ``markup``)."""
    found = np.zeros(len(rows), bool)
    for start in range(0, len(rows), CHECK_CHUNK):
        part = [cells[i] for i in rows[start : start + CHECK_CHUNK]]
        found[start : start + len(part)] = _clean_chunk(part, markup)
    return found


def _clean_chunk(texts: list[str], markup: bool) -> np.ndarray:
    """is_clean of each text, by numpy comparisons over their concatenation; a text with a
    character past ASCII is left to Python's own rule (its printable characters are many)."""
    joined = "".join(texts)
    ascii_only = joined.isascii()
    chars: np.ndarray[Any, np.dtype[np.unsignedinteger[Any]]] = np.frombuffer(
        joined.encode("ascii") if ascii_only else joined.encode("utf-32-le"),
        np.uint8 if ascii_only else np.uint32,
    )
    bad = (chars < 32) | (chars >= 127)  # control characters (\t, \n…), DEL, non-ASCII
    if markup:
        bad |= (chars == ord("<")) | (chars == ord("&"))
    space = chars == 32
    bad[:-1] |= space[:-1] & space[1:]  # two spaces
    sizes = np.fromiter(map(len, texts), np.int64, len(texts))
    ends = np.cumsum(sizes)
    clean = np.ones(len(texts), bool)
    clean[np.searchsorted(ends, np.flatnonzero(bad), side="right")] = False
    full = np.flatnonzero(sizes)
    clean[full[space[ends[full] - sizes[full]] | space[ends[full] - 1]]] = False
    for i in [] if ascii_only else np.flatnonzero(~clean).tolist():
        text = texts[i]
        clean[i] = is_clean(text) and not (markup and ("<" in text or "&" in text))
    return clean


def text_lists(cells: list[list[Any]]) -> list[list[str]]:
    """``split_names`` of list cells: their items as text, empty ones left out.

    Items are read once per distinct string (author names repeat across papers).
    """
    sizes = [len(cell) for cell in cells]
    texts = text_items(np.fromiter(chain.from_iterable(cells), object, sum(sizes)))
    lists = split_runs(texts, sizes)
    return lists if all(texts) else [[t for t in names if t] for names in lists]


def split_runs(items: list[Any], sizes: list[int]) -> list[list[Any]]:
    """Consecutive runs of ``items``, one of each size."""
    ends = np.cumsum(sizes, dtype=np.int64).tolist()
    return [items[start:end] for start, end in zip([0, *ends][:-1], ends, strict=True)]


def text_items(items: np.ndarray) -> list[str]:
    """``text_of`` of each item, once per distinct string (a column of strings factorizes)."""
    if pd.api.types.infer_dtype(items, skipna=False) != "string":  # 1 == True: not by value
        return [text_of(item) for item in items]
    codes, uniques = pd.factorize(items)
    texts = np.asarray(clean_texts(uniques.tolist(), text_of, markup=False), object)
    return texts[codes].tolist()  # type: ignore[no-any-return]
