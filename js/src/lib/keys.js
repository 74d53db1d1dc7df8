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
