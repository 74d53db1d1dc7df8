// Highlights as W3C TextQuoteSelector-like records: quote + context, plus offsets.
// Pure string functions: the DOM code turns a selection into offsets and back.

const CONTEXT = 32;

/**
 * A highlight as a note stores it (`source` set: a full-text highlight, anchored elsewhere,
 * with its `page` in a PDF and its `category`).
 * @typedef {{quote: string, prefix?: string, suffix?: string, start: number, end: number, comment?: string,
 *   source?: unknown, page?: number, category?: string}} Highlight
 */

/**
 * The selector of text[start:end]: quote, some context each side, offsets.
 * @param {string} text
 * @param {number} start
 * @param {number} end
 */
export function selectorFor(text, start, end) {
  const lo = Math.max(0, Math.min(start, end));
  const hi = Math.min(text.length, Math.max(start, end));
  return {
    quote: text.slice(lo, hi),
    prefix: text.slice(Math.max(0, lo - CONTEXT), lo),
    suffix: text.slice(hi, hi + CONTEXT),
    start: lo,
    end: hi,
  };
}

/**
 * [start, end) of a highlight in `text`: by offsets if still right, else by quote+context.
 * @param {string} text
 * @param {Highlight | null | undefined} hl
 * @returns {[number, number] | null}
 */
export function locate(text, hl) {
  if (!hl || !hl.quote) return null;
  if (text.slice(hl.start, hl.end) === hl.quote) return [hl.start, hl.end];
  const candidates = [];
  for (let i = text.indexOf(hl.quote); i >= 0; i = text.indexOf(hl.quote, i + 1)) {
    candidates.push(i);
  }
  if (!candidates.length) return null;
  const score = (/** @type {number} */ i) =>
    (text.slice(0, i).endsWith(hl.prefix || "") ? 1 : 0) +
    (text.slice(i + hl.quote.length).startsWith(hl.suffix || "") ? 1 : 0);
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  return [best, best + hl.quote.length];
}

/**
 * Whether a highlight was found in the text.
 * @param {[[number, number] | null, number]} pair
 * @returns {pair is [[number, number], number]}
 */
const located = (pair) => pair[0] !== null;

/**
 * Split text into plain and highlighted runs (non-overlapping, in order) for rendering.
 * @param {string} text
 * @param {Highlight[] | null | undefined} highlights
 * @returns {{text: string, highlight: number}[]}
 */
export function segments(text, highlights) {
  const ranges = (highlights || [])
    // full-text highlights: not here
    .map((hl, i) => /** @type {[[number, number] | null, number]} */ ([hl.source ? null : locate(text, hl), i]))
    .filter(located)
    .sort((a, b) => a[0][0] - b[0][0]);
  const out = [];
  let pos = 0;
  for (const [[start, end], i] of ranges) {
    if (start < pos) continue; // overlapping: the earlier highlight wins
    if (start > pos) out.push({ text: text.slice(pos, start), highlight: -1 });
    out.push({ text: text.slice(start, end), highlight: i });
    pos = end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), highlight: -1 });
  return out;
}
