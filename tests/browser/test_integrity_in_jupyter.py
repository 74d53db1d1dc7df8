"""Nothing a reader types or merges is lost: real key presses in JupyterLab 4 and Notebook 7,
two widgets and a cell on one notes file, merge conflicts, the notes notebook opened in Lab."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

import paperwidgets as pw
from paperwidgets.constants import NOTES_MIME
from paperwidgets.widgets.map import map_data
from tests.browser.jupyter import (
    FIRST,
    READER_CELL,
    ROOT,
    SECOND,
    UIS,
    box_around_five,
    drag_box,
    poll,
    run_all_cells,
    screen_points,
    stderr_outputs,
    write_notebook,
)

MAP_CELL = "the_map = corpus.map(notes='paper-notes.ipynb')\nthe_map"


def saved_annotation(folder: Path, title: str):
    """What the notes file on disk holds for the paper with this title (None if nothing),
    as Ada (the kernels' user) sees it."""
    notes = pw.Notes(folder / "paper-notes.ipynb", read_only=True, user="Ada")
    return next((a for a in notes if a.paper.get("title") == title), None)


def open_reader(page: Page, jupyter_server, folder: Path, ui: str, *cells: str):
    name = write_notebook(folder, "triage.ipynb", *cells)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    return name, reader


def run_new_cell(page: Page, code: str) -> None:
    """Add a cell at the end of the notebook, type ``code`` into it and run it (Shift+Enter)."""
    page.evaluate(
        """() => { const app = window.jupyterapp;
                   app.commands.execute('notebook:move-cursor-down');
                   const nb = app.shell.currentWidget.content;
                   nb.activeCellIndex = nb.widgets.length - 1;
                   return app.commands.execute('notebook:insert-cell-below'); }"""
    )
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    cell = cells.nth(cells.count() - 1)  # Shift+Enter on the last cell adds another one
    cell.locator(".cm-content").click()
    for line in code.splitlines():
        page.keyboard.type(line)
        page.keyboard.press("Enter")
    page.keyboard.press("Shift+Enter")
    expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"^\[\d+\]:$"), timeout=60_000)


@pytest.mark.parametrize("ui", UIS)
def test_keyboard_note_lines_three_tags_esc_and_ctrl_s(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    _, reader = open_reader(page, jupyter_server, notebook_dir, ui, READER_CELL)
    reader.focus()
    page.keyboard.press("e")
    note = reader.locator(".pw-note-input")
    expect(note).to_be_focused()
    page.keyboard.type("line one")
    page.keyboard.press("Enter")
    page.keyboard.type("- item one")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("- item two")
    page.keyboard.press("Escape")
    expect(reader).to_be_focused()  # Esc left the field: the Reader has the keys again

    tags = reader.locator(".pw-tag-input")
    tags.click()
    page.keyboard.type("vla")
    page.keyboard.press("Enter")
    page.keyboard.type("agents")
    page.keyboard.press("Enter")
    page.keyboard.type("robots,")
    expect(tags).to_be_focused()  # still typing tags after three new ones
    expect(reader.locator(".pw-tag")).to_have_text(["vla×", "agents×", "robots×"])
    expected = ("line one\n- item one\n- item two", ["vla", "agents", "robots"])
    poll(
        lambda: (a := saved_annotation(notebook_dir, FIRST)) and (a.note, a.tags) == expected,
        what="the note with its lines and the three tags in the notes file",
    )
    expect(reader.locator(".pw-note-preview li")).to_have_text(["item one", "item two"])

    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(SECOND)
    tags.click()
    page.keyboard.type("ag")
    page.keyboard.press("Tab")  # completes a tag in use
    expect(tags).to_have_value("agents")
    page.keyboard.press("Enter")
    poll(lambda: (a := saved_annotation(notebook_dir, SECOND)) and a.tags == ["agents"])
    page.keyboard.press("Escape")
    page.keyboard.press("k")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST)

    # Ctrl+S with the focus inside the Reader saves the notebook file itself
    tags.click()
    page.keyboard.press("Control+s")

    def saved_notebook():
        cells = json.loads((notebook_dir / "triage.ipynb").read_text())["cells"]
        outputs = [o for c in cells for o in c.get("outputs", [])]
        mirrors = [o["data"][NOTES_MIME] for o in outputs if NOTES_MIME in o.get("data", {})]
        return mirrors and any(a["note"] == expected[0] for a in mirrors[0]["annotations"])

    poll(saved_notebook, what="Ctrl+S in the Reader to save the notebook with its notes")
    assert stderr_outputs(page) == []


@pytest.mark.parametrize("ui", UIS)
def test_reader_map_and_a_cell_on_one_notes_file(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    corpus = pw.load(ROOT / "examples" / "daily_papers.txt")
    data = map_data(corpus)
    _, reader = open_reader(page, jupyter_server, notebook_dir, ui, READER_CELL, MAP_CELL)
    the_map = page.locator(".pw-map")
    expect(the_map.locator(".pw-map-count")).to_have_text("101 papers", timeout=60_000)
    five, (low, high) = box_around_five(screen_points(page, data.xy))
    drag_box(page, low, high)
    expect(the_map.locator(".pw-map-selected")).to_have_text("5 selected")
    the_map.locator(".pw-map-tag-input").click()
    page.keyboard.type("lasso")
    page.keyboard.press("Enter")
    expect(the_map.locator(".pw-map-message")).to_have_text("Tagged “lasso”: 5 papers")

    title = corpus.papers["title"][five[0]]  # a lassoed paper, opened in the Reader
    reader.locator(".pw-search").click()
    page.keyboard.type(title[:40])
    expect(reader.locator(".pw-row-item").first).to_contain_text(title[:40])
    reader.locator(".pw-row-item").first.click()
    expect(reader.locator(".pw-card .pw-title")).to_have_text(title)
    expect(reader.locator(".pw-tag")).to_have_text(["lasso×"])  # the Map's tag, shown at once
    reader.locator(".pw-tag-input").click()
    page.keyboard.type("reader")
    page.keyboard.press("Enter")
    poll(
        lambda: (a := saved_annotation(notebook_dir, title)) and a.tags == ["lasso", "reader"],
        what="the lasso tag and the Reader tag both in the notes file",
    )

    # another writer: a later cell sets a rating and a note on the paper the Reader shows
    run_new_cell(
        page,
        "pw.Notes('paper-notes.ipynb').set(reader.current_id, rating=2, note='from a cell')",
    )
    expect(reader.locator(".pw-rating")).to_have_attribute("data-rating", "2")
    expect(reader.locator(".pw-note-preview")).to_have_text("from a cell")
    reader.locator(".pw-tag-input").click()
    page.keyboard.type("after")
    page.keyboard.press("Enter")
    expect(reader.locator(".pw-tag")).to_have_text(["lasso×", "reader×", "after×"])
    poll(
        lambda: (
            (a := saved_annotation(notebook_dir, title))
            and (a.tags, a.rating, a.note) == (["lasso", "reader", "after"], 2, "from a cell")
        ),
        what="the cell's rating and note and the Reader's tags all in the file",
    )
    assert stderr_outputs(page) == []


@pytest.mark.parametrize("ui", UIS)
def test_a_colleagues_rating_shows_beside_mine_and_one_click_settles_it(
    ui, page: Page, jupyter_server, notebook_dir, page_errors
):
    corpus = pw.load(ROOT / "examples" / "daily_papers.txt")
    first = corpus.paper(0)
    mine = pw.Notes(notebook_dir / "paper-notes.ipynb", user="Ada")
    mine.set(first, note="my reading", rating=4, tags=["vla"])
    theirs = pw.Notes(notebook_dir / "colleague.ipynb", user="Bob")
    theirs.set(first, note="their reading", rating=2, tags=["games"])  # later than mine
    merge = "pw.Notes('paper-notes.ipynb').merge_from('colleague.ipynb')"
    _, reader = open_reader(
        page, jupyter_server, notebook_dir, ui, f"import paperwidgets as pw\n{merge}", READER_CELL
    )
    expect(reader.locator(".pw-row-item .pw-conflict-badge")).to_have_count(1)
    reader.locator(".pw-filter-disagreements").click()  # only papers with a disagreement
    expect(reader.locator(".pw-row-item")).to_have_count(1)
    expect(reader.locator(".pw-row-item .pw-row-title")).to_have_text(FIRST)
    box = reader.locator(".pw-conflicts")
    expect(box).to_be_visible()
    expect(box.locator(".pw-conflict-badge")).to_have_text("rating: disagreement")
    picks = box.locator(".pw-conflict-pick")
    expect(picks).to_have_text(["you: ★4", "Bob: ★2"])
    expect(box.locator(".pw-team")).to_have_text("Team: you ★4 · Bob ★2 · mean ★3.0")
    expect(box.locator(".pw-other")).to_have_text("Bob · ★2: their reading")
    expect(reader.locator(".pw-tag")).to_have_text(["vla×", "games×"])
    expect(reader.locator(".pw-note-preview")).to_have_text("my reading")  # mine, unchanged
    picks.nth(0).click()  # one click: I keep my 4 stars
    expect(box.locator(".pw-conflict")).to_have_count(0)
    expect(reader.locator(".pw-row-item .pw-conflict-badge")).to_have_count(0)
    poll(
        lambda: (a := saved_annotation(notebook_dir, FIRST)) and a.rating == 4 and a.resolved,
        what="my rating, the disagreement settled, in the file",
    )
    run_new_cell(page, merge)  # Bob's same rating merged again: it stays settled
    page.wait_for_timeout(1500)
    expect(reader.locator(".pw-row-item .pw-conflict-badge")).to_have_count(0)
    expect(box.locator(".pw-conflict")).to_have_count(0)
    assert stderr_outputs(page) == []


def test_the_notes_notebook_opened_in_jupyterlab_loses_no_saved_rating(
    page: Page, jupyter_server, notebook_dir, page_errors
):
    _, reader = open_reader(page, jupyter_server, notebook_dir, "lab", READER_CELL)
    reader.focus()
    page.keyboard.press("3")
    poll(lambda: (a := saved_annotation(notebook_dir, FIRST)) and a.rating == 3)
    pixel = "http://127.0.0.1:9/pixel.png"  # a note with a remote image: never fetched
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    pw.Notes(notebook_dir / "paper-notes.ipynb").set("arxiv:0000.00000", note=f"![x]({pixel})")
    notes_name = f"{notebook_dir.name}/paper-notes.ipynb"
    page.evaluate(
        f"() => window.jupyterapp.commands.execute('docmanager:open', {{path: '{notes_name}'}})"
    )
    tab = page.locator(".lm-TabBar-tab", has_text="paper-notes.ipynb")
    expect(tab).to_be_visible()
    page.wait_for_timeout(3000)  # a kernel dialog or a dirty mark would show by now
    expect(page.locator(".jp-Dialog")).to_have_count(0)
    expect(tab).not_to_have_class(re.compile("jp-mod-dirty"))
    rendered = page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown")
    expect(rendered.locator(f"a[href='{pixel}']")).to_have_count(1)  # shown as a link
    assert rendered.locator("img").count() == 0 and pixel not in fetched

    page.locator(".lm-TabBar-tab", has_text="triage.ipynb").click()
    reader.focus()
    page.keyboard.press("5")  # newer than the copy JupyterLab holds
    poll(lambda: (a := saved_annotation(notebook_dir, FIRST)) and a.rating == 5)
    tab.click()
    page.locator(".jp-NotebookPanel:visible .jp-Cell").first.click()
    page.keyboard.press("Control+s")  # save the notes notebook from JupyterLab
    page.get_by_role("button", name="Overwrite").click()  # "File Changed": Lab writes its copy
    poll(
        lambda: (a := saved_annotation(notebook_dir, FIRST)) and a.rating == 5,
        what="the acknowledged rating to survive JupyterLab saving its older copy",
    )


def test_jupyterlab_overwrite_keeps_every_acknowledged_rating_and_the_hand_edit(
    page: Page, jupyter_server, notebook_dir, page_errors
):
    """The notes notebook open in a tab while the Reader rates papers; a note edited by hand
    in the tab, Ctrl+S, "File Changed" → Overwrite: the server extension merges the save with
    the file on disk, so nothing acknowledged and nothing typed is lost."""
    _, reader = open_reader(page, jupyter_server, notebook_dir, "lab", READER_CELL)
    reader.focus()
    page.keyboard.press("e")
    page.keyboard.type("typed in the Reader")
    page.keyboard.press("Escape")
    page.keyboard.press("3")
    poll(lambda: (a := saved_annotation(notebook_dir, FIRST)) and (a.note, a.rating) == (
        "typed in the Reader", 3))  # fmt: skip
    notes_name = f"{notebook_dir.name}/paper-notes.ipynb"
    page.evaluate(
        f"() => window.jupyterapp.commands.execute('docmanager:open', {{path: '{notes_name}'}})"
    )
    tab = page.locator(".lm-TabBar-tab", has_text="paper-notes.ipynb")
    expect(tab).to_be_visible()
    notes_panel = page.locator(".jp-NotebookPanel:visible")
    expect(
        notes_panel.locator(".jp-RenderedMarkdown", has_text="typed in the Reader")
    ).to_be_visible()

    page.locator(".lm-TabBar-tab", has_text="triage.ipynb").click()  # the Reader rates on
    reader.focus()
    ratings = {}
    card_title = reader.locator(".pw-card .pw-title")
    for step in range(3):
        title = card_title.inner_text()
        page.keyboard.press(str(5 - step))
        ratings[title] = 5 - step
        poll(lambda t=title, r=5 - step: (a := saved_annotation(notebook_dir, t)) and a.rating == r)
        page.keyboard.press("j")
        expect(card_title).not_to_have_text(title)

    tab.click()  # the hand edit, in the tab's older copy of the notes
    cell = notes_panel.locator(".jp-MarkdownCell", has_text="typed in the Reader")
    cell.dblclick()
    line = cell.locator(".cm-line", has_text="typed in the Reader")
    line.click()
    page.keyboard.press("End")
    page.keyboard.type(" — and by hand in Lab")
    page.keyboard.press("Control+s")
    page.get_by_role("button", name="Overwrite").click()  # "File Changed": Lab sends its copy

    def everything_on_disk():
        found = {t: saved_annotation(notebook_dir, t) for t in ratings}
        first = found[FIRST]
        return first.note == "typed in the Reader — and by hand in Lab" and all(
            found[t] and found[t].rating == r for t, r in ratings.items()
        )

    poll(everything_on_disk, what="every acknowledged rating and the hand edit in the file")
    page.locator(".lm-TabBar-tab", has_text="triage.ipynb").click()
    reader.focus()
    for title in reversed(list(ratings)):
        page.keyboard.press("k")
        expect(card_title).to_have_text(title)
    expect(reader.locator(".pw-note-preview")).to_have_text(  # the Reader shows it too
        "typed in the Reader — and by hand in Lab", timeout=60_000
    )
    assert stderr_outputs(page) == []
