"""Notes never phone home: a Markdown image in a note is a link in every rendering."""

from __future__ import annotations

import subprocess
import sys

import nbformat
from test_notes import PAPER
from test_notes_exports import _Tags  # every start tag of an HTML page

from paperwidgets import Notes, export_annotated

IMAGE = "http://tracker.example/pixel.png"
NOTE = f"see ![a chart]({IMAGE}) and ![ref][r]\n\n[r]: {IMAGE}"


def rendered(markdown: str) -> list[tuple[str, dict]]:
    """Start tags of the Markdown as nbconvert/JupyterLab-style CommonMark renders it."""
    from paperwidgets.fallbacks import markdown_html

    parser = _Tags()
    parser.feed(markdown_html(markdown))
    return parser.tags


def test_an_image_in_a_note_is_a_link_in_the_notes_file_and_exports(tmp_path):
    notes = Notes(tmp_path / "paper-notes.ipynb")
    notes.set(PAPER, note=NOTE)
    assert Notes(notes.path).get(PAPER["id"]).note == NOTE  # the escaping is reversible
    source = nbformat.read(notes.path, as_version=4).cells[-1].source
    markdown = notes.to_markdown()
    dst = export_annotated(_plain(tmp_path), tmp_path / "annotated.ipynb", notes)
    copy = nbformat.read(dst, as_version=4).cells[-1].source
    for text in (source, markdown, copy):
        tags = rendered(text)
        assert "img" not in [tag for tag, _ in tags]
        assert any(tag == "a" and attrs.get("href") == IMAGE for tag, attrs in tags)  # a link


def test_nbconvert_html_of_the_notes_file_fetches_no_image(tmp_path):
    notes = Notes(tmp_path / "paper-notes.ipynb")
    notes.set(PAPER, note=NOTE)
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "html", str(notes.path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    parser = _Tags()
    parser.feed((tmp_path / "paper-notes.html").read_text())
    assert not [attrs for tag, attrs in parser.tags if tag == "img" and IMAGE in str(attrs)]
    assert any(tag == "a" and attrs.get("href") == IMAGE for tag, attrs in parser.tags)


def _plain(tmp_path):
    src = tmp_path / "analysis.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), src)
    return src
