// @vitest-environment jsdom
// The annotation panel as PaperCard mounts it (annotated-card.js, shared with Map and the
// Reader), against a fake kernel answering `save` commands through anywidget's invoke
// protocol (fake-comm.js): what is sent, what the panel says, what it keeps.
import { afterEach, describe, expect, it } from "vitest";
import card from "../src/card.js";
import { fakeExperimental, fakeModel } from "./fake-comm.js";

const settle = () => new Promise((r) => setTimeout(r, 0));
let cleanups = [];
afterEach(() => {
  cleanups.forEach((f) => f());
  cleanups = [];
  document.body.replaceChildren();
});

/** A PaperCard with notes; `respond(name, msg)` is the kernel's answer to each command. */
function mount(respond) {
  const state = {
    paper: { id: "p1", title: "Cats", abstract: "We study cats." },
    annotating: true,
    annotation: { note: "", status: "unread" },
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
