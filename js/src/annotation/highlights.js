// The highlights field: "Highlight selection" (select text in the abstract first) and the
// list of highlights, each with its quote, where it is in the full text (page, category) when
// it was made there, a comment field and a remove button.
import { h } from "../lib/dom.js";
import { button } from "./parts.js";

/** @typedef {import("../lib/highlight.js").Highlight} Highlight */

/**
 * "full text · p. 3 · method" for a highlight made in the full text, else "".
 * @param {Highlight} hl
 * @returns {string}
 */
export function whereIn(hl) {
  if (!hl.source) return "";
  return ["full text", hl.page ? `p. ${hl.page}` : "", hl.category || ""].filter(Boolean).join(" · ");
}

/**
 * `onAdd()` on the button, `onComment(hl, text)` on typing a comment, `onRemove(hl)`,
 * `onLeave()` when a comment field loses focus. Returns {button, list, draw(highlights, force),
 * focusComment(hl)}.
 * @param {{onAdd: () => void, onComment: (hl: Highlight, text: string) => void, onRemove: (hl: Highlight) => void, onLeave: () => void}} handlers
 */
export function highlightField({ onAdd, onComment, onRemove, onLeave }) {
  const add = button("pw-highlight-btn", "Highlight selection", () => onAdd());
  add.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  const list = h("ol", { className: "pw-highlights" });

  /** @param {Highlight} hl */
  function item(hl) {
    const comment = h("input", { className: "pw-hl-comment", type: "text", placeholder: "comment…", value: hl.comment || "" });
    comment.addEventListener("input", () => onComment(hl, comment.value));
    comment.addEventListener("blur", () => onLeave());
    const li = h("li", { className: "pw-hl" });
    const where = whereIn(hl);
    if (where) li.append(h("div", { className: "pw-hl-where", text: where }));
    li.append(
      h("blockquote", { className: "pw-hl-quote", text: hl.quote }),
      comment,
      button("pw-chip-remove", "×", () => onRemove(hl), "Remove highlight"),
    );
    return li;
  }
  return {
    button: add,
    list,
    /** Put the focus in the comment field of a highlight shown in the list. */
    focusComment(/** @type {Highlight} */ hl) {
      const items = [...list.querySelectorAll(".pw-hl-quote")];
      const at = items.map((quote) => quote.textContent === hl.quote).lastIndexOf(true); // the newest
      const field = at >= 0 ? items[at].parentElement?.querySelector(".pw-hl-comment") : null;
      if (field) /** @type {HTMLElement} */ (field).focus();
    },
    /** Redraw the list, unless a comment is being typed (then only when `force`). */
    draw(/** @type {Highlight[]} */ highlights, force = false) {
      const active = list.ownerDocument.activeElement;
      const typing = active && active.classList.contains("pw-hl-comment") && list.contains(active);
      if (typing && !force) return; // typing a comment: keep the field
      list.replaceChildren(...highlights.map(item));
    },
  };
}
