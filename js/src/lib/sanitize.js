// The one sanitiser for note Markdown (design §8): CommonMark by micromark with raw HTML
// off (its default: HTML in a note is shown as text), then DOMPurify with a strict profile.
// Feed fields never come here: they use textContent.
import DOMPurify from "dompurify";
import { micromark } from "micromark";
import { SANITISER } from "./constants.js";

// the rules of paperwidgets/constants.json, which the Python twin (fallbacks.markdown_html) uses
const SAFE_LINK = new RegExp(`^(${SANITISER.url_schemes.join("|")}):`, "i");
const PROFILE = {
  ALLOWED_TAGS: SANITISER.tags,
  ALLOWED_ATTR: [...new Set(Object.values(SANITISER.attributes).flat())],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: SAFE_LINK,
};

/** @typedef {import("dompurify").WindowLike} WindowLike a window (DOMPurify needs its DOM classes) */
/** @type {WeakMap<WindowLike, import("dompurify").DOMPurify>} */
const instances = new WeakMap(); // window -> its configured DOMPurify

/**
 * The DOMPurify of a window, with our link rule hooked in (made once per window).
 * @param {WindowLike} win
 * @returns {import("dompurify").DOMPurify}
 */
function purifier(win) {
  let purify = instances.get(win);
  if (!purify) {
    purify = DOMPurify(win);
    purify.addHook("afterSanitizeAttributes", (node) => {
      if (node.tagName !== "A") return;
      if (!SAFE_LINK.test(node.getAttribute("href") || "")) node.removeAttribute("href");
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    });
    instances.set(win, purify);
  }
  return purify;
}

/**
 * Markdown of a note -> HTML safe to put in the page (no script, no style, no ids).
 * @param {unknown} markdown
 * @param {WindowLike} [win]
 * @returns {string}
 */
export function noteHtml(markdown, win = globalThis.window) {
  const rendered = micromark(String(markdown ?? ""));
  return purifier(win).sanitize(rendered, PROFILE);
}
