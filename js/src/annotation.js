// Annotation fields for one paper: note (markdown, edit/preview), tags, rating, status,
// highlights. Edits are saved through `save(paperId, fields)` (a kernel command): a short
// debounce while typing, flushed on blur and before another paper is shown.
import { h } from "./lib/dom.js";
import { selectorFor } from "./lib/highlight.js";
import { debounce } from "./lib/rpc.js";
import { noteHtml } from "./lib/sanitize.js";
import { selectionOffsets } from "./paper.js";

export const STATUSES = ["unread", "reading", "read", "skipped"];
const TYPING_DEBOUNCE = 400;

function emptyAnnotation() {
  return { note: "", tags: [], rating: null, status: "unread", highlights: [] };
}

function button(className, text, onClick, title = "") {
  const b = h("button", { type: "button", className, text, title });
  b.addEventListener("click", onClick);
  return b;
}

/**
 * The annotation panel. `save(paperId, fields)` returns a Promise of the saved annotation;
 * `abstract()` gives {text, element} of the card shown; `onHighlights(list)` redraws marks.
 */
export function annotationPanel({ save, abstract, onHighlights }) {
  let paperId = null;
  let state = emptyAnnotation();
  let tagsInUse = [];
  let queue = Promise.resolve();

  const saveState = h("span", { className: "pw-save-state" });
  saveState.setAttribute("role", "status");

  function persist(id, fields) {
    saveState.textContent = "Saving…";
    saveState.dataset.state = "saving";
    queue = queue.then(() => save(id, fields)).then(
      () => {
        saveState.textContent = "Saved";
        saveState.dataset.state = "saved";
      },
      (err) => {
        saveState.textContent = `Not saved: ${err.message}`;
        saveState.dataset.state = "error";
      },
    );
    return queue;
  }
  const saveTyped = debounce(persist, TYPING_DEBOUNCE);
  function commit(fields) {
    saveTyped.flush();
    Object.assign(state, fields);
    return persist(paperId, fields);
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

  // tags, with autocomplete from the tags in use
  const listId = `pw-tags-${Math.random().toString(36).slice(2)}`;
  const datalist = h("datalist", { id: listId });
  const tagInput = h("input", { className: "pw-tag-input", placeholder: "add tag…", type: "text" });
  tagInput.setAttribute("list", listId);
  tagInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      addTag(tagInput.value);
    }
  });
  const tagList = h("div", { className: "pw-tags" });

  // note: textarea to edit, sanitised markdown to read
  const noteArea = h("textarea", { className: "pw-note-input", rows: 5, placeholder: "Your note (Markdown)…" });
  noteArea.hidden = true;
  const notePreview = h("div", { className: "pw-note-preview" });
  const editToggle = button("pw-edit-toggle", "Edit", () => (noteArea.hidden ? editNote() : showPreview()));
  noteArea.addEventListener("input", () => {
    state.note = noteArea.value;
    saveTyped(paperId, { note: noteArea.value });
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
    row(statusBox, ratingBox, saveState),
    row(tagList, datalist),
    row(h("span", { className: "pw-label", text: "Note" }), editToggle),
    noteArea,
    notePreview,
    row(h("span", { className: "pw-label", text: "Highlights" }), highlightButton),
    highlightList,
  );

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
    tagList.replaceChildren(...chips, tagInput);
    const unused = tagsInUse.filter((t) => !state.tags.includes(t));
    datalist.replaceChildren(...unused.map((t) => h("option", { value: t })));
  }
  function highlightItem(hl, i) {
    const comment = h("input", { className: "pw-hl-comment", type: "text", placeholder: "comment…", value: hl.comment || "" });
    comment.addEventListener("input", () => {
      state.highlights = state.highlights.map((x, j) => (j === i ? { ...x, comment: comment.value } : x));
      saveTyped(paperId, { highlights: state.highlights });
    });
    comment.addEventListener("blur", () => saveTyped.flush());
    const li = h("li", { className: "pw-hl" });
    li.append(
      h("blockquote", { className: "pw-hl-quote", text: hl.quote }),
      comment,
      button("pw-chip-remove", "×", () => setHighlights(state.highlights.filter((_, j) => j !== i)), "Remove highlight"),
    );
    return li;
  }
  function drawHighlights() {
    highlightList.replaceChildren(...state.highlights.map(highlightItem));
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
  function setStatus(status) {
    commit({ status });
    drawStatus();
  }
  function rate(value) {
    commit({ rating: value });
    drawRating();
  }
  function addTag(raw) {
    const tag = raw.replace(/,/g, " ").trim();
    tagInput.value = "";
    if (!tag || state.tags.includes(tag)) return;
    commit({ tags: [...state.tags, tag] });
    drawTags();
    tagInput.focus();
  }
  function removeTag(tag) {
    commit({ tags: state.tags.filter((t) => t !== tag) });
    drawTags();
  }
  function setHighlights(list) {
    commit({ highlights: list });
    drawHighlights();
    onHighlights(list);
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
    if (hl.quote.trim()) setHighlights([...state.highlights, hl]);
  }

  return {
    el,
    /** Show a paper's annotation; typing still pending for the previous paper is saved first. */
    show(id, annotation, tags) {
      saveTyped.flush();
      paperId = id;
      state = { ...emptyAnnotation(), ...(annotation || {}) };
      tagsInUse = tags || [];
      noteArea.value = state.note || "";
      saveState.textContent = "";
      drawStatus();
      drawRating();
      drawTags();
      drawHighlights();
      showPreview();
    },
    /** Update the tags offered for autocompletion. */
    setTagsInUse(tags) {
      tagsInUse = tags || [];
      drawTags();
    },
    flush: () => saveTyped.flush(),
    editNote,
    rate,
  };
}
