// Map widget: the corpus map (map/view.js), its colouring and legend, a selection bar that
// tags or sets the status of the lassoed papers in one action (map-controls.js), and the
// clicked paper's card below, with its annotation fields when the map has a notes store.
// Python owns every trait.
import { annotatedCard } from "./annotated-card.js";
import { h } from "./lib/dom.js";
import { commands } from "./lib/commands.js";
import { corpusMap } from "./map/corpus-map.js";

/** @param {import("@anywidget/types").RenderProps<import("./annotated-card.js").AnnotatedTraits & import("./map/controls.js").ControlTraits>} props */
function render({ model, el, experimental }) {
  el.classList.add("pw-root");
  const call = commands(experimental);
  const map = corpusMap(model, call, { onOpen: (position) => call("show_paper", { position }).catch(() => {}) });
  const card = annotatedCard(model, { call, root: el, empty: () => [] });
  const root = h("div", { className: "pw-map" });
  root.append(...map.nodes, ...card.nodes);
  el.replaceChildren(root);
  return () => {
    card.destroy();
    map.destroy();
  };
}

export default { render };
