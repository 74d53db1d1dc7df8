"""Notes out of the store: a DataFrame, Markdown, BibTeX, CSL-JSON, RIS, W3C Web Annotation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from paperwidgets import links
from paperwidgets.notes.bibformats import to_bibtex, to_csl_json, to_ris
from paperwidgets.notes.cells import cell_id, render_annotation
from paperwidgets.notes.model import FIELDS, Annotation, iso
from paperwidgets.notes.nbfile import atomic_write

if TYPE_CHECKING:
    import pandas as pd

FRAME_COLUMNS = ["id", *FIELDS, "created", "updated", "paper"]


def annotations_frame(annotations: list[Annotation]) -> pd.DataFrame:
    """One row per annotation: id, the fields, created/updated (UTC) and the paper info."""
    import pandas as pd

    rows = [
        {"id": a.id, **a.content(), "created": a.created, "updated": a.updated, "paper": a.paper}
        for a in annotations
    ]
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    frame["rating"] = frame["rating"].astype("Int64")
    for column in ("created", "updated"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def to_markdown(annotations: list[Annotation]) -> str:
    """All notes as one Markdown document; every untrusted text escaped."""
    cells = [render_annotation(a, markers=False) for a in annotations]
    return "\n\n---\n\n".join(["# Paper notes", *cells]) + "\n"


def to_web_annotations(annotations: list[Annotation]) -> dict[str, Any]:
    """A W3C Web Annotation collection: one annotation per note and per highlight."""
    items = [item for a in annotations for item in _web_items(a)]
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": "paperwidgets notes",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def paper_iri(paper: dict[str, Any]) -> str:
    """An IRI for a paper: arXiv abs page, doi.org, its http(s) URL, else a ``urn:``."""
    arxiv, doi = links.arxiv_of(paper), links.doi_of(paper)
    if arxiv:
        return links.arxiv_url(arxiv)
    if doi:
        return links.doi_url(doi)
    url = links.safe_url(paper.get("url"))
    if url and url.startswith(("http://", "https://")):
        return url
    return "urn:paperwidgets:paper:" + quote(str(paper["id"]), safe=":-._~")


def _web_items(annotation: Annotation) -> list[dict[str, Any]]:
    base = f"urn:paperwidgets:{cell_id(annotation.id)}"
    source = paper_iri(annotation.paper)
    bodies = [_text_body(annotation.note, "commenting", "text/markdown")] if annotation.note else []
    bodies += [_text_body(tag, "tagging") for tag in annotation.tags]
    if annotation.rating:
        bodies.append(_text_body(f"{annotation.rating}/5", "assessing"))
    bodies.append(_text_body(annotation.status, "classifying"))
    items = [_web_item(f"{base}#note", annotation, "commenting", bodies, source)]
    for n, highlight in enumerate(annotation.highlights):
        target = {"source": source, "selector": _selectors(highlight)}
        comment = highlight.get("comment")
        body = [_text_body(comment, "commenting")] if comment else []
        items.append(_web_item(f"{base}#h{n}", annotation, "highlighting", body, target))
    return items


def _web_item(uid: str, annotation: Annotation, motivation: str, body: list, target: Any) -> dict:
    item = {"id": uid, "type": "Annotation", "motivation": motivation, "target": target}
    item.update({"created": iso(annotation.created), "modified": iso(annotation.updated)})
    return {**item, "body": body} if body else item


def _text_body(value: str, purpose: str, fmt: str = "text/plain") -> dict[str, str]:
    return {"type": "TextualBody", "value": value, "purpose": purpose, "format": fmt}


def _selectors(highlight: dict[str, Any]) -> list[dict[str, Any]] | dict[str, Any]:
    quote = {"type": "TextQuoteSelector", "exact": highlight["quote"]}
    quote.update({k: highlight[k] for k in ("prefix", "suffix") if k in highlight})
    if "start" in highlight and "end" in highlight:
        position = {"type": "TextPositionSelector"}
        position.update(start=highlight["start"], end=highlight["end"])
        return [quote, position]
    return quote


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


EXPORTERS: dict[str, Callable[[list[Annotation]], str]] = {
    ".md": to_markdown,
    ".bib": to_bibtex,
    ".json": lambda annotations: _json_text(to_csl_json(annotations)),
    ".jsonld": lambda annotations: _json_text(to_web_annotations(annotations)),
    ".ris": to_ris,
}


def export(annotations: list[Annotation], path: Path) -> Path:
    """Write ``annotations`` in the format the extension names; the path written."""
    exporter = EXPORTERS.get(path.suffix.lower())
    if exporter is None:
        raise ValueError(f"{path}: export to one of {', '.join(EXPORTERS)}, not {path.suffix!r}")
    atomic_write(path, exporter(annotations))
    return path
