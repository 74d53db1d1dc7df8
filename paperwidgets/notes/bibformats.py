"""Notes as bibliographies you can cite from: BibTeX, CSL-JSON and RIS.

Each entry carries the paper's own citekey (or a new Better BibTeX-style one, citation.py),
its type and fields from the source (journal, volume, pages, booktitle, eprint…), the note
(``annote`` / ``note`` / ``N1``) and the tags. BibTeX text is LaTeX-escaped in every field.
"""

from __future__ import annotations

import re
from typing import Any

from paperwidgets.format import arxiv_url, safe_url
from paperwidgets.notes.cells import highlight_place
from paperwidgets.notes.citation import citation_keys
from paperwidgets.notes.model import Annotation

# a source's own type (BibTeX, CSL-JSON, RIS TY, Zotero) -> BibTeX entry type
BIB_TYPES = {
    "article": "article", "article-journal": "article", "article-magazine": "article",
    "article-newspaper": "article", "jour": "article", "jfull": "article", "mgzn": "article",
    "journalarticle": "article", "inproceedings": "inproceedings", "conference": "inproceedings",
    "paper-conference": "inproceedings", "conf": "inproceedings", "cpaper": "inproceedings",
    "conferencepaper": "inproceedings", "book": "book", "mvbook": "book", "incollection":
    "incollection", "chapter": "incollection", "chap": "incollection", "booksection":
    "incollection", "inbook": "inbook", "phdthesis": "phdthesis", "thesis": "phdthesis",
    "thes": "phdthesis", "mastersthesis": "mastersthesis", "techreport": "techreport",
    "report": "techreport", "rprt": "techreport", "online": "online", "webpage": "online",
    "web_page": "online", "elec": "online", "misc": "misc", "manual": "manual",
}  # fmt: skip
# BibTeX entry type -> (CSL type, RIS TY)
OTHER_TYPES = {
    "article": ("article-journal", "JOUR"), "inproceedings": ("paper-conference", "CPAPER"),
    "book": ("book", "BOOK"), "incollection": ("chapter", "CHAP"), "inbook": ("chapter", "CHAP"),
    "phdthesis": ("thesis", "THES"), "mastersthesis": ("thesis", "THES"),
    "techreport": ("report", "RPRT"), "online": ("webpage", "ELEC"), "manual": ("book", "BOOK"),
}  # fmt: skip
VENUE_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle",
               "inbook": "booktitle"}  # fmt: skip
LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
         "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}  # fmt: skip
_LATEX = re.compile("|".join(re.escape(c) for c in LATEX))
_URL_UNSAFE = re.compile(r"[\s{}\\%\"]")  # braces, backslash, % and space in a URL field
# an arXiv id as arXiv issues them: 2501.00001, 0704.0001v2, hep-th/9901001, math.GT/0309136
ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
# a DOI: 10.NNNN/ and a suffix of printable ASCII (what Crossref registers)
DOI = re.compile(r"10\.\d{4,9}/[!-~]{1,400}")


def latex(text: str) -> str:
    """Text as LaTeX: the ten special characters escaped, so nothing cuts or breaks a field."""
    return _LATEX.sub(lambda m: LATEX[m.group(0)], str(text))


def url_value(text: str) -> str:
    """A URL/DOI for a verbatim field: characters that would end or comment it %-encoded."""
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", str(text))


def checked_arxiv(text: str) -> str:
    """``text`` if it is an arXiv id, else '': an id from a listing is untrusted text."""
    return text if ARXIV_ID.fullmatch(text) else ""


def checked_doi(text: str) -> str:
    """``text`` if it is a DOI, else ''."""
    return text if DOI.fullmatch(text) else ""


def entry_type(paper: dict[str, Any]) -> str:
    """The BibTeX type: the source's own, else @misc for arXiv, @online for a URL only."""
    cite = paper.get("cite") or {}
    own = BIB_TYPES.get(re.sub(r"[\s_]", "", str(cite.get("type", ""))).lower())
    own = own or BIB_TYPES.get(str(cite.get("type", "")).lower())
    if own:
        return own
    if str(paper["id"]).startswith(("arxiv:", "doi:")) or not safe_url(paper.get("url")):
        return "misc"
    return "online"


def _ids(paper: dict[str, Any]) -> tuple[str, str]:
    """(arXiv id, DOI) of a stored paper, each '' unless it matches its pattern."""
    pid, cite = str(paper["id"]), paper.get("cite") or {}
    arxiv = pid[6:] if pid.startswith("arxiv:") else ""
    doi = pid[4:] if pid.startswith("doi:") else str(cite.get("doi", ""))
    return checked_arxiv(arxiv), checked_doi(doi)


def _year(paper: dict[str, Any]) -> str:
    match = re.match(r"\d{4}", str(paper.get("published") or ""))
    return match.group(0) if match else ""


def _author(name: str) -> str:
    """One BibTeX name; a name holding 'and' or '&' (a company) is braced so it stays one."""
    text = latex(name)
    return f"{{{text}}}" if re.search(r"\sand\s|&", name, re.I) else text


def _bib_fields(annotation: Annotation, kind: str) -> dict[str, str]:
    paper, cite = annotation.paper, annotation.paper.get("cite") or {}
    arxiv, doi = _ids(paper)
    text = {
        "title": paper.get("title"),
        VENUE_FIELD.get(kind, "publisher" if kind != "misc" else "howpublished"): cite.get("venue"),
        "volume": cite.get("volume"),
        "number": cite.get("number"),
        "pages": re.sub(r"\s*[-–]+\s*", "--", cite.get("pages", "")),
        "year": _year(paper),
        "annote": _annote(annotation),
        "keywords": ", ".join(annotation.tags),
    }
    fields = {k: latex(v) for k, v in text.items() if v}
    if "title" in fields:  # braced: BibTeX styles and pandoc keep its capitals as written
        fields["title"] = "{" + fields["title"] + "}"
    fields["author"] = " and ".join(_author(a) for a in paper.get("authors") or [])
    if arxiv:
        fields.update(eprint=arxiv, archiveprefix="arXiv")
        fields["primaryclass"] = latex(cite.get("primaryclass", ""))
    fields.update(doi=url_value(doi), url=url_value(safe_url(paper.get("url")) or ""))
    return {k: v for k, v in fields.items() if v}


def _annote(annotation: Annotation) -> str:
    """The note, then each full-text highlight: where (page, category), quote, comment."""
    lines = [annotation.note] if annotation.note else []
    for highlight in annotation.highlights:
        if not highlight.get("source"):
            continue  # the abstract's highlights stay in the notes file
        where = highlight_place(highlight)
        comment = f" ({highlight['comment']})" if highlight.get("comment") else ""
        lines.append(f"{where + ': ' if where else ''}\u201c{highlight['quote']}\u201d{comment}")
    return "\n\n".join(lines)


def to_bibtex(annotations: list[Annotation]) -> str:
    """BibTeX entries: the paper's own key and type, its fields, ``annote`` and ``keywords``."""
    keys = citation_keys(a.paper for a in annotations)
    entries = []
    for key, annotation in zip(keys, annotations, strict=True):
        kind = entry_type(annotation.paper)
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in _bib_fields(annotation, kind).items())
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def _csl_item(key: str, annotation: Annotation) -> dict[str, Any]:
    paper, cite = annotation.paper, annotation.paper.get("cite") or {}
    arxiv, doi = _ids(paper)
    kind = entry_type(paper)
    item: dict[str, Any] = {"id": key, "citation-key": key, "title": paper.get("title")}
    item["custom"] = {"paperwidgets-id": paper["id"]}  # pandoc cites by id: the id is the key
    item["type"] = OTHER_TYPES.get(kind, ("article" if arxiv else "document", ""))[0]
    item["author"] = [{"literal": name} for name in paper.get("authors") or []]
    parts = [int(p) for p in re.findall(r"\d+", (paper.get("published") or "")[:10])]
    if parts:
        item["issued"] = {"date-parts": [parts]}
    item.update({"container-title": cite.get("venue"), "volume": cite.get("volume")})
    item.update({"issue": cite.get("number"), "page": cite.get("pages"), "DOI": doi})
    if arxiv:
        item.update(number=f"arXiv:{arxiv}", publisher="arXiv")
    item.update({"URL": safe_url(paper.get("url")), "note": annotation.note})
    item["keyword"] = ", ".join(annotation.tags)
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def to_csl_json(annotations: list[Annotation]) -> list[dict[str, Any]]:
    """CSL-JSON items (Zotero, pandoc) with ``citation-key``, the note and the tags."""
    keys = citation_keys(a.paper for a in annotations)
    return [_csl_item(k, a) for k, a in zip(keys, annotations, strict=True)]


def _ris_entry(key: str, annotation: Annotation) -> dict[str, Any]:
    paper, cite = annotation.paper, annotation.paper.get("cite") or {}
    arxiv, doi = _ids(paper)
    kind = entry_type(paper)
    pages = [*re.split(r"\s*[-–]+\s*", cite.get("pages", ""), maxsplit=1), ""]
    entry = {
        "type_of_reference": OTHER_TYPES.get(kind, ("", "GEN"))[1],
        "id": key,
        "title": paper.get("title"),
        "authors": list(paper.get("authors") or []),
        "year": _year(paper),
        "secondary_title": cite.get("venue"),
        "volume": cite.get("volume"),
        "number": cite.get("number"),
        "start_page": pages[0],
        "end_page": pages[1],
        "doi": doi,
        "urls": [u for u in (safe_url(paper.get("url")), arxiv and arxiv_url(arxiv)) if u],
        "notes": [annotation.note] if annotation.note else [],
        "keywords": list(annotation.tags),
    }
    return {k: _one_line(v) for k, v in entry.items() if v}


def _one_line(value: Any) -> Any:
    """RIS is one value per line: newlines in a value become spaces."""
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    return " ".join(str(value).split())


def to_ris(annotations: list[Annotation]) -> str:
    """RIS records (through rispy) with ``ID`` the citekey, the note in ``N1``, tags in ``KW``."""
    import rispy

    class Writer(rispy.RisWriter):  # type: ignore[misc]  # rispy has no type hints
        """rispy's writer without its "1." line before each record (not RIS)."""

        def set_header(self, count: int) -> str:
            return ""

    keys = citation_keys(a.paper for a in annotations)
    entries = [_ris_entry(k, a) for k, a in zip(keys, annotations, strict=True)]
    return str(rispy.dumps(entries, implementation=Writer))
