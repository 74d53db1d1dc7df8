// Reader: triage a listing. The kernel holds the corpus, the notes and the history; the
// browser holds one page of rows. Paging, search and filters are `page` commands, edits are
// `save` commands, back/forward is `go`, and choosing a paper sets `current_id` (Python
// answers with `current`, `annotation`, …). Parts: reader/toolbar.js, reader/rows.js,
// reader/map-tab.js.
import { annotationPanel } from "./annotation.js";
import { h } from "./lib/dom.js";
import { guardShortcuts, keyAction } from "./lib/keys.js";
import { PAGE_SIZE, emptyList, pageOf, step, withPage } from "./lib/paging.js";
import { debounce, invoke } from "./lib/rpc.js";
import { neighbourList } from "./neighbour-list.js";
import { renderCard } from "./paper.js";
import { mapTab } from "./reader/map-tab.js";
import { listView } from "./reader/rows.js";
import { toolbar } from "./reader/toolbar.js";

const SEARCH_DEBOUNCE = 150;

function render({ model, el }) {
  el.classList.add("pw-root", "pw-reader-root");
  const root = h("div", { className: "pw-reader", tabIndex: 0 });
  let list = emptyList();
  let highlights = [];
  let pendingPick = null;
  let mode = "list";

  const refresh = debounce(() => loadPage(0, { follow: true, top: true }), SEARCH_DEBOUNCE);
  const bar = toolbar({
    onSearch: refresh,
    onFilter: () => loadPage(0, { follow: true, top: true }),
    onClear: () => loadPage(0, { locate: true }),
    onHistory: go,
    onView: showView,
  });
  const rows = listView({ onOpen: openAt, onPage: (offset) => loadPage(offset), pageSize: PAGE_SIZE });
  const map = mapTab(model);
  map.el.hidden = true;
  const side = h("div", { className: "pw-side" });
  side.append(rows.el, map.el);

  // the current paper: card and annotation fields; beside or below it, the related papers
  const cardSlot = h("div", { className: "pw-card-slot" });
  const similar = h("section", { className: "pw-similar" });
  const recommended = h("section", { className: "pw-recommended" });
  const library = h("section", { className: "pw-library" }); // Reader(..., library=)
  const panel = annotationPanel({
    save: (paperId, change) =>
      invoke(model, "save", { paper_id: paperId, ...change }).then((answer) => {
        if (answer.row) rows.update(answer.row);
        if (bar.active()) loadPage(list.offset); // the list follows your annotations; the card stays
        return answer;
      }),
    abstract: () => ({ text: (model.get("current") || {}).abstract || "", element: cardSlot.querySelector(".pw-abstract-text") }),
    onHighlights: (hl) => {
      // redraw only on a real change: a redraw drops the text a person is selecting
      if (JSON.stringify(hl) === JSON.stringify(highlights)) return;
      highlights = hl;
      drawCard();
    },
  });
  const paper = h("div", { className: "pw-paper" });
  paper.append(cardSlot);
  if (model.get("annotating")) paper.append(panel.el);
  const related = h("div", { className: "pw-related" });
  related.append(similar, library, recommended);
  const main = h("div", { className: "pw-main" });
  main.append(paper, related);

  const body = h("div", { className: "pw-body" });
  body.append(side, main);
  root.append(bar.el, body);
  el.replaceChildren(root);

  async function loadPage(offset, { follow = false, top = false, locate = false } = {}) {
    const ask = { ...bar.filters(), offset, limit: PAGE_SIZE, follow };
    let page = await invoke(model, "page", ask);
    const home = pageOf(page.current_at);
    if (locate && page.current_at >= 0 && home !== page.offset) page = await invoke(model, "page", { ...ask, offset: home });
    list = withPage(page, model.get("current_id"), list);
    if (pendingPick) {
      const pick = pendingPick;
      pendingPick = null;
      if (list.rows.length) openAt(pick === "first" ? 0 : list.rows.length - 1);
    }
    rows.draw(list, { top });
  }
  function openAt(index) {
    const row = list.rows[index];
    if (!row) return;
    list.index = index;
    list.after = -1;
    rows.draw(list);
    openById(row.id);
  }
  function openById(id) {
    if (id === model.get("current_id")) return;
    panel.flush();
    model.set("current_id", id);
    model.save_changes();
  }
  function move(delta) {
    const where = step(list, delta);
    if (!where) return;
    if (where.index !== undefined) openAt(where.index);
    else {
      pendingPick = where.pick;
      loadPage(where.offset);
    }
  }
  function go(to) {
    panel.flush();
    invoke(model, "go", { to }).catch(() => {});
  }
  function drawCard() {
    const current = model.get("current") || {};
    cardSlot.replaceChildren(current.id ? renderCard(current, { highlights }) : h("p", { className: "pw-muted", text: "No paper selected." }));
  }
  function drawCurrent() {
    const annotation = model.get("annotation") || {};
    highlights = annotation.highlights || [];
    drawCard();
    panel.show((model.get("current") || {}).id, annotation, model.get("tags_in_use"));
    const index = list.rows.findIndex((r) => r.id === model.get("current_id"));
    if (index >= 0 || list.index >= 0) list = { ...list, index, after: -1 };
    rows.draw(list);
    map.focus(model.get("current_position"));
  }
  function drawPanel(box, heading, items, empty) {
    box.replaceChildren(h("h4", { className: "pw-heading", text: heading }));
    box.append(items.length ? neighbourList(items, openById) : h("p", { className: "pw-muted", text: empty }));
  }
  function drawNeighbours() {
    const error = model.get("neighbours_error");
    drawPanel(similar, "Similar papers", model.get("neighbours") || [], error || "Finding similar papers…");
  }
  function drawLibrary() {
    const items = model.get("library_neighbours") || [];
    library.hidden = !items.length;
    const openLink = (id) => {
      const url = (items.find((n) => n.id === id) || {}).url || "";
      if (/^https?:\/\//i.test(url)) window.open(url, "_blank", "noopener");
    };
    library.replaceChildren(h("h4", { className: "pw-heading", text: "Similar in your library" }));
    if (items.length) library.append(neighbourList(items, openLink));
  }
  function drawRecommended() {
    const items = model.get("recommended") || [];
    recommended.hidden = !items.length;
    drawPanel(recommended, "Recommended from your ratings", items, "");
  }
  function drawTags() {
    bar.setTags(model.get("tags_in_use") || []);
    panel.setTagsInUse(model.get("tags_in_use") || []);
  }
  async function showView(name) {
    mode = name;
    bar.setView(name);
    body.classList.toggle("pw-map-mode", name === "map");
    rows.el.hidden = name === "map"; // the pager and rows belong to the list, not the map
    map.el.hidden = name !== "map";
    if (name === "map") {
      await map.open();
      map.focus(model.get("current_position"));
    }
  }
  showView(mode);

  root.addEventListener("keydown", (event) => {
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action.type === "move") move(action.step);
    else if (action.type === "history") go(action.to);
    else if (action.type === "search") bar.search.focus();
    else if (action.type === "rate" && model.get("annotating")) panel.rate(action.value);
    else if (action.type === "edit" && model.get("annotating")) panel.editNote();
    else if (action.type === "leave") {
      panel.flush();
      root.focus();
    }
  });

  // j/k/1–5 are ours, not the notebook's; Ctrl/Cmd+S sends pending typing, then saves it
  const unguard = guardShortcuts(root, () => panel.flush());
  const handlers = {
    "change:annotation": () => panel.show((model.get("current") || {}).id, model.get("annotation")),
    "change:current": drawCurrent,
    "change:neighbours": drawNeighbours,
    "change:neighbours_error": drawNeighbours,
    "change:recommended": drawRecommended,
    "change:library_neighbours": drawLibrary,
    "change:progress": () => bar.setProgress(model.get("progress") || {}),
    "change:tags_in_use": drawTags,
    "change:history": () => bar.setHistory(model.get("history") || {}),
  };
  for (const [event, fn] of Object.entries(handlers)) model.on(event, fn);
  for (const fn of Object.values(handlers)) fn();
  loadPage(0, { locate: true });
  return () => {
    unguard();
    panel.flush();
    map.destroy();
    for (const [event, fn] of Object.entries(handlers)) model.off(event, fn);
  };
}

export default { render };
