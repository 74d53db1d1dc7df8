// A PDF drawn with pdf.js: every page sized at once, its text layer (for selecting and
// highlighting) built page by page, its canvas painted when it scrolls into view. pdf.js runs
// bundled in this module: its worker code runs on the page's thread (no worker file to
// serve, nothing fetched), scripting is off (pdf.js core never runs a PDF's JavaScript), no
// XFA forms, no annotation layer (links and form actions in the PDF do nothing), fonts it
// does not embed come from the system (no standard-font or CMap files are loaded).
/// <reference path="./pdf-worker.d.ts" />
import { getDocument, TextLayer } from "pdfjs-dist";
import * as pdfWorker from "pdfjs-dist/build/pdf.worker.mjs";
import { h } from "../lib/dom.js";

/** @type {{pdfjsWorker?: unknown}} */ (globalThis).pdfjsWorker ??= pdfWorker; // pdf.js then runs its "worker" in this thread

const MAX_SCALE = 2;

/**
 * One page: its pdf.js page and viewport, its box in the pane and its text layer.
 * @typedef {{number: number, page: import("pdfjs-dist").PDFPageProxy, viewport: import("pdfjs-dist").PageViewport,
 *   box: HTMLElement, text: HTMLElement}} Page
 */

/**
 * The pane's message for a PDF pdf.js cannot open.
 * @param {unknown} err
 */
export function pdfProblem(err) {
  const e = /** @type {{name?: string, message?: string} | null | undefined} */ (err);
  const name = e && e.name;
  if (name === "PasswordException") return "This PDF is encrypted (it needs a password), so it cannot be shown here.";
  if (name === "InvalidPDFException") return "This file is not a readable PDF: it is damaged or not a PDF at all.";
  return `This PDF could not be shown: ${(e && e.message) || err}`;
}

/**
 * Open PDF bytes in `pane`. Resolves once every page has its size and text layer; `onFirst`
 * runs when the first page's picture is drawn.
 * @param {Uint8Array} bytes
 * @param {HTMLElement} pane
 * @param {{onFirst?: () => void}} [options]
 * @returns {Promise<import("./types.js").Shown>}
 */
export async function showPdf(bytes, pane, { onFirst } = {}) {
  const task = getDocument({ data: bytes, enableXfa: false, useSystemFonts: true, verbosity: 0, stopAtErrors: false });
  const pdf = await task.promise;
  const width = Math.max(320, pane.clientWidth - 24);
  /** @type {Page[]} */
  const pages = [];
  /** @type {Set<Page>} */
  const drawn = new Set();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const page = pages.find((p) => p.box === entry.target);
      if (entry.isIntersecting && page && !drawn.has(page)) {
        drawn.add(page);
        paint(page).then(() => {
          pane.dataset.drawn = String(Number(pane.dataset.drawn || 0) + 1);
          if (page.number === 1 && onFirst) onFirst();
        }, () => {});
      }
    }
  }, { root: pane, rootMargin: "200px 0px" });
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const scale = Math.min(MAX_SCALE, width / page.getViewport({ scale: 1 }).width);
    const viewport = page.getViewport({ scale });
    const box = h("div", { className: "pw-ft-page" });
    box.dataset.page = String(number);
    box.style.width = `${Math.floor(viewport.width)}px`;
    box.style.height = `${Math.floor(viewport.height)}px`;
    box.style.setProperty("--total-scale-factor", String(scale));
    box.style.setProperty("--scale-factor", String(scale));
    const text = h("div", { className: "pw-ft-text" });
    box.append(text);
    pane.append(box);
    await new TextLayer({ textContentSource: await page.getTextContent(), container: text, viewport }).render();
    const entry = { number, page, viewport, box, text };
    pages.push(entry);
    observer.observe(box);
  }
  return {
    pages: pdf.numPages,
    /** The page (1-based) an element is on. */
    pageOfNode: (node) => Number(/** @type {HTMLElement} */ (node.parentElement?.closest(".pw-ft-page"))?.dataset.page || 0),
    destroy() {
      observer.disconnect();
      task.destroy();
    },
  };
}

/**
 * Paint one page's canvas (device pixels, behind its text layer).
 * @param {Page} page
 */
async function paint({ page, viewport, box }) {
  const ratio = globalThis.devicePixelRatio || 1;
  const canvas = h("canvas", { className: "pw-ft-canvas" });
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  box.prepend(canvas);
  const transform = ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0];
  await page.render({ canvas, viewport, transform }).promise;
}
