"""Reading the paper from the Reader, kernel side: ``read_paper`` makes the current paper's
FullText (the ``fulltext`` child, fetched on its own thread), its highlights are the paper's
in the notes and in the Reader's panel, the reading position is kept, and moving on lets go.
Network: only the local replay "arXiv" (tests/replay.py)."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

import paperwidgets as pw
from paperwidgets.feeds.http import Http
from paperwidgets.widgets.fulltext import FullText
from tests.replay import PAPER, TITLE

pytestmark = pytest.mark.usefixtures("own_cache")  # the cache and `arxiv`: conftest.py


@pytest.fixture
def corpus():
    rows = [
        {"id": f"arxiv:{PAPER}", "title": TITLE, "abstract": "A synthetic paper to read."},
        {"id": "arxiv:2412.00002", "title": "Another paper", "abstract": "Not this one."},
    ]
    return pw.load(pd.DataFrame(rows))


def _ready(widget: FullText) -> FullText:
    deadline = time.monotonic() + 60
    while widget.status == "loading" and time.monotonic() < deadline:
        time.sleep(0.02)
    return widget


def test_read_paper_opens_the_current_papers_text_and_keeps_its_highlights(corpus, arxiv, tmp_path):
    notes = tmp_path / "notes.ipynb"
    reader = corpus.reader(notes=notes, fulltext_options={"arxiv_base": arxiv.url})
    answer, _ = reader.read_paper({"paper_id": reader.current_id}, [])
    reading = reader.fulltext
    assert answer["id"] == f"arxiv:{PAPER}" and isinstance(reading, FullText)
    assert reader.get_state()["fulltext"] == f"anywidget:{reading.model_id}"  # the view's ref
    assert _ready(reading).status == "ready" and reading.document["kind"] == "pdf"
    assert reading.document["source"] == f"{arxiv.url}/pdf/{PAPER}"

    highlight = {"quote": "further research", "prefix": "to facilitate ", "suffix": ".",
                 "start": 3740, "end": 3756, "page": 2, "category": "method",
                 "source": reading.document["source"]}  # fmt: skip
    ops = {"add_highlights": [highlight]}
    reading.save({"paper_id": reading.paper["id"], "ops": ops}, [])
    assert reader.annotation["highlights"] == [highlight]  # the Reader's panel lists it
    assert reader.progress["annotated"] == 1
    assert pw.Notes(notes).get(f"arxiv:{PAPER}").highlights == [highlight]
    assert reading.remember({"page": 2, "scroll": 0.1, "source": highlight["source"]}, [])[0]

    assert reader.read_paper({}, [])[1] == [] and reader.fulltext is reading  # the same, kept
    assert reader.undo({}, [])[0]["undone"]  # u in the Reader takes the highlight back
    assert pw.Notes(notes).get(f"arxiv:{PAPER}") is None

    again = corpus.reader(notes=notes, fulltext_options={"arxiv_base": arxiv.url})
    again.read_paper({}, [])
    assert again.fulltext.reading == {"page": 2, "scroll": 0.1, "source": highlight["source"]}


def test_moving_to_another_paper_lets_the_text_go(corpus, arxiv, tmp_path):
    reader = corpus.reader(notes=tmp_path / "n.ipynb", fulltext_options={"arxiv_base": arxiv.url})
    reader.read_paper({}, [])
    reading = reader.fulltext
    reader.current_id = "arxiv:2412.00002"
    assert reader.fulltext is None and reading.comm is None  # closed: its model is gone
    answer, _ = reader.read_paper({"paper_id": f"arxiv:{PAPER}"}, [])
    assert "not the paper shown" in answer["error"]


def test_read_paper_never_waits_for_the_network(corpus, tmp_path):
    """A server that never answers: the command returns at once; the pane says why later."""
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    base = f"http://127.0.0.1:{silent.getsockname()[1]}"
    options = {"arxiv_base": base, "http": Http(timeout=2, retries=0)}
    reader = corpus.reader(notes=tmp_path / "n.ipynb", fulltext_options=options)
    answered = threading.Event()
    threading.Thread(target=lambda: (reader.read_paper({}, []), answered.set())).start()
    assert answered.wait(30)  # generous: a loaded machine; the fetch itself waits 2 s or more
    assert reader.fulltext.status == "loading"
    assert _ready(reader.fulltext).status == "error" and base in reader.fulltext.message
    silent.close()


def test_wrong_fulltext_options_are_an_error_in_the_answer(corpus, tmp_path):
    bad = {"categories": [{"name": "x", "key": "h", "color": "#ffffff"}]}
    reader = corpus.reader(notes=tmp_path / "n.ipynb", fulltext_options=bad)
    assert "category key 'h' is taken" in reader.read_paper({}, [])[0]["error"]
    assert reader.fulltext is None
