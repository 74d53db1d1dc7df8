// The annotation panel's one-click fields: reading status (segmented buttons) and rating
// (five stars; the rated star again clears it). They show a state and report clicks.
import { RATING } from "../lib/constants.js";
import { h } from "../lib/dom.js";
import { button } from "./parts.js";

/**
 * A labelled group of buttons, one per value; `pressed(value)` says which look pressed.
 * @param {string} className
 * @param {string} label
 * @param {HTMLButtonElement[]} buttons
 * @param {(value: string | undefined) => boolean} pressed
 */
function buttonGroup(className, label, buttons, pressed) {
  const el = h("div", { className });
  el.setAttribute("aria-label", label);
  el.append(...buttons);
  const press = () => buttons.forEach((b) => b.setAttribute("aria-pressed", String(pressed(b.dataset.value))));
  return { el, press };
}

/**
 * @template V
 * @param {string} className
 * @param {string} text
 * @param {V} value
 * @param {(value: V) => void} onPick
 * @param {string} [title]
 */
function valueButton(className, text, value, onPick, title = "") {
  const b = button(className, text, () => onPick(value), title);
  b.dataset.value = String(value);
  return b;
}

/**
 * Status buttons and stars: `onStatus(status)`, `onRate(n)` on a click. Returns {status, rating}.
 * @param {string[]} statuses
 * @param {{onStatus: (status: string) => void, onRate: (rating: number) => void}} handlers
 */
export function choiceFields(statuses, { onStatus, onRate }) {
  /** @type {string | null} */
  let status = null;
  /** @type {number | null} */
  let rating = null;
  const statusButtons = statuses.map((s) => valueButton("pw-seg", s, s, onStatus));
  for (const b of statusButtons) b.dataset.status = b.dataset.value;
  const statusBox = buttonGroup("pw-status", "Reading status", statusButtons, (value) => value === status);
  const ratings = Array.from({ length: RATING.max - RATING.min + 1 }, (_, i) => RATING.min + i);
  const stars = ratings.map((n) => valueButton("pw-star", "★", n, onRate, `Rate ${n}`));
  const ratingBox = buttonGroup("pw-rating", "Rating", stars, (value) => Number(value) <= (rating || 0));
  return {
    status: {
      el: statusBox.el,
      draw(/** @type {string | null} */ value) {
        status = value;
        statusBox.press();
      },
    },
    rating: {
      el: ratingBox.el,
      draw(/** @type {number | null} */ value) {
        rating = value;
        ratingBox.press();
        ratingBox.el.dataset.rating = String(value || "");
      },
    },
  };
}
