// The Screen widget's keys, in one place: i / e / m decide, 1–9 exclude for a reason, n write
// a note for the next decision, u undo, s switch to the random sample (and back), r resolve
// the first open disagreement, Escape leave a field or stop resolving. Pure: a key event in,
// an action out; keys typed in a field are typing (only Escape leaves it).
import { MAX_REASONS, SCREENING_DECISIONS } from "../lib/constants.js";
import { inField } from "../lib/keys.js";

const [INCLUDE, EXCLUDE, MAYBE] = SCREENING_DECISIONS;

/** @type {Record<string, {type: string, [k: string]: any}>} */
const BY_KEY = {
  i: { type: "decide", decision: INCLUDE },
  e: { type: "decide", decision: EXCLUDE },
  m: { type: "decide", decision: MAYBE },
  n: { type: "note" },
  u: { type: "undo" },
  s: { type: "sample" },
  r: { type: "resolve" },
  Escape: { type: "leave" },
};

/** The help line the widget shows under the record. */
export const HELP =
  "i include · e exclude · 1–9 exclude with that reason · m maybe · n note (Enter back, Escape drops it) · u undo · s random sample · r resolve a disagreement";

/**
 * The action for a keydown, or null when the widget lets the key through.
 * @param {KeyboardEvent} event
 * @param {number} reasons how many exclusion reasons there are (digits 1..reasons)
 */
export function screenKey(event, reasons) {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (inField(event.target)) return event.key === "Escape" ? { type: "leave" } : null;
  const digit = Number(event.key);
  if (/^[1-9]$/.test(event.key) && digit <= Math.min(reasons, MAX_REASONS)) {
    return { type: "decide", decision: EXCLUDE, reason: digit - 1 };
  }
  const action = BY_KEY[event.key];
  return action ? { ...action } : null;
}
