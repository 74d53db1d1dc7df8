// @vitest-environment jsdom
// "Read the paper" in the Reader against a fake kernel: `f` and the button ask `read_paper`,
// the kernel's `fulltext` child is drawn through anywidget's host where the card was, Esc in
// the text (its `pw-fulltext-back` event) brings the card back, another paper closes the pane,
// the key help lists `f`, and the panel's highlights say where in the full text they are.
import { describe, expect, it } from "vitest";
import reader from "../src/reader.js";
import { whereIn } from "../src/annotation/highlights.js";
import { fakeExperimental, fakeModel } from "./fake-comm.js";

const tick = () => new Promise((r) => setTimeout(r, 0));
window.Element.prototype.scrollIntoView = () => {};

/** A Reader model whose kernel answers `page` and `read_paper` (which sets `fulltext`). */
function fakeKernel({ readError = "" } = {}) {
  const state = {
    current_id: "p0",
    current: { id: "p0", title: "Paper 0", abstract: "An abstract." },
    annotating: true,
    annotation: {},
    progress: { annotated: 0, total: 2 },
    neighbours: [],
    recommended: [],
    fulltext: null,
  };
  const rows = [0, 1].map((i) => ({ id: `p${i}`, title: `Paper ${i}` }));
  const asked = [];
  let kernel;
  const respond = (name, msg) => {
    if (name === "page") return { rows, offset: 0, total: 2 };
    if (name !== "read_paper") return { error: `no command ${name}` };
    asked.push(msg);
    if (readError) return { error: readError };
    state.fulltext = `anywidget:ft-${msg.paper_id}`;
    kernel.emit("change:fulltext"); // the trait's update comes before the command's answer
    return { id: msg.paper_id, status: "loading" };
  };
  kernel = fakeModel(state, respond);
  const { model } = kernel;
  model.set = (k, v) => {
    state[k] = v;
    if (k !== "current_id") return;
    state.current = { id: v, title: `Paper ${v.slice(1)}`, abstract: "" };
    state.fulltext = null; // the kernel lets go of the text of the paper left
    queueMicrotask(() => (kernel.emit("change:fulltext"), kernel.emit("change:current")));
  };
  return { model, state, kernel, asked, experimental: fakeExperimental(model) };
}

/** anywidget's host: each child view is a `.pw-ft` root that records what it was drawn for. */
function fakeHost() {
  const drawn = [];
  return {
    drawn,
    async getWidget(ref) {
      return {
        async render({ el, signal }) {
          const root = document.createElement("div");
          root.className = "pw-ft";
          root.tabIndex = 0;
          root.dataset.ref = ref;
          el.append(root);
          drawn.push({ ref, signal });
        },
      };
    },
  };
}

async function mount(options) {
  const kernel = fakeKernel(options);
  const host = fakeHost();
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = reader.render({ model: kernel.model, el, experimental: kernel.experimental, host });
  await tick();
  const root = el.querySelector(".pw-reader");
  const press = (key, target = root) => target.dispatchEvent(new window.KeyboardEvent("keydown", { key, bubbles: true }));
  const settle = async () => {
    for (let i = 0; i < 5; i++) await tick();
  };
  return { ...kernel, host, el, root, press, settle, cleanup };
}

describe("Read the paper in the Reader", () => {
  it("f opens the current paper's full text where the card was, Esc brings the card back", async () => {
    const { el, root, press, settle, asked, host, cleanup } = await mount();
    const body = el.querySelector(".pw-body");
    const pane = el.querySelector(".pw-reading");
    expect(pane.hidden).toBe(true);
    press("f");
    await settle();
    expect(asked).toEqual([{ paper_id: "p0" }]);
    expect(pane.hidden).toBe(false);
    expect(body.classList.contains("pw-reading-mode")).toBe(true); // card and related hidden by CSS
    const text = pane.querySelector(".pw-ft");
    expect(text.dataset.ref).toBe("anywidget:ft-p0");
    expect(document.activeElement).toBe(text); // its keys (1–5 categories, n/p, e) work at once
    text.dispatchEvent(new CustomEvent("pw-fulltext-back", { bubbles: true })); // Esc in the text
    expect(pane.hidden).toBe(true);
    expect(body.classList.contains("pw-reading-mode")).toBe(false);
    expect(document.activeElement).toBe(root); // j/k go on
    expect(host.drawn[0].signal.aborted).toBe(true); // the view is let go: it writes its place
    press("f"); // again: drawn anew from the kernel's copy (where you were)
    await settle();
    expect(asked).toHaveLength(2);
    expect(host.drawn.map((d) => d.ref)).toEqual(["anywidget:ft-p0", "anywidget:ft-p0"]);
    expect(host.drawn[1].signal.aborted).toBe(false);
    cleanup();
  });

  it("the button opens it too, and another paper closes the pane and lets the view go", async () => {
    const { el, press, settle, host, state, root, cleanup } = await mount();
    el.querySelector(".pw-read-paper").click();
    await settle();
    expect(el.querySelector(".pw-reading").hidden).toBe(false);
    press("j", root); // a key the text does not take reaches the Reader: the next paper
    await settle();
    expect(state.current_id).toBe("p1");
    expect(el.querySelector(".pw-reading").hidden).toBe(true);
    expect(el.querySelector(".pw-reading-slot").children).toHaveLength(0);
    expect(host.drawn[0].signal.aborted).toBe(true);
    expect(el.querySelector(".pw-card .pw-title").textContent).toBe("Paper 1");
    cleanup();
  });

  it("says why the text cannot open, and the help lists f", async () => {
    const { el, press, settle, cleanup } = await mount({ readError: "The full text cannot open: bad categories" });
    press("f");
    await settle();
    expect(el.querySelector(".pw-reading-message").textContent).toBe("The full text could not be opened: The full text cannot open: bad categories");
    const help = [...el.querySelectorAll(".pw-key-list dt")].map((dt) => dt.textContent);
    expect(help).toContain("f");
    cleanup();
  });

  it("without anywidget's host (older Jupyter) the pane says so instead of failing", async () => {
    const kernel = fakeKernel();
    const el = document.createElement("div");
    reader.render({ model: kernel.model, el, experimental: kernel.experimental });
    await tick();
    el.querySelector(".pw-read-paper").click();
    await tick();
    expect(el.querySelector(".pw-reading-message").textContent).toContain("anywidget ≥ 0.11");
    expect(kernel.asked).toHaveLength(0);
  });

  it("the panel's highlights say where in the full text they were made", () => {
    expect(whereIn({ quote: "q", source: "https://arxiv.org/pdf/1", page: 3, category: "method" })).toBe("full text · p. 3 · method");
    expect(whereIn({ quote: "q", source: "https://arxiv.org/html/1", category: "result" })).toBe("full text · result");
    expect(whereIn({ quote: "q" })).toBe(""); // made in the abstract
  });
});
