// The read-only views of what a shared notebook carries (notes mirror, card, map picture),
// drawn by the JupyterLab extension with no kernel. Feed fields go in as textContent; a
// note's Markdown only through the one sanitiser (lib/sanitize.js).
import { RATING } from "./lib/constants.js";
import { h } from "./lib/dom.js";
import { cardOf, countText, mapOf, matches, neighboursOf, notesOf } from "./lib/notes-core.js";
import { noteHtml } from "./lib/sanitize.js";
import { neighbourList } from "./neighbour-list.js";
import { renderCard } from "./paper.js";

/** @typedef {import("./lib/notes-core.js").NoteItem} NoteItem */
/** @typedef {Window & typeof globalThis} Win the window the views are drawn in (its own classes) */

/**
 * @param {string} className
 * @param {string} value
 */
function chip(className, value) {
  return h("span", { className: `pw-chip ${className}`, text: value });
}

/**
 * @param {NoteItem["highlights"]} highlights
 */
function renderHighlights(highlights) {
  const box = h("div", { className: "pw-static-highlights" });
  for (const { quote, comment, place } of highlights) {
    const item = h("blockquote", { className: "pw-static-highlight" });
    if (place) item.append(h("span", { className: "pw-static-place", text: place }));
    item.append(h("span", { className: "pw-static-quote", text: quote }));
    if (comment) item.append(h("span", { className: "pw-static-comment", text: comment }));
    box.append(item);
  }
  return box;
}

/**
 * One read-only note card: linked title, authors · date, stars, status, tags, note, highlights.
 * @param {NoteItem} item
 * @param {Win} [win]
 * @returns {HTMLElement}
 */
export function renderNoteCard(item, win = window) {
  const card = h("article", { className: "pw-card pw-note-card" });
  card.dataset.paperId = item.id;
  const title = h("h3", { className: "pw-title" });
  title.append(
    item.href
      ? h("a", { text: item.title, href: item.href, target: "_blank", rel: "noopener noreferrer" })
      : document.createTextNode(item.title),
  );
  const meta = h("div", { className: "pw-meta" });
  if (item.authors) meta.append(h("span", { className: "pw-authors", text: item.authors }));
  if (item.date) meta.append(h("span", { className: "pw-date", text: item.date }));
  if (item.stars) {
    const stars = h("span", { className: "pw-static-stars", text: item.stars });
    stars.setAttribute("aria-label", `rated ${item.rating} of ${RATING.max}`);
    meta.append(stars);
  }
  meta.append(chip("pw-static-status", item.status));
  for (const tag of item.tags) meta.append(chip("pw-tag", `#${tag}`));
  card.append(title, meta);
  if (item.note) {
    const note = h("div", { className: "pw-note-preview" });
    note.innerHTML = noteHtml(item.note, win); // sanitised: see lib/sanitize.js
    card.append(note);
  }
  if (item.highlights.length) card.append(renderHighlights(item.highlights));
  return card;
}

export const PAGE = 50; // note cards drawn at a time: 20,000 notes show their first cards at once

/**
 * The cards of `items` in `box`, a page at a time: the next page is drawn when the
 * "Show more" button scrolls into view (or is clicked). A card that fails to draw is
 * counted in `failed`, and the others still show.
 * @param {HTMLElement} box
 * @param {Win} win
 * @param {() => void} onDraw
 */
function pagedCards(box, win, onDraw) {
  const more = h("button", { className: "pw-static-more", type: "button" });
  /** @type {{items: NoteItem[], drawn: number, failed: number}} */
  const state = { items: [], drawn: 0, failed: 0 };
  const observer =
    typeof win.IntersectionObserver === "function"
      ? new win.IntersectionObserver((seen) => seen.some((e) => e.isIntersecting) && drawPage(), {
          root: box,
          rootMargin: "600px",
        })
      : null;
  function drawPage() {
    const page = state.items.slice(state.drawn, state.drawn + PAGE);
    state.drawn += page.length;
    const cards = [];
    for (const item of page) {
      try {
        cards.push(renderNoteCard(item, win));
      } catch {
        state.failed += 1;
      }
    }
    more.before(...cards);
    const left = state.items.length - state.drawn;
    more.hidden = left === 0;
    more.textContent = `Show ${Math.min(PAGE, left)} more (${left} not shown yet)`;
    observer?.unobserve(more);
    if (left) observer?.observe(more); // fires again while the button stays in view
    onDraw();
  }
  more.addEventListener("click", drawPage);
  return {
    state,
    /** Draw these items from the first page on. */
    show(/** @type {NoteItem[]} */ items) {
      Object.assign(state, { items, drawn: 0, failed: 0 });
      box.replaceChildren(more);
      drawPage();
    },
  };
}

/**
 * The notes mirror: a count, a filter box and the note cards (paged, in a scrolling box).
 * @param {unknown} data
 * @param {unknown} bundle
 * @param {Win} [win]
 * @returns {HTMLElement}
 */
export function renderNotes(data, bundle, win = window) {
  const { notesFile, items, skipped } = notesOf(data);
  const root = h("div", { className: "pw-root pw-static-notes" });
  const count = h("span", { className: "pw-static-count" });
  count.setAttribute("role", "status");
  const filter = h("input", { className: "pw-static-filter", type: "search", placeholder: "filter notes…" });
  filter.setAttribute("aria-label", "Filter notes");
  const head = h("div", { className: "pw-static-head" });
  head.append(h("strong", { text: "Paper notes" }), count);
  if (notesFile) head.append(h("span", { className: "pw-static-file", text: notesFile }));
  head.append(filter);
  const box = h("div", { className: "pw-static-list" });
  const counted = () => {
    const { items: shown, failed } = cards.state;
    count.textContent = countText(shown.length, items.length, skipped + failed);
  };
  const cards = pagedCards(box, win, counted);
  const show = () => {
    const query = filter.value.trim();
    cards.show(query ? items.filter((item) => matches(item, query)) : items);
  };
  filter.addEventListener("input", show);
  show();
  root.append(head, box);
  return root;
}

/**
 * A widget's static card (PaperCard, Reader): its caption and the paper card.
 * @param {unknown} data
 * @returns {HTMLElement}
 */
export function renderStaticCard(data) {
  const { paper, caption } = cardOf(data);
  const root = h("div", { className: "pw-root pw-static-widget" });
  if (caption) root.append(h("p", { className: "pw-static-caption", text: caption }));
  root.append(renderCard(paper));
  return root;
}

/**
 * The map picture: the bundle's PNG of the points, its caption and the topic labels as text.
 * @param {unknown} data
 * @param {unknown} bundle
 * @returns {HTMLElement}
 */
export function renderMapPicture(data, bundle) {
  const map = mapOf(data, bundle);
  const root = h("div", { className: "pw-root pw-static-widget pw-static-map" });
  if (map.caption) root.append(h("p", { className: "pw-static-caption", text: map.caption }));
  if (map.src) {
    const img = h("img", { className: "pw-static-map-img", src: map.src, alt: map.caption || "map" });
    if (map.width) img.width = map.width;
    if (map.height) img.height = map.height;
    root.append(img);
  }
  if (map.labels.length) {
    const labels = h("div", { className: "pw-meta pw-static-topics" });
    labels.append(...map.labels.map((label) => chip("pw-static-topic", label)));
    root.append(labels);
  }
  return root;
}

/**
 * `render(data, bundle)`, or a one-line note saying why the output cannot be shown: an
 * output holding something no view expects must never become the front end's error box.
 * @param {(data: unknown, bundle: unknown) => HTMLElement} render
 * @param {unknown} data
 * @param {unknown} bundle
 * @returns {HTMLElement}
 */
export function renderSafely(render, data, bundle) {
  try {
    return render(data, bundle);
  } catch (err) {
    const reason = err instanceof Error ? err.message : "unexpected data";
    return h("div", { className: "pw-root pw-static-error", text: `paperwidgets cannot show this output (${reason})` });
  }
}

/**
 * The Neighbours widget's list without a kernel: the paper, then its neighbours (not clickable).
 * @param {unknown} data
 * @returns {HTMLElement}
 */
export function renderStaticNeighbours(data) {
  const { title, items } = neighboursOf(data);
  const root = h("div", { className: "pw-root pw-static-widget pw-static-neighbours" });
  root.append(h("p", { className: "pw-static-caption", text: `Papers most like: ${title}` }));
  const list = neighbourList(items, () => {});
  for (const button of list.querySelectorAll("button")) /** @type {HTMLButtonElement} */ (button).disabled = true;
  root.append(list);
  return root;
}
