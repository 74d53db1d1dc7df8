"""The Reader in a real JupyterLab 4 and Notebook 7: annotate, save, restart, share."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

import paperwidgets as pw
from paperwidgets.constants import NOTES_MIME
from tests.browser.jupyter import (
    FIRST,
    READER_CELL,
    ROOT,
    SECOND,
    UIS,
    lonely_point,
    poll,
    run_all_cells,
    screen_points,
    screenshot_reader,
    stderr_outputs,
    write_notebook,
)

NOTE = "Strong *baseline*; compare with <b>Voyager</b> & co."
SENTENCE = (
    "Recently, action-based decision-making in open-world environments has gained "
    "significant attention."
)


def select_text(page: Page, container: str, text: str) -> None:
    """Select `text` inside the first element matching `container`, as a mouse drag would."""
    page.evaluate(
        """([sel, text]) => {
          const el = document.querySelector(sel);
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(text);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + text.length);
              const s = document.getSelection();
              s.removeAllRanges();
              s.addRange(range);
              return;
            }
          }
          throw new Error("text not found: " + text);
        }""",
        [container, text],
    )


def restart_kernel_and_run(page: Page) -> None:
    page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"
    )
    page.wait_for_function(
        """() => { const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
                   return k && k.status === 'idle'; }""",
        timeout=60_000,
    )
    run_all_cells(page)


@pytest.mark.parametrize("ui", UIS)
def test_annotate_save_restart_and_share(ui, page: Page, jupyter_server, notebook_dir, page_errors):
    name = write_notebook(notebook_dir, "triage.ipynb", READER_CELL)
    notes_path = notebook_dir / "paper-notes.ipynb"
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    expect(reader.locator(".pw-neighbour").first).to_be_visible(timeout=60_000)

    reader.focus()
    page.keyboard.press("e")
    note = reader.locator(".pw-note-input")
    expect(note).to_be_focused()
    note.press_sequentially(NOTE, delay=5)
    page.keyboard.press("Escape")
    tags = reader.locator(".pw-tag-input")
    for tag in ("vla", "minecraft"):
        tags.click()
        page.keyboard.type(tag, delay=10)
        page.keyboard.press("Enter")
    reader.locator(".pw-star[data-value='4']").click()
    reader.locator(".pw-seg[data-status='read']").click()
    select_text(page, ".pw-reader .pw-abstract-text", SENTENCE)
    reader.locator(".pw-highlight-btn").click()
    expect(reader.locator(".pw-mark")).to_have_text(SENTENCE)

    pid = pw.load(ROOT / "examples" / "daily_papers.txt").papers["id"][0]

    def saved():
        a = pw.Notes(notes_path, read_only=True).get(pid)
        done = a and a.note == NOTE and a.tags == ["vla", "minecraft"] and a.rating == 4
        return a if done and a.status == "read" and a.highlights else None

    annotation = poll(saved, what="the notes file to hold every edit")
    assert annotation.highlights[0]["quote"] == SENTENCE
    expect(reader.locator(".pw-save-state")).to_have_text("Saved")
    if ui == "lab":
        screenshot_reader(page, reader)

    # save the notebook: the mirror output carries the notes into the .ipynb
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")

    def mirrored():
        nb = json.loads((notebook_dir / "triage.ipynb").read_text(encoding="utf-8"))
        outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
        data = [o["data"][NOTES_MIME] for o in outputs if NOTES_MIME in o.get("data", {})]
        return data and data[0]["annotations"] and data[0]["annotations"][0]["note"] == NOTE

    poll(mirrored, what="the saved notebook to carry the notes")
    convert = [sys.executable, "-m", "nbconvert", "--to", "html", "--stdout"]
    html = subprocess.run(
        [*convert, str(notebook_dir / "triage.ipynb")], capture_output=True, text=True, check=True
    ).stdout
    assert "Strong <em>baseline</em>; compare with &lt;b&gt;Voyager&lt;/b&gt; &amp; co." in html
    assert "<b>Voyager</b>" not in html

    # restart the kernel, run the cell again: everything comes back from the store
    restart_kernel_and_run(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    expect(reader.locator(".pw-note-preview em")).to_have_text("baseline")
    expect(reader.locator(".pw-tag")).to_have_count(2)
    expect(reader.locator(".pw-rating")).to_have_attribute("data-rating", "4")
    expect(reader.locator(".pw-seg[data-status='read']")).to_have_attribute("aria-pressed", "true")
    expect(reader.locator(".pw-mark")).to_have_text(SENTENCE)
    expect(reader.locator(".pw-progress")).to_have_text("1 / 101 annotated")
    assert stderr_outputs(page) == []


@pytest.mark.parametrize("ui", UIS)
def test_keyboard_and_search(ui, page: Page, jupyter_server, notebook_dir, page_errors):
    name = write_notebook(notebook_dir, "keys.ipynb", READER_CELL)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    title = reader.locator(".pw-card .pw-title")
    expect(title).to_have_text(FIRST, timeout=60_000)
    reader.focus()
    page.keyboard.press("j")
    expect(title).to_have_text(SECOND)
    expect(reader.locator(".pw-row-item[aria-selected='true'] .pw-row-title")).to_have_text(SECOND)
    page.keyboard.press("4")
    expect(reader.locator(".pw-rating")).to_have_attribute("data-rating", "4")
    pid = pw.load(ROOT / "examples" / "daily_papers.txt").papers["id"][1]
    poll(
        lambda: (
            (pw.Notes(notebook_dir / "paper-notes.ipynb", read_only=True).get(pid) or None)
            and pw.Notes(notebook_dir / "paper-notes.ipynb", read_only=True).get(pid).rating == 4
        ),
        what="rating 4 in the notes file",
    )
    page.keyboard.press("k")
    expect(title).to_have_text(FIRST)
    page.keyboard.press("/")
    search = reader.locator(".pw-search")
    expect(search).to_be_focused()
    expect(reader.locator(".pw-range")).to_have_text("1–50 of 101")
    search.press_sequentially("quantization", delay=20)
    expect(reader.locator(".pw-range")).not_to_have_text("1–50 of 101")
    rows = reader.locator(".pw-row-title")
    expect(rows.first).to_contain_text("Quant")
    assert rows.count() < 50
    # notebook shortcuts did not fire: still one cell, still the same notebook
    assert page.locator(".jp-Notebook .jp-Cell").count() == 1
    assert stderr_outputs(page) == []


def _hostile_reader_cell(payloads: list[str]) -> str:
    """A corpus built straight from the payloads (no reader cleaning), notes from them too."""
    return (
        "import json, pandas as pd, paperwidgets as pw\n"
        f"payloads = json.loads({json.dumps(json.dumps(payloads))})\n"
        "n = len(payloads)\n"
        "frame = pd.DataFrame({\n"
        "    'id': [f'x{i}' for i in range(n)], 'title': payloads,\n"
        "    'authors': [payloads] * n, 'abstract': [' '.join(payloads)] * n,\n"
        "    'published': [None] * n, 'url': ['javascript:alert(1)'] * n, 'pdf_url': payloads,\n"
        "    'categories': [payloads[:2]] * n, 'source': payloads, 'extra': [{}] * n})\n"
        "corpus = pw.Corpus(frame)\n"
        "notes = pw.Notes('hostile-notes.ipynb')\n"
        "for i, p in enumerate(payloads):\n"
        "    hl = [{'quote': p[:10], 'comment': p}]\n"
        "    notes.set(corpus.paper(i), note=p, tags=[p[:20]], highlights=hl)\n"
        "corpus.reader(notes=notes)"
    )


@pytest.mark.parametrize("ui", UIS)
def test_hostile_papers_and_notes_render_as_text(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, xss_payloads
):
    leaving: list[str] = []
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith((jupyter_server.url, "blob:", "data:"))
            else leaving.append(r.url)
        ),
    )
    name = write_notebook(notebook_dir, "hostile-reader.ipynb", _hostile_reader_cell(xss_payloads))
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(xss_payloads[0], timeout=60_000)
    reader.focus()
    for i in range(len(xss_payloads)):
        expect(reader.locator(".pw-card .pw-title")).to_have_text(xss_payloads[i])
        page.keyboard.press("j")
    for tag in ("script", "img", "svg", "iframe", "style", "details"):
        assert page.locator(f".pw-reader {tag}, .pw-notes-mirror {tag}").count() == 0, tag
    page.wait_for_timeout(500)
    assert leaving == []


@pytest.mark.parametrize("ui", UIS)
def test_map_view_opens_the_clicked_paper(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    from paperwidgets.widgets.map import map_data

    corpus = pw.load(ROOT / "examples" / "daily_papers.txt")
    data = map_data(corpus)
    name = write_notebook(notebook_dir, "reader-map.ipynb", READER_CELL)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    reader.locator(".pw-view-map").click()
    expect(reader.locator(".pw-map-label")).to_have_count(len(data.labels), timeout=60_000)
    expect(reader.locator(".pw-rows")).to_be_hidden()
    points = screen_points(page, data.xy)
    one = lonely_point(points)
    page.mouse.click(*points[one].tolist())
    expect(reader.locator(".pw-card .pw-title")).to_have_text(corpus.papers["title"][one])
    reader.locator(".pw-view-list").click()
    expect(reader.locator(".pw-row-item[aria-selected='true'] .pw-row-title")).to_have_text(
        corpus.papers["title"][one]
    ) if one < 50 else expect(reader.locator(".pw-rows")).to_be_visible()
