// The corpus map view, shared by the Map widget and the Reader's Map tab: points on a canvas,
// topic labels as text (kept inside the frame), annotated papers ringed, hover titles, click
// to open, lasso to select, wheel/buttons to zoom.
// Feed text (labels, titles) goes into the DOM through textContent only.
import { h } from "./lib/dom.js";
import {
  colourFor, extent, fitView, gridIndex, nearestPoint, pointsInPolygon, sampleOrder, toData,
  toScreen, typedArray, visiblePoints, zoomAt,
} from "./lib/map-core.js";

export const DRAW_BUDGET = 20000; // points drawn per frame; more on screen: a sample, zoom refines
const CLICK_SLOP = 4; // px a press may move and still be a click
const HIT_RADIUS = 7; // px around a point that count as hitting it
const HEIGHT = 420;

/**
 * The view's data from a model with the traits of paperwidgets.widgets.map.MapData.state()
 * (`xy` float32 bytes, `labels`), of colour_values() (`values` uint8 bytes, `colour_by`) and
 * `annotated_positions` (the papers you annotated, ringed on the map).
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

function toolButton(className, text, title, onClick) {
  const b = h("button", { type: "button", className: `pw-map-tool ${className}`, text, title });
  b.addEventListener("click", onClick);
  return b;
}

/**
 * Draw a map into `container`. `data` = {xy: Float32Array (x0, y0, x1, …), values: Uint8Array,
 * kind: "topic"|"rating"|"status"|"date", labels: [{text, x, y, topic}]}. Callbacks:
 * `onOpen(position)` on a click on a point, `onSelect(positions)` after a lasso,
 * `title(position)` → Promise of the hover text. Positions are row positions in the corpus.
 * Returns {el, update(data), select(positions), focus(position), destroy()}.
 * @param {HTMLElement} container
 * @param {any} data
 * @param {{onOpen?: (position: number) => void, onSelect?: (positions: number[]) => void,
 *   title?: (position: number) => Promise<string>, height?: number | string}} [options]
 */
export function drawMap(container, data, { onOpen = () => {}, onSelect = () => {}, title, height = HEIGHT } = {}) {
  const state = { data, mode: "lasso", selected: new Set(), current: -1, lasso: null };
  const canvas = h("canvas", { className: "pw-map-canvas" });
  const labels = h("div", { className: "pw-map-labels" });
  const tooltip = h("div", { className: "pw-map-tooltip" });
  const status = h("span", { className: "pw-map-count" });
  const stage = h("div", { className: "pw-map-stage" });
  stage.style.height = typeof height === "number" ? `${height}px` : height;
  stage.append(canvas, labels, tooltip);
  const modes = {
    lasso: toolButton("pw-map-lasso", "Lasso", "Drag to select points", () => setMode("lasso")),
    pan: toolButton("pw-map-pan", "Pan", "Drag to move the map", () => setMode("pan")),
  };
  const tools = h("div", { className: "pw-map-tools" });
  tools.append(
    modes.lasso, modes.pan,
    toolButton("pw-map-zoom-in", "+", "Zoom in", () => zoomBy(1.5)),
    toolButton("pw-map-zoom-out", "−", "Zoom out", () => zoomBy(1 / 1.5)),
    toolButton("pw-map-fit", "Fit", "Show the whole map", () => fit()),
    status,
  ); // prettier-ignore
  const el = h("div", { className: "pw-map-view" });
  el.append(tools, stage);
  container.replaceChildren(el);

  let order, grid, view;
  function prepare() {
    order = sampleOrder(state.data.xy.length / 2);
    grid = null; // built on the first hover or click, not before the first draw
    fit(false);
    placeLabels();
  }

  function size() {
    return [stage.clientWidth || 600, stage.clientHeight || HEIGHT];
  }

  function fit(redraw = true) {
    const [w, hgt] = size();
    view = fitView(extent(state.data.xy), w, hgt);
    if (redraw) draw();
  }

  function zoomBy(factor, sx, sy) {
    const [w, hgt] = size();
    view = zoomAt(view, sx ?? w / 2, sy ?? hgt / 2, factor);
    draw();
  }

  function setMode(mode) {
    state.mode = mode;
    for (const [name, b] of Object.entries(modes)) b.setAttribute("aria-pressed", String(name === mode));
    canvas.dataset.mode = mode;
  }

  function placeLabels() {
    labels.replaceChildren(
      ...state.data.labels.map((label) => {
        const span = h("span", { className: "pw-map-label", text: label.text });
        span.style.borderLeftColor = colourFor("topic", label.topic ?? 0);
        return span;
      }),
    );
  }

  function draw() {
    const [w, hgt] = size();
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(hgt * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(hgt * ratio);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${hgt}px`;
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, hgt);
    const { points, onScreen } = visiblePoints(order, state.data.xy, view, w, hgt, DRAW_BUDGET);
    drawPoints(ctx, points);
    drawMarks(ctx);
    moveLabels(w, hgt);
    const total = state.data.xy.length / 2;
    status.textContent = points.length < onScreen
      ? `${total.toLocaleString("en-US")} papers · showing ${points.length.toLocaleString("en-US")} of ${onScreen.toLocaleString("en-US")} here: zoom in for all`
      : `${total.toLocaleString("en-US")} papers`;
    canvas.dataset.view = JSON.stringify(view); // for tests and tools: screen = data * k + t
    canvas.dataset.drawn = String(points.length);
  }

  function drawPoints(ctx, points) {
    const { xy, values, kind } = state.data;
    const dim = state.selected.size > 0;
    const radius = points.length > 5000 ? 1.5 : 3;
    const byValue = new Map();
    for (const i of points) {
      const value = values[i] ?? 0;
      const group = byValue.get(value);
      if (group) group.push(i);
      else byValue.set(value, [i]);
    }
    for (const [value, group] of byValue) {
      ctx.fillStyle = colourFor(kind, value);
      ctx.globalAlpha = dim ? 0.3 : 0.8;
      for (const i of group) {
        const [sx, sy] = toScreen(view, xy[2 * i], xy[2 * i + 1]);
        ctx.fillRect(sx - radius, sy - radius, 2 * radius, 2 * radius);
      }
    }
    ctx.globalAlpha = 1;
  }

  function ring(ctx, i, r, colour, width) {
    const [sx, sy] = toScreen(view, state.data.xy[2 * i], state.data.xy[2 * i + 1]);
    ctx.beginPath();
    ctx.arc(sx, sy, r, 0, 2 * Math.PI);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  function drawMarks(ctx) {
    const accent = getComputedStyle(el).getPropertyValue("--pw-accent").trim() || "#1976d2";
    const fg = getComputedStyle(el).getPropertyValue("--pw-fg").trim() || "#1f2328";
    for (const i of state.data.annotated || []) ring(ctx, i, 4.5, fg, 1.25);
    for (const i of state.selected) ring(ctx, i, 5, accent, 2);
    if (state.current >= 0) ring(ctx, state.current, 7, accent, 3);
    if (state.lasso && state.lasso.length > 1) {
      ctx.beginPath();
      state.lasso.forEach(([x, y], j) => (j ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.closePath();
      ctx.strokeStyle = accent;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  function moveLabels(w, hgt) {
    const placed = [];
    const spans = /** @type {HTMLElement[]} */ ([...labels.children]);
    const bySize = state.data.labels.map((l, i) => i).sort((a, b) => (state.data.labels[b].size || 0) - (state.data.labels[a].size || 0));
    for (const i of bySize) {
      const [sx, sy] = toScreen(view, state.data.labels[i].x, state.data.labels[i].y);
      const span = spans[i];
      const [lw, lh] = [span.offsetWidth, span.offsetHeight];
      const outside = sx < 0 || sy < 0 || sx > w || sy > hgt;
      // a label near an edge slides inwards: never cut off by the frame
      const x = Math.min(Math.max(sx - lw / 2, 2), Math.max(2, w - lw - 2));
      const y = Math.min(Math.max(sy - lh / 2, 2), Math.max(2, hgt - lh - 2));
      span.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      const box = { x, y, w: lw, h: lh };
      const clash = placed.some((b) => box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h);
      span.hidden = clash || outside;
      if (!span.hidden) placed.push(box);
    }
  }

  function local(event) {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  function hit(sx, sy) {
    const [x, y] = toData(view, sx, sy);
    grid = grid || gridIndex(state.data.xy);
    return nearestPoint(grid, state.data.xy, x, y, HIT_RADIUS / view.k);
  }

  const titles = new Map();
  async function hover(sx, sy) {
    const i = hit(sx, sy);
    canvas.style.cursor = i >= 0 ? "pointer" : state.mode === "pan" ? "grab" : "crosshair";
    if (i < 0 || !title) {
      tooltip.hidden = true;
      return;
    }
    if (!titles.has(i)) titles.set(i, await title(i));
    if (hit(...lastHover) !== i) return; // the pointer moved on meanwhile
    tooltip.textContent = titles.get(i);
    tooltip.style.transform = `translate(${Math.round(sx + 12)}px, ${Math.round(sy + 12)}px)`;
    tooltip.hidden = false;
  }

  let press = null;
  let lastHover = [0, 0];
  function onDown(event) {
    if (event.button !== 0) return;
    canvas.setPointerCapture?.(event.pointerId);
    const at = local(event);
    press = { at, view: { ...view }, moved: 0 };
    if (state.mode === "lasso") state.lasso = [at];
  }

  function onMove(event) {
    const at = local(event);
    lastHover = at;
    if (!press) {
      hover(...at).catch(() => (tooltip.hidden = true));
      return;
    }
    press.moved = Math.max(press.moved, Math.hypot(at[0] - press.at[0], at[1] - press.at[1]));
    if (state.mode === "pan") {
      view = { ...press.view, tx: press.view.tx + at[0] - press.at[0], ty: press.view.ty + at[1] - press.at[1] };
    } else {
      state.lasso.push(at);
    }
    tooltip.hidden = true;
    draw();
  }

  function onUp(event) {
    if (!press) return;
    const at = local(event);
    const click = press.moved < CLICK_SLOP;
    const lasso = state.lasso;
    press = null;
    state.lasso = null;
    if (click) {
      const i = hit(...at);
      if (i >= 0) {
        state.current = i;
        onOpen(i);
      }
    } else if (lasso && lasso.length > 2) {
      select(pointsInPolygon(state.data.xy, lasso.map(([sx, sy]) => toData(view, sx, sy))));
      onSelect([...state.selected]);
    }
    draw();
  }

  function onWheel(event) {
    event.preventDefault();
    zoomBy(Math.exp(-event.deltaY * 0.002), ...local(event));
  }

  function select(positions) {
    state.selected = new Set(positions);
    draw();
  }

  canvas.addEventListener("pointerdown", onDown);
  canvas.addEventListener("pointermove", onMove);
  canvas.addEventListener("pointerup", onUp);
  canvas.addEventListener("pointerleave", () => (tooltip.hidden = true));
  canvas.addEventListener("wheel", onWheel, { passive: false });
  const resize = new ResizeObserver(() => draw());
  resize.observe(stage);
  tooltip.hidden = true;
  setMode("lasso");
  prepare();
  requestAnimationFrame(() => fit());

  return {
    el,
    /** New data: changed coordinates re-fit the view, changed colours only redraw. */
    update(next) {
      const moved = next.xy !== undefined && next.xy !== state.data.xy;
      state.data = { ...state.data, ...next };
      if (moved) prepare();
      else if (next.labels) placeLabels();
      draw();
    },
    select,
    /** Mark the paper shown elsewhere (e.g. the Reader's current one), -1 for none. */
    focus(position) {
      state.current = position;
      draw();
    },
    destroy() {
      resize.disconnect();
    },
  };
}
