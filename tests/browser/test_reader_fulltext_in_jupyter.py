"""Reading the paper from the Reader in a real JupyterLab 4 and Notebook 7 (headless Chromium).

The paper comes from the local replay "arXiv" (tests/replay.py: the generated 21-page PDF). A
person on the paper's card presses ``f``; the PDF opens where the card was; they select a
sentence with the mouse, press a category key, type a comment; the notes file on disk holds the
W3C selectors and the page (and no rating: the key was the text's, not the Reader's); Esc
brings the card back, whose panel lists the highlight with page and category; after a reload,
and again in a new Reader made by running the cell again, ``f`` draws it at the same place and
opens at the page where they were.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.jupyter import (
    UIS,
    mark_place,
    readme_screenshot,
    run_all_cells,
    select_line,
    stderr_outputs,
    write_notebook,
)
from tests.replay import PAPER, TITLE, Replay

SETUP = (
    "import os, pandas as pd, paperwidgets as pw\n"
    "os.environ['PAPERWIDGETS_CACHE'] = os.path.abspath('cache')\n"
    "corpus = pw.load(pd.DataFrame([\n"
    "    {{'id': 'arxiv:{paper}', 'title': {title!r}, 'abstract': 'A synthetic paper.'}},\n"
    "    {{'id': 'arxiv:2412.00002', 'title': 'Another paper', 'abstract': 'Not this one.'}},\n"
    "]))\n"
    "reader = corpus.reader(notes='notes.ipynb', fulltext_options={{'arxiv_base': {url!r}}})\n"
    "reader"
)
SAVED_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!w && !!w.context && w.context.model.dirty === false;
}"""


def _notes(path: Path) -> dict:
    return json.loads(path.read_text())


def _reading_from(path: Path, page: int) -> dict | None:
    """The paper's reading position on disk once it is ``page`` (written as scrolling stops)."""
    state = _notes(path)["metadata"]["paperwidgets"].get("reading", {}).get(f"arxiv:{PAPER}")
    return state if state and state.get("page") == page else None


def _poll(check, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _read_with_f(page: Page) -> None:
    """Click the card (the Reader has the keys), press f, wait for the PDF's pages."""
    page.locator(".pw-reader .pw-card .pw-title").click()
    page.keyboard.press("f")
    text = page.locator(".pw-reading .pw-ft")
    expect(text).to_have_attribute("data-status", "shown", timeout=90_000)
    expect(text.locator(".pw-ft-page")).to_have_count(21)


def _highlight_a_sentence(page: Page) -> str:
    """PageDown to page 2, select a line with the mouse, 2 (method), e, type a comment."""
    page.keyboard.press("PageDown")
    expect(page.locator(".pw-reading .pw-ft-pageno")).to_contain_text("page 2 / 21")
    line = page.locator(".pw-reading .pw-ft-page[data-page='2'] .pw-ft-text span").nth(3)
    line.scroll_into_view_if_needed()
    select_line(page, line)
    selected = " ".join(page.evaluate("() => getSelection().toString()").split())
    assert len(selected) > 10
    page.keyboard.press("2")  # "method": the text's category key, not the Reader's ★★
    status = page.locator(".pw-reading .pw-ft-status")
    expect(status).to_have_text("Highlighted as method", timeout=60_000)
    page.keyboard.press("e")
    expect(page.locator(".pw-reading .pw-ft-item .pw-ft-comment")).to_be_focused()
    page.keyboard.type("the sentence to cite")
    page.keyboard.press("Enter")
    expect(status).to_have_text("Saved", timeout=60_000)
    return selected


@pytest.mark.parametrize("ui", UIS)
def test_read_the_paper_from_the_reader_highlight_and_find_it_again(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    page.set_viewport_size({"width": 1400, "height": 1000})
    notes_path = notebook_dir / "notes.ipynb"
    with Replay(max_requests=200, max_seconds=900) as arxiv:
        cell = SETUP.format(url=arxiv.url, paper=PAPER, title=TITLE)
        jupyter_server.open_notebook(page, write_notebook(notebook_dir, "read.ipynb", cell), ui)
        run_all_cells(page)
        reader = page.locator(".pw-reader")
        expect(reader.locator(".pw-card .pw-title")).to_have_text(TITLE, timeout=60_000)
        _read_with_f(page)
        expect(reader.locator(".pw-card")).to_be_hidden()  # the text is where the card was
        selected = _highlight_a_sentence(page)

        (on_disk,) = [c for c in _notes(notes_path)["cells"] if "paperwidgets" in c["metadata"]]
        fields = on_disk["metadata"]["paperwidgets"]
        (hl,) = fields["highlights"]
        assert " ".join(hl["quote"].split()) == selected
        assert (hl["page"], hl["category"], hl["comment"]) == (2, "method", "the sentence to cite")
        assert hl["prefix"] and hl["suffix"] and hl["end"] - hl["start"] == len(hl["quote"])
        assert hl["source"] == f"{arxiv.url}/pdf/{PAPER}" and fields.get("rating") is None
        placed = mark_place(page, ".pw-reading")
        assert placed["page"] == "2" and placed["text"] == hl["quote"]
        shown = page.locator(".pw-reading .pw-ft-pageno").inner_text()  # "page n / 21"
        at = int(shown.split()[1])
        reading = _poll(lambda: _reading_from(notes_path, at), f"{shown} in the notes file")

        expect(page.locator(".pw-reading .pw-ft")).to_be_focused()  # Enter left the comment
        page.keyboard.press("Escape")  # back to the card
        expect(reader.locator(".pw-card")).to_be_visible()
        expect(reader.locator(".pw-reading")).to_be_hidden()
        expect(reader.locator(".pw-hl-where")).to_have_text("full text · p. 2 · method")
        expect(reader.locator(".pw-hl-comment")).to_have_value("the sentence to cite")
        expect(reader.locator(".pw-progress")).to_have_text("1 / 2 annotated")
        if ui == "lab":
            reader.click(position={"x": 5, "y": 5})
            page.keyboard.press("f")
            expect(page.locator(".pw-reading mark.pw-ft-mark").first).to_be_visible()
            page.locator(".pw-reading .pw-ft-item").first.click()
            readme_screenshot(reader.locator(".pw-body"), "reader-fulltext")  # list + text
            page.keyboard.press("Escape")

        page.keyboard.press("Control+s")
        page.wait_for_function(SAVED_JS, timeout=60_000)
        page.reload()  # the same kernel: the Reader and its full text are drawn again
        expect(reader.locator(".pw-card .pw-title")).to_have_text(TITLE, timeout=90_000)
        _read_with_f(page)
        expect(page.locator(".pw-reading .pw-ft")).to_have_attribute("data-highlights", "1")
        assert mark_place(page, ".pw-reading") == placed

        page.keyboard.press("Escape")
        page.get_by_role("menuitem", name="Run", exact=True).click()  # a new Reader, from disk
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        prompt = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").first
        expect(prompt).to_have_text("[2]:", timeout=60_000)
        expect(reader.locator(".pw-card .pw-title")).to_have_text(TITLE, timeout=60_000)
        _read_with_f(page)
        expect(page.locator(".pw-reading .pw-ft")).to_have_attribute("data-highlights", "1")
        assert mark_place(page, ".pw-reading") == placed
        pageno = page.locator(".pw-reading .pw-ft-pageno")
        expect(pageno).to_have_text(f"page {reading['page']} / 21")  # where they were
    assert stderr_outputs(page) == []


def test_read_the_paper_in_the_readers_panel_beside_the_notebook(
    page: Page, jupyter_server, notebook_dir, page_errors
):
    """JupyterLab: the Reader's ⧉ panel reads the paper too; the cell's Reader lists the mark."""
    page.set_viewport_size({"width": 1600, "height": 1000})
    with Replay(max_requests=100, max_seconds=600) as arxiv:
        cell = SETUP.format(url=arxiv.url, paper=PAPER, title=TITLE)
        nb = write_notebook(notebook_dir, "beside.ipynb", cell)
        jupyter_server.open_notebook(page, nb, "lab")
        run_all_cells(page)
        in_cell = page.locator(".jp-Notebook .pw-reader")
        expect(in_cell.locator(".pw-card .pw-title")).to_have_text(TITLE, timeout=60_000)
        in_cell.locator(".pw-beside-btn").click()
        panel = page.locator(".jp-LinkedOutputView .pw-reader")
        panel.locator(".pw-card .pw-title").click()
        page.keyboard.press("f")
        text = panel.locator(".pw-reading .pw-ft")
        expect(text).to_have_attribute("data-status", "shown", timeout=90_000)
        expect(in_cell.locator(".pw-card")).to_be_visible()  # the cell's view keeps its card
        line = text.locator(".pw-ft-page[data-page='1'] .pw-ft-text span").nth(5)
        line.scroll_into_view_if_needed()
        select_line(page, line)
        page.keyboard.press("3")  # "result"
        expect(text.locator(".pw-ft-status")).to_have_text("Highlighted as result", timeout=60_000)
        expect(in_cell.locator(".pw-hl-where")).to_have_text("full text · p. 1 · result")
        cells = _notes(notebook_dir / "notes.ipynb")["cells"]
        (on_disk,) = [c for c in cells if "paperwidgets" in c["metadata"]]
        (hl,) = on_disk["metadata"]["paperwidgets"]["highlights"]
        assert (hl["page"], hl["category"]) == (1, "result")
    assert stderr_outputs(page) == []
