// Annotation fields for one paper: note (markdown, edit/preview), tags, rating, status,
// highlights. Edits go to the kernel through `save(paperId, {fields, ops})`: tags and
// highlights as single edits (add this tag), never a whole list from this copy. Typing is
// debounced, flushed on blur and before another paper is shown; a failed save stays queued,
// is retried, and the error shows next to the field.
import { conflictBox } from "./conflicts.js";
import { h } from "./lib/dom.js";
import { selectorFor } from "./lib/highlight.js";
import { completion, handleLineBreak } from "./lib/keys.js";
import { debounce } from "./lib/rpc.js";
import { noteHtml } from "./lib/sanitize.js";
import { saveQueue } from "./lib/save-queue.js";
import { selectionOffsets } from "./paper.js";

export const STATUSES = ["unread", "reading", "read", "skipped"];
const TYPING_DEBOUNCE = 400;

function emptyAnnotation() {
  return { note: "", tags: [], rating: null, status: "unread", highlights: [], conflicts: [] };
}

function button(className, text, onClick, title = "") {
  const b = h("button", { type: "button", className, text, title });
  b.addEventListener("click", onClick);
  return b;
}

function sameHighlight(a, b) {
  return a.quote === b.quote && a.start === b.start && a.end === b.end;
}

/**
 * The annotation panel. `save(paperId, {fields, ops})` returns a Promise of the kernel's
 * answer ({annotation}); `abstract()` gives {text, element} of the card shown;
 * `onHighlights(list)` redraws marks.
 */
export function annotationPanel({ save, abstract, onHighlights }) {
  let paperId = null;
  let state = emptyAnnotation();
  let tagsInUse = [];

  const saveState = h("span", { className: "pw-save-state" });
  saveState.setAttribute("role", "status");
  const errors = {};
  const errorSlot = (field) => {
    errors[field] = h("span", { className: "pw-field-error", role: "alert" });
    errors[field].dataset.field = field;
    errors[field].hidden = true;
    return errors[field];
  };
  function showError(field, message) {
    const slot = errors[field in errors ? field : "status"];
    slot.textContent = message;
    slot.hidden = !message;
  }

  const queue = saveQueue(save, (what, item, detail) => {
    saveState.dataset.state = what === "written" ? "saving" : what;
    if (what === "saving") saveState.textContent = "Saving…";
    else if (what === "error") {
      saveState.textContent = "Not saved — retrying";
      showError(item.field, `Not saved: ${detail.message}. Your edit is kept and will be saved when possible.`);
    } else if (what === "written") {
      showError(item.field, "");
      if (item.id === paperId && detail && detail.annotation) refresh(detail.annotation);
    } else if (what === "saved") saveState.textContent = "Saved";
  });
  const persist = (id, fields, ops = {}, field = Object.keys(fields)[0]) => queue.push(id, fields, ops, field);
  const typedNote = debounce((id, fields, field) => persist(id, fields, {}, field), TYPING_DEBOUNCE);
  const typedComment = debounce((id, hl) => persist(id, {}, { add_highlights: [hl] }, "highlights"), TYPING_DEBOUNCE);
  const saveTyped = {
    flush() {
      typedNote.flush();
      typedComment.flush();
    },
    pending: () => typedNote.pending() || typedComment.pending(),
  };
  function commit(fields, ops = {}, field = Object.keys(fields)[0]) {
    saveTyped.flush();
    Object.assign(state, fields);
    return persist(paperId, fields, ops, field);
  }

  // status and rating
  const statusButtons = STATUSES.map((s) => {
    const b = button("pw-seg", s, () => setStatus(s));
    b.dataset.status = s;
    return b;
  });
  const statusBox = h("div", { className: "pw-status" });
  statusBox.setAttribute("aria-label", "Reading status");
  statusBox.append(...statusButtons);
  const stars = [1, 2, 3, 4, 5].map((n) => {
    const b = button("pw-star", "★", () => rate(state.rating === n ? null : n), `Rate ${n}`);
    b.dataset.value = String(n);
    return b;
  });
  const ratingBox = h("div", { className: "pw-rating" });
  ratingBox.setAttribute("aria-label", "Rating");
  ratingBox.append(...stars);
  const conflicts = conflictBox((field, value) => {
    commit({ [field]: value });
    draw();
  });

  // tags, with autocomplete from the tags in use; the input is never re-created (focus stays)
  const listId = `pw-tags-${Math.random().toString(36).slice(2)}`;
  const datalist = h("datalist", { id: listId });
  const tagInput = h("input", { className: "pw-tag-input", placeholder: "add tag…", type: "text" });
  tagInput.setAttribute("list", listId);
  tagInput.setAttribute("aria-label", "Add a tag (Enter or comma; Tab completes)");
  tagInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      addTag(tagInput.value);
    } else if (event.key === "Tab" && !event.shiftKey) {
      const found = completion(tagInput.value, unusedTags());
      if (found) {
        event.preventDefault();
        tagInput.value = found;
      }
    }
  });
  const chipBox = h("span", { className: "pw-tag-chips" });
  const tagList = h("div", { className: "pw-tags" });
  tagList.append(chipBox, tagInput);

  // note: textarea to edit, sanitised markdown to read
  const noteArea = h("textarea", { className: "pw-note-input", rows: 5, placeholder: "Your note (Markdown)…" });
  noteArea.setAttribute("aria-label", "Your note (Markdown)");
  noteArea.hidden = true;
  const notePreview = h("div", { className: "pw-note-preview" });
  const editToggle = button("pw-edit-toggle", "Edit", () => (noteArea.hidden ? editNote() : showPreview()));
  noteArea.addEventListener("keydown", handleLineBreak);
  noteArea.addEventListener("input", () => {
    state.note = noteArea.value;
    typedNote(paperId, { note: noteArea.value }, "note");
  });
  noteArea.addEventListener("blur", (event) => {
    saveTyped.flush();
    if (event.relatedTarget !== editToggle) showPreview();
  });

  // highlights: select text in the abstract, then press the button
  const highlightButton = button("pw-highlight-btn", "Highlight selection", () => addHighlight());
  highlightButton.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  const highlightList = h("ol", { className: "pw-highlights" });

  const el = h("section", { className: "pw-annotation" });
  el.setAttribute("aria-label", "Your notes on this paper");
  const row = (...children) => {
    const div = h("div", { className: "pw-row" });
    div.append(...children);
    return div;
  };
  el.append(
    row(statusBox, ratingBox, saveState, errorSlot("status")),
    conflicts.el,
    row(tagList, datalist, errorSlot("tags")),
    row(h("span", { className: "pw-label", text: "Note" }), editToggle, errorSlot("note")),
    noteArea,
    notePreview,
    row(h("span", { className: "pw-label", text: "Highlights" }), highlightButton, errorSlot("highlights")),
    highlightList,
  );

  function unusedTags() {
    return tagsInUse.filter((t) => !state.tags.includes(t));
  }
  function drawStatus() {
    for (const b of statusButtons) b.setAttribute("aria-pressed", String(b.dataset.status === state.status));
  }
  function drawRating() {
    for (const b of stars) b.setAttribute("aria-pressed", String(Number(b.dataset.value) <= (state.rating || 0)));
    ratingBox.dataset.rating = String(state.rating || "");
  }
  function drawTags() {
    const chips = state.tags.map((tag) => {
      const chip = h("span", { className: "pw-chip pw-tag", text: tag });
      chip.append(button("pw-chip-remove", "×", () => removeTag(tag), `Remove tag ${tag}`));
      return chip;
    });
    chipBox.replaceChildren(...chips);
    datalist.replaceChildren(...unusedTags().map((t) => h("option", { value: t })));
  }
  function highlightItem(hl) {
    const comment = h("input", { className: "pw-hl-comment", type: "text", placeholder: "comment…", value: hl.comment || "" });
    comment.addEventListener("input", () => {
      const changed = { ...hl, comment: comment.value };
      state.highlights = state.highlights.map((x) => (sameHighlight(x, hl) ? changed : x));
      typedComment(paperId, changed); // same quote and place: replaces the highlight
    });
    comment.addEventListener("blur", () => saveTyped.flush());
    const li = h("li", { className: "pw-hl" });
    li.append(
      h("blockquote", { className: "pw-hl-quote", text: hl.quote }),
      comment,
      button("pw-chip-remove", "×", () => removeHighlight(hl), "Remove highlight"),
    );
    return li;
  }
  function drawHighlights(force = false) {
    const active = el.ownerDocument.activeElement;
    const typing = active && active.classList.contains("pw-hl-comment") && highlightList.contains(active);
    if (typing && !force) return; // typing a comment: keep the field
    highlightList.replaceChildren(...state.highlights.map(highlightItem));
  }
  function draw() {
    drawStatus();
    drawRating();
    drawTags();
    drawHighlights();
    conflicts.draw(state);
  }
  function showPreview() {
    noteArea.hidden = true;
    notePreview.hidden = false;
    editToggle.textContent = "Edit";
    notePreview.innerHTML = noteHtml(state.note); // the one sanitiser (markdown-it, no HTML, + DOMPurify)
    if (!state.note) notePreview.append(h("span", { className: "pw-muted", text: "No note yet: press e to write one." }));
  }
  function editNote() {
    notePreview.hidden = true;
    noteArea.hidden = false;
    editToggle.textContent = "Preview";
    noteArea.focus();
  }
  /** Take what the notes file holds for this paper, keeping edits not yet written. */
  function refresh(annotation) {
    const waiting = queue.waitingFields(paperId);
    const editing = el.ownerDocument.activeElement === noteArea || saveTyped.pending();
    for (const [name, value] of Object.entries({ ...emptyAnnotation(), ...annotation })) {
      if (name === "note" && (editing || waiting.has("note"))) continue;
      if (!waiting.has(name)) state[name] = value;
    }
    if (!editing && noteArea.value !== state.note) {
      noteArea.value = state.note;
      if (noteArea.hidden) showPreview();
    }
    draw();
    onHighlights(state.highlights);
  }
  function setStatus(status) {
    commit({ status });
    draw();
  }
  function rate(value) {
    commit({ rating: value });
    draw();
  }
  function addTag(raw) {
    const tag = raw.replace(/,/g, " ").trim();
    tagInput.value = "";
    if (!tag || state.tags.includes(tag)) return;
    state.tags = [...state.tags, tag];
    commit({}, { add_tags: [tag] }, "tags");
    drawTags();
  }
  function removeTag(tag) {
    state.tags = state.tags.filter((t) => t !== tag);
    commit({}, { remove_tags: [tag] }, "tags");
    drawTags();
    tagInput.focus(); // the chip's button is gone: focus stays in the tag field
  }
  function removeHighlight(hl) {
    state.highlights = state.highlights.filter((x) => !sameHighlight(x, hl));
    commit({}, { remove_highlights: [hl] }, "highlights");
    drawHighlights(true);
    onHighlights(state.highlights);
  }
  function addHighlight() {
    const { text, element } = abstract();
    const offsets = element && selectionOffsets(element);
    if (!offsets) {
      saveState.textContent = "Select text in the abstract first";
      return;
    }
    const hl = { ...selectorFor(text, offsets[0], offsets[1]), comment: "" };
    element.ownerDocument.getSelection().removeAllRanges();
    if (!hl.quote.trim()) return;
    state.highlights = [...state.highlights, hl];
    commit({}, { add_highlights: [hl] }, "highlights");
    drawHighlights();
    onHighlights(state.highlights);
  }

  return {
    el,
    /** Show a paper's annotation (the same paper again: update in place, keep typing). */
    show(id, annotation, tags) {
      tagsInUse = tags || tagsInUse;
      if (id === paperId && id) {
        refresh(annotation || {});
        return;
      }
      saveTyped.flush();
      paperId = id;
      state = { ...emptyAnnotation(), ...(annotation || {}) };
      noteArea.value = state.note || "";
      saveState.textContent = queue.waiting() ? saveState.textContent : "";
      showError("", "");
      draw();
      showPreview();
    },
    /** Update the tags offered for autocompletion (the input itself is left alone). */
    setTagsInUse(tags) {
      tagsInUse = tags || [];
      datalist.replaceChildren(...unusedTags().map((t) => h("option", { value: t })));
    },
    flush: () => saveTyped.flush(),
    editNote,
    rate,
  };
}
