// Tell the live widgets of a notebook when its kernel restarts, dies or is shut down: the
// `paperwidgets:kernel` event (lib/kernel.js) on each widget's `.pw-root`, so the widget says
// "The kernel restarted — run this cell again" and stops taking edits it cannot save.
import { KERNEL_EVENT } from "../lib/kernel.js";

const RESTARTING = new Set(["restarting", "autorestarting"]);

/**
 * Watch the notebook panel's session for the widgets under `node`; returns the unsubscriber.
 * @param {import("./types.js").NotebookPanel} panel
 * @param {HTMLElement} node
 * @returns {() => void}
 */
export function signalKernel(panel, node) {
  const session = panel.sessionContext;
  const send = (/** @type {string} */ state) => {
    for (const el of node.querySelectorAll(".pw-root")) el.dispatchEvent(new CustomEvent(KERNEL_EVENT, { detail: { state } }));
  };
  const onStatus = (/** @type {unknown} */ _, /** @type {string} */ status) => {
    if (RESTARTING.has(status)) send("restarted");
    else if (status === "dead") send("stopped");
  };
  const onKernel = (/** @type {unknown} */ _, /** @type {import("./types.js").KernelChange} */ change) => {
    if (change.oldValue) send(change.newValue ? "restarted" : "stopped");
  };
  session.statusChanged.connect(onStatus);
  session.kernelChanged.connect(onKernel);
  return () => {
    session.statusChanged.disconnect(onStatus);
    session.kernelChanged.disconnect(onKernel);
  };
}
