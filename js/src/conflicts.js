// Disagreements a merge left on one paper (rating or status): both values side by side,
// one click to pick. Picking sets the field, which clears its conflicts in the notes file.
import { h } from "./lib/dom.js";

const STARS = "★★★★★";

function shown(field, value) {
  if (field === "rating") return value ? STARS.slice(0, value) : "no rating";
  return String(value ?? "");
}

function choice(field, value, label, onPick) {
  const b = h("button", { type: "button", className: "pw-conflict-pick", text: `${shown(field, value)} (${label})` });
  b.title = `Use ${shown(field, value)}`;
  b.dataset.field = field;
  b.addEventListener("click", () => onPick(field, value));
  return b;
}

/** The disagreements box; `draw(state)` shows `state.conflicts`, `onPick(field, value)`. */
export function conflictBox(onPick) {
  const el = h("div", { className: "pw-conflicts" });
  el.setAttribute("role", "group");
  el.setAttribute("aria-label", "Disagreements from a merge");
  el.hidden = true;
  return {
    el,
    draw(state) {
      const conflicts = state.conflicts || [];
      el.hidden = !conflicts.length;
      const rows = conflicts.map((c) => {
        const row = h("div", { className: "pw-conflict" });
        row.dataset.field = c.field;
        row.append(
          h("span", { className: "pw-badge pw-conflict-badge", text: `${c.field}: disagreement` }),
          choice(c.field, state[c.field], "kept here", onPick),
          choice(c.field, c.value, `from ${c.from || "a merge"}`, onPick),
        );
        return row;
      });
      el.replaceChildren(...rows);
    },
  };
}
