// The paper a widget shows and, when the widget has a notes store, its annotation fields:
// one helper mounts them for PaperCard, Map and the Reader, so that all three save through
// the same queue, show the same error line and merge conflicts, and keep JupyterLab's
// shortcuts out (Ctrl/Cmd+S first sends pending typing). Python owns `annotation` and
// `tags_in_use`; every edit is a `save` command.
import { annotationPanel } from "./annotation.js";
import { h } from "./lib/dom.js";
import { guardShortcuts } from "./lib/keys.js";
import { renderCard } from "./paper.js";
import { listen } from "./lib/listen.js";

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Mount the card of the model's `trait` (the paper shown) and its annotation panel.
 * `root` gets the keyboard guard; `empty(paper)` gives what shows without a paper (by default
 * the bare card); `onSaved(answer)` sees each written save. Returns {nodes (the card slot and
 * the panel, for the widget to place), panel (null without a notes store), show() (the paper
 * changed), flush(), destroy()}.
 * @param {any} model
 * @param {{call: import("./lib/commands.js").Call, root: HTMLElement, trait?: string,
 *   empty?: (paper: any) => Node[], onSaved?: (answer: any) => void}} options
 */
export function annotatedCard(model, { call, root, trait = "paper", empty = (paper) => [renderCard(paper)], onSaved = () => {} }) {
  const paper = () => model.get(trait) || {};
  const cardSlot = h("div", { className: "pw-card-slot" });
  let highlights = [];
  function drawCard() {
    const shown = paper();
    cardSlot.replaceChildren(...(shown.id ? [renderCard(shown, { highlights })] : empty(shown)));
    if (panel) panel.el.hidden = !shown.id;
  }
  function showHighlights(list) {
    if (same(list, highlights)) return; // a redraw drops the text a person is selecting
    highlights = list;
    drawCard();
  }
  const save = (paperId, change) =>
    call("save", { paper_id: paperId, ...change }).then((answer) => (onSaved(answer), answer));
  const abstract = () => ({ text: paper().abstract || "", element: cardSlot.querySelector(".pw-abstract-text") });
  const panel = model.get("annotating") ? annotationPanel({ save, abstract, onHighlights: showHighlights }) : null;

  const annotation = () => model.get("annotation") || {};
  const showPanel = () => panel && panel.show(paper().id, model.get("annotation"), model.get("tags_in_use"));
  function show() {
    highlights = annotation().highlights || [];
    drawCard();
    showPanel();
  }
  // the same paper's annotation changed (a save, another widget, the file): update in place
  const onAnnotation = () => (panel ? showPanel() : showHighlights(annotation().highlights || []));
  const onTags = () => panel && panel.setTagsInUse(model.get("tags_in_use"));
  const flush = () => panel && panel.flush();
  const unguard = guardShortcuts(root, flush);
  const handlers = { [`change:${trait}`]: show, "change:annotation": onAnnotation, "change:tags_in_use": onTags };
  const unlisten = listen(model, handlers);
  show();
  return {
    nodes: panel ? [cardSlot, panel.el] : [cardSlot],
    panel,
    show,
    flush,
    destroy() {
      unguard();
      flush();
      unlisten();
    },
  };
}
