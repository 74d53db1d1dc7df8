import { describe, expect, it } from "vitest";
import { payloads } from "./payloads.js";
import {
  cardLinks,
  formatAuthors,
  formatDate,
  isLongText,
  listedText,
  safeUrl,
  titleSearchUrl,
} from "../src/lib/format.js";


describe("formatAuthors", () => {
  it("joins short lists", () => {
    expect(formatAuthors(["Ada Lovelace", " Alan Turing "])).toBe("Ada Lovelace, Alan Turing");
  });
  it("shortens 1,000-author lists like the Python fallback", () => {
    const authors = Array.from({ length: 1000 }, (_, i) => `Author ${i}`);
    expect(formatAuthors(authors)).toBe(
      "Author 0, Author 1, Author 2, Author 3, Author 4, Author 5 + 994 more",
    );
  });
  it("tolerates missing authors", () => {
    expect(formatAuthors(null)).toBe("");
    expect(formatAuthors(["", "  "])).toBe("");
  });
});

describe("formatDate", () => {
  it("keeps the date part of ISO timestamps", () => {
    expect(formatDate("2025-03-21T00:00:00+00:00")).toBe("2025-03-21");
    expect(formatDate("2024")).toBe("2024");
  });
  it("returns nothing for missing or odd values", () => {
    expect(formatDate(null)).toBe("");
    expect(formatDate("Mar 21")).toBe("");
  });
});

describe("safeUrl", () => {
  it("accepts http(s) and mailto", () => {
    expect(safeUrl("https://arxiv.org/abs/2412.15115")).toBe("https://arxiv.org/abs/2412.15115");
    expect(safeUrl("mailto:a@b.org")).toBe("mailto:a@b.org");
  });
  it("rejects script and data URLs and every XSS payload", () => {
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl(" JavaScript:alert(1)")).toBeNull();
    expect(safeUrl("data:text/html,<script>alert(1)</script>")).toBeNull();
    for (const p of payloads) expect(safeUrl(p)).toBeNull();
  });
});

describe("cardLinks", () => {
  it("lists abs and pdf once each", () => {
    const links = cardLinks({ url: "https://a.org/x", pdf_url: "https://a.org/x" });
    expect(links).toEqual([{ label: "abs", href: "https://a.org/x" }]);
  });
  it("offers an arXiv title search when the listing has no link", () => {
    const [link] = cardLinks({ title: "TÜLU 3: <b>" });
    expect(link.label).toBe("search arXiv");
    expect(link.href).toBe(titleSearchUrl("TÜLU 3: <b>"));
    expect(link.href).toContain("query=T%C3%9CLU%203%3A%20%3Cb%3E");
  });
  it("drops unsafe links", () => {
    expect(cardLinks({ url: "javascript:alert(1)", title: "" })).toEqual([]);
  });
});

describe("isLongText", () => {
  it("collapses long abstracts only", () => {
    expect(isLongText("x".repeat(601))).toBe(true);
    expect(isLongText("short")).toBe(false);
    expect(isLongText(undefined)).toBe(false);
  });
});

describe("listedText", () => {
  it("shows the listing date when the paper has none", () => {
    expect(listedText({ extra: { listed: "Mar 21" } })).toBe("listed Mar 21");
    expect(listedText({ extra: {} })).toBe("");
    expect(listedText({})).toBe("");
  });
});
