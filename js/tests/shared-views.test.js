// @vitest-environment jsdom
// The extension's rendering of what a shared notebook carries: notes mirror, card, map.
import { describe, expect, it } from "vitest";
import { payloads } from "./payloads.js";
import { CARD_MIME, MAP_MIME, NOTES_MIME, countText, matches, noteItem } from "../src/lib/notes-core.js";
import { renderMapPicture, renderNotes, renderStaticCard } from "../src/shared-views.js";

// Lumino (the renderer's base class) expects DragEvent, which jsdom lacks
globalThis.DragEvent ??= class DragEvent extends MouseEvent {};
const { SharedRenderer } = await import("../src/extension/renderer.js");

const LIVE = ["script", "img", "svg", "iframe", "style", "details", "object", "embed", "form"];

const mirror = {
  schema_version: 1,
  notes_file: "paper-notes.ipynb",
  count: 2,
  annotations: [
    {
      paper: { id: "arxiv:2503.16365", title: "JARVIS-VLA", authors: ["A", "B"], url: "https://arxiv.org/abs/2503.16365", published: "2025-03-20" },
      note: "Strong *baseline*",
      tags: ["vla", "minecraft"],
      rating: 4,
      status: "read",
      highlights: [{ quote: "open-world", comment: "compare Voyager" }],
      updated: "2026-01-02T10:00:00+00:00",
    },
    { paper: { id: "title:arena", title: "Arena Learning" }, note: "Read the data section", updated: "2026-01-01T00:00:00+00:00" },
  ],
};

function noLiveContent(root) {
  for (const tag of LIVE) expect(root.querySelector(tag), tag).toBeNull();
  for (const el of root.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      expect(attr.name.startsWith("on"), `${el.tagName} ${attr.name}`).toBe(false);
      if (attr.name === "href") expect(attr.value).toMatch(/^(https?:|mailto:)/);
    }
  }
}

describe("notes mirror view", () => {
  it("shows each note as a read-only card", () => {
    const root = renderNotes(mirror, {});
    const [first, second] = root.querySelectorAll(".pw-note-card");
    expect(first.querySelector(".pw-title a").getAttribute("href")).toBe("https://arxiv.org/abs/2503.16365");
    expect(first.querySelector(".pw-title").textContent).toBe("JARVIS-VLA");
    expect(first.querySelector(".pw-authors").textContent).toBe("A, B");
    expect(first.querySelector(".pw-date").textContent).toBe("2025-03-20");
    expect(first.querySelector(".pw-static-stars").textContent).toBe("★★★★☆");
    expect(first.querySelector(".pw-static-status").textContent).toBe("read");
    expect([...first.querySelectorAll(".pw-tag")].map((t) => t.textContent)).toEqual(["#vla", "#minecraft"]);
    expect(first.querySelector(".pw-note-preview em").textContent).toBe("baseline");
    expect(first.querySelector(".pw-static-quote").textContent).toBe("open-world");
    expect(first.querySelector(".pw-static-comment").textContent).toBe("compare Voyager");
    // no url: the title links to arXiv's title search, like the widget's card
    expect(second.querySelector(".pw-title a").href).toContain("arxiv.org/search/?query=Arena%20Learning");
    expect(root.querySelector(".pw-static-count").textContent).toBe("2 notes");
    expect(root.querySelector(".pw-static-file").textContent).toBe("paper-notes.ipynb");
  });

  it("filters by the words typed in the filter box", () => {
    const root = renderNotes(mirror, {});
    const filter = root.querySelector(".pw-static-filter");
    filter.value = "voyager";
    filter.dispatchEvent(new Event("input"));
    const cards = [...root.querySelectorAll(".pw-note-card")];
    expect(cards.map((c) => c.dataset.paperId)).toEqual(["arxiv:2503.16365"]);
    expect(root.querySelector(".pw-static-count").textContent).toBe("1 of 2 notes");
    filter.value = "";
    filter.dispatchEvent(new Event("input"));
    expect(root.querySelector(".pw-static-count").textContent).toBe("2 notes");
  });

  it("survives junk data without throwing", () => {
    for (const junk of [null, 3, "x", { annotations: "no" }, { annotations: [null, 5, { paper: 7 }] }]) {
      const root = renderNotes(junk, {});
      expect(root.querySelector(".pw-static-count").textContent).toMatch(/notes?$/);
    }
    expect(noteItem({ rating: 9, status: "evil" })).toMatchObject({ rating: 0, status: "unread", stars: "" });
  });

  it("keeps every XSS payload as text in every field", () => {
    const annotations = payloads.map((p, i) => ({
      paper: { id: p, title: p, authors: [p], url: i % 2 ? "javascript:alert(1)" : p, published: p },
      note: p,
      tags: [p],
      status: p,
      highlights: [{ quote: p, comment: p }],
    }));
    const root = renderNotes({ notes_file: payloads[0], annotations }, {});
    noLiveContent(root);
    const titles = [...root.querySelectorAll(".pw-note-card .pw-title")].map((t) => t.textContent);
    expect(titles).toEqual(payloads);
    expect(root.querySelector(".pw-static-file").textContent).toBe(payloads[0]);
    const comments = [...root.querySelectorAll(".pw-static-comment")].map((t) => t.textContent);
    expect(comments).toEqual(payloads);
  });
});

describe("widget card and map picture", () => {
  it("draws the paper card the widget draws, with its caption", () => {
    const root = renderStaticCard({ paper: { id: "x", title: "A title", abstract: "Words." }, caption: "Reader: 1 / 3" });
    expect(root.querySelector(".pw-static-caption").textContent).toBe("Reader: 1 / 3");
    expect(root.querySelector(".pw-card .pw-title").textContent).toBe("A title");
    expect(root.querySelector(".pw-abstract-text").textContent).toBe("Words.");
  });

  it("keeps hostile papers and map labels as text", () => {
    for (const p of payloads) {
      const card = renderStaticCard({ paper: { id: p, title: p, abstract: p, authors: [p], url: p }, caption: p });
      noLiveContent(card);
      expect(card.querySelector(".pw-title").textContent).toBe(p);
      const map = renderMapPicture({ caption: p, labels: [p] }, { "image/png": `${p}"` });
      expect(map.querySelector("img")).toBeNull(); // not base64: no picture at all
      expect(map.querySelector(".pw-static-topic").textContent).toBe(p);
    }
  });

  it("shows the map PNG only as a data: image of the bundle's image/png", () => {
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const root = renderMapPicture({ caption: "Map: 3 papers", labels: ["llm", "vision"], width: 560, height: 360 }, { "image/png": png });
    const img = root.querySelector("img");
    expect(img.getAttribute("src")).toBe(`data:image/png;base64,${png}`);
    expect(img.width).toBe(560);
    expect([...root.querySelectorAll(".pw-static-topic")].map((t) => t.textContent)).toEqual(["llm", "vision"]);
  });
});

describe("the extension's renderer", () => {
  it("marks its node with the mimetype and renders untrusted notes", async () => {
    const renderer = new SharedRenderer({ mimeType: NOTES_MIME });
    await renderer.renderModel({ data: { [NOTES_MIME]: mirror }, trusted: false });
    expect(renderer.node.dataset.mimeType).toBe(NOTES_MIME);
    expect(renderer.node.querySelectorAll(".pw-note-card")).toHaveLength(2);
  });

  it("shows a widget's static card when there is no notebook to find its model in", async () => {
    const renderer = new SharedRenderer({ mimeType: CARD_MIME });
    const data = {
      [CARD_MIME]: { paper: { id: "x", title: "Kept" } },
      "application/vnd.jupyter.widget-view+json": { model_id: "gone", version_major: 2, version_minor: 1 },
    };
    const rendering = renderer.renderModel({ data, trusted: true });
    document.body.append(renderer.node);
    renderer.onAfterAttach({}); // attached outside JupyterLab: no panel, no kernel
    await rendering;
    expect(renderer.node.querySelector(".pw-card .pw-title").textContent).toBe("Kept");
    expect(renderer.node.textContent).not.toContain("Error displaying widget");
    expect(renderer.node.dataset.live).toBeUndefined();
  });

  it("counts notes in words", () => {
    expect(countText(1, 1)).toBe("1 note");
    expect(countText(3, 12)).toBe("3 of 12 notes");
    expect(matches(noteItem(mirror.annotations[0]), "VLA read")).toBe(true);
    expect(MAP_MIME).toMatch(/paperwidgets\.map/);
  });
});
