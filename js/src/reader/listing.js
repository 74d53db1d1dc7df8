// The Reader's list as state: one page of rows from the kernel (`page` commands with the
// toolbar's filters), the current row, and j/k across page ends. Drawn by rows.js.
import { PAGE_SIZE, emptyList, pageOf, step, withPage } from "../lib/paging.js";
import { listView } from "./rows.js";

/**
 * The list of the Reader on `model`; `filters()` gives the toolbar's filters, `open(id)` makes
 * a paper the current one. Returns {el, load(offset, how), reload(), move(delta), follow(),
 * update(row)}.
 * @param {any} model
 * @param {import("../lib/commands.js").Call} call
 * @param {{filters: () => object, open: (id: string) => void}} options
 */
export function listing(model, call, { filters, open }) {
  let list = emptyList();
  let pendingPick = null;
  const rows = listView({ onOpen: openAt, onPage: (offset) => load(offset), pageSize: PAGE_SIZE });

  /** Load the page at `offset`; `follow` moves the current paper to a match, `locate` shows its page. */
  async function load(offset, { follow = false, top = false, locate = false } = {}) {
    const ask = { ...filters(), offset, limit: PAGE_SIZE, follow };
    let page = await call("page", ask);
    const home = pageOf(page.current_at);
    if (locate && page.current_at >= 0 && home !== page.offset) page = await call("page", { ...ask, offset: home });
    list = withPage(page, model.get("current_id"), list);
    if (pendingPick) {
      const pick = pendingPick;
      pendingPick = null;
      if (list.rows.length) openAt(pick === "first" ? 0 : list.rows.length - 1);
    }
    rows.draw(list, { top });
  }
  function openAt(index) {
    const row = list.rows[index];
    if (!row) return;
    list.index = index;
    list.after = -1;
    rows.draw(list);
    open(row.id);
  }
  function move(delta) {
    const where = step(list, delta);
    if (!where) return;
    if (where.index !== undefined) openAt(where.index);
    else {
      pendingPick = where.pick;
      load(where.offset);
    }
  }
  /** The current paper changed: select its row (or none). */
  function follow() {
    const index = list.rows.findIndex((r) => r.id === model.get("current_id"));
    if (index >= 0 || list.index >= 0) list = { ...list, index, after: -1 };
    rows.draw(list);
  }
  return { el: rows.el, load, reload: () => load(list.offset), move, follow, update: rows.update };
}
