// DOM-free helpers shared by the widgets: formatting of feed fields and link checks.
// Everything here returns plain strings; the widgets put them in the DOM with textContent.

/** "A, B, C et al." — at most `max` names, then the count of the rest. */
export function formatAuthors(authors, max = 6) {
  const names = (Array.isArray(authors) ? authors : []).map((a) => String(a).trim()).filter(Boolean);
  if (names.length <= max) return names.join(", ");
  const rest = names.length - max;
  return `${names.slice(0, max).join(", ")} + ${rest} more`;
}

/** "2025-03-21" from an ISO date or date-time; "" when missing or not a date. */
export function formatDate(value) {
  if (!value) return "";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(value));
  if (!m) return "";
  return [m[1], m[2], m[3]].filter(Boolean).join("-");
}

/** "listed Mar 21": when a listing (Daily Papers text) gives only its own date. */
export function listedText(paper) {
  const listed = paper && paper.extra && paper.extra.listed;
  return listed ? `listed ${listed}` : "";
}

/** The URL if it is http(s) or mailto, else null: feed links must never run script. */
export function safeUrl(value) {
  if (typeof value !== "string" || !value.trim()) return null;
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : null;
}

/** arXiv's title search: the link a card offers when the listing gave none. */
export function titleSearchUrl(title) {
  const query = encodeURIComponent(String(title || "").trim());
  return query ? `https://arxiv.org/search/?query=${query}&searchtype=title` : null;
}

/** The bare arXiv id of a paper (its `arxiv:` id), or "". */
export function arxivIdOf(paper) {
  const id = String((paper && paper.id) || "");
  return id.startsWith("arxiv:") ? id.slice(6) : "";
}

/** The bare DOI of a paper (its `doi:` id or `extra.doi`), or "". */
export function doiOf(paper) {
  const id = String((paper && paper.id) || "");
  const doi = id.startsWith("doi:") ? id.slice(4) : paper && paper.extra && paper.extra.doi;
  return typeof doi === "string" ? doi.trim() : "";
}

/** https://doi.org/<doi>, escaped like Python's quote(doi, safe="/!*'()"). */
export function doiUrl(doi) {
  return doi ? `https://doi.org/${encodeURIComponent(doi).replace(/%2F/g, "/")}` : null;
}

/**
 * The links a card shows, in order, without duplicates or unsafe URLs: the listing's own
 * (else arXiv's) abs and PDF, arXiv's HTML, the DOI, else an arXiv title search.
 * Same rule as paperwidgets/links.py.
 */
export function cardLinks(paper) {
  const arxiv = arxivIdOf(paper);
  const at = (kind) => (arxiv ? `https://arxiv.org/${kind}/${arxiv}` : null);
  const candidates = [
    ["abs", safeUrl(paper.url) || at("abs")],
    ["pdf", safeUrl(paper.pdf_url) || at("pdf")],
    ["html", at("html")],
    ["doi", doiUrl(doiOf(paper))],
  ];
  if (!candidates.some(([, raw]) => safeUrl(raw))) {
    candidates.push(["search arXiv", titleSearchUrl(paper.title)]);
  }
  const seen = new Set();
  const links = [];
  for (const [label, raw] of candidates) {
    const href = safeUrl(raw);
    if (href && !seen.has(href)) {
      seen.add(href);
      links.push({ label, href });
    }
  }
  return links;
}

/** Whether an abstract is long enough to start collapsed. */
export function isLongText(text, limit = 600) {
  return typeof text === "string" && text.length > limit;
}
