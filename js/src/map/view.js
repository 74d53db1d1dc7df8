// The corpus map view, shared by the Map widget and the Reader's Map tab: points on a canvas,
// topic labels as text (kept inside the frame), annotated papers ringed, hover titles, click
// to open, lasso to select, wheel/buttons to zoom. Painting a frame: paint.js.
// Feed text (labels, titles) goes into the DOM through textContent only.
import { h } from "../lib/dom.js";
import {
  colourFor, extent, fitView, gridIndex, nearestPoint, pointsInPolygon, sampleOrder, toData,
  typedArray, visiblePoints, zoomAt,
} from "./core.js";
import { countText, paintMarks, paintPoints, placeLabels } from "./paint.js";

export const DRAW_BUDGET = 20000; // points drawn per frame; more on screen: a sample, zoom refines
const CLICK_SLOP = 4; // px a press may move and still be a click
const HIT_RADIUS = 7; // px around a point that count as hitting it
const HEIGHT = 420;

/** @typedef {import("./core.js").MapData} MapData */
/** @typedef {import("./core.js").View} View */
/** @typedef {import("./paint.js").Lasso} Lasso */
/**
 * A pointer pressed on the canvas: where (screen), the view then, how far it has moved (px).
 * @typedef {{at: [number, number], view: View, moved: number}} Press
 */

/**
 * The view's data from a model with the traits of paperwidgets.widgets.map.MapData.state()
 * (`xy` float32 bytes, `labels`), of colour_values() (`values` uint8 bytes, `colour_by`) and
 * `annotated_positions` (the papers you annotated, ringed on the map).
 * @param {{get: (name: string) => any}} model
 * @returns {MapData}
 */
export function mapData(model) {
  return {
    xy: typedArray(model.get("xy"), Float32Array),
    values: typedArray(model.get("values"), Uint8Array),
    kind: model.get("colour_by") || "topic",
    labels: model.get("labels") || [],
    annotated: model.get("annotated_positions") || [],
  };
}

/**
 * @param {string} className
 * @param {string} text
 * @param {string} title
 * @param {() => void} onClick
 */
function toolButton(className, text, title, onClick) {
  const b = h("button", { type: "button", className: `pw-map-tool ${className}`, text, title });
  b.addEventListener("click", onClick);
  return b;
}

/**
 * The tool bar (lasso / pan, zoom, fit, the count) and the stage (canvas, labels, tooltip).
 * @param {MapView} map
 * @param {number | string} height
 */
function mapElements(map, height) {
  const canvas = h("canvas", { className: "pw-map-canvas" });
  const labels = h("div", { className: "pw-map-labels" });
  const tooltip = h("div", { className: "pw-map-tooltip" });
  const status = h("span", { className: "pw-map-count" });
  const stage = h("div", { className: "pw-map-stage" });
  stage.style.height = typeof height === "number" ? `${height}px` : height;
  stage.append(canvas, labels, tooltip);
  const modes = {
    lasso: toolButton("pw-map-lasso", "Lasso", "Drag to select points", () => map.setMode("lasso")),
    pan: toolButton("pw-map-pan", "Pan", "Drag to move the map", () => map.setMode("pan")),
  };
  const tools = h("div", { className: "pw-map-tools" });
  tools.append(
    modes.lasso, modes.pan,
    toolButton("pw-map-zoom-in", "+", "Zoom in", () => map.zoomBy(1.5)),
    toolButton("pw-map-zoom-out", "−", "Zoom out", () => map.zoomBy(1 / 1.5)),
    toolButton("pw-map-fit", "Fit", "Show the whole map", () => map.fit()),
    status,
  ); // prettier-ignore
  const el = h("div", { className: "pw-map-view" });
  el.append(tools, stage);
  return { el, canvas, labels, tooltip, status, stage, modes };
}

class MapView {
  /**
   * @param {HTMLElement} container
   * @param {MapData} data
   * @param {{onOpen: (position: number) => void, onSelect: (positions: number[]) => void,
   *   title?: (position: number) => Promise<string>, height: number | string}} options
   */
  constructor(container, data, { onOpen, onSelect, title, height }) {
    /** @type {{data: MapData, mode: string, selected: Set<number>, current: number, lasso: Lasso | null}} */
    this.state = { data, mode: "lasso", selected: new Set(), current: -1, lasso: null };
    this.onOpen = onOpen;
    this.onSelect = onSelect;
    this.title = title;
    /** @type {Map<number, string>} */
    this.titles = new Map(); // hover titles asked of the kernel, by position
    /** @type {Press | null} */
    this.press = null;
    /** @type {[number, number]} */
    this.lastHover = [0, 0];
    // declared for tsc (no-op reads): set by listen(), prepare() and fit(), below
    /** @type {ResizeObserver} */ this.resize;
    /** @type {Uint32Array} the drawing order */ this.order;
    /** @type {View} screen = data * k + t */ this.view;
    this.parts = mapElements(this, height);
    this.el = this.parts.el;
    container.replaceChildren(this.el);
    this.listen();
    this.parts.tooltip.hidden = true;
    this.setMode("lasso");
    this.prepare();
    requestAnimationFrame(() => this.fit());
  }

  listen() {
    const { canvas, tooltip, stage } = this.parts;
    canvas.addEventListener("pointerdown", (event) => this.onDown(event));
    canvas.addEventListener("pointermove", (event) => this.onMove(event));
    canvas.addEventListener("pointerup", (event) => this.onUp(event));
    canvas.addEventListener("pointerleave", () => (tooltip.hidden = true));
    canvas.addEventListener("wheel", (event) => this.onWheel(event), { passive: false });
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(stage);
  }

  prepare() {
    this.order = sampleOrder(this.state.data.xy.length / 2);
    /** @type {import("./core.js").Grid | null} */
    this.grid = null; // built on the first hover or click, not before the first draw
    this.fit(false);
    this.makeLabels();
  }

  /** @returns {[number, number]} */
  size() {
    const { stage } = this.parts;
    return [stage.clientWidth || 600, stage.clientHeight || HEIGHT];
  }

  fit(redraw = true) {
    const [w, hgt] = this.size();
    this.view = fitView(extent(this.state.data.xy), w, hgt);
    if (redraw) this.draw();
  }

  /**
   * @param {number} factor
   * @param {number} [sx]
   * @param {number} [sy]
   */
  zoomBy(factor, sx, sy) {
    const [w, hgt] = this.size();
    this.view = zoomAt(this.view, sx ?? w / 2, sy ?? hgt / 2, factor);
    this.draw();
  }

  /** @param {string} mode */
  setMode(mode) {
    this.state.mode = mode;
    for (const [name, b] of Object.entries(this.parts.modes)) b.setAttribute("aria-pressed", String(name === mode));
    this.parts.canvas.dataset.mode = mode;
  }

  makeLabels() {
    this.parts.labels.replaceChildren(
      ...this.state.data.labels.map((label) => {
        const span = h("span", { className: "pw-map-label", text: label.text });
        span.style.borderLeftColor = colourFor("topic", label.topic ?? 0);
        return span;
      }),
    );
  }

  /**
   * Fit the canvas to the stage (in device pixels) and return its context, cleared.
   * @param {number} w
   * @param {number} hgt
   */
  context(w, hgt) {
    const { canvas } = this.parts;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(hgt * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(hgt * ratio);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${hgt}px`;
    }
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d")); // a canvas with no other context
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    return ctx;
  }

  draw() {
    const [w, hgt] = this.size();
    const { canvas, labels, status } = this.parts;
    const ctx = this.context(w, hgt);
    const { data, selected } = this.state;
    const { points, onScreen } = visiblePoints(this.order, data.xy, this.view, w, hgt, DRAW_BUDGET);
    paintPoints(ctx, this.view, data, points, selected.size > 0);
    paintMarks(ctx, this.view, this.state, this.colours());
    placeLabels(/** @type {HTMLElement[]} */ ([...labels.children]), data.labels, this.view, w, hgt);
    status.textContent = countText(data.xy.length / 2, points.length, onScreen);
    canvas.dataset.view = JSON.stringify(this.view); // for tests and tools: screen = data * k + t
    canvas.dataset.drawn = String(points.length);
  }

  colours() {
    const style = getComputedStyle(this.el);
    return {
      accent: style.getPropertyValue("--pw-accent").trim() || "#1976d2",
      fg: style.getPropertyValue("--pw-fg").trim() || "#1f2328",
    };
  }

  /**
   * @param {MouseEvent} event
   * @returns {[number, number]}
   */
  local(event) {
    const rect = this.parts.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  /**
   * @param {number} sx
   * @param {number} sy
   */
  hit(sx, sy) {
    const [x, y] = toData(this.view, sx, sy);
    this.grid = this.grid || gridIndex(this.state.data.xy);
    return nearestPoint(this.grid, this.state.data.xy, x, y, HIT_RADIUS / this.view.k);
  }

  /**
   * @param {number} sx
   * @param {number} sy
   */
  async hover(sx, sy) {
    const { canvas, tooltip } = this.parts;
    const i = this.hit(sx, sy);
    canvas.style.cursor = i >= 0 ? "pointer" : this.state.mode === "pan" ? "grab" : "crosshair";
    if (i < 0 || !this.title) {
      tooltip.hidden = true;
      return;
    }
    if (!this.titles.has(i)) this.titles.set(i, await this.title(i));
    if (this.hit(...this.lastHover) !== i) return; // the pointer moved on meanwhile
    tooltip.textContent = /** @type {string} */ (this.titles.get(i));
    tooltip.style.transform = `translate(${Math.round(sx + 12)}px, ${Math.round(sy + 12)}px)`;
    tooltip.hidden = false;
  }

  /** @param {PointerEvent} event */
  onDown(event) {
    if (event.button !== 0) return;
    this.parts.canvas.setPointerCapture?.(event.pointerId);
    const at = this.local(event);
    this.press = { at, view: { ...this.view }, moved: 0 };
    if (this.state.mode === "lasso") this.state.lasso = [at];
  }

  /** @param {PointerEvent} event */
  onMove(event) {
    const at = this.local(event);
    const press = this.press;
    this.lastHover = at;
    if (!press) {
      this.hover(...at).catch(() => (this.parts.tooltip.hidden = true));
      return;
    }
    press.moved = Math.max(press.moved, Math.hypot(at[0] - press.at[0], at[1] - press.at[1]));
    if (this.state.mode === "pan") {
      this.view = { ...press.view, tx: press.view.tx + at[0] - press.at[0], ty: press.view.ty + at[1] - press.at[1] };
    } else {
      /** @type {Lasso} */ (this.state.lasso).push(at); // a press in lasso mode starts one
    }
    this.parts.tooltip.hidden = true;
    this.draw();
  }

  /** @param {PointerEvent} event */
  onUp(event) {
    if (!this.press) return;
    const at = this.local(event);
    const click = this.press.moved < CLICK_SLOP;
    const lasso = this.state.lasso;
    this.press = null;
    this.state.lasso = null;
    if (click) {
      const i = this.hit(...at);
      if (i >= 0) {
        this.state.current = i;
        this.onOpen(i);
      }
    } else if (lasso && lasso.length > 2) {
      this.select(pointsInPolygon(this.state.data.xy, lasso.map(([sx, sy]) => toData(this.view, sx, sy))));
      this.onSelect([...this.state.selected]);
    }
    this.draw();
  }

  /** @param {WheelEvent} event */
  onWheel(event) {
    event.preventDefault();
    this.zoomBy(Math.exp(-event.deltaY * 0.002), ...this.local(event));
  }

  /** @param {number[]} positions */
  select(positions) {
    this.state.selected = new Set(positions);
    this.draw();
  }

  /**
   * New data: changed coordinates re-fit the view, changed colours only redraw.
   * @param {Partial<MapData>} next
   */
  update(next) {
    const moved = next.xy !== undefined && next.xy !== this.state.data.xy;
    this.state.data = { ...this.state.data, ...next };
    if (moved) this.prepare();
    else if (next.labels) this.makeLabels();
    this.draw();
  }

  /**
   * Mark the paper shown elsewhere (e.g. the Reader's current one), -1 for none.
   * @param {number} position
   */
  focus(position) {
    this.state.current = position;
    this.draw();
  }

  destroy() {
    this.resize.disconnect();
  }
}

/**
 * Draw a map into `container`. `data` = {xy: Float32Array (x0, y0, x1, …), values: Uint8Array,
 * kind: "topic"|"rating"|"status"|"date", labels: [{text, x, y, topic}]}. Callbacks:
 * `onOpen(position)` on a click on a point, `onSelect(positions)` after a lasso,
 * `title(position)` → Promise of the hover text. Positions are row positions in the corpus.
 * Returns {el, update(data), select(positions), focus(position), destroy()}.
 * @param {HTMLElement} container
 * @param {MapData} data
 * @param {{onOpen?: (position: number) => void, onSelect?: (positions: number[]) => void,
 *   title?: (position: number) => Promise<string>, height?: number | string}} [options]
 */
export function drawMap(container, data, { onOpen = () => {}, onSelect = () => {}, title, height = HEIGHT } = {}) {
  return new MapView(container, data, { onOpen, onSelect, title, height });
}
