// The paper card view, shared by PaperCard and the Reader. Every feed field goes into the
// DOM through textContent (lib/dom.js), never as HTML; highlights are <mark> around text nodes.
import { h } from "./lib/dom.js";
import { asText, cardLinks, formatAuthors, formatDate, isLongText, listedText } from "./lib/format.js";
import { segments } from "./lib/highlight.js";

/** @typedef {import("./lib/format.js").Paper} Paper */
/** @typedef {import("./lib/highlight.js").Highlight} Highlight */

/**
 * @param {string} text
 * @param {Highlight[]} highlights
 */
function abstractText(text, highlights) {
  const body = h("p", { className: "pw-abstract-text" });
  if (!text) {
    body.textContent = "No abstract.";
    return body;
  }
  for (const run of segments(text, highlights)) {
    if (run.highlight < 0) {
      body.append(document.createTextNode(run.text));
    } else {
      const mark = h("mark", { className: "pw-mark", text: run.text });
      const comment = highlights[run.highlight].comment;
      if (comment) mark.title = comment;
      body.append(mark);
    }
  }
  return body;
}

/**
 * @param {string} text
 * @param {Highlight[]} highlights
 */
function renderAbstract(text, highlights) {
  const box = h("div", { className: "pw-abstract" });
  box.append(abstractText(text, highlights));
  if (isLongText(text) && !(highlights && highlights.length)) {
    box.classList.add("pw-collapsed");
    const toggle = h("button", { className: "pw-toggle", text: "Show more", type: "button" });
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", () => {
      const collapsed = box.classList.toggle("pw-collapsed");
      toggle.textContent = collapsed ? "Show more" : "Show less";
      toggle.setAttribute("aria-expanded", String(!collapsed));
    });
    box.append(toggle);
  }
  return box;
}

/**
 * @param {Paper} paper
 */
function renderLinks(paper) {
  const nav = h("div", { className: "pw-links" });
  for (const { label, href } of cardLinks(paper)) {
    nav.append(h("a", { className: "pw-link", text: label, href, target: "_blank", rel: "noopener noreferrer" }));
  }
  return nav;
}

/**
 * @param {Paper} paper
 */
function renderMeta(paper) {
  const meta = h("div", { className: "pw-meta" });
  const authors = formatAuthors(paper.authors);
  if (authors) meta.append(h("span", { className: "pw-authors", text: authors }));
  const date = formatDate(paper.published) || listedText(paper);
  if (date) meta.append(h("span", { className: "pw-date", text: date }));
  for (const cat of Array.isArray(paper.categories) ? paper.categories : []) {
    meta.append(h("span", { className: "pw-chip", text: asText(cat) }));
  }
  return meta;
}

/**
 * The card element for one paper; `highlights` are marked in the abstract.
 * @param {Paper} paper
 * @param {{highlights?: Highlight[]}} [options]
 * @returns {HTMLElement}
 */
export function renderCard(paper, { highlights = [] } = {}) {
  const card = h("article", { className: "pw-card" });
  card.dataset.paperId = asText(paper.id);
  card.append(
    h("h3", { className: "pw-title", text: asText(paper.title) || "(untitled)" }),
    renderMeta(paper),
    renderAbstract(asText(paper.abstract), highlights),
    renderLinks(paper),
  );
  return card;
}

/**
 * [start, end) of the current selection inside `container`'s text, or null.
 * @param {Element} container
 * @returns {[number, number] | null}
 */
export function selectionOffsets(container) {
  const sel = container.ownerDocument.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
    return null;
  }
  const before = container.ownerDocument.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  return [start, start + range.toString().length];
}
