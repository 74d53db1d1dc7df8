// @vitest-environment jsdom
// The annotation panel as PaperCard mounts it (annotated-card.js, shared with Map and the
// Reader), against a fake kernel answering `save` commands through anywidget's invoke
// protocol (fake-comm.js): what is sent, what the panel says, what it keeps; the team box
// ("you: ★4 · Bob: ★2", the team line, a pick sent as a resolve) and Clear.
import { afterEach, describe, expect, it } from "vitest";
import card from "../src/card.js";
import { shownValue, teamLine, who } from "../src/conflicts.js";
import { fakeExperimental, fakeModel } from "./fake-comm.js";

const settle = () => new Promise((r) => setTimeout(r, 0));
let cleanups = [];
afterEach(() => {
  cleanups.forEach((f) => f());
  cleanups = [];
  document.body.replaceChildren();
});

/** A PaperCard with notes; `respond(name, msg)` is the kernel's answer to each command. */
function mount(respond, annotation = { note: "", status: "unread" }) {
  const state = {
    paper: { id: "p1", title: "Cats", abstract: "We study cats." },
    annotating: true,
    annotation,
    tags_in_use: ["cats", "rl"],
  };
  const kernel = fakeModel(state, respond);
  const el = document.createElement("div");
  document.body.append(el);
  cleanups.push(card.render({ model: kernel.model, el, experimental: fakeExperimental(kernel.model) }));
  return { ...kernel, el, state };
}

const saved = (msg) => ({ annotation: { note: "", status: "unread", ...msg.fields } });

describe("the annotation panel of a card", () => {
  it("sends a status click as a save of this paper and says Saved once it is written", async () => {
    const { el, sent } = mount((name, msg) => saved(msg));
    el.querySelector('.pw-seg[data-status="read"]').click();
    expect(sent).toMatchObject([{ kind: "anywidget-command", name: "save", msg: { paper_id: "p1", fields: { status: "read" } } }]);
    expect(el.querySelector(".pw-save-state").textContent).toBe("Saving…");
    await settle();
    expect(el.querySelector(".pw-save-state").textContent).toBe("Saved");
    expect(el.querySelector('.pw-seg[data-status="read"]').getAttribute("aria-pressed")).toBe("true");
  });

  it("sends typing on Ctrl+S; a failed save shows the error by the note and keeps the text", async () => {
    const { el, sent } = mount(() => ({ error: "notes file is read-only" }));
    el.querySelector(".pw-edit-toggle").click();
    const area = el.querySelector(".pw-note-input");
    area.value = "Read the proofs";
    area.dispatchEvent(new window.Event("input", { bubbles: true }));
    expect(sent).toHaveLength(0); // typing waits for a pause…
    area.dispatchEvent(new window.KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true }));
    expect(sent).toMatchObject([{ name: "save", msg: { paper_id: "p1", fields: { note: "Read the proofs" } } }]); // …or Ctrl+S
    await settle();
    const error = el.querySelector('.pw-field-error[data-field="note"]');
    expect(error.hidden).toBe(false);
    expect(error.textContent).toContain("Not saved: notes file is read-only");
    expect(el.querySelector(".pw-save-state").textContent).toBe("Not saved — retrying");
    expect(area.value).toBe("Read the proofs");
  });

  it("follows the tags in use for completion while the card is shown", () => {
    const { el, state, emit } = mount((name, msg) => saved(msg));
    const options = () => [...el.querySelectorAll("datalist option")].map((o) => o.value);
    expect(options()).toEqual(["cats", "rl"]);
    state.tags_in_use = ["cats", "graphs", "rl"];
    emit("change:tags_in_use");
    expect(options()).toEqual(["cats", "graphs", "rl"]);
  });
});

const DISAGREEING = {
  note: "mine",
  rating: 4,
  status: "read",
  you: "Ada",
  conflicts: [
    {
      field: "rating",
      values: [
        { by: "Ada", value: 4, set_aside: false },
        { by: "<b>Bob</b>", value: 2, set_aside: false },
      ],
    },
  ],
  team: { by: [{ by: "Ada", value: 4 }, { by: "<b>Bob</b>", value: 2 }], mean: 3 },
  others: [{ name: "<b>Bob</b>", rating: 2, status: "unread", note: "<img src=x onerror=alert(1)>" }],
};

describe("the team box", () => {
  it("says who: you and each colleague by name, a set-aside copy, a short note", () => {
    expect(who({ by: "Ada" }, "Ada")).toBe("you");
    expect(who({ by: "Ada", set_aside: true }, "Ada")).toBe("you (set aside)");
    expect(who({ by: "Bob" }, "Ada")).toBe("Bob");
    expect(shownValue("rating", 4)).toBe("★4");
    expect(shownValue("note", "x".repeat(80))).toHaveLength(60);
    expect(teamLine({ by: [{ by: "Ada", value: 4 }], mean: 4 }, "Ada")).toBe("");
    expect(teamLine(DISAGREEING.team, "Ada")).toBe("Team: you ★4 · <b>Bob</b> ★2 · mean ★3.0");
  });

  it("shows you: ★4 · Bob: ★2 as text, and a click keeps that value as a resolve", async () => {
    const { el, sent } = mount((name, msg) => ({ annotation: { ...DISAGREEING, conflicts: [], ...msg.fields } }), DISAGREEING);
    const picks = [...el.querySelectorAll(".pw-conflict-pick")].map((b) => b.textContent);
    expect(picks).toEqual(["you: ★4", "<b>Bob</b>: ★2"]);
    expect(el.querySelector(".pw-team").textContent).toBe("Team: you ★4 · <b>Bob</b> ★2 · mean ★3.0");
    expect(el.querySelector(".pw-other").textContent).toBe("<b>Bob</b> · ★2: <img src=x onerror=alert(1)>");
    expect(el.querySelector(".pw-conflicts img, .pw-conflicts b")).toBeNull();
    el.querySelectorAll(".pw-conflict-pick")[0].click();
    expect(sent[0].msg).toMatchObject({ paper_id: "p1", fields: { rating: 4 }, ops: { resolve: ["rating"] } });
    await settle();
    expect(el.querySelector(".pw-conflict")).toBeNull();
  });

  it("clears only on a second press: the button, or Delete in the panel", async () => {
    const { el, sent } = mount(() => ({ annotation: {} }), { note: "mine", rating: 3, status: "read", tags: ["x"] });
    const clear = el.querySelector(".pw-clear-annotation");
    clear.click();
    expect(clear.textContent).toBe("Clear all?");
    expect(sent).toEqual([]);
    clear.dispatchEvent(new KeyboardEvent("keydown", { key: "Delete", bubbles: true }));
    expect(sent[0].msg).toMatchObject({ paper_id: "p1", ops: { clear: ["all"] } });
    expect(clear.textContent).toBe("Clear");
    await settle();
    expect(el.querySelector(".pw-rating").dataset.rating).toBe("");
    el.querySelector(".pw-tag-input").dispatchEvent(new KeyboardEvent("keydown", { key: "Delete", bubbles: true }));
    expect(clear.textContent).toBe("Clear"); // Delete while typing is typing
  });
});
