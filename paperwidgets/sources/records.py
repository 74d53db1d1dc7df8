"""The canonical paper record every reader returns, and the stable ids derived from it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from paperwidgets.errors import LoadError

COLUMNS = [
    "id",
    "title",
    "authors",
    "abstract",
    "published",
    "url",
    "pdf_url",
    "categories",
    "source",
    "extra",
]
# one canonical record: the COLUMNS as keys (record() makes one); a reader's rows, mutated in
# place by the merge and the stand-in rules, so a plain dict rather than a TypedDict
Record = dict[str, Any]

# the longest text field read: 20x the longest field of the real libraries we measured (48,619
# characters, a Scopus "References" cell; the longest BibTeX field 4,207), far below a bomb
MAX_FIELD = 1_000_000
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
_ARXIV_URL = re.compile(r"^(https?://)?(export\.)?arxiv\.org/(abs|pdf)/")
_ARXIV_PREFIX = re.compile(r"^arxiv:", re.I)


def normalise_title(title: str) -> str:
    """Lower-case ASCII words of a title: the key that finds the same paper in two sources."""
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_only))


def arxiv_id(value: str) -> str | None:
    """The versionless arXiv id in an id or abs/pdf URL, or None."""
    candidate = _ARXIV_URL.sub("", value.strip())
    candidate = _ARXIV_PREFIX.sub("", candidate).removesuffix(".pdf")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(candidate)
        if match:
            return match.group(1)
    return None


def id_from(arxiv: str | None = None, doi: str | None = None, title: str = "") -> str:
    """Stable id: ``arxiv:<id>`` > ``doi:<doi>`` > ``title:<slug>`` (design §2)."""
    if arxiv:
        return f"arxiv:{arxiv}"
    if doi:
        return f"doi:{doi.strip().lower()}"
    return "title:" + normalise_title(title).replace(" ", "-")


def clean_text(value: Any) -> str:
    """Collapse runs of whitespace; None becomes the empty string. Never rewrites words."""
    if value is None:
        return ""
    return " ".join(str(value).split())


def record(**fields: Any) -> Record:
    """A canonical record with every column present (missing ones empty)."""
    out: Record = {
        "id": "",
        "title": "",
        "authors": [],
        "abstract": "",
        "published": None,
        "url": "",
        "pdf_url": "",
        "categories": [],
        "source": "",
        "extra": {},
    }
    unknown = set(fields) - set(out)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    out.update(fields)
    if not out["id"]:
        out["id"] = id_from(title=out["title"])
    return out


# --- helpers shared by the readers -------------------------------------------------------------

# HTML/JATS/MathML tags that Crossref and HF put in titles and abstracts (not "a<b and c>d")
_TAG = re.compile(
    r"</?(jats:[\w-]+|mml:[\w-]+|p|i|b|u|em|strong|sup|sub|sc|span|br|div|a|title)"
    r"""(\s+[\w:-]+=("[^"]*"|'[^']*'))*\s*/?>"""
)
_INLINE = {"i", "b", "u", "em", "strong", "sup", "sub", "sc", "span", "a", "jats:italic",
           "jats:bold", "jats:sup", "jats:sub", "jats:sc"}  # fmt: skip
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ISO_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_YMD = re.compile(r"^(\d{1,9})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?![\d])")
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
# dates with month names: "2019 Mar 15", "2020 Jan" (PubMed); "7 Jan 2020", "March 2020" (IEEE)
_YEAR_MONTH = re.compile(r"^(\d{4})\s+([A-Za-z]{3})[a-z]*\.?(?:\s+(\d{1,2}))?\b")
_DAY_MONTH = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})\b")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2[01]\d\d)(?!\d)")


def text_of(value: Any) -> str:
    """A field value as clean text: strings and numbers kept, NaN/None/containers empty."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float):
        return "" if value != value else clean_text(f"{value:g}")  # NaN != NaN
    if isinstance(value, str | int):
        return clean_text(value)
    return ""


def strip_tags(value: Any) -> str:
    """Text without HTML/JATS tags or entities, for formats that carry markup (Crossref, HF)."""
    import html

    text = text_of(value)
    if "<" not in text and "&" not in text:
        return text
    return clean_text(html.unescape(_TAG.sub(_tag_space, text)))


def _tag_space(match: re.Match[str]) -> str:
    """Inline tags (<i>, <sup>…) vanish; block tags (<p>, <jats:p>…) leave a space."""
    return "" if match.group(1) in _INLINE else " "


def doi_of(value: Any) -> str:
    """The bare DOI in a DOI, ``doi:`` or ``https://doi.org/`` value, or ''."""
    match = _DOI.search(text_of(value))
    return match.group(0).rstrip(".,;") if match else ""


def iso_date(year: Any, month: Any = None, day: Any = None) -> str | None:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' from parts, keeping only the precision that is valid."""
    import calendar

    parts: list[int] = []
    for part in (year, month, day):
        text = text_of(part)
        if not text.isdigit():
            break
        parts.append(int(text))
    if not parts:
        return None
    if not 1000 <= parts[0] <= 9999:  # 999, 10000: the corpus leaves it empty with a warning
        return str(parts[0])
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return str(parts[0])
    if len(parts) > 2 and not 1 <= parts[2] <= calendar.monthrange(*parts[:2])[1]:
        parts.pop()
    return "-".join([str(parts[0]), *(f"{p:02d}" for p in parts[1:])])


def date_of(value: Any) -> str | None:
    """An ISO date (as precise as given) from an ISO stamp, 'YYYY/MM/DD/', 'YYYY-MM' or a year."""
    if isinstance(value, dt.date):  # a DataFrame's datetime column (a pd.Timestamp is one)
        return value.isoformat() if value == value else None  # NaT != NaT
    text = text_of(value)
    if _ISO_STAMP.match(text):
        return text if iso_date(text[:4], text[5:7], text[8:10]) else None
    match = _YEAR_MONTH.match(text)
    if match and month_number(match.group(2)):
        return iso_date(match.group(1), month_number(match.group(2)), match.group(3))
    match = _DAY_MONTH.match(text)
    if match and month_number(match.group(2)):
        return iso_date(match.group(3), month_number(match.group(2)), match.group(1))
    match = _YMD.match(text)
    if match:
        return iso_date(*match.groups())
    years = _YEAR.findall(text)
    return years[0] if len(years) == 1 else None


def month_number(value: Any) -> str | None:
    """'3' for 'mar', 'March' or '3'; None for anything else."""
    text = text_of(value).lower()
    if text.isdigit():
        return text
    return str(MONTHS.index(text[:3]) + 1) if text[:3] in MONTHS else None


def split_names(value: Any, separator: str) -> list[str]:
    """Author names from a list, or from one string split on `separator`."""
    if isinstance(value, list):
        return [name for name in (text_of(v) for v in value) if name]
    return [name.strip() for name in text_of(value).split(separator) if name.strip()]


def ids_of(*, arxiv: Any = "", doi: Any = "", title: str = "") -> str:
    """The canonical id from whatever identifiers a record has (arXiv id or URL, DOI)."""
    return id_from(arxiv=arxiv_id(text_of(arxiv)), doi=doi_of(doi), title=title)


def given_id(value: Any, title: str) -> str:
    """A source's own id kept as the paper id: arXiv ids and DOIs canonicalised, others as is."""
    text = text_of(value)
    if not text:
        return id_from(title=title)
    if text.startswith(("arxiv:", "doi:", "title:")):
        return text
    arxiv = arxiv_id(text)
    if arxiv:
        return id_from(arxiv=arxiv)
    doi = doi_of(text)
    return id_from(doi=doi) if doi == text else text


def stand_in_title(rec: Record) -> str:
    """What shows in place of a missing title: the DOI, arXiv id, URL or the abstract's start."""
    doi = (rec.get("extra") or {}).get("doi") or ""
    pid: str = rec["id"]
    url: str = rec.get("url") or ""
    if pid.startswith(("arxiv:", "doi:")):
        return pid
    if doi:
        return f"doi:{doi}"
    if url:
        return url
    words = (rec.get("abstract") or "").split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def check_size(rec: Record, name: str, number: int) -> None:
    """LoadError for a title or abstract longer than any real one (MAX_FIELD characters)."""
    for field in ("title", "abstract"):
        if len(rec[field] or "") > MAX_FIELD:
            where = f"record {number}" + (f" ({rec['id']})" if len(rec["id"]) < 100 else "")
            raise LoadError(name, f"a {field} longer than {MAX_FIELD:,} characters", where)


def keep_titled(records: list[Record], name: str) -> list[Record]:
    """Records with a title, or shown by their DOI, arXiv id, URL or abstract (design §2).

    Records with none of these are dropped with one warning that counts them.
    """
    kept = []
    for number, rec in enumerate(records, 1):
        check_size(rec, name, number)
        if not rec["title"] and not stand_in(rec):
            continue
        kept.append(rec)
    skipped_untitled(name, len(records), len(records) - len(kept))
    return kept


def stand_in(rec: Record) -> bool:
    """Give an untitled record its stand-in title (in place); False when it has none."""
    rec["title"] = stand_in_title(rec)
    if not rec["title"]:
        return False
    rec["extra"] = {**rec["extra"], "untitled": True}
    if rec["id"].startswith("title:"):
        rec["id"] = id_from(title=rec["title"])
    return True


def skipped_untitled(name: str, total: int, skipped: int) -> None:
    """LoadError when every record was dropped, else one warning counting the dropped ones."""
    import warnings

    if total and skipped == total:
        raise LoadError(
            name, f"none of its {total} records has a title, DOI, arXiv id, URL or abstract"
        )
    if skipped:
        warnings.warn(
            f"{name}: skipped {skipped} of {total} records "
            "that have no title, DOI, arXiv id, URL or abstract",
            UserWarning,
            stacklevel=4,
        )


MAX_INT_DIGITS = 4300  # Python's own limit for int(str): longer numbers are no real data


class BoundedInts:
    """``json.loads(parse_int=…)``: integers over 4,300 digits become missing values, counted."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, text: str) -> int | None:
        if len(text) > MAX_INT_DIGITS:
            self.count += 1
            return None
        return int(text)

    def warn(self, name: str) -> None:
        """One warning for the whole file, if any number was left out."""
        import warnings

        if self.count:
            warnings.warn(
                f"{name}: {self.count} numbers longer than {MAX_INT_DIGITS} digits left empty",
                UserWarning,
                stacklevel=4,
            )


def json_loads(text: str, ints: BoundedInts | None = None) -> Any:
    """``json.loads`` that reads any number (huge integers become None)."""
    import json

    return json.loads(text, parse_int=ints or BoundedInts())


def parse_json(text: str, name: str) -> Any:
    """The JSON value of a whole file; LoadError names the line and column where it breaks."""
    import json

    ints = BoundedInts()
    try:
        value = json_loads(text, ints)
    except json.JSONDecodeError as err:
        raise LoadError(
            name, f"not valid JSON: {err.msg}", f"line {err.lineno} column {err.colno}"
        ) from None
    except RecursionError:
        raise LoadError(name, "JSON nested too deeply") from None
    ints.warn(name)
    return value


def json_items(value: Any, name: str, what: str) -> list[dict[str, Any]]:
    """The objects of a JSON array (or one object); LoadError names the first item that is not."""
    items = value if isinstance(value, list) else [value]
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            kind = type(item).__name__
            hint = " (a Python repr string?)" if isinstance(item, str) and "{'" in item else ""
            raise LoadError(
                name, f"expected a {what} object, found a {kind}{hint}", f"item {number}"
            )
    return items
