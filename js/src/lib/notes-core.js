// DOM-free core of the static renderings a shared notebook carries: the notes mirror, a
// widget's card and its map picture. Shared by the JupyterLab extension and the widgets:
// everything here turns untrusted JSON into plain, checked values (strings, numbers).
import { RATING, STATUSES, UNREAD } from "./constants.js";
import { asText, cardLinks, formatAuthors, formatDate } from "./format.js";

export { CARD_MIME, MAP_MIME, NEIGHBOURS_MIME, NOTES_MIME, STATUSES } from "./constants.js";
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const text = asText;
/** An array as is, anything else as [] (untrusted JSON: its items are checked by the caller). */
const list = (/** @type {unknown} */ value) => (Array.isArray(value) ? value : []);
/**
 * An object as is, anything else as {} (untrusted JSON: each field is read through text(),
 * list() or record(), or checked before use).
 * @param {unknown} value
 * @returns {{[key: string]: any}}
 */
const record = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {});

/** @typedef {ReturnType<typeof noteItem>} NoteItem what a read-only card shows of one annotation */

/**
 * The paper part of a stored annotation or card, as plain strings.
 * @param {unknown} raw
 */
export function paperOf(raw) {
  const paper = record(raw);
  return {
    id: text(paper.id),
    title: text(paper.title) || "(untitled)",
    authors: list(paper.authors).map(text),
    published: text(paper.published),
    url: text(paper.url),
    pdf_url: text(paper.pdf_url),
    abstract: text(paper.abstract),
    categories: list(paper.categories).map(text),
    extra: { listed: text(record(paper.extra).listed) },
  };
}

/**
 * One annotation (the store's JSON form) as what a read-only card shows.
 * @param {unknown} raw
 */
export function noteItem(raw) {
  const a = record(raw);
  const paper = paperOf(a.paper);
  const rating = Number.isInteger(a.rating) && a.rating >= RATING.min && a.rating <= RATING.max ? a.rating : 0;
  return {
    id: paper.id,
    title: paper.title,
    href: (cardLinks(paper)[0] || {}).href || null,
    authors: formatAuthors(paper.authors),
    date: formatDate(paper.published),
    rating,
    stars: rating ? "★".repeat(rating) + "☆".repeat(RATING.max - rating) : "",
    status: STATUSES.includes(a.status) ? a.status : UNREAD,
    tags: list(a.tags).map(text).filter(Boolean),
    note: text(a.note),
    highlights: list(a.highlights)
      .map((hl) => ({ quote: text(record(hl).quote), comment: text(record(hl).comment), place: highlightPlace(record(hl)) }))
      .filter((hl) => hl.quote), // a highlight is its quote: without one there is nothing to show
    updated: text(a.updated),
  };
}

/**
 * The notes mirror's data: the notes file it names and the annotations; an annotation that
 * cannot be read is skipped and counted, never the reason the other notes do not show.
 * @param {unknown} data
 */
export function notesOf(data) {
  const d = record(data);
  /** @type {NoteItem[]} */
  const items = [];
  let skipped = 0;
  for (const raw of list(d.annotations)) {
    try {
      items.push(noteItem(raw));
    } catch {
      skipped += 1;
    }
  }
  return { notesFile: text(d.notes_file), items, skipped };
}

/**
 * "p. 3 · method" for a full-text highlight ('' for one in the abstract): notes/cells.py's rule.
 * @param {{[key: string]: any}} hl a highlight's JSON (record()'s)
 * @returns {string}
 */
export function highlightPlace(hl) {
  const page = Number.isInteger(hl.page) && hl.page > 0 ? `p. ${hl.page}` : "";
  return [page, typeof hl.category === "string" ? hl.category : ""].filter(Boolean).join(" · ");
}

/**
 * The words a note is found by: title, authors, tags, status, note, highlights.
 * @param {NoteItem} item
 * @returns {string}
 */
export function searchText(item) {
  const parts = [item.title, item.authors, item.status, item.note, ...item.tags];
  for (const hl of item.highlights) parts.push(hl.quote, hl.comment);
  return parts.join("\n").toLowerCase();
}

/**
 * Whether every word of the filter box occurs in the note.
 * @param {NoteItem} item
 * @param {unknown} query
 * @returns {boolean}
 */
export function matches(item, query) {
  const words = text(query).toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = searchText(item);
  return words.every((w) => haystack.includes(w));
}

/**
 * "12 notes", "3 of 12 notes", "1 note"; "… (2 could not be shown)" when some were skipped.
 * @param {number} shown
 * @param {number} total
 * @param {number} [skipped]
 * @returns {string}
 */
export function countText(shown, total, skipped = 0) {
  const noun = total === 1 ? "note" : "notes";
  const count = shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
  return skipped ? `${count} (${skipped} could not be shown)` : count;
}

/**
 * A widget's card: the paper, and a caption such as "Reader: 1 / 101 papers annotated".
 * @param {unknown} data
 */
export function cardOf(data) {
  const d = record(data);
  return { paper: paperOf(d.paper), caption: text(d.caption) };
}

/**
 * The map picture: the bundle's base64 image/png (checked), its size, caption, topic labels.
 * @param {unknown} data
 * @param {unknown} [bundle]
 */
export function mapOf(data, bundle = {}) {
  const d = record(data);
  const png = text(record(bundle)["image/png"]).replace(/\s+/g, "");
  const size = (/** @type {number} */ v) => (Number.isFinite(v) && v > 0 && v < 10000 ? Math.round(v) : 0);
  return {
    src: BASE64.test(png) ? `data:image/png;base64,${png}` : null,
    width: size(d.width),
    height: size(d.height),
    caption: text(d.caption),
    labels: list(d.labels).map(text).filter(Boolean),
  };
}

/**
 * The Neighbours widget's list: the paper's title and each neighbour's title, score, why.
 * @param {unknown} data
 */
export function neighboursOf(data) {
  const d = record(data);
  const items = list(d.items).map((raw) => {
    const n = record(raw);
    const score = Number(n.score);
    return { id: text(n.id), title: text(n.title) || "(untitled)", score: Number.isFinite(score) ? score : 0, why: list(n.why).map(text) };
  });
  return { title: text(d.title), items };
}

/**
 * The widget model id of an output bundle, or null (no widget view in it).
 * @param {unknown} bundle
 * @returns {string | null}
 */
export function widgetModelId(bundle) {
  const view = record(record(bundle)[WIDGET_VIEW_MIME]);
  return typeof view.model_id === "string" && view.model_id ? view.model_id : null;
}
