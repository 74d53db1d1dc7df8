// The highlights field: "Highlight selection" (select text in the abstract first) and the
// list of highlights, each with its quote, a comment field and a remove button.
import { h } from "../lib/dom.js";
import { button } from "./parts.js";

/**
 * `onAdd()` on the button, `onComment(hl, text)` on typing a comment, `onRemove(hl)`,
 * `onLeave()` when a comment field loses focus. Returns {button, list, draw(highlights, force)}.
 */
export function highlightField({ onAdd, onComment, onRemove, onLeave }) {
  const add = button("pw-highlight-btn", "Highlight selection", () => onAdd());
  add.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  const list = h("ol", { className: "pw-highlights" });

  function item(hl) {
    const comment = h("input", { className: "pw-hl-comment", type: "text", placeholder: "comment…", value: hl.comment || "" });
    comment.addEventListener("input", () => onComment(hl, comment.value));
    comment.addEventListener("blur", () => onLeave());
    const li = h("li", { className: "pw-hl" });
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
    /** Redraw the list, unless a comment is being typed (then only when `force`). */
    draw(highlights, force = false) {
      const active = list.ownerDocument.activeElement;
      const typing = active && active.classList.contains("pw-hl-comment") && list.contains(active);
      if (typing && !force) return; // typing a comment: keep the field
      list.replaceChildren(...highlights.map(item));
    },
  };
}
