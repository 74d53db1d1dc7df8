"""Notes out of the store: a DataFrame, Markdown, BibTeX, CSL-JSON, RIS, W3C Web Annotation."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from paperwidgets.format import arxiv_of, arxiv_url, doi_of, doi_url, safe_url
from paperwidgets.notes.bibformats import (
    checked_arxiv,
    checked_doi,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from paperwidgets.notes.cells import cell_id, highlight_markdown, meta_line, own_line, sections
from paperwidgets.notes.markdown import escape_note, markdown_link, markdown_text
from paperwidgets.notes.model import FIELDS, Annotation, Own, iso
from paperwidgets.notes.nbfile import atomic_write
from paperwidgets.notes.screenings import Logs, prisma_markdown

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


# a note line that would end its section: a heading, a thematic break, a setext underline
_BREAKING = re.compile(r"^( {0,3})(#|(?:[-*_][ \t]*){3,}$|=+[ \t]*$)", re.MULTILINE)


def to_markdown(
    annotations: list[Annotation], users: list[str] | None = None, screenings: Logs | None = None
) -> str:
    """All notes as one Markdown document: a ``##`` heading per paper, each person's values
    and note under a ``###`` heading with their name, then the PRISMA 2020 counts of each
    screening in ``screenings``; every untrusted text escaped."""
    parts = ["# Paper notes"]
    for annotation in annotations:
        paper = annotation.paper
        title = paper.get("title") or f"(untitled) {paper['id']}"
        parts += [
            f"## {markdown_link(title, paper.get('url'))}",
            markdown_text(meta_line(annotation)),
        ]
        parts += [highlight_markdown(h) for h in annotation.highlights]
        for name, own in sections(annotation):
            if users is not None and name not in users:
                continue
            line = markdown_text(own_line(own))
            head = f"### {markdown_text(name)}" if name else "### Note"
            parts.append(f"{head} — {line}" if line else head)
            parts.append(_BREAKING.sub(r"\1\\\2", escape_note(own.note)))
    parts += [prisma_markdown(name, logs) for name, logs in (screenings or {}).items()]
    return "\n\n".join(part for part in parts if part) + "\n"


def chosen(
    annotations: list[Annotation],
    *,
    tags: list[str] | None = None,
    min_rating: int | None = None,
    status: str | list[str] | None = None,
    users: list[str] | None = None,
) -> list[Annotation]:
    """The annotations with any of ``tags``, and a rating ≥ ``min_rating`` and a ``status``
    given by you (or by any of ``users``)."""
    statuses = [status] if isinstance(status, str) else status
    picked = []
    for a in annotations:
        judged = [a.own(name) for name in users] if users is not None else [_own_view(a)]
        if tags is not None and not set(tags) & set(a.tags):
            continue
        if min_rating is not None and not any((o.rating or 0) >= min_rating for o in judged):
            continue
        if statuses is not None and not any(o.status in statuses for o in judged):
            continue
        picked.append(a)
    return picked


def _own_view(annotation: Annotation) -> Own:
    return Own(annotation.note, annotation.rating, annotation.status)


def with_notes_of(annotation: Annotation, users: list[str] | None) -> Annotation:
    """The annotation carrying the notes of ``users`` (default: the viewer's own note), each
    under its author's name when there are several."""
    if users is None:
        return annotation
    notes = [(name, annotation.own(name).note) for name in users]
    notes = [(name, note) for name, note in notes if note.strip()]
    text = notes[0][1] if len(notes) == 1 else "\n\n".join(f"{n}: {t}" for n, t in notes)
    return dataclasses.replace(annotation, note=text)


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
    arxiv, doi = checked_arxiv(arxiv_of(paper)), checked_doi(doi_of(paper))
    if arxiv:
        return arxiv_url(arxiv)
    if doi:
        return doi_url(doi)
    url = safe_url(paper.get("url"))
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
        if safe_url(highlight.get("source")):  # made in a full text: the PDF or HTML it was in
            target = {**target, "source": highlight["source"], "scope": source}
        comment = highlight.get("comment")
        body = [_text_body(comment, "commenting")] if comment else []
        if highlight.get("category"):
            body.append(_text_body(highlight["category"], "classifying"))
        items.append(_web_item(f"{base}#h{n}", annotation, "highlighting", body, target))
    return items


def _web_item(
    uid: str, annotation: Annotation, motivation: str, body: list[Any], target: Any
) -> dict[str, Any]:
    item = {"id": uid, "type": "Annotation", "motivation": motivation, "target": target}
    item.update({"created": iso(annotation.created), "modified": iso(annotation.updated)})
    return {**item, "body": body} if body else item


def _text_body(value: str, purpose: str, fmt: str = "text/plain") -> dict[str, str]:
    return {"type": "TextualBody", "value": value, "purpose": purpose, "format": fmt}


def _selectors(highlight: dict[str, Any]) -> list[dict[str, Any]] | dict[str, Any]:
    quote = {"type": "TextQuoteSelector", "exact": highlight["quote"]}
    quote.update({k: highlight[k] for k in ("prefix", "suffix") if k in highlight})
    selectors = [quote]
    if "start" in highlight and "end" in highlight:
        position = {"type": "TextPositionSelector"}
        position.update(start=highlight["start"], end=highlight["end"])
        selectors.append(position)
    if "page" in highlight:  # a PDF's page, as RFC 3778's fragment names it
        page = {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3778"}
        selectors.append({**page, "value": f"page={highlight['page']}"})
    return selectors if len(selectors) > 1 else quote


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


EXPORTERS: dict[str, Callable[[list[Annotation]], str]] = {
    ".md": to_markdown,
    ".bib": to_bibtex,
    ".json": lambda annotations: _json_text(to_csl_json(annotations)),
    ".jsonld": lambda annotations: _json_text(to_web_annotations(annotations)),
    ".ris": to_ris,
}


def export(
    annotations: list[Annotation],
    path: Path,
    users: list[str] | None = None,
    screenings: Logs | None = None,
) -> Path:
    """Write ``annotations`` in the format the extension names; the path written.

    The .md has every person's note (or those of ``users``) and the PRISMA 2020 counts of
    ``screenings``; the others your note (or those of ``users``).
    """
    suffix = path.suffix.lower()
    exporter = EXPORTERS.get(suffix)
    if exporter is None:
        raise ValueError(f"{path}: export to one of {', '.join(EXPORTERS)}, not {path.suffix!r}")
    if suffix == ".md":
        text = to_markdown(annotations, users, screenings)
    else:
        text = exporter([with_notes_of(a, users) for a in annotations])
    atomic_write(path, text)
    return path
