// The text of a rendered full text (a PDF's text layers or sanitised HTML) as one string, and
// the way between that string's offsets and the DOM: a selection becomes [start, end), a
// highlight's [start, end) becomes <mark>s around the text it covers. A <br> (pdf.js ends each
// line of a text layer with one) and each block counts as one "\n", so words on two lines
// never run together in a quote.

const BLOCKS = new Set(["P", "DIV", "SECTION", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "FIGCAPTION", "TR", "BLOCKQUOTE"]);

/**
 * @typedef {{node: Text | null, start: number, length: number}} Piece  (node null: a virtual "\n")
 * @typedef {{text: string, pieces: Piece[], root: Element}} TextMap
 */

/**
 * Index the text under `root` (marks made earlier are part of the text, not of the index).
 * @param {Element} root
 * @returns {TextMap}
 */
export function textMap(root) {
  /** @type {Piece[]} */
  const pieces = [];
  /** @type {string[]} */
  const parts = [];
  let length = 0;
  const add = (/** @type {Text | null} */ node, /** @type {string} */ text) => {
    pieces.push({ node, start: length, length: text.length });
    parts.push(text);
    length += text.length;
  };
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 1 | 4); // elements and text
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) add(/** @type {Text} */ (node), node.nodeValue || "");
    else if (node.nodeName === "BR" || (BLOCKS.has(node.nodeName) && length && !parts[parts.length - 1].endsWith("\n"))) add(null, "\n");
  }
  return { text: parts.join(""), pieces, root };
}

/**
 * The piece holding offset `at` (binary search; the last piece at the very end).
 * @param {TextMap} map
 * @param {number} at
 */
function pieceAt(map, at) {
  let lo = 0;
  let hi = map.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.pieces[mid].start <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The offset in `map.text` of a DOM boundary point (a Range's start or end).
 * @param {TextMap} map
 * @param {Node} container
 * @param {number} offset
 */
export function offsetOf(map, container, offset) {
  if (container.nodeType === 3) {
    const piece = map.pieces.find((p) => p.node === container);
    return piece ? piece.start + Math.min(offset, piece.length) : null;
  }
  // an element boundary: the first text piece at or after it (pieces are in document order)
  const point = /** @type {Document} */ (container.ownerDocument).createRange(); // a node inside the root
  point.setStart(container, offset);
  const texts = map.pieces.filter((p) => p.node);
  let lo = 0;
  let hi = texts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (point.comparePoint(/** @type {Text} */ (texts[mid].node), 0) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < texts.length ? texts[lo].start : map.text.length;
}

/**
 * [start, end) of a selection range inside the map's root, or null (outside or empty).
 * @param {TextMap} map
 * @param {Range} range
 */
export function rangeOffsets(map, range) {
  if (!map.root.contains(range.commonAncestorContainer)) return null;
  const start = offsetOf(map, range.startContainer, range.startOffset);
  const end = offsetOf(map, range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return [start, end];
}

/**
 * The text nodes (and the part of each) that [start, end) covers.
 * @param {TextMap} map
 * @param {number} start
 * @param {number} end
 * @returns {{node: Text, from: number, to: number}[]}
 */
export function nodesIn(map, start, end) {
  const out = [];
  for (let i = pieceAt(map, start); i < map.pieces.length; i++) {
    const piece = map.pieces[i];
    if (piece.start >= end) break;
    if (!piece.node) continue;
    const from = Math.max(0, start - piece.start);
    const to = Math.min(piece.length, end - piece.start);
    if (to > from) out.push({ node: piece.node, from, to });
  }
  return out;
}

/**
 * Wrap [start, end) in <mark> elements (one per text node it crosses), made by `make()`.
 * The map stays valid: a wrapped text node is split, and its pieces are updated in place.
 * @param {TextMap} map
 * @param {number} start
 * @param {number} end
 * @param {() => HTMLElement} make
 * @returns {HTMLElement[]}
 */
export function wrap(map, start, end, make) {
  const marks = [];
  for (const { node, from, to } of nodesIn(map, start, end)) {
    const index = map.pieces.findIndex((p) => p.node === node);
    const piece = map.pieces[index];
    const middle = from ? node.splitText(from) : node;
    const tail = to - from < (middle.nodeValue || "").length ? middle.splitText(to - from) : null;
    const mark = make();
    middle.replaceWith(mark);
    mark.append(middle);
    const split = [
      from ? { node, start: piece.start, length: from } : null,
      { node: middle, start: piece.start + from, length: to - from },
      tail ? { node: tail, start: piece.start + to, length: piece.length - to } : null,
    ].filter((p) => p !== null);
    map.pieces.splice(index, 1, .../** @type {Piece[]} */ (split));
    marks.push(mark);
  }
  return marks;
}

/**
 * Remove marks made by `wrap` (their text goes back in place; adjacent text is joined).
 * @param {Element[]} marks
 */
export function unwrap(marks) {
  for (const mark of marks) {
    const parent = mark.parentNode;
    if (!parent) continue;
    mark.replaceWith(...mark.childNodes);
    parent.normalize();
  }
}
