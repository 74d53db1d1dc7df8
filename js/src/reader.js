// Reader: triage a listing. The kernel holds the corpus and the notes; the browser holds
// one page of rows. Paging and search are `page` commands, edits are `save` commands, and
// choosing a paper sets `current_id` (Python answers with `current`, `annotation`, …).
import { STATUSES, annotationPanel } from "./annotation.js";
import { h } from "./lib/dom.js";
import { keyAction } from "./lib/keys.js";
import { PAGE_SIZE, emptyList, rangeText, step, withPage } from "./lib/paging.js";
import { debounce, invoke } from "./lib/rpc.js";
import { drawMap, mapData } from "./map-view.js";
import { neighbourList } from "./neighbour-list.js";
import { renderCard } from "./paper.js";

const SEARCH_DEBOUNCE = 150;
const STARS = "★★★★★";

function select(className, label, options) {
  const s = h("select", { className, title: label });
  s.setAttribute("aria-label", label);
  for (const [value, text] of options) s.append(h("option", { value, text }));
  return s;
}

function rowItem(row, selected, onClick) {
  const li = h("li", { className: "pw-row-item" });
  li.dataset.paperId = row.id;
  li.setAttribute("aria-selected", String(selected));
  li.append(h("span", { className: "pw-row-title", text: row.title || row.id }));
  const meta = h("span", { className: "pw-row-meta" });
  if (row.status && row.status !== "unread") meta.append(h("span", { className: `pw-badge pw-${row.status}`, text: row.status }));
  if (row.rating) meta.append(h("span", { className: "pw-row-rating", text: STARS.slice(0, row.rating) }));
  for (const tag of row.tags || []) meta.append(h("span", { className: "pw-chip", text: tag }));
  li.append(meta);
  li.addEventListener("click", onClick);
  return li;
}

function render({ model, el }) {
  el.classList.add("pw-root");
  const root = h("div", { className: "pw-reader", tabIndex: 0 });
  root.setAttribute("data-lm-suppress-shortcuts", "true"); // j/k/1–5 are ours, not the notebook's
  let list = emptyList();
  let highlights = [];
  let pendingPick = null;

  // List | Map: the map is laid out by the kernel the first time it is asked for
  const listTab = h("button", { type: "button", className: "pw-view-list", text: "List" });
  const mapTab = h("button", { type: "button", className: "pw-view-map", text: "Map" });
  const views = h("div", { className: "pw-views" });
  views.setAttribute("role", "tablist");
  views.append(listTab, mapTab);
  let mapView = null;

  // toolbar: search, filters, progress
  const search = h("input", { className: "pw-search", type: "search", placeholder: "Search titles and abstracts ( / )" });
  const status = select("pw-filter-status", "Status", [["", "any status"], ...STATUSES.map((s) => [s, s])]);
  const tag = select("pw-filter-tag", "Tag", [["", "any tag"]]);
  const rating = select("pw-filter-rating", "Rating", [["", "any rating"], ...[5, 4, 3, 2, 1].map((n) => [String(n), `${STARS.slice(0, n)} and up`])]);
  const unannotatedBox = h("input", { type: "checkbox", className: "pw-filter-new" });
  const unannotated = h("label", { className: "pw-check" });
  unannotated.append(unannotatedBox, document.createTextNode(" not yet annotated"));
  const order = select("pw-order", "Order", [["", "listing order"], ["for_you", "For you"]]);
  const unseenBox = h("input", { type: "checkbox", className: "pw-filter-unseen" });
  const unseen = h("label", { className: "pw-check" });
  unseen.append(unseenBox, document.createTextNode(" new to me"));
  const progress = h("span", { className: "pw-progress" });
  const toolbar = h("div", { className: "pw-toolbar" });
  toolbar.append(views, search, order, status, tag, rating, unannotated, unseen, progress);

  // list of rows, one page at a time
  const rows = h("ol", { className: "pw-rows" });
  const range = h("span", { className: "pw-range" });
  const prevPage = h("button", { type: "button", className: "pw-page-prev", text: "‹ prev" });
  const nextPage = h("button", { type: "button", className: "pw-page-next", text: "next ›" });
  const pager = h("div", { className: "pw-pager" });
  pager.append(prevPage, range, nextPage);
  const listBox = h("nav", { className: "pw-list" });
  listBox.setAttribute("aria-label", "Papers");
  const mapSlot = h("div", { className: "pw-reader-map" });
  mapSlot.hidden = true;
  listBox.append(pager, rows, mapSlot);


  // the current paper: card, annotation fields, neighbours, recommendations
  const cardSlot = h("div", { className: "pw-card-slot" });
  const similar = h("section", { className: "pw-similar" });
  const recommended = h("section", { className: "pw-recommended" });
  const main = h("div", { className: "pw-main" });
  const panel = annotationPanel({
    save: (paperId, fields) =>
      invoke(model, "save", { paper_id: paperId, fields }).then((answer) => {
        updateRow(answer.row);
        return answer;
      }),
    abstract: () => ({ text: (model.get("current") || {}).abstract || "", element: cardSlot.querySelector(".pw-abstract-text") }),
    onHighlights: (hl) => {
      highlights = hl;
      drawCard();
    },
  });
  main.append(cardSlot);
  if (model.get("annotating")) main.append(panel.el);
  main.append(similar, recommended);

  const body = h("div", { className: "pw-body" });
  body.append(listBox, main);
  root.append(toolbar, body);
  el.replaceChildren(root);

  function filters() {
    return {
      query: search.value,
      status: status.value,
      tag: tag.value,
      min_rating: rating.value ? Number(rating.value) : null,
      unannotated: unannotatedBox.checked,
      order: order.value,
      new_to_me: unseenBox.checked,
    };
  }
  function drawRows() {
    rows.replaceChildren(...list.rows.map((row, i) => rowItem(row, i === list.index, () => openAt(i))));
    range.textContent = rangeText(list);
    prevPage.disabled = list.offset === 0;
    nextPage.disabled = list.offset + list.rows.length >= list.total;
    const selected = rows.children[list.index];
    if (selected) selected.scrollIntoView({ block: "nearest" });
  }
  function updateRow(row) {
    if (!row) return;
    const i = list.rows.findIndex((r) => r.id === row.id);
    if (i < 0) return;
    list.rows[i] = row;
    rows.children[i].replaceWith(rowItem(row, i === list.index, () => openAt(i)));
  }
  async function loadPage(offset) {
    const page = await invoke(model, "page", { ...filters(), offset, limit: PAGE_SIZE });
    list = withPage(page, model.get("current_id"));
    if (pendingPick) {
      const pick = pendingPick;
      pendingPick = null;
      if (list.rows.length) openAt(pick === "first" ? 0 : list.rows.length - 1);
    }
    drawRows();
  }
  function openAt(index) {
    const row = list.rows[index];
    if (!row) return;
    list.index = index;
    drawRows();
    if (row.id !== model.get("current_id")) {
      panel.flush();
      model.set("current_id", row.id);
      model.save_changes();
    }
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
  function drawCard() {
    const paper = model.get("current") || {};
    cardSlot.replaceChildren(paper.id ? renderCard(paper, { highlights }) : h("p", { className: "pw-muted", text: "No paper selected." }));
  }
  function drawCurrent() {
    const annotation = model.get("annotation") || {};
    highlights = annotation.highlights || [];
    drawCard();
    panel.show((model.get("current") || {}).id, annotation, model.get("tags_in_use"));
    list.index = list.rows.findIndex((r) => r.id === model.get("current_id"));
    drawRows();
    if (mapView) mapView.focus(model.get("current_position"));
  }
  function drawPanel(box, heading, items, empty) {
    box.replaceChildren(h("h4", { className: "pw-heading", text: heading }));
    box.append(items.length ? neighbourList(items, openById) : h("p", { className: "pw-muted", text: empty }));
  }
  function drawNeighbours() {
    drawPanel(similar, "Similar papers", model.get("neighbours") || [], "Finding similar papers…");
  }
  function drawRecommended() {
    const items = model.get("recommended") || [];
    recommended.hidden = !items.length;
    drawPanel(recommended, "Recommended from your ratings", items, "");
  }
  function drawProgress() {
    const p = model.get("progress") || {};
    progress.textContent = `${p.annotated || 0} / ${p.total || 0} annotated`;
  }
  function drawTags() {
    const current = tag.value;
    const tags = model.get("tags_in_use") || [];
    tag.replaceChildren(h("option", { value: "", text: "any tag" }), ...tags.map((t) => h("option", { value: t, text: t })));
    tag.value = tags.includes(current) ? current : "";
    panel.setTagsInUse(tags);
  }
  function openById(id) {
    panel.flush();
    model.set("current_id", id);
    model.save_changes();
  }

  async function showView(name) {
    const map = name === "map";
    listTab.setAttribute("aria-selected", String(!map));
    mapTab.setAttribute("aria-selected", String(map));
    body.classList.toggle("pw-map-mode", map);
    pager.hidden = rows.hidden = map;
    mapSlot.hidden = !map;
    if (!map || mapView) return;
    mapSlot.replaceChildren(h("p", { className: "pw-muted", text: "Laying out the map…" }));
    await invoke(model, "open_map", {}, { timeout: 600000 });
    mapSlot.replaceChildren();
    mapView = drawMap(mapSlot, mapData(model), {
      onOpen: (position) => invoke(model, "open_position", { position }),
      title: async (p) => (await invoke(model, "titles", { positions: [p] })).titles[String(p)] || "",
    });
    mapView.focus(model.get("current_position"));
  }
  listTab.addEventListener("click", () => showView("list"));
  mapTab.addEventListener("click", () => showView("map"));
  showView("list");

  const refresh = debounce(() => loadPage(0), SEARCH_DEBOUNCE);
  search.addEventListener("input", refresh);
  for (const control of [order, status, tag, rating, unannotatedBox, unseenBox]) control.addEventListener("change", () => loadPage(0));
  prevPage.addEventListener("click", () => loadPage(Math.max(0, list.offset - PAGE_SIZE)));
  nextPage.addEventListener("click", () => loadPage(list.offset + list.rows.length));
  root.addEventListener("keydown", (event) => {
    // Ctrl/Cmd+S saves the notebook: send pending typing first so the mirror is current
    if ((event.ctrlKey || event.metaKey) && event.key === "s") panel.flush();
    const action = keyAction(event);
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    if (action.type === "move") move(action.step);
    else if (action.type === "search") search.focus();
    else if (action.type === "rate" && model.get("annotating")) panel.rate(action.value);
    else if (action.type === "edit" && model.get("annotating")) panel.editNote();
    else if (action.type === "leave") {
      panel.flush();
      root.focus();
    }
  });

  const handlers = {
    "change:current": drawCurrent,
    "change:neighbours": drawNeighbours,
    "change:recommended": drawRecommended,
    "change:progress": drawProgress,
    "change:tags_in_use": drawTags,
  };
  for (const [event, fn] of Object.entries(handlers)) model.on(event, fn);
  drawTags();
  drawCurrent();
  drawNeighbours();
  drawRecommended();
  drawProgress();
  loadPage(0);
  return () => {
    panel.flush();
    if (mapView) mapView.destroy();
    for (const [event, fn] of Object.entries(handlers)) model.off(event, fn);
  };
}

export default { render };
