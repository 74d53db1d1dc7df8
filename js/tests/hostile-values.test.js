// @vitest-environment jsdom
// Renderers that never fail whole (issue 22): any JSON value in any field of a shared
// notebook's outputs shows as text; one unreadable note is skipped and counted while the
// others show; a 20,000-note mirror draws its first page of cards, not 20,000 cards.
import { describe, expect, it } from "vitest";
import { asText, cardLinks, formatAuthors, formatDate } from "../src/lib/format.js";
import { noteItem } from "../src/lib/notes-core.js";
import { PAGE, renderMapPicture, renderNotes, renderSafely, renderStaticCard } from "../src/shared-views.js";

// Every JSON type, and the objects String() throws on ("Cannot convert object to primitive value")
const HOSTILE = [
  { toString: "x" },
  { valueOf: 1, toString: 1 },
  { __proto__: null },
  ["a", { toString: "x" }],
  [[[[[]]]]],
  3.5,
  -0,
  true,
  null,
  "",
  "<img src=x onerror=alert(1)>",
];
const FIELDS = ["id", "title", "authors", "published", "url", "pdf_url", "abstract", "categories"];

function hostileAnnotations() {
  const annotations = [];
  for (const value of HOSTILE) {
    const paper = Object.fromEntries(FIELDS.map((f) => [f, value]));
    annotations.push({ paper, note: value, tags: value, rating: value, status: value, highlights: value });
    annotations.push({ paper: { id: "ok", title: "fine" }, tags: [value], highlights: [{ quote: value, comment: value }] });
    annotations.push({ paper: value, note: "after it" });
  }
  return JSON.parse(JSON.stringify(annotations)); // exactly what a saved notebook gives back
}

describe("any JSON value", () => {
  it("is text, never a throw", () => {
    for (const value of JSON.parse(JSON.stringify(HOSTILE))) {
      expect(typeof asText(value)).toBe("string");
      expect(() => formatAuthors([value, value])).not.toThrow();
      expect(() => formatDate(value)).not.toThrow();
      expect(() => cardLinks({ id: value, title: value, url: value })).not.toThrow();
      expect(() => noteItem({ paper: { title: value }, note: value })).not.toThrow();
    }
    expect(asText({ toString: "x" })).toBe('{"toString":"x"}');
    const deep = JSON.parse("[".repeat(100000) + "]".repeat(100000));
    expect(asText(deep)).toBe(""); // too deep to write out: shown as nothing
  });

  it("shows every other note next to hostile values in the notes mirror", () => {
    const annotations = hostileAnnotations();
    const root = renderNotes({ notes_file: { toString: "x" }, annotations }, {});
    const cards = root.querySelectorAll(".pw-note-card");
    expect(cards).toHaveLength(annotations.length);
    expect(root.querySelector(".pw-static-count").textContent).toBe(`${annotations.length} notes`);
    expect([...root.querySelectorAll(".pw-note-preview")].map((n) => n.textContent.trim())).toContain("after it");
    expect(root.querySelector("img")).toBeNull();
    expect(root.querySelector(".pw-static-file").textContent).toBe('{"toString":"x"}');
  });

  it("draws a widget's card and the map picture with hostile values", () => {
    for (const value of JSON.parse(JSON.stringify(HOSTILE))) {
      const paper = Object.fromEntries(FIELDS.map((f) => [f, value]));
      const card = renderStaticCard({ paper, caption: value });
      expect(card.querySelector(".pw-card .pw-title").textContent).not.toBe("");
      const map = renderMapPicture({ caption: value, labels: [value, "topic"], width: value }, { "image/png": value });
      expect(map.textContent).toContain("topic");
    }
  });
});

describe("one bad note is skipped and counted", () => {
  it("keeps the others when one annotation cannot be read", () => {
    const bad = {};
    Object.defineProperty(bad, "paper", {
      get() {
        throw new Error("unreadable");
      },
      enumerable: true,
    });
    const data = { annotations: [{ paper: { id: "a", title: "A" } }, bad, { paper: { id: "b", title: "B" } }] };
    const root = renderNotes(data, {});
    expect([...root.querySelectorAll(".pw-note-card")].map((c) => c.dataset.paperId)).toEqual(["a", "b"]);
    expect(root.querySelector(".pw-static-count").textContent).toBe("2 notes (1 could not be shown)");
  });

  it("shows a one-line note instead of an error box when a whole view fails", () => {
    const node = renderSafely(() => {
      throw new Error("no such shape");
    }, {}, {});
    expect(node.textContent).toBe("paperwidgets cannot show this output (no such shape)");
  });
});

describe("a big mirror", () => {
  const annotations = Array.from({ length: 20000 }, (_, i) => ({
    paper: { id: `x:${i}`, title: `Paper ${i}` },
    note: i === 19999 ? "the needle" : `note ${i}`,
  }));

  it("draws one page of cards, then the next when asked", () => {
    const root = renderNotes({ annotations }, {});
    expect(root.querySelectorAll(".pw-note-card")).toHaveLength(PAGE);
    expect(root.querySelector(".pw-static-count").textContent).toBe("20000 notes");
    const more = root.querySelector(".pw-static-more");
    expect(more.textContent).toBe(`Show ${PAGE} more (${20000 - PAGE} not shown yet)`);
    more.click();
    expect(root.querySelectorAll(".pw-note-card")).toHaveLength(2 * PAGE);
    expect(root.querySelectorAll("*").length).toBeLessThan(5000);
  });

  it("filters over every note, drawn or not", () => {
    const root = renderNotes({ annotations }, {});
    const filter = root.querySelector(".pw-static-filter");
    filter.value = "needle";
    filter.dispatchEvent(new Event("input"));
    expect([...root.querySelectorAll(".pw-note-card")].map((c) => c.dataset.paperId)).toEqual(["x:19999"]);
    expect(root.querySelector(".pw-static-count").textContent).toBe("1 of 20000 notes");
    expect(root.querySelector(".pw-static-more").hidden).toBe(true);
  });
});
