// Highlights as W3C TextQuoteSelector-like records: quote + context, plus offsets.
// Pure string functions: the DOM code turns a selection into offsets and back.

const CONTEXT = 32;

/** The selector of text[start:end]: quote, some context each side, offsets. */
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

/** [start, end) of a highlight in `text`: by offsets if still right, else by quote+context. */
export function locate(text, hl) {
  if (!hl || !hl.quote) return null;
  if (text.slice(hl.start, hl.end) === hl.quote) return [hl.start, hl.end];
  const candidates = [];
  for (let i = text.indexOf(hl.quote); i >= 0; i = text.indexOf(hl.quote, i + 1)) {
    candidates.push(i);
  }
  if (!candidates.length) return null;
  const score = (i) =>
    (text.slice(0, i).endsWith(hl.prefix || "") ? 1 : 0) +
    (text.slice(i + hl.quote.length).startsWith(hl.suffix || "") ? 1 : 0);
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  return [best, best + hl.quote.length];
}

/** Split text into plain and highlighted runs (non-overlapping, in order) for rendering. */
export function segments(text, highlights) {
  const ranges = (highlights || [])
    .map((hl, i) => [locate(text, hl), i])
    .filter(([r]) => r)
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
