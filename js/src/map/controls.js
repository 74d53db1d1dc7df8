// The controls around a corpus map, shared by the Map widget and the Reader's Map tab:
// the colouring picker with its legend, and the selection bar that tags or sets the
// status of the lassoed papers in one action (the `apply` command).
import { COLOURINGS, STATUSES } from "../lib/constants.js";
import { h } from "../lib/dom.js";
import { colourFor } from "./core.js";

/**
 * The traits the controls read (widgets/map.py's colourings, the annotating flag).
 * @typedef {{colour_by: string, legend: {value: number, label: string}[], annotating: boolean}} ControlTraits
 * @typedef {import("@anywidget/types").AnyModel<ControlTraits>} ControlModel
 */


/**
 * A <select> bound to the model's `colour_by` trait.
 * @param {ControlModel} model
 */
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

/**
 * The legend of the current colouring: a swatch and a label per value (topics: the labels).
 * @param {ControlModel} model
 * @returns {HTMLElement[]}
 */
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

/**
 * The head above a map: colouring picker and legend, kept in step with the model.
 * @param {ControlModel} model
 */
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

const MAX_LISTED = 200; // titles a selection lists (the kernel sends at most this many)

/** The controls of a selection bar: tag, untag, status, their buttons, message and undo. */
function selectionControls() {
  const tag = h("input", { className: "pw-map-tag-input", type: "text", placeholder: "tag" });
  tag.setAttribute("aria-label", "Tag for the selected papers");
  const tagButton = h("button", { type: "button", className: "pw-map-tag-btn", text: "Tag selection" });
  const untagButton = h("button", { type: "button", className: "pw-map-untag-btn", text: "Untag", title: "Remove this tag from the selected papers" });
  const status = h("select", { className: "pw-map-status-select", title: "Status" });
  status.setAttribute("aria-label", "Status for the selected papers");
  for (const s of STATUSES) status.append(h("option", { value: s, text: s }));
  const statusButton = h("button", { type: "button", className: "pw-map-status-btn", text: "Set status" });
  const message = h("span", { className: "pw-map-message" });
  message.setAttribute("role", "status");
  const undo = h("button", { type: "button", className: "pw-map-undo-btn", text: "Undo", title: "Undo the last action ( u )" });
  undo.hidden = true;
  return { tag, tagButton, untagButton, status, statusButton, message, undo };
}

/**
 * The titles of a selection, as text: the first MAX_LISTED, then how many more.
 * @param {HTMLElement} list
 * @param {number} count
 * @param {string[]} titles
 */
function drawTitles(list, count, titles) {
  const items = titles.slice(0, MAX_LISTED).map((t) => h("li", { text: t }));
  if (count > items.length && titles.length) items.push(h("li", { className: "pw-muted", text: `… and ${count - items.length} more` }));
  list.replaceChildren(...items);
  list.hidden = !items.length;
}

/**
 * Tag / untag / status actions for a selection of papers (the `apply` command: one write,
 * one `undo`), with the selected titles listed before acting. `getSelection()` gives
 * `{positions}` (map points) or `{ids}` (papers picked in the Reader's list).
 * Returns {el, show(count, titles)}.
 * @param {ControlModel} model
 * @param {import("../lib/commands.js").Call} call
 * @param {() => {positions?: number[], ids?: string[]}} getSelection
 * @param {{hint?: string}} [options]
 */
export function selectionBar(model, call, getSelection, { hint = "Drag a lasso around points to select them." } = {}) {
  const count = h("span", { className: "pw-map-selected", text: hint });
  const titles = h("ol", { className: "pw-selection-titles" });
  const c = selectionControls();
  const bar = h("div", { className: "pw-map-selection" });
  bar.append(count, c.tag, c.tagButton, c.untagButton, c.status, c.statusButton, c.message, c.undo, titles);
  const size = (/** @type {{positions?: number[], ids?: string[]}} */ s) => (s.positions || s.ids || []).length;

  /**
   * @param {{tag?: string, untag?: boolean, status?: string}} fields
   * @param {string} what
   */
  async function apply(fields, what) {
    const selection = getSelection();
    if (!size(selection)) return;
    c.message.textContent = "Saving…";
    c.undo.hidden = true;
    try {
      const answer = await call("apply", { ...selection, ...fields });
      c.message.textContent = `${what} ${answer.count} papers`;
      c.undo.hidden = false;
    } catch (err) {
      c.message.textContent = `Not saved: ${/** @type {Error} */ (err).message}`;
    }
  }
  const tagText = () => c.tag.value.trim();
  c.tagButton.addEventListener("click", () => tagText() && apply({ tag: tagText() }, `Tagged “${tagText()}”:`));
  c.untagButton.addEventListener("click", () => tagText() && apply({ tag: tagText(), untag: true }, `Untagged “${tagText()}”:`));
  c.tag.addEventListener("keydown", (e) => e.key === "Enter" && c.tagButton.click());
  c.statusButton.addEventListener("click", () => apply({ status: c.status.value }, `Set “${c.status.value}”:`));
  c.undo.addEventListener("click", async () => {
    c.undo.hidden = true;
    const answer = await call("undo").catch((err) => ({ undone: "", error: err.message }));
    c.message.textContent = answer.error ? `Not undone: ${answer.error}` : answer.undone ? `Undid ${answer.undone}` : "Nothing to undo";
  });
  bar.hidden = !model.get("annotating");
  const show = (/** @type {number} */ n, /** @type {string[]} */ names = []) => {
    count.textContent = n ? `${n} selected` : hint;
    drawTitles(titles, n, n ? names : []);
    for (const control of [c.tag, c.tagButton, c.untagButton, c.status, c.statusButton]) control.disabled = !n;
  };
  show(0);
  return { el: bar, show };
}
