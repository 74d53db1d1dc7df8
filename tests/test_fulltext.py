"""A paper's full text, kernel side: where it comes from, bounded fetches, the signed cache,
the FullText widget's commands, highlights and reading state in the notes file, categories,
title resolution and the exports. Network: only the local replay server (tests/replay.py)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import paperwidgets as pw
from paperwidgets import cache
from paperwidgets.errors import LoadError
from paperwidgets.feeds import cache as feeds_cache
from paperwidgets.feeds.http import Http
from paperwidgets.fulltext.categories import CATEGORIES, checked_categories
from paperwidgets.fulltext.document import open_source
from paperwidgets.fulltext.fetch import fetch_url, read_file
from paperwidgets.fulltext.resolve import find, likeness
from paperwidgets.fulltext.source import Source, candidates, given
from tests.replay import ENCRYPTED, HOSTILE, HUGE, PAPER, TITLE, Replay

FIXTURES = Path(__file__).parent / "fixtures" / "fulltext"
QUICK = Http(timeout=5, retries=0)


pytestmark = pytest.mark.usefixtures("own_cache")  # the cache and `arxiv`: conftest.py


def _wait(widget: pw.FullText) -> pw.FullText:
    deadline = time.monotonic() + 60
    while widget.status == "loading" and time.monotonic() < deadline:
        time.sleep(0.02)
    return widget


# --- where the text comes from -------------------------------------------------------------


def test_candidates_go_attached_file_then_pdf_link_then_arxiv(tmp_path):
    paper = {"id": f"arxiv:{PAPER}", "pdf_url": "https://example.org/p.pdf"}
    attached = tmp_path / "mine.pdf"
    found = candidates(paper, attached)
    assert found == [
        Source("pdf", str(attached)),
        Source("pdf", "https://example.org/p.pdf"),
        Source("pdf", f"https://arxiv.org/pdf/{PAPER}"),
        Source("html", f"https://arxiv.org/html/{PAPER}"),
    ]
    html_first = candidates(
        {"id": f"arxiv:{PAPER}"}, prefer="html", arxiv_base="http://127.0.0.1:9"
    )
    assert [s.location for s in html_first] == [
        f"http://127.0.0.1:9/html/{PAPER}",
        f"http://127.0.0.1:9/pdf/{PAPER}",
    ]
    assert candidates({"id": "title:a-paper", "title": "A paper"}) == []


def test_a_source_is_a_file_or_an_http_url():
    assert given("https://arxiv.org/html/2412.99901v1").kind == "html"
    assert given("paper.pdf").location == str(Path("paper.pdf").absolute())
    with pytest.raises(ValueError, match="file path or an http"):
        given("javascript:alert(1)")


# --- bounded reads and fetches -------------------------------------------------------------


def test_local_files_are_read_only_when_regular_and_within_the_cap(tmp_path):
    assert read_file(FIXTURES / "paper-v1.pdf")[:5] == b"%PDF-"
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match=r"fifo\.pdf: is not a regular file"):
        read_file(fifo)  # at once, never a hang
    with pytest.raises(LoadError, match="not a regular file"):
        read_file(tmp_path)
    with pytest.raises(LoadError, match=r"missing\.pdf: cannot be opened"):
        read_file(tmp_path / "missing.pdf")
    huge = tmp_path / "huge.pdf"
    with open(huge, "wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: a 3 GB file that takes no disk
    with pytest.raises(LoadError, match=r"3,072\.0 MB, over the 64 MB limit .*PAPERWIDGETS_FULL"):
        read_file(huge)


def test_a_url_is_fetched_once_then_read_from_the_signed_cache(arxiv):
    url = f"{arxiv.url}/pdf/{PAPER}v1"
    body = fetch_url(url, QUICK)
    assert body == (FIXTURES / "paper-v1.pdf").read_bytes()
    before = arxiv.hits[f"/pdf/{PAPER}v1"]
    assert fetch_url(url, QUICK) == body
    assert arxiv.hits[f"/pdf/{PAPER}v1"] == before  # no second request
    entry = cache.entry_path("fulltext", url)
    data = bytearray(entry.read_bytes())
    data[-10] ^= 0xFF  # a changed byte of the body: the signature no longer holds
    entry.write_bytes(bytes(data))
    assert fetch_url(url, QUICK) == body
    assert arxiv.hits[f"/pdf/{PAPER}v1"] == before + 1  # refused, fetched again


def test_http_failures_are_one_error_naming_the_url(arxiv):
    with pytest.raises(LoadError, match=r"/pdf/0000\.00000: HTTP 404"):
        fetch_url(f"{arxiv.url}/pdf/0000.00000", QUICK)
    started = time.monotonic()
    with pytest.raises(LoadError, match=rf"/pdf/{HUGE}: is 2,048\.0 MB, over the 64 MB limit"):
        fetch_url(f"{arxiv.url}/pdf/{HUGE}", QUICK)  # refused on its Content-Length
    assert time.monotonic() - started < 30
    with pytest.raises(LoadError, match="redirected to another host"):
        fetch_url(f"{arxiv.url}/redirect-away", QUICK)
    with pytest.raises(LoadError, match=r"127.0.0.1:9/x.pdf: network error: .*\(1 try\)"):
        fetch_url("http://127.0.0.1:9/x.pdf", QUICK)


def test_a_body_over_the_cap_is_cut_off_while_streaming(arxiv, monkeypatch):
    monkeypatch.setenv("PAPERWIDGETS_FULLTEXT_MB", "0.01")  # 10 KB, the v1 PDF is ~53 KB
    with pytest.raises(LoadError, match=r"over the 0\.01 MB limit"):
        fetch_url(f"{arxiv.url}/pdf/{PAPER}v1", QUICK)


def test_html_comes_with_its_own_images_and_never_another_host(arxiv):
    page = open_source(Source("html", f"{arxiv.url}/html/{PAPER}v1/"), QUICK)
    assert page.kind == "html" and page.meta()["images"] == [{"src": "x1.png", "type": "image/png"}]
    assert page.buffers()[1] == (FIXTURES / "x1.png").read_bytes()
    hostile = open_source(Source("html", f"{arxiv.url}/html/{HOSTILE}"), QUICK)
    assert hostile.images == [] and hostile.dropped == 2  # remote; on this host but missing
    local = open_source(given(FIXTURES / "paper-v2.html"))
    assert [src for src, _, _ in local.images] == ["x1.png"]


# --- the widget ----------------------------------------------------------------------------


def test_the_widget_sends_the_text_as_binary_buffers(arxiv, tmp_path):
    paper = {"id": f"arxiv:{PAPER}", "title": TITLE}
    widget = _wait(pw.FullText(paper, notes=tmp_path / "n.ipynb", arxiv_base=arxiv.url))
    assert widget.status == "ready" and widget.document["kind"] == "pdf"
    assert widget.document["source"] == f"{arxiv.url}/pdf/{PAPER}"  # no version: the latest
    meta, buffers = widget.text({}, [])
    assert (
        meta["size"] == len(buffers[0]) and buffers[0] == (FIXTURES / "paper-v2.pdf").read_bytes()
    )
    assert "paper-v2" not in json.dumps(widget.get_state())  # bytes are never a synced trait
    widget.open_text(f"{arxiv.url}/html/{PAPER}v1", wait=True)
    meta, buffers = widget.text({}, [])
    assert meta["kind"] == "html" and len(buffers) == 2


def test_what_cannot_be_read_is_said_in_the_pane(arxiv, tmp_path):
    paper = {"id": f"arxiv:{PAPER}", "title": TITLE}
    missing = _wait(pw.FullText(paper, source=tmp_path / "gone.pdf"))
    assert missing.status == "error" and "gone.pdf: cannot be opened" in missing.message
    assert missing.text({}, []) == ({"error": missing.message}, [])
    huge = _wait(pw.FullText(paper, source=f"{arxiv.url}/pdf/{HUGE}", http=QUICK))
    assert huge.status == "error" and "over the 64 MB limit" in huge.message
    # an encrypted PDF is bytes the kernel sends as they are; pdf.js says "encrypted" in the pane
    assert _wait(pw.FullText(paper, source=f"{arxiv.url}/pdf/{ENCRYPTED}")).status == "ready"
    nothing = _wait(pw.FullText({"id": "title:x", "title": ""}))
    assert "no file, link or arXiv id" in nothing.message


def test_highlights_and_the_reading_position_go_to_the_notes_file(tmp_path):
    notes_path = tmp_path / "notes" / "paper-notes.ipynb"
    notes_path.parent.mkdir()
    paper = {"id": f"arxiv:{PAPER}", "title": TITLE}
    widget = _wait(pw.FullText(paper, notes=notes_path, source=FIXTURES / "paper-v1.pdf"))
    highlight = {"quote": "further research", "prefix": "to facilitate ", "suffix": ".",
                 "start": 3740, "end": 3756, "page": 2, "category": "method",
                 "source": widget.document["source"]}  # fmt: skip
    answer, _ = widget.save({"paper_id": paper["id"], "ops": {"add_highlights": [highlight]}}, [])
    assert answer["annotation"]["highlights"] == [highlight]
    assert widget.remember({"page": 7, "scroll": 0.31, "source": "paper-v1.pdf"}, [])[0]["kept"]
    stored = json.loads(notes_path.read_text())
    (cell,) = [c for c in stored["cells"] if "paperwidgets" in c["metadata"]]
    assert cell["metadata"]["paperwidgets"]["highlights"] == [highlight]
    assert "*p. 2 · method*" in "".join(cell["source"])
    reading = stored["metadata"]["paperwidgets"]["reading"][paper["id"]]
    assert reading == {"page": 7, "scroll": 0.31, "source": "paper-v1.pdf"}
    again = _wait(pw.FullText(paper, notes=notes_path, source=FIXTURES / "paper-v1.pdf"))
    assert again.reading == reading and again.annotation["highlights"] == [highlight]
    html = again._repr_mimebundle_()[0]["text/html"]
    assert "1 highlight" in html and "p. 2 · method" in html and "further research" in html
    bad = widget.remember({"page": 0}, [])[0]
    assert "page is a page number" in bad["error"]


def test_an_attached_pdf_is_kept_relative_to_the_notes_and_opens_from_there(tmp_path):
    folder = tmp_path / "project"
    (folder / "papers").mkdir(parents=True)
    pdf = folder / "papers" / "v1.pdf"
    pdf.write_bytes((FIXTURES / "paper-v1.pdf").read_bytes())
    notes = pw.Notes(folder / "notes.ipynb")
    assert notes.attach("title:my-paper", pdf) == pdf
    assert len(notes) == 0  # attaching does not annotate
    stored = json.loads((folder / "notes.ipynb").read_text())["metadata"]["paperwidgets"]
    assert stored["reading"] == {"title:my-paper": {"attached": "papers/v1.pdf"}}
    moved = tmp_path / "moved"
    folder.rename(moved)  # the notes and their papers/ folder move together
    widget = _wait(
        pw.FullText({"id": "title:my-paper", "title": "My paper"}, notes=moved / "notes.ipynb")
    )
    assert widget.status == "ready" and widget.document["label"] == "v1.pdf"
    with pytest.raises(pw.NotesFileError, match="cannot be attached"):
        notes.attach("title:my-paper", tmp_path)


def test_highlight_fields_are_checked():
    check = pw.Annotation.from_dict
    base = {"paper": {"id": "x"}, "highlights": []}
    assert check({**base, "highlights": [{"quote": "q", "page": 3, "category": "result"}]})
    for bad in ({"page": 0}, {"page": "3"}, {"page": True}, {"category": 5}, {"source": ["u"]}):
        with pytest.raises(ValueError, match="highlight"):
            check({**base, "highlights": [{"quote": "q", **bad}]})


def test_categories_default_and_custom():
    assert [c["key"] for c in checked_categories(None)] == ["1", "2", "3", "4", "5"]
    assert checked_categories(None) == [dict(c) for c in CATEGORIES]
    mine = checked_categories([{"name": "claim", "key": "c", "color": "#112233"}])
    assert mine == [{"name": "claim", "key": "c", "color": "#112233"}]
    for key, color in (("h", "#112233"), ("cc", "#112233"), ("c", "red")):
        with pytest.raises(ValueError, match=r"taken|category is"):
            checked_categories([{"name": "x", "key": key, "color": color}])


# --- title resolution ----------------------------------------------------------------------


def test_a_title_is_accepted_only_when_the_normalised_titles_agree(arxiv):
    found = find(TITLE.upper() + "  ", arxiv.url, arxiv.url, QUICK)
    assert found.accepted and found.found["id"] == f"arxiv:{PAPER}" and found.via == "arXiv API"
    near = find("Writing at Scale: A Synthetic Full Text", arxiv.url, arxiv.url, QUICK)
    assert not near.accepted and 0.5 < near.score < 1 and "not accepted" in str(near)
    assert likeness("Ünïcode: Titles!", "unicode titles") == 1.0
    assert feeds_cache.seen_before(feeds_cache.today().replace(year=3000)) == set()


def test_hugging_face_answers_when_arxiv_does_not(arxiv):
    found = find(TITLE, "http://127.0.0.1:9", arxiv.url, QUICK)
    assert found.accepted and found.via == "Hugging Face"
    with pytest.raises(LoadError, match=r"127\.0\.0\.1:9"):
        find(TITLE, "http://127.0.0.1:9", "http://127.0.0.1:9", QUICK)


def test_resolving_a_listing_fills_id_authors_date_and_links(arxiv, capsys):
    import pandas as pd

    listing = pw.load(pd.DataFrame([{"title": TITLE, "abstract": "mine"}, {"title": "Unrelated"}]))
    resolved = listing.resolve(arxiv_base=arxiv.url, hf_base=arxiv.url, http=QUICK)
    first, second = resolved.paper(0), resolved.paper(1)
    assert first["id"] == f"arxiv:{PAPER}" and first["authors"][0] == "Ada Example"
    assert first["abstract"] == "mine" and first["published"].startswith("2024-12-30")
    assert first["extra"]["resolved"]["from"] == listing.paper(0)["id"]
    assert second["id"] == listing.paper(1)["id"]  # a near title changes nothing
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("[1/2]") and "accepted" in printed[0]
    assert printed[1].startswith("[2/2]") and "not accepted" in printed[1]
    assert resolved.fulltext(0, arxiv_base=arxiv.url).sources()[0].location.endswith("v2")


# --- exports -------------------------------------------------------------------------------


def test_exports_carry_page_category_and_the_selectors(tmp_path):
    notes = pw.Notes(tmp_path / "n.ipynb")
    highlight = {"quote": "a result", "prefix": "is ", "suffix": " here", "start": 5, "end": 13,
                 "page": 4, "category": "result", "source": f"https://arxiv.org/pdf/{PAPER}v1",
                 "comment": "cite this"}  # fmt: skip
    notes.set({"id": f"arxiv:{PAPER}", "title": TITLE}, add_highlights=[highlight, {"quote": "x"}])
    web = json.loads(notes.export(tmp_path / "n.jsonld").read_text())
    item = web["first"]["items"][1]
    assert item["target"]["source"] == highlight["source"]
    assert item["target"]["scope"] == f"https://arxiv.org/abs/{PAPER}"
    assert [s["type"] for s in item["target"]["selector"]] == [
        "TextQuoteSelector", "TextPositionSelector", "FragmentSelector"]  # fmt: skip
    assert item["target"]["selector"][2]["value"] == "page=4"
    assert {"value": "result", "purpose": "classifying"}.items() <= item["body"][1].items()
    bib = notes.export(tmp_path / "n.bib").read_text()
    assert "p. 4 · result: \u201ca result\u201d (cite this)" in bib and "\u201cx\u201d" not in bib
    markdown = notes.export(tmp_path / "n.md").read_text()
    assert "> *p. 4 · result*" in markdown


def test_the_replay_server_stops_by_itself():
    import httpx

    with Replay(max_requests=2, max_seconds=60) as counted:
        assert httpx.get(f"{counted.url}/abs/{PAPER}").status_code == 200
        assert httpx.get(f"{counted.url}/abs/{PAPER}").status_code == 200
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # its last request shut it down
            try:
                httpx.get(f"{counted.url}/abs/{PAPER}", timeout=1)
            except httpx.HTTPError:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("still serving after its request budget")
    with Replay(max_requests=100, max_seconds=0.3) as timed:
        time.sleep(1)
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"{timed.url}/abs/{PAPER}", timeout=1)
