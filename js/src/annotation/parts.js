// Small building blocks of the annotation panel's fields.
import { h } from "../lib/dom.js";

/** A button that runs `onClick`. */
export function button(className, text, onClick, title = "") {
  const b = h("button", { type: "button", className, text, title });
  b.addEventListener("click", onClick);
  return b;
}

/** A row of the panel. */
export function row(...children) {
  const div = h("div", { className: "pw-row" });
  div.append(...children);
  return div;
}

/** Whether `node` has the focus in its document. */
export function focused(node) {
  return node.ownerDocument.activeElement === node;
}
