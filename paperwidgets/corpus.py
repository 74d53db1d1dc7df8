"""Corpus: the papers of one or more listings as a pandas DataFrame, with look-ups.

A Corpus here is data and look-ups only (papers, paper, position, neighbours, search,
similarity, topics); the widget constructors and the look-ups that read your notes
(``corpus.reader()``, ``corpus.recommend(notes=…)``, ``corpus.unseen()``) are added by the
user-facing subclass in front.py, above the widgets. Data flows one way: sources -> corpus
-> similarity -> widgets.
"""

from __future__ import annotations

import datetime
import math
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from paperwidgets.sources import (
    Source,
    arxiv_snapshot,
    file_stamp,
    read_all,
    read_one_frame,
    table_file,
)
from paperwidgets.sources.records import COLUMNS, Record

if TYPE_CHECKING:
    import os

    from paperwidgets.similarity.engine import Similarity

PaperKey = int | str
_ENGINE_LOCK = threading.Lock()
YEARS = (1000, 2999)  # a paper's date outside these is a placeholder (9999-12-31) or an error


def load(
    *sources: Source | pd.DataFrame,
    format: str | None = None,
    columns: dict[str, str] | None = None,
) -> Corpus:
    """Load listings (paths, pasted listing text or DataFrames) into one Corpus.

    The format is detected from the content (``format=`` forces one); ``columns=`` maps
    canonical fields to a table's own column names. Duplicates across and within sources
    are merged.

    >>> corpus = load("examples/daily_papers.txt", "refs.bib")  # doctest: +SKIP
    >>> len(corpus)  # doctest: +SKIP
    130
    """
    if not sources:
        raise TypeError("load() needs at least one source: a path or the listing text")
    if format is None and len(sources) == 1:  # a DataFrame, Parquet or Feather file
        path = table_file(sources[0])
        stamp = file_stamp(path, columns=columns) if path else None
        papers = read_one_frame(sources[0], columns)
        if papers is not None:
            unchanged = stamp == (file_stamp(path, columns=columns) if path else None)
            return Corpus(frame_from_columns(papers), source=stamp if unchanged else None)
    return Corpus(frame_from_records(read_all(sources, format=format, columns=columns)))


def from_records(records: list[Record]) -> Corpus:
    """A Corpus of one source's records (a fetched feed), duplicates merged as load() does."""
    from paperwidgets.sources.merge import merge

    return Corpus(frame_from_records(merge([records])))


def load_arxiv_snapshot(
    path: str | os.PathLike[str], limit: int | None = None, categories: Iterable[str] = ()
) -> Corpus:
    """A Corpus of arXiv's metadata snapshot, streamed: at most ``limit``, only ``categories``.

    ``categories`` keeps papers with any listed category (``"cs.LG"``) or archive (``"cs"``).
    """
    chosen = sorted(categories)
    reading = {"limit": limit, "categories": chosen}
    stamp = file_stamp(path, **reading)
    papers = frame_from_records(arxiv_snapshot.read_path(path, limit, chosen))
    return Corpus(papers, source=stamp if stamp == file_stamp(path, **reading) else None)


def frame_from_records(records: Sequence[Record] | Sequence[tuple[Any, ...]]) -> pd.DataFrame:
    """The papers DataFrame: canonical columns, one row per id (first record wins).

    Records are dicts, or tuples in ``COLUMNS`` order (a third of the memory at scale).
    """
    return _canonical(pd.DataFrame.from_records(records, columns=COLUMNS))


def frame_from_columns(columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """The papers DataFrame of canonical columns (``COLUMNS``: one list of values each)."""
    if not len(columns["id"]):  # no rows: the dtypes frame_from_records gives
        return frame_from_records([])
    return _canonical(pd.DataFrame({column: columns[column] for column in COLUMNS}))


def _canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per id (the first wins), dates parsed (a date pandas cannot hold: left empty)."""
    frame = frame.drop_duplicates("id", keep="first").reset_index(drop=True)
    given = frame["published"]
    parsed = parsed_dates(given)
    parsed[parsed.notna() & ~parsed.dt.year.between(*YEARS)] = pd.NaT  # 9999-12-31 is no date
    frame["published"] = parsed
    _warn_dates_left_out(frame, given.notna() & parsed.isna(), given)
    return frame


def parsed_dates(given: pd.Series) -> pd.Series:
    """``pd.to_datetime`` of ISO dates (UTC; unreadable ones NaT), parsed once per distinct
    date: a million papers share a few thousand days."""
    codes, uniques = pd.factorize(given)
    if not len(uniques):  # nothing to parse: the dtype pandas gives a column of nothing
        return pd.to_datetime(given, errors="coerce", utc=True, format="ISO8601")
    parsed = pd.to_datetime(pd.Series(uniques), errors="coerce", utc=True, format="ISO8601")
    return pd.Series(parsed.array.take(codes, allow_fill=True), index=given.index)


def _warn_dates_left_out(frame: pd.DataFrame, lost: pd.Series, given: pd.Series) -> None:
    """One warning per load for dates pandas cannot hold (e.g. 9999-12-31): left missing."""
    if lost.any():
        import warnings

        sources = ", ".join(dict.fromkeys(frame.loc[lost, "source"]))
        warnings.warn(
            f"{sources}: {int(lost.sum())} dates out of range left empty "
            f"(first: {given[lost].iloc[0]!r}, paper {frame.loc[lost, 'id'].iloc[0]!r})",
            UserWarning,
            stacklevel=4,
        )


class Corpus:
    """The data Corpus: papers and look-ups; ``corpus.papers`` is the DataFrame (design §2).

    No widgets here: the user-facing ``pw.Corpus`` (front.py) adds them; widgets take either.
    """

    def __init__(self, papers: pd.DataFrame, source: dict[str, Any] | None = None):
        missing = [c for c in COLUMNS if c not in papers.columns]
        if missing:
            raise ValueError(f"papers DataFrame lacks columns {missing}")
        self.papers = papers
        self.source_file = source  # the file they were read from (sources.file_stamp)
        rows = range(len(papers))
        self._by_id = dict(zip(papers["id"].to_numpy(object), rows, strict=True))
        titles = papers["title"].to_numpy(object)  # the first paper of a title wins
        self._by_title: dict[str, int] = dict(zip(titles[::-1], rows[::-1], strict=True))

    def __len__(self) -> int:
        return len(self.papers)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.paper(i) for i in range(len(self)))

    def __repr__(self) -> str:
        sources = ", ".join(sorted(set(self.papers["source"]))) or "no source"
        return f"<Corpus: {len(self)} papers from {sources}>"

    def position(self, key: PaperKey) -> int:
        """Row position of a paper given by row position, id or exact title."""
        if isinstance(key, bool) or not isinstance(key, int | str):
            raise TypeError(f"a paper is a row position, an id or a title, not {key!r}")
        if isinstance(key, int):
            if not -len(self) <= key < len(self):
                raise IndexError(f"position {key} is outside this corpus of {len(self)} papers")
            return key % len(self)
        for index in (self._by_id, self._by_title):
            if key in index:
                return index[key]
        raise KeyError(f"no paper with id or title {key!r}")

    def paper(self, key: PaperKey) -> dict[str, Any]:
        """One paper as a plain, JSON-ready dict (dates as ISO strings)."""
        row = self.papers.iloc[self.position(key)]
        return paper_dict(row)

    @property
    def similarity(self) -> Similarity:
        """The similarity engine (design §4); its index is built on the first query."""
        from paperwidgets.similarity.engine import Similarity

        if "_similarity" not in self.__dict__:
            with _ENGINE_LOCK:  # two threads asking at once get the one engine
                if "_similarity" not in self.__dict__:
                    self._similarity = Similarity(self.papers, source=self.source_file)
        return self._similarity

    def neighbours(self, paper: PaperKey, k: int = 10, among: Corpus | None = None) -> pd.DataFrame:
        """The k papers most like one paper: id, title, score and the shared terms (why).

        With ``among`` (another Corpus, e.g. your library) they come from that corpus.
        """
        if among is not None:
            return among.similarity.neighbours_of(self.papers.iloc[self.position(paper)], k)
        return self.similarity.neighbours(self.position(paper), k)

    def search(self, text: str, k: int = 10) -> pd.DataFrame:
        """The k papers closest to a free-text query, in the same space as neighbours."""
        return self.similarity.search(text, k)

    def recommend(
        self,
        liked: Sequence[PaperKey] = (),
        disliked: Sequence[PaperKey] = (),
        k: int = 10,
    ) -> pd.DataFrame:
        """Papers ranked by likeness to the liked and unlikeness to the disliked ones."""
        liked_at = [self.position(p) for p in liked]
        disliked_at = [self.position(p) for p in disliked]
        return self.similarity.recommend(liked_at, disliked_at, k)

    @property
    def similarity_settings(self) -> dict[str, Any]:
        """Method, parameters, corpus fingerprint and library versions, to store with notes."""
        return self.similarity.describe()

    def configure_similarity(self, **settings: Any) -> Corpus:
        """Change similarity settings (e.g. ``lsa_weight=0``); the index rebuilds lazily."""
        self.similarity.configure(**settings)
        return self

    def use_embeddings(
        self, model: Any = "all-MiniLM-L6-v2", weight: float = 0.5, name: str | None = None
    ) -> Corpus:
        """Blend dense embeddings (a sentence-transformers model or name, or any callable)."""
        from paperwidgets.similarity.embeddings import Embedder, model_name

        self.similarity.use_embeddings(Embedder(model), name or model_name(model), weight)
        return self

    def topics(self, n: int | None = None, seed: int = 0) -> pd.Series:
        """Topic of every paper (clusters of the similarity space, labelled by top terms).

        ``n`` is chosen from the data when not given; also stored as ``papers["topic"]``
        (a categorical: ``.cat.codes`` are the topic numbers). Seeded and cached.
        """
        from paperwidgets.similarity.topics import compute_topics

        found = compute_topics(self.similarity, n, seed)
        codes = pd.Categorical.from_codes(
            found.assignments, categories=pd.Index(_unique(found.labels))
        )
        self.papers["topic"] = codes
        return self.papers["topic"]


def _unique(labels: list[str]) -> list[str]:
    """Labels made distinct (two topics may share top terms): categories must be unique."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def json_value(value: Any) -> Any:
    """A cell of a paper row as JSON: NaT/NaN -> None, dates -> ISO text, numpy -> Python."""
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple) or type(value).__name__ == "ndarray":
        return [json_value(v) for v in value]
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, str):
        return str(value)  # np.str_ too
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def paper_dict(row: Mapping[str, Any] | pd.Series) -> dict[str, Any]:
    """Any paper row as a dict of JSON values: a `corpus.papers` row (a Series, with NaT/NaN
    and numpy values), a dict, or `corpus.paper(...)`. What widgets sync and notes copy."""
    return {str(column): json_value(value) for column, value in row.items()}
