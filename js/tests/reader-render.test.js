// @vitest-environment jsdom
// The Reader renders against a fake kernel: one page of rows per `page` command (through
// anywidget's invoke protocol, fake-comm.js), j/k and keys.
import { describe, expect, it } from "vitest";
import reader from "../src/reader.js";
import { fakeExperimental, fakeModel } from "./fake-comm.js";

function fakeKernel(total = 120) {
  const state = {
    current_id: "p0",
    current: { id: "p0", title: "Paper 0", abstract: "An abstract." },
    annotating: true,
    annotation: {},
    tags_in_use: ["rl"],
    progress: { annotated: 0, total },
    neighbours: [{ id: "p3", title: "Paper 3", score: 0.5, why: ["cats"] }],
    recommended: [],
    current_position: 0,
  };
  const page = ({ offset = 0, limit = 50 }) => {
    const rows = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) rows.push({ id: `p${i}`, title: `Paper ${i}` });
    return { rows, offset, total };
  };
  const kernel = fakeModel(state, (name, msg) => (name === "page" ? page(msg) : { error: `no command ${name}` }));
  const { model } = kernel;
  model.set = (k, v) => {
    state[k] = v;
    const i = Number(String(v).slice(1));
    state.current = { id: v, title: `Paper ${i}`, abstract: "" };
    queueMicrotask(() => kernel.emit("change:current"));
  };
  return { model, state, kernel, experimental: fakeExperimental(model) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
window.Element.prototype.scrollIntoView = () => {}; // jsdom has no layout

describe("Reader view", () => {
  it("shows the first page, the card, progress and neighbours", async () => {
    const { model, experimental } = fakeKernel();
    const el = document.createElement("div");
    const cleanup = reader.render({ model, el, experimental });
    await tick();
    expect(el.querySelectorAll(".pw-row-item")).toHaveLength(50);
    expect(el.querySelector(".pw-range").textContent).toBe("1–50 of 120");
    expect(el.querySelector(".pw-card .pw-title").textContent).toBe("Paper 0");
    expect(el.querySelector(".pw-progress").textContent).toBe("0 / 120 annotated");
    expect(el.querySelector(".pw-neighbour .pw-why").textContent).toBe("cats");
    expect(el.querySelector(".pw-reader").getAttribute("data-lm-suppress-shortcuts")).toBe("true");
    cleanup();
  });

  it("says why similar papers are missing when the kernel's look-up failed", async () => {
    const { model, state, experimental } = fakeKernel();
    state.neighbours = [];
    const handlers = [];
    const on = model.on;
    model.on = (event, fn) => (handlers.push([event, fn]), on(event, fn));
    const el = document.createElement("div");
    reader.render({ model, el, experimental });
    await tick();
    const panel = () => el.querySelector(".pw-reader").textContent;
    expect(panel()).toContain("Finding similar papers…");
    state.neighbours_error = "Could not find similar papers: no model";
    for (const [event, fn] of handlers) if (event === "change:neighbours_error") fn();
    expect(panel()).toContain("Could not find similar papers: no model");
    expect(panel()).not.toContain("Finding similar papers…");
  });

  it("moves with j and k, and past the end of a page", async () => {
    const { model, state, experimental } = fakeKernel();
    const el = document.createElement("div");
    reader.render({ model, el, experimental });
    await tick();
    const root = el.querySelector(".pw-reader");
    const first = el.querySelector(".pw-row-item");
    root.dispatchEvent(new window.KeyboardEvent("keydown", { key: "j", bubbles: true }));
    expect(state.current_id).toBe("p1");
    await tick();
    // the selection moves on the rows already drawn: a key press does not rebuild the page
    expect(el.querySelector(".pw-row-item")).toBe(first);
    expect(first.getAttribute("aria-selected")).toBe("false");
    expect(el.querySelector('[aria-selected="true"].pw-row-item').dataset.paperId).toBe("p1");
    for (let i = 0; i < 49; i++) root.dispatchEvent(new window.KeyboardEvent("keydown", { key: "j", bubbles: true }));
    await tick();
    await tick();
    expect(state.current_id).toBe("p50");
    expect(el.querySelector(".pw-range").textContent).toBe("51–100 of 120");
  });
});
