// Neighbours widget: the papers most like one paper, and why. Choosing one sets `selected`.
import { h } from "./lib/dom.js";
import { neighbourList } from "./neighbour-list.js";

/**
 * The Neighbours widget's traits (widgets/neighbours.py); `selected` is set here.
 * @typedef {{paper_title: string, items: import("./neighbour-list.js").Neighbour[], selected: string}} NeighboursTraits
 */

/** @param {import("@anywidget/types").RenderProps<NeighboursTraits>} props */
function render({ model, el }) {
  el.classList.add("pw-root");
  const draw = () => {
    const box = h("section", { className: "pw-neighbours-box" });
    box.append(h("h4", { className: "pw-heading", text: `Most like: ${model.get("paper_title")}` }));
    box.append(
      neighbourList(model.get("items") || [], (id) => {
        model.set("selected", id);
        model.save_changes();
      }),
    );
    el.replaceChildren(box);
  };
  draw();
  model.on("change:items", draw);
  return () => model.off("change:items", draw);
}

export default { render };
