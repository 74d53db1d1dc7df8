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
  it("links arXiv abs, PDF and HTML from an arXiv id when the listing has no url", () => {
    expect(cardLinks({ id: "arxiv:2503.16365", title: "T" })).toEqual([
      { label: "abs", href: "https://arxiv.org/abs/2503.16365" },
      { label: "pdf", href: "https://arxiv.org/pdf/2503.16365" },
      { label: "html", href: "https://arxiv.org/html/2503.16365" },
    ]);
    expect(cardLinks({ id: "arxiv:hep-th/9901001" })[0].href).toBe("https://arxiv.org/abs/hep-th/9901001");
  });
  it("links https://doi.org/ from a DOI id or extra.doi, escaped", () => {
    expect(cardLinks({ id: "doi:10.1002/jcc.20289", url: "https://x.org/p" })).toEqual([
      { label: "abs", href: "https://x.org/p" },
      { label: "doi", href: "https://doi.org/10.1002/jcc.20289" },
    ]);
    const [link] = cardLinks({ id: "arxiv:2503.16365", extra: { doi: "10.1/a<b>#c" } }).slice(-1);
    expect(link).toEqual({ label: "doi", href: "https://doi.org/10.1/a%3Cb%3E%23c" });
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
