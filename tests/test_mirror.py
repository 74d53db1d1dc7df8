"""The notes mirror as the kernel sends it: one output per notes file, current after every
save, escaped, naming the notes file relative to the notebook, small with thousands of notes."""

from __future__ import annotations

import json
import re

import pytest

import paperwidgets as pw
from paperwidgets.constants import NOTES_MIME
from paperwidgets.fallbacks import NOTES_SHOWN as SHOWN
from paperwidgets.notes.carried import annotations_in
from paperwidgets.widgets import mirror

LIVE_TAG = re.compile(r"<\s*(script|img|svg|iframe|style|details)", re.I)


class Outputs:
    """What the kernel sent to the front end: displays (by display id) and their updates."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str | None, dict]] = []  # (kind, display id, bundle)

    def display(self, obj, *args, display_id=None, raw=False, **kwargs):
        bundle = obj if raw else obj._repr_mimebundle_()
        did = f"d{len(self.sent)}" if display_id else None
        self.sent.append(("display", did, bundle))
        return Handle(self, did) if did else None

    def mirrors(self) -> dict[str, dict]:
        """display id -> the latest notes mirror bundle sent for it."""
        latest = {}
        for _, did, bundle in self.sent:
            if NOTES_MIME in bundle:
                latest[did] = bundle
        return latest


class Handle:
    def __init__(self, outputs: Outputs, did: str):
        self.outputs, self.did = outputs, did

    def update(self, obj):
        self.outputs.sent.append(("update", self.did, obj._repr_mimebundle_()))


@pytest.fixture
def outputs(monkeypatch):
    import IPython.display

    sent = Outputs()
    monkeypatch.setattr(IPython.display, "display", sent.display)
    monkeypatch.setattr(mirror, "_MIRRORS", {})
    return sent


@pytest.fixture
def cell(monkeypatch):
    """Pretend the code runs in a notebook cell: cell(id, execution) sets where."""
    where = {"now": ("cell-1", "exec-1")}
    monkeypatch.setattr(mirror, "_where", lambda: where["now"])
    return lambda cell_id, execution: where.update(now=(cell_id, execution))


@pytest.fixture
def corpus(daily_papers_path):
    return pw.load(daily_papers_path)


def ask(widget, command, **msg):
    answer, _ = getattr(widget, command)(msg, [])
    return answer


def test_reader_card_and_map_on_one_notes_file_share_one_mirror(
    corpus, tmp_path, monkeypatch, outputs, cell
):
    monkeypatch.chdir(tmp_path)  # the kernel runs in the notebook's folder
    (tmp_path / "notes").mkdir()
    reader = corpus.reader(notes="notes/paper-notes.ipynb")
    reader._ipython_display_()
    cell("cell-2", "exec-2")
    card = corpus.card(1, notes="notes/paper-notes.ipynb")
    card._ipython_display_()
    cell("cell-3", "exec-3")
    corpus.map(notes="notes/paper-notes.ipynb")._ipython_display_()
    assert len(outputs.mirrors()) == 1
    ask(reader, "save", paper_id=reader.current_id, fields={"note": "first thought"})
    ask(card, "save", paper_id=card.paper["id"], fields={"note": "from the card"})
    ask(reader, "save", paper_id=reader.current_id, fields={"note": "second thought"})
    (bundle,) = outputs.mirrors().values()
    notes = {a["paper"]["id"]: a["note"] for a in bundle[NOTES_MIME]["annotations"]}
    assert notes == {reader.current_id: "second thought", card.paper["id"]: "from the card"}
    assert "second thought" in bundle["text/html"] and "first thought" not in bundle["text/html"]
    assert bundle[NOTES_MIME]["notes_file"] == "notes/paper-notes.ipynb"
    assert str(tmp_path) not in json.dumps(bundle)


def test_a_cell_run_again_shows_a_new_mirror(corpus, tmp_path, outputs, cell):
    corpus.card(0, notes=tmp_path / "n.ipynb")._ipython_display_()
    corpus.card(1, notes=tmp_path / "n.ipynb")._ipython_display_()  # same cell, same run
    assert len(outputs.mirrors()) == 1
    cell("cell-1", "exec-2")  # the cell runs again: Jupyter cleared its old outputs
    corpus.card(0, notes=tmp_path / "n.ipynb")._ipython_display_()
    assert len(outputs.mirrors()) == 2
    corpus.card(0, notes=tmp_path / "other.ipynb")._ipython_display_()
    assert len(outputs.mirrors()) == 3  # another notes file, its own mirror


def test_the_mirror_is_current_after_each_save_not_one_behind(corpus, tmp_path, outputs, cell):
    reader = corpus.reader(notes=tmp_path / "n.ipynb")
    reader._ipython_display_()
    for n, text in enumerate(("one", "two", "three")):
        ask(reader, "save", paper_id=corpus.papers["id"][n], fields={"note": text})
        sent = outputs.sent[-1]
        assert sent[0] == "update"
        shown = [a["note"] for a in sent[2][NOTES_MIME]["annotations"]]
        assert shown == ["one", "two", "three"][: n + 1]


def test_mirror_notes_are_escaped(corpus, tmp_path, outputs, cell, xss_payloads):
    card = corpus.card(0, notes=tmp_path / "n.ipynb")
    card._ipython_display_()
    for payload in xss_payloads:
        ask(card, "save", paper_id=card.paper["id"], fields={"note": payload, "tags": [payload]})
        bundle = outputs.sent[-1][2]
        assert bundle[NOTES_MIME]["annotations"][0]["note"] == payload
        assert not LIVE_TAG.search(bundle["text/html"]), payload
        assert not re.search(r'<a\s[^>]*href="javascript', bundle["text/html"])


def test_a_notes_file_elsewhere_is_named_without_its_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path / "..")
    inside = tmp_path / "a" / "n.ipynb"
    assert mirror.notes_file_name(inside, tmp_path) == "a/n.ipynb"
    assert mirror.notes_file_name(tmp_path.parent / "x" / "n.ipynb", tmp_path) == "n.ipynb"


def two_thousand_notes(path) -> pw.Notes:
    """A notes file with 2,000 annotated papers, written in one go (as the store writes it)."""
    import nbformat

    from paperwidgets.notes.cells import annotation_cell, new_notebook
    from paperwidgets.notes.model import Annotation, parse_time

    nb = new_notebook()
    for i in range(2000):
        paper = {"id": f"arxiv:2501.{i:05d}", "title": f"Paper {i}", "authors": ["A. Author"]}
        when = parse_time(f"2026-01-01T00:00:{i % 60:02d}+00:00")
        a = Annotation(paper, f"note {i} with *some* words", ["t"], 3, "read", [], when, when)
        nb["cells"].append(annotation_cell(a))
    nbformat.write(nbformat.from_dict(nb), path)
    return pw.Notes(path)


def test_two_thousand_notes_stay_a_small_output(tmp_path, outputs, cell):
    notes = two_thousand_notes(tmp_path / "n.ipynb")
    notes.set("arxiv:2501.00007", note="the last edit")
    mirror.show_mirror(notes)
    bundle = outputs.sent[-1][2]
    size = len(json.dumps(bundle, indent=1))  # as the notebook file stores it
    print(f"2,000 notes: mirror output {size / 1e3:.0f} kB, html {len(bundle['text/html'])} chars")
    assert bundle[NOTES_MIME]["count"] == 2000 and len(bundle[NOTES_MIME]["annotations"]) == 2000
    assert bundle["text/html"].count("<hr>") == SHOWN
    assert "the last edit" in bundle["text/html"]  # the latest notes are the ones spelled out
    assert "… and 1980 more" in bundle["text/html"]
    assert size < 1_700_000  # ~0.75 kB a note: who wrote each value and item, and when
    assert annotations_in_bundle(bundle, tmp_path) == [a.record() for a in notes]


def annotations_in_bundle(bundle: dict, folder) -> list:
    """The annotations a notebook holding this output gives back (carried.py)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("reader")
    cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    nb.cells = [cell]
    nbformat.write(nb, folder / "working.ipynb")
    return annotations_in(folder / "working.ipynb")
