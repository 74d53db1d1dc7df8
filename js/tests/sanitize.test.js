// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { payloads } from "./payloads.js";
import { noteHtml } from "../src/lib/sanitize.js";


function parse(html) {
  const box = document.createElement("div");
  box.innerHTML = html;
  return box;
}

describe("noteHtml", () => {
  it("renders note markdown", () => {
    const box = parse(noteHtml("**bold** and [a link](https://arxiv.org/abs/1)\n\n- item"));
    expect(box.querySelector("strong").textContent).toBe("bold");
    const a = box.querySelector("a");
    expect(a.getAttribute("href")).toBe("https://arxiv.org/abs/1");
    expect(a.getAttribute("rel")).toBe("noopener noreferrer");
    expect(box.querySelector("li").textContent).toBe("item");
  });

  it("keeps every XSS payload as text", () => {
    for (const p of payloads) {
      const box = parse(noteHtml(p));
      for (const tag of ["script", "img", "svg", "iframe", "style", "details"]) {
        expect(box.querySelector(tag), `${tag} from ${p}`).toBeNull();
      }
      for (const el of box.querySelectorAll("*")) {
        for (const attr of el.attributes) {
          expect(attr.name.startsWith("on"), `${attr.name} from ${p}`).toBe(false);
          expect(attr.value.toLowerCase()).not.toContain("javascript:");
        }
      }
    }
  });

  it("drops javascript links but keeps their text", () => {
    const box = parse(noteHtml("[click](javascript:alert(1))"));
    expect(box.textContent).toContain("click");
    expect(box.querySelector("a[href]")).toBeNull();
  });

  it("never emits id, name, style or data attributes", () => {
    const box = parse(noteHtml("# Heading\n\n<p id=x style='color:red' data-x=1>hi</p>"));
    const names = [...box.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.name));
    expect(names).toEqual([]);
    expect(box.querySelector("h1").textContent).toBe("Heading");
  });
});
