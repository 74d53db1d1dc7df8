// The tag field: chips with a remove button, and an input that adds a tag on Enter or a
// comma and completes from the tags in use on Tab. The input is never re-created (focus stays).
import { h } from "../lib/dom.js";
import { completion } from "../lib/keys.js";
import { button } from "./parts.js";

/**
 * `onAdd(text)` on Enter / comma (the input is cleared), `onRemove(tag)` on a chip's ×,
 * `unused()` gives the tags to complete from. Returns {el, datalist, draw(tags, unused),
 * suggest(unused), focus()}.
 * @param {{onAdd: (text: string) => void, onRemove: (tag: string) => void, unused: () => string[]}} handlers
 */
export function tagField({ onAdd, onRemove, unused }) {
  const listId = `pw-tags-${Math.random().toString(36).slice(2)}`;
  const datalist = h("datalist", { id: listId });
  const input = h("input", { className: "pw-tag-input", placeholder: "add tag…", type: "text" });
  input.setAttribute("list", listId);
  input.setAttribute("aria-label", "Add a tag (Enter or comma; Tab completes)");
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      const text = input.value;
      input.value = "";
      onAdd(text);
    } else if (event.key === "Tab" && !event.shiftKey) {
      const found = completion(input.value, unused());
      if (found) {
        event.preventDefault();
        input.value = found;
      }
    }
  });
  const chips = h("span", { className: "pw-tag-chips" });
  const el = h("div", { className: "pw-tags" });
  el.append(chips, input);
  const suggest = (/** @type {string[]} */ tags) => datalist.replaceChildren(...tags.map((t) => h("option", { value: t })));
  const chip = (/** @type {string} */ tag) => {
    const span = h("span", { className: "pw-chip pw-tag", text: tag });
    span.append(button("pw-chip-remove", "×", () => onRemove(tag), `Remove tag ${tag}`));
    return span;
  };
  return {
    el,
    datalist,
    draw(/** @type {string[]} */ tags, /** @type {string[]} */ unusedTags) {
      chips.replaceChildren(...tags.map(chip));
      suggest(unusedTags);
    },
    suggest,
    focus: () => input.focus(),
  };
}
