// Map widget: the corpus map (map-view.js), a selection bar that tags or sets the status of
// the lassoed papers in one action (`apply` command), and the clicked paper's card below,
// with its annotation fields when the map has a notes store. Python owns every trait.
import { STATUSES, annotationPanel } from "./annotation.js";
import { h } from "./lib/dom.js";
import { guardShortcuts } from "./lib/keys.js";
import { invoke } from "./lib/rpc.js";
import { drawMap, mapData } from "./map-view.js";
import { renderCard } from "./paper.js";

const COLOURINGS = ["topic", "rating", "status", "date"];

function colourPicker(model) {
  const select = h("select", { className: "pw-map-colour", title: "Colour points by" });
  select.setAttribute("aria-label", "Colour points by");
  for (const kind of COLOURINGS) select.append(h("option", { value: kind, text: `colour: ${kind}` }));
  select.value = model.get("colour_by");
  select.addEventListener("change", () => {
    model.set("colour_by", select.value);
    model.save_changes();
  });
  return select;
}

function legendItems(model) {
  return (model.get("legend") || []).map((item) => h("span", { className: "pw-chip", text: item.label }));
}

function selectionBar(model, getSelection) {
  const count = h("span", { className: "pw-map-selected", text: "Drag a lasso around points to select them." });
  const tag = h("input", { className: "pw-map-tag-input", type: "text", placeholder: "tag" });
  tag.setAttribute("aria-label", "Tag for the selected papers");
  const tagButton = h("button", { type: "button", className: "pw-map-tag-btn", text: "Tag selection" });
  const status = h("select", { className: "pw-map-status-select", title: "Status" });
  status.setAttribute("aria-label", "Status for the selected papers");
  for (const s of STATUSES) status.append(h("option", { value: s, text: s }));
  const statusButton = h("button", { type: "button", className: "pw-map-status-btn", text: "Set status" });
  const message = h("span", { className: "pw-map-message" });
  message.setAttribute("role", "status");
  const bar = h("div", { className: "pw-map-selection" });
  bar.append(count, tag, tagButton, status, statusButton, message);

  async function apply(fields, what) {
    const positions = getSelection();
    if (!positions.length) return;
    message.textContent = "Saving…";
    try {
      const answer = await invoke(model, "apply", { positions, ...fields });
      message.textContent = `${what} ${answer.count} papers`;
    } catch (err) {
      message.textContent = `Not saved: ${err.message}`;
    }
  }
  tagButton.addEventListener("click", () => tag.value.trim() && apply({ tag: tag.value.trim() }, `Tagged “${tag.value.trim()}”:`));
  tag.addEventListener("keydown", (e) => e.key === "Enter" && tagButton.click());
  statusButton.addEventListener("click", () => apply({ status: status.value }, `Set “${status.value}”:`));
  bar.hidden = !model.get("annotating");
  return {
    el: bar,
    show(n) {
      count.textContent = n ? `${n} selected` : "Drag a lasso around points to select them.";
      for (const control of [tag, tagButton, status, statusButton]) control.disabled = !n;
    },
  };
}

function render({ model, el }) {
  el.classList.add("pw-root");
  const root = h("div", { className: "pw-map" });
  const legend = h("span", { className: "pw-map-legend" });
  const head = h("div", { className: "pw-map-head" });
  head.append(colourPicker(model), legend);
  const viewSlot = h("div", { className: "pw-map-slot" });
  const cardSlot = h("div", { className: "pw-card-slot" });
  let selection = [];
  const bar = selectionBar(model, () => selection);
  bar.show(0);
  root.append(head, viewSlot, bar.el, cardSlot);
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
  const onLegend = () => legend.replaceChildren(...legendItems(model));
  const onTags = () => panel && panel.setTagsInUse(model.get("tags_in_use"));
  const handlers = { "change:paper": onPaper, "change:annotation": onPaper, "change:values": onValues, "change:legend": onLegend, "change:tags_in_use": onTags };
  for (const [event, fn] of Object.entries(handlers)) model.on(event, fn);
  onLegend();
  return () => {
    unguard();
    if (panel) panel.flush();
    view.destroy();
    for (const [event, fn] of Object.entries(handlers)) model.off(event, fn);
  };
}

export default { render };
