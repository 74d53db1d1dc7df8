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

/** The links a card shows, in order, without duplicates or unsafe URLs. */
export function cardLinks(paper) {
  const candidates = [
    ["abs", paper.url],
    ["pdf", paper.pdf_url],
  ];
  if (!safeUrl(paper.url) && !safeUrl(paper.pdf_url)) {
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
