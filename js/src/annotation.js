// Annotation fields for one paper: note (markdown, edit/preview), tags, rating, status,
// highlights (the fields: annotation/*.js), the team box (conflicts.js) and Clear (a button,
// or Delete with the focus in the panel; both ask once more). Edits go to the kernel through
// `save(paperId, {fields, ops})`: tags and highlights as single edits (add this tag), never a
// whole list from this copy. Typing is debounced, flushed on blur and before another paper is
// shown; a failed save stays queued, is retried, and the error shows next to the field.
import { choiceFields } from "./annotation/choices.js";
import { highlightField } from "./annotation/highlights.js";
import { noteField } from "./annotation/note.js";
import { button, row } from "./annotation/parts.js";
import { saveState } from "./annotation/save-state.js";
import { tagField } from "./annotation/tags.js";
import { conflictBox } from "./conflicts.js";
import { STATUSES, UNREAD } from "./lib/constants.js";
import { debounce } from "./lib/debounce.js";
import { h } from "./lib/dom.js";
import { selectorFor } from "./lib/highlight.js";
import { saveQueue } from "./lib/save-queue.js";
import { selectionOffsets } from "./paper.js";

/** @typedef {import("./lib/save-queue.js").Edit} Edit */

export { STATUSES };
const TYPING_DEBOUNCE = 400;
const CLEAR_ARMED_MS = 4000; // Clear asks again; a second press within this clears
const CLEAR_TEXT = "Clear";
const FIELD_TAGS = new Set(["INPUT", "TEXTAREA", "SELECT"]);

/** @typedef {import("./lib/highlight.js").Highlight} Highlight */
/**
 * The panel's copy of one paper's annotation: the kernel's JSON (your fields, the team box's
 * parts), with the fields edited here but not yet written.
 * @typedef {{note: string, tags: string[], rating: number | null, status: string, highlights: Highlight[],
 *   conflicts: import("./conflicts.js").Disagreement[], others: import("./conflicts.js").Other[],
 *   team: import("./conflicts.js").Team, you?: string, [field: string]: unknown}} AnnotationState
 */
/**
 * @typedef {{save: (paperId: string | null, change: object) => Promise<any>,
 *   abstract: () => {text: string, element: Element | null}, onHighlights: (list: Highlight[]) => void}} PanelOptions
 */

/**
 * @returns {AnnotationState}
 */
function emptyAnnotation() {
  return { note: "", tags: [], rating: null, status: UNREAD, highlights: [], conflicts: [], others: [], team: {} };
}

/**
 * @param {Highlight} a
 * @param {Highlight} b
 */
function sameHighlight(a, b) {
  return a.quote === b.quote && a.start === b.start && a.end === b.end;
}

/**
 * The panel's fields, wired to its edits.
 * @param {AnnotationPanel} panel
 */
function fieldsOf(panel) {
  return {
    ...choiceFields(STATUSES, { onStatus: (s) => panel.setStatus(s), onRate: (n) => panel.rate(panel.state.rating === n ? null : n) }),
    conflicts: conflictBox((field, value) => panel.pick(field, value)),
    clear: button("pw-clear-annotation", CLEAR_TEXT, () => panel.askClear(), "Clear your note, rating, status, tags and highlights (Delete)"),
    tags: tagField({ onAdd: (text) => panel.addTag(text), onRemove: (tag) => panel.removeTag(tag), unused: () => panel.unusedTags() }),
    note: noteField({ note: () => panel.state.note, onInput: (text) => panel.typeNote(text), onLeave: () => panel.flush() }),
    highlights: highlightField({
      onAdd: () => panel.addHighlight(),
      onComment: (hl, text) => panel.typeComment(hl, text),
      onRemove: (hl) => panel.removeHighlight(hl),
      onLeave: () => panel.flush(),
    }),
  };
}

/**
 * The panel's element: status and rating, conflicts, tags, note, highlights.
 * @param {ReturnType<typeof fieldsOf>} fields
 * @param {ReturnType<typeof saveState>} saving
 */
function panelElement(fields, saving) {
  const { status, rating, conflicts, clear, tags, note, highlights } = fields;
  const el = h("section", { className: "pw-annotation" });
  el.setAttribute("aria-label", "Your notes on this paper");
  el.append(
    row(status.el, rating.el, clear, saving.el, saving.slot("status")),
    conflicts.el,
    row(tags.el, tags.datalist, saving.slot("tags")),
    row(h("span", { className: "pw-label", text: "Note" }), note.toggle, saving.slot("note")),
    note.area,
    note.preview,
    row(h("span", { className: "pw-label", text: "Highlights" }), highlights.button, saving.slot("highlights")),
    highlights.list,
  );
  return el;
}

class AnnotationPanel {
  /** @param {PanelOptions} options */
  constructor({ save, abstract, onHighlights }) {
    /** @type {string | null} */
    this.paperId = null;
    this.state = emptyAnnotation();
    /** @type {string[]} */
    this.tagsInUse = [];
    this.abstract = abstract;
    this.onHighlights = onHighlights;
    this.saving = saveState();
    this.queue = saveQueue(save, (what, item, detail) => this.report(what, item, detail));
    /** @type {(id: string | null, fields: Edit["fields"], ops: Edit["ops"], field: string) => Promise<void>} */
    const persist = (id, fields, ops, field) => this.queue.push(id, fields, ops, field);
    /** @type {(id: string | null, fields: {note: string}) => Promise<void>} */
    const sendNote = (id, fields) => persist(id, fields, {}, "note");
    /** @type {(id: string | null, hl: Highlight) => Promise<void>} */
    const sendComment = (id, hl) => persist(id, {}, { add_highlights: [hl] }, "highlights");
    this.typedNote = debounce(sendNote, TYPING_DEBOUNCE);
    this.typedComment = debounce(sendComment, TYPING_DEBOUNCE);
    this.fields = fieldsOf(this);
    this.el = panelElement(this.fields, this.saving);
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.clearTimer = null;
    this.el.addEventListener("keydown", (event) => this.onKey(event));
  }

  /** Delete (not in a text field): the Clear button's action. */
  /** @param {KeyboardEvent} event */
  onKey(event) {
    const plain = !(event.ctrlKey || event.metaKey || event.altKey || event.shiftKey);
    if (event.key !== "Delete" || !plain || FIELD_TAGS.has(/** @type {Element} */ (event.target).tagName)) return;
    event.preventDefault();
    this.askClear();
  }

  /** First press: ask ("Clear all?"); a second press within a few seconds clears. */
  askClear() {
    const b = this.fields.clear;
    if (!this.clearTimer) {
      b.textContent = "Clear all?";
      b.setAttribute("aria-pressed", "true");
      this.clearTimer = setTimeout(() => this.disarmClear(), CLEAR_ARMED_MS);
      return;
    }
    this.disarmClear();
    this.flush();
    const { you, others, team } = this.state;
    this.state = { ...emptyAnnotation(), you, others, team };
    this.fields.note.setText("");
    this.queue.push(this.paperId, {}, { clear: ["all"] }, "status");
    this.draw();
    this.onHighlights([]);
  }

  disarmClear() {
    clearTimeout(this.clearTimer ?? undefined);
    this.clearTimer = null;
    this.fields.clear.textContent = CLEAR_TEXT;
    this.fields.clear.setAttribute("aria-pressed", "false");
  }

  /**
   * A save queue report (lib/save-queue.js); a written edit's answer carries the annotation.
   * @param {"saving" | "written" | "error" | "saved"} what
   * @param {Edit} [item]
   * @param {any} [detail] the kernel's answer, or the Error
   */
  report(what, item, detail) {
    this.saving.report(what, item, detail);
    if (what === "written" && item && item.id === this.paperId && detail && detail.annotation) this.refresh(detail.annotation);
  }

  /** Show a paper's annotation (the same paper again: update in place, keep typing). */
  /**
   * @param {string | null} id
   * @param {object | null} [annotation]
   * @param {string[]} [tags]
   */
  show(id, annotation, tags) {
    this.tagsInUse = tags || this.tagsInUse;
    if (id === this.paperId && id) {
      this.refresh(annotation || {});
      return;
    }
    this.flush();
    this.paperId = id;
    this.disarmClear();
    this.state = { ...emptyAnnotation(), ...(annotation || {}) };
    this.fields.note.area.value = this.state.note || "";
    if (!this.queue.waiting()) this.saving.say("");
    this.saving.error("", "");
    this.draw();
    this.fields.note.showPreview();
  }

  /** Update the tags offered for autocompletion (the input itself is left alone). */
  /** @param {string[] | null} [tags] */
  setTagsInUse(tags) {
    this.tagsInUse = tags || [];
    this.fields.tags.suggest(this.unusedTags());
  }

  /** Send what is being typed now. */
  flush() {
    this.typedNote.flush();
    this.typedComment.flush();
  }

  editNote() {
    this.fields.note.edit();
  }

  /** Put the focus in the tag field (the `t` key). */
  focusTags() {
    this.fields.tags.focus();
  }

  /** Highlight the text selected in the abstract and put the focus in its comment (`h`). */
  highlightSelection() {
    const hl = this.addHighlight();
    if (hl) this.fields.highlights.focusComment(hl);
  }

  /** The kernel is gone: send nothing more, and say by the fields what was not saved. */
  /** @param {string} message */
  halt(message) {
    this.queue.halt();
    this.flush();
    this.saving.say(this.queue.waiting() ? "Not saved" : "");
    if (this.queue.waiting()) this.saving.error("status", `Not saved: ${message}`);
  }

  /** Take what the notes file holds for this paper, keeping edits not yet written. */
  /** @param {object} annotation */
  refresh(annotation) {
    const waiting = this.queue.waitingFields(this.paperId);
    const editing = this.fields.note.editing() || this.typedNote.pending() || this.typedComment.pending();
    for (const [name, value] of Object.entries({ ...emptyAnnotation(), ...annotation })) {
      if (name === "note" && (editing || waiting.has("note"))) continue;
      if (!waiting.has(name)) this.state[name] = value;
    }
    if (!editing) this.fields.note.setText(this.state.note);
    this.draw();
    this.onHighlights(this.state.highlights);
  }

  draw() {
    const { status, rating, conflicts, highlights } = this.fields;
    status.draw(this.state.status);
    rating.draw(this.state.rating);
    this.drawTags();
    highlights.draw(this.state.highlights);
    conflicts.draw(this.state);
  }

  drawTags() {
    this.fields.tags.draw(this.state.tags, this.unusedTags());
  }

  unusedTags() {
    return this.tagsInUse.filter((t) => !this.state.tags.includes(t));
  }

  /** Change fields of the paper shown (pending typing goes first) and save them. */
  /**
   * @param {Edit["fields"]} fields
   * @param {Edit["ops"]} [ops]
   * @param {string} [field]
   */
  commit(fields, ops = {}, field = Object.keys(fields)[0]) {
    this.flush();
    Object.assign(this.state, fields);
    return this.queue.push(this.paperId, fields, ops, field);
  }

  /** @param {string} status */
  setStatus(status) {
    this.commit({ status });
    this.draw();
  }

  /** @param {number | null} value */
  rate(value) {
    this.commit({ rating: value });
    this.draw();
  }

  /** A disagreement settled: the value picked becomes yours, and the kernel remembers the
   * values it settled (the same ones merged again do not reopen it). */
  /**
   * @param {string} field
   * @param {unknown} value
   */
  pick(field, value) {
    this.commit({ [field]: value }, { resolve: [field] }, field);
    this.draw();
  }

  /** @param {string} text */
  typeNote(text) {
    this.state.note = text;
    this.typedNote(this.paperId, { note: text });
  }

  /**
   * @param {Highlight} hl
   * @param {string} text
   */
  typeComment(hl, text) {
    const changed = { ...hl, comment: text };
    this.state.highlights = this.state.highlights.map((x) => (sameHighlight(x, hl) ? changed : x));
    this.typedComment(this.paperId, changed); // same quote and place: replaces the highlight
  }

  /** @param {string} text */
  addTag(text) {
    const tag = text.replace(/,/g, " ").trim();
    if (!tag || this.state.tags.includes(tag)) return;
    this.state.tags = [...this.state.tags, tag];
    this.commit({}, { add_tags: [tag] }, "tags");
    this.drawTags();
  }

  /** @param {string} tag */
  removeTag(tag) {
    this.state.tags = this.state.tags.filter((t) => t !== tag);
    this.commit({}, { remove_tags: [tag] }, "tags");
    this.drawTags();
    this.fields.tags.focus(); // the chip's button is gone: focus stays in the tag field
  }

  addHighlight() {
    const { text, element } = this.abstract();
    const offsets = element && selectionOffsets(element);
    if (!element || !offsets) {
      this.saving.say("Select text in the abstract first");
      return null;
    }
    const hl = { ...selectorFor(text, offsets[0], offsets[1]), comment: "" };
    element.ownerDocument.getSelection()?.removeAllRanges();
    if (!hl.quote.trim()) return null;
    this.state.highlights = [...this.state.highlights, hl];
    this.commit({}, { add_highlights: [hl] }, "highlights");
    this.fields.highlights.draw(this.state.highlights);
    this.onHighlights(this.state.highlights);
    return hl;
  }

  /** @param {Highlight} hl */
  removeHighlight(hl) {
    this.state.highlights = this.state.highlights.filter((x) => !sameHighlight(x, hl));
    this.commit({}, { remove_highlights: [hl] }, "highlights");
    this.fields.highlights.draw(this.state.highlights, true);
    this.onHighlights(this.state.highlights);
  }
}

/**
 * The annotation panel. `save(paperId, {fields, ops})` returns a Promise of the kernel's
 * answer ({annotation}); `abstract()` gives {text, element} of the card shown;
 * `onHighlights(list)` redraws marks. Returns {el, show(id, annotation, tags),
 * setTagsInUse(tags), flush(), editNote(), rate(value), setStatus(status), focusTags(),
 * highlightSelection(), halt(message)}.
 * @param {PanelOptions} options
 */
export function annotationPanel(options) {
  return new AnnotationPanel(options);
}
