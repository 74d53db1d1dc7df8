// DOM-free core of the static renderings a shared notebook carries: the notes mirror, a
// widget's card and its map picture. Shared by the JupyterLab extension and the widgets:
// everything here turns untrusted JSON into plain, checked values (strings, numbers).
import { cardLinks, formatAuthors, formatDate } from "./format.js";

export const NOTES_MIME = "application/vnd.paperwidgets.notes+json";
export const CARD_MIME = "application/vnd.paperwidgets.card+json";
export const MAP_MIME = "application/vnd.paperwidgets.map+json";
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
export const STATUSES = ["unread", "reading", "read", "skipped"];
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const text = (value) => (value === null || value === undefined ? "" : String(value));
const list = (value) => (Array.isArray(value) ? value : []);
const record = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {});

/** The paper part of a stored annotation or card, as plain strings. */
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

/** One annotation (the store's JSON form) as what a read-only card shows. */
export function noteItem(raw) {
  const a = record(raw);
  const paper = paperOf(a.paper);
  const rating = Number.isInteger(a.rating) && a.rating >= 1 && a.rating <= 5 ? a.rating : 0;
  return {
    id: paper.id,
    title: paper.title,
    href: (cardLinks(paper)[0] || {}).href || null,
    authors: formatAuthors(paper.authors),
    date: formatDate(paper.published),
    rating,
    stars: rating ? "★".repeat(rating) + "☆".repeat(5 - rating) : "",
    status: STATUSES.includes(a.status) ? a.status : "unread",
    tags: list(a.tags).map(text).filter(Boolean),
    note: text(a.note),
    highlights: list(a.highlights).map((hl) => ({
      quote: text(record(hl).quote),
      comment: text(record(hl).comment),
    })),
    updated: text(a.updated),
  };
}

/** The notes mirror's data: the notes file it names, its count and the annotations. */
export function notesOf(data) {
  const d = record(data);
  const items = list(d.annotations).map(noteItem);
  return { notesFile: text(d.notes_file), items };
}

/** The words a note is found by: title, authors, tags, status, note, highlights. */
export function searchText(item) {
  const parts = [item.title, item.authors, item.status, item.note, ...item.tags];
  for (const hl of item.highlights) parts.push(hl.quote, hl.comment);
  return parts.join("\n").toLowerCase();
}

/** Whether every word of the filter box occurs in the note. */
export function matches(item, query) {
  const words = text(query).toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = searchText(item);
  return words.every((w) => haystack.includes(w));
}

/** "12 notes", "3 of 12 notes", "1 note". */
export function countText(shown, total) {
  const noun = total === 1 ? "note" : "notes";
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}

/** A widget's card: the paper, and a caption such as "Reader: 1 / 101 papers annotated". */
export function cardOf(data) {
  const d = record(data);
  return { paper: paperOf(d.paper), caption: text(d.caption) };
}

/** The map picture: the bundle's base64 image/png (checked), its size, caption, topic labels. */
export function mapOf(data, bundle = {}) {
  const d = record(data);
  const png = text(record(bundle)["image/png"]).replace(/\s+/g, "");
  const size = (v) => (Number.isFinite(v) && v > 0 && v < 10000 ? Math.round(v) : 0);
  return {
    src: BASE64.test(png) ? `data:image/png;base64,${png}` : null,
    width: size(d.width),
    height: size(d.height),
    caption: text(d.caption),
    labels: list(d.labels).map(text).filter(Boolean),
  };
}

/** The widget model id of an output bundle, or null (no widget view in it). */
export function widgetModelId(bundle) {
  const view = record(record(bundle)[WIDGET_VIEW_MIME]);
  return typeof view.model_id === "string" && view.model_id ? view.model_id : null;
}
