// Paging state of the Reader's list: which rows are loaded, which one is current.
// The kernel holds the corpus; the browser only ever has one page of rows.

export const PAGE_SIZE = 50;

/**
 * One page of the list as the kernel sends it: rows (each with its paper `id`) from `offset`.
 * @typedef {{rows: any[], offset: number, total: number}} Page rows: the kernel's, as sent
 * @typedef {Page & {index: number, after?: number}} ListState the page, the current row (-1: none), where a paper that left was
 */

/**
 * A fresh list state: no rows yet, nothing selected.
 * @returns {ListState}
 */
export function emptyList() {
  return { rows: [], offset: 0, total: 0, index: -1, after: -1 };
}

/**
 * Take a page answer from the kernel; keep the current paper selected when it is on it.
 * When the current paper has just left the list (you rated it under "not yet annotated"),
 * `after` remembers where it was, so j goes to the paper that followed it and k to the one
 * before it.
 * @param {Page} page
 * @param {string | null | undefined} currentId
 * @param {ListState} [previous]
 * @returns {ListState}
 */
export function withPage(page, currentId, previous = emptyList()) {
  const index = page.rows.findIndex((r) => r.id === currentId);
  const was = previous.offset === page.offset ? previous.index : -1;
  const kept = previous.offset === page.offset ? (previous.after ?? -1) : -1;
  const after = index >= 0 ? -1 : was >= 0 ? was : kept;
  return { rows: page.rows, offset: page.offset, total: page.total, index, after };
}

/**
 * The page offset that holds the row at `position` of the whole list.
 * @param {number} position
 * @returns {number}
 */
export function pageOf(position) {
  return Math.floor(position / PAGE_SIZE) * PAGE_SIZE;
}

/**
 * Where a j/k step goes: `{ index }` inside the loaded page, `{ offset, pick }` when the
 * next page must be fetched first (pick "first" or "last"), or null at either end.
 * @param {ListState} state
 * @param {number} delta
 * @returns {{index?: number, offset?: number, pick?: "first" | "last"} | null}
 */
export function step(state, delta) {
  const { rows, offset, total, index, after = -1 } = state;
  /** @type {number} */
  let target;
  if (index >= 0) target = index + delta;
  else if (after >= 0) target = delta > 0 ? after : after - 1;
  else target = delta > 0 ? 0 : rows.length - 1;
  if (target >= 0 && target < rows.length) return { index: target };
  const absolute = offset + target;
  if (absolute < 0 || absolute >= total) return null;
  if (target < 0) return { offset: Math.max(0, offset - PAGE_SIZE), pick: "last" };
  return { offset: offset + rows.length, pick: "first" };
}

/**
 * "51–100 of 2,228"
 * @param {Page} page
 * @returns {string}
 */
export function rangeText({ offset, rows, total }) {
  if (!total) return "no papers";
  const fmt = (/** @type {number} */ n) => n.toLocaleString("en-US");
  return `${fmt(offset + 1)}–${fmt(offset + rows.length)} of ${fmt(total)}`;
}
