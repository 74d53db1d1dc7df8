// @vitest-environment jsdom
// The full-text view against a fake kernel (fake-comm.js): the text arrives as binary buffers,
// hostile HTML is made inert, a selection becomes a highlight with W3C selectors, category and
// source, keys do what the README says, and what cannot be shown is said in the pane.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fullTextKey } from "../src/fulltext/keys.js";
import { safeFragment } from "../src/fulltext/html.js";
import { nodesIn, rangeOffsets, textMap, unwrap, wrap } from "../src/fulltext/textmap.js";
import { mountFullText } from "../src/fulltext/view.js";
import { commands } from "../src/lib/commands.js";
import { WithBuffers, fakeExperimental, fakeModel } from "./fake-comm.js";

const FIXTURES = join(process.cwd(), "..", "tests", "fixtures", "fulltext");
const settle = () => new Promise((r) => setTimeout(r, 0));
window.Element.prototype.scrollIntoView = () => {}; // jsdom has no layout
const CATEGORIES = [
  { name: "key idea", key: "1", color: "#f2c230" },
  { name: "method", key: "2", color: "#58a6e8" },
];
let cleanups = [];
afterEach(() => {
  cleanups.forEach((f) => f());
  cleanups = [];
  document.body.replaceChildren();
});

function box(html) {
  const el = document.createElement("div");
  el.innerHTML = html;
  document.body.append(el);
  return el;
}

describe("the text map", () => {
  it("reads blocks and line breaks as newlines and maps a selection to offsets", () => {
    const el = box("<p>Alpha <b>beta</b></p><p>gamma<br>delta</p>");
    const map = textMap(el);
    expect(map.text).toBe("Alpha beta\ngamma\ndelta");
    const range = document.createRange();
    range.setStart(el.querySelector("b").firstChild, 1);
    range.setEnd(el.querySelectorAll("p")[1].lastChild, 3);
    expect(rangeOffsets(map, range)).toEqual([7, 20]);
    expect(map.text.slice(7, 20)).toBe("eta\ngamma\ndel");
  });
  it("wraps a span of text in marks and unwraps it again", () => {
    const el = box("<p>Alpha <b>beta</b> gamma</p>");
    const map = textMap(el);
    const marks = wrap(map, 3, 13, () => document.createElement("mark"));
    expect(marks.map((m) => m.textContent)).toEqual(["ha ", "beta", " ga"]);
    expect(nodesIn(map, 3, 13).map((n) => n.node.nodeValue)).toEqual(["ha ", "beta", " ga"]);
    expect(textMap(el).text).toBe("Alpha beta gamma");
    unwrap(marks);
    expect(el.innerHTML).toBe("<p>Alpha <b>beta</b> gamma</p>");
  });
});

describe("arXiv HTML made safe", () => {
  it("keeps the text and math, drops script, forms, frames, styles and remote loads", () => {
    const html = readFileSync(join(FIXTURES, "hostile.html"), "utf8");
    const el = box("");
    el.append(safeFragment(html, new Map([["x", "blob:kernel-image"]]), window));
    expect(el.textContent).toContain("This paragraph is safe text to highlight");
    for (const tag of ["script", "style", "link", "meta", "base", "form", "input", "button", "iframe", "object", "embed", "svg", "video", "audio"]) {
      expect(el.querySelector(tag), tag).toBeNull();
    }
    const attrs = [...el.querySelectorAll("*")].flatMap((n) => [...n.attributes].map((a) => `${a.name}=${a.value}`));
    expect(attrs.filter((a) => /^on|^style=|^srcset|^action|^formaction|javascript:|evil\.invalid\/(?!page)/.test(a))).toEqual([]);
    expect([...el.querySelectorAll("img")].map((i) => i.getAttribute("src"))).toEqual(["blob:kernel-image"]);
    expect(el.querySelectorAll(".pw-ft-noimage").length).toBe(2);
    const link = el.querySelector("a[href]");
    expect([link.getAttribute("href"), link.getAttribute("rel")]).toEqual(["http://evil.invalid/page", "noopener noreferrer"]);
  });
});

describe("the keys", () => {
  const key = (k, extra = {}) => fullTextKey({ key: k, target: document.body, ...extra }, CATEGORIES);
  it("map to actions, and leave typing alone", () => {
    expect(key("PageDown")).toEqual({ type: "scroll", pages: 1 });
    expect(key(" ", { shiftKey: true })).toEqual({ type: "scroll", pages: -1 });
    expect(key("n")).toEqual({ type: "step", by: 1 });
    expect(key("h")).toEqual({ type: "highlight", category: null });
    expect(key("2")).toEqual({ type: "highlight", category: "method" });
    expect(key("Escape")).toEqual({ type: "back" });
    expect(key("h", { target: document.createElement("input") })).toBeNull();
    expect(key("Escape", { target: document.createElement("input") })).toEqual({ type: "leave" });
    expect(key("h", { ctrlKey: true })).toBeNull();
  });
});

function mountHtml(state, html) {
  const bytes = new TextEncoder().encode(html);
  const { model, sent, emit } = fakeModel(state, (name, msg) => {
    if (name === "text") return new WithBuffers(state.document, [new DataView(bytes.buffer)]);
    if (name === "save") {
      state.annotation = { highlights: [...(state.annotation.highlights || []), ...(msg.ops.add_highlights || [])] };
      queueMicrotask(() => emit("change:annotation"));
      return { annotation: state.annotation };
    }
    return {};
  });
  const el = document.createElement("div");
  document.body.append(el);
  cleanups.push(mountFullText(model, el, commands(fakeExperimental(model))));
  return { el, sent, model };
}

describe("the view", () => {
  const doc = { kind: "html", label: "paper-v1.html", source: "paper-v1.html", images: [] };
  const base = () => ({ paper: { id: "arxiv:1", title: "T" }, status: "ready", message: "", document: doc, categories: CATEGORIES, annotation: {}, reading: {} });

  it("turns a selection and a category key into a highlight with W3C selectors", async () => {
    const { el, sent } = mountHtml(base(), "<p>First sentence here.</p><p>The second sentence is the one.</p>");
    for (let i = 0; i < 5; i++) await settle();
    const p = el.querySelectorAll(".pw-ft-html p")[1];
    const range = document.createRange();
    range.setStart(p.firstChild, 4);
    range.setEnd(p.firstChild, 19);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    el.querySelector(".pw-ft").dispatchEvent(new KeyboardEvent("keydown", { key: "2", bubbles: true }));
    for (let i = 0; i < 5; i++) await settle();
    const saved = sent.find((m) => m.name === "save").msg.ops.add_highlights[0];
    expect(saved).toMatchObject({ quote: "second sentence", category: "method", source: "paper-v1.html", start: 25, end: 40 });
    expect(saved.prefix.endsWith("here.\nThe ")).toBe(true);
    expect(saved.page).toBeUndefined();
    expect([...el.querySelectorAll("mark.pw-ft-mark")].map((m) => m.textContent)).toEqual(["second sentence"]);
    expect(el.querySelector(".pw-ft-item .pw-ft-where").textContent).toBe("method");
  });

  it("Enter in a comment gives the keys back to the text, never to the page's body", async () => {
    const state = { ...base(), annotation: { highlights: [{ quote: "second sentence", source: "paper-v1.html", category: "method", start: 25, end: 40 }] } };
    const { el } = mountHtml(state, "<p>First sentence here.</p><p>The second sentence is the one.</p>");
    for (let i = 0; i < 5; i++) await settle();
    const comment = el.querySelector(".pw-ft-item .pw-ft-comment");
    comment.focus();
    comment.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(document.activeElement).toBe(el.querySelector(".pw-ft")); // e, n/p, Esc work at once
  });

  it("writes the place when the view goes before the pause, and nothing while hidden", async () => {
    const { el, sent } = mountHtml(base(), "<p>Some text.</p>");
    for (let i = 0; i < 5; i++) await settle();
    const pane = el.querySelector(".pw-ft-pane");
    Object.defineProperty(pane, "clientHeight", { configurable: true, value: 400 });
    Object.defineProperty(pane, "scrollHeight", { configurable: true, value: 1400 });
    pane.scrollTop = 500;
    pane.dispatchEvent(new Event("scroll"));
    Object.defineProperty(pane, "clientHeight", { configurable: true, value: 0 });
    pane.scrollTop = 0;
    pane.dispatchEvent(new Event("scroll")); // hidden (display: none) meanwhile: not a place
    expect(sent.filter((m) => m.name === "remember")).toHaveLength(0); // within the pause
    cleanups.pop()(); // the view goes (Esc back to the Reader's card)
    const kept = sent.filter((m) => m.name === "remember").map((m) => m.msg);
    expect(kept).toEqual([{ page: undefined, scroll: 0.5, source: "paper-v1.html" }]);
  });

  it("lists a highlight it cannot find as orphaned, with its quote", async () => {
    const state = { ...base(), annotation: { highlights: [{ quote: "a sentence from another version entirely", source: "v0", category: "key idea" }, { quote: "abstract only" }] } };
    const { el } = mountHtml(state, "<p>Nothing of it is here.</p>");
    for (let i = 0; i < 5; i++) await settle();
    const items = el.querySelectorAll(".pw-ft-item");
    expect(items.length).toBe(1); // the abstract's highlight (no source) is not the full text's
    expect(items[0].classList.contains("pw-ft-orphan")).toBe(true);
    expect(items[0].textContent).toContain("a sentence from another version entirely");
    expect(el.querySelector(".pw-ft").dataset.orphans).toBe("1");
  });

  it("says in the pane why the text cannot be shown", async () => {
    const state = { ...base(), status: "error", message: "http://x/pdf/1: HTTP 404 Not Found", document: {} };
    const { el } = mountHtml(state, "");
    await settle();
    expect(el.querySelector(".pw-ft-message").textContent).toBe("http://x/pdf/1: HTTP 404 Not Found");
    expect(el.querySelector(".pw-ft").dataset.status).toBe("error");
  });
});

describe("the shared notebook's notes", () => {
  it("show a full-text highlight's page and category with its quote, as text", async () => {
    const { noteItem } = await import("../src/lib/notes-core.js");
    const { renderNoteCard } = await import("../src/shared-views.js");
    const item = noteItem({
      paper: { id: "arxiv:1", title: "T" },
      highlights: [
        { quote: "a <b>result</b>", page: 3, category: "result", source: "https://arxiv.org/pdf/1v1", comment: "cite" },
        { quote: "in the abstract", page: 0, category: { toString: "x" } },
      ],
    });
    const card = renderNoteCard(item, window);
    expect([...card.querySelectorAll(".pw-static-place")].map((n) => n.textContent)).toEqual(["p. 3 · result"]);
    expect(card.querySelector(".pw-static-quote").textContent).toBe("a <b>result</b>");
    expect(card.querySelector("b")).toBeNull();
  });
});
