"""The Reader's "Similar in your library" panel in a real JupyterLab 4 and Notebook 7.

Today's listing is a Hugging Face Daily Papers day; the library is what a researcher keeps
(an earlier Daily Papers day, the same day, a Mendeley BibTeX export and an arXiv listing,
all real files from tests/fixtures). The person moves with j/k and clicks, reads the library
panel next to "Similar papers", opens a library paper from it (its page opens in a new tab;
the Reader stays on the paper being read) and annotates with keys; a library paper in the
notes is marked ✎ in the panel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

import paperwidgets as pw
from tests.browser.jupyter import UIS, poll, run_all_cells, stderr_outputs, write_notebook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = FIXTURES / "hf-json" / "daily_papers_2025-03-17.json"
LIBRARY = [
    FIXTURES / "hf-json" / "daily_papers_2024-06-14.json",
    TODAY,  # today's papers are in the library too: the panel must never offer the paper itself
    FIXTURES / "bibtex" / "bbt-mendeley-export.bib",
    FIXTURES / "arxiv-listing" / "math.ST-listing.atom",
]
K = 6
NOTE = "Compare with the *library* one"

LIBRARY_CELL = (
    "import paperwidgets as pw\n"
    f"today = pw.load('{TODAY.name}')\n"
    f"library = pw.load({', '.join(repr(p.name) for p in LIBRARY)})\n"
    f"reader = today.reader(notes='paper-notes.ipynb', library=library, k={K})\n"
    "reader"
)
PAGE = b"<!doctype html><title>library paper</title><p>the paper's page</p>"


@pytest.fixture(scope="module")
def corpora() -> tuple[pw.Corpus, pw.Corpus]:
    with pytest.warns(UserWarning, match=r"bbt-mendeley-export\.bib: 1 dates out of range"):
        library = pw.load(*LIBRARY)  # a real export's `year = {6}`
    return pw.load(TODAY), library


def expect_library_panel(reader, today: pw.Corpus, library: pw.Corpus, position: int) -> list:
    """The panel lists the paper's library neighbours: library papers only, never itself."""
    current = today.papers["id"][position]
    expected = today.neighbours(current, k=K, among=library)
    items = reader.locator(".pw-library .pw-neighbour")
    expect(items).to_have_count(K, timeout=60_000)
    expect(items.first).to_have_attribute("data-paper-id", expected["id"][0])
    shown = [item.get_attribute("data-paper-id") for item in items.all()]
    assert shown == list(expected["id"])
    assert set(shown) <= set(library.papers["id"]) and current not in shown
    for item, why in zip(items.all(), expected["why"], strict=True):
        assert why, "every library neighbour says why"
        expect(item.locator(".pw-why")).to_have_text(" · ".join(why))
    return shown


@pytest.mark.parametrize("ui", UIS)
def test_similar_in_your_library(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, corpora
):
    today, library = corpora
    for path in LIBRARY:
        shutil.copy(path, notebook_dir)
    opened: list[str] = []

    def library_page(route):  # the paper's page, served here: tests use no network
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=PAGE)

    page.context.route("https://huggingface.co/papers/**", library_page)
    name = write_notebook(notebook_dir, "library.ipynb", LIBRARY_CELL)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    reader = page.locator(".pw-reader")
    title = reader.locator(".pw-card .pw-title")
    expect(title).to_have_text(today.papers["title"][0], timeout=60_000)
    heading = reader.locator(".pw-library .pw-heading")
    expect(heading).to_have_text("Similar in your library")
    expect(reader.locator(".pw-similar .pw-neighbour").first).to_be_visible(timeout=60_000)
    expect_library_panel(reader, today, library, 0)

    # j and k move through today's listing; the panel follows the card
    reader.focus()
    page.keyboard.press("j")
    expect(title).to_have_text(today.papers["title"][1])
    expect_library_panel(reader, today, library, 1)
    page.keyboard.press("k")
    expect(title).to_have_text(today.papers["title"][0])
    expect_library_panel(reader, today, library, 0)

    # a click on a row of the list, then on a library neighbour: its page opens in a new tab
    seven = today.papers["title"][7]
    reader.locator(".pw-row-item .pw-row-title", has_text=seven).click()
    expect(title).to_have_text(seven)
    shown = expect_library_panel(reader, today, library, 7)
    target = shown[0]
    url = library.paper(target)["url"]
    assert url.startswith("https://huggingface.co/papers/")
    with page.expect_popup() as popup_info:
        reader.locator(f".pw-library .pw-neighbour[data-paper-id='{target}'] button").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    assert popup.url == url and opened == [url]
    expect(popup.locator("p")).to_have_text("the paper's page")
    popup.close()
    expect(title).to_have_text(seven)  # the Reader stays on the paper being read
    expect_library_panel(reader, today, library, 7)

    # annotate the paper being read with keys; the notes file holds it
    reader.focus()
    page.keyboard.press("5")
    page.keyboard.press("e")
    note = reader.locator(".pw-note-input")
    expect(note).to_be_focused()
    page.keyboard.type(NOTE, delay=10)
    page.keyboard.press("Escape")
    expect(reader.locator(".pw-save-state")).to_have_text("Saved")
    current = today.papers["id"][7]

    def saved():
        a = pw.Notes(notebook_dir / "paper-notes.ipynb", read_only=True).get(current)
        return a if a and a.rating == 5 and a.note == NOTE else None

    poll(saved, what="the notes file to hold the rating and the note")
    assert len(pw.Notes(notebook_dir / "paper-notes.ipynb", read_only=True)) == 1
    expect_library_panel(reader, today, library, 7)  # a save leaves the panel as it was

    # back to paper 0: its library neighbours hold the paper just annotated, marked ✎
    page.keyboard.press("[")
    expect(title).to_have_text(today.papers["title"][0])
    assert current in expect_library_panel(reader, today, library, 0)
    marked = reader.locator(".pw-library .pw-neighbour.pw-annotated")
    expect(marked).to_have_count(1)
    expect(marked).to_have_attribute("data-paper-id", current)
    expect(marked.locator(".pw-annotated-mark")).to_have_text("✎")
    # the one thing on stderr: the Mendeley export's `year = {6}`, named with its file
    errors = stderr_outputs(page)
    assert len(errors) == 1 and "bbt-mendeley-export.bib: 1 dates out of range" in errors[0]
