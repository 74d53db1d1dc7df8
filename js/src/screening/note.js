// The note for the next decision: `n` opens it, typing stays typing (the field's keys never
// screen), Enter goes back to the record keeping the note, Escape drops it. The next decision
// (or resolution) carries it. A new record brings its own draft (the note of a decision on it
// that was undone) or an empty field, unless a note was typed after the last decision was
// sent: keys run in turn, so that note is for the record the pending decisions lead to.
import { MAX_NOTE } from "../lib/constants.js";
import { h } from "../lib/dom.js";

/**
 * @param {() => void} back give the keys back to the record (focus the widget's root)
 */
export function noteField(back) {
  const el = h("label", { className: "pw-screen-note-row", text: "Note (n): " });
  const input = h("input", { className: "pw-screen-note", type: "text", maxLength: MAX_NOTE, placeholder: "saved with the next decision" });
  el.append(input);
  /** @type {string | null} */
  let record = null; // the record the note is for
  let typed = false; // typed since the last decision took the note
  input.addEventListener("input", () => (typed = true));
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation(); // neither a screening key nor "stop resolving"
    if (event.key === "Escape") {
      input.value = "";
      typed = false;
    }
    back();
  });
  return {
    el,
    open: () => input.focus(),
    /** The note typed, for the decision being sent. */
    take() {
      typed = false;
      return input.value.trim();
    },
    /**
     * Show the note of the record on screen: a new record brings its own draft.
     * @param {string} id
     * @param {string} draft
     */
    follow(id, draft) {
      if (id === record) return;
      record = id;
      if (!typed) input.value = draft;
    },
  };
}
