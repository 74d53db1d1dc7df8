// The running JupyterLab / Notebook 7 application, kept by the plugin (index.js) so that the
// renderers (mime.js) can find the notebook an output belongs to. Null outside JupyterLab.
/** @typedef {import("./types.js").NotebookPanel} NotebookPanel */
/** @type {import("./types.js").App | null} */
let current = null;

/**
 * Remember the application (called once by the plugin).
 * @param {import("./types.js").App} app
 */
export function setApp(app) {
  current = app;
}

/**
 * The notebook panel whose DOM holds `node` (or null): its session and its rendermime. For a
 * new view of an output (JupyterLab's "Create New View for Output", `.jp-LinkedOutputView`),
 * the notebook it was cloned from (found by the view's `path`).
 * @param {Node | null} node
 * @returns {NotebookPanel | null}
 */
export function panelOf(node) {
  const shell = current && current.shell;
  if (!shell || typeof shell.widgets !== "function") return null;
  const widgets = /** @type {import("./types.js").MainWidget[]} */ ([...shell.widgets("main")]);
  const notebook = (/** @type {string} */ path) =>
    /** @type {NotebookPanel | undefined} */ (widgets.find((w) => w.sessionContext && w.context && w.context.path === path)) || null;
  for (const widget of widgets) {
    if (!widget.node.contains(node)) continue;
    if (widget.sessionContext && widget.content) return /** @type {NotebookPanel} */ (widget);
    const path = widget.content && widget.content.path;
    if (typeof path === "string") return notebook(path);
  }
  return null;
}
