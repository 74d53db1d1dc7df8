// FullText widget: a paper's PDF or arXiv HTML with highlights kept in the notes notebook.
// Python fetches the text and owns the highlights; the view (fulltext/view.js) draws and edits.
import { commands } from "./lib/commands.js";
import { mountFullText } from "./fulltext/view.js";

/** @param {import("@anywidget/types").RenderProps<import("./fulltext/types.js").FullTextTraits>} props */
function render({ model, el, experimental }) {
  el.classList.add("pw-root");
  return mountFullText(model, el, commands(experimental));
}

export default { render };
