// @vitest-environment jsdom
// The Screen widget's record view: the criteria's terms marked (record text stays text), the
// criteria panel, and the note for the next decision (its keys never screen).
import { describe, expect, it, vi } from "vitest";
import { criteriaPanel } from "../src/screening/criteria.js";
import { screenKey } from "../src/screening/keys.js";
import { fold, markedNodes, termRanges } from "../src/screening/marks.js";
import { recordView } from "../src/screening/record.js";

const HOSTILE = '<img src=x onerror=alert(1)> Tülu models';

/** A model with fixed values. */
const modelOf = (values) => ({ get: (name) => values[name] });

describe("terms marked in a record", () => {
  it("fold case and accents, and begin words", () => {
    expect(fold("TÜLU Évaluation")).toBe("tulu evaluation");
    expect(termRanges("TÜLU 3 and tulu", ["tulu"])).toEqual([[0, 4], [11, 15]]);
    expect(termRanges("Randomised; said", ["random", "ai"])).toEqual([[0, 6]]);
    expect(termRanges("language models", ["model", "language model"])).toEqual([[0, 14]]);
    expect(termRanges("no terms", [])).toEqual([]);
    expect(termRanges("ﬁne-tuning", ["fine"])).toEqual([[0, 3]]); // the ligature is one character
  });

  it("keep the record's text as text: an HTML title shows literally, marks wrap the terms", () => {
    const p = document.createElement("p");
    p.append(...markedNodes(document, HOSTILE, ["tulu", "img"]));
    expect(p.querySelector("img")).toBeNull();
    expect(p.textContent).toBe(HOSTILE);
    expect([...p.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["img", "Tülu"]);
    expect(p.innerHTML).toContain("&lt;<mark");
  });
});

describe("the record view", () => {
  const criteria = { inclusion: ["adults"], exclusion: ["wrong design", "not <b>"], keywords: ["tulu"], terms: ["tulu"] };
  const values = { record: { id: "r1", title: HOSTILE, abstract: "About TULU.", note: "" }, criteria };

  it("marks the criteria's terms in the title and the abstract", () => {
    const view = recordView(modelOf(values), () => {});
    view.show(null);
    expect(view.el.querySelector(".pw-screen-title").textContent).toBe(HOSTILE);
    expect(view.el.querySelector(".pw-screen-title img")).toBeNull();
    expect([...view.el.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Tülu", "TULU"]);
  });

  it("shows the criteria panel with the reasons' keys, as text", () => {
    const panel = criteriaPanel(modelOf({ criteria }));
    panel.show();
    expect(panel.el.querySelector(".pw-screen-inclusion").textContent).toBe("adults");
    expect([...panel.el.querySelectorAll(".pw-screen-reasons li")].map((li) => li.textContent)).toEqual(["1 wrong design", "2 not <b>"]);
    expect(panel.el.querySelector("b")).toBeNull();
    criteriaPanel(modelOf({})).show();
  });

  it("keeps a note typed for the next decision; Escape drops it, Enter keeps it", () => {
    const back = vi.fn();
    const model = { ...values };
    const view = recordView(modelOf(model), back);
    view.show(null);
    const input = view.el.querySelector(".pw-screen-note");
    input.value = "  small sample ";
    input.dispatchEvent(new Event("input"));
    const enter = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    input.dispatchEvent(enter);
    expect(enter.defaultPrevented && back.mock.calls.length === 1).toBe(true);
    expect(screenKey({ key: "i", target: input }, 2)).toBeNull(); // typing is typing
    expect(view.note.take()).toBe("small sample");
    model.record = { id: "r2", title: "next", note: "" };
    view.show(null);
    expect(input.value).toBe("");
    model.record = { id: "r1", title: "back", note: "undone note" }; // an undo brings its note
    view.show(null);
    expect(input.value).toBe("undone note");
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(input.value).toBe("");
    input.value = "typed while a decision was on its way";
    input.dispatchEvent(new Event("input"));
    model.record = { id: "r3", title: "its answer" };
    view.show(null);
    expect(input.value).toBe("typed while a decision was on its way"); // for the record now shown
    expect(screenKey({ key: "n", target: view.el }, 2)).toEqual({ type: "note" });
  });
});
