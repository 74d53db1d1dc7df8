// A ranked list of papers with a score bar and the shared terms that explain each score.
// Used by the Neighbours widget and by the Reader's "similar" and "recommended" panels.
// Papers you annotated carry a mark (items with `annotated: true`).
import { h } from "./lib/dom.js";

/**
 * One neighbour as the kernel sends it: its score and the shared terms that explain it.
 * @typedef {{id: string, title?: string, score: number, why?: string[], annotated?: boolean}} Neighbour
 */

/** A mark for a paper you annotated (lists, neighbour lists). */
export function annotatedMark() {
  const mark = h("span", { className: "pw-annotated-mark", text: "✎", title: "You annotated this paper" });
  mark.setAttribute("aria-label", "annotated");
  return mark;
}

/**
 * An <ol> of neighbours; `onSelect(id)` runs when one is chosen.
 * @param {Neighbour[]} items
 * @param {(id: string) => void} onSelect
 * @returns {HTMLOListElement}
 */
export function neighbourList(items, onSelect) {
  const list = h("ol", { className: "pw-neighbours" });
  const top = Math.max(...items.map((n) => n.score), 1e-9);
  for (const n of items) {
    const item = h("li", { className: "pw-neighbour" });
    item.dataset.paperId = n.id;
    item.classList.toggle("pw-annotated", Boolean(n.annotated));
    const open = h("button", { type: "button", className: "pw-neighbour-title", text: n.title || n.id });
    open.addEventListener("click", () => onSelect(n.id));
    const head = h("span", { className: "pw-neighbour-head" });
    head.append(open);
    if (n.annotated) head.append(annotatedMark());
    const bar = h("span", { className: "pw-score-bar" });
    bar.style.width = `${Math.round((100 * Math.max(0, n.score)) / top)}%`;
    const score = h("span", { className: "pw-score", text: n.score.toFixed(2) });
    const why = h("span", { className: "pw-why", text: (n.why || []).join(" · ") });
    const meter = h("span", { className: "pw-meter" });
    meter.append(bar);
    item.append(head, meter, score, why);
    list.append(item);
  }
  return list;
}
