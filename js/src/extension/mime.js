// The mime renderers JupyterLab and Notebook 7 register from this extension. Ranks: the
// notes mirror beats text/html (50), so the notes show as cards; a widget's card and map
// come before the widget view (-10), so a reopened notebook shows them, not an error.
import { CARD_MIME, MAP_MIME, NEIGHBOURS_MIME, NOTES_MIME } from "../lib/notes-core.js";
import { rendererFactory } from "./renderer.js";

export default [
  { id: "paperwidgets:notes", rendererFactory: rendererFactory([NOTES_MIME]), rank: 40, dataType: "json" },
  {
    id: "paperwidgets:widgets",
    rendererFactory: rendererFactory([CARD_MIME, MAP_MIME, NEIGHBOURS_MIME]),
    rank: -20,
    dataType: "json",
  },
];
