// The Reader's keyboard map (design §6): j/k next/previous, [ / ] back/forward, / search, 1–5 rate,
// e edit the note, Esc leave a field. Pure: a key event in, an action out.

const EDITABLE = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/** Whether the event comes from a field where typing must stay typing. */
function inField(target) {
  return Boolean(target && (EDITABLE.has(target.tagName) || target.isContentEditable));
}

/** The action for a keydown, or null when the Reader should let the key through. */
export function keyAction(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (inField(event.target)) return event.key === "Escape" ? { type: "leave" } : null;
  switch (event.key) {
    case "j":
      return { type: "move", step: 1 };
    case "k":
      return { type: "move", step: -1 };
    case "[":
    case "]":
      return { type: "history", to: event.key === "[" ? "back" : "forward" };
    case "/":
      return { type: "search" };
    case "e":
      return { type: "edit" };
    case "Escape":
      return { type: "leave" };
    default:
      return /^[1-5]$/.test(event.key) ? { type: "rate", value: Number(event.key) } : null;
  }
}

/** Whether a keydown is Ctrl/Cmd+S (save the notebook). */
export function isSaveKey(event) {
  return (event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S");
}

/**
 * Keep the notebook's shortcuts out of a widget (j/k/1–5, Enter are ours), except
 * Ctrl/Cmd+S: `beforeSave()` runs (send pending typing), then the key reaches the notebook's
 * own save command. `data-lm-suppress-shortcuts` blocks every JupyterLab shortcut, so it is
 * lifted for that one key, from a window capture listener that runs before JupyterLab's
 * (Notebook 7 handles keys in the capture phase, JupyterLab 4 in the bubble phase).
 */
export function guardShortcuts(root, beforeSave) {
  const suppress = () => root.setAttribute("data-lm-suppress-shortcuts", "true");
  suppress();
  const view = root.ownerDocument.defaultView;
  const onKey = (event) => {
    if (!isSaveKey(event) || !root.contains(event.target)) return;
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
 */
export function handleLineBreak(event) {
  const area = event.target;
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

/** The first suggestion that completes `typed` (case-insensitive), or null. */
export function completion(typed, suggestions) {
  const start = typed.trim().toLowerCase();
  if (!start) return null;
  return suggestions.find((s) => s.toLowerCase().startsWith(start) && s.toLowerCase() !== start) || null;
}
