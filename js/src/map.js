// Map widget: the corpus map (map-view.js), its colouring and legend, a selection bar that
// tags or sets the status of the lassoed papers in one action (map-controls.js), and the
// clicked paper's card below, with its annotation fields when the map has a notes store.
// Python owns every trait.
import { annotationPanel } from "./annotation.js";
import { h } from "./lib/dom.js";
import { guardShortcuts } from "./lib/keys.js";
import { invoke } from "./lib/rpc.js";
import { mapHead, selectionBar } from "./map-controls.js";
import { drawMap, mapData } from "./map-view.js";
import { renderCard } from "./paper.js";

function render({ model, el }) {
  el.classList.add("pw-root");
  const root = h("div", { className: "pw-map" });
  const head = mapHead(model);
  const viewSlot = h("div", { className: "pw-map-slot" });
  const cardSlot = h("div", { className: "pw-card-slot" });
  let selection = [];
  const bar = selectionBar(model, () => selection);
  root.append(head.el, viewSlot, bar.el, cardSlot);
  el.replaceChildren(root);

  const titleOf = async (i) => (await invoke(model, "titles", { positions: [i] })).titles[String(i)] || "";
  const view = drawMap(viewSlot, mapData(model), {
    onOpen: (i) => invoke(model, "show_paper", { position: i }).catch(() => {}),
    onSelect: (positions) => {
      selection = positions;
      bar.show(positions.length);
    },
    title: titleOf,
  });

  let highlights = [];
  const panel = model.get("annotating")
    ? annotationPanel({
        save: (paperId, change) => invoke(model, "save", { paper_id: paperId, ...change }),
        abstract: () => ({ text: (model.get("paper") || {}).abstract || "", element: cardSlot.querySelector(".pw-abstract-text") }),
        onHighlights: (list) => {
          highlights = list;
          drawCard();
        },
      })
    : null;

  function drawCard() {
    const paper = model.get("paper") || {};
    cardSlot.replaceChildren(...(paper.id ? [renderCard(paper, { highlights })] : []));
    if (panel && paper.id) cardSlot.append(panel.el);
  }

  const onPaper = () => {
    if (panel) panel.flush();
    highlights = (model.get("annotation") || {}).highlights || [];
    drawCard();
    if (panel) panel.show((model.get("paper") || {}).id, model.get("annotation"), model.get("tags_in_use"));
  };
  const unguard = guardShortcuts(el, () => panel && panel.flush());
  const onValues = () => view.update({ values: mapData(model).values, kind: model.get("colour_by") });
  const onMarks = () => view.update({ annotated: mapData(model).annotated });
  const onTags = () => panel && panel.setTagsInUse(model.get("tags_in_use"));
  const handlers = {
    "change:paper": onPaper, "change:annotation": onPaper, "change:values": onValues,
    "change:legend": head.draw, "change:annotated_positions": onMarks, "change:tags_in_use": onTags,
  }; // prettier-ignore
  for (const [event, fn] of Object.entries(handlers)) model.on(event, fn);
  return () => {
    unguard();
    if (panel) panel.flush();
    view.destroy();
    for (const [event, fn] of Object.entries(handlers)) model.off(event, fn);
  };
}

export default { render };
