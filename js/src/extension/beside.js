// "Open beside": a widget output (the Reader's ⧉ button) asks to be shown in a panel of its
// own; the extension makes the output's cell active and runs JupyterLab's own "Create New View
// for Output" command, which opens a new view of the same widget (below the notebook), then
// moves that view to the right of the notebook.
// Widgets ask first whether this is possible (JupyterLab, with that command; not Notebook 7).
import { CAN_OPEN_BESIDE, OPEN_BESIDE } from "../reader/beside.js";
import { panelOf } from "./app.js";

const COMMAND = "notebook:create-output-view";
const VIEW = ".jp-LinkedOutputView";

/**
 * The notebook panel and cell index an element sits in, or null.
 * @param {Node | null} node
 */
function cellOf(node) {
  const panel = panelOf(node);
  if (!panel) return null;
  const index = panel.content.widgets.findIndex((cell) => cell.node.contains(node));
  return index >= 0 ? { panel, index } : null;
}

/**
 * Answer widgets' "can you open me beside?" and "open me beside" events.
 * @param {import("./types.js").App} app
 * @param {Document} [doc]
 */
export function listenForBeside(app, doc = document) {
  const able = () => app.name === "JupyterLab" && app.commands.hasCommand(COMMAND);
  doc.addEventListener(CAN_OPEN_BESIDE, (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    if (detail && able() && cellOf(/** @type {Node | null} */ (event.target))) detail.available = true;
  });
  doc.addEventListener(OPEN_BESIDE, (event) => {
    const where = able() ? cellOf(/** @type {Node | null} */ (event.target)) : null; // a widget's element
    if (!where) return;
    where.panel.content.activeCellIndex = where.index;
    app.shell.activateById(where.panel.id);
    const before = new Set(app.shell.widgets("main"));
    app.commands.execute(COMMAND).then(() => {
      // JupyterLab opens the view below the notebook: move it beside, at full height
      const view = [...app.shell.widgets("main")].find((w) => !before.has(w) && w.node.querySelector(VIEW));
      if (view) app.shell.add(view, "main", { ref: where.panel.id, mode: "split-right" });
    });
  });
}
