"""paperwidgets' Jupyter server extension in the real server the browser tests use: a save of
a notes notebook (the request JupyterLab sends on Ctrl+S or "Overwrite") is merged with the file
on disk under the kernels' lock; any other notebook is saved as sent. First as the requests
JupyterLab sends, then as a person does it: the notes notebook open in a JupyterLab tab beside
the Reader, a note typed by hand, Ctrl+S, and "File Changed" → Overwrite."""

from __future__ import annotations

import json
import re
import urllib.request

import nbformat
from playwright.sync_api import Page, expect

import paperwidgets as pw
from tests.browser.jupyter import FIRST as FIRST_TITLE
from tests.browser.jupyter import open_reader, poll, stderr_outputs

OPEN_JS = "path => window.jupyterapp.commands.execute('docmanager:open', {path})"
FIRST = {"id": "arxiv:2501.00001", "title": "One"}
SECOND = {"id": "arxiv:2501.00002", "title": "Two"}


def put(server, path: str, notebook: dict) -> dict:
    body = json.dumps({"type": "notebook", "format": "json", "content": notebook}).encode()
    request = urllib.request.Request(f"{server.url}/api/contents/{path}", data=body, method="PUT")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def type_note(notebook: dict, paper_id: str, text: str) -> None:
    def paper_of(cell: dict) -> str | None:
        return cell["metadata"].get("paperwidgets", {}).get("paper", {}).get("id")

    cell = next(c for c in notebook["cells"] if paper_of(c) == paper_id)
    marker = re.compile(r"(paperwidgets:note by=\w+ -->\n).*?(\n<!--)", re.S)
    cell["source"] = marker.sub(lambda m: m.group(1) + text + m.group(2), cell["source"])


def test_a_notes_notebook_saved_by_the_browser_keeps_the_kernels_edits(
    jupyter_server, notebook_dir
):
    notes = pw.Notes(notebook_dir / "paper-notes.ipynb", user="Ada")
    notes.set(FIRST, note="typed in the Reader", rating=3)
    name = f"{notebook_dir.name}/paper-notes.ipynb"
    tab = jupyter_server.api(f"/api/contents/{name}")["content"]  # JupyterLab opens it
    notes.set(FIRST, rating=5)  # acknowledged while the tab is open
    notes.set(SECOND, tags=["later"])
    type_note(tab, FIRST["id"], "typed by hand")
    tab["cells"].append({"cell_type": "markdown", "id": "mine", "metadata": {}, "source": "my own"})
    put(jupyter_server, name, tab)  # Ctrl+S, then "Overwrite"
    again = pw.Notes(notebook_dir / "paper-notes.ipynb", user="Ada", read_only=True)
    first = again.get(FIRST["id"])
    assert (first.note, first.rating) == ("typed by hand", 5)
    assert again.get(SECOND["id"]).tags == ["later"]
    cells = nbformat.read(notebook_dir / "paper-notes.ipynb", as_version=4).cells
    assert [c.source for c in cells if c.id == "mine"] == ["my own"]
    put(jupyter_server, name, tab)  # the same stale tab saved again: nothing reverted
    first = pw.Notes(notebook_dir / "paper-notes.ipynb", user="Ada").get(FIRST["id"])
    assert (first.note, first.rating) == ("typed by hand", 5)


def test_any_other_notebook_is_saved_as_sent(jupyter_server, notebook_dir):
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x", id="c1")])
    put(jupyter_server, f"{notebook_dir.name}/plain.ipynb", json.loads(nbformat.writes(plain)))
    saved = nbformat.read(notebook_dir / "plain.ipynb", as_version=4)
    assert [c.source for c in saved.cells] == ["x"]


def on_disk(folder, titles: list[str]) -> dict[str, pw.Annotation | None]:
    """The notes file as it is on disk (a valid notebook), each paper's annotation by title as
    Ada, the kernels' user, sees it."""
    path = folder / "paper-notes.ipynb"
    nbformat.validate(nbformat.read(path, as_version=4))
    found = {a.paper.get("title"): a for a in pw.Notes(path, user="Ada", read_only=True)}
    return {title: found.get(title) for title in titles}


def rate(page: Page, reader, folder, key: str) -> str:
    """Press a rating key in the Reader; the rated paper's title, once the file holds it."""
    title = reader.locator(".pw-card .pw-title").inner_text()
    page.keyboard.press(key)
    poll(lambda: (a := on_disk(folder, [title])[title]) and a.rating == int(key), what=title)
    return title


def edit_note_by_hand(page: Page, panel, line_text: str, typed: str, down: bool) -> None:
    """Select the first paper's cell, Enter to edit its Markdown, click the line holding
    ``line_text``, go to its end (and one line down: the empty note below its marker), type."""
    cell = panel.locator(".jp-MarkdownCell", has_text=FIRST_TITLE)
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Enter")
    cell.locator(".cm-line", has_text=line_text).click()
    page.keyboard.press("End")
    if down:
        page.keyboard.press("ArrowDown")
    page.keyboard.type(typed, delay=10)


def switch_to(page: Page, name: str) -> None:
    page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text=name).click()


def move(page: Page, reader, key: str, times: int = 1) -> None:
    """j or k in the Reader, each press waited for (the card shows another paper)."""
    title = reader.locator(".pw-card .pw-title")
    for _ in range(times):
        before = title.inner_text()
        page.keyboard.press(key)
        expect(title).not_to_have_text(before)


def test_a_note_typed_in_the_open_notes_tab_and_overwrite_keep_every_rating_of_the_reader(
    page: Page, jupyter_server, notebook_dir, page_errors
):
    reader = open_reader(page, jupyter_server, notebook_dir, "lab", 1280, "reader.ipynb")
    reader.focus()
    ratings = {rate(page, reader, notebook_dir, "4"): 4}
    move(page, reader, "j")
    ratings[rate(page, reader, notebook_dir, "2")] = 2
    notes_name = f"{notebook_dir.name}/paper-notes.ipynb"
    page.evaluate(OPEN_JS, notes_name)
    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab", has_text="paper-notes.ipynb")
    expect(tab).to_have_class(re.compile("jp-mod-current"))
    panel = page.locator(".jp-NotebookPanel:visible")
    edit_note_by_hand(page, panel, "paperwidgets:note by=Ada", "typed by hand", down=True)
    page.keyboard.press("Control+s")  # nothing changed on disk since the tab opened: saved
    poll(lambda: on_disk(notebook_dir, [FIRST_TITLE])[FIRST_TITLE].note == "typed by hand")
    expect(page.locator(".jp-Dialog")).to_have_count(0)

    switch_to(page, "reader.ipynb")  # the Reader rates again: the hand-noted paper, a new one
    reader.focus()
    move(page, reader, "k")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST_TITLE)
    ratings[rate(page, reader, notebook_dir, "5")] = 5
    move(page, reader, "j", times=2)
    ratings[rate(page, reader, notebook_dir, "3")] = 3
    assert len(ratings) == 3

    tab.click()  # typing on in the tab's copy, older than the file: Lab warns on the save
    edit_note_by_hand(page, panel, "typed by hand", ", saved again", down=False)
    page.keyboard.press("Control+s")
    expect(page.locator(".jp-Dialog .jp-Dialog-header")).to_have_text("File Changed")
    page.get_by_role("button", name="Overwrite").click()
    hand = "typed by hand, saved again"

    def everything_on_disk():
        found = on_disk(notebook_dir, list(ratings))
        rated = {title: a.rating if a else None for title, a in found.items()}
        return rated == ratings and found[FIRST_TITLE].note == hand

    poll(everything_on_disk, what="every acknowledged rating and the hand edit in the file")
    cells = nbformat.read(notebook_dir / "paper-notes.ipynb", as_version=4).cells
    first = next(c.source for c in cells if FIRST_TITLE in c.source)
    assert "★★★★★" in first and hand in first  # what a colleague reads in the file itself
    switch_to(page, "reader.ipynb")  # and the Reader shows the hand edit
    reader.focus()
    move(page, reader, "k", times=2)
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST_TITLE)
    expect(reader.locator(".pw-note-preview")).to_have_text(hand)
    assert stderr_outputs(page) == []
