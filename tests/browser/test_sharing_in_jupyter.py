"""Sharing an annotated notebook, in a real JupyterLab 4 and Notebook 7.

The author runs a Reader, a card and a Map on one notes file, types notes and saves. Then the
saved notebook is opened again in a fresh JupyterLab page WITHOUT running it — the author's own
(trusted) copy, a colleague's (untrusted) copy, Notebook 7 — and converted by nbconvert: the
notes show through the extension's renderer, the cards and the map picture show, and
"Error displaying widget" appears nowhere. The notes come back from what was shared.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Page, expect

import paperwidgets as pw
from paperwidgets.constants import NOTES_MIME
from tests.browser.jupyter import poll, run_all_cells, screenshot_path

ROOT = Path(__file__).resolve().parents[2]
NOTES_RENDERER = f"[data-mime-type='{NOTES_MIME}']"
FIRST = (
    "JARVIS-VLA: Post-Training Large-Scale Vision Language Models to Play Visual Games "
    "with Keyboards and Mouse"
)
NOTE = "Strong *baseline*; compare with <b>Voyager</b> & co."
CARD_NOTE = "Read the data section"
LAST_EDIT = " (last edit)"
CELLS = (
    "import paperwidgets as pw\n"
    "corpus = pw.load('daily_papers.txt')\n"
    "corpus.reader(notes='paper-notes.ipynb')",
    "corpus.card(1, notes='paper-notes.ipynb')",
    "corpus.map(notes='paper-notes.ipynb')",
)


def notebook_picture(page: Page, name: str) -> None:
    """A README picture of the open notebook: file browser closed, a tall window."""
    page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
    page.set_viewport_size({"width": 1100, "height": 1500})
    page.wait_for_timeout(500)
    page.locator(".jp-Notebook").screenshot(path=str(screenshot_path(name)))
    page.set_viewport_size({"width": 1280, "height": 800})


def mirrors_in(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    return [o["data"][NOTES_MIME] for o in outputs if NOTES_MIME in o.get("data", {})]


@pytest.fixture(scope="module")
def shared(jupyter_server, browser):
    """The author's session: run, annotate with real key presses, save. The saved files."""
    folder = jupyter_server.root / "sharing"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "daily_papers.txt", folder)
    nb = new_notebook(
        cells=[new_code_cell(s) for s in CELLS],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, folder / "triage.ipynb")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    jupyter_server.open_notebook(page, "sharing/triage.ipynb", "lab")
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    expect(reader.locator(".pw-card .pw-title")).to_have_text(FIRST, timeout=60_000)
    expect(page.locator(".pw-map-count")).to_have_text("101 papers", timeout=60_000)
    reader.focus()
    page.keyboard.press("e")
    expect(reader.locator(".pw-note-input")).to_be_focused()
    page.keyboard.type(NOTE, delay=5)
    page.keyboard.press("Escape")
    reader.focus()
    page.keyboard.press("4")
    card = page.locator(".jp-CodeCell").nth(1)  # the PaperCard widget's cell
    card.locator(".pw-edit-toggle").click()
    expect(card.locator(".pw-note-input")).to_be_focused()
    page.keyboard.type(CARD_NOTE, delay=5)
    reader.locator(".pw-edit-toggle").click()  # the card's field loses focus: saved
    expect(reader.locator(".pw-note-input")).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type(LAST_EDIT, delay=5)
    page.keyboard.press("Escape")
    notes_path = folder / "paper-notes.ipynb"
    first_id = pw.load(folder / "daily_papers.txt").papers["id"][0]

    def all_saved():
        a = pw.Notes(notes_path, read_only=True).get(first_id)
        return a and a.note == NOTE + LAST_EDIT and a.rating == 4 and len(pw.Notes(notes_path))

    poll(all_saved, what="every edit in the notes file")
    expect(reader.locator(".pw-save-state")).to_have_text("Saved")
    page.locator(".jp-NotebookPanel-toolbar [data-command='docmanager:save']").click()
    saved = folder / "triage.ipynb"

    def saved_with_last_edit():
        found = mirrors_in(saved)
        notes = [a.get("note") for m in found for a in m["annotations"]]
        return NOTE + LAST_EDIT in notes and CARD_NOTE in notes

    poll(saved_with_last_edit, what=f"the last edit in {saved}")  # last: what was found
    context.close()
    jupyter_server.shutdown_sessions("sharing/triage.ipynb")  # the kernel and its models: gone
    return {"folder": folder, "notebook": saved, "notes": notes_path}


def open_without_running(page: Page, jupyter_server, name: str, ui: str) -> None:
    jupyter_server.open_notebook(page, name, ui)  # a kernel starts; no cell runs
    expect(page.locator(NOTES_RENDERER)).to_have_count(1, timeout=60_000)
    expect(page.locator(".pw-static-map-img")).to_be_visible()
    page.wait_for_timeout(1500)  # ipywidgets has restored (nothing): give an error the chance


def check_static_views(page: Page, hostile: list[str] = ()) -> None:
    """What anyone opening the saved notebook sees: notes as cards, the cards, the map."""
    notes = page.locator(NOTES_RENDERER)
    expect(notes.locator(".pw-static-count")).to_have_text("2 notes")
    first = notes.locator(".pw-note-card", has_text=FIRST)
    expect(first.locator(".pw-note-preview em")).to_have_text("baseline")
    expect(first.locator(".pw-note-preview")).to_contain_text("<b>Voyager</b> & co. (last edit)")
    expect(first.locator(".pw-static-stars")).to_have_text("★★★★☆")
    expect(notes.locator(".pw-note-card", has_text=CARD_NOTE)).to_have_count(1)
    notes.locator(".pw-static-filter").press_sequentially("data section", delay=5)
    expect(notes.locator(".pw-static-count")).to_have_text("1 of 2 notes")
    notes.locator(".pw-static-filter").press("Control+a")
    page.keyboard.press("Backspace")  # cleared as a person clears it
    expect(notes.locator(".pw-static-count")).to_have_text("2 notes")
    widgets = page.locator("[data-mime-type='application/vnd.paperwidgets.card+json']")
    expect(widgets.first.locator(".pw-card .pw-title")).to_have_text(FIRST)
    expect(widgets).to_have_count(2)
    image = page.locator(".pw-static-map-img")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 560
    body = page.locator("body").inner_text()
    assert "Error displaying widget" not in body and "Loading widget" not in body
    for tag in ("script", "iframe", "style", "details", "svg", "b"):
        assert page.locator(f"{NOTES_RENDERER} {tag}").count() == 0, tag


def test_the_authors_notebook_reopened_in_lab_shows_notes_cards_and_map(
    shared, page: Page, jupyter_server, page_errors
):
    saved = shared["notebook"]
    (mirror,) = mirrors_in(saved)  # exactly one copy of the notes in the notebook
    assert mirror["notes_file"] == "paper-notes.ipynb"
    assert str(jupyter_server.root) not in saved.read_text(encoding="utf-8")
    assert pw.Notes(shared["notes"], read_only=True).to_frame()["note"].tolist() == [
        a["note"] for a in mirror["annotations"]
    ]
    open_without_running(page, jupyter_server, "sharing/triage.ipynb", "lab")
    check_static_views(page)
    notebook_picture(page, "shared-reopened")
    jupyter_server.shutdown_sessions("sharing/triage.ipynb")


def colleagues_copy(shared, xss_payloads: list[str]) -> str:
    """The notebook as a colleague receives it: not signed here (untrusted), and with a
    hostile note added to the notes it carries."""
    nb = json.loads(shared["notebook"].read_text(encoding="utf-8"))
    nb["metadata"]["sent_by"] = "a colleague"
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if NOTES_MIME in data:
                hostile = {"paper": {"id": "x:1", "title": xss_payloads[0]}}
                hostile.update(note="\n\n".join(xss_payloads), tags=xss_payloads[:3])
                data[NOTES_MIME]["annotations"].append(hostile)
    (shared["folder"] / "colleague.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return "sharing/colleague.ipynb"


@pytest.mark.parametrize("ui", ["lab", "notebook7"])
def test_a_colleagues_untrusted_copy_shows_the_same(
    ui, shared, page: Page, jupyter_server, page_errors, xss_payloads
):
    leaving: list[str] = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((jupyter_server.url, "data:")) else leaving.append(r.url)
        ),
    )
    name = colleagues_copy(shared, xss_payloads)
    jupyter_server.open_notebook(page, name, ui)
    expect(page.locator(NOTES_RENDERER)).to_have_count(1, timeout=60_000)
    trusted = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.model.cells.get(0).trusted"
    )
    assert trusted is False
    notes = page.locator(NOTES_RENDERER)
    expect(notes.locator(".pw-static-count")).to_have_text("3 notes")
    hostile = notes.locator(".pw-note-card[data-paper-id='x:1']")
    expect(hostile.locator(".pw-title")).to_have_text(xss_payloads[0])
    expect(hostile.locator(".pw-note-preview")).to_contain_text("<script>alert(1)</script>")
    for tag in ("img", "script", "iframe", "style", "details", "svg"):
        assert notes.locator(tag).count() == 0, tag
    page.wait_for_timeout(1500)
    assert "Error displaying widget" not in page.locator("body").inner_text()
    widgets = page.locator("[data-mime-type='application/vnd.paperwidgets.card+json']")
    expect(widgets.first.locator(".pw-card .pw-title")).to_have_text(FIRST)
    expect(page.locator(".pw-static-map-img")).to_be_visible()
    if ui == "lab":
        notebook_picture(page, "shared-untrusted")
    assert leaving == []
    jupyter_server.shutdown_sessions(name)


def test_notebook7_reopened_shows_notes_cards_and_map(
    shared, page: Page, jupyter_server, page_errors
):
    open_without_running(page, jupyter_server, "sharing/triage.ipynb", "notebook7")
    check_static_views(page)
    jupyter_server.shutdown_sessions("sharing/triage.ipynb")


def test_nbconvert_html_of_the_lab_saved_notebook_shows_notes_card_and_map(
    shared, page: Page, tmp_path
):
    convert = [sys.executable, "-m", "nbconvert", "--to", "html", "--stdout"]
    html = subprocess.run(
        [*convert, str(shared["notebook"])], capture_output=True, text=True, check=True
    ).stdout
    assert "Strong <em>baseline</em>; compare with &lt;b&gt;Voyager&lt;/b&gt;" in html
    assert "<b>Voyager</b>" not in html
    assert 'src="data:image/png;base64,' in html
    out = tmp_path / "triage.html"
    out.write_text(html, encoding="utf-8")
    page.goto(out.as_uri())
    expect(page.locator(".pw-notes-mirror")).to_contain_text("Paper notes (2)")
    expect(page.locator(".pw-static-card h3").first).to_have_text(FIRST)
    image = page.locator("img[src^='data:image/png']")
    assert image.evaluate("img => img.naturalWidth") == 560
    page.set_viewport_size({"width": 1000, "height": 1400})
    page.screenshot(path=str(screenshot_path("shared-nbconvert")))


def test_merge_from_brings_the_notes_back_exactly(shared, tmp_path):
    store = list(pw.Notes(shared["notes"], read_only=True))
    from_working = pw.Notes(tmp_path / "from-working.ipynb")
    from_working.merge_from(shared["notebook"])
    assert list(from_working) == store
    exported = pw.export_annotated(
        shared["notebook"], tmp_path / "annotated.ipynb", shared["notes"]
    )
    from_export = pw.Notes(tmp_path / "from-export.ipynb")
    from_export.merge_from(exported)
    assert list(from_export) == store
    cli = [sys.executable, "-m", "paperwidgets", "notes", "show", str(shared["notebook"])]
    shown = subprocess.run(cli, capture_output=True, text=True, check=True).stdout
    assert "2 annotated papers" in shown and CARD_NOTE in shown
