// The highlights beside the text: category filter, one row per highlight (colour, category,
// page, quote, comment field, remove), orphans last with their quote. Clicking a row scrolls
// the text to it. Rows are rebuilt only when the highlights change, never while typing.
import { h } from "../lib/dom.js";

/**
 * @typedef {import("./types.js").Category} Category
 * @typedef {import("./types.js").Orphan} Item a row: a highlight and its key
 * @typedef {{drawn: Item[], orphans: Item[]}} Listed
 */

/**
 * `onLeave()` runs when Enter or Esc leaves a comment field (the keys go back to the text, so
 * the focus never falls to the page's body).
 * @param {{categories: () => Category[], onPick: (key: string) => void, onComment: (key: string, text: string) => void, onRemove: (key: string) => void, onLeave: () => void}} handlers
 */
export function highlightList({ categories, onPick, onComment, onRemove, onLeave }) {
  const filter = h("div", { className: "pw-ft-filter", role: "group", ariaLabel: "Show categories" });
  const rows = h("ol", { className: "pw-ft-list" });
  const box = h("aside", { className: "pw-ft-side" });
  box.append(h("div", { className: "pw-ft-side-title", text: "Highlights" }), filter, rows);
  /** @type {Set<string | undefined>} */
  const hidden = new Set();
  /** @type {Listed} */
  let last = { drawn: [], orphans: [] };

  /** @type {() => void} */
  const chips = () => filterChips(filter, categories(), hidden, () => (chips(), draw(last)));
  const row = (/** @type {Item} */ item, /** @type {boolean} */ orphan) => {
    const { hl, key } = item;
    const colour = categories().find((c) => c.name === hl.category)?.color || "#cccccc";
    const li = h("li", { className: `pw-ft-item${orphan ? " pw-ft-orphan" : ""}` });
    li.dataset.key = key;
    li.style.setProperty("--pw-ft-colour", colour);
    const where = [hl.category || "", hl.page ? `p. ${hl.page}` : "", orphan ? "not found in this text" : ""].filter(Boolean).join(" · ");
    const comment = h("input", { className: "pw-ft-comment", type: "text", placeholder: "Comment…", value: hl.comment || "" });
    comment.setAttribute("aria-label", "Comment on this highlight");
    comment.addEventListener("change", () => onComment(key, comment.value));
    comment.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== "Escape") return;
      comment.blur(); // "change" saves the comment
      onLeave();
    });
    const remove = h("button", { className: "pw-ft-remove", type: "button", text: "✕", title: "Remove this highlight" });
    remove.addEventListener("click", () => onRemove(key));
    const quote = h("blockquote", { className: "pw-ft-quote", text: hl.quote });
    quote.addEventListener("click", () => onPick(key));
    li.append(h("div", { className: "pw-ft-where", text: where }), quote, comment, remove);
    return li;
  };

  const draw = (/** @type {Listed} */ state) => {
    last = state;
    const shown = (/** @type {Item} */ item) => !hidden.has(item.hl.category);
    const items = [...state.drawn.filter(shown).map((i) => row(i, false)), ...state.orphans.filter(shown).map((i) => row(i, true))];
    rows.replaceChildren(...(items.length ? items : [h("li", { className: "pw-ft-empty", text: "Select text, then press h (or a category key) to highlight it." })]));
  };

  chips();
  return {
    box,
    draw,
    chips,
    /** Whether rows of this category are shown. */
    shows: (/** @type {string} */ name) => !hidden.has(name),
    /**
     * Mark the current highlight's row; focus its comment field with `edit`.
     * @param {string} key
     */
    select(key, edit = false) {
      for (const li of rows.querySelectorAll("li")) li.classList.toggle("pw-ft-current", li.dataset.key === key);
      const li = [...rows.querySelectorAll("li")].find((item) => item.dataset.key === key);
      if (li) li.scrollIntoView({ block: "nearest" });
      if (li && edit) /** @type {HTMLInputElement} */ (li.querySelector("input")).focus();
    },
  };
}

/**
 * One toggle button per category; `changed()` after a click (the set `hidden` is updated).
 * @param {HTMLElement} filter
 * @param {Category[]} categories
 * @param {Set<string | undefined>} hidden
 * @param {() => void} changed
 */
function filterChips(filter, categories, hidden, changed) {
  filter.replaceChildren(...categories.map((c) => {
    const chip = h("button", { className: "pw-ft-chip", type: "button", text: `${c.key} ${c.name}` });
    chip.style.setProperty("--pw-ft-colour", c.color);
    chip.setAttribute("aria-pressed", String(!hidden.has(c.name)));
    chip.addEventListener("click", () => {
      if (hidden.has(c.name)) hidden.delete(c.name);
      else hidden.add(c.name);
      changed();
    });
    return chip;
  }));
}
