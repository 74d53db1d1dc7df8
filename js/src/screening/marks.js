// The criteria's keywords marked in a record's title and abstract. Matching folds case and
// accents the way the Reader's search does (paperwidgets/widgets/paper_list.py, fold():
// "tulu" finds "TÜLU"), and a term must begin a word ("random" marks "randomised", "ai" not
// "said"). The record's text stays text: text nodes and <mark> elements, never HTML.

// the combining marks NFKD splits off accented letters (Ü -> U + ¨): Unicode's category M
const COMBINING = /\p{M}/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Text as matching compares it: lower case, accents dropped.
 * @param {string} text
 */
export function fold(text) {
  return text.normalize("NFKD").replace(COMBINING, "").toLowerCase();
}

/**
 * The folded text, and for each of its code units the [start, end) of the character of
 * `text` it came from (folding changes lengths: "ﬁ" is "fi", "É" is "e").
 * @param {string} text
 */
function folded(text) {
  let out = "";
  /** @type {number[]} */ const from = [];
  /** @type {number[]} */ const to = [];
  let at = 0;
  for (const char of text) {
    const piece = fold(char);
    out += piece;
    for (let i = 0; i < piece.length; i++) (from.push(at), to.push(at + char.length));
    at += char.length;
  }
  return { out, from, to };
}

/**
 * Where the terms occur in `text`: [start, end) ranges, in order, none overlapping (at one
 * place the longer term wins).
 * @param {string} text
 * @param {string[]} terms
 * @returns {[number, number][]}
 */
export function termRanges(text, terms) {
  const { out, from, to } = folded(text);
  /** @type {[number, number][]} */
  const found = [];
  for (const term of new Set(terms.map((t) => fold(t.trim())).filter(Boolean))) {
    for (let i = out.indexOf(term); i >= 0; i = out.indexOf(term, i + 1)) {
      if (i === 0 || !WORD_CHAR.test(out[i - 1])) found.push([from[i], to[i + term.length - 1]]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  /** @type {[number, number][]} */
  const kept = [];
  for (const range of found) if (!kept.length || range[0] >= kept[kept.length - 1][1]) kept.push(range);
  return kept;
}

/**
 * `text` as nodes: text nodes, with each term's occurrence in a <mark> (its text as text).
 * @param {Document} doc
 * @param {string} text
 * @param {string[]} terms
 * @returns {Node[]}
 */
export function markedNodes(doc, text, terms) {
  /** @type {Node[]} */
  const nodes = [];
  let pos = 0;
  for (const [start, end] of termRanges(text, terms)) {
    if (start > pos) nodes.push(doc.createTextNode(text.slice(pos, start)));
    const mark = doc.createElement("mark");
    mark.className = "pw-mark pw-screen-term";
    mark.textContent = text.slice(start, end);
    nodes.push(mark);
    pos = end;
  }
  if (pos < text.length) nodes.push(doc.createTextNode(text.slice(pos)));
  return nodes;
}
