// The stopping panel: progress, relevant records left (estimate and interval, from the random
// sample), the statistical rule's verdict and why, and the heuristic, labelled as such.
import { h } from "../lib/dom.js";

/** @param {number} n @param {number} total */
const percent = (n, total) => (total ? `${Math.round((100 * n) / total)} %` : "0 %");

/**
 * The model's `panel` trait (widgets/screen_state.py): the counts, relevant left (null before a
 * random sample), each rule's verdict and why, whether the queue is the random sample, the
 * target recall and confidence, why the queue could not relearn ("" when it did). {} at first.
 * @typedef {{records: number, screened: number, included: number, excluded: number, maybe: number,
 *   relevant_left: {estimate: number, low: number, high: number} | null,
 *   statistical: {stop: boolean, why: string} | null, heuristic: {stop: boolean, why: string} | null,
 *   sampling: boolean, recall: number, confidence: number, model: string}} Panel
 */

/**
 * The text of each line of the panel, from the model's `panel` trait.
 * @param {Panel | Record<string, never> | null | undefined} panel
 */
export function panelLines(panel) {
  const p = panel || {};
  const left = p.relevant_left
    ? `Relevant left (estimate): ${p.relevant_left.estimate} (${Math.round(100 * p.confidence)} % interval ${p.relevant_left.low}–${p.relevant_left.high})`
    : "Relevant left: not estimated yet (press s to screen a random sample)";
  const stat = p.statistical
    ? `${p.statistical.stop ? "Stop" : "Keep screening"} (statistical rule, recall ≥ ${Math.round(100 * p.recall)} % with ${Math.round(100 * p.confidence)} % confidence). ${p.statistical.why}`
    : "Statistical rule: no random sample yet.";
  return {
    progress: `Screened ${p.screened || 0} of ${p.records || 0} (${percent(p.screened || 0, p.records || 0)})`,
    found: `Relevant found: ${(p.included || 0) + (p.maybe || 0)} (${p.included || 0} included, ${p.maybe || 0} maybe); ${p.excluded || 0} excluded`,
    left,
    statistical: stat,
    heuristic: p.heuristic ? p.heuristic.why : "",
    mode: p.sampling ? "Queue: random sample (for the stopping check)" : "Queue: the model's order",
    model: p.model ? `The queue could not relearn: ${p.model}` : "",
  };
}

/** @param {{get: (name: string) => any}} model */
export function stoppingPanel(model) {
  const el = h("section", { className: "pw-screen-panel", ariaLabel: "Stopping panel" });
  const bar = h("progress", { className: "pw-screen-bar", max: 1, value: 0 });
  const lines = Object.fromEntries(
    ["progress", "found", "left", "statistical", "heuristic", "mode", "model"].map((k) => [k, h("p", { className: `pw-screen-${k}` })]),
  );
  el.append(bar, ...Object.values(lines));
  return {
    el,
    show() {
      const panel = model.get("panel") || {};
      bar.max = panel.records || 1;
      bar.value = panel.screened || 0;
      for (const [key, text] of Object.entries(panelLines(panel))) {
        lines[key].textContent = text;
        lines[key].hidden = !text;
      }
      lines.statistical.classList.toggle("pw-screen-stop", Boolean(panel.statistical?.stop));
    },
  };
}
