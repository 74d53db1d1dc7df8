"""Searching, filtering, going back and using the Map tab in the Reader, as a person does,
in a real JupyterLab 4 and Notebook 7 at 900 px and 2,400 px wide."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import paperwidgets as pw
from tests.browser.jupyter import (
    FIRST,
    ROOT,
    SECOND,
    UIS,
    WIDTHS,
    lasso_tag_five,
    open_reader,
    poll,
    stderr_outputs,
)

# "vision" first: the first paper's title holds it, so the card stays at every point of the
# typing (a search is sent whenever typing pauses, and a card that does not match the words so
# far gives way to the top hit: with "quantization" first, a pause on a loaded machine moved it)
QUERY = "vision quantization"
TAG = "lasso-pick"


@pytest.fixture(scope="module")
def corpus():
    return pw.load(ROOT / "examples" / "daily_papers.txt")


def notes_of(folder):
    return pw.Notes(folder / "paper-notes.ipynb", read_only=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("ui", UIS)
def test_search_filters_and_back(
    ui, width, page: Page, jupyter_server, notebook_dir, page_errors, corpus
):
    reader = open_reader(page, jupyter_server, notebook_dir, ui, width, "navigate.ipynb")
    title = reader.locator(".pw-card .pw-title")
    # search ranks with the engine: the paper with both words in its title comes first
    reader.focus()
    page.keyboard.press("/")
    first_word, rest = QUERY.split(" ", 1)
    page.keyboard.type(first_word, delay=20)
    page.wait_for_timeout(1000)  # a pause after the first word: the search so far is sent
    page.keyboard.type(" " + rest, delay=20)
    best = corpus.search(QUERY, k=1)["title"][0]
    assert "Quantization" in best and "Vision" in best
    first_row = reader.locator(".pw-row-item").first
    expect(first_row.locator(".pw-row-title")).to_have_text(best)
    expect(first_row.locator(".pw-relevance")).to_be_visible()
    assert reader.locator(".pw-rows").evaluate("el => el.scrollTop") == 0
    expect(title).to_have_text(FIRST)  # it matches ("vision"): the card stays
    reader.locator(".pw-clear").click()
    expect(reader.locator(".pw-range")).to_have_text("1–50 of 101")
    expect(reader.locator(".pw-search")).to_have_value("")

    # "not yet annotated" follows what you annotate; j goes on to the next paper
    reader.locator(".pw-filter-new").click()
    reader.focus()
    page.keyboard.press("3")
    expect(reader.locator(".pw-range")).to_have_text("1–50 of 100")
    expect(reader.locator(f".pw-row-item[data-paper-id='{corpus.papers['id'][0]}']")).to_have_count(
        0
    )
    expect(title).to_have_text(FIRST)  # the card you are annotating stays
    page.keyboard.press("j")
    expect(title).to_have_text(SECOND)
    reader.locator(".pw-clear").click()

    # jump to a similar paper, then back (key and button) and forward
    neighbour = reader.locator(".pw-similar .pw-neighbour-title").nth(2)
    expect(neighbour).to_be_visible(timeout=60_000)
    jumped_to = neighbour.text_content()
    neighbour.click()
    expect(title).to_have_text(jumped_to)
    reader.focus()
    page.keyboard.press("[")
    expect(title).to_have_text(SECOND)
    page.keyboard.press("]")
    expect(title).to_have_text(jumped_to)
    reader.locator(".pw-back").click()
    expect(title).to_have_text(SECOND)
    reader.locator(".pw-back").click()
    expect(title).to_have_text(FIRST)
    expect(reader.locator(".pw-back")).to_be_disabled()
    # the paper rated above is marked as annotated wherever it is listed
    expect(reader.locator(".pw-row-item.pw-annotated .pw-row-title")).to_have_text(FIRST)
    assert stderr_outputs(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("ui", UIS)
def test_map_tab_lasso_tags_into_the_notes_file(
    ui, width, page: Page, jupyter_server, notebook_dir, page_errors, corpus
):
    from paperwidgets.widgets.map import map_data

    data = map_data(corpus)
    reader = open_reader(page, jupyter_server, notebook_dir, ui, width, "map-tab.ipynb")
    reader.locator(".pw-view-map").click()
    expect(reader.locator(".pw-map-label")).to_have_count(len(data.labels), timeout=60_000)
    expect(reader.locator(".pw-pager")).to_be_hidden()
    # every label shown lies wholly inside the map's frame
    stage = reader.locator(".pw-map-stage").bounding_box()
    for label in reader.locator(".pw-map-label:visible").all():
        box = label.bounding_box()
        assert stage["x"] <= box["x"] and box["x"] + box["width"] <= stage["x"] + stage["width"]
        assert stage["y"] <= box["y"] and box["y"] + box["height"] <= stage["y"] + stage["height"]

    the_map = reader.locator(".pw-reader-map")  # (the list has a selection bar of its own)
    five = lasso_tag_five(page, the_map, data.xy, TAG)
    expected = sorted(corpus.papers["id"][five])
    poll(
        lambda: sorted(a.id for a in notes_of(notebook_dir) if TAG in a.tags) == expected,
        what="the notes file to tag the 5 lassoed papers",
    )
    the_map.locator(".pw-map-status-select").select_option("reading")
    the_map.locator(".pw-map-status-btn").click()
    poll(
        lambda: sorted(a.id for a in notes_of(notebook_dir) if a.status == "reading") == expected,
        what="the notes file to set the 5 papers to reading",
    )
    # colour by status: the legend names the statuses
    reader.locator(".pw-map-colour").select_option("status")
    expect(reader.locator(".pw-legend-item")).to_have_count(4)
    expect(reader.locator(".pw-legend-item").nth(1)).to_have_text("reading")
    reader.locator(".pw-view-list").click()
    expect(reader.locator(".pw-pager")).to_be_visible()
    expect(reader.locator(".pw-filter-tag option", has_text=TAG)).to_have_count(1)
    assert stderr_outputs(page) == []
