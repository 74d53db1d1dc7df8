// The corpus map as the Map widget and the Reader's Map tab show it: the view (map/view.js)
// with its colouring head and selection bar (map-controls.js), kept in step with the model's
// traits (paperwidgets.widgets.map.MappedWidget). Hover titles are `titles` commands.
import { h } from "../lib/dom.js";
import { mapHead, selectionBar } from "./controls.js";
import { drawMap, mapData } from "./view.js";
import { listen } from "../lib/listen.js";

/**
 * Draw the map of `model`; `onOpen(position)` runs on a click on a point. Returns {nodes (head,
 * map, selection bar), view, destroy()}.
 * @param {any} model
 * @param {import("../lib/commands.js").Call} call
 * @param {{onOpen: (position: number) => void, height?: number | string}} options
 */
export function corpusMap(model, call, { onOpen, height }) {
  const head = mapHead(model);
  const slot = h("div", { className: "pw-map-slot" });
  /** @type {number[]} the positions lassoed last */
  let selection = [];
  const bar = selectionBar(model, call, () => ({ positions: selection }));
  const view = drawMap(slot, mapData(model), {
    onOpen,
    onSelect: async (positions) => {
      selection = positions;
      bar.show(positions.length);
      const { titles } = await call("titles", { positions: positions.slice(0, 200) }).catch(() => ({ titles: {} }));
      if (selection === positions) bar.show(positions.length, positions.slice(0, 200).map((p) => titles[String(p)] || ""));
    },
    title: async (p) => (await call("titles", { positions: [p] })).titles[String(p)] || "",
    height,
  });
  const handlers = {
    "change:values": () => view.update({ values: mapData(model).values, kind: model.get("colour_by") }),
    "change:annotated_positions": () => view.update({ annotated: mapData(model).annotated }),
    "change:legend": head.draw,
    "change:colour_by": head.draw,
  };
  const unlisten = listen(model, handlers);
  return {
    nodes: [head.el, slot, bar.el],
    view,
    destroy() {
      view.destroy();
      unlisten();
    },
  };
}
