// The note field: a textarea to edit the Markdown, the sanitised rendering to read it, and
// an Edit / Preview toggle. Enter inserts the line break itself (keys.js: JupyterLab
// cancels it inside outputs); leaving the field sends what was typed and shows the preview.
import { h } from "../lib/dom.js";
import { handleLineBreak } from "../lib/keys.js";
import { noteHtml } from "../lib/sanitize.js";
import { button, focused } from "./parts.js";

/**
 * `note()` gives the note to preview, `onInput(text)` runs on typing, `onLeave()` when the
 * textarea loses focus. Returns {toggle, area, preview, showPreview(), edit(), editing(),
 * setText(text)}.
 * @param {{note: () => string, onInput: (text: string) => void, onLeave: () => void}} handlers
 */
export function noteField({ note, onInput, onLeave }) {
  const area = h("textarea", { className: "pw-note-input", rows: 5, placeholder: "Your note (Markdown)…" });
  area.setAttribute("aria-label", "Your note (Markdown)");
  area.hidden = true;
  const preview = h("div", { className: "pw-note-preview" });
  const toggle = button("pw-edit-toggle", "Edit", () => (area.hidden ? edit() : showPreview()));
  area.addEventListener("keydown", handleLineBreak);
  area.addEventListener("input", () => onInput(area.value));
  area.addEventListener("blur", (event) => {
    onLeave();
    if (event.relatedTarget !== toggle) showPreview();
  });

  function showPreview() {
    area.hidden = true;
    preview.hidden = false;
    toggle.textContent = "Edit";
    preview.innerHTML = noteHtml(note()); // the one sanitiser (micromark, no HTML, + DOMPurify)
    if (!note()) preview.append(h("span", { className: "pw-muted", text: "No note yet: press e to write one." }));
  }
  function edit() {
    preview.hidden = true;
    area.hidden = false;
    toggle.textContent = "Preview";
    area.focus();
  }
  return {
    toggle,
    area,
    preview,
    showPreview,
    edit,
    editing: () => focused(area),
    /** Put the file's text in the textarea (not while it is being edited); redraw the preview. */
    setText(/** @type {string} */ text) {
      if (area.value === text) return;
      area.value = text;
      if (area.hidden) showPreview();
    },
  };
}
