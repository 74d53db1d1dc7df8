// The Reader's Map tab: the same map as pw.Map (corpus-map.js) — colour-by with a legend,
// lasso then "Tag selection" / "Set status", annotated papers ringed — laid out by the kernel
// the first time the tab is shown. A click on a point opens that paper.
import { corpusMap } from "../map/corpus-map.js";
import { h } from "../lib/dom.js";

export const MAP_HEIGHT = "min(560px, 70vh)";
const LAYOUT_TIMEOUT = 600000; // ms: the first layout of a large corpus takes minutes

/**
 * Returns {el, open(), focus(position), destroy()}; nothing is computed before open().
 * @param {import("./types.js").ReaderModel} model
 * @param {import("../lib/commands.js").Call} call
 */
export function mapTab(model, call) {
  const el = h("div", { className: "pw-reader-map" });
  /** @type {ReturnType<typeof corpusMap> | null} */
  let map = null;
  /** @type {Promise<ReturnType<typeof corpusMap>["view"]> | null} */
  let opening = null;

  function open() {
    if (!opening) {
      el.replaceChildren(h("p", { className: "pw-muted", text: "Laying out the map…" }));
      opening = call("open_map", {}, { timeout: LAYOUT_TIMEOUT }).then(() => {
        el.replaceChildren();
        map = corpusMap(model, call, { onOpen: (position) => call("open_position", { position }), height: MAP_HEIGHT });
        el.append(...map.nodes);
        return map.view;
      });
    }
    return opening;
  }

  return {
    el,
    open,
    /** @param {number} position */
    focus(position) {
      if (map) map.view.focus(position);
    },
    destroy() {
      if (map) map.destroy();
    },
  };
}
