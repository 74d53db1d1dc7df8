// The one sanitiser for note Markdown (design §8): CommonMark by micromark with raw HTML
// off (its default: HTML in a note is shown as text), then DOMPurify with a strict profile.
// Feed fields never come here: they use textContent.
import DOMPurify from "dompurify";
import { micromark } from "micromark";
const SAFE_LINK = /^(https?:|mailto:)/i;

const PROFILE = {
  ALLOWED_TAGS: [
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
  ],
  ALLOWED_ATTR: ["href", "title", "start"],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: SAFE_LINK,
};

const instances = new WeakMap(); // window -> its configured DOMPurify

function purifier(win) {
  if (!instances.has(win)) {
    const purify = DOMPurify(win);
    purify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName !== "A") return;
      if (!SAFE_LINK.test(node.getAttribute("href") || "")) node.removeAttribute("href");
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    });
    instances.set(win, purify);
  }
  return instances.get(win);
}

/** Markdown of a note -> HTML safe to put in the page (no script, no style, no ids). */
export function noteHtml(markdown, win = globalThis.window) {
  const rendered = micromark(String(markdown ?? ""));
  return purifier(win).sanitize(rendered, PROFILE);
}
