// @vitest-environment jsdom
// Parts of the Reader: the list after a paper leaves it, rows and neighbour marks, the toolbar.
import { describe, expect, it, vi } from "vitest";
import { PAGE_SIZE, pageOf, step, withPage } from "../src/lib/paging.js";
import { keyAction } from "../src/lib/keys.js";
import { neighbourList } from "../src/neighbour-list.js";
import { rowItem } from "../src/reader/rows.js";
import { toolbar } from "../src/reader/toolbar.js";

const page = (offset, ids, total = 120) => ({ offset, total, rows: ids.map((id) => ({ id })) });

describe("a list the current paper has just left", () => {
  it("goes on from where the paper was: j to the next paper, k to the one before", () => {
    const before = withPage(page(0, ["a", "b", "c", "d"]), "b");
    expect(before.index).toBe(1);
    const after = withPage(page(0, ["a", "c", "d"], 119), "b", before); // b was rated away
    expect(after.index).toBe(-1);
    expect(step(after, 1)).toEqual({ index: 1 }); // c
    expect(step(after, -1)).toEqual({ index: 0 }); // a
  });
  it("forgets where it was on another page, and finds the page of a position", () => {
    const before = withPage(page(0, ["a", "b"]), "b");
    expect(withPage(page(50, ["x", "y"]), "b", before).after).toBe(-1);
    expect(pageOf(0)).toBe(0);
    expect(pageOf(PAGE_SIZE + 3)).toBe(PAGE_SIZE);
  });
});

describe("keys", () => {
  it("[ and ] go back and forward, but not while typing", () => {
    expect(keyAction({ key: "[", target: { tagName: "DIV" } })).toEqual({ type: "history", to: "back" });
    expect(keyAction({ key: "]", target: { tagName: "DIV" } })).toEqual({ type: "history", to: "forward" });
    expect(keyAction({ key: "[", target: { tagName: "INPUT" } })).toBeNull();
  });
});

describe("marks", () => {
  it("rows show relevance, hits in your notes and an annotated mark, as text", () => {
    const li = rowItem({ id: "p", title: "<b>x</b>", relevance: 0.42, in_notes: true, annotated: true, status: "read" }, false, () => {});
    expect(li.querySelector(".pw-row-title").textContent).toBe("<b>x</b>");
    expect(li.querySelector("b")).toBeNull();
    expect(li.querySelector(".pw-relevance .pw-score").textContent).toBe("0.42");
    expect(li.querySelector(".pw-in-notes")).not.toBeNull();
    expect(li.classList.contains("pw-annotated")).toBe(true);
    expect(rowItem({ id: "q", title: "y" }, false, () => {}).querySelector(".pw-relevance, .pw-annotated-mark")).toBeNull();
  });
  it("neighbour lists mark the papers you annotated", () => {
    const list = neighbourList([
      { id: "a", title: "A", score: 0.5, why: ["x"], annotated: true },
      { id: "b", title: "B", score: 0.25, why: ["y"], annotated: false },
    ], () => {});
    const items = list.querySelectorAll(".pw-neighbour");
    expect(items[0].querySelector(".pw-annotated-mark")).not.toBeNull();
    expect(items[1].querySelector(".pw-annotated-mark")).toBeNull();
  });
});

describe("toolbar", () => {
  it("Clear resets the search and every filter, and is off when nothing narrows the list", () => {
    const calls = { onSearch: vi.fn(), onFilter: vi.fn(), onClear: vi.fn(), onHistory: vi.fn(), onView: vi.fn() };
    const bar = toolbar(calls);
    const clear = bar.el.querySelector(".pw-clear");
    expect(clear.disabled).toBe(true);
    bar.search.value = "graph";
    bar.search.dispatchEvent(new window.Event("input"));
    const box = bar.el.querySelector(".pw-filter-new");
    box.checked = true;
    box.dispatchEvent(new window.Event("change"));
    expect(bar.filters()).toMatchObject({ query: "graph", unannotated: true });
    expect(clear.disabled).toBe(false);
    clear.click();
    expect(bar.filters()).toEqual({ query: "", status: "", tag: "", min_rating: null, unannotated: false, disagreements: false, order: "", new_to_me: false });
    expect(calls.onClear).toHaveBeenCalledOnce();
    expect(clear.disabled).toBe(true);
  });
  it("back and forward buttons follow the kernel's history", () => {
    const calls = { onSearch() {}, onFilter() {}, onClear() {}, onHistory: vi.fn(), onView() {} };
    const bar = toolbar(calls);
    bar.setHistory({ back: true, forward: false });
    expect(bar.el.querySelector(".pw-forward").disabled).toBe(true);
    bar.el.querySelector(".pw-back").click();
    expect(calls.onHistory).toHaveBeenCalledWith("back");
  });
});
