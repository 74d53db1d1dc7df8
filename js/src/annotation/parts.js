// Small building blocks of the annotation panel's fields.
import { h } from "../lib/dom.js";

/**
 * A button that runs `onClick`.
 * @param {string} className
 * @param {string} text
 * @param {(event: MouseEvent) => void} onClick
 * @param {string} [title]
 * @returns {HTMLButtonElement}
 */
export function button(className, text, onClick, title = "") {
  const b = h("button", { type: "button", className, text, title });
  b.addEventListener("click", onClick);
  return b;
}

/**
 * A row of the panel.
 * @param {...(Node | string)} children
 * @returns {HTMLDivElement}
 */
export function row(...children) {
  const div = h("div", { className: "pw-row" });
  div.append(...children);
  return div;
}

/**
 * Whether `node` has the focus in its document.
 * @param {Element} node
 * @returns {boolean}
 */
export function focused(node) {
  return node.ownerDocument.activeElement === node;
}
