// The Reader's related papers beside the current one: similar papers in the listing (or why
// they are missing), similar papers in your library (open their link), and recommendations
// from your ratings. Each is a synced trait, drawn as a neighbour list.
import { h } from "../lib/dom.js";
import { neighbourList } from "../neighbour-list.js";
import { listen } from "../lib/listen.js";

/** @typedef {import("./types.js").RelatedPaper} RelatedPaper */

/**
 * @param {HTMLElement} box
 * @param {string} heading
 * @param {RelatedPaper[]} items
 * @param {string} empty what shows without items ("": nothing)
 * @param {(id: string) => void} onSelect
 */
function drawBox(box, heading, items, empty, onSelect) {
  box.replaceChildren(h("h4", { className: "pw-heading", text: heading }));
  if (items.length) box.append(neighbourList(items, onSelect));
  else if (empty) box.append(h("p", { className: "pw-muted", text: empty }));
}

/**
 * Open a library paper's own link (http(s) only) in a new tab.
 * @param {RelatedPaper[]} items
 * @returns {(id: string) => void}
 */
function openLink(items) {
  return (id) => {
    const url = (items.find((n) => n.id === id) || {}).url || "";
    if (/^https?:\/\//i.test(url)) window.open(url, "_blank", "noopener");
  };
}

/**
 * The related papers of the model; `open(id)` opens a listing paper. Returns {el, destroy()}.
 * @param {import("./types.js").ReaderModel} model
 * @param {(id: string) => void} open
 */
export function relatedPapers(model, open) {
  const similar = h("section", { className: "pw-similar" });
  const recommended = h("section", { className: "pw-recommended" });
  const library = h("section", { className: "pw-library" }); // Reader(..., library=)
  const el = h("div", { className: "pw-related" });
  el.append(similar, library, recommended);
  function drawNeighbours() {
    const error = model.get("neighbours_error");
    drawBox(similar, "Similar papers", model.get("neighbours") || [], error || "Finding similar papers…", open);
  }
  function drawLibrary() {
    const items = model.get("library_neighbours") || [];
    library.hidden = !items.length;
    drawBox(library, "Similar in your library", items, "", openLink(items));
  }
  function drawRecommended() {
    const items = model.get("recommended") || [];
    recommended.hidden = !items.length;
    drawBox(recommended, "Recommended from your ratings", items, "", open);
  }
  const handlers = {
    "change:neighbours": drawNeighbours,
    "change:neighbours_error": drawNeighbours,
    "change:recommended": drawRecommended,
    "change:library_neighbours": drawLibrary,
  };
  const unlisten = listen(model, handlers);
  for (const fn of new Set(Object.values(handlers))) fn();
  return {
    el,
    destroy: () => {
      unlisten();
    },
  };
}
