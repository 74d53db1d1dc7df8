// Annotation fields for one paper: note (markdown, edit/preview), tags, rating, status,
// highlights (the fields: annotation/*.js). Edits go to the kernel through
// `save(paperId, {fields, ops})`: tags and highlights as single edits (add this tag), never a
// whole list from this copy. Typing is debounced, flushed on blur and before another paper is
// shown; a failed save stays queued, is retried, and the error shows next to the field.
import { choiceFields } from "./annotation/choices.js";
import { highlightField } from "./annotation/highlights.js";
import { noteField } from "./annotation/note.js";
import { row } from "./annotation/parts.js";
import { saveState } from "./annotation/save-state.js";
import { tagField } from "./annotation/tags.js";
import { conflictBox } from "./conflicts.js";
import { debounce } from "./lib/debounce.js";
import { h } from "./lib/dom.js";
import { selectorFor } from "./lib/highlight.js";
import { saveQueue } from "./lib/save-queue.js";
import { selectionOffsets } from "./paper.js";

export const STATUSES = ["unread", "reading", "read", "skipped"];
const TYPING_DEBOUNCE = 400;

function emptyAnnotation() {
  return { note: "", tags: [], rating: null, status: "unread", highlights: [], conflicts: [] };
}

function sameHighlight(a, b) {
  return a.quote === b.quote && a.start === b.start && a.end === b.end;
}

/** The panel's fields, wired to its edits. */
function fieldsOf(panel) {
  return {
    ...choiceFields(STATUSES, { onStatus: (s) => panel.setStatus(s), onRate: (n) => panel.rate(panel.state.rating === n ? null : n) }),
    conflicts: conflictBox((field, value) => panel.pick(field, value)),
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

/** The panel's element: status and rating, conflicts, tags, note, highlights. */
function panelElement({ status, rating, conflicts, tags, note, highlights }, saving) {
  const el = h("section", { className: "pw-annotation" });
  el.setAttribute("aria-label", "Your notes on this paper");
  el.append(
    row(status.el, rating.el, saving.el, saving.slot("status")),
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
  constructor({ save, abstract, onHighlights }) {
    this.paperId = null;
    this.state = emptyAnnotation();
    this.tagsInUse = [];
    this.abstract = abstract;
    this.onHighlights = onHighlights;
    this.saving = saveState();
    this.queue = saveQueue(save, (what, item, detail) => this.report(what, item, detail));
    const persist = (id, fields, ops, field) => this.queue.push(id, fields, ops, field);
    this.typedNote = debounce((id, fields) => persist(id, fields, {}, "note"), TYPING_DEBOUNCE);
    this.typedComment = debounce((id, hl) => persist(id, {}, { add_highlights: [hl] }, "highlights"), TYPING_DEBOUNCE);
    this.fields = fieldsOf(this);
    this.el = panelElement(this.fields, this.saving);
  }

  report(what, item, detail) {
    this.saving.report(what, item, detail);
    if (what === "written" && item.id === this.paperId && detail && detail.annotation) this.refresh(detail.annotation);
  }

  /** Show a paper's annotation (the same paper again: update in place, keep typing). */
  show(id, annotation, tags) {
    this.tagsInUse = tags || this.tagsInUse;
    if (id === this.paperId && id) {
      this.refresh(annotation || {});
      return;
    }
    this.flush();
    this.paperId = id;
    this.state = { ...emptyAnnotation(), ...(annotation || {}) };
    this.fields.note.area.value = this.state.note || "";
    if (!this.queue.waiting()) this.saving.say("");
    this.saving.error("", "");
    this.draw();
    this.fields.note.showPreview();
  }

  /** Update the tags offered for autocompletion (the input itself is left alone). */
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

  /** Take what the notes file holds for this paper, keeping edits not yet written. */
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
  commit(fields, ops = {}, field = Object.keys(fields)[0]) {
    this.flush();
    Object.assign(this.state, fields);
    return this.queue.push(this.paperId, fields, ops, field);
  }

  setStatus(status) {
    this.commit({ status });
    this.draw();
  }

  rate(value) {
    this.commit({ rating: value });
    this.draw();
  }

  /** A merge conflict resolved: the value picked is set, which clears the conflict. */
  pick(field, value) {
    this.commit({ [field]: value });
    this.draw();
  }

  typeNote(text) {
    this.state.note = text;
    this.typedNote(this.paperId, { note: text });
  }

  typeComment(hl, text) {
    const changed = { ...hl, comment: text };
    this.state.highlights = this.state.highlights.map((x) => (sameHighlight(x, hl) ? changed : x));
    this.typedComment(this.paperId, changed); // same quote and place: replaces the highlight
  }

  addTag(text) {
    const tag = text.replace(/,/g, " ").trim();
    if (!tag || this.state.tags.includes(tag)) return;
    this.state.tags = [...this.state.tags, tag];
    this.commit({}, { add_tags: [tag] }, "tags");
    this.drawTags();
  }

  removeTag(tag) {
    this.state.tags = this.state.tags.filter((t) => t !== tag);
    this.commit({}, { remove_tags: [tag] }, "tags");
    this.drawTags();
    this.fields.tags.focus(); // the chip's button is gone: focus stays in the tag field
  }

  addHighlight() {
    const { text, element } = this.abstract();
    const offsets = element && selectionOffsets(element);
    if (!offsets) {
      this.saving.say("Select text in the abstract first");
      return;
    }
    const hl = { ...selectorFor(text, offsets[0], offsets[1]), comment: "" };
    element.ownerDocument.getSelection().removeAllRanges();
    if (!hl.quote.trim()) return;
    this.state.highlights = [...this.state.highlights, hl];
    this.commit({}, { add_highlights: [hl] }, "highlights");
    this.fields.highlights.draw(this.state.highlights);
    this.onHighlights(this.state.highlights);
  }

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
 * setTagsInUse(tags), flush(), editNote(), rate(value)}.
 * @param {{save: (paperId: string, change: object) => Promise<any>,
 *   abstract: () => {text: string, element: Element | null}, onHighlights: (list: any[]) => void}} options
 */
export function annotationPanel(options) {
  return new AnnotationPanel(options);
}
