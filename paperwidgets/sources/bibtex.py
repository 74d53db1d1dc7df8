"""BibTeX and BibLaTeX files, read with ``bibtexparser`` v2 and its middlewares.

``@string`` macros are interpolated, LaTeX accents decoded to unicode, protective braces
dropped, ``crossref`` parents fill the fields a child lacks, and entries that repeat a key
(common in Mendeley exports) are kept, not lost. ``@comment`` and ``@preamble`` are ignored.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from paperwidgets.errors import LoadError
from paperwidgets.progress import progress
from paperwidgets.sources.records import (
    MAX_FIELD,
    Record,
    arxiv_id,
    clean_text,
    date_of,
    doi_of,
    ids_of,
    iso_date,
    keep_titled,
    month_number,
    record,
)

if TYPE_CHECKING:
    from bibtexparser.middlewares.middleware import Middleware

_SNIFF = re.compile(r"^[ \t]*@[A-Za-z_]+[ \t]*[{(]", re.M)
_ARXIV_IN_TEXT = re.compile(r"arXiv[:\s]*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
_NOOPSORT = re.compile(r"\\noopsort\s*\{[^{}]*\}")  # a sort key that prints nothing
ORIGINAL_KEY = "x-paperwidgets-key"  # where a repeated entry keeps its key
# fields decoded as LaTeX text; the others (url, doi, eprint…) are identifiers, kept verbatim
TEXT = {"title", "author", "abstract", "journal", "journaltitle", "booktitle", "publisher",
        "keywords", "year", "date", "month", "note", "howpublished"}  # fmt: skip
# the fields a record uses: others are dropped before LaTeX decoding, which is the slow step
FIELDS = {
    "title", "author", "abstract", "year", "date", "month", "doi", "eprint", "archiveprefix",
    "eprinttype", "primaryclass", "eprintclass", "url", "journal", "journaltitle", "booktitle",
    "keywords", "crossref", "publisher", "volume", "number", "pages", "note", "howpublished",
    ORIGINAL_KEY,
}  # fmt: skip


def looks_like(text: str) -> bool:
    """A line that opens an ``@type{`` or ``@type(`` block."""
    return bool(_SNIFF.search(text))


def _middlewares() -> list[Middleware]:
    """Our one-pass preparation, then bibtexparser's LaTeX decoding (with a fast path)."""
    from bibtexparser import middlewares as mw
    from bibtexparser.library import Library
    from bibtexparser.middlewares.names import split_multiple_persons_names
    from bibtexparser.model import DuplicateBlockKeyBlock

    class Prepare(mw.LibraryMiddleware):
        """Keep repeated-key entries, keep FIELDS only, interpolate macros, split authors."""

        def transform(self, library: Any) -> Any:
            if any(isinstance(b, DuplicateBlockKeyBlock) for b in library.failed_blocks):
                library = Library([_renamed(b) for b in library.blocks], False)
            macros: dict[str, str] = {}
            for string in library.strings:
                value = interpolate(string.value, macros)
                macros[string.key.lower()] = _bounded(value, f"@string {string.key}")
            for entry in library.entries:
                entry.fields = [f for f in entry.fields if _lower(f).key in FIELDS]
                for field in entry.fields:
                    value = interpolate(str(field.value), macros)
                    field.value = _bounded(value, f"entry {entry.key.split(chr(0))[0]}")
                    if field.key == "author":
                        field.value = split_multiple_persons_names(field.value)
            return library

    class DecodeLatex(mw.LatexDecodingMiddleware):
        """LaTeX → unicode; values with no LaTeX command just lose braces (decoding is slow)."""

        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if "\\" not in python_string:
                return _unbrace(python_string), ""
            decode = super()._transform_python_value_string
            return " ".join(
                decode(p)[0] if "\\" in p else _unbrace(p)
                for p in _sentences(_NOOPSORT.sub("", python_string))
            ), ""

        def transform_entry(self, entry: Any, library: Any) -> Any:
            for field in entry.fields:
                decode = self._transform_python_value_string if field.key in TEXT else _verbatim
                values = field.value if isinstance(field.value, list) else [field.value]
                decoded = [decode(v)[0] for v in values]
                field.value = decoded if isinstance(field.value, list) else decoded[0]
            return entry

    return [Prepare(), DecodeLatex(decoder=_decoder())]


def _decoder() -> Any:
    """pylatexenc's decoder as bibtexparser builds it, plus BibTeX idioms it does not know."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    macros = [MacroTextSpec(m, simplify_repl="%s") for m in ("url", "mbox", "hbox", "textsc")]
    db.add_context_category("paperwidgets-bibtex", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=db, keep_braced_groups=False, math_mode="verbatim")


def _split_concat(value: str) -> list[str]:
    """The ``#``-separated parts of a BibTeX value (``#`` inside braces or quotes is text)."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:i])
            start = i + 1
    return [*parts, value[start:]]


class TooLong(Exception):
    """A field longer than MAX_FIELD (a macro bomb): ``args`` are (record, reason)."""


def _bounded(value: str, record: str) -> str:
    """`value`, or TooLong when macros made it longer than any real field."""
    if len(value) > MAX_FIELD:
        reason = f"a value longer than {MAX_FIELD:,} characters (@string macros that grow?)"
        raise TooLong(record, reason)
    return value


def interpolate(value: str, macros: dict[str, str]) -> str:
    """A raw BibTeX value as text: enclosing dropped, macros replaced, ``#`` parts joined."""
    parts = _split_concat(value) if "#" in value else [value]
    out = []
    for part in (p.strip() for p in parts):
        if len(part) > 1 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        else:
            out.append(macros.get(part.lower(), part))
    return "".join(out)


def _sentences(text: str) -> list[str]:
    """A long value cut at sentence ends, when every piece balances its braces and ``$``:
    the decoder is slow on long text, so only the sentences with a command go through it."""
    if len(text) < 500:
        return [text]
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    balanced = all(p.count("{") == p.count("}") and p.count("$") % 2 == 0 for p in pieces)
    return pieces if balanced else [text]


def _verbatim(text: str) -> tuple[str, str]:
    """A URL, DOI or id: braces and escapes dropped, never LaTeX-decoded (``%`` is no comment)."""
    return re.sub(r"\\([_%&#$])", r"\1", _unbrace(text)), ""


def _unbrace(text: str) -> str:
    """A value with no LaTeX command, without its protective braces and ties."""
    return text.replace("{", "").replace("}", "").replace("~", " ")


def _lower(field: Any) -> Any:
    field.key = field.key.lower()
    return field


def _renamed(block: Any) -> Any:
    """The entry of a DuplicateBlockKeyBlock, under a unique key (the original one is kept)."""
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field

    entry = getattr(block, "ignore_error_block", None)
    if not isinstance(block, DuplicateBlockKeyBlock) or not isinstance(entry, Entry):
        return block
    entry.fields.append(Field(ORIGINAL_KEY, entry.key))
    entry.key = f"{entry.key}\x00{block.start_line}"
    return entry


def parse(text: str, name: str) -> Any:
    """The bibtexparser Library of a text; LoadError when the parser itself gives up."""
    from bibtexparser.entrypoint import parse_string

    try:
        return parse_string(text, parse_stack=_middlewares())
    except TooLong as err:
        raise LoadError(name, err.args[1], err.args[0]) from None
    except Exception as err:  # a third-party parser: any failure means "not readable BibTeX"
        raise LoadError(name, f"BibTeX parser failed: {err}") from None


def _with_crossref(fields: dict[str, Any], parents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Fields a child entry lacks, taken from its crossref parent (parent title → booktitle)."""
    parent = parents.get(str(fields.get("crossref", "")).lower())
    if not parent:
        return fields
    inherited = {k: v for k, v in parent.items() if k not in ("title", "crossref")}
    if "title" in parent:
        inherited.setdefault("booktitle", parent["title"])
    return {**inherited, **fields}


def _arxiv(fields: dict[str, Any]) -> str | None:
    eprint = str(fields.get("eprint", ""))
    kind = str(fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    if eprint and kind == "arxiv" and arxiv_id(eprint):
        return arxiv_id(eprint)
    if "arxiv.org/" in str(fields.get("url", "")):
        return arxiv_id(str(fields["url"]))
    for key in ("journal", "note", "howpublished"):
        match = _ARXIV_IN_TEXT.search(str(fields.get(key, "")))
        if match:
            return match.group(1)
    return None


def _authors(value: Any) -> list[str]:
    """'First von Last Jr' names; only 'Last, First' forms need bibtexparser's name parser."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    names = [clean_text(n) for n in (value if isinstance(value, list) else [value]) if n]
    return [
        parse_single_name_into_parts(n, strict=False).merge_first_name_first if "," in n else n
        for n in names
        if n
    ]


def _extra(entry: Any, fields: dict[str, Any], doi: str) -> dict[str, Any]:
    out = {
        "key": fields.get(ORIGINAL_KEY, entry.key),
        "type": entry.entry_type.lower(),
        "venue": clean_text(
            fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
        ),
        "doi": doi,
        "publisher": clean_text(fields.get("publisher")),
        **{k: clean_text(fields.get(k)) for k in ("volume", "number", "pages")},
        "keywords": [
            k.strip() for k in re.split(r"[;,]", str(fields.get("keywords", ""))) if k.strip()
        ],
    }
    return {key: value for key, value in out.items() if value}


def to_record(entry: Any, fields: dict[str, Any], name: str) -> Record:
    """One canonical record from a parsed entry's (crossref-completed) fields."""
    doi = doi_of(fields.get("doi")) or doi_of(fields.get("url"))
    arxiv = _arxiv(fields)
    title = clean_text(fields.get("title"))
    url = clean_text(fields.get("url")) or (f"https://doi.org/{doi}" if doi else "")
    published = date_of(fields.get("date")) or iso_date(
        date_of(fields.get("year")), month_number(fields.get("month"))
    )
    return record(
        id=ids_of(arxiv=arxiv, doi=doi, title=title),
        title=title,
        authors=_authors(fields.get("author")),
        abstract=clean_text(fields.get("abstract")),
        published=published,
        url=url or (f"https://arxiv.org/abs/{arxiv}" if arxiv else ""),
        pdf_url=f"https://arxiv.org/pdf/{arxiv}" if arxiv else "",
        categories=[
            c for c in [clean_text(fields.get("primaryclass") or fields.get("eprintclass"))] if c
        ],
        source=name,
        extra=_extra(entry, fields, doi),
    )


def _report_failures(library: Any, name: str) -> None:
    """LoadError if nothing parsed; one warning counting unparseable blocks otherwise."""
    import warnings

    from bibtexparser.model import DuplicateBlockKeyBlock

    failed = [b for b in library.failed_blocks if not isinstance(b, DuplicateBlockKeyBlock)]
    if not failed:
        return
    first = failed[0]
    where = f"line {(first.start_line or 0) + 1}"
    if not library.entries:
        raise LoadError(name, f"unreadable BibTeX block: {first.error}", where)
    warnings.warn(
        f"{name}: skipped {len(failed)} unreadable BibTeX blocks (first at {where}: {first.error})",
        UserWarning,
        stacklevel=3,
    )


def read(text: str, name: str) -> list[Record]:
    """Records of a BibTeX/BibLaTeX text; LoadError when it holds no entry at all."""
    library = parse(text, name)
    _report_failures(library, name)
    if not library.entries:
        raise LoadError(name, "no BibTeX entries (@article{…}, @book{…}, …) found")
    entries = library.entries
    linked = any("crossref" in e.fields_dict for e in entries)
    parents = {e.key.lower(): {f.key: f.value for f in e.fields} for e in entries if linked}
    records = []
    for entry in progress(entries, f"reading {name}", "rec"):
        fields = _with_crossref({f.key: f.value for f in entry.fields}, parents)
        records.append(to_record(entry, fields, name))
    return keep_titled(records, name)
