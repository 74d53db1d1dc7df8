"""The Reader as a daily tool in a real JupyterLab 4 and Notebook 7 (issue 26): it survives a
kernel restart, reopens where you were, the keyboard does everything, focus stays inside,
Map | List shows one, and the Reader opens in a panel of its own beside the notebook."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Page, expect

import paperwidgets as pw
from tests.browser import test_reader_in_jupyter as base
from tests.browser.jupyter import run_all_cells, stderr_outputs

FIRST, SECOND, UIS, poll = base.FIRST, base.SECOND, base.UIS, base.poll

TULU = "TÜLU 3: Pushing Frontiers in Open Language Model Post-Training"
FOCUSED_JS = "() => document.activeElement && document.activeElement.className"
KERNEL_IDLE_JS = """() => {
  const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  return k && k.status === 'idle'; }"""


@pytest.fixture(scope="module")
def corpus():
    return pw.load(base.ROOT / "examples" / "daily_papers.txt")


def run_reader(page: Page, server, folder, ui: str, name: str, cell: str = base.READER_CELL):
    """Write a notebook of one cell, open it, run it; the Reader once its first card shows."""
    jupyter = base.write_notebook(folder, name, cell)
    server.open_notebook(page, jupyter, ui)
    run_all_cells(page)
    reader = page.locator(".jp-Notebook .pw-reader")
    expect(reader.locator(".pw-card .pw-title")).not_to_have_text("", timeout=300_000)
    return reader


def annotation(folder, paper_id):
    return pw.Notes(folder / "paper-notes.ipynb", read_only=True).get(paper_id)


def kept(server, paper_id: str, since: float) -> None:
    """Wait until a Reader kept its place at this paper (a place file written since then)."""
    places = server.base / "cache" / "readers"

    def found():
        files = [f for f in places.glob("*.json") if f.stat().st_mtime >= since]
        return any(json.loads(f.read_text()).get("current_id") == paper_id for f in files)

    poll(found, what=f"the Reader to keep its place at {paper_id}")


def focus_is_in_the_reader(page: Page) -> None:
    """The focus is inside the Reader (never <body>), so the next key reaches it."""
    inside = page.evaluate("() => !!document.activeElement.closest('.pw-reader')")
    assert inside, page.evaluate(FOCUSED_JS)


@pytest.mark.parametrize("ui", UIS)
def test_a_restarted_kernel_refuses_edits_and_the_rerun_reopens_where_you_were(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, corpus
):
    reader = run_reader(page, jupyter_server, notebook_dir, ui, "restart.ipynb")
    title = reader.locator(".pw-card .pw-title")
    expect(title).to_have_text(FIRST)
    reader.focus()
    since = time.time() - 1
    page.keyboard.press("j")
    page.keyboard.press("j")
    third = corpus.papers["title"][2]
    expect(title).to_have_text(third)
    kept(jupyter_server, corpus.papers["id"][2], since)
    page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"
    )
    page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
    gone = reader.locator(".pw-kernel-gone")
    expect(gone).to_have_text(
        "The kernel restarted — run this cell again to go on. Edits made here are not saved."
    )
    reader.focus()
    page.keyboard.press("2")
    page.wait_for_timeout(1500)
    expect(reader.locator(".pw-rating")).not_to_have_attribute("data-rating", "2")
    assert reader.locator(".pw-save-state").text_content() != "Saved"
    assert annotation(notebook_dir, corpus.papers["id"][2]) is None
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(third, timeout=60_000)
    expect(reader.locator(".pw-kernel-gone")).to_have_count(0)
    reader.focus()
    page.keyboard.press("2")
    poll(lambda: annotation(notebook_dir, corpus.papers["id"][2]) or None, what="the rating")
    expect(reader.locator(".pw-save-state")).to_have_text("Saved")
    assert stderr_outputs(page) == []


def conflict_cell() -> str:
    """A notes file where a merge left a rating disagreement on the second paper."""
    return (
        "import paperwidgets as pw\n"
        "corpus = pw.load('daily_papers.txt')\n"
        "theirs = pw.Notes('colleague.ipynb')\n"
        "theirs.set(corpus.paper(1), rating=2)\n"
        "mine = pw.Notes('paper-notes.ipynb')\n"
        "mine.set(corpus.paper(1), rating=5)\n"
        "mine.merge_from('colleague.ipynb')\n"
        "reader = corpus.reader(notes=mine)\n"
        "reader"
    )


def search_enter_and_status(page: Page, reader, notebook_dir, corpus) -> str:
    """/ tulu Enter opens TÜLU 3 (accents folded), r sets its status from the keyboard."""
    reader.focus()
    page.keyboard.press("/")
    page.keyboard.type("tulu", delay=30)
    expect(reader.locator(".pw-row-item").first.locator(".pw-row-title")).to_have_text(TULU)
    page.keyboard.press("Enter")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(TULU)
    focus_is_in_the_reader(page)
    page.keyboard.press("r")
    page.context.route("https://arxiv.org/**", lambda route: route.fulfill(body="arXiv"))
    with page.expect_popup() as popup:  # o: the paper's page, in a new tab (answered here)
        page.keyboard.press("o")
    popup.value.wait_for_load_state()
    assert popup.value.url.startswith("https://arxiv.org/"), popup.value.url
    popup.value.close()
    pid = corpus.papers["id"][corpus.papers["title"] == TULU].iloc[0]
    poll(lambda: (a := annotation(notebook_dir, pid)) and a.status == "reading", what="reading")
    return pid


def tag_note_and_highlight(page: Page, reader, notebook_dir, pid: str) -> None:
    """t, e and h with the keyboard only: a tag, a note, a highlight comment."""
    page.keyboard.press("t")
    expect(reader.locator(".pw-tag-input")).to_be_focused()
    page.keyboard.type("rlhf", delay=20)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    expect(reader.locator(".pw-note-input")).to_be_focused()
    page.keyboard.type("open recipe", delay=20)
    page.keyboard.press("Escape")
    quote = "open recipes"
    base.select_text(page, ".pw-reader .pw-abstract-text", quote)
    page.keyboard.press("h")
    expect(reader.locator(".pw-hl-comment")).to_be_focused()
    page.keyboard.type("key claim", delay=20)
    page.keyboard.press("Escape")

    def done():
        a = annotation(notebook_dir, pid)
        comments = [h.get("comment") for h in a.highlights] if a else []
        return a and a.tags == ["rlhf"] and a.note == "open recipe" and comments == ["key claim"]

    poll(done, what="tag, note and highlight comment in the notes file")


@pytest.mark.parametrize("ui", UIS)
def test_the_keyboard_does_everything_and_focus_never_falls_out(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, corpus
):
    reader = run_reader(page, jupyter_server, notebook_dir, ui, "keys.ipynb", conflict_cell())
    title = reader.locator(".pw-card .pw-title")
    expect(title).to_have_text(FIRST)
    reader.focus()
    page.keyboard.press("?")  # the key help, then back to the keys
    expect(reader.locator(".pw-key-help")).to_contain_text("undo the last edit")
    page.keyboard.press("Escape")
    expect(reader.locator(".pw-key-help")).to_be_hidden()
    pid = search_enter_and_status(page, reader, notebook_dir, corpus)
    tag_note_and_highlight(page, reader, notebook_dir, pid)
    page.keyboard.press("u")  # undo: the highlight and its comment go
    expect(reader.locator(".pw-said")).to_contain_text("Undid the highlights of")
    poll(lambda: not annotation(notebook_dir, pid).highlights, what="the undone highlight")
    clear = reader.locator(".pw-clear-annotation")
    clear.click()
    clear.click()  # "Clear all?": yes
    poll(lambda: annotation(notebook_dir, pid) is None, what="the cleared paper")
    page.keyboard.press("u")  # Clear undone: status, tag and note back
    expect(reader.locator(".pw-said")).to_contain_text("Undid Clear of")
    poll(
        lambda: (
            (a := annotation(notebook_dir, pid))
            and (a.status, a.tags, a.note) == ("reading", ["rlhf"], "open recipe")
        ),
        what="what Clear removed, back in the file",
    )

    reader.locator(".pw-clear").click()  # Clear disables itself: the focus stays in the Reader
    focus_is_in_the_reader(page)
    page.keyboard.press("j")
    expect(title).not_to_have_text(TULU)
    neighbour = reader.locator(".pw-similar .pw-neighbour-title").first
    expect(neighbour).to_be_visible(timeout=60_000)
    followed = neighbour.text_content()
    neighbour.click()  # the list of similar papers is redrawn: the focus stays
    expect(title).to_have_text(followed)
    focus_is_in_the_reader(page)
    page.keyboard.press("j")
    expect(title).not_to_have_text(followed)

    page.keyboard.press("/")  # to the paper with a disagreement, resolve it, then j
    page.keyboard.type("arena learning", delay=20)
    page.keyboard.press("Enter")
    expect(title).to_have_text(SECOND)
    reader.locator(".pw-conflict-pick").first.click()
    expect(reader.locator(".pw-conflicts")).to_be_hidden()
    focus_is_in_the_reader(page)
    page.keyboard.press("u")  # the pick undone: the disagreement is open again
    expect(reader.locator(".pw-said")).to_contain_text("Undid the pick in the rating")
    expect(reader.locator(".pw-conflicts")).to_be_visible()
    focus_is_in_the_reader(page)
    page.keyboard.press("j")
    expect(title).not_to_have_text(SECOND)
    assert stderr_outputs(page) == []


@pytest.mark.parametrize("ui", UIS)
def test_map_then_list_hides_the_map_and_x_picks_for_a_bulk_tag(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, corpus
):
    page.set_viewport_size({"width": 1400, "height": 900})
    reader = run_reader(page, jupyter_server, notebook_dir, ui, "views.ipynb")
    if ui == "lab":  # the file browser open: a ~950 px Reader shows list and card side by side
        page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
        page.wait_for_timeout(500)
        width = reader.bounding_box()["width"]
        rows, card = (reader.locator(s).bounding_box() for s in (".pw-list", ".pw-card"))
        assert 880 <= width <= 1100 and rows["x"] + rows["width"] <= card["x"], (width, rows, card)
    reader.locator(".pw-view-map").click()
    expect(reader.locator(".pw-map-label:visible").first).to_be_visible(timeout=60_000)
    reader.locator(".pw-view-list").click()
    expect(reader.locator(".pw-reader-map")).to_be_hidden()
    assert reader.locator(".pw-reader-map").bounding_box() is None
    expect(reader.locator(".pw-rows")).to_be_visible()
    reader.focus()
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    picked = reader.locator(".pw-picked-bar")
    expect(picked.locator(".pw-map-selected")).to_have_text("2 selected")
    expect(picked.locator(".pw-selection-titles li")).to_have_text([FIRST, SECOND])
    picked.locator(".pw-map-tag-input").click()
    page.keyboard.type("batch", delay=20)
    page.keyboard.press("Enter")
    expect(picked.locator(".pw-map-message")).to_have_text("Tagged “batch”: 2 papers")
    ids = list(corpus.papers["id"][:2])
    poll(lambda: all((a := annotation(notebook_dir, i)) and a.tags for i in ids), what="tags")
    picked.locator(".pw-map-undo-btn").click()
    poll(lambda: all(annotation(notebook_dir, i) is None for i in ids), what="the undo")
    assert stderr_outputs(page) == []


def test_the_reader_in_its_own_panel_beside_the_notebook(
    page: Page, jupyter_server, notebook_dir, page_errors, corpus
):
    cell_reader = run_reader(page, jupyter_server, notebook_dir, "lab", "beside.ipynb")
    cell_reader.locator(".pw-beside-btn").click()
    panel = page.locator(".jp-LinkedOutputView .pw-reader")
    expect(panel.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    expect(panel.locator(".pw-beside-btn")).to_be_hidden()
    box, viewport = panel.bounding_box(), page.viewport_size
    assert box["height"] > 0.7 * viewport["height"], box  # the panel's full height
    notebook = page.locator(".jp-NotebookPanel").bounding_box()
    assert box["x"] >= notebook["x"] + notebook["width"] - 1, (box, notebook)  # beside it
    panel.focus()
    page.keyboard.press("j")
    expect(panel.locator(".pw-card .pw-title")).to_have_text(SECOND)
    page.keyboard.press("4")
    expect(cell_reader.locator(".pw-card .pw-title")).to_have_text(SECOND)  # the cell follows
    expect(cell_reader.locator(".pw-rating")).to_have_attribute("data-rating", "4")
    pid = corpus.papers["id"][1]
    poll(lambda: (a := annotation(notebook_dir, pid)) and a.rating == 4, what="rating 4")
    row = cell_reader.locator(f".pw-row-item[data-paper-id='{pid}'] .pw-row-rating")
    expect(row).to_have_text("★★★★")  # the cell's list follows too
    assert stderr_outputs(page) == []


BIG_CELL = (
    "import pandas as pd, paperwidgets as pw\n"
    "base = pw.load('daily_papers.txt').papers\n"
    "rows = []\n"
    "for i in range(10_000):\n"
    "    p = base.iloc[i % len(base)]\n"
    "    other = base.iloc[(i * 7 + 3) % len(base)]\n"
    "    rows.append({'id': f'big:{i}', 'title': f\"{p['title']} ({i})\",\n"
    "                 'abstract': p['abstract'] + ' ' + other['abstract'][:300]})\n"
    "corpus = pw.load(pd.DataFrame(rows))\n"
    "corpus.search('warm up', k=1)  # the index build: long enough for a progress line\n"
    "reader = corpus.reader(notes='paper-notes.ipynb')\n"
    "reader"
)


def saved_outputs(path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [o for cell in nb["cells"] for o in cell.get("outputs", [])]


def reopen_without_kernel(page: Page, server, name: str, ui: str) -> None:
    """Open a saved notebook with no kernel running for it (no kernel is chosen)."""
    url = f"{server.url}/lab/tree/{name}?reset" if ui == "lab" else f"{server.url}/notebooks/{name}"
    page.goto(url)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)


@pytest.mark.parametrize("ui", UIS)
def test_a_saved_10k_reader_reopens_with_its_last_paper_and_no_error(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    reader = run_reader(page, jupyter_server, notebook_dir, ui, "big.ipynb", BIG_CELL)
    title = reader.locator(".pw-card .pw-title")
    expect(title).to_have_text(f"{FIRST} (0)")
    name = f"{notebook_dir.name}/big.ipynb"
    reader.focus()
    since = time.time() - 1
    for _ in range(3):
        page.keyboard.press("j")
    fourth = reader.locator(".pw-row-item").nth(3).locator(".pw-row-title").text_content()
    expect(title).to_have_text(fourth)
    page.keyboard.press("5")
    expect(reader.locator(".pw-progress")).to_have_text("1 / 10000 annotated")
    path = notebook_dir / "big.ipynb"
    kept(jupyter_server, f"big:{int(fourth.rsplit('(', 1)[1].rstrip(')'))}", since)
    page.wait_for_timeout(1000)  # the display update follows the kept place

    def card_saved():
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_timeout(1500)
        cards = [o["data"].get(pw_card()) for o in saved_outputs(path) if "data" in o]
        return any(c and c["paper"]["title"] == fourth for c in cards)

    poll(card_saved, timeout=60, what="the saved Reader output to show the fourth paper")
    outputs = saved_outputs(path)
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1 and pw_card() in views[0]["data"]  # no progress widget, only the Reader
    jupyter_server.shutdown_sessions(f"{notebook_dir.name}/big.ipynb")
    for trusted in (True, False):
        if not trusted:  # a colleague's copy: changed content, never signed here
            nb = json.loads(path.read_text(encoding="utf-8"))
            nb["metadata"]["colleague"] = True
            path.with_name("big-copy.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        shown = name if trusted else f"{notebook_dir.name}/big-copy.ipynb"
        reopen_without_kernel(page, jupyter_server, shown, ui)
        card = page.locator(".pw-static-widget .pw-card .pw-title")
        expect(card).to_have_text(fourth, timeout=60_000)
        caption = page.locator(".pw-static-caption").first
        expect(caption).to_have_text("paperwidgets Reader: 1 / 10000 annotated")
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.get_by_text("model not found").count() == 0


def pw_card() -> str:
    from paperwidgets.fallbacks import CARD_MIME

    return CARD_MIME


@pytest.mark.parametrize("ui", UIS)
def test_a_map_cell_run_again_shows_the_live_map(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    cell = "import paperwidgets as pw\nm = pw.load('daily_papers.txt').map()\nm"
    jupyter_server.open_notebook(page, base.write_notebook(notebook_dir, "m.ipynb", cell), ui)
    run_all_cells(page)
    expect(page.locator("[data-live='true'] .pw-map-canvas")).to_be_visible(timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()  # the same cell, again
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    prompt = page.locator(".jp-Notebook .jp-CodeCell").first.locator(".jp-InputPrompt")
    expect(prompt).to_have_text("[2]:", timeout=60_000)
    expect(page.locator("[data-live='true'] .pw-map-canvas")).to_be_visible(timeout=60_000)
    expect(page.locator(".pw-static-map")).to_have_count(0)
    assert stderr_outputs(page) == []
