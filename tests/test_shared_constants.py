"""Python and the front-end share one file of constants, paperwidgets/constants.json: statuses,
the rating range, the map's colourings and topic colours, the sanitiser's rules, MIME types.

Checked here: the JS sources (imported by Node) and the built bundles carry the file's values,
the notes store accepts exactly its statuses and ratings, and the two sanitisers (nh3 in Python,
DOMPurify in JS) keep the same tags and links for the same note.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paperwidgets import constants, fallbacks
from paperwidgets.notes import model

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "js"
SHARED = json.loads((ROOT / "paperwidgets" / "constants.json").read_text(encoding="utf-8"))
NOTE = (
    "# Head\n\n**bold** *it* `code` <b>raw</b> <script>alert(1)</script>\n\n3. three\n4. four\n\n"
    '> quoted\n\n- [a link](https://example.org "its title") [bad](javascript:alert(1)) '
    "[mail](mailto:a@b.org) ![img](https://example.org/x.png)\n\n---\n\n```\nblock\n```\n"
)
MAP_VALUES = SHARED["map"]["topic_colours"] + SHARED["map"]["colourings"]
PROBE = """
const { JSDOM } = await import("jsdom");
const panel = await import("./src/annotation.js");
const core = await import("./src/lib/notes-core.js");
const map = await import("./src/lib/constants.js");
const { noteHtml } = await import("./src/lib/sanitize.js");
const ratings = [null, 0, 1, 2, 3, 4, 5, 6, 2.5];
const statuses = [...core.STATUSES, "done", ""];
console.log(JSON.stringify({
  panel: panel.STATUSES, core: core.STATUSES, colourings: map.COLOURINGS,
  topic_colours: map.TOPIC_COLOURS,
  mimes: {notes: core.NOTES_MIME, card: core.CARD_MIME, map: core.MAP_MIME,
          neighbours: core.NEIGHBOURS_MIME},
  ratings: ratings.map((rating) => [rating, core.noteItem({rating}).rating]),
  statuses: statuses.map((status) => [status, core.noteItem({status}).status]),
  note: noteHtml(process.argv[1], new JSDOM("").window),
}));
"""


@pytest.fixture(scope="module")
def js() -> dict:
    """What js/src says, printed by Node."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is needed to read the front-end's constants")
    run = subprocess.run(
        ["node", "--input-type=module", "-e", PROBE, NOTE],
        cwd=JS, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_python_reads_the_shared_file():
    assert list(constants.STATUSES) == SHARED["notes"]["statuses"] == list(model.STATUSES)
    assert (constants.RATING_MIN, constants.RATING_MAX) == (1, 5)
    assert list(constants.TOPIC_COLOURS) == SHARED["map"]["topic_colours"]
    mimes = (
        constants.NOTES_MIME,
        constants.CARD_MIME,
        constants.MAP_MIME,
        constants.NEIGHBOURS_MIME,
    )
    assert mimes == tuple(SHARED["mime"][k] for k in ("notes", "card", "map", "neighbours"))


def test_the_js_sources_read_the_shared_file(js):
    assert js["panel"] == js["core"] == SHARED["notes"]["statuses"]
    assert js["colourings"] == SHARED["map"]["colourings"]
    assert js["topic_colours"] == SHARED["map"]["topic_colours"]
    assert js["mimes"] == SHARED["mime"]


def test_no_copy_of_a_shared_value_is_left_in_the_sources():
    """A MIME type, a palette colour or a whole list is written in constants.json only."""
    lists = [SHARED["notes"]["statuses"], SHARED["map"]["colourings"], SHARED["sanitiser"]["tags"]]
    copies = [*SHARED["mime"].values(), SHARED["map"]["topic_colours"][7]]
    copies += [", ".join(f"{q}{item}{q}" for item in items[:3]) for items in lists for q in "\"'"]
    sources = [*(ROOT / "paperwidgets").rglob("*.py"), *(JS / "src").rglob("*.js")]
    for value in copies:
        holding = [p.relative_to(ROOT).as_posix() for p in sources if value in p.read_text("utf-8")]
        assert holding == [], f"{value} is written again in {holding}"


@pytest.mark.parametrize(
    ("bundle", "values"),
    [
        ("paperwidgets/static/card.js", [SHARED["mime"]["card"], "skipped"]),
        ("paperwidgets/static/map.js", MAP_VALUES),
        ("paperwidgets/labextension", list(SHARED["mime"].values())),
    ],
)  # fmt: skip
def test_the_built_bundles_carry_the_shared_values(bundle, values):
    built = ROOT / bundle
    if not built.exists():
        pytest.skip(f"{bundle} is built by `make build`")
    files = [built] if built.is_file() else list(built.rglob("*.js"))
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    assert [v for v in values if v not in text] == []


def test_the_shared_rendering_keeps_exactly_the_ratings_the_store_accepts(js):
    for rating, shown in js["ratings"]:
        try:
            accepted = model.checked_fields({"rating": rating})["rating"]
        except ValueError:
            accepted = None
        assert shown == (accepted or 0), rating


def test_the_shared_rendering_keeps_exactly_the_statuses_the_store_accepts(js):
    for status, shown in js["statuses"]:
        assert (shown == status) == (status in model.STATUSES), status


def kept(html: str) -> tuple[list[str], list[str]]:
    """The tags (in order) and the link targets an HTML fragment holds. A link whose target
    was dropped is inert either way: text in Python, an <a> without href in the browser."""
    tags = [tag for tag in re.findall(r"<([a-z0-9]+)", html) if tag != "a"]
    return tags, re.findall(r'<a [^>]*href="([^"]*)"', html)


def test_both_sanitisers_keep_the_same_tags_and_links(js):
    python, browser = kept(fallbacks.markdown_html(NOTE)), kept(js["note"])
    assert python == browser
    tags, links = python
    assert set(tags) <= set(SHARED["sanitiser"]["tags"]) and "script" not in tags
    assert links == ["https://example.org", "mailto:a@b.org"]
