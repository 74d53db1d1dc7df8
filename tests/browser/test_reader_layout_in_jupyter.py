"""The Reader at the sizes people use, in a real JupyterLab 4 and Notebook 7.

At 900 px (file browser open) and 2,400 px: the card column is at least 400 px wide, the
Reader is not squeezed into a scrolled output box, the related papers' score bars sit next to
their titles, and in the dark theme text and pressed buttons keep a 4.5:1 contrast.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.jupyter import UIS, WIDTHS, open_reader, readme_screenshot

# the nearest ancestor of the Reader that clips or scrolls it, and by how much
SCROLL_BOX_JS = """(el) => {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    const clips = /(auto|scroll|hidden)/.test(style.overflowY);
    if (clips && node.clientHeight + 2 < el.offsetHeight && node.closest('.jp-Cell')) {
      return {cls: node.className, height: node.clientHeight, reader: el.offsetHeight};
    }
  }
  return null;
}"""

CONTRAST_JS = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("ui", UIS)
def test_reader_fits_every_width(ui, width, page: Page, jupyter_server, notebook_dir, page_errors):
    reader = open_reader(page, jupyter_server, notebook_dir, ui, width, f"layout-{width}.ipynb")
    card = reader.locator(".pw-card").bounding_box()
    assert card["width"] >= 400, card
    rows = reader.locator(".pw-list").bounding_box()
    if width <= 1000:  # list above the card, both full width
        assert rows["y"] + rows["height"] <= card["y"] + 1
    else:  # side by side; the related papers' bars sit next to their titles
        assert rows["x"] + rows["width"] <= card["x"]
        title = reader.locator(".pw-neighbour-title").first.bounding_box()
        bar = reader.locator(".pw-neighbour .pw-meter").first.bounding_box()
        assert bar["x"] - (title["x"] + title["width"]) < 400, (title, bar)
    assert reader.evaluate(SCROLL_BOX_JS) is None
    # a save re-renders the notes mirror below: still no scrolled output box
    reader.focus()
    page.keyboard.press("4")
    expect(reader.locator(".pw-save-state")).to_have_text("Saved")
    page.wait_for_timeout(300)
    assert reader.evaluate(SCROLL_BOX_JS) is None
    shot = {("lab", 900): "reader-narrow", ("lab", 2400): "reader-wide"}
    shot[("notebook7", 900)] = "reader-notebook7"
    if (ui, width) in shot:
        tall_screenshot(page, page if ui == "notebook7" else reader, shot[(ui, width)])


@pytest.mark.parametrize("ui", UIS)
def test_dark_theme_contrast(ui, page: Page, jupyter_server, notebook_dir, page_errors):
    reader = open_reader(page, jupyter_server, notebook_dir, ui, 1400, "dark.ipynb")
    set_theme(page, "JupyterLab Dark", light="false")
    try:
        reader.locator(".pw-seg[data-status='reading']").click()
        assert reader.evaluate(CONTRAST_JS) == []
        if ui == "lab":
            tall_screenshot(page, reader, "reader-dark")
        reader.locator(".pw-view-map").click()
        lasso = reader.locator(".pw-map-lasso")
        expect(lasso).to_have_attribute("aria-pressed", "true", timeout=60_000)
        assert reader.evaluate(CONTRAST_JS) == []
    finally:  # the theme is a user setting: the next tests get the light one back
        set_theme(page, "JupyterLab Light", light="true")


def tall_screenshot(page: Page, target, name: str) -> None:
    """A README picture on a tall window, so the whole Reader is in it."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 2000})
    page.wait_for_timeout(200)
    readme_screenshot(target, name)
    page.set_viewport_size(size)


def set_theme(page: Page, theme: str, light: str) -> None:
    page.evaluate(
        "(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme
    )
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{light}'")
