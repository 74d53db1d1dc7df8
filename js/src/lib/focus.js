// Focus never falls to <body> from inside a widget: when the focused control goes away (a
// list redrawn after following a similar paper, a disagreement resolved, "Clear" disabled
// once nothing is left to clear), the widget's root takes the focus back, so the next key
// (j, 1–5…) still reaches the widget and never the notebook.

/**
 * Whether a node that had the focus can no longer hold it.
 * @param {Element & {disabled?: boolean}} node a form control has `disabled`
 */
function lost(node) {
  return !node.isConnected || node.disabled || node.closest("[hidden],[inert]") !== null;
}

/**
 * Keep the focus inside `root` (which must be focusable) when its focused part goes away.
 * Returns the function that stops it.
 * @param {HTMLElement} root
 */
export function keepFocus(root) {
  const doc = root.ownerDocument;
  /** @type {Element | null} */
  let last = null; // the element inside root that last had the focus
  const restore = () => {
    const active = doc.activeElement;
    if (!last || !root.isConnected || (active && active !== doc.body)) return;
    if (lost(last)) root.focus({ preventScroll: true });
  };
  const onIn = (/** @type {FocusEvent} */ event) => (last = /** @type {Element} */ (event.target));
  const onOut = (/** @type {FocusEvent} */ event) => {
    if (event.relatedTarget && !root.contains(/** @type {Node} */ (event.relatedTarget))) last = null; // gone elsewhere on purpose
    else setTimeout(restore, 0);
  };
  const observer = new MutationObserver(() => setTimeout(restore, 0));
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["disabled", "hidden", "inert"] });
  root.addEventListener("focusin", onIn);
  root.addEventListener("focusout", onOut);
  return () => {
    observer.disconnect();
    root.removeEventListener("focusin", onIn);
    root.removeEventListener("focusout", onOut);
  };
}
