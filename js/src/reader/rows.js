// The Reader's list: one page of small rows (title, relevance when searching, status,
// rating, tags, a mark when annotated) with a pager. Rows are text only.
import { UNREAD } from "../lib/constants.js";
import { h } from "../lib/dom.js";
import { rangeText } from "../lib/paging.js";
import { annotatedMark } from "../neighbour-list.js";
import { STARS } from "./toolbar.js";

/** @typedef {import("./types.js").Row} Row */
/** @typedef {Omit<import("../lib/paging.js").ListState, "rows"> & {rows: Row[]}} RowsState what is drawn */

/** @param {number} score a row's relevance to the search */
function relevance(score) {
  const box = h("span", { className: "pw-relevance", title: "Relevance to the search" });
  const meter = h("span", { className: "pw-meter" });
  const bar = h("span", { className: "pw-score-bar" });
  bar.style.width = `${Math.round(100 * Math.min(1, Math.max(0, score)))}%`;
  meter.append(bar);
  box.append(meter, h("span", { className: "pw-score", text: score.toFixed(2) }));
  return box;
}

/**
 * One list row; `onClick` opens it; `picked`: chosen for a bulk action (x).
 * @param {Row} row
 * @param {boolean} selected
 * @param {() => void} onClick
 * @param {boolean} [picked]
 */
export function rowItem(row, selected, onClick, picked = false) {
  const li = h("li", { className: "pw-row-item" });
  li.dataset.paperId = row.id;
  li.setAttribute("aria-selected", String(selected));
  li.classList.toggle("pw-annotated", Boolean(row.annotated));
  li.classList.toggle("pw-picked", picked);
  const head = h("span", { className: "pw-row-head" });
  if (picked) head.append(h("span", { className: "pw-picked-mark", text: "☑", title: "Selected for a bulk action (x)" }));
  head.append(h("span", { className: "pw-row-title", text: row.title || row.id }));
  if (row.annotated) head.append(annotatedMark());
  li.append(head);
  const meta = h("span", { className: "pw-row-meta" });
  if (row.relevance !== undefined) meta.append(relevance(row.relevance));
  if (row.in_notes) meta.append(h("span", { className: "pw-badge pw-in-notes", text: "in your notes" }));
  if (row.status && row.status !== UNREAD) meta.append(h("span", { className: `pw-badge pw-${row.status}`, text: row.status }));
  if (row.rating) meta.append(h("span", { className: "pw-row-rating", text: STARS.slice(0, row.rating) }));
  if (row.conflicts) meta.append(h("span", { className: "pw-badge pw-conflict-badge", text: "disagreement", title: "A merge left a disagreement: open to pick" }));
  for (const tag of row.tags || []) meta.append(h("span", { className: "pw-chip", text: tag }));
  li.append(meta);
  li.addEventListener("click", onClick);
  return li;
}

/**
 * The list box: pager + rows (one Tab stop: j/k move in it). `onOpen(index)` on a click,
 * `onPage(offset)` on the pager, `isPicked(id)`: whether a row is selected for a bulk action.
 * @param {{onOpen: (index: number) => void, onPage: (offset: number) => void, pageSize: number,
 *   isPicked?: (id: string) => boolean}} options
 */
export function listView({ onOpen, onPage, pageSize, isPicked = (_id) => false }) {
  const rows = h("ol", { className: "pw-rows", tabIndex: 0 });
  rows.setAttribute("aria-label", "Papers (j / k to move)");
  const range = h("span", { className: "pw-range" });
  const prev = h("button", { type: "button", className: "pw-page-prev", text: "‹ prev" });
  const next = h("button", { type: "button", className: "pw-page-next", text: "next ›" });
  const pager = h("div", { className: "pw-pager" });
  pager.append(prev, range, next);
  const el = h("nav", { className: "pw-list" });
  el.setAttribute("aria-label", "Papers");
  el.append(pager, rows);
  /** @type {RowsState} */
  let list = { rows: [], offset: 0, total: 0, index: -1 };
  /** @type {object[] | null} the page whose rows are on screen */
  let shown = null;
  prev.addEventListener("click", () => onPage(Math.max(0, list.offset - pageSize)));
  next.addEventListener("click", () => onPage(list.offset + list.rows.length));

  return {
    el,
    /**
     * Draw a list state; `top` scrolls to the first row (a new search), else to the current.
     * The same page again (j/k, a click) only moves the selection: the rows stay.
     * @param {RowsState} state
     * @param {{top?: boolean}} [how]
     */
    draw(state, { top = false } = {}) {
      list = state;
      if (list.rows === shown) {
        list.rows.forEach((row, i) => {
          const li = rows.children[i];
          const selected = i === list.index;
          if (li?.classList.contains("pw-picked") === isPicked(row.id)) li.setAttribute("aria-selected", String(selected));
          else li?.replaceWith(rowItem(row, selected, () => onOpen(i), isPicked(row.id)));
        });
      } else rows.replaceChildren(...list.rows.map((row, i) => rowItem(row, i === list.index, () => onOpen(i), isPicked(row.id))));
      shown = list.rows;
      range.textContent = rangeText(list);
      prev.disabled = list.offset === 0;
      next.disabled = list.offset + list.rows.length >= list.total;
      if (top) rows.scrollTop = 0;
      else rows.children[list.index]?.scrollIntoView({ block: "nearest" });
    },
    /**
     * Redraw one row after a save (its status, rating, tags, mark).
     * @param {Row} row
     */
    update(row) {
      const i = list.rows.findIndex((r) => r.id === row.id);
      if (i < 0) return;
      list.rows[i] = { ...list.rows[i], ...row };
      rows.children[i].replaceWith(rowItem(list.rows[i], i === list.index, () => onOpen(i), isPicked(row.id)));
    },
  };
}
