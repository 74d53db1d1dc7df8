// The full-text view's shared types (JSDoc only, nothing at run time): the FullText widget's
// traits (widgets/fulltext.py), its highlights as drawn, and a text shown in the pane.

/**
 * @typedef {import("../lib/highlight.js").Highlight} Highlight
 * @typedef {{name: string, key: string, color: string}} Category a highlight kind (fulltext/categories.py)
 * @typedef {{src: string, type: string}} ImageMeta one image of an HTML text, in buffer order
 */

/**
 * The text loaded (Document.meta() in fulltext/document.py, plus `resolved`); `{}` until then.
 * @typedef {{kind?: string, label?: string, source?: string, size?: number, images?: ImageMeta[],
 *   dropped?: number, resolved?: string}} DocumentMeta
 * @typedef {{page?: number, scroll?: number, source?: string}} Reading where the reader was
 */

/**
 * The FullText traits this view reads: the paper, its annotation (the notes' JSON), the text.
 * @typedef {{paper: import("../lib/format.js").Paper, annotation: {highlights?: Highlight[], [field: string]: unknown},
 *   status: string, message: string, document: DocumentMeta, categories: Category[], reading: Reading}} FullTextTraits
 * @typedef {import("@anywidget/types").AnyModel<FullTextTraits>} FullTextModel
 */

/**
 * A highlight in the list: drawn in the text (`found`, its `marks`), or an orphan.
 * @typedef {{hl: Highlight, key: string}} Orphan
 * @typedef {Orphan & {found: import("./anchor.js").Anchor, marks: HTMLElement[]}} Drawn
 */

/**
 * A text shown in the pane (html.js's showHtml, pdf.js's showPdf).
 * @typedef {{pages: number, pageOfNode: (node: Node) => number, destroy: () => void}} Shown
 */

export {};
