"""Topic labels on the map of the real daily listing: each label sits among its own papers, a
topic spread over the map is not labelled as one place, and the map agrees with the topics."""

from __future__ import annotations

import numpy as np
import pytest

import paperwidgets as pw
from paperwidgets.similarity import layout, topics
from paperwidgets.similarity.regions import label_places
from paperwidgets.widgets.map import MapData, map_data


@pytest.fixture(scope="module")
def corpus(daily_papers_path, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAPERWIDGETS_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield pw.load(daily_papers_path)


@pytest.fixture(scope="module")
def day(corpus) -> MapData:
    return map_data(corpus)


def nearest(xy: np.ndarray, point: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(np.linalg.norm(xy - point, axis=1), kind="stable")[:k]


def purity(xy: np.ndarray, groups: np.ndarray) -> float:
    """Share of each paper's 5 nearest points on the map that have its topic."""
    near = [nearest(xy, point, 6)[1:] for point in xy]
    return float(np.mean(groups[np.array(near)] == groups[:, None]))


def spread_out(xy: np.ndarray, n: int) -> list[int]:
    """n papers far apart over the whole map (each the farthest from those chosen before)."""
    chosen = [int(np.argmax(np.linalg.norm(xy - xy.mean(axis=0), axis=1)))]
    while len(chosen) < n:
        gaps = np.min([np.linalg.norm(xy - xy[c], axis=1) for c in chosen], axis=0)
        chosen.append(int(np.argmax(gaps)))
    return chosen


def test_every_label_sits_among_its_own_papers(day):
    assert day.labels
    for label in day.labels:
        near = nearest(day.xy, np.array([label["x"], label["y"]]), 5)
        assert day.topics[near[0]] == label["topic"]  # on a paper of the topic
        assert np.sum(day.topics[near] == label["topic"]) >= 3, label  # a lasso there gets it
        assert label["text"] == day.names[label["topic"]]


def test_a_topic_spread_over_the_map_is_not_labelled_as_one_place(day):
    assignments = day.topics.copy()
    spread = spread_out(day.xy, 9)  # real papers from all over the real map, one new topic
    assignments[spread] = new = len(day.names)
    places = label_places(day.xy, assignments, [*day.names, "spread"])
    assert new not in {p["topic"] for p in places}
    middle = np.median(day.xy[spread], axis=0)  # where a label at the median would go
    assert np.sum(assignments[nearest(day.xy, middle, 5)] == new) <= 1
    assert {p["topic"] for p in places} >= {p["topic"] for p in day.labels} - {
        int(t) for t in day.topics[spread]
    }  # topics the spread took no paper from keep their labels


def test_a_topic_in_two_places_gets_a_label_in_each():
    """Two far-apart groups of one topic (as a clustering might make), among other topics:
    a label on each group, on one of its own papers. Made-up points: the real day's layout
    changes with the library versions, and its topics are too fragmented to show this."""
    rng = np.random.default_rng(7)
    centres = {0: [(-3, 0), (3, 0)], 1: [(0, 3)], 2: [(0, -3)]}
    xy, topics = [], []
    for topic, places in centres.items():
        for centre in places:
            xy.append(rng.normal(centre, 0.4, size=(12, 2)))
            topics += [topic] * 12
    xy, topics = np.vstack(xy), np.array(topics)
    places = [p for p in label_places(xy, topics, ["split", "north", "south"]) if p["topic"] == 0]
    assert sorted(np.sign(p["x"]) for p in places) == [-1, 1]  # one per group…
    for place in places:
        assert abs(place["x"]) > 2 and abs(place["y"]) < 1  # …among its papers
        assert topics[nearest(xy, np.array([place["x"], place["y"]]), 1)[0]] == 0
        assert place["size"] == 12


def test_the_map_of_a_small_day_agrees_with_its_topics(corpus, monkeypatch):
    """Topics and map of a listing too small for LSA come from one SVD of its TF-IDF rows: a
    paper's nearest points are mostly of its topic (0.37 over seeds with the raw rows)."""
    monkeypatch.setattr(layout, "_CACHE", {})
    found = [map_data(corpus, seed=seed) for seed in range(3)]
    assert np.mean([purity(data.xy, data.topics) for data in found]) >= 0.47
    assert topics.compute_topics(corpus.similarity).method.endswith("on svd of tfidf")
    assert topics.space(corpus.similarity.index).shape == (101, int(2 * np.sqrt(101)))
