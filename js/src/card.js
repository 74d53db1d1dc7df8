// PaperCard widget: one paper, and with a notes store its annotation fields.
// Python owns `paper`, `annotation` and `tags_in_use`; edits go back through the `save` command.
import { annotatedCard } from "./annotated-card.js";
import { commands } from "./lib/commands.js";

/**
 * PaperCard's traits (widgets/card.py): the paper and the annotated card's.
 * @typedef {import("./annotated-card.js").AnnotatedTraits & {paper: import("./lib/format.js").Paper}} CardTraits
 */

/** @param {import("@anywidget/types").RenderProps<CardTraits>} props */
function render({ model, el, experimental }) {
  el.classList.add("pw-root");
  const card = annotatedCard(model, { call: commands(experimental), root: el });
  el.replaceChildren(...card.nodes);
  return () => card.destroy();
}

export default { render };
