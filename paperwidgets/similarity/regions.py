"""Where topics sit on the map: their regions, and a label on each region, among its papers.

A region is a group of papers of one topic that are next to each other on the map: papers
joined when one is among the other's ``NEAREST`` nearest points and both have the topic. A
topic is labelled once per region holding at least ``REGION_SHARE`` of its papers (and
``MIN_REGION`` papers), so a topic spread over the map is not labelled as one place; the label
sits on the region's paper most surrounded by its own topic, nearest the region's middle.
The median of a topic's papers, labelled before, could fall among other topics' papers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

NEAREST = 5  # 2-D neighbours that join papers of one topic into a region
REGION_SHARE = 1 / 3  # of its topic's papers, that a region holds to be labelled
MIN_REGION = 3  # papers


def neighbours_2d(xy: np.ndarray, k: int = NEAREST) -> np.ndarray:
    """(n, k) row positions of each point's k nearest other points on the map."""
    from scipy.spatial import cKDTree

    k = min(k, len(xy) - 1)
    if k < 1:
        return np.empty((len(xy), 0), np.int64)
    _, found = cKDTree(xy).query(xy, k=k + 1)
    return np.asarray(found)[:, 1:]


def regions(xy: np.ndarray, topics: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(region number of every paper, for each paper how many of its 2-D neighbours share its
    topic): regions are the connected groups of same-topic neighbours."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    near = neighbours_2d(xy)
    same = topics[near] == topics[:, None]
    rows = np.repeat(np.arange(len(xy)), near.shape[1])[same.ravel()]
    graph = coo_matrix((np.ones(len(rows)), (rows, near.ravel()[same.ravel()])), (len(xy),) * 2)
    _, region = connected_components(graph, directed=True, connection="weak")
    return region, same.sum(axis=1)


def label_places(xy: np.ndarray, topics: np.ndarray, names: list[str]) -> list[dict[str, Any]]:
    """A label per region of a topic: {"text", "topic", "x", "y", "size"} (size: its papers)."""
    if not len(xy):
        return []
    region, inside = regions(xy, topics)
    groups = np.split(np.argsort(region, kind="stable"), np.cumsum(np.bincount(region))[:-1])
    per_topic = np.bincount(topics, minlength=len(names))
    places = []
    for members in groups:
        topic = int(topics[members[0]])
        if len(members) >= max(MIN_REGION, REGION_SHARE * per_topic[topic]):
            x, y = xy[_middle(xy, members, inside)]
            place = {"text": names[topic], "topic": topic, "x": float(x), "y": float(y)}
            places.append({**place, "size": len(members)})
    return sorted(places, key=lambda p: (p["topic"], -p["size"]))


def _middle(xy: np.ndarray, members: np.ndarray, inside: np.ndarray) -> int:
    """The member most surrounded by its own topic; of those, the nearest the median."""
    deepest = members[inside[members] == inside[members].max()]
    distance = np.linalg.norm(xy[deepest] - np.median(xy[members], axis=0), axis=1)
    return int(deepest[np.argmin(distance)])
