// The team box of the annotation panel: open disagreements ("rating: you: ★4 · Bob: ★2",
// one click on a value settles it: it becomes yours and the same values do not come back)
// and a team line (who rated what, the mean rating), then the others' own values and notes.
// Names and notes are colleagues' text: shown with textContent only.
import { UNREAD } from "./lib/constants.js";
import { h } from "./lib/dom.js";

/**
 * The team's notes on one paper as the kernel sends them (names and notes: colleagues' text).
 * @typedef {{by?: string, value?: unknown, set_aside?: boolean}} Entry one person's value
 * @typedef {{field: string, values?: Entry[]}} Disagreement
 * @typedef {{by?: {by: string, value: unknown}[], mean?: unknown}} Team the ratings and their mean
 * @typedef {{name?: string, rating?: number, status?: string, note?: string}} Other
 * @typedef {{you?: string, conflicts?: Disagreement[], team?: Team | null, others?: Other[]}} TeamState
 * @typedef {(field: string, value: unknown) => void} OnPick
 */

/**
 * A value as the box shows it: ★4, a status, the start of a note.
 * @param {string} field
 * @param {unknown} value
 * @returns {string}
 */
export function shownValue(field, value) {
  if (field === "rating") return value ? `★${value}` : "no rating";
  const text = String(value ?? "");
  return field === "note" && text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * "you", "you (set aside)", "Bob", "Bob (set aside)".
 * @param {Entry} entry
 * @param {string | undefined} you
 * @returns {string}
 */
export function who(entry, you) {
  const name = entry.by === you ? "you" : String(entry.by ?? "someone");
  return entry.set_aside ? `${name} (set aside)` : name;
}

/**
 * "Team: you ★4 · Bob ★2 · mean ★3.0", or "" when only you (or nobody) rated.
 * @param {Team | null | undefined} team
 * @param {string | undefined} you
 * @returns {string}
 */
export function teamLine(team, you) {
  const rated = (team && Array.isArray(team.by) ? team.by : []).filter((r) => Number.isInteger(r.value));
  if (!rated.some((r) => r.by !== you)) return "";
  const parts = rated.map((r) => `${r.by === you ? "you" : r.by} ★${r.value}`);
  const mean = Number(team?.mean); // team is there: someone rated
  return `Team: ${parts.join(" · ")}${Number.isFinite(mean) ? ` · mean ★${mean.toFixed(1)}` : ""}`;
}

/**
 * @param {string} field
 * @param {Entry} entry
 * @param {string | undefined} you
 * @param {OnPick} onPick
 */
function pick(field, entry, you, onPick) {
  const label = `${who(entry, you)}: ${shownValue(field, entry.value)}`;
  const b = h("button", { type: "button", className: "pw-conflict-pick", text: label });
  b.title = `Keep ${shownValue(field, entry.value)} as yours`;
  b.dataset.field = field;
  b.addEventListener("click", () => onPick(field, entry.value));
  return b;
}

/**
 * @param {Disagreement} d
 * @param {string | undefined} you
 * @param {OnPick} onPick
 */
function disagreementRow(d, you, onPick) {
  const row = h("div", { className: "pw-conflict" });
  row.dataset.field = d.field;
  row.append(h("span", { className: "pw-badge pw-conflict-badge", text: `${d.field}: disagreement` }));
  (Array.isArray(d.values) ? d.values : []).forEach((entry, n) => {
    if (n) row.append(h("span", { className: "pw-conflict-sep", text: "·" }));
    row.append(pick(d.field, entry, you, onPick));
  });
  return row;
}

/**
 * @param {Other} other
 */
function otherRow(other) {
  const parts = [other.rating ? `★${other.rating}` : "", other.status && other.status !== UNREAD ? other.status : ""];
  const head = [String(other.name ?? ""), ...parts.filter(Boolean)].join(" · ");
  const row = h("div", { className: "pw-other" });
  row.append(h("span", { className: "pw-other-name", text: head }));
  if (other.note) row.append(h("span", { className: "pw-other-note", text: `: ${shownValue("note", other.note)}` }));
  return row;
}

/** The team box; `draw(state)` shows `state.conflicts`, `state.team`, `state.others`;
 * `onPick(field, value)` on a click. */
/**
 * @param {OnPick} onPick
 */
export function conflictBox(onPick) {
  const el = h("div", { className: "pw-conflicts" });
  el.setAttribute("role", "group");
  el.setAttribute("aria-label", "Your team's notes and disagreements");
  el.hidden = true;
  return {
    el,
    draw(/** @type {TeamState} */ state) {
      const you = state.you;
      const rows = (state.conflicts || []).map((d) => disagreementRow(d, you, onPick));
      const line = teamLine(state.team, you);
      if (line) rows.push(h("div", { className: "pw-team", text: line }));
      rows.push(...(state.others || []).map(otherRow));
      el.hidden = !rows.length;
      el.replaceChildren(...rows);
    },
  };
}
