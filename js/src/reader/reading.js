// "Read the paper" inside the Reader: `f` or the button asks the kernel (`read_paper`) for the
// current paper's FullText, a child widget synced as `fulltext` ("anywidget:<id>"). Its own
// view (fulltext.js, with pdf.js and the highlight keys) is drawn in a pane that takes the
// card's place, through anywidget's `host`; the kernel fetches the text on its own thread, so
// nothing here waits for the network. Esc in the text (or "Back to the card") comes back and
// lets the view go (it writes where you were); `f` again draws it from the kernel's copy.
import { h } from "../lib/dom.js";

const BACK = "pw-fulltext-back"; // the full-text view's Esc (fulltext/view.js)

/**
 * @typedef {{getWidget: (ref: string) => Promise<{render: (o: {el: HTMLElement, signal?: AbortSignal}) => Promise<void>}>}} Host
 */

/**
 * The button on the card that opens the pane.
 * @param {() => void} onRead
 */
export function readButton(onRead) {
  const button = h("button", { type: "button", className: "pw-read-paper", text: "Read the paper (f)" });
  button.addEventListener("click", () => onRead());
  return button;
}

/**
 * The child widget's view in `slot`: drawn once per child (a fresh element each time), let go
 * (its view's signal aborted) when the kernel drops the child. Returns {show(ref, paper), forget(),
 * shows(paper)}.
 * @param {Host | undefined} host
 * @param {HTMLElement} slot
 */
function childView(host, slot) {
  let drawn = { ref: "", paper: "", controller: /** @type {AbortController | null} */ (null) };
  return {
    /**
     * @param {string | null} ref the child widget ("anywidget:<id>"; null: none)
     * @param {string} paper the paper it is the text of
     */
    async show(ref, paper) {
      if (!ref || ref === drawn.ref || !host) return;
      drawn.controller?.abort();
      const controller = new AbortController();
      drawn = { ref, paper, controller };
      const target = h("div", { className: "pw-reading-view" });
      slot.replaceChildren(target);
      const child = await host.getWidget(ref);
      await child.render({ el: target, signal: controller.signal });
    },
    forget() {
      drawn.controller?.abort();
      drawn = { ref: "", paper: "", controller: null };
      slot.replaceChildren();
    },
    shows: (/** @type {string} */ paper) => Boolean(drawn.ref) && drawn.paper === paper,
  };
}

/**
 * The pane. `onShow(open)` hides or shows the card beside it; `onLeave()` gives the keys back
 * to the Reader. Returns {el, open(), close(), follow(), isOpen(), destroy()}.
 * @param {import("./types.js").ReaderModel} model
 * @param {import("../lib/commands.js").Call} call
 * @param {Host | undefined} host
 * @param {{onShow: (open: boolean) => void, onLeave: () => void}} callbacks
 */
export function readingPane(model, call, host, { onShow, onLeave }) {
  const back = h("button", { type: "button", className: "pw-reading-back", text: "← Back to the card (Esc)" });
  const message = h("span", { className: "pw-reading-message", role: "status" });
  const slot = h("div", { className: "pw-reading-slot" });
  const el = h("div", { className: "pw-reading", hidden: true });
  el.append(h("div", { className: "pw-reading-bar" }), slot);
  /** @type {HTMLElement} */ (el.firstChild).append(back, message);
  const view = childView(host, slot);
  let openFor = ""; // the paper the pane was opened for

  const focusText = () => /** @type {HTMLElement | null} */ (slot.querySelector(".pw-ft"))?.focus({ preventScroll: true });
  const show = async () => {
    await view.show(model.get("fulltext"), model.get("current_id"));
    if (!el.hidden) focusText();
  };
  const close = () => {
    if (el.hidden) return;
    view.forget(); // its place is written; f draws it again there (the kernel keeps the bytes)
    el.hidden = true;
    onShow(false);
    onLeave();
  };
  const open = async () => {
    el.hidden = false;
    openFor = model.get("current_id");
    onShow(true);
    if (view.shows(openFor)) return focusText();
    message.textContent = "Opening the full text…";
    try {
      if (!host) throw new Error("this Jupyter cannot show a widget inside another (anywidget ≥ 0.11 needed)");
      await call("read_paper", { paper_id: openFor });
      message.textContent = "";
      await show();
    } catch (err) {
      message.textContent = `The full text could not be opened: ${/** @type {Error} */ (err).message || err}`;
    }
  };
  const onChange = () => {
    if (model.get("fulltext")) return el.hidden ? undefined : show();
    view.forget();
    close(); // another paper is on the card
  };
  /** Another paper on the card: its card shows (the kernel lets go of the old text). */
  const follow = () => {
    if (!el.hidden && model.get("current_id") !== openFor) close();
  };
  back.addEventListener("click", close);
  el.addEventListener(BACK, close);
  model.on("change:fulltext", onChange);
  return {
    el,
    open,
    close,
    follow,
    isOpen: () => !el.hidden,
    destroy() {
      model.off("change:fulltext", onChange);
      view.forget();
    },
  };
}
