"""The corpus map in a real JupyterLab 4 and Notebook 7: labels, click -> card, lasso -> tags."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import paperwidgets as pw
from paperwidgets.widgets.map import map_data
from tests.browser.jupyter import (
    ROOT,
    UIS,
    lasso_tag_five,
    lonely_point,
    poll,
    readme_screenshot,
    run_all_cells,
    screen_points,
    stderr_outputs,
    write_notebook,
)

MAP_CELL = (
    "import paperwidgets as pw\n"
    "corpus = pw.load('daily_papers.txt')\n"
    "corpus.map(notes='paper-notes.ipynb')"
)
TAG = "map-pick"


@pytest.fixture(scope="module")
def listing():
    """The example corpus and its map data, as the kernel computes them (seeded, cached)."""
    corpus = pw.load(ROOT / "examples" / "daily_papers.txt")
    return corpus, map_data(corpus)


@pytest.mark.parametrize("ui", UIS)
def test_map_labels_click_and_tag_a_lasso(
    ui, page: Page, jupyter_server, notebook_dir, page_errors, listing
):
    corpus, data = listing
    name = write_notebook(notebook_dir, "map.ipynb", MAP_CELL)
    jupyter_server.open_notebook(page, name, ui)
    run_all_cells(page)
    the_map = page.locator(".pw-map")
    labels = the_map.locator(".pw-map-label")
    expect(labels).to_have_count(len(data.labels), timeout=60_000)
    assert sorted(labels.all_text_contents()) == sorted(p["text"] for p in data.labels)
    expect(the_map.locator(".pw-map-label:visible").first).to_be_visible()
    expect(the_map.locator(".pw-map-count")).to_have_text("101 papers")

    if ui == "lab":
        readme_screenshot(the_map.locator(".pw-map-stage"), "map")
    points = screen_points(page, data.xy)
    one = lonely_point(points)
    page.mouse.move(*points[one].tolist())
    expect(the_map.locator(".pw-map-tooltip")).to_have_text(corpus.papers["title"][one])
    page.mouse.click(*points[one].tolist())
    expect(the_map.locator(".pw-card .pw-title")).to_have_text(corpus.papers["title"][one])

    five = lasso_tag_five(page, the_map, data.xy, TAG)  # points measured anew: the card scrolls

    def tagged():
        notes = pw.Notes(notebook_dir / "paper-notes.ipynb", read_only=True)
        return sorted(a.id for a in notes if TAG in a.tags)

    expected = sorted(corpus.papers["id"][five])
    poll(lambda: tagged() == expected, what="the notes file to tag the 5 lassoed papers")
    titles = the_map.locator(".pw-selection-titles li").all_text_contents()
    assert sorted(titles) == sorted(corpus.papers["title"][five])
    the_map.locator(".pw-map-undo-btn").click()  # one undo takes the tag off all five
    poll(lambda: tagged() == [], what="the undo of the lasso's tag")
    the_map.locator(".pw-map-tag-btn").click()
    poll(lambda: tagged() == expected, what="the tag again")
    the_map.locator(".pw-map-untag-btn").click()  # and the lasso can untag
    poll(lambda: tagged() == [], what="the lasso's untag")
    assert stderr_outputs(page) == []
