// The "?" overlay: every Reader key and what it does, from the one key map (lib/keys.js).
// Esc, "?" or the close button hides it and gives the focus back to the Reader.
import { h } from "../lib/dom.js";
import { KEYMAP } from "../lib/keys.js";

/** @type {{[key: string]: string}} how a key is written in the overlay, when not as itself */
const SHOWN = { Escape: "Esc" };

/**
 * The overlay; `onClose()` runs when it is hidden. Returns {el, toggle(), open()}.
 * @param {() => void} onClose
 */
export function keyHelp(onClose) {
  const el = h("div", { className: "pw-key-help" });
  el.setAttribute("role", "dialog");
  el.setAttribute("aria-label", "Reader keys");
  el.hidden = true;
  const close = h("button", { type: "button", className: "pw-key-help-close", text: "Close (Esc)" });
  const list = h("dl", { className: "pw-key-list" });
  for (const { keys, help } of KEYMAP) {
    const term = h("dt");
    term.append(...keys.map((k) => h("kbd", { text: SHOWN[k] || k })));
    list.append(term, h("dd", { text: help }));
  }
  el.append(h("h4", { className: "pw-heading", text: "Keys" }), list, close);
  const hide = () => {
    el.hidden = true;
    onClose();
  };
  close.addEventListener("click", hide);
  el.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" && event.key !== "?") return;
    event.preventDefault();
    event.stopPropagation();
    hide();
  });
  const open = () => {
    el.hidden = false;
    close.focus();
  };
  return { el, open, toggle: () => (el.hidden ? open() : hide()) };
}
