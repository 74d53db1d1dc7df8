// Reader: triage a listing. The kernel holds the corpus, the notes and the history; the
// browser holds one page of rows. Paging, search and filters are `page` commands, edits are
// `save` commands, back/forward is `go`, and choosing a paper sets `current_id` (Python
// answers with `current`, `annotation`, …). Parts: reader/toolbar.js, reader/listing.js
// (+ rows.js), reader/related.js, reader/map-tab.js; the card and its annotation fields are
// annotated-card.js, as in PaperCard and Map.
import { annotatedCard } from "./annotated-card.js";
import { commands } from "./lib/commands.js";
import { debounce } from "./lib/debounce.js";
import { h } from "./lib/dom.js";
import { keyAction } from "./lib/keys.js";
import { listen } from "./lib/listen.js";
import { listing } from "./reader/listing.js";
import { mapTab } from "./reader/map-tab.js";
import { relatedPapers } from "./reader/related.js";
import { toolbar } from "./reader/toolbar.js";

const SEARCH_DEBOUNCE = 150;
const noPaper = () => [h("p", { className: "pw-muted", text: "No paper selected." })];

/** Run the Reader's key actions (keys.js) on `root`; `parts` are the Reader's own. */
function handleKeys(root, model, { list, go, bar, card }) {
  const annotating = () => model.get("annotating") && card.panel;
  root.addEventListener("keydown", (event) => {
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action.type === "move") list.move(action.step);
    else if (action.type === "history") go(action.to);
    else if (action.type === "search") bar.search.focus();
    else if (action.type === "rate" && annotating()) card.panel.rate(action.value);
    else if (action.type === "edit" && annotating()) card.panel.editNote();
    else if (action.type === "leave") {
      card.flush();
      root.focus();
    }
  });
}

/** The List | Map switch: the pager and rows belong to the list, the map is laid out on first use. */
function viewSwitch(model, { body, list, map, bar }) {
  return async (name) => {
    bar.setView(name);
    body.classList.toggle("pw-map-mode", name === "map");
    list.el.hidden = name === "map";
    map.el.hidden = name !== "map";
    if (name === "map") {
      await map.open();
      map.focus(model.get("current_position"));
    }
  };
}

function render({ model, el, experimental }) {
  el.classList.add("pw-root", "pw-reader-root");
  const call = commands(experimental);
  const root = h("div", { className: "pw-reader", tabIndex: 0 });
  const open = (id) => {
    if (id === model.get("current_id")) return;
    card.flush();
    model.set("current_id", id);
    model.save_changes();
  };
  const go = (to) => {
    card.flush();
    call("go", { to }).catch(() => {});
  };
  const search = debounce(() => list.load(0, { follow: true, top: true }), SEARCH_DEBOUNCE);
  const bar = toolbar({
    onSearch: search,
    onFilter: () => list.load(0, { follow: true, top: true }),
    onClear: () => list.load(0, { locate: true }),
    onHistory: go,
    onView: (name) => showView(name),
  });
  const list = listing(model, call, { filters: bar.filters, open });
  const map = mapTab(model, call);
  // the list follows your annotations (a saved row is redrawn, a filtered list reloads); the card stays
  const onSaved = (answer) => {
    if (answer.row) list.update(answer.row);
    if (bar.active()) list.reload();
  };
  const card = annotatedCard(model, { call, root, trait: "current", empty: noPaper, onSaved });
  const related = relatedPapers(model, open);
  const body = layout(root, { bar, list, map, card, related });
  el.replaceChildren(root);
  const showView = viewSwitch(model, { body, list, map, bar });
  showView("list");
  handleKeys(root, model, { list, go, bar, card });

  const unlisten = listen(model, {
    "change:current": () => (list.follow(), map.focus(model.get("current_position"))),
    "change:progress": () => bar.setProgress(model.get("progress") || {}),
    "change:tags_in_use": () => bar.setTags(model.get("tags_in_use") || []),
    "change:history": () => bar.setHistory(model.get("history") || {}),
  });
  bar.setProgress(model.get("progress") || {});
  bar.setTags(model.get("tags_in_use") || []);
  bar.setHistory(model.get("history") || {});
  list.load(0, { locate: true });
  return () => {
    card.destroy();
    map.destroy();
    related.destroy();
    unlisten();
  };
}

/** Put the parts in place: toolbar over [list | map] and [paper | related]; returns the body. */
function layout(root, { bar, list, map, card, related }) {
  map.el.hidden = true;
  const side = h("div", { className: "pw-side" });
  side.append(list.el, map.el);
  const paper = h("div", { className: "pw-paper" });
  paper.append(...card.nodes);
  const main = h("div", { className: "pw-main" });
  main.append(paper, related.el);
  const body = h("div", { className: "pw-body" });
  body.append(side, main);
  root.append(bar.el, body);
  return body;
}

export default { render };
