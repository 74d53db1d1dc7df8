// The record being screened (title and abstract, text only), the exclusion reasons with
// their keys, and what the last key did. While a disagreement is resolved, the record is that
// one, with both screeners' decisions.
import { h } from "../lib/dom.js";
import { HELP } from "./keys.js";

/**
 * @param {{get: (name: string) => any}} model
 */
export function recordView(model) {
  const el = h("section", { className: "pw-screen-record" });
  const heading = h("div", { className: "pw-screen-heading" });
  const title = h("h3", { className: "pw-screen-title" });
  const abstract = h("p", { className: "pw-screen-abstract" });
  const reasons = h("ol", { className: "pw-screen-reasons" });
  const message = h("p", { className: "pw-screen-message", role: "status" });
  el.append(heading, title, abstract, reasons, h("p", { className: "pw-muted pw-screen-help", text: HELP }), message);
  return {
    el,
    /** Show the record to decide, or the disagreement being resolved. */
    show(resolving) {
      const record = resolving || model.get("record") || {};
      el.classList.toggle("pw-screen-resolving", Boolean(resolving));
      heading.textContent = resolving
        ? `Resolving: ${model.get("team").names[0]} said ${resolving.first}, ${model.get("team").names[1]} said ${resolving.second} (Escape: back to screening)`
        : record.id ? "" : "Every record is screened.";
      title.textContent = record.title || "";
      abstract.textContent = record.abstract || "";
      reasons.replaceChildren(...(model.get("reasons") || []).map((r, n) => h("li", { text: `${n + 1} ${r}` })));
    },
    /** What the last action did, or why it failed. */
    say(text, failed = false) {
      message.textContent = text;
      message.classList.toggle("pw-error", failed);
    },
  };
}
