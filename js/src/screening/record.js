// The record being screened (title and abstract as text, the criteria's keywords marked), the
// note for the next decision, and what the last key did. While a disagreement is resolved,
// the record is that one, with both screeners' decisions.
import { h } from "../lib/dom.js";
import { HELP } from "./keys.js";
import { markedNodes } from "./marks.js";
import { noteField } from "./note.js";

/**
 * A record as the model's `record` trait (or a disagreement of `team`) holds it.
 * @typedef {{id?: string, title?: string, abstract?: string, note?: string, first?: string, second?: string}} ShownRecord
 */

/**
 * The heading above the record: whose disagreement is resolved, or that all are screened.
 * @param {{get: (name: string) => any}} model
 * @param {ShownRecord} record
 * @param {ShownRecord | null} resolving
 */
function headingText(model, record, resolving) {
  if (!resolving) return record.id ? "" : "Every record is screened.";
  const [first, second] = model.get("team").names;
  return `Resolving: ${first} said ${resolving.first}, ${second} said ${resolving.second} (Escape: back to screening)`;
}

/**
 * @param {{get: (name: string) => any}} model
 * @param {() => void} back give the keys back to the record (after the note field)
 */
export function recordView(model, back) {
  const el = h("section", { className: "pw-screen-record" });
  const heading = h("div", { className: "pw-screen-heading" });
  const title = h("h3", { className: "pw-screen-title" });
  const abstract = h("p", { className: "pw-screen-abstract" });
  const note = noteField(back);
  const message = h("p", { className: "pw-screen-message", role: "status" });
  el.append(heading, title, abstract, note.el, h("p", { className: "pw-muted pw-screen-help", text: HELP }), message);
  return {
    el,
    note,
    /**
     * Show the record to decide, or the disagreement being resolved.
     * @param {ShownRecord | null} resolving
     */
    show(resolving) {
      /** @type {ShownRecord} */
      const record = resolving || model.get("record") || {};
      const terms = model.get("criteria")?.terms || [];
      el.classList.toggle("pw-screen-resolving", Boolean(resolving));
      heading.textContent = headingText(model, record, resolving);
      title.replaceChildren(...markedNodes(el.ownerDocument, record.title || "", terms));
      abstract.replaceChildren(...markedNodes(el.ownerDocument, record.abstract || "", terms));
      note.follow(`${resolving ? "resolve" : "screen"}:${record.id || ""}`, resolving ? "" : record.note || "");
    },
    /**
     * What the last action did, or why it failed.
     * @param {string} text
     */
    say(text, failed = false) {
      message.textContent = text;
      message.classList.toggle("pw-error", failed);
    },
  };
}
