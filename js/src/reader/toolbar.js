// The Reader's toolbar: List | Map tabs, back / forward, the search box (with "searching…"),
// filters, one "Clear" control, progress, the keys (?) and "open beside" buttons, and a line
// that says what the last action did (an undo, a kernel answer). It only reads and shows:
// every change is a callback.
import { STATUSES } from "../annotation.js";
import { RATING } from "../lib/constants.js";
import { h } from "../lib/dom.js";

/** One star per rating step, up to the highest rating (constants.json). */
export const STARS = "★".repeat(RATING.max);

/** @typedef {import("./types.js").Filters} Filters */
/** @typedef {import("./types.js").ReaderTraits} ReaderTraits */
/** @typedef {"back" | "forward"} Direction where back / forward go in the history */

/**
 * @param {string} className
 * @param {string} label
 * @param {string[][]} options each [value, text]
 */
function select(className, label, options) {
  const s = h("select", { className, title: label });
  s.setAttribute("aria-label", label);
  for (const [value, text] of options) s.append(h("option", { value, text }));
  return s;
}

/**
 * @param {string} className
 * @param {string} text
 * @param {string} title
 */
function button(className, text, title) {
  const b = h("button", { type: "button", className, text, title });
  b.setAttribute("aria-label", title);
  return b;
}

/**
 * @param {string} className
 * @param {string} text
 * @param {string} [title]
 */
function check(className, text, title = "") {
  const box = h("input", { type: "checkbox", className });
  const label = h("label", { className: "pw-check", title });
  label.append(box, document.createTextNode(` ${text}`));
  return { box, label };
}

/**
 * List | Map tabs and back / forward: `onView(name)`, `onHistory("back"|"forward")`.
 * @param {{onView: (name: string) => void, onHistory: (to: Direction) => void}} callbacks
 */
function navigation({ onView, onHistory }) {
  const listTab = h("button", { type: "button", className: "pw-view-list", text: "List" });
  const mapTab = h("button", { type: "button", className: "pw-view-map", text: "Map" });
  const views = h("div", { className: "pw-views" });
  views.setAttribute("role", "tablist");
  views.append(listTab, mapTab);
  const back = button("pw-back", "‹", "Back to the paper you came from ( [ )");
  const forward = button("pw-forward", "›", "Forward ( ] )");
  const history = h("div", { className: "pw-history" });
  history.append(back, forward);
  back.addEventListener("click", () => onHistory("back"));
  forward.addEventListener("click", () => onHistory("forward"));
  listTab.addEventListener("click", () => onView("list"));
  mapTab.addEventListener("click", () => onView("map"));
  return { views, history, listTab, mapTab, back, forward };
}

/** The search box and the filters, in toolbar order. */
function filterControls() {
  const search = h("input", { className: "pw-search", type: "search", placeholder: "Search papers and your notes ( / )" });
  search.setAttribute("aria-label", "Search papers and your notes");
  const steps = Array.from({ length: RATING.max - RATING.min + 1 }, (_, i) => RATING.max - i);
  const ratings = steps.map((n) => [String(n), `${STARS.slice(0, n)} and up`]);
  return {
    search,
    order: select("pw-order", "Order", [["", "listing order"], ["for_you", "For you"]]),
    status: select("pw-filter-status", "Status", [["", "any status"], ...STATUSES.map((s) => [s, s])]),
    tag: select("pw-filter-tag", "Tag", [["", "any tag"]]),
    rating: select("pw-filter-rating", "Rating", [["", "any rating"], ...ratings]),
    unannotated: check("pw-filter-new", "not yet annotated"),
    unseen: check("pw-filter-unseen", "new to me", "In none of your notes files and in no feed fetched on an earlier day"),
    disagree: check("pw-filter-disagreements", "disagreements", "Papers a merge left a disagreement on"),
  };
}
/** @typedef {ReturnType<typeof filterControls>} FilterControls */

/**
 * The filters as the `page` command takes them.
 * @param {FilterControls} controls
 * @returns {Filters}
 */
function filterValues({ search, status, tag, rating, unannotated, disagree, order, unseen }) {
  return {
    query: search.value,
    status: status.value,
    tag: tag.value,
    min_rating: rating.value ? Number(rating.value) : null,
    unannotated: unannotated.box.checked,
    disagreements: disagree.box.checked,
    order: order.value,
    new_to_me: unseen.box.checked,
  };
}

/**
 * Whether a search or a filter narrows the list (the order does not).
 * @param {FilterControls} controls
 */
function narrows({ search, status, tag, rating, unannotated, unseen, disagree }) {
  return Boolean(search.value || status.value || tag.value || rating.value || unannotated.box.checked || unseen.box.checked || disagree.box.checked);
}

/**
 * Clear the search and every filter (the order stays).
 * @param {FilterControls} controls
 */
function clearFilters({ search, status, tag, rating, unannotated, unseen, disagree }) {
  search.value = status.value = tag.value = rating.value = "";
  unannotated.box.checked = unseen.box.checked = disagree.box.checked = false;
}

/**
 * Put filters back as `filterValues` gave them (the Reader's kept place).
 * @param {FilterControls} f
 * @param {Partial<Filters> | null | undefined} values
 */
function restoreFilters(f, values) {
  const v = values || {};
  f.search.value = v.query || "";
  f.status.value = v.status || "";
  f.rating.value = v.min_rating ? String(v.min_rating) : "";
  f.order.value = v.order || "";
  f.unannotated.box.checked = Boolean(v.unannotated);
  f.disagree.box.checked = Boolean(v.disagreements);
  f.unseen.box.checked = Boolean(v.new_to_me);
  f.tag.dataset.wanted = v.tag || ""; // set once the tags in use arrive (setTags)
}

/**
 * The right end of the toolbar: progress, what just happened, "searching…", the buttons.
 * @param {{onHelp: () => void, onBeside: () => void}} callbacks
 */
function statusParts({ onHelp, onBeside }) {
  const progress = h("span", { className: "pw-progress" });
  const said = h("span", { className: "pw-said", role: "status" });
  const searching = h("span", { className: "pw-searching", text: "searching…" });
  searching.hidden = true;
  const help = button("pw-help-btn", "?", "Keys ( ? )");
  help.addEventListener("click", onHelp);
  const beside = button("pw-beside-btn", "⧉", "Open the Reader in a panel beside the notebook");
  beside.hidden = true;
  beside.addEventListener("click", onBeside);
  return { progress, said, searching, help, beside };
}

/**
 * Callbacks: onSearch(), onFilter(), onClear(), onHistory("back"|"forward"), onView(name),
 * onHelp(), onBeside().
 * @param {{onSearch: () => void, onFilter: () => void, onClear: () => void, onHistory: (to: Direction) => void,
 *   onView: (name: string) => void, onHelp: () => void, onBeside: () => void}} callbacks
 */
export function toolbar({ onSearch, onFilter, onClear, onHistory, onView, onHelp, onBeside }) {
  const nav = navigation({ onView, onHistory });
  const f = filterControls();
  const clear = button("pw-clear", "Clear", "Clear the search and every filter");
  const s = statusParts({ onHelp, onBeside });
  const el = h("div", { className: "pw-toolbar" });
  const checks = [f.unannotated, f.unseen, f.disagree];
  el.append(nav.views, nav.history, f.search, s.searching, f.order, f.status, f.tag, f.rating, ...checks.map((c) => c.label), clear);
  el.append(s.progress, s.said, s.help, s.beside);

  const active = () => narrows(f);
  const showClear = () => (clear.disabled = !active());
  const changed = (/** @type {() => void} */ then) => () => (showClear(), then());
  f.search.addEventListener("input", changed(onSearch));
  for (const control of [f.order, f.status, f.tag, f.rating, ...checks.map((c) => c.box)]) control.addEventListener("change", changed(onFilter));
  clear.addEventListener("click", () => {
    clearFilters(f);
    showClear();
    onClear();
  });
  showClear();
  return {
    el,
    search: f.search,
    /** Whether a search or a filter narrows the list. */
    active,
    /** The filters as the `page` command takes them. */
    filters: () => filterValues(f),
    /** Show kept filters (the Reader opened where it was left). */
    /** @param {Partial<Filters> | null | undefined} values */
    restore(values) {
      restoreFilters(f, values);
      showClear();
    },
    /** Whether a search is on its way (shows "searching…"). */
    /** @param {boolean} on */
    setSearching(on) {
      s.searching.hidden = !on;
    },
    /** Say what just happened (an undo, a failed command), in the status line. */
    /** @param {string} text */
    say(text) {
      s.said.textContent = text;
    },
    /** Offer "open beside" (when the JupyterLab extension can open a panel). */
    /** @param {boolean} on */
    offerBeside(on) {
      s.beside.hidden = !on;
    },
    /** @param {string} name */
    setView(name) {
      nav.listTab.setAttribute("aria-selected", String(name === "list"));
      nav.mapTab.setAttribute("aria-selected", String(name === "map"));
    },
    /** @param {string[]} tags */
    setTags(tags) {
      const current = f.tag.value || f.tag.dataset.wanted || "";
      delete f.tag.dataset.wanted;
      f.tag.replaceChildren(h("option", { value: "", text: "any tag" }), ...tags.map((t) => h("option", { value: t, text: t })));
      f.tag.value = tags.includes(current) ? current : "";
    },
    /** @param {ReaderTraits["progress"]} p */
    setProgress(p) {
      s.progress.textContent = `${p.annotated || 0} / ${p.total || 0} annotated`;
    },
    /** @param {ReaderTraits["history"]} state */
    setHistory(state) {
      nav.back.disabled = !state.back;
      nav.forward.disabled = !state.forward;
    },
  };
}
