// Reader: triage a listing. The kernel holds the corpus, the notes and the history; the
// browser holds one page of rows. Paging and search are background `page` commands (answered
// on the kernel's worker thread, newest only), edits are `save` commands, back/forward is
// `go`, undo is `undo`, and choosing a paper sets `current_id` (Python answers with `current`,
// `annotation`, …). Once moving settles, `remember` keeps the place for the next run of the
// cell. Parts: reader/toolbar.js, reader/listing.js (+ rows.js), reader/related.js,
// reader/map-tab.js, reader/help.js, reader/beside.js; the card and its annotation fields are
// annotated-card.js, as in PaperCard and Map.
import { annotatedCard } from "./annotated-card.js";
import { backgroundCommands, commands } from "./lib/commands.js";
import { debounce } from "./lib/debounce.js";
import { h } from "./lib/dom.js";
import { keepFocus } from "./lib/focus.js";
import { cardLinks } from "./lib/format.js";
import { keyAction } from "./lib/keys.js";
import { listen } from "./lib/listen.js";
import { selectionBar } from "./map/controls.js";
import { OPEN_BESIDE, besideButton, panelMode } from "./reader/beside.js";
import { keyHelp } from "./reader/help.js";
import { listing } from "./reader/listing.js";
import { mapTab } from "./reader/map-tab.js";
import { readButton, readingPane } from "./reader/reading.js";
import { relatedPapers } from "./reader/related.js";
import { toolbar } from "./reader/toolbar.js";

const SEARCH_DEBOUNCE = 150;
const REMEMBER_AFTER = 1000; // ms of calm before the place is kept and the saved card updated
const noPaper = () => [h("p", { className: "pw-muted", text: "No paper selected." })];

/** @typedef {import("./reader/types.js").ReaderModel} ReaderModel */
/** @typedef {NonNullable<ReturnType<typeof keyAction>>} KeyAction */
/** @typedef {ReturnType<typeof toolbar>} Toolbar */
/** @typedef {ReturnType<typeof listing>} Listing */
/** @typedef {ReturnType<typeof mapTab>} MapTab */
/** @typedef {ReturnType<typeof annotatedCard>} Card */
/** @typedef {ReturnType<typeof readingPane>} Reading */
/** @typedef {ReturnType<typeof parts>} Parts */

/**
 * What each key action does (lib/keys.js maps keys to actions).
 * @param {HTMLElement} root
 * @param {ReaderModel} model
 * @param {Parts} parts
 */
function keyActions(root, model, { list, go, bar, card, help, undo, reading }) {
  const panel = () => (model.get("annotating") ? card.panel : null);
  const openPage = () => {
    const [first] = cardLinks(model.get("current") || {});
    if (first) window.open(first.href, "_blank", "noopener");
  };
  return {
    move: (/** @type {KeyAction} */ a) => list.move(a.step),
    history: (/** @type {KeyAction} */ a) => go(a.to),
    search: () => bar.search.focus(),
    rate: (/** @type {KeyAction} */ a) => panel()?.rate(a.value),
    status: (/** @type {KeyAction} */ a) => panel()?.setStatus(a.value),
    tags: () => panel()?.focusTags(),
    edit: () => panel()?.editNote(),
    highlight: () => panel()?.highlightSelection(),
    open: openPage,
    read: () => reading.open(),
    select: () => list.pick(),
    undo,
    help: () => help.toggle(),
    leave: () => (card.flush(), root.focus()),
  };
}

/**
 * Run the Reader's key actions on `root`; nothing but the banner once the kernel is gone.
 * @param {HTMLElement} root
 * @param {ReaderModel} model
 * @param {Parts} parts
 */
function handleKeys(root, model, parts) {
  const actions = keyActions(root, model, parts);
  root.addEventListener("keydown", (event) => {
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (parts.card.kernel.gone()) return;
    actions[/** @type {keyof typeof actions} */ (action.type)]?.(action);
  });
}

/**
 * Enter opens the top hit, ↓ / ↑ go through the hits; each leaves the box for the keys.
 * @param {HTMLInputElement} input
 * @param {{list: Listing, search: Parts["search"], root: HTMLElement}} parts
 */
function searchKeys(input, { list, search, root }) {
  input.addEventListener("keydown", async (event) => {
    /** @type {{[key: string]: number}} */
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (event.key !== "Enter" && !(event.key in moves)) return;
    event.preventDefault();
    event.stopPropagation();
    root.focus({ preventScroll: true });
    await search.flush(); // the hits of what is typed now, not of an earlier query
    if (event.key === "Enter") list.openFirst();
    else list.move(moves[event.key]);
  });
}

/**
 * The List | Map switch: exactly one shows; the map is laid out on first use.
 * @param {ReaderModel} model
 * @param {{body: HTMLElement, list: Listing, map: MapTab, bar: Toolbar}} parts
 */
function viewSwitch(model, { body, list, map, bar }) {
  let current = "list";
  const show = async (/** @type {string} */ name) => {
    current = name;
    bar.setView(name);
    body.classList.toggle("pw-map-mode", name === "map");
    list.el.hidden = name === "map";
    map.el.hidden = name !== "map";
    if (name === "map") {
      await map.open();
      map.focus(model.get("current_position"));
    }
  };
  return { show, current: () => current };
}

/**
 * The papers picked with x: a bar to tag, untag or set their status in one action.
 * @param {ReaderModel} model
 * @param {import("./lib/commands.js").Call} call
 * @param {{clearPicks: () => void}} list
 */
function pickedBar(model, call, list) {
  /** @type {Map<string, string>} id -> title */
  let picked = new Map();
  const bar = selectionBar(model, call, () => ({ ids: [...picked.keys()] }), { hint: "Press x on papers to select them." });
  const clear = h("button", { type: "button", className: "pw-clear-picks", text: "Clear selection" });
  clear.addEventListener("click", () => list.clearPicks());
  bar.el.append(clear);
  bar.el.classList.add("pw-picked-bar");
  return {
    el: bar.el,
    /** @param {Map<string, string>} next */
    show(next) {
      picked = next;
      bar.el.hidden = !picked.size || !model.get("annotating");
      bar.show(picked.size, [...picked.values()]);
    },
  };
}

/**
 * The parts of the Reader, wired to each other; `host` is undefined before anywidget 0.11.
 * @param {ReaderModel} model
 * @param {{experimental: import("@anywidget/types").Experimental, host: import("@anywidget/types").Host | undefined}} env
 * @param {HTMLElement} root
 */
function parts(model, { experimental, host }, root) {
  const call = commands(experimental);
  const background = backgroundCommands(model);
  const open = (/** @type {string} */ id) => {
    if (id === model.get("current_id")) return;
    card.flush();
    model.set("current_id", id);
    model.save_changes();
  };
  const go = (/** @type {string} */ to) => (card.flush(), call("go", { to }).catch(() => {}));
  const search = debounce(() => list.load(0, { follow: true, top: true }), SEARCH_DEBOUNCE);
  const undo = () =>
    call("undo")
      .then((a) => bar.say(a.undone ? `Undid ${a.undone}` : "Nothing to undo"))
      .catch((err) => bar.say(`Not undone: ${err.message}`));
  const help = keyHelp(() => root.focus());
  const bar = toolbar({
    onSearch: search,
    onFilter: () => list.load(0, { follow: true, top: true }),
    onClear: () => list.load(0, { locate: true }),
    onHistory: go,
    onView: (name) => view.show(name),
    onHelp: () => help.toggle(),
    onBeside: () => root.dispatchEvent(new CustomEvent(OPEN_BESIDE, { bubbles: true })),
  });
  const list = listing(model, background, {
    filters: bar.filters, open, onBusy: bar.setSearching, onPicked: (p) => picks.show(p), onError: bar.say,
  }); // prettier-ignore
  const picks = pickedBar(model, call, list);
  const map = mapTab(model, call);
  const card = annotatedCard(model, { call, root, host: root.parentElement || root, trait: "current", empty: noPaper, onSaved: (a) => a.marks && list.update({ id: a.annotation.paper_id, ...a.marks }) });
  const related = relatedPapers(model, open);
  const reading = readingPane(model, call, host, { onShow: (on) => body.classList.toggle("pw-reading-mode", on), onLeave: () => root.focus({ preventScroll: true }) });
  const body = layout(root, { bar, list, picks, map, card, related, help, reading });
  const view = viewSwitch(model, { body, list, map, bar });
  return { call, bar, list, map, card, related, go, search, undo, help, view, reading };
}

/** @param {import("@anywidget/types").RenderProps<import("./reader/types.js").ReaderTraits>} props */
function render({ model, el, experimental, host }) {
  el.classList.add("pw-root", "pw-reader-root");
  const root = h("div", { className: "pw-reader", tabIndex: 0 });
  el.replaceChildren(root);
  const p = parts(model, { experimental, host }, root);
  const kept = model.get("view_state") || {};
  p.bar.restore(kept.filters);
  p.view.show(kept.view === "map" ? "map" : "list");
  handleKeys(root, model, p);
  searchKeys(p.bar.search, { list: p.list, search: p.search, root });
  const remember = debounce(() => {
    if (!p.card.kernel.gone()) p.call("remember", { view: p.view.current(), filters: p.bar.filters() }).catch(() => {});
  }, REMEMBER_AFTER);
  const reloadList = debounce(() => p.list.reload(), 300);
  const unlisten = listen(model, {
    "change:current": () => (p.list.follow(), p.reading.follow(), p.map.focus(model.get("current_position")), remember()),
    "change:progress": () => (p.bar.setProgress(model.get("progress") || {}), remember()),
    "change:notes_version": reloadList, // annotations changed (here, in another view, on disk)
    "change:tags_in_use": () => p.bar.setTags(model.get("tags_in_use") || []),
    "change:history": () => p.bar.setHistory(model.get("history") || {}),
  });
  const undoFocus = keepFocus(root);
  const unpanel = panelMode(el, root);
  const unbeside = besideButton(el, p.bar);
  p.bar.el.addEventListener("change", remember);
  p.bar.el.addEventListener("click", remember);
  p.bar.setProgress(model.get("progress") || {});
  p.bar.setTags(model.get("tags_in_use") || []);
  p.bar.setHistory(model.get("history") || {});
  p.list.load(0, { locate: true, follow: Boolean(kept.filters && Object.keys(kept.filters).length) });
  return () => {
    for (const stop of [p.card.destroy, p.map.destroy, p.related.destroy, p.reading.destroy, unlisten, undoFocus, unpanel, unbeside]) stop();
  };
}

/**
 * Put the parts in place: toolbar over [list | map] and [paper | related] (or the paper's
 * full text, read in their place); returns the body.
 * @param {HTMLElement} root
 * @param {{bar: Toolbar, list: Listing, picks: ReturnType<typeof pickedBar>, map: MapTab, card: Card,
 *   related: ReturnType<typeof relatedPapers>, help: ReturnType<typeof keyHelp>, reading: Reading}} parts
 */
function layout(root, { bar, list, picks, map, card, related, help, reading }) {
  map.el.hidden = true;
  picks.el.hidden = true;
  const side = h("div", { className: "pw-side" });
  side.append(list.el, picks.el, map.el);
  const paper = h("div", { className: "pw-paper" });
  paper.append(readButton(() => reading.open()), ...card.nodes);
  const main = h("div", { className: "pw-main" });
  main.append(paper, related.el, reading.el);
  const body = h("div", { className: "pw-body" });
  body.append(side, main);
  root.append(bar.el, body, help.el);
  return body;
}

export default { render };
