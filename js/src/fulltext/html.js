// arXiv's HTML (LaTeXML) made safe to show inside the notebook: DOMPurify with a strict
// profile — HTML and MathML (the paper's math), no SVG, no script, no style, no forms,
// frames, media or <base>, no event handlers, no ids or names — and no remote loads: an
// image shows only when the kernel sent its bytes (a blob: URL), else its alt text; links
// open in a new tab, http(s) only. The page's own CSS is never loaded.
import DOMPurify from "dompurify";

const FORBID_TAGS = [
  "style", "link", "meta", "base", "form", "input", "button", "textarea", "select", "option",
  "iframe", "frame", "frameset", "object", "embed", "video", "audio", "source", "track",
  "picture", "template", "svg", "canvas", "dialog",
];
const FORBID_ATTR = ["style", "id", "name", "srcset", "action", "formaction", "background", "poster", "xlink:href", "ping"];
const WEB_LINK = /^https?:/i;

/**
 * Sanitise a full text's HTML into a fragment for the pane.
 * @param {string} html the page as fetched
 * @param {Map<string, string>} images src as written in the page -> a blob: URL of its bytes
 * @param {import("dompurify").WindowLike} [win] the window whose document it goes into
 * @returns {DocumentFragment}
 */
export function safeFragment(html, images, win = globalThis.window) {
  const purify = DOMPurify(win);
  purify.addHook("beforeSanitizeAttributes", (node) => {
    if (node.nodeName !== "IMG") return;
    const url = images.get(node.getAttribute("src") || "");
    if (url) node.setAttribute("src", url); // the kernel's bytes; anything else loads nothing
    else node.removeAttribute("src");
  });
  purify.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName !== "A") return;
    const href = node.getAttribute("href") || "";
    if (!WEB_LINK.test(href)) node.removeAttribute("href");
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  });
  const fragment = purify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true },
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: /^(https?:|blob:)/i,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const img of fragment.querySelectorAll("img:not([src])")) img.replaceWith(altText(img));
  return fragment;
}

/**
 * What stands for an image the kernel did not send: its alt text, marked as such.
 * @param {Element} img
 */
function altText(img) {
  const alt = img.ownerDocument.createElement("span");
  alt.className = "pw-ft-noimage";
  alt.textContent = `[image not loaded${img.getAttribute("alt") ? `: ${img.getAttribute("alt")}` : ""}]`;
  return alt;
}

/**
 * Show a full text's HTML in `pane`, images from the kernel's buffers.
 * @param {Uint8Array} bytes the page
 * @param {{src: string, type: string}[]} meta the images sent, in buffer order
 * @param {Uint8Array<ArrayBuffer>[]} buffers their bytes
 * @param {HTMLElement} pane
 * @returns {import("./types.js").Shown}
 */
export function showHtml(bytes, meta, buffers, pane) {
  const urls = new Map();
  meta.forEach((image, i) => urls.set(image.src, URL.createObjectURL(new Blob([buffers[i]], { type: image.type }))));
  const article = pane.ownerDocument.createElement("article");
  article.className = "pw-ft-html";
  article.append(safeFragment(new TextDecoder().decode(bytes), urls, pane.ownerDocument.defaultView || window));
  pane.append(article);
  return {
    pages: 0,
    pageOfNode: () => 0,
    destroy() {
      for (const url of urls.values()) URL.revokeObjectURL(url);
    },
  };
}
