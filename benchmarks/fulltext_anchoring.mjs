// Re-anchoring the fixture paper's HTML from v1 to v2 with the view's own code (anchor.js,
// the sanitiser, the text map) under Node + jsdom: one highlight per paragraph (its second
// sentence), made in v1, found in v2. Prints JSON; benchmarks/fulltext.py reads it.
// Run: node benchmarks/fulltext_anchoring.mjs (from the repository's root)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const { JSDOM } = createRequire(new URL("../js/package.json", import.meta.url))("jsdom");
const { window } = new JSDOM("");
globalThis.window = window; globalThis.document = window.document;
const { anchorAll, describe } = await import("../js/src/fulltext/anchor.js");
const { safeFragment } = await import("../js/src/fulltext/html.js");
const { textMap } = await import("../js/src/fulltext/textmap.js");
const text = (name) => {
  const box = document.createElement("div");
  box.append(safeFragment(readFileSync(new URL(`../tests/fixtures/fulltext/${name}`, import.meta.url), "utf8"), new Map(), window));
  return textMap(box).text;
};
const v1 = text("paper-v1.html"), v2 = text("paper-v2.html");
const hls = [...v1.matchAll(/[^\n]{400,}/g)].map((m) => {
  const from = m[0].indexOf(". ") + 2, to = m[0].indexOf(". ", from) + 1;
  return to > from ? describe(v1, m.index + from, m.index + to) : describe(v1, m.index, m.index + 120);
});
const t0 = performance.now();
const found = anchorAll(v2, hls);
const ms = performance.now() - t0;
const how = {};
for (const f of found) how[f.anchor ? f.anchor.how : "orphan"] = (how[f.anchor ? f.anchor.how : "orphan"] || 0) + 1;
console.log(JSON.stringify({ highlights: hls.length, how, ms, chars: v2.length }));
