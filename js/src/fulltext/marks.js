// Highlights drawn in the full text: each full-text highlight of the paper is anchored in the
// text shown (anchor.js) and wrapped in <mark>s coloured by its category; the ones that cannot
// be found come back as orphans (listed with their quote, never dropped).
import { anchor } from "./anchor.js";
import { textMap, unwrap, wrap } from "./textmap.js";

/** @typedef {import("./types.js").Highlight} Highlight */

/** A highlight's identity, as the notes store keys it (quote and place). */
export const keyOf = (/** @type {Highlight} */ hl) => `hl:${hl.start ?? ""}:${hl.end ?? ""}:${hl.quote}`;

/**
 * Highlights made in a full text (they carry `source`), not those of the abstract.
 * @param {{highlights?: Highlight[]} | null | undefined} annotation
 */
export const fullTextHighlights = (annotation) => ((annotation && annotation.highlights) || []).filter((hl) => hl.source);

/**
 * Mark every highlight in `root`; returns the drawn ones in text order, and the orphans.
 * @param {HTMLElement} root
 * @param {Highlight[]} highlights
 * @param {(name: string | undefined) => string} colour
 */
export function drawMarks(root, highlights, colour) {
  unwrap([...root.querySelectorAll("mark.pw-ft-mark")]);
  const map = textMap(root);
  /** @type {import("./types.js").Drawn[]} */
  const drawn = [];
  /** @type {import("./types.js").Orphan[]} */
  const orphans = [];
  for (const hl of highlights) {
    const found = anchor(map.text, hl);
    if (!found) {
      orphans.push({ hl, key: keyOf(hl) });
      continue;
    }
    drawn.push({ hl, key: keyOf(hl), found, marks: /** @type {HTMLElement[]} */ ([]) });
  }
  drawn.sort((a, b) => a.found.start - b.found.start);
  for (const item of drawn) {
    item.marks = wrap(map, item.found.start, item.found.end, () => {
      const mark = root.ownerDocument.createElement("mark");
      mark.className = "pw-ft-mark";
      mark.dataset.key = item.key;
      mark.style.setProperty("--pw-ft-colour", colour(item.hl.category));
      return mark;
    });
  }
  return { drawn, orphans, map: textMap(root) };
}
