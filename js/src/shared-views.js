// The read-only views of what a shared notebook carries (notes mirror, card, map picture),
// drawn by the JupyterLab extension with no kernel. Feed fields go in as textContent; a
// note's Markdown only through the one sanitiser (lib/sanitize.js).
import { h } from "./lib/dom.js";
import { cardOf, countText, mapOf, matches, notesOf } from "./lib/notes-core.js";
import { noteHtml } from "./lib/sanitize.js";
import { renderCard } from "./paper.js";

function chip(className, value) {
  return h("span", { className: `pw-chip ${className}`, text: value });
}

function renderHighlights(highlights) {
  const box = h("div", { className: "pw-static-highlights" });
  for (const { quote, comment } of highlights) {
    const item = h("blockquote", { className: "pw-static-highlight" });
    item.append(h("span", { className: "pw-static-quote", text: quote }));
    if (comment) item.append(h("span", { className: "pw-static-comment", text: comment }));
    box.append(item);
  }
  return box;
}

/** One read-only note card: linked title, authors · date, stars, status, tags, note, highlights. */
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
    stars.setAttribute("aria-label", `rated ${item.rating} of 5`);
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

/** The notes mirror: a count, a filter box and the note cards (in a bounded, scrolling list). */
export function renderNotes(data, bundle, win = window) {
  const { notesFile, items } = notesOf(data);
  const root = h("div", { className: "pw-root pw-static-notes" });
  const count = h("span", { className: "pw-static-count", text: countText(items.length, items.length) });
  count.setAttribute("role", "status");
  const filter = h("input", { className: "pw-static-filter", type: "search", placeholder: "filter notes…" });
  filter.setAttribute("aria-label", "Filter notes");
  const head = h("div", { className: "pw-static-head" });
  head.append(h("strong", { text: "Paper notes" }), count);
  if (notesFile) head.append(h("span", { className: "pw-static-file", text: notesFile }));
  head.append(filter);
  const cards = items.map((item) => renderNoteCard(item, win));
  const box = h("div", { className: "pw-static-list" });
  box.append(...cards);
  filter.addEventListener("input", () => {
    let shown = 0;
    items.forEach((item, i) => {
      const keep = matches(item, filter.value);
      cards[i].hidden = !keep;
      shown += keep ? 1 : 0;
    });
    count.textContent = countText(shown, items.length);
  });
  root.append(head, box);
  return root;
}

/** A widget's static card (PaperCard, Reader): its caption and the paper card. */
export function renderStaticCard(data) {
  const { paper, caption } = cardOf(data);
  const root = h("div", { className: "pw-root pw-static-widget" });
  if (caption) root.append(h("p", { className: "pw-static-caption", text: caption }));
  root.append(renderCard(paper));
  return root;
}

/** The map picture: the bundle's PNG of the points, its caption and the topic labels as text. */
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
