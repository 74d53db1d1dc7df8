// The Reader's list as state: one page of rows from the kernel (`page` commands with the
// toolbar's filters, answered on the kernel's worker thread), the current row, j/k across
// page ends, and the papers picked with x for a bulk action. Only the newest request's
// answer is drawn: typing a search asks many, the last one counts. Drawn by rows.js.
import { PAGE_SIZE, emptyList, pageOf, step, withPage } from "../lib/paging.js";
import { listView } from "./rows.js";

/** @typedef {import("./types.js").ReaderModel} ReaderModel */
/** @typedef {import("./types.js").Filters & {offset: number, limit: number, follow: boolean}} PageRequest */
/**
 * A `page` answer: the page, where the current paper is in the whole list (-1: not in it), and
 * whether a newer request of this view replaced it before it ran.
 * @typedef {import("../lib/paging.js").Page & {current_at: number, superseded?: boolean}} KernelPage
 */

/**
 * The papers picked with x (id -> title); `rowTitle(id)` is a paper's title in the list (the
 * card may still be on its way), `changed(picked)` runs after each change.
 * @param {ReaderModel} model
 * @param {(id: string) => string | undefined} rowTitle
 * @param {(picked: Map<string, string>) => void} changed
 */
function pickedPapers(model, rowTitle, changed) {
  /** @type {Map<string, string>} */
  const picked = new Map();
  return {
    has: (/** @type {string} */ id) => picked.has(id),
    /** Pick (or unpick) the current paper. */
    toggle() {
      const id = model.get("current_id");
      if (!id) return;
      if (picked.has(id)) picked.delete(id);
      else picked.set(id, rowTitle(id) || /** @type {string | undefined} */ ((model.get("current") || {}).title) || id);
      changed(picked);
    },
    clear() {
      picked.clear();
      changed(picked);
    },
  };
}

/**
 * When the list itself has the focus, ↓ / ↑ move like j / k.
 * @param {HTMLElement} el
 * @param {(delta: number) => void} move
 */
function arrowKeys(el, move) {
  /** @type {{[key: string]: number}} */
  const arrows = { ArrowDown: 1, ArrowUp: -1 };
  el.addEventListener("keydown", (event) => {
    if (!(event.key in arrows) || !/** @type {HTMLElement} */ (event.target).classList.contains("pw-rows")) return;
    event.preventDefault();
    move(arrows[event.key]);
  });
}

/**
 * Page requests of which only the newest counts: `fetch(request, locate)` resolves with its
 * page (with `locate`, the page holding the current paper), or null when a newer request came
 * meanwhile or it failed (then `onError(message)`). `onBusy(searching)` while a search waits.
 * @param {import("../lib/commands.js").Call} call
 * @param {{onBusy: (searching: boolean) => void, onError: (message: string) => void}} callbacks
 * @returns {(request: PageRequest, locate: boolean) => Promise<KernelPage | null>}
 */
function newestPages(call, { onBusy, onError }) {
  let asked = 0;
  /**
   * @param {PageRequest} request
   * @param {number} mine
   * @returns {Promise<KernelPage | null>}
   */
  const ask = async (request, mine) => {
    const page = await call("page", request);
    return mine === asked && !page.superseded ? page : null;
  };
  return async (request, locate) => {
    const mine = ++asked;
    onBusy(Boolean(request.query && request.query.trim()));
    try {
      let page = await ask(request, mine);
      const home = page ? pageOf(page.current_at) : 0;
      if (page && locate && page.current_at >= 0 && home !== page.offset) page = await ask({ ...request, offset: home }, mine);
      return page;
    } catch (err) {
      if (mine === asked) onError(`The list did not load: ${/** @type {Error} */ (err).message}`);
      return null;
    } finally {
      if (mine === asked) onBusy(false);
    }
  };
}

/**
 * The list of the Reader on `model`; `filters()` gives the toolbar's filters, `open(id)` makes
 * a paper the current one, `onBusy(searching)` says whether a search is on its way,
 * `onPicked(picked)` gets the papers picked for a bulk action (id -> title), `onError(message)`.
 * Returns {el, load(offset, how), reload(), move(delta), follow(), update(row), openFirst(),
 * pick(), clearPicks()}; `load` and `openFirst` return promises.
 * @param {ReaderModel} model
 * @param {import("../lib/commands.js").Call} call
 * @param {{filters: () => import("./types.js").Filters, open: (id: string) => void, onBusy?: (on: boolean) => void,
 *   onPicked?: (picked: Map<string, string>) => void, onError?: (message: string) => void}} options
 */
export function listing(model, call, { filters, open, onBusy = () => {}, onPicked = () => {}, onError = () => {} }) {
  let list = emptyList();
  /** @type {"first" | "last" | null | undefined} the row to open once the page asked for arrives */
  let pendingPick = null;
  const fetchPage = newestPages(call, { onBusy, onError });
  const picked = pickedPapers(model, (id) => (list.rows.find((r) => r.id === id) || {}).title, (all) => (rows.draw(list), onPicked(all)));
  const rows = listView({ onOpen: openAt, onPage: (offset) => load(offset), pageSize: PAGE_SIZE, isPicked: picked.has });
  arrowKeys(rows.el, (delta) => move(delta));

  let latest = Promise.resolve(true);
  /**
   * Load the page at `offset`; `follow` moves the current paper to a match, `locate` shows its page.
   * @param {number} offset
   * @param {{follow?: boolean, top?: boolean, locate?: boolean}} [how]
   */
  function load(offset, { follow = false, top = false, locate = false } = {}) {
    const request = { ...filters(), offset, limit: PAGE_SIZE, follow };
    latest = fetchPage(request, locate).then((page) => {
      if (page) show(page, top);
      if (page) rows.el.dataset.query = request.query || ""; // the search the rows answer
      return Boolean(page);
    });
    return latest;
  }
  let loaded = false, early = 0; // j/k pressed before the first page arrived: made once it is there
  /**
   * @param {KernelPage} page
   * @param {boolean} top
   */
  function show(page, top) {
    list = withPage(page, model.get("current_id"), list);
    if (pendingPick && list.rows.length) openAt(pendingPick === "first" ? 0 : list.rows.length - 1);
    pendingPick = null;
    rows.draw(list, { top });
    if (!loaded && early) queueMicrotask(() => move(early));
    loaded = true;
  }
  /** @param {number} index */
  function openAt(index) {
    const row = list.rows[index];
    if (!row) return;
    Object.assign(list, { index, after: -1 });
    rows.draw(list);
    open(row.id);
  }
  /** @param {number} delta */
  function move(delta) {
    if (!loaded) return void (early += delta);
    const where = step(list, delta);
    if (!where) return;
    if (where.index !== undefined) openAt(where.index);
    else {
      pendingPick = where.pick;
      load(/** @type {number} */ (where.offset)); // step() gives an offset with every pick
    }
  }
  /** The current paper changed: select its row (or none). */
  function follow() {
    const index = list.rows.findIndex((r) => r.id === model.get("current_id"));
    if (index >= 0 || list.index >= 0) list = { ...list, index, after: -1 };
    rows.draw(list);
  }
  return {
    el: rows.el,
    load,
    reload: () => load(list.offset),
    move,
    follow,
    update: rows.update,
    /** Open the first row once the newest load is drawn (Enter in the search box). */
    openFirst: () => latest.then(() => openAt(0)),
    pick: picked.toggle,
    clearPicks: picked.clear,
  };
}
