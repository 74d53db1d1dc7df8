// Two screeners: a field to merge a second screener's notes file, then Cohen's κ, the
// agreement on the records both screened and the disagreement queue (each to resolve).
import { h } from "../lib/dom.js";

/** The agreement line, from the model's `team` trait. */
export function teamSummary(team) {
  if (!team || !team.names) return "Alone so far: merge a second screener's notes file to compare.";
  const kappa = team.kappa === null ? "undefined" : team.kappa.toFixed(2);
  const agreement = team.agreement === null ? "–" : `${Math.round(100 * team.agreement)} %`;
  return `${team.names[0]} and ${team.names[1]}: Cohen's κ ${kappa}, agreement ${agreement} on ${team.shared} records both screened; ${team.open_count} disagreements open.`;
}

/**
 * @param {{get: (name: string) => any}} model
 * @param {{onMerge: (path: string) => void, onResolve: (item: any) => void}} actions
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
    first: () => (model.get("team")?.open || [])[0] || null,
  };
}
