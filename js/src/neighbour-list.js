// A ranked list of papers with a score bar and the shared terms that explain each score.
// Used by the Neighbours widget and by the Reader's "similar" and "recommended" panels.
import { h } from "./lib/dom.js";

/** An <ol> of neighbours; `onSelect(id)` runs when one is chosen. */
export function neighbourList(items, onSelect) {
  const list = h("ol", { className: "pw-neighbours" });
  const top = Math.max(...items.map((n) => n.score), 1e-9);
  for (const n of items) {
    const item = h("li", { className: "pw-neighbour" });
    item.dataset.paperId = n.id;
    const open = h("button", { type: "button", className: "pw-neighbour-title", text: n.title || n.id });
    open.addEventListener("click", () => onSelect(n.id));
    const bar = h("span", { className: "pw-score-bar" });
    bar.style.width = `${Math.round((100 * Math.max(0, n.score)) / top)}%`;
    const score = h("span", { className: "pw-score", text: n.score.toFixed(2) });
    const why = h("span", { className: "pw-why", text: (n.why || []).join(" · ") });
    const meter = h("span", { className: "pw-meter" });
    meter.append(bar);
    item.append(open, meter, score, why);
    list.append(item);
  }
  return list;
}
