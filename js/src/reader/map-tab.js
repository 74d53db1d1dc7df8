// The Reader's Map tab: the same map as pw.Map (map-view.js + map-controls.js) — colour-by
// with a legend, lasso then "Tag selection" / "Set status", annotated papers ringed — laid
// out by the kernel the first time the tab is shown. A click on a point opens that paper.
import { h } from "../lib/dom.js";
import { invoke } from "../lib/rpc.js";
import { mapHead, selectionBar } from "../map-controls.js";
import { drawMap, mapData } from "../map-view.js";

export const MAP_HEIGHT = "min(560px, 70vh)";

/** Returns {el, open(), focus(position), destroy()}; nothing is computed before open(). */
export function mapTab(model) {
  const el = h("div", { className: "pw-reader-map" });
  const head = mapHead(model);
  const slot = h("div", { className: "pw-map-slot" });
  let selection = [];
  const bar = selectionBar(model, () => selection);
  let view = null;
  let opening = null;

  const handlers = {
    "change:values": () => view && view.update({ values: mapData(model).values, kind: model.get("colour_by") }),
    "change:annotated_positions": () => view && view.update({ annotated: mapData(model).annotated }),
    "change:legend": () => head.draw(),
    "change:colour_by": () => head.draw(),
  };
  for (const [event, fn] of Object.entries(handlers)) model.on(event, fn);

  async function open() {
    if (view) return view;
    if (!opening) {
      el.replaceChildren(h("p", { className: "pw-muted", text: "Laying out the map…" }));
      opening = invoke(model, "open_map", {}, { timeout: 600000 }).then(() => {
        el.replaceChildren(head.el, slot, bar.el);
        head.draw();
        view = drawMap(slot, mapData(model), {
          onOpen: (position) => invoke(model, "open_position", { position }),
          onSelect: (positions) => {
            selection = positions;
            bar.show(positions.length);
          },
          title: async (p) => (await invoke(model, "titles", { positions: [p] })).titles[String(p)] || "",
          height: MAP_HEIGHT,
        });
        return view;
      });
    }
    return opening;
  }

  return {
    el,
    open,
    focus(position) {
      if (view) view.focus(position);
    },
    destroy() {
      if (view) view.destroy();
      for (const [event, fn] of Object.entries(handlers)) model.off(event, fn);
    },
  };
}
