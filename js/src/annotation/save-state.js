// Where the annotation panel says how saving goes: "Saving…" / "Saved" / "Not saved —
// retrying" beside the status, and an error line next to the field whose edit failed
// (the edit is kept and retried by the save queue).
import { h } from "../lib/dom.js";

/** @typedef {import("../lib/save-queue.js").Edit} Edit */

/** Returns {el, slot(field), error(field, message), say(text), report(what, item, detail)}. */
export function saveState() {
  const el = h("span", { className: "pw-save-state" });
  el.setAttribute("role", "status");
  /** @type {{[field: string]: HTMLElement}} */
  const errors = {};
  /**
   * @param {string} field
   * @param {string} message
   */
  function error(field, message) {
    const slot = errors[field in errors ? field : "status"];
    slot.textContent = message;
    slot.hidden = !message;
  }
  return {
    el,
    /** The error line of a field (placed by the panel). */
    slot(/** @type {string} */ field) {
      errors[field] = h("span", { className: "pw-field-error", role: "alert" });
      errors[field].dataset.field = field;
      errors[field].hidden = true;
      return errors[field];
    },
    error,
    say: (/** @type {string} */ text) => (el.textContent = text),
    /** A save queue report (lib/save-queue.js): "saving", "error", "written" or "saved". */
    /**
     * @param {"saving" | "written" | "error" | "saved"} what
     * @param {Edit} [item]
     * @param {unknown} [detail]
     */
    report(what, item, detail) {
      el.dataset.state = what === "written" ? "saving" : what;
      if (what === "saving") el.textContent = "Saving…";
      else if (what === "error") {
        el.textContent = "Not saved — retrying";
        error(/** @type {Edit} */ (item).field, `Not saved: ${/** @type {Error} */ (detail).message}. Your edit is kept and will be saved when possible.`);
      } else if (what === "written") error(/** @type {Edit} */ (item).field, "");
      else if (what === "saved") el.textContent = "Saved";
    },
  };
}
