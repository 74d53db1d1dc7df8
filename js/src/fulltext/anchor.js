// Anchoring full-text highlights (DOM-free): a highlight is stored as W3C Web Annotation
// selectors — TextQuoteSelector (quote + prefix/suffix) and TextPositionSelector (start/end)
// over the document's text — and found again in a text that may be another version:
// 1. "position": the offsets still hold the quote;
// 2. "quote": the quote occurs (whitespace-insensitive), the best by context and place;
// 3. "fuzzy": an approximate match (edit distance ≤ a quarter of the quote), searched near its
//    old place and near exact 8-character pieces of it (bounded work);
// else the highlight is orphaned (null): the caller lists it with its quote, never drops it.

import { selectorFor } from "../lib/highlight.js";

const MAX_ERRORS = 0.25; // share of the quote's length
const MIN_FUZZY = 12; // shorter quotes match exactly or not at all
const MAX_CELLS = 5e6; // edit-distance cells per highlight: a few tens of ms at most
const SEED = 8; // the pieces of a quote searched exactly to place the approximate search
const SEED_HITS = 3; // a piece found more often than this is too common to place a match
const MAX_CANDIDATES = 500;

/**
 * @typedef {{quote: string, prefix?: string, suffix?: string, start?: number, end?: number}} Selector
 * @typedef {{start: number, end: number, how: "position" | "quote" | "fuzzy"}} Anchor
 * @typedef {[start: number, end: number, errors: number]} Candidate a match in the squeezed text
 */

/** The selectors of text[start:end]: quote, CONTEXT characters each side, offsets. */
export const describe = selectorFor;

/**
 * Text with whitespace runs collapsed to one space, and where each of its characters was.
 * @param {string} text
 * @returns {{text: string, at: Int32Array}}
 */
export function squeeze(text) {
  if (squeezed.last === text) return squeezed.flat;
  const at = new Int32Array(text.length + 1);
  const parts = [];
  let length = 0;
  for (const match of text.matchAll(/\s+|\S+/g)) {
    const blank = match[0].trim() === "";
    const piece = blank ? " " : match[0];
    for (let k = 0; k < piece.length; k++) at[length + k] = match.index + k;
    parts.push(piece);
    length += piece.length;
  }
  at[length] = text.length;
  const flat = { text: parts.join(""), at: at.subarray(0, length + 1) };
  Object.assign(squeezed, { last: text, flat }); // the same text is anchored many times
  return flat;
}

/** The last text squeezed (anchoring every highlight reads the same text). */
const squeezed = { last: /** @type {string | null} */ (null), flat: { text: "", at: new Int32Array(1) } };

const flatText = (/** @type {string|undefined} */ s) => (s || "").replace(/\s+/g, " ");

/**
 * Number.isInteger, as a type guard (an offset stored in a note may be missing).
 * @param {unknown} n
 * @returns {n is number}
 */
const isOffset = (n) => Number.isInteger(n);

/**
 * Characters shared at the end of a and the start... : how well the context fits (0..1).
 * @param {string} text
 * @param {number} start
 * @param {number} end
 * @param {string} prefix
 * @param {string} suffix
 */
function contextScore(text, start, end, prefix, suffix) {
  let score = 0;
  let n = 0;
  while (n < prefix.length && start - 1 - n >= 0 && text[start - 1 - n] === prefix[prefix.length - 1 - n]) n++;
  score += prefix.length ? n / prefix.length : 0;
  n = 0;
  while (n < suffix.length && end + n < text.length && text[end + n] === suffix[n]) n++;
  return score + (suffix.length ? n / suffix.length : 0);
}

/**
 * Of the candidates [start, end, errors], the one with fewest errors, best context, nearest.
 * @param {Candidate[]} candidates
 * @param {string} text
 * @param {Selector} sel
 * @param {number} expected
 */
function best(candidates, text, sel, expected) {
  const prefix = flatText(sel.prefix);
  const suffix = flatText(sel.suffix);
  const rank = (/** @type {Candidate} */ [start, end, errors]) =>
    -errors * 4 + contextScore(text, start, end, prefix, suffix) * 2 - Math.abs(start - expected) / (text.length + 1);
  return candidates.reduce((a, b) => (rank(b) > rank(a) ? b : a));
}

/**
 * Exact occurrences of `quote` in `text` (at most MAX_CANDIDATES) as [start, end, 0].
 * @param {string} text
 * @param {string} quote
 */
function occurrences(text, quote) {
  /** @type {Candidate[]} */
  const found = [];
  for (let i = text.indexOf(quote); i >= 0 && found.length < MAX_CANDIDATES; i = text.indexOf(quote, i + 1)) {
    found.push([i, i + quote.length, 0]);
  }
  return found;
}

/**
 * Approximate matches of `quote` in text[from:to] (Sellers' edit distance, start tracked):
 * the local best [start, end, errors] with errors ≤ limit.
 * @param {string} text
 * @param {string} quote
 * @param {number} limit
 * @param {number} [from]
 * @param {number} [to]
 */
export function fuzzyMatches(text, quote, limit, from = 0, to = text.length) {
  const m = quote.length;
  let cost = new Int32Array(m + 1).map((_, i) => i);
  let origin = new Int32Array(m + 1).fill(from);
  let nextCost = new Int32Array(m + 1);
  let nextOrigin = new Int32Array(m + 1);
  /** @type {Candidate[]} */
  const found = [];
  for (let j = from; j < to; j++) {
    nextCost[0] = 0;
    nextOrigin[0] = j + 1;
    const c = text[j];
    for (let i = 1; i <= m; i++) {
      let value = cost[i - 1] + (quote[i - 1] === c ? 0 : 1);
      let start = origin[i - 1];
      if (cost[i] + 1 < value) [value, start] = [cost[i] + 1, origin[i]];
      if (nextCost[i - 1] + 1 < value) [value, start] = [nextCost[i - 1] + 1, nextOrigin[i - 1]];
      nextCost[i] = value;
      nextOrigin[i] = start;
    }
    [cost, nextCost] = [nextCost, cost];
    [origin, nextOrigin] = [nextOrigin, origin];
    const errors = cost[m];
    if (errors > limit) continue;
    const last = found[found.length - 1];
    if (last && origin[m] < last[1]) {
      if (errors < last[2]) found[found.length - 1] = [origin[m], j + 1, errors]; // same match, better end
    } else if (found.length < MAX_CANDIDATES) found.push([origin[m], j + 1, errors]);
  }
  return found;
}

/**
 * Where an approximate match can be: around the quote's old place, and around each exact
 * rare occurrence of an 8-character piece of it (a match with few edits keeps pieces whole).
 * Overlapping spans are merged; their edit-distance cells stay under MAX_CELLS.
 * @param {string} text
 * @param {string} quote
 * @param {number} expected
 */
function windows(text, quote, expected) {
  const m = quote.length;
  /** @type {[from: number, to: number][]} */
  const spans = [];
  const add = (/** @type {number} */ at) => spans.push([Math.max(0, at - m), Math.min(text.length, at + 2 * m)]);
  add(expected);
  for (let p = 0; p + SEED <= m; p += SEED) {
    const piece = quote.slice(p, p + SEED);
    const hits = [];
    for (let i = text.indexOf(piece); i >= 0 && hits.length <= SEED_HITS; i = text.indexOf(piece, i + 1)) hits.push(i);
    if (hits.length <= SEED_HITS) hits.forEach((i) => add(i - p)); // a common piece places nothing
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged = [];
  let cells = 0;
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged.filter(([from, to]) => (cells += (to - from) * m) <= MAX_CELLS);
}

/**
 * Find a highlight in `text`: its anchor, or null when it is orphaned.
 * @param {string} text
 * @param {Selector} sel
 * @returns {Anchor | null}
 */
export function anchor(text, sel) {
  if (!sel || !sel.quote) return null;
  const { start, end, quote } = sel;
  if (isOffset(start) && isOffset(end) && text.slice(start, end) === quote) {
    return { start, end, how: "position" };
  }
  const flat = squeeze(text);
  const wanted = flatText(quote).trim();
  if (!wanted) return null;
  const expected = isOffset(start) ? Math.round((start / Math.max(1, text.length)) * flat.text.length) : 0;
  let how = /** @type {"quote" | "fuzzy"} */ ("quote");
  let candidates = occurrences(flat.text, wanted);
  if (!candidates.length && wanted.length >= MIN_FUZZY) {
    how = "fuzzy";
    const limit = Math.floor(wanted.length * MAX_ERRORS);
    candidates = windows(flat.text, wanted, expected).flatMap(([from, to]) => fuzzyMatches(flat.text, wanted, limit, from, to));
  }
  if (!candidates.length) return null;
  const [lo, hi] = best(candidates, flat.text, sel, expected);
  return { start: flat.at[lo], end: flat.at[hi - 1] + 1, how };
}

/**
 * Anchor every highlight; orphans keep their place in the list with `anchor: null`.
 * @template {Selector} T
 * @param {string} text
 * @param {T[]} highlights
 * @returns {{highlight: T, anchor: Anchor | null}[]}
 */
export function anchorAll(text, highlights) {
  return (highlights || []).map((highlight) => ({ highlight, anchor: anchor(text, highlight) }));
}
