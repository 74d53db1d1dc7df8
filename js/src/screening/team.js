// Two screeners: a field to merge a second screener's notes file, then Cohen's κ, the
// agreement on the records both screened and the disagreement queue (each to resolve).
import { h } from "../lib/dom.js";

/** @typedef {import("./record.js").ShownRecord} ShownRecord */
/**
 * The model's `team` trait (widgets/screen_state.py), {} while alone: the two screeners, the
 * records both screened, Cohen's κ and the agreement (null: undefined), the open disagreements
 * (how many, and the first ones: each record with both decisions).
 * @typedef {{names: [string, string], shared: number, kappa: number | null, agreement: number | null,
 *   open_count: number, open: ShownRecord[]}} Team
 */

/**
 * The agreement line, from the model's `team` trait.
 * @param {Team | Record<string, never> | null | undefined} team
 */
export function teamSummary(team) {
  if (!team || !team.names) return "Alone so far: merge a second screener's notes file to compare.";
  const kappa = team.kappa === null ? "undefined" : team.kappa.toFixed(2);
  const agreement = team.agreement === null ? "–" : `${Math.round(100 * team.agreement)} %`;
  return `${team.names[0]} and ${team.names[1]}: Cohen's κ ${kappa}, agreement ${agreement} on ${team.shared} records both screened; ${team.open_count} disagreements open.`;
}

/**
 * @param {{get: (name: string) => any}} model
 * @param {{onMerge: (path: string) => void, onResolve: (item: ShownRecord) => void}} actions
 */
export function teamPanel(model, { onMerge, onResolve }) {
  const el = h("section", { className: "pw-screen-team" });
  const path = h("input", { className: "pw-screen-merge-path", type: "text", placeholder: "a second screener's notes file" });
  const merge = h("button", { type: "button", className: "pw-screen-merge", text: "Merge" });
  const go = () => path.value.trim() && onMerge(path.value.trim());
  merge.addEventListener("click", go);
  path.addEventListener("keydown", (event) => {
    if (event.key === "Enter") (event.preventDefault(), go());
  });
  const summary = h("p", { className: "pw-screen-kappa" });
  const queue = h("ol", { className: "pw-screen-disagreements" });
  const form = h("div", { className: "pw-screen-merge-row" });
  form.append(path, merge);
  el.append(form, summary, queue);
  return {
    el,
    show() {
      /** @type {Team | Record<string, never>} */
      const team = model.get("team") || {};
      summary.textContent = teamSummary(team);
      const items = (team.open || []).map((item) => {
        const button = h("button", { type: "button", className: "pw-screen-resolve", text: "Resolve" });
        button.addEventListener("click", () => onResolve(item));
        const li = h("li", { text: `${item.title} — ${team.names[0]}: ${item.first}, ${team.names[1]}: ${item.second} ` });
        li.append(button);
        return li;
      });
      queue.replaceChildren(...items);
    },
    /** @returns {ShownRecord | null} */
    first: () => (model.get("team")?.open || [])[0] || null,
  };
}
