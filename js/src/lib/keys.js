// The Reader's keyboard map, in one place: the table below drives keyAction() and the "?"
// help overlay (reader/help.js). `c` is left for the annotation panel's "clear", and digits
// other than 1–5 are never used. Pure: a key event in, an action out.

import { RATING, STATUSES } from "./constants.js";

/** The key of each reading status (in constants.json's order) and what its help adds. */
const STATUS_KEYS = [["n", " (not yet)"], ["r", ""], ["d", " (done)"], ["s", ""]];
const RATINGS = Array.from({ length: RATING.max - RATING.min + 1 }, (_, i) => RATING.min + i);

const EDITABLE = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/**
 * Every Reader key: `keys` (what event.key is), the action it gives, and its help text.
 * @type {{keys: string[], action: {type: string, [k: string]: any}, help: string}[]}
 */
export const KEYMAP = [
  { keys: ["j"], action: { type: "move", step: 1 }, help: "next paper" },
  { keys: ["k"], action: { type: "move", step: -1 }, help: "previous paper" },
  { keys: ["["], action: { type: "history", to: "back" }, help: "back to the paper you came from" },
  { keys: ["]"], action: { type: "history", to: "forward" }, help: "forward again" },
  { keys: ["/"], action: { type: "search" }, help: "search (Enter opens the top hit, ↓ ↑ go through hits)" },
  ...RATINGS.map((n) => ({ keys: [String(n)], action: { type: "rate", value: n }, help: `rate ${"★".repeat(n)}` })),
  ...STATUSES.map((value, i) => ({ keys: [STATUS_KEYS[i][0]], action: { type: "status", value }, help: `status: ${value}${STATUS_KEYS[i][1]}` })),
  { keys: ["t"], action: { type: "tags" }, help: "add a tag (Enter adds it, Tab completes)" },
  { keys: ["e"], action: { type: "edit" }, help: "edit the note" },
  { keys: ["h"], action: { type: "highlight" }, help: "highlight the selected text and write its comment" },
  { keys: ["o"], action: { type: "open" }, help: "open the paper's page" },
  { keys: ["f"], action: { type: "read" }, help: "read the paper: its PDF or arXiv HTML here (in it: select, 1–5 highlight as a category, e comment, n/p next/previous highlight, Esc back)" },
  { keys: ["x"], action: { type: "select" }, help: "select the paper for a bulk action (tag, status)" },
  { keys: ["u"], action: { type: "undo" }, help: "undo the last edit (or bulk action)" },
  { keys: ["?"], action: { type: "help" }, help: "show these keys" },
  { keys: ["Escape"], action: { type: "leave" }, help: "leave a field (back to the keys)" },
];

const BY_KEY = new Map(KEYMAP.flatMap((entry) => entry.keys.map((k) => [k, entry.action])));

/**
 * Whether the event comes from a field where typing must stay typing.
 * @param {EventTarget | null} target
 * @returns {boolean}
 */
export function inField(target) {
  const node = /** @type {HTMLElement | null} */ (target);
  return Boolean(node && (EDITABLE.has(node.tagName) || node.isContentEditable));
}

/**
 * The action for a keydown, or null when the Reader should let the key through.
 * @param {KeyboardEvent} event
 * @returns {{type: string, [k: string]: any} | null}
 */
export function keyAction(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (inField(event.target)) return event.key === "Escape" ? { type: "leave" } : null;
  const action = BY_KEY.get(event.key);
  return action ? { ...action } : null;
}

/**
 * Whether a keydown is Ctrl/Cmd+S (save the notebook).
 * @param {KeyboardEvent} event
 * @returns {boolean}
 */
export function isSaveKey(event) {
  return (event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S");
}

/**
 * Keep the notebook's shortcuts out of a widget (j/k/1–5, Enter are ours), except
 * Ctrl/Cmd+S: `beforeSave()` runs (send pending typing), then the key reaches the notebook's
 * own save command. `data-lm-suppress-shortcuts` blocks every JupyterLab shortcut, so it is
 * lifted for that one key, from a window capture listener that runs before JupyterLab's
 * (Notebook 7 handles keys in the capture phase, JupyterLab 4 in the bubble phase).
 * @param {HTMLElement} root
 * @param {() => void} beforeSave
 * @returns {() => void}
 */
export function guardShortcuts(root, beforeSave) {
  const suppress = () => root.setAttribute("data-lm-suppress-shortcuts", "true");
  suppress();
  const view = /** @type {Window} */ (root.ownerDocument.defaultView);
  const onKey = (/** @type {KeyboardEvent} */ event) => {
    if (!isSaveKey(event) || !root.contains(/** @type {Node} */ (event.target))) return;
    beforeSave();
    root.removeAttribute("data-lm-suppress-shortcuts");
    setTimeout(suppress, 0);
  };
  view.addEventListener("keydown", onKey, true);
  return () => view.removeEventListener("keydown", onKey, true);
}

/**
 * Enter / Shift+Enter in a textarea: insert the line break ourselves. JupyterLab cancels the
 * `insertLineBreak` input inside cell outputs; `insertText` goes through and joins the
 * browser's undo stack. Without execCommand: setRangeText + an input event.
 * @param {KeyboardEvent} event
 * @returns {boolean}
 */
export function handleLineBreak(event) {
  const area = /** @type {HTMLTextAreaElement} */ (event.target);
  if (event.key !== "Enter" || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return false;
  event.preventDefault();
  const doc = area.ownerDocument;
  const before = area.value;
  if (typeof doc.execCommand === "function") doc.execCommand("insertText", false, "\n");
  if (area.value === before) {
    area.setRangeText("\n", area.selectionStart, area.selectionEnd, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
  return true;
}

/**
 * The first suggestion that completes `typed` (case-insensitive), or null.
 * @param {string} typed
 * @param {string[]} suggestions
 * @returns {string | null}
 */
export function completion(typed, suggestions) {
  const start = typed.trim().toLowerCase();
  if (!start) return null;
  return suggestions.find((s) => s.toLowerCase().startsWith(start) && s.toLowerCase() !== start) || null;
}
