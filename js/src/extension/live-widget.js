// Whether a widget output can still show its live view: its model lives in the running
// kernel (an open "jupyter.widget" comm) or in the notebook's saved widget state. If so the
// view is drawn by the notebook's own ipywidgets renderer; if not, the caller keeps the
// output's static rendering instead of "Error displaying widget: model not found".
import { WIDGET_VIEW_MIME } from "../lib/notes-core.js";

const STATE_MIME = "application/vnd.jupyter.widget-state+json";
const COMM_INFO_TTL = 1000; // ms: outputs rendered together share one comm_info request
/** @typedef {import("./types.js").NotebookPanel} NotebookPanel */
/** @type {WeakMap<import("./types.js").Kernel, {at: number, ids: Promise<Set<string>>}>} */
const commInfo = new WeakMap(); // kernel -> {at, ids: Promise<Set<string>>}

/**
 * The ids of the kernel's open widget comms (one request shared for COMM_INFO_TTL, unless `fresh`).
 * @param {import("./types.js").Kernel} kernel
 */
function openComms(kernel, fresh = false) {
  const hit = commInfo.get(kernel);
  if (hit && !fresh && Date.now() - hit.at < COMM_INFO_TTL) return hit.ids;
  const ids = kernel
    .requestCommInfo({ target_name: "jupyter.widget" })
    .then((reply) => new Set(Object.keys(reply.content.comms || {})))
    .catch(() => /** @type {Set<string>} */ (new Set()));
  commInfo.set(kernel, { at: Date.now(), ids });
  return ids;
}

/**
 * The widget models saved in the notebook's metadata, by id.
 * @param {NotebookPanel} panel
 * @returns {object}
 */
function savedState(panel) {
  const model = panel.context && panel.context.model;
  const widgets = /** @type {{[mimeType: string]: {state?: object} | undefined} | null | undefined} */ (
    model && typeof model.getMetadata === "function" ? model.getMetadata("widgets") : null
  ); // the notebook's JSON, as saved
  return (widgets && widgets[STATE_MIME] && widgets[STATE_MIME].state) || {};
}

/**
 * True if the widget model `modelId` of this notebook panel can be shown live.
 * @param {NotebookPanel} panel
 * @param {string} modelId
 */
export async function isLive(panel, modelId) {
  if (modelId in savedState(panel)) return true;
  await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel) return false;
  if ((await openComms(kernel)).has(modelId)) return true;
  return (await openComms(kernel, true)).has(modelId); // made after the shared answer was asked
}

/**
 * The notebook's widget-view renderer (ipywidgets), or null when it has none.
 * @param {NotebookPanel} panel
 */
export function widgetRenderer(panel) {
  const rendermime = panel.content.rendermime;
  if (!rendermime.getFactory(WIDGET_VIEW_MIME)) return null;
  return rendermime.createRenderer(WIDGET_VIEW_MIME);
}
