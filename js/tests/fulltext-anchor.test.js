// Anchoring full-text highlights (src/fulltext/anchor.js), and the re-anchoring of one
// highlight per paragraph of the fixture paper's arXiv-like HTML from v1 to v2 (its text as
// the view reads it: sanitised, then walked by the text map).
// @vitest-environment jsdom
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe as group, expect, it } from "vitest";
import { anchor, anchorAll, describe, fuzzyMatches, squeeze } from "../src/fulltext/anchor.js";
import { safeFragment } from "../src/fulltext/html.js";
import { textMap } from "../src/fulltext/textmap.js";

const FIXTURES = join(process.cwd(), "..", "tests", "fixtures", "fulltext");
const text = "Alpha beta gamma. Delta epsilon zeta eta theta. Iota kappa lambda mu.";

group("anchor", () => {
  it("describes a selection with context and offsets", () => {
    const sel = describe(text, 18, 47);
    expect(sel).toMatchObject({ quote: "Delta epsilon zeta eta theta.", start: 18, end: 47 });
    expect(sel.prefix.endsWith("gamma. ")).toBe(true);
    expect(sel.suffix.startsWith(" Iota")).toBe(true);
  });
  it("keeps the position when the text there is still the quote", () => {
    expect(anchor(text, describe(text, 18, 47))).toEqual({ start: 18, end: 47, how: "position" });
  });
  it("finds the quote elsewhere when text was inserted before it", () => {
    const sel = describe(text, 18, 47);
    const moved = "A new first sentence. " + text;
    const found = anchor(moved, sel);
    expect(found.how).toBe("quote");
    expect(moved.slice(found.start, found.end)).toBe(sel.quote);
  });
  it("picks the occurrence whose context matches when the quote repeats", () => {
    const twice = "one beta two. x beta y. one beta two.";
    const sel = describe(twice, 16, 20); // the middle "beta", between "x " and " y"
    const shifted = "zz " + twice;
    expect(anchor(shifted, sel).start).toBe(19);
  });
  it("ignores how whitespace and line breaks fall", () => {
    const sel = describe(text, 18, 47);
    const rewrapped = text.replace("zeta eta", "zeta\n  eta");
    const found = anchor("x" + rewrapped, sel);
    expect(found.how).toBe("quote");
    expect(squeeze("x" + rewrapped).text.includes("Delta epsilon zeta eta theta.")).toBe(true);
    expect(("x" + rewrapped).slice(found.start, found.end)).toBe("Delta epsilon zeta\n  eta theta.");
  });
  it("matches an edited quote approximately", () => {
    const sel = describe(text, 18, 47);
    const edited = text.replace("epsilon", "epsilons");
    const found = anchor(edited, sel);
    expect(found.how).toBe("fuzzy");
    expect(edited.slice(found.start, found.end)).toBe("Delta epsilons zeta eta theta.");
  });
  it("orphans a quote that is gone, and a short one that changed", () => {
    expect(anchor("Nothing like it here at all, no.", describe(text, 18, 47))).toBeNull();
    expect(anchor("Alpha betta", { quote: "beta" })).toBeNull();
  });
  it("keeps orphans in the list, in order", () => {
    const result = anchorAll(text, [{ quote: "gone entirely from the text" }, { quote: "Iota" }]);
    expect(result.map((r) => r.anchor && r.anchor.how)).toEqual([null, "quote"]);
  });
  it("finds the best approximate matches within the error budget", () => {
    expect(fuzzyMatches("xx abcdef yy", "abcxef", 1)).toEqual([[3, 9, 1]]);
    expect(fuzzyMatches("xx abcdef yy", "zzzzzz", 1)).toEqual([]);
  });
});

/** The text of a fixture page as the view has it. */
function pageText(name) {
  const html = readFileSync(join(FIXTURES, name), "utf8");
  const box = document.createElement("div");
  box.append(safeFragment(html, new Map(), window));
  return textMap(box).text;
}

/** One highlight per paragraph: its second sentence (or its start when it has one). */
function paragraphHighlights(v1) {
  const out = [];
  for (const match of v1.matchAll(/[^\n]{400,}/g)) {
    const para = match[0];
    const from = para.indexOf(". ") + 2;
    const to = para.indexOf(". ", from) + 1;
    const start = match.index + (to > from ? from : 0);
    out.push(describe(v1, start, match.index + (to > from ? to : Math.min(para.length, 120))));
  }
  return out;
}

group("re-anchoring the fixture paper from v1 to v2", () => {
  const v1 = pageText("paper-v1.html");
  const v2 = pageText("paper-v2.html");
  const highlights = paragraphHighlights(v1);
  const found = anchorAll(v2, highlights);

  it("finds each in v1 where it was made", () => {
    expect(highlights.length).toBe(63);
    for (const hl of highlights) expect(anchor(v1, hl).how).toBe("position");
  });
  it("re-anchors all but the highlights whose text v2 removed", () => {
    const orphans = found.filter((r) => !r.anchor).map((r) => r.highlight.quote);
    expect(orphans.length).toBe(2); // the dropped paragraph's, and the removed sentence
    const rate = (found.length - orphans.length) / found.length;
    expect(rate).toBeGreaterThan(0.95);
  });
  it("anchors each found highlight on its own words", () => {
    for (const { highlight, anchor: at } of found.filter((r) => r.anchor)) {
      const there = squeeze(v2.slice(at.start, at.end)).text;
      if (at.how === "fuzzy") expect(there.length).toBeGreaterThan(highlight.quote.length * 0.7);
      else expect(there).toBe(squeeze(highlight.quote).text);
    }
    expect(new Set(found.map((r) => r.anchor && r.anchor.how))).toEqual(new Set(["position", "quote", "fuzzy", null]));
  });
});
