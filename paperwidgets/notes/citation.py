"""What a paper needs to be cited: its own citekey and bibliographic fields, and new keys.

A paper loaded from a ``.bib`` keeps its entry key (CSL-JSON ``citation-key``/``id``, RIS
``ID``) through loading and notes (the ``cite`` part of a stored paper); a paper without one
gets a short, stable key in the Better BibTeX style: author + year + first title word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

# what a stored paper keeps for citing (from the reader's ``extra``)
CITE_KEYS = ("key", "type", "venue", "volume", "number", "pages", "publisher", "doi",
             "primaryclass")  # fmt: skip
MAX_CITE_FIELD = 2000  # characters kept of each; real venues and page ranges are far shorter
# a key BibTeX, biblatex and pandoc all read as one citekey
_SAFE_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.+/-]{0,99}$")
# words Better BibTeX skips when it takes a title's first word
_SKIP = {"a", "an", "the", "some", "from", "on", "in", "to", "of", "do", "with", "der", "die",
         "das", "ein", "eine", "einer", "eines", "einem", "einen", "un", "une", "la", "le",
         "les", "el", "las", "los", "al", "and", "or", "for", "at", "by", "is"}  # fmt: skip


def cite_fields(paper: Mapping[str, Any]) -> dict[str, str] | None:
    """The citing fields of a paper row (its ``extra``) or of a stored paper (its ``cite``)."""
    stored = paper.get("cite")
    if isinstance(stored, Mapping):
        source: Mapping[str, Any] = stored
    else:
        extra = paper.get("extra")
        source = dict(extra) if isinstance(extra, Mapping) else {}
        categories = paper.get("categories")
        if str(paper.get("id") or "").startswith("arxiv:") and _listish(categories):
            source["primaryclass"] = next(iter(categories), None)
    out = {}
    for key in CITE_KEYS:
        value = source.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            out[key] = " ".join(str(value).split())[:MAX_CITE_FIELD]
    return out or None


def _listish(value: Any) -> TypeGuard[Iterable[Any]]:
    return value is not None and not isinstance(value, str | bytes) and hasattr(value, "__iter__")


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def _family(name: str) -> str:
    """The family name of 'First Last', 'Last, First' or Scopus' 'Last F.'."""
    if "," in name:
        return name.split(",", 1)[0]
    words = name.split()
    if len(words) > 1 and all(re.fullmatch(r"(\w\.-?)+", w) for w in words[1:]):
        return words[0]
    return words[-1] if words else ""


def new_key(paper: Mapping[str, Any]) -> str:
    """author + year + first title word, lower case ASCII: ``li2025jarvis``."""
    authors = [str(a) for a in paper.get("authors") or [] if str(a).strip()]
    author = _ascii_word(_family(authors[0])) if authors else ""
    year = (re.findall(r"\d{4}", str(paper.get("published") or "")[:10]) or [""])[0]
    words = [_ascii_word(w) for w in re.split(r"[\s\-–—:/]+", str(paper.get("title") or ""))]
    word = next((w for w in words if w and w not in _SKIP), "")
    return f"{author}{year}{word}" or _ascii_word(str(paper.get("id") or "")) or "paper"


def own_key(paper: Mapping[str, Any]) -> str | None:
    """The paper's own citekey from its source, when it is one every tool reads."""
    key = (paper.get("cite") or {}).get("key") if isinstance(paper.get("cite"), Mapping) else None
    return key if isinstance(key, str) and _SAFE_KEY.match(key) else None


def citation_keys(papers: Iterable[Mapping[str, Any]]) -> list[str]:
    """One unique key per paper: its own where it has one, else a new key (``…a``, ``…b``)."""
    papers = list(papers)
    keys: list[str | None] = []
    taken: set[str] = set()
    for paper in papers:  # own keys first, so a new key never takes one
        key = own_key(paper)
        keys.append(key if key not in taken else None)
        taken.update([key] if key else [])
    for i, paper in enumerate(papers):
        if keys[i] is None:
            base = key = new_key(paper)
            n = 0
            while key in taken:
                n += 1
                key = base + _suffix(n)
            taken.add(key)
            keys[i] = key
    return [k or "" for k in keys]


def _suffix(n: int) -> str:
    """a, b, … z, aa, ab, … (Better BibTeX's disambiguation)."""
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out
