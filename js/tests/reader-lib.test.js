import { describe, expect, it, vi } from "vitest";
import { selectorFor, locate, segments } from "../src/lib/highlight.js";
import { keyAction } from "../src/lib/keys.js";
import { PAGE_SIZE, rangeText, step, withPage } from "../src/lib/paging.js";
import { commands } from "../src/lib/commands.js";
import { debounce } from "../src/lib/debounce.js";
import { fakeExperimental, fakeModel } from "./fake-comm.js";

const key = (k, tagName = "DIV", extra = {}) => ({ key: k, target: { tagName }, ...extra });

describe("keyAction", () => {
  it("maps the Reader keys", () => {
    expect(keyAction(key("j"))).toEqual({ type: "move", step: 1 });
    expect(keyAction(key("k"))).toEqual({ type: "move", step: -1 });
    expect(keyAction(key("/"))).toEqual({ type: "search" });
    expect(keyAction(key("4"))).toEqual({ type: "rate", value: 4 });
    expect(keyAction(key("e"))).toEqual({ type: "edit" });
    expect(keyAction(key("Escape"))).toEqual({ type: "leave" });
  });
  it("lets typing in fields and other keys through", () => {
    expect(keyAction(key("j", "TEXTAREA"))).toBeNull();
    expect(keyAction(key("4", "INPUT"))).toBeNull();
    expect(keyAction(key("Escape", "INPUT"))).toEqual({ type: "leave" });
    expect(keyAction(key("6"))).toBeNull();
    expect(keyAction(key("j", "DIV", { ctrlKey: true }))).toBeNull();
  });
});

describe("paging", () => {
  const page = (offset, n, total) => ({
    offset,
    total,
    rows: Array.from({ length: n }, (_, i) => ({ id: `p${offset + i}` })),
  });
  it("keeps the current paper selected on a new page", () => {
    expect(withPage(page(0, 50, 120), "p7").index).toBe(7);
    expect(withPage(page(50, 50, 120), "p7").index).toBe(-1);
  });
  it("steps inside a page, across pages, and stops at the ends", () => {
    const first = withPage(page(0, PAGE_SIZE, 120), "p0");
    expect(step(first, 1)).toEqual({ index: 1 });
    expect(step(first, -1)).toBeNull();
    const last = { ...first, index: PAGE_SIZE - 1 };
    expect(step(last, 1)).toEqual({ offset: PAGE_SIZE, pick: "first" });
    const second = withPage(page(50, 50, 120), "p50");
    expect(step(second, -1)).toEqual({ offset: 0, pick: "last" });
    const tail = { ...withPage(page(100, 20, 120), "p119") };
    expect(step(tail, 1)).toBeNull();
  });
  it("describes the range", () => {
    expect(rangeText(page(50, 50, 2228))).toBe("51–100 of 2,228");
    expect(rangeText(page(0, 0, 0))).toBe("no papers");
  });
});

describe("highlights", () => {
  const text = "We study cats. Cats are great. We study dogs.";
  it("finds a highlight by its offsets, or by quote and context when text moved", () => {
    const hl = selectorFor(text, 15, 29);
    expect(hl.quote).toBe("Cats are great");
    expect(locate(text, hl)).toEqual([15, 29]);
    const moved = `Abstract. ${text}`;
    expect(locate(moved, hl)).toEqual([25, 39]);
    const repeated = selectorFor(text, 30, 38); // "We study" (the second one)
    expect(locate(`X ${text}`, repeated)).toEqual([32, 40]);
    expect(locate("nothing here", hl)).toBeNull();
  });
  it("splits text into plain and highlighted runs", () => {
    const runs = segments(text, [selectorFor(text, 15, 29), selectorFor(text, 0, 2)]);
    expect(runs.map((r) => r.text).join("")).toBe(text);
    expect(runs.filter((r) => r.highlight >= 0).map((r) => r.text)).toEqual(["We", "Cats are great"]);
  });
});

describe("commands (anywidget's experimental.invoke)", () => {
  const caller = (respond) => {
    const kernel = fakeModel({}, respond);
    return { kernel, call: commands(fakeExperimental(kernel.model)) };
  };
  it("resolves with the kernel's answer and unsubscribes", async () => {
    const { kernel, call } = caller((name, msg) => ({ echo: msg.x, name }));
    await expect(call("page", { x: 1 })).resolves.toEqual({ echo: 1, name: "page" });
    expect(kernel.sent).toMatchObject([{ kind: "anywidget-command", name: "page", msg: { x: 1 } }]);
    expect(kernel.listeners("msg:custom")).toBe(0);
  });
  it("rejects with the kernel's error", async () => {
    const { call } = caller(() => ({ error: "rating must be 1–5" }));
    await expect(call("save", {})).rejects.toThrow("rating must be 1–5");
  });
  it("gives up after its own timeout, not anywidget's 3 s, and says which command", async () => {
    const { kernel, call } = caller(() => null); // the kernel never answers
    await expect(call("open_map", {}, { timeout: 30 })).rejects.toThrow("open_map: no answer from the kernel in 0.03 s");
    expect(kernel.listeners("msg:custom")).toBe(0);
  });
  it("does not mix up answers to calls in flight", async () => {
    const { call } = caller((name, msg) => ({ n: msg.n }));
    const answers = await Promise.all([1, 2, 3].map((n) => call("page", { n })));
    expect(answers.map((a) => a.n)).toEqual([1, 2, 3]);
  });
});

describe("debounce", () => {
  it("runs once after a pause, and flush runs a pending call at once", () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d("a");
    d("ab");
    vi.advanceTimersByTime(299);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledWith("ab");
    d("abc");
    d.flush();
    expect(fn).toHaveBeenLastCalledWith("abc");
    expect(d.pending()).toBe(false);
    vi.useRealTimers();
  });
});
