// The criteria panel, always in view: the inclusion criteria, the exclusion reasons with the
// keys that give them (1–9), and the keywords marked in each record.
import { h } from "../lib/dom.js";

/**
 * What the reviewer screens by, as the model's `criteria` trait holds it.
 * @typedef {{inclusion?: string[], exclusion?: string[], keywords?: string[], terms?: string[]}} Criteria
 */

/**
 * A titled list (left out when it has no items).
 * @param {string} heading
 * @param {string} className
 * @param {string[]} items
 * @param {"ul" | "ol"} [tag]
 * @returns {HTMLElement[]}
 */
function part(heading, className, items, tag = "ul") {
  if (!items.length) return [];
  const list = h(tag, { className });
  list.append(...items.map((text) => h("li", { text })));
  return [h("h4", { text: heading }), list];
}

/** @param {{get: (name: string) => any}} model */
export function criteriaPanel(model) {
  const el = h("section", { className: "pw-screen-criteria", ariaLabel: "Criteria" });
  return {
    el,
    show() {
      /** @type {Criteria} */
      const criteria = model.get("criteria") || {};
      const reasons = (criteria.exclusion || []).map((reason, n) => `${n + 1} ${reason}`);
      const parts = [
        ...part("Include when", "pw-screen-inclusion", criteria.inclusion || []),
        ...part("Exclude (key: reason)", "pw-screen-reasons", reasons),
        ...part("Marked in the record", "pw-screen-keywords", criteria.keywords || []),
      ];
      el.replaceChildren(...(parts.length ? parts : [h("p", { className: "pw-muted", text: "No criteria given: corpus.screen(criteria=…) shows them here." })]));
    },
  };
}
