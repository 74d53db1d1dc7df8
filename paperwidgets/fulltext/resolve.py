"""Title-only papers find their paper: by title through arXiv's API, then Hugging Face.

A listing copied from a web page, and many BibTeX/RIS entries, carry no arXiv id, DOI or link,
so nothing can be opened. The title is searched (answers cached on disk per URL and day, like
the feeds: ``feeds.http.fetch``), and a candidate is accepted only when its normalised title
is the same as the paper's; otherwise the best candidate is shown with how alike the titles
are (``score``) and nothing is changed, so a wrong paper is never attached silently.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from paperwidgets.corpus import Corpus, paper_dict
from paperwidgets.feeds import arxiv_api, hf_daily
from paperwidgets.feeds.http import Http, fetch
from paperwidgets.sources import hf_json
from paperwidgets.sources.records import normalise_title

if TYPE_CHECKING:
    import pandas as pd

ARXIV_API = arxiv_api.BASE_URL
HUGGING_FACE = hf_daily.BASE_URL
CANDIDATES = 5


@dataclasses.dataclass(frozen=True)
class Match:
    """The best candidate found for a title, and whether it is accepted as that paper."""

    title: str
    found: dict[str, Any] | None  # the candidate's record (id, title, authors, published…)
    score: float  # how alike the normalised titles are, 0–1 (1: the same)
    via: str  # "arXiv API" or "Hugging Face"

    @property
    def accepted(self) -> bool:
        """Only an exact agreement of the normalised titles counts."""
        return self.found is not None and self.score == 1.0

    def __str__(self) -> str:
        if self.found is None:
            return f"{self.title!r}: not found"
        verdict = "accepted" if self.accepted else "not accepted (the titles differ)"
        return (
            f"{self.title!r} -> {self.found['id']} {self.found['title']!r} via {self.via}: "
            f"titles {self.score:.0%} alike, {verdict}"
        )


def likeness(a: str, b: str) -> float:
    """How alike two titles are once normalised (1.0: the same words in the same order)."""
    left, right = normalise_title(a), normalise_title(b)
    if not left or not right:
        return 0.0
    return 1.0 if left == right else difflib.SequenceMatcher(None, left, right).ratio()


def _collect(parse: Callable[[str, str], list[dict[str, Any]]], into: list[dict[str, Any]]) -> Any:
    """A parser for ``fetch`` that keeps the records but lists no ids in the feeds cache
    (a title search is not a feed the reader saw: "new to me" must not count it)."""

    def parse_only(text: str, url: str) -> list[dict[str, Any]]:
        into.extend(parse(text, url))
        return []

    return parse_only


def _arxiv(title: str, base: str, http: Http) -> list[dict[str, Any]]:
    words = " ".join(normalise_title(title).split()[:30])
    found: list[dict[str, Any]] = []
    params = {"search_query": f'ti:"{words}"', "max_results": CANDIDATES}
    fetch(f"{base.rstrip('/')}/api/query", params, _collect(arxiv_api.parse, found), http)
    return found


def _hugging_face(title: str, base: str, http: Http) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    url = f"{base.rstrip('/')}/api/papers/search"
    fetch(url, {"q": title[:300]}, _collect(hf_json.read, found), http)
    return found


def find(
    title: str,
    arxiv_base: str = ARXIV_API,
    hf_base: str = HUGGING_FACE,
    http: Http | None = None,
) -> Match:
    """The best candidate for ``title``: arXiv's API first, then Hugging Face's search.

    A LoadError (offline, rate limited…) of one service moves on to the next; the last one's
    error is raised only when neither answered.
    """
    http = http or Http()
    best = Match(title, None, 0.0, "")
    errors = []
    services = (("arXiv API", _arxiv, arxiv_base), ("Hugging Face", _hugging_face, hf_base))
    for via, search, base in services:
        try:
            records = search(title, base, http)
        except ValueError as err:  # LoadError: this service failed; try the next
            errors.append(err)
            continue
        for record in records:
            score = likeness(title, record.get("title") or "")
            if score > best.score:
                best = Match(title, record, score, via)
        if best.accepted:
            return best
    if best.found is None and len(errors) == 2:
        raise errors[-1]
    return best


def filled(paper: Mapping[str, Any], match: Match) -> dict[str, Any]:
    """The paper with the accepted match's id, authors, date and links (its own text kept)."""
    if not match.accepted or match.found is None:
        return dict(paper)
    found = match.found
    extra = dict(paper.get("extra") or {})
    extra["resolved"] = {"from": paper.get("id"), "via": match.via, "title": found.get("title")}
    out = {**paper, "id": found["id"], "extra": extra}
    for key in ("authors", "published", "url", "pdf_url", "categories"):
        if not _has(paper.get(key)) and _has(found.get(key)):
            out[key] = found[key]
    if not _has(paper.get("abstract")) and _has(found.get("abstract")):
        out["abstract"] = found["abstract"]
    return out


def _has(value: Any) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return False
    if str(value) == "NaT":
        return False
    return not (isinstance(value, str | list | tuple) and len(value) == 0)


def needs_resolving(paper: Mapping[str, Any]) -> bool:
    """Whether a paper has nothing to open: a ``title:`` id, no URL, no PDF link."""
    plain = str(paper.get("id") or "").startswith("title:")
    return plain and not _has(paper.get("url")) and not _has(paper.get("pdf_url"))


def resolve_corpus(
    data: Corpus,
    arxiv_base: str = ARXIV_API,
    hf_base: str = HUGGING_FACE,
    http: Http | None = None,
    say: Callable[[str], None] = print,
) -> tuple[pd.DataFrame, list[Match]]:
    """The papers with every title-only paper resolved where a match is accepted.

    ``say`` gets one line per paper (progress as text: it reads the same in a notebook, a
    terminal and a log). A paper whose match is already in the listing is left as it is.
    """
    import pandas as pd

    frame = data.papers.copy()
    ids = set(frame["id"])
    todo = [i for i in range(len(frame)) if needs_resolving(paper_dict(frame.iloc[i]))]
    matches: list[Match] = []
    for n, row in enumerate(todo, 1):
        paper = paper_dict(frame.iloc[row])
        try:
            match = find(paper.get("title") or "", arxiv_base, hf_base, http)
        except ValueError as err:  # both services failed for this title
            say(f"[{n}/{len(todo)}] {paper.get('title')!r}: {err}")
            continue
        matches.append(match)
        taken = match.accepted and match.found is not None and match.found["id"] in ids
        say(
            f"[{n}/{len(todo)}] {match}"
            + (" (already in the listing: kept apart)" if taken else "")
        )
        if match.accepted and not taken:
            new = filled(paper, match)
            ids.add(new["id"])
            for column in frame.columns:
                value = new.get(column)
                frame.at[frame.index[row], column] = (
                    pd.Timestamp(value)
                    if column == "published" and isinstance(value, str)
                    else value
                )
    return frame, matches
