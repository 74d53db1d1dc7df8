// @vitest-environment jsdom
// A failed save is kept and tried again; "saved" only once the kernel wrote everything.
import { describe, expect, it } from "vitest";
import { saveQueue } from "../src/lib/save-queue.js";
import { completion, handleLineBreak } from "../src/lib/keys.js";

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("save queue", () => {
  it("keeps a failed edit, retries it, and reports saved only after it is written", async () => {
    let fail = true;
    const sent = [];
    const states = [];
    const send = async (id, change) => {
      sent.push([id, change]);
      if (fail) throw new Error("disk full");
      return { annotation: {} };
    };
    const q = saveQueue(send, (state) => states.push(state), { retryMs: 10 });
    q.push("p1", { note: "typed" }, {}, "note");
    await tick();
    expect(states).toContain("error");
    expect(states).not.toContain("saved");
    expect(q.waiting()).toBe(true);
    q.push("p1", {}, { add_tags: ["vla"] }, "tags"); // later edits wait behind it, in order
    fail = false;
    await tick(30);
    expect(states.at(-1)).toBe("saved");
    expect(q.waiting()).toBe(false);
    expect(sent.at(-2)).toEqual(["p1", { fields: { note: "typed" }, ops: {} }]);
    expect(sent.at(-1)).toEqual(["p1", { fields: {}, ops: { add_tags: ["vla"] } }]);
  });

  it("sends the latest text once while typing", async () => {
    const sent = [];
    let release;
    const send = (id, change) => {
      sent.push(change.fields.note);
      return new Promise((r) => (release = r));
    };
    const q = saveQueue(send, () => {});
    q.push("p1", { note: "a" });
    q.push("p1", { note: "ab" });
    q.push("p1", { note: "abc" });
    release({});
    await tick();
    release({});
    await tick();
    expect(sent).toEqual(["a", "abc"]);
  });
});

describe("keys", () => {
  it("inserts a line break itself where Enter is cancelled", () => {
    const area = document.createElement("textarea");
    document.body.append(area);
    area.value = "line one";
    area.setSelectionRange(8, 8);
    let typed = 0;
    area.addEventListener("input", () => typed++);
    const event = new KeyboardEvent("keydown", { key: "Enter", cancelable: true });
    Object.defineProperty(event, "target", { value: area });
    expect(handleLineBreak(event)).toBe(true);
    expect(event.defaultPrevented).toBe(true);
    expect(area.value).toBe("line one\n");
    expect(typed).toBe(1);
  });

  it("completes a tag in use", () => {
    expect(completion("ag", ["rl", "agents"])).toBe("agents");
    expect(completion("agents", ["agents"])).toBe(null);
    expect(completion("", ["agents"])).toBe(null);
  });
});
