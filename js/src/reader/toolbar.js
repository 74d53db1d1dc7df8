// The Reader's toolbar: List | Map tabs, back / forward, the search box, filters, one
// "Clear" control, and progress. It only reads and shows: every change is a callback.
import { STATUSES } from "../annotation.js";
import { h } from "../lib/dom.js";

export const STARS = "★★★★★";

function select(className, label, options) {
  const s = h("select", { className, title: label });
  s.setAttribute("aria-label", label);
  for (const [value, text] of options) s.append(h("option", { value, text }));
  return s;
}

function button(className, text, title) {
  const b = h("button", { type: "button", className, text, title });
  b.setAttribute("aria-label", title);
  return b;
}

/** Callbacks: onSearch(), onFilter(), onClear(), onHistory("back"|"forward"), onView(name). */
export function toolbar({ onSearch, onFilter, onClear, onHistory, onView }) {
  const listTab = h("button", { type: "button", className: "pw-view-list", text: "List" });
  const mapTab = h("button", { type: "button", className: "pw-view-map", text: "Map" });
  const views = h("div", { className: "pw-views" });
  views.setAttribute("role", "tablist");
  views.append(listTab, mapTab);
  const back = button("pw-back", "‹", "Back to the paper you came from ( [ )");
  const forward = button("pw-forward", "›", "Forward ( ] )");
  const nav = h("div", { className: "pw-history" });
  nav.append(back, forward);

  const search = h("input", { className: "pw-search", type: "search", placeholder: "Search papers and your notes ( / )" });
  search.setAttribute("aria-label", "Search papers and your notes");
  const status = select("pw-filter-status", "Status", [["", "any status"], ...STATUSES.map((s) => [s, s])]);
  const tag = select("pw-filter-tag", "Tag", [["", "any tag"]]);
  const rating = select("pw-filter-rating", "Rating", [["", "any rating"], ...[5, 4, 3, 2, 1].map((n) => [String(n), `${STARS.slice(0, n)} and up`])]);
  const unannotatedBox = h("input", { type: "checkbox", className: "pw-filter-new" });
  const unannotated = h("label", { className: "pw-check" });
  unannotated.append(unannotatedBox, document.createTextNode(" not yet annotated"));
  const disagreeBox = h("input", { type: "checkbox", className: "pw-filter-disagreements" });
  const disagree = h("label", { className: "pw-check", title: "Papers a merge left a disagreement on" });
  disagree.append(disagreeBox, document.createTextNode(" disagreements"));
  const order = select("pw-order", "Order", [["", "listing order"], ["for_you", "For you"]]);
  const unseenBox = h("input", { type: "checkbox", className: "pw-filter-unseen" });
  const unseen = h("label", { className: "pw-check", title: "In none of your notes files and in no feed fetched on an earlier day" });
  unseen.append(unseenBox, document.createTextNode(" new to me"));
  const clear = button("pw-clear", "Clear", "Clear the search and every filter");
  const progress = h("span", { className: "pw-progress" });
  const el = h("div", { className: "pw-toolbar" });
  el.append(views, nav, search, order, status, tag, rating, unannotated, unseen, disagree, clear, progress);

  const active = () => Boolean(search.value || status.value || tag.value || rating.value || unannotatedBox.checked || unseenBox.checked || disagreeBox.checked);
  const showClear = () => (clear.disabled = !active());
  search.addEventListener("input", () => {
    showClear();
    onSearch();
  });
  for (const control of [order, status, tag, rating, unannotatedBox, unseenBox, disagreeBox]) {
    control.addEventListener("change", () => {
      showClear();
      onFilter();
    });
  }
  clear.addEventListener("click", () => {
    search.value = status.value = tag.value = rating.value = "";
    unannotatedBox.checked = unseenBox.checked = disagreeBox.checked = false;
    showClear();
    onClear();
  });
  back.addEventListener("click", () => onHistory("back"));
  forward.addEventListener("click", () => onHistory("forward"));
  listTab.addEventListener("click", () => onView("list"));
  mapTab.addEventListener("click", () => onView("map"));
  showClear();

  return {
    el,
    search,
    /** Whether a search or a filter narrows the list. */
    active,
    /** The filters as the `page` command takes them. */
    filters: () => ({
      query: search.value,
      status: status.value,
      tag: tag.value,
      min_rating: rating.value ? Number(rating.value) : null,
      unannotated: unannotatedBox.checked,
      disagreements: disagreeBox.checked,
      order: order.value,
      new_to_me: unseenBox.checked,
    }),
    setView(name) {
      listTab.setAttribute("aria-selected", String(name === "list"));
      mapTab.setAttribute("aria-selected", String(name === "map"));
    },
    setTags(tags) {
      const current = tag.value;
      tag.replaceChildren(h("option", { value: "", text: "any tag" }), ...tags.map((t) => h("option", { value: t, text: t })));
      tag.value = tags.includes(current) ? current : "";
    },
    setProgress(p) {
      progress.textContent = `${p.annotated || 0} / ${p.total || 0} annotated`;
    },
    setHistory(state) {
      back.disabled = !state.back;
      forward.disabled = !state.forward;
    },
  };
}
