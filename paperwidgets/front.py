"""The user-facing Corpus: the data Corpus plus its widgets and the look-ups that read notes.

``pw.load``, ``pw.Corpus``, the feeds and ``pw.load_arxiv_snapshot`` hand out this class, so
``pw.load(...).reader()`` works; the layers below (widgets included) need only the data
Corpus of corpus.py. This module sits on top, beside cli: every import here points down.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec

from paperwidgets import corpus, feeds

if TYPE_CHECKING:
    import pandas as pd

    from paperwidgets.widgets.card import PaperCard
    from paperwidgets.widgets.fulltext import FullText
    from paperwidgets.widgets.map import Map
    from paperwidgets.widgets.reader import Reader
    from paperwidgets.widgets.screen import Screen

Params = ParamSpec("Params")


class Corpus(corpus.Corpus):
    """Papers from one or more listings; ``corpus.papers`` is the DataFrame (design §2)."""

    @classmethod
    def of(cls, data: corpus.Corpus) -> Corpus:
        """The same papers, look-ups and built index as a user-facing Corpus (nothing copied)."""
        if isinstance(data, cls):
            return data
        facing = cls.__new__(cls)
        facing.__dict__.update(vars(data))
        return facing

    def card(self, key: corpus.PaperKey, notes: Any = None) -> PaperCard:
        """A :class:`~paperwidgets.PaperCard` for one paper (position, id or title).

        With ``notes`` (a Notes store or a path) the card has annotation fields.
        """
        from paperwidgets.widgets.card import PaperCard

        return PaperCard(self.paper(key), notes=notes)

    def fulltext(self, key: corpus.PaperKey, notes: Any = None, **options: Any) -> FullText:
        """A :class:`~paperwidgets.FullText` of one paper: its PDF or arXiv HTML to highlight.

        ``options`` go to FullText: ``source=`` a file or URL, ``prefer="html"``, ``categories=``.
        """
        from paperwidgets.widgets.fulltext import FullText

        return FullText(self.paper(key), notes=notes, **options)

    def resolve(self, **options: Any) -> Corpus:
        """This corpus with title-only papers resolved (arXiv's API, then Hugging Face).

        One line of progress per paper; a match is accepted only when the normalised titles
        are the same, then the paper gets its arXiv id, authors, date and links. Options:
        ``arxiv_base=``, ``hf_base=`` (mirrors, test servers), ``http=`` (timeouts, retries).
        """
        from paperwidgets.fulltext.resolve import resolve_corpus

        frame, _ = resolve_corpus(self, **options)
        return Corpus(frame)

    def reader(
        self,
        notes: Any = None,
        k: int = 6,
        library: corpus.Corpus | None = None,
        fulltext_options: dict[str, Any] | None = None,
    ) -> Reader:
        """A :class:`~paperwidgets.Reader` to triage this corpus, saving to ``notes``.

        With ``library`` (another Corpus) it also shows "Similar in your library";
        ``fulltext_options`` go to the full text its ``f`` key opens (as for ``fulltext``).
        """
        from paperwidgets.widgets.reader import Reader

        for engine_of in (self, library):  # made here, in this thread: Similarity.__init__
            _ = engine_of.similarity if engine_of is not None else None
        return Reader(self, notes, k, library=library, fulltext_options=fulltext_options)

    def map(self, notes: Any = None, colour_by: str = "topic", n_topics: int | None = None) -> Map:
        """A :class:`~paperwidgets.Map` of this corpus: topics on a 2-D layout, by your notes."""
        from paperwidgets.widgets.map import Map

        return Map(self, notes=notes, colour_by=colour_by, n_topics=n_topics)

    def screen(
        self,
        notes: Any = "paper-notes.ipynb",
        reasons: Any = None,
        criteria: Any = None,
        **options: Any,
    ) -> Screen:
        """A :class:`~paperwidgets.Screen` to screen this corpus for a systematic review.

        Decisions go to ``notes`` (your log of the screening ``name``); ``criteria`` (a
        ``screening.Criteria`` or a dict: ``inclusion``, ``exclusion`` reasons for keys 1–9,
        ``keywords`` to highlight) stay in view; ``reasons``, the older way, gives the
        exclusion reasons alone; ``options``: ``name=``, ``recall=``, ``confidence=``.
        """
        from paperwidgets.widgets.screen import Screen

        return Screen(self, notes=notes, reasons=reasons, criteria=criteria, **options)

    def recommend(
        self,
        liked: Sequence[corpus.PaperKey] = (),
        disliked: Sequence[corpus.PaperKey] = (),
        k: int = 10,
        notes: Any = None,
    ) -> pd.DataFrame:
        """Unjudged papers ranked by likeness to the liked and unlikeness to the disliked ones.

        With ``notes`` (a Notes store, a path, or several) the ranking is "For you": a model of
        every rated or statused paper in those notes, earlier days included (foryou.py).
        """
        if notes is None:
            return super().recommend(liked, disliked, k)
        from paperwidgets.foryou import recommend

        return recommend(self, notes, k)

    def unseen(self, notes: Any = None) -> Corpus:
        """The papers new to you: in none of these notes files, in no feed of an earlier day."""
        from paperwidgets.seen import unseen_mask

        return type(self)(self.papers[unseen_mask(self, notes)].reset_index(drop=True))


def user_facing(build: Callable[Params, corpus.Corpus]) -> Callable[Params, Corpus]:
    """A loader of data Corpora as one that returns the user-facing Corpus (same signature)."""

    @functools.wraps(build)
    def built(*args: Params.args, **kwargs: Params.kwargs) -> Corpus:
        return Corpus.of(build(*args, **kwargs))

    return built


load = user_facing(corpus.load)
load_arxiv_snapshot = user_facing(corpus.load_arxiv_snapshot)
daily_papers = user_facing(feeds.daily_papers)
arxiv = user_facing(feeds.arxiv)
arxiv_new = user_facing(feeds.arxiv_new)
