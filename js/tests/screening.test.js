import { describe, expect, it } from "vitest";
import { screenKey } from "../src/screening/keys.js";
import { panelLines } from "../src/screening/panel.js";
import { teamSummary } from "../src/screening/team.js";

const key = (k, tagName = "DIV", extra = {}) => ({ key: k, target: { tagName }, ...extra });

describe("screenKey", () => {
  it("maps i / e / m, the reason digits and the other keys", () => {
    expect(screenKey(key("i"), 2)).toEqual({ type: "decide", decision: "include" });
    expect(screenKey(key("e"), 2)).toEqual({ type: "decide", decision: "exclude" });
    expect(screenKey(key("m"), 2)).toEqual({ type: "decide", decision: "maybe" });
    expect(screenKey(key("2"), 2)).toEqual({ type: "decide", decision: "exclude", reason: 1 });
    expect(screenKey(key("u"), 2)).toEqual({ type: "undo" });
    expect(screenKey(key("s"), 2)).toEqual({ type: "sample" });
    expect(screenKey(key("r"), 2)).toEqual({ type: "resolve" });
  });
  it("ignores digits with no reason, modifiers and typing in fields", () => {
    expect(screenKey(key("3"), 2)).toBeNull();
    expect(screenKey(key("0"), 9)).toBeNull();
    expect(screenKey(key("i", "DIV", { ctrlKey: true }), 2)).toBeNull();
    expect(screenKey(key("i", "INPUT"), 2)).toBeNull();
    expect(screenKey(key("Escape", "INPUT"), 2)).toEqual({ type: "leave" });
  });
});

describe("the panels' words", () => {
  it("say progress, relevant left with its interval and the rule's verdict", () => {
    const lines = panelLines({
      records: 200, screened: 50, included: 4, excluded: 44, maybe: 2, recall: 0.95, confidence: 0.95,
      relevant_left: { estimate: 1.5, low: 0, high: 6 },
      statistical: { stop: false, why: "p = 0.3 ≥ 0.05: keep sampling." },
      heuristic: { why: "Heuristic, no statistical guarantee: 3 irrelevant records in a row" },
    }); // prettier-ignore
    expect(lines.progress).toBe("Screened 50 of 200 (25 %)");
    expect(lines.found).toContain("6 (4 included, 2 maybe); 44 excluded");
    expect(lines.left).toContain("1.5 (95 % interval 0–6)");
    expect(lines.statistical).toMatch(/^Keep screening .*keep sampling\.$/);
    expect(panelLines({}).statistical).toBe("Statistical rule: no random sample yet.");
  });
  it("say κ, agreement and the open disagreements, or that no one else screened", () => {
    expect(teamSummary({})).toMatch(/^Alone so far/);
    const team = { names: ["ana", "bo"], kappa: 0.4567, agreement: 0.8, shared: 10, open_count: 2 };
    expect(teamSummary(team)).toBe("ana and bo: Cohen's κ 0.46, agreement 80 % on 10 records both screened; 2 disagreements open.");
    expect(teamSummary({ ...team, kappa: null })).toContain("κ undefined");
  });
});
