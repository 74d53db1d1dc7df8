// @vitest-environment jsdom
// The Reader as a daily tool (issue 26), browser half: the one key map, background commands
// (newest answer only), the kernel's lifecycle, focus kept inside, a halted save queue.
import { describe, expect, it } from "vitest";
import { backgroundCommands } from "../src/lib/commands.js";
import { keepFocus } from "../src/lib/focus.js";
import { KERNEL_EVENT, kernelWatch } from "../src/lib/kernel.js";
import { KEYMAP, keyAction } from "../src/lib/keys.js";
import { saveQueue } from "../src/lib/save-queue.js";
import { renderStaticNeighbours } from "../src/shared-views.js";
import { fakeModel } from "./fake-comm.js";
import { payloads } from "./payloads.js";

const key = (k, tagName = "DIV") => ({ key: k, target: { tagName } });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("the key map", () => {
  it("has a key for each status, tags, note, highlight, open, select, undo and help", () => {
    const types = Object.fromEntries(["r", "d", "s", "n", "t", "e", "h", "o", "x", "u", "?"].map((k) => [k, keyAction(key(k))]));
    expect(types.r).toEqual({ type: "status", value: "reading" });
    expect(types.d).toEqual({ type: "status", value: "read" });
    expect(types.s).toEqual({ type: "status", value: "skipped" });
    expect(types.n).toEqual({ type: "status", value: "unread" });
    expect(Object.values(types).map((a) => a.type).slice(4)).toEqual(["tags", "edit", "highlight", "open", "select", "undo", "help"]);
  });
  it("leaves c and the digits other than 1–5 free, and every key once", () => {
    for (const k of ["c", "0", "6", "7", "8", "9"]) expect(keyAction(key(k))).toBeNull();
    const keys = KEYMAP.flatMap((entry) => entry.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(KEYMAP.every((entry) => entry.help)).toBe(true);
  });
  it("types in fields (a status key in the note is a letter)", () => {
    expect(keyAction(key("r", "TEXTAREA"))).toBeNull();
    expect(keyAction(key("?", "INPUT"))).toBeNull();
  });
});

describe("background commands", () => {
  it("send a pw-background message and resolve with the answer of the same id", async () => {
    const kernel = fakeModel({}, (name, msg) => ({ rows: [msg.query] }));
    const call = backgroundCommands(kernel.model);
    await expect(call("page", { query: "tulu" })).resolves.toEqual({ rows: ["tulu"] });
    expect(kernel.sent[0]).toMatchObject({ kind: "pw-background", name: "page" });
    expect(kernel.listeners("msg:custom")).toBe(0);
  });
  it("reject on the kernel's error, when it cannot send, and after the timeout", async () => {
    const failing = backgroundCommands(fakeModel({}, () => ({ error: "bad filter" })).model);
    await expect(failing("page")).rejects.toThrow("bad filter");
    const gone = fakeModel({}, () => null);
    gone.model.send = () => {
      throw new Error("Cannot send");
    };
    await expect(backgroundCommands(gone.model)("page")).rejects.toThrow("Cannot send");
    const silent = backgroundCommands(fakeModel({}, () => null).model);
    await expect(silent("page", {}, { timeout: 20 })).rejects.toThrow("page: no answer from the kernel in 0.02 s");
  });
});

describe("the kernel's lifecycle", () => {
  it("says the kernel restarted on ipywidgets' disconnect, once", () => {
    const kernel = fakeModel({}, () => null);
    const el = document.createElement("div");
    const said = [];
    const watch = kernelWatch(kernel.model, el, (message) => said.push(message));
    expect(watch.gone()).toBe(false);
    kernel.emit("comm_live_update");
    el.dispatchEvent(new CustomEvent(KERNEL_EVENT, { detail: { state: "stopped" } }));
    expect(said).toEqual(["The kernel restarted — run this cell again to go on. Edits made here are not saved."]);
    expect(watch.gone()).toBe(true);
    watch.destroy();
    expect(kernel.listeners("comm_live_update")).toBe(0);
  });
  it("says the kernel stopped on the extension's signal", () => {
    const el = document.createElement("div");
    const said = [];
    kernelWatch(fakeModel({}, () => null).model, el, (message, why) => said.push(why));
    el.dispatchEvent(new CustomEvent(KERNEL_EVENT, { detail: { state: "stopped" } }));
    expect(said).toEqual(["stopped"]);
  });
  it("a halted save queue sends nothing more and never says saved", async () => {
    const states = [];
    const sent = [];
    const q = saveQueue(async (id, change) => sent.push(change), (state) => states.push(state), { retryMs: 5 });
    q.halt();
    q.push("p1", { rating: 2 }, {}, "rating");
    await tick(20);
    expect(sent).toEqual([]);
    expect(states).not.toContain("saved");
    expect(q.waiting()).toBe(true);
  });
});

describe("focus", () => {
  it("goes back to the widget when the focused control is removed, not when you leave", async () => {
    const root = document.createElement("div");
    root.tabIndex = 0;
    const button = document.createElement("button");
    const other = document.createElement("button");
    root.append(button, other);
    document.body.append(root);
    const stop = keepFocus(root);
    button.focus();
    button.remove(); // a neighbour list redrawn after a click
    await tick(30);
    expect(document.activeElement).toBe(root);
    other.focus();
    other.blur(); // a click elsewhere on the page: the widget does not take the focus back
    await tick(30);
    expect(document.activeElement).toBe(document.body);
    stop();
    root.remove();
  });
});

describe("the Neighbours widget without a kernel", () => {
  it("lists the paper's neighbours as text, every payload kept as text", () => {
    const items = payloads.map((p, i) => ({ id: `x${i}`, title: p, score: 0.5, why: [p] }));
    const root = renderStaticNeighbours({ title: payloads[0], items: [...items, { title: 7, score: "nope", why: "x" }] });
    const titles = [...root.querySelectorAll(".pw-neighbour-title")].map((b) => b.textContent);
    expect(titles).toEqual([...payloads, "7"]);
    expect(root.querySelector(".pw-static-caption").textContent).toBe(`Papers most like: ${payloads[0]}`);
    for (const tag of ["script", "img", "svg", "iframe", "style"]) expect(root.querySelector(tag)).toBeNull();
    expect([...root.querySelectorAll("button")].every((b) => b.disabled)).toBe(true);
  });
});

describe("the Reader view", async () => {
  const { default: reader } = await import("../src/reader.js");
  window.Element.prototype.scrollIntoView = () => {}; // jsdom has no layout

  function fakeReader() {
    const state = {
      current_id: "p0",
      current: { id: "p0", title: "Paper 0", abstract: "" },
      annotating: true,
      annotation: {},
      tags_in_use: [],
      progress: { annotated: 0, total: 3 },
      neighbours: [],
      recommended: [],
      view_state: {},
    };
    const rows = (ids) => ({ rows: ids.map((id) => ({ id, title: `Paper ${id.slice(1)}` })), offset: 0, total: ids.length, current_at: 0 });
    const kernel = fakeModel(state, (name, msg) => {
      if (name === "page") return msg.query ? rows(["p2", "p1"]) : rows(["p0", "p1", "p2"]);
      if (name === "save") return { annotation: { paper_id: msg.paper_id, ...msg.fields } };
      return {};
    });
    kernel.model.set = (k, v) => {
      state[k] = v;
      if (k === "current_id") state.current = { id: v, title: `Paper ${v.slice(1)}`, abstract: "" };
      queueMicrotask(() => kernel.emit("change:current"));
    };
    const el = document.createElement("div");
    document.body.append(el);
    reader.render({ model: kernel.model, el, experimental: { invoke: async () => [{}, []] } });
    return { state, kernel, el, root: el.querySelector(".pw-reader") };
  }
  const press = (target, key) => target.dispatchEvent(new window.KeyboardEvent("keydown", { key, bubbles: true }));

  it("opens the top hit on Enter, with the focus back on the Reader", async () => {
    const { state, el, root } = fakeReader();
    await tick(10);
    const box = el.querySelector(".pw-search");
    box.value = "tulu";
    box.dispatchEvent(new window.Event("input", { bubbles: true }));
    press(box, "Enter");
    await tick(50);
    expect(state.current_id).toBe("p2");
    expect(document.activeElement).toBe(root);
    el.remove();
  });

  it("after a restart, says so and sends no edit", async () => {
    const { kernel, el, root } = fakeReader();
    await tick(10);
    kernel.emit("comm_live_update");
    expect(root.querySelector(".pw-kernel-gone").textContent).toContain("The kernel restarted");
    const before = kernel.sent.length;
    press(root, "2");
    await tick(10);
    expect(kernel.sent.slice(before).filter((m) => m.name === "save")).toEqual([]);
    expect(root.querySelector(".pw-body").inert).toBe(true);
    el.remove();
  });
});
