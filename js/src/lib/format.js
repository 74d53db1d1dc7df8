// DOM-free helpers shared by the widgets: formatting of feed fields and link checks.
// Everything here returns plain strings; the widgets put them in the DOM with textContent.

/**
 * A paper as the kernel sends it: a feed's fields, any of which may be missing or odd.
 * @typedef {{id?: unknown, title?: unknown, authors?: unknown, abstract?: unknown, published?: unknown,
 *   categories?: unknown, url?: unknown, pdf_url?: unknown, extra?: {listed?: unknown, doi?: unknown}}} Paper
 */

/**
 * Any JSON value as text, never throwing: strings as they are, numbers and booleans
 * written out, objects and arrays as their JSON. `String(v)` throws "Cannot convert object
 * to primitive value" for `{"toString": "x"}`; a shared notebook may hold anything.
 * @param {unknown} value
 * @returns {string}
 */
export function asText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return ""; // a cycle or too deep: nothing a card can show
  }
}

/**
 * "A, B, C et al." — at most `max` names, then the count of the rest.
 * @param {unknown} authors
 * @param {number} [max]
 * @returns {string}
 */
export function formatAuthors(authors, max = 6) {
  const names = (Array.isArray(authors) ? authors : []).map((a) => asText(a).trim()).filter(Boolean);
  if (names.length <= max) return names.join(", ");
  const rest = names.length - max;
  return `${names.slice(0, max).join(", ")} + ${rest} more`;
}

/**
 * "2025-03-21" from an ISO date or date-time; "" when missing or not a date.
 * @param {unknown} value
 * @returns {string}
 */
export function formatDate(value) {
  if (!value) return "";
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(asText(value));
  if (!m) return "";
  return [m[1], m[2], m[3]].filter(Boolean).join("-");
}

/**
 * "listed Mar 21": when a listing (Daily Papers text) gives only its own date.
 * @param {Paper | null | undefined} paper
 * @returns {string}
 */
export function listedText(paper) {
  const listed = paper && paper.extra && paper.extra.listed;
  return listed ? `listed ${asText(listed)}` : "";
}

/**
 * The URL if it is http(s) or mailto, else null: feed links must never run script.
 * @param {unknown} value
 * @returns {string | null}
 */
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

/**
 * arXiv's title search: the link a card offers when the listing gave none.
 * @param {unknown} title
 * @returns {string | null}
 */
export function titleSearchUrl(title) {
  const query = encodeURIComponent(asText(title).trim());
  return query ? `https://arxiv.org/search/?query=${query}&searchtype=title` : null;
}

/**
 * The bare arXiv id of a paper (its `arxiv:` id), or "".
 * @param {Paper | null | undefined} paper
 * @returns {string}
 */
export function arxivIdOf(paper) {
  const id = asText(paper && paper.id);
  return id.startsWith("arxiv:") ? id.slice(6) : "";
}

/**
 * The bare DOI of a paper (its `doi:` id or `extra.doi`), or "".
 * @param {Paper | null | undefined} paper
 * @returns {string}
 */
export function doiOf(paper) {
  const id = asText(paper && paper.id);
  const doi = id.startsWith("doi:") ? id.slice(4) : paper && paper.extra && paper.extra.doi;
  return typeof doi === "string" ? doi.trim() : "";
}

/**
 * https://doi.org/<doi>, escaped like Python's quote(doi, safe="/!*'()").
 * @param {string} doi
 * @returns {string | null}
 */
export function doiUrl(doi) {
  return doi ? `https://doi.org/${encodeURIComponent(doi).replace(/%2F/g, "/")}` : null;
}

/**
 * The links a card shows, in order, without duplicates or unsafe URLs: the listing's own
 * (else arXiv's) abs and PDF, arXiv's HTML, the DOI, else an arXiv title search.
 * Same rule as paperwidgets/format.py.
 * @param {Paper} paper
 * @returns {{label: string, href: string}[]}
 */
export function cardLinks(paper) {
  const arxiv = arxivIdOf(paper);
  const at = (/** @type {string} */ kind) => (arxiv ? `https://arxiv.org/${kind}/${arxiv}` : null);
  /** @type {[string, string | null][]} */
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

/**
 * Whether an abstract is long enough to start collapsed.
 * @param {unknown} text
 * @param {number} [limit]
 * @returns {boolean}
 */
export function isLongText(text, limit = 600) {
  return typeof text === "string" && text.length > limit;
}
