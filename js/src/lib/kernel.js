// Whether the kernel behind a widget is still there. After a restart, a shutdown or a dead
// kernel the widget's model is gone for good (running the cell again makes a new one), so a
// widget must say so and stop promising saves. Two signals: ipywidgets' own
// `comm_live_update` on the model (a restart disconnects every model of the notebook), and
// the extension's `paperwidgets:kernel` DOM event on the widget (dead, shut down, restarting).

export const KERNEL_EVENT = "paperwidgets:kernel";

/** @type {{[why: string]: string}} */
const WORDS = {
  restarted: "The kernel restarted — run this cell again to go on. Edits made here are not saved.",
  stopped: "The kernel stopped — start it and run this cell again. Edits made here are not saved.",
};

/**
 * Call `onGone(message, why)` once, when the widget's kernel restarts or stops.
 * Returns {gone(), message(), destroy()}.
 * @param {{on: Function, off: Function}} model
 * @param {HTMLElement} el the widget's element (the extension's event is sent to it)
 * @param {(message: string, why: string) => void} onGone
 */
export function kernelWatch(model, el, onGone) {
  let why = "";
  const lose = (/** @type {string} */ reason) => {
    if (why) return;
    why = reason in WORDS ? reason : "stopped";
    onGone(WORDS[why], why);
  };
  const onLive = () => lose("restarted");
  const onEvent = (/** @type {Event} */ event) => lose(/** @type {CustomEvent} */ (event).detail?.state || "stopped");
  model.on("comm_live_update", onLive);
  el.addEventListener(KERNEL_EVENT, onEvent);
  return {
    gone: () => Boolean(why),
    message: () => WORDS[why] || "",
    destroy() {
      model.off("comm_live_update", onLive);
      el.removeEventListener(KERNEL_EVENT, onEvent);
    },
  };
}
