"""Reading a paper's full text in a real JupyterLab 4 and Notebook 7 (headless Chromium).

The papers come from the local replay "arXiv" (tests/replay.py): the generated 21-page PDF and
its arXiv-like HTML, v1 and v2, and hostile ones. A person opens the text, selects a sentence
with the mouse, highlights it with a category key, types a comment; the notes file on disk
holds the W3C selectors and the page; after a reload the highlight is drawn at the same place;
v2 re-anchors it. Hostile PDF/HTML do nothing: no dialog, no request off 127.0.0.1.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Page, expect

from tests.browser.jupyter import (
    mark_place,
    readme_screenshot,
    run_all_cells,
    select_line,
    stderr_outputs,
)
from tests.replay import ENCRYPTED, HOSTILE, MALFORMED, PAPER, TITLE, Replay

UIS = ["lab", "notebook7"]
NOTEBOOK_SAVED_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!w && !!w.context && w.context.model.dirty === false;
}"""
SETUP = (
    "import os, paperwidgets as pw\n"
    "os.environ['PAPERWIDGETS_CACHE'] = os.path.abspath('cache')\n"
    "ARXIV = {url!r}\n"
    "paper = {{'id': 'arxiv:{paper}', 'title': {title!r}, 'authors': ['Ada Example']}}\n"
)


def _notebook(folder: Path, name: str, cells: list[str]) -> str:
    nb = new_notebook(
        cells=[new_code_cell(code) for code in cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, folder / name)
    return f"{folder.name}/{name}"


def _off_machine(requests: list[str]) -> list[str]:
    return [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", "localhost", None)]


def _type_and_run(page: Page, cell: int, code: str) -> None:
    """Replace a code cell's text by typing ``code`` (one line), then Shift+Enter."""
    page.locator(".jp-Notebook .jp-CodeCell").nth(cell).locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Shift+Enter")


def _reading(path: Path, paper_id: str) -> dict:
    """The reading state the notes file holds for a paper (written once scrolling stops)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = json.loads(path.read_text())["metadata"]["paperwidgets"].get("reading", {})
        if paper_id in state:
            return state[paper_id]
        time.sleep(0.2)
    raise AssertionError(f"{path} holds no reading position for {paper_id}")


@pytest.mark.parametrize("ui", UIS)
def test_highlight_in_the_pdf_is_kept_drawn_again_and_found_in_v2(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with Replay(max_requests=200, max_seconds=600) as arxiv:
        setup = SETUP.format(url=arxiv.url, paper=PAPER, title=TITLE)
        cells = [setup, "# the paper here", "# the next version here"]
        name = _notebook(notebook_dir, "read.ipynb", cells)
        jupyter_server.open_notebook(page, name, ui)
        run_all_cells(page)
        v1 = f"ARXIV + '/pdf/{PAPER}v1'"
        _type_and_run(page, 1, f"ft = pw.FullText(paper, notes='notes.ipynb', source={v1}); ft")
        view = page.locator(".pw-ft")
        expect(view).to_have_attribute("data-status", "shown", timeout=60_000)
        expect(page.locator(".pw-ft-page")).to_have_count(21)
        expect(page.locator(".pw-ft-page canvas").first).to_be_visible(timeout=60_000)
        view.click(position={"x": 5, "y": 5})
        page.keyboard.press("PageDown")  # to page 2, by key
        expect(page.locator(".pw-ft-pageno")).to_contain_text("page 2 / 21", timeout=60_000)

        line = page.locator(".pw-ft-page[data-page='2'] .pw-ft-text span").nth(3)
        line.scroll_into_view_if_needed()
        select_line(page, line)
        expect(page.locator(".pw-ft-highlight")).to_be_visible()
        selected = " ".join(page.evaluate("() => getSelection().toString()").split())
        assert len(selected) > 10 and selected in " ".join(line.text_content().split())
        page.keyboard.press("2")  # the "method" category's key highlights the selection
        expect(page.locator(".pw-ft-status")).to_have_text("Highlighted as method", timeout=60_000)
        expect(view).to_have_attribute("data-highlights", "1")
        page.keyboard.press("e")
        comment = page.locator(".pw-ft-item .pw-ft-comment")
        expect(comment).to_be_focused()
        page.keyboard.type("the sentence to cite")
        page.keyboard.press("Enter")
        expect(page.locator(".pw-ft-status")).to_have_text("Saved", timeout=60_000)

        notes = json.loads((notebook_dir / "notes.ipynb").read_text())
        (cell,) = [c for c in notes["cells"] if "paperwidgets" in c["metadata"]]
        (hl,) = cell["metadata"]["paperwidgets"]["highlights"]
        quote = hl["quote"]
        assert (
            " ".join(quote.split()) == selected and hl["page"] == 2 and hl["category"] == "method"
        )
        assert hl["comment"] == "the sentence to cite" and hl["end"] - hl["start"] == len(
            hl["quote"]
        )
        assert hl["prefix"] and hl["suffix"] and hl["source"].endswith(f"/pdf/{PAPER}v1")
        placed = mark_place(page)
        assert placed["page"] == "2" and placed["text"] == quote
        reading = _reading(notebook_dir / "notes.ipynb", f"arxiv:{PAPER}")
        assert reading["source"].endswith(f"/pdf/{PAPER}v1") and reading["page"] >= 2

        view.click(position={"x": 5, "y": 5})
        page.keyboard.press("Control+s")  # save the notebook, as one does before reloading
        page.wait_for_function(NOTEBOOK_SAVED_JS, timeout=60_000)
        page.reload()  # the kernel keeps the widget: the view is drawn again from its state
        view = page.locator(".pw-ft")
        expect(view).to_have_attribute("data-highlights", "1", timeout=90_000)
        assert mark_place(page) == placed
        expect(page.locator(".pw-ft-pageno")).to_have_text(f"page {reading['page']} / 21")
        expect(page.locator(".pw-ft-item .pw-ft-comment")).to_have_value("the sentence to cite")

        _type_and_run(page, 2, f"ft.open_text(ARXIV + '/pdf/{PAPER}v2')")
        expect(page.locator(".pw-ft-label")).to_contain_text(f"{PAPER}v2", timeout=60_000)
        expect(view).to_have_attribute("data-highlights", "1", timeout=60_000)
        expect(view).to_have_attribute("data-orphans", "0")
        found = page.locator(".pw-ft-pane mark.pw-ft-mark")
        assert "".join(found.all_text_contents()) == quote
        if ui == "lab":
            page.locator(".pw-ft-item").first.click()
            readme_screenshot(view, "fulltext")
    assert stderr_outputs(page) == []
    assert _off_machine(requests) == []


@pytest.mark.parametrize("ui", UIS)
def test_hostile_html_and_pdf_do_nothing(ui, page: Page, jupyter_server, notebook_dir, page_errors):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with Replay(max_requests=200, max_seconds=600) as arxiv:
        setup = SETUP.format(url=arxiv.url, paper=HOSTILE, title="Hostile")
        cells = [
            setup,
            "pw.FullText(paper, arxiv_base=ARXIV, prefer='html')",
            "pw.FullText(paper, arxiv_base=ARXIV)",
            f"pw.FullText(paper, source=ARXIV + '/pdf/{MALFORMED}')",
            f"pw.FullText(paper, source=ARXIV + '/pdf/{ENCRYPTED}')",
        ]
        name = _notebook(notebook_dir, "hostile.ipynb", cells)
        jupyter_server.open_notebook(page, name, ui)
        run_all_cells(page)
        views = page.locator(".pw-ft")
        expect(views).to_have_count(4, timeout=60_000)
        html, pdf, malformed, encrypted = (views.nth(i) for i in range(4))
        expect(html).to_have_attribute("data-status", "shown", timeout=60_000)
        expect(pdf).to_have_attribute("data-status", "shown", timeout=60_000)
        article = html.locator(".pw-ft-html")
        expect(article).to_contain_text("This paragraph is safe text to highlight")
        for tag in ("script", "form", "iframe", "object", "embed", "style", "svg", "video", "base"):
            expect(article.locator(tag)).to_have_count(0)
        expect(article.locator("img")).to_have_count(0)  # every image of it is remote or missing
        expect(article.locator("[onerror], [onload], [style], [href^='javascript']")).to_have_count(
            0
        )
        expect(malformed.locator(".pw-ft-message")).to_contain_text("not a readable PDF")
        expect(encrypted.locator(".pw-ft-message")).to_contain_text("encrypted")
        article.locator("p").last.click()  # clicking and selecting in it does nothing either
        page.wait_for_timeout(1500)
    assert stderr_outputs(page) == []
    assert _off_machine(requests) == []
