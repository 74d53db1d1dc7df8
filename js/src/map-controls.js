// The controls around a corpus map, shared by the Map widget and the Reader's Map tab:
// the colouring picker with its legend, and the selection bar that tags or sets the
// status of the lassoed papers in one action (the `apply` command).
import { STATUSES } from "./annotation.js";
import { h } from "./lib/dom.js";
import { colourFor } from "./lib/map-core.js";

const COLOURINGS = ["topic", "rating", "status", "date"];

/** A <select> bound to the model's `colour_by` trait. */
export function colourPicker(model) {
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

/** The legend of the current colouring: a swatch and a label per value (topics: the labels). */
export function legendItems(model) {
  const kind = model.get("colour_by");
  const items = model.get("legend") || [];
  if (kind === "topic") return [h("span", { className: "pw-muted", text: "colour: topic (labels on the map)" })];
  return items.map((item) => {
    const chip = h("span", { className: "pw-legend-item" });
    const swatch = h("span", { className: "pw-swatch" });
    swatch.style.background = colourFor(kind, item.value);
    chip.append(swatch, document.createTextNode(item.label));
    return chip;
  });
}

/** The head above a map: colouring picker and legend, kept in step with the model. */
export function mapHead(model) {
  const legend = h("span", { className: "pw-map-legend" });
  const picker = colourPicker(model);
  const head = h("div", { className: "pw-map-head" });
  head.append(picker, legend);
  const draw = () => {
    picker.value = model.get("colour_by");
    legend.replaceChildren(...legendItems(model));
  };
  draw();
  return { el: head, draw };
}

/**
 * Tag / status actions for the lassoed papers (the `apply` command); `getSelection()` gives
 * their positions.
 * @param {any} model
 * @param {import("./lib/commands.js").Call} call
 * @param {() => number[]} getSelection
 */
export function selectionBar(model, call, getSelection) {
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
      const answer = await call("apply", { positions, ...fields });
      message.textContent = `${what} ${answer.count} papers`;
    } catch (err) {
      message.textContent = `Not saved: ${err.message}`;
    }
  }
  tagButton.addEventListener("click", () => tag.value.trim() && apply({ tag: tag.value.trim() }, `Tagged “${tag.value.trim()}”:`));
  tag.addEventListener("keydown", (e) => e.key === "Enter" && tagButton.click());
  statusButton.addEventListener("click", () => apply({ status: status.value }, `Set “${status.value}”:`));
  bar.hidden = !model.get("annotating");
  const show = (n) => {
    count.textContent = n ? `${n} selected` : "Drag a lasso around points to select them.";
    for (const control of [tag, tagButton, status, statusButton]) control.disabled = !n;
  };
  show(0);
  return { el: bar, show };
}
