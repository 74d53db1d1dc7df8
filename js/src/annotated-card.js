// The paper a widget shows and, when the widget has a notes store, its annotation fields:
// one helper mounts them for PaperCard, Map and the Reader, so that all three save through
// the same queue, show the same error line and merge conflicts, and keep JupyterLab's
// shortcuts out (Ctrl/Cmd+S first sends pending typing), and say when the kernel restarted or
// stopped (lib/kernel.js): a banner, the widget made inert, nothing more sent, never "Saved"
// for an edit the file does not hold. Python owns `annotation` and `tags_in_use`; every edit
// is a `save` command.
import { annotationPanel } from "./annotation.js";
import { h } from "./lib/dom.js";
import { kernelWatch } from "./lib/kernel.js";
import { guardShortcuts } from "./lib/keys.js";
import { renderCard } from "./paper.js";
import { listen } from "./lib/listen.js";

/** @typedef {import("./lib/highlight.js").Highlight} Highlight */
/**
 * The traits of every widget with an annotated card (widgets/annotating.py), and `trait`, the
 * one holding the paper shown (a paper's JSON: lib/format.js's Paper).
 * @typedef {{annotating: boolean, annotation: {highlights?: Highlight[], [field: string]: unknown},
 *   tags_in_use: string[], [trait: string]: any}} AnnotatedTraits
 */

const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The kernel is gone: a banner on top, and the rest of the widget inert (no focus, no edits).
 * @param {HTMLElement} root
 * @param {string} message
 */
function showGone(root, message) {
  const banner = h("p", { className: "pw-kernel-gone", role: "alert", text: message });
  for (const child of root.children) /** @type {HTMLElement} */ (child).inert = true;
  root.classList.add("pw-disconnected");
  root.prepend(banner);
}

/**
 * Mount the card of the model's `trait` (the paper shown) and its annotation panel.
 * `root` gets the keyboard guard and the kernel banner; `host` (the element anywidget gave the
 * view, by default `root`) hears the extension's kernel signal; `empty(paper)` gives what shows
 * without a paper (by default the bare card); `onSaved(answer)` sees each written save. Returns
 * {nodes (the card slot and the panel, for the widget to place), panel (null without a notes
 * store), show() (the paper changed), flush(), kernel ({gone(), message()}), destroy()}.
 * @param {import("@anywidget/types").AnyModel<AnnotatedTraits>} model
 * @param {{call: import("./lib/commands.js").Call, root: HTMLElement, host?: HTMLElement,
 *   trait?: string, empty?: (paper: any) => Node[], onSaved?: (answer: any) => void}} options
 */
export function annotatedCard(model, { call, root, host = root, trait = "paper", empty = (paper) => [renderCard(paper)], onSaved = () => {} }) {
  const paper = () => model.get(trait) || {};
  const cardSlot = h("div", { className: "pw-card-slot" });
  /** @type {Highlight[]} */
  let highlights = [];
  function drawCard() {
    const shown = paper();
    cardSlot.replaceChildren(...(shown.id ? [renderCard(shown, { highlights })] : empty(shown)));
    if (panel) panel.el.hidden = !shown.id;
  }
  /** @param {Highlight[]} list */
  function showHighlights(list) {
    if (same(list, highlights)) return; // a redraw drops the text a person is selecting
    highlights = list;
    drawCard();
  }
  const save = (/** @type {string | null} */ paperId, /** @type {object} */ change) =>
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
  const kernel = kernelWatch(model, host, (message) => {
    if (panel) panel.halt(message);
    showGone(root, message);
  });
  const handlers = { [`change:${trait}`]: show, "change:annotation": onAnnotation, "change:tags_in_use": onTags };
  const unlisten = listen(model, handlers);
  show();
  return {
    nodes: panel ? [cardSlot, panel.el] : [cardSlot],
    panel,
    show,
    flush,
    kernel,
    destroy() {
      kernel.destroy();
      unguard();
      flush();
      unlisten();
    },
  };
}
