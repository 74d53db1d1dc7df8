// The running JupyterLab / Notebook 7 application, kept by the plugin (index.js) so that the
// renderers (mime.js) can find the notebook an output belongs to. Null outside JupyterLab.
let current = null;

/** Remember the application (called once by the plugin). */
export function setApp(app) {
  current = app;
}

/** The notebook panel whose DOM holds `node` (or null): its session and its rendermime. */
export function panelOf(node) {
  const shell = current && current.shell;
  if (!shell || typeof shell.widgets !== "function") return null;
  for (const widget of shell.widgets("main")) {
    if (widget.sessionContext && widget.content && widget.node.contains(node)) return widget;
  }
  return null;
}
