"""The corpus map's kernel side: layout, binary state, commands, notes, static map picture."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

import paperwidgets as pw
from paperwidgets.constants import MAP_MIME
from paperwidgets.corpus import Corpus, frame_from_records
from paperwidgets.fallbacks import MAP_SIZE, map_static
from paperwidgets.memo import Memo
from paperwidgets.similarity import layout
from paperwidgets.sources.records import record
from paperwidgets.widgets.map import Map, colour_values, map_data


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """Layouts go to a fresh cache folder (and the in-memory cache starts empty)."""
    monkeypatch.setenv("PAPERWIDGETS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(layout, "_CACHE", {})
    return tmp_path / "cache"


@pytest.fixture
def corpus(daily_papers_path):
    return pw.load(daily_papers_path)


def ask(widget, command, **msg):
    answer, buffers = getattr(widget, command)(msg, [])
    assert buffers == []
    return answer


def test_map_state_is_binary_and_small(corpus):
    m = corpus.map()
    xy = np.frombuffer(m.xy, "<f4").reshape(-1, 2)
    assert m.count == 101 and xy.shape == (101, 2)
    assert np.isfinite(xy).all() and np.abs(xy).max() <= 1.0
    assert len(m.values) == 101  # one uint8 per paper
    names = set(corpus.topics().cat.categories)
    assert {p["text"] for p in m.labels} <= names  # a label per region of a topic
    assert len({p["topic"] for p in m.labels}) >= len(names) // 2
    assert {"text", "topic", "x", "y", "size"} == set(m.labels[0])
    assert "render" in m._esm and ".pw-map-stage" in m._css


def test_layout_is_cached_on_disk_and_deterministic(corpus, cache):
    first = layout.corpus_layout(corpus.similarity)
    assert list((cache / "layouts").glob("*.pwc"))
    layout._CACHE.clear()
    assert np.array_equal(layout.corpus_layout(corpus.similarity), first)  # read back from disk
    for path in (cache / "layouts").glob("*.pwc"):
        path.unlink()
    layout._CACHE.clear()
    assert np.array_equal(layout.corpus_layout(corpus.similarity), first)  # computed again, same


def test_the_in_memory_layouts_stay_bounded(corpus, cache, monkeypatch):
    monkeypatch.setattr(layout, "_CACHE", Memo(2))
    parts = [Corpus(corpus.papers.iloc[s : s + 30].reset_index(drop=True)) for s in (0, 30, 60)]
    found = [layout.corpus_layout(part.similarity) for part in parts]
    assert len(layout._CACHE) == 2  # map after map in one kernel: only the latest stay
    assert layout.corpus_layout(parts[2].similarity) is found[2]
    again = layout.corpus_layout(parts[0].similarity)  # dropped from memory: read from disk
    assert again is not found[0] and np.array_equal(again, found[0])


def test_big_corpora_place_the_rest_near_their_neighbours(monkeypatch):
    monkeypatch.setattr(layout, "SAMPLE", 60)
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16))
    vectors = np.repeat(centres, 100, axis=0) + 0.05 * rng.normal(size=(300, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    xy = layout.layout(vectors.astype(np.float32), seed=0)
    assert xy.shape == (300, 2) and np.isfinite(xy).all()
    groups = [xy[i * 100 : (i + 1) * 100] for i in range(3)]
    spread = max(np.linalg.norm(g - g.mean(axis=0), axis=1).mean() for g in groups)
    apart = min(
        np.linalg.norm(a.mean(axis=0) - b.mean(axis=0))
        for i, a in enumerate(groups)
        for b in groups[i + 1 :]
    )
    assert apart > 2 * spread  # three clusters stay three clusters


def test_click_shows_the_paper_and_hover_gets_titles(corpus):
    m = corpus.map()
    assert ask(m, "show_paper", position=3) == {"id": corpus.papers["id"][3]}
    assert m.paper["title"] == corpus.papers["title"][3]
    answer = ask(m, "titles", positions=[0, 5, 999])
    assert answer["titles"] == {"0": corpus.papers["title"][0], "5": corpus.papers["title"][5]}
    assert "error" in ask(m, "show_paper", position=999)


def test_a_selection_is_tagged_keeping_existing_tags(corpus, tmp_path):
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(corpus.paper(1), tags=["old"])
    m = corpus.map(notes=notes, colour_by="status")
    assert ask(m, "apply", positions=[1, 2, 2, 7], tag="cluster-a") == {"count": 3}
    assert ask(m, "apply", positions=[2], status="read") == {"count": 1}
    on_disk = pw.Notes(tmp_path / "notes.ipynb")
    assert on_disk.get(corpus.papers["id"][1]).tags == ["old", "cluster-a"]
    assert on_disk.get(corpus.papers["id"][7]).tags == ["cluster-a"]
    assert on_disk.get(corpus.papers["id"][2]).status == "read"
    assert "cluster-a" in m.tags_in_use
    assert np.frombuffer(m.values, np.uint8)[2] == 2  # coloured as "read" at once


def test_selection_actions_need_notes_and_a_tag_or_status(corpus, tmp_path):
    assert "error" in ask(corpus.map(), "apply", positions=[1], tag="x")
    assert "error" in ask(corpus.map(notes=tmp_path / "n.ipynb"), "apply", positions=[1])


def test_colourings(corpus, tmp_path):
    notes = pw.Notes(tmp_path / "notes.ipynb")
    notes.set(corpus.paper(0), rating=4, status="reading")
    annotations = {a.id: a for a in notes}
    topics = np.zeros(len(corpus), np.int32)
    rating, legend = colour_values("rating", corpus.papers, topics, annotations)
    assert rating[0] == 4 and rating[1:].max() == 0 and legend[4]["label"] == "★★★★"
    status, _ = colour_values("status", corpus.papers, topics, annotations)
    assert status[0] == 1 and status[1:].max() == 0
    dates, legend = colour_values("date", corpus.papers, topics, annotations)
    assert dates.dtype == np.uint8 and legend[0]["label"] == "no date"
    with pytest.raises(ValueError):
        colour_values("mood", corpus.papers, topics, annotations)
    m = Map(corpus, colour_by="rating", notes=notes)
    assert np.frombuffer(m.values, np.uint8)[0] == 4


def _pixels(png: bytes) -> np.ndarray:
    """RGB pixels of a PNG written by fallbacks._png (8-bit RGB, filter 0 on every row)."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    idat = png.index(b"IDAT")
    (length,) = struct.unpack(">I", png[idat - 4 : idat])
    rows = np.frombuffer(zlib.decompress(png[idat + 4 : idat + 4 + length]), np.uint8)
    rows = rows.reshape(height, 1 + 3 * width)
    assert not rows[:, 0].any()  # filter type 0
    return rows[:, 1:].reshape(height, width, 3)


def test_static_map_is_a_png_of_every_point():
    xy = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    out = map_static(xy, np.array([0, 1, 2]), ["a", "b", "c"])
    pixels = _pixels(base64.b64decode(out["image/png"]))
    assert pixels.shape == (MAP_SIZE[1], MAP_SIZE[0], 3)
    coloured = (pixels != 255).any(axis=2)
    assert 3 * 9 <= coloured.sum() <= 3 * 21  # three dots of 21 pixels, nothing else
    assert out[MAP_MIME] == {
        "caption": "paperwidgets Map: 3 papers, 3 topics",
        "labels": ["a", "b", "c"],
        "width": MAP_SIZE[0],
        "height": MAP_SIZE[1],
    }


def test_map_widget_fallback_of_a_hostile_listing(xss_payloads):
    records = [
        record(id=f"x:{i}", title=p, abstract=f"{p} words about maps and topics {i % 4}")
        for i, p in enumerate(xss_payloads * 3)
    ]
    m = Map(Corpus(frame_from_records(records)))
    data, _ = m._repr_mimebundle_()
    assert "text/html" not in data  # a picture, never a wall of titles
    assert _pixels(base64.b64decode(data["image/png"])).any()
    assert all(isinstance(label, str) for label in data[MAP_MIME]["labels"])
    assert not any(p in json.dumps(data) for p in xss_payloads if len(p) > 12)


def test_map_data_is_what_the_widget_shows(corpus):
    data = map_data(corpus)
    assert data.state()["xy"] == corpus.map().xy
