// The full text's keyboard (pure: a key event in, an action out): PageDown/PageUp (and
// Space / Shift+Space) a screen down/up, n/p next/previous highlight, h highlight the
// selection, a category's key highlight the selection as that category (or, with nothing
// selected, set the current highlight's category), e edit its comment, Esc back.

import { inField } from "../lib/keys.js";

/**
 * What a key does (`category` null: the first category).
 * @typedef {{type: "scroll", pages: number} | {type: "step", by: number} | {type: "highlight", category: string | null}
 *   | {type: "edit"} | {type: "leave"} | {type: "back"}} KeyAction
 */

/**
 * @param {{key: string, shiftKey?: boolean, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean, target?: any}} event
 * @param {{key: string, name: string}[]} categories
 * @returns {KeyAction | null}
 */
export function fullTextKey(event, categories) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (inField(event.target)) return event.key === "Escape" ? { type: "leave" } : null;
  switch (event.key) {
    case "PageDown":
      return { type: "scroll", pages: 1 };
    case "PageUp":
      return { type: "scroll", pages: -1 };
    case " ":
      return { type: "scroll", pages: event.shiftKey ? -1 : 1 };
    case "n":
    case "p":
      return { type: "step", by: event.key === "n" ? 1 : -1 };
    case "h":
      return { type: "highlight", category: null };
    case "e":
      return { type: "edit" };
    case "Escape":
      return { type: "back" };
    default: {
      const category = categories.find((c) => c.key === event.key);
      return category ? { type: "highlight", category: category.name } : null;
    }
  }
}
