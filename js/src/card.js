// PaperCard widget: one paper, and with a notes store its annotation fields.
// Python owns `paper`, `annotation` and `tags_in_use`; edits go back through the `save` command.
import { annotationPanel } from "./annotation.js";
import { h } from "./lib/dom.js";
import { guardShortcuts } from "./lib/keys.js";
import { invoke } from "./lib/rpc.js";
import { renderCard } from "./paper.js";

function render({ model, el }) {
  el.classList.add("pw-root");
  const cardSlot = h("div", { className: "pw-card-slot" });
  let highlights = (model.get("annotation") || {}).highlights || [];
  const drawCard = () => cardSlot.replaceChildren(renderCard(model.get("paper") || {}, { highlights }));
  drawCard();
  el.replaceChildren(cardSlot);

  let panel = null;
  if (model.get("annotating")) {
    panel = annotationPanel({
      save: (paperId, change) => invoke(model, "save", { paper_id: paperId, ...change }),
      abstract: () => ({
        text: (model.get("paper") || {}).abstract || "",
        element: cardSlot.querySelector(".pw-abstract-text"),
      }),
      onHighlights: (list) => {
        highlights = list;
        drawCard();
      },
    });
    panel.show((model.get("paper") || {}).id, model.get("annotation"), model.get("tags_in_use"));
    el.append(panel.el);
  }

  const onPaper = () => {
    highlights = (model.get("annotation") || {}).highlights || [];
    drawCard();
    if (panel) panel.show((model.get("paper") || {}).id, model.get("annotation"), model.get("tags_in_use"));
  };
  const unguard = guardShortcuts(el, () => panel && panel.flush());
  model.on("change:paper", onPaper);
  model.on("change:annotation", onPaper);
  return () => {
    unguard();
    if (panel) panel.flush();
    model.off("change:paper", onPaper);
    model.off("change:annotation", onPaper);
  };
}

export default { render };
