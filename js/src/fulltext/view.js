// The full-text view: a header (paper, source, page), the text pane (PDF or HTML) and the
// highlights beside it. Python owns the paper, the highlights (annotation), the categories and
// the reading position; this view asks for the bytes (`text`), saves highlights (`save`, with
// W3C selectors, page, category, source) and the position (`remember`, debounced).
import { h } from "../lib/dom.js";
import { guardShortcuts } from "../lib/keys.js";
import { listen } from "../lib/listen.js";
import { describe } from "./anchor.js";
import { fullTextKey } from "./keys.js";
import { highlightList } from "./list.js";
import { drawMarks, fullTextHighlights, keyOf } from "./marks.js";
import { showHtml } from "./html.js";
import { rangeOffsets } from "./textmap.js";

const REMEMBER_AFTER = 1200; // ms of stillness before the position is written

/**
 * @typedef {import("./types.js").FullTextModel} Model
 * @typedef {import("./types.js").Highlight} Highlight
 * @typedef {import("./types.js").DocumentMeta} DocumentMeta
 * @typedef {import("../lib/commands.js").Call} Call
 * @typedef {ReturnType<typeof layout>} UI
 * @typedef {ReturnType<typeof highlightActions>} Actions
 * @typedef {ReturnType<typeof rememberPosition>} Position
 * @typedef {(ops: object, done: string) => Promise<void>} Save
 */
/**
 * What the view holds: the text shown, its highlights as drawn, the current one, and what was
 * loaded and drawn last (`loaded`: the document's source; `drawnFor`: text, highlights, categories).
 * @typedef {{doc: import("./types.js").Shown | null, drawn: import("./types.js").Drawn[],
 *   orphans: import("./types.js").Orphan[], map: import("./textmap.js").TextMap | null, current: string,
 *   loaded: string | undefined, drawnFor: string}} ViewState
 */

/**
 * The layout of the view: every element the parts below fill.
 * @param {import("../lib/format.js").Paper} paper
 */
function layout(paper) {
  const root = h("div", { className: "pw-root pw-ft", tabIndex: 0 });
  const title = h("div", { className: "pw-ft-title", text: paper.title || paper.id || "" });
  const label = h("div", { className: "pw-ft-label" });
  const page = h("span", { className: "pw-ft-pageno" });
  const status = h("span", { className: "pw-ft-status", role: "status" });
  const pane = h("div", { className: "pw-ft-pane" });
  const message = h("div", { className: "pw-ft-message", role: "alert" });
  const button = h("button", { className: "pw-ft-highlight", type: "button", text: "Highlight (h)", hidden: true });
  const head = h("div", { className: "pw-ft-head" });
  head.append(title, label, h("div", { className: "pw-ft-bar" }));
  /** @type {HTMLElement} */ (head.lastChild).append(page, button, status);
  const body = h("div", { className: "pw-ft-body" });
  body.append(pane);
  root.append(head, message, body);
  return { root, label, page, status, pane, message, button, body };
}

/**
 * Mount the full-text view of `model` into `el`; returns the clean-up.
 * @param {Model} model
 * @param {HTMLElement} el
 * @param {Call} call
 */
export function mountFullText(model, el, call) {
  const ui = layout(model.get("paper") || {});
  /** @type {ViewState} */
  const state = { doc: null, drawn: [], orphans: [], map: null, current: "", loaded: "", drawnFor: "" };
  const categories = () => model.get("categories") || [];
  const acts = highlightActions({ ui, state, model, call, categories });
  const highlight = (/** @type {string | null} */ category) => highlightSelection({ ui, state, model, category: category || categories()[0].name, ...acts });
  const position = rememberPosition(ui, state, model, call);
  ui.root.addEventListener("keydown", keyHandler({ ui, state, categories, highlight, ...acts }));
  ui.button.addEventListener("click", () => highlight(null));
  const onSelect = () => (ui.button.hidden = !selectionIn(ui.pane));
  ui.root.ownerDocument.addEventListener("selectionchange", onSelect);
  const unguard = guardShortcuts(ui.root, () => {});
  const load = () => loadText({ ui, state, model, call, redraw: acts.redraw, position });
  const unlisten = listen(model, {
    "change:status": load,
    "change:document": load,
    "change:annotation": acts.redraw,
    "change:categories": () => (acts.list.chips(), acts.redraw()),
  });
  el.replaceChildren(ui.root);
  load();
  return () => {
    unlisten();
    unguard();
    position.stop();
    ui.root.ownerDocument.removeEventListener("selectionchange", onSelect);
    if (state.doc) state.doc.destroy();
  };
}

/**
 * The highlights' list and what can be done to them: draw, save, edit, pick (scroll to).
 * @param {{ui: UI, state: ViewState, model: Model, call: Call, categories: () => import("./types.js").Category[]}} parts
 */
function highlightActions({ ui, state, model, call, categories }) {
  const colour = (/** @type {string | undefined} */ name) => (categories().find((c) => c.name === name) || { color: "#f2c230" }).color;
  const say = (/** @type {string} */ text) => (ui.status.textContent = text);
  const find = (/** @type {string} */ key) => fullTextHighlights(model.get("annotation")).find((hl) => keyOf(hl) === key);
  /** @type {Save} */
  const save = async (ops, done) => {
    say("Saving…");
    try {
      await call("save", { paper_id: model.get("paper").id, ops });
      say(done);
    } catch (err) {
      say(`Not saved: ${/** @type {Error} */ (err).message}`);
    }
  };
  const edit = (/** @type {string} */ key, /** @type {Partial<Highlight>} */ changes) => {
    const hl = find(key);
    if (!hl) return;
    /** @type {{[field: string]: unknown}} */
    const next = { ...hl, ...changes };
    for (const [name, value] of Object.entries(changes)) if (value === undefined) delete next[name];
    state.current = key;
    return save({ add_highlights: [next] }, "Saved");
  };
  const pick = (/** @type {string} */ key) => {
    state.current = key;
    const item = state.drawn.find((d) => d.key === key);
    if (item && item.marks[0]) item.marks[0].scrollIntoView({ block: "center" });
    for (const mark of ui.pane.querySelectorAll("mark.pw-ft-current")) mark.classList.remove("pw-ft-current");
    for (const mark of item ? item.marks : []) mark.classList.add("pw-ft-current");
    list.select(key);
  };
  const list = highlightList({
    categories,
    onPick: pick,
    onComment: (key, text) => edit(key, { comment: text || undefined }),
    onRemove: (key) => save({ remove_highlights: [find(key)] }, "Removed"),
    onLeave: () => ui.root.focus({ preventScroll: true }),
  });
  ui.body.append(list.box);
  const redraw = () => {
    const highlights = fullTextHighlights(model.get("annotation"));
    const drawnFor = JSON.stringify([state.loaded, highlights, categories()]);
    if (!state.doc || drawnFor === state.drawnFor) return; // nothing new: keep focus and selection
    state.drawnFor = drawnFor;
    Object.assign(state, drawMarks(ui.pane, highlights, colour));
    list.draw(state);
    ui.root.dataset.highlights = String(state.drawn.length);
    ui.root.dataset.orphans = String(state.orphans.length);
    if (state.current) list.select(state.current);
  };
  return { list, save, edit, pick, redraw };
}

/**
 * Whether the page's selection is a non-empty range inside the pane.
 * @param {HTMLElement} pane
 */
function selectionIn(pane) {
  const selection = pane.ownerDocument.getSelection();
  return Boolean(selection && selection.rangeCount && !selection.isCollapsed && pane.contains(selection.getRangeAt(0).commonAncestorContainer));
}

/**
 * The selection as a new highlight (selectors, page, category, source), saved.
 * @param {{ui: UI, state: ViewState, model: Model, category: string, save: Save, pick: (key: string) => void}} parts
 */
async function highlightSelection({ ui, state, model, category, save, pick }) {
  if (!state.doc || !selectionIn(ui.pane)) return false;
  const selection = /** @type {Selection} */ (ui.pane.ownerDocument.getSelection()); // selectionIn: there is one
  const map = /** @type {import("./textmap.js").TextMap} */ (state.map); // drawn with the doc (redraw)
  const range = selection.getRangeAt(0);
  const offsets = rangeOffsets(map, range);
  if (!offsets) return false;
  const selector = describe(map.text, offsets[0], offsets[1]);
  if (!selector.quote.trim()) return false;
  const page = state.doc.pageOfNode(range.startContainer);
  const hl = { ...selector, category, source: model.get("document").source, ...(page ? { page } : {}) };
  selection.removeAllRanges();
  ui.button.hidden = true;
  ui.root.focus({ preventScroll: true }); // keys go on working (e: comment, 1–5: category)
  state.current = keyOf(hl);
  await save({ add_highlights: [hl] }, `Highlighted as ${category}`);
  pick(keyOf(hl));
  return true;
}

/**
 * The root's keydown: scroll, step through highlights, highlight, categories, comment.
 * @param {Actions & {ui: UI, state: ViewState, categories: () => import("./types.js").Category[],
 *   highlight: (category: string | null) => void}} parts
 */
function keyHandler({ ui, state, categories, highlight, pick, edit, list }) {
  return (/** @type {KeyboardEvent} */ event) => {
    const action = fullTextKey(event, categories());
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action.type === "scroll") turn(ui.pane, action.pages);
    else if (action.type === "step") step(state, action.by, pick);
    else if (action.type === "highlight") {
      const withSelection = selectionIn(ui.pane);
      if (withSelection || !action.category) highlight(action.category);
      else if (state.current) edit(state.current, { category: action.category });
    } else if (action.type === "edit" && state.current) list.select(state.current, true);
    else if (action.type === "leave") ui.root.focus();
    else if (action.type === "back") ui.root.dispatchEvent(new CustomEvent("pw-fulltext-back", { bubbles: true }));
  };
}

/**
 * The PDF page (1-based) at a third of the pane's height, or 0 for HTML.
 * @param {HTMLElement} pane
 */
function pageInView(pane) {
  const line = pane.getBoundingClientRect().top + pane.clientHeight / 3;
  const pages = [...pane.querySelectorAll(".pw-ft-page")];
  return pages.findIndex((p) => p.getBoundingClientRect().bottom > line) + 1;
}

/**
 * Page down/up: a PDF's next/previous page to the top, an HTML text a screen on.
 * @param {HTMLElement} pane
 * @param {number} by
 */
function turn(pane, by) {
  const page = pageInView(pane);
  const target = page ? pane.querySelector(`.pw-ft-page[data-page="${page + by}"]`) : null;
  if (target) pane.scrollTop = /** @type {HTMLElement} */ (target).offsetTop - 8;
  else pane.scrollBy({ top: by * pane.clientHeight * 0.9 });
}

/**
 * Go to the next/previous drawn highlight (in text order) from the current one.
 * @param {ViewState} state
 * @param {number} by
 * @param {(key: string) => void} pick
 */
function step(state, by, pick) {
  if (!state.drawn.length) return;
  const at = state.drawn.findIndex((d) => d.key === state.current);
  const next = at < 0 ? (by > 0 ? 0 : state.drawn.length - 1) : (at + by + state.drawn.length) % state.drawn.length;
  pick(state.drawn[next].key);
}

/**
 * Ask the kernel for the bytes once they are loaded, and show them (or say why not).
 * @param {{ui: UI, state: ViewState, model: Model, call: Call, redraw: () => void, position: Position}} parts
 */
async function loadText({ ui, state, model, call, redraw, position }) {
  const status = model.get("status");
  /** @type {DocumentMeta} */
  const meta = model.get("document") || {};
  ui.message.textContent = status === "ready" ? "" : model.get("message") || "";
  ui.root.dataset.status = status;
  if (status !== "ready" || state.loaded === meta.source) return;
  state.loaded = meta.source;
  if (state.doc) state.doc.destroy();
  state.doc = null;
  ui.pane.replaceChildren();
  ui.label.textContent = `${meta.kind === "pdf" ? "PDF" : "HTML"} · ${meta.label}${meta.resolved ? ` · ${meta.resolved}` : ""}`;
  try {
    /** @type {[unknown, (ArrayBuffer | ArrayBufferView)[]]} */
    const [, buffers] = await call("text", {}, { buffers: true, timeout: 120000 });
    state.doc = await showText(meta, bytesOf(buffers[0]), buffers.slice(1).map(bytesOf), ui);
  } catch (err) {
    ui.message.textContent = meta.kind === "pdf" ? (await import("./pdf.js")).pdfProblem(err) : `The full text could not be shown: ${/** @type {Error} */ (err).message || err}`;
    ui.root.dataset.status = "error";
    return;
  }
  ui.root.dataset.status = "shown";
  redraw();
  position.restore(meta.source);
}

/**
 * A buffer from the kernel (DataView, ArrayBuffer or typed array) as a fresh Uint8Array.
 * @param {ArrayBuffer | ArrayBufferView} buffer
 */
function bytesOf(buffer) {
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
  return new Uint8Array(buffer).slice();
}

/**
 * Draw the text in the pane: the HTML at once, a PDF page by page.
 * @param {DocumentMeta} meta
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @param {Uint8Array<ArrayBuffer>[]} images
 * @param {UI} ui
 */
async function showText(meta, bytes, images, ui) {
  const started = performance.now();
  if (meta.kind === "html") return showHtml(bytes, meta.images || [], images, ui.pane);
  const { showPdf } = await import("./pdf.js"); // pdf.js is evaluated only for a PDF
  return showPdf(bytes, ui.pane, { onFirst: () => (ui.root.dataset.firstPageMs = String(Math.round(performance.now() - started))) });
}

/** Where the reader is: shown as "page n / N", written (debounced) to the notes file. The
 * place is taken when the pane scrolls (a pane hidden meanwhile has no place), and a place
 * not yet written is written when the view goes (the Reader's Esc back to the card).
 * @param {UI} ui
 * @param {ViewState} state
 * @param {Model} model
 * @param {Call} call
 */
function rememberPosition(ui, state, model, call) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {(() => void) | null} */
  let pending = null;
  const where = () => {
    const pane = ui.pane;
    const room = Math.max(1, pane.scrollHeight - pane.clientHeight);
    const page = pageInView(pane);
    return { page: page || undefined, scroll: Math.min(1, Math.max(0, pane.scrollTop / room)) };
  };
  const write = () => {
    clearTimeout(timer);
    const send = pending;
    pending = null;
    if (send) send();
  };
  const onScroll = () => {
    if (!ui.pane.clientHeight) return; // not shown: nothing moved
    const at = { ...where(), source: model.get("document").source };
    ui.page.textContent = at.page && state.doc ? `page ${at.page} / ${state.doc.pages}` : "";
    clearTimeout(timer);
    pending = () => call("remember", at).catch(() => {});
    timer = setTimeout(write, REMEMBER_AFTER);
  };
  ui.pane.addEventListener("scroll", onScroll);
  return {
    /** @param {string | undefined} source */
    restore(source) {
      const reading = model.get("reading") || {};
      if (reading.source === source && reading.scroll) {
        ui.pane.scrollTop = reading.scroll * Math.max(0, ui.pane.scrollHeight - ui.pane.clientHeight);
      }
      onScroll();
      clearTimeout(timer); // where it opened is already kept
      pending = null;
    },
    stop() {
      write();
      ui.pane.removeEventListener("scroll", onScroll);
    },
  };
}
