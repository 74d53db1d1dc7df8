// The Reader in a panel of its own beside the notebook (JupyterLab): the ⧉ button asks the
// paperwidgets extension (extension/beside.js) to open a new view of this output — JupyterLab's
// own "Create New View for Output" — split to the right of the notebook. Both views show the
// same model, so the cell's Reader follows what is done in the panel. In that panel the Reader
// takes the panel's full height and its list and paper scroll on their own.

export const OPEN_BESIDE = "paperwidgets:open-beside";
export const CAN_OPEN_BESIDE = "paperwidgets:can-open-beside";
const PANEL = ".jp-LinkedOutputView";
const WAIT_FRAMES = 300; // ~5 s for the view to be put in the page

/**
 * Run `then()` once `el` is in the page (anywidget renders before the view is attached).
 * @param {HTMLElement} el
 * @param {() => void} then
 * @returns {() => void} stop waiting
 */
function whenAttached(el, then) {
  let frames = 0;
  let handle = 0;
  const check = () => {
    if (el.isConnected) then();
    else if (frames++ < WAIT_FRAMES) handle = requestAnimationFrame(check);
  };
  check();
  return () => cancelAnimationFrame(handle);
}

/**
 * Offer the ⧉ button when the extension can open a panel (not inside that panel itself).
 * @param {HTMLElement} el
 * @param {{offerBeside: (on: boolean) => void}} bar
 */
export function besideButton(el, bar) {
  return whenAttached(el, () => {
    const ask = new CustomEvent(CAN_OPEN_BESIDE, { bubbles: true, detail: { available: false } });
    el.dispatchEvent(ask);
    bar.offerBeside(ask.detail.available && !el.closest(PANEL));
  });
}

/**
 * Inside the panel: fill its height (the list and the paper scroll, not the panel).
 * @param {HTMLElement} el
 * @param {HTMLElement} root
 */
export function panelMode(el, root) {
  /** @type {ResizeObserver | null} */
  let observer = null;
  const stop = whenAttached(el, () => {
    const panel = el.closest(PANEL);
    if (!panel) return;
    root.classList.add("pw-in-panel");
    const fit = () => (root.style.height = `${Math.max(320, panel.clientHeight - 16)}px`);
    observer = new ResizeObserver(fit);
    observer.observe(panel);
    fit();
  });
  return () => {
    stop();
    if (observer) observer.disconnect();
  };
}
