// Painting one frame of the corpus map on its canvas: the points (grouped by colour), rings
// for annotated, selected and current papers, the lasso, and the topic labels placed without
// overlaps and kept inside the frame. Pure drawing: the view (view.js) owns the state.
import { colourFor, toScreen } from "./core.js";

/** @typedef {import("./core.js").View} View */
/** @typedef {import("./core.js").MapData} MapData */
/** @typedef {[number, number][]} Lasso the lasso's screen points */

/**
 * Fill the points (positions) of `data` in `view`; dimmed while a selection exists.
 * @param {CanvasRenderingContext2D} ctx
 * @param {View} view
 * @param {Pick<MapData, "xy" | "values" | "kind">} data
 * @param {number[]} points
 * @param {boolean} dim
 */
export function paintPoints(ctx, view, { xy, values, kind }, points, dim) {
  const radius = points.length > 5000 ? 1.5 : 3;
  /** @type {Map<number, number[]>} */
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

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {View} view
 * @param {Float32Array} xy
 * @param {number} i
 * @param {number} r
 * @param {string} colour
 * @param {number} width
 */
function ring(ctx, view, xy, i, r, colour, width) {
  const [sx, sy] = toScreen(view, xy[2 * i], xy[2 * i + 1]);
  ctx.beginPath();
  ctx.arc(sx, sy, r, 0, 2 * Math.PI);
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.stroke();
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {Lasso} lasso
 * @param {string} colour
 */
function paintLasso(ctx, lasso, colour) {
  ctx.beginPath();
  lasso.forEach(([x, y], j) => (j ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
  ctx.closePath();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  ctx.stroke();
  ctx.setLineDash([]);
}

/**
 * Rings: annotated papers (text colour), the selection and the current paper (accent), and
 * the lasso being drawn; `colours` = {accent, fg}.
 * @param {CanvasRenderingContext2D} ctx
 * @param {View} view
 * @param {{data: MapData, selected: Iterable<number>, current: number, lasso: Lasso | null}} state
 * @param {{accent: string, fg: string}} colours
 */
export function paintMarks(ctx, view, { data, selected, current, lasso }, { accent, fg }) {
  for (const i of data.annotated || []) ring(ctx, view, data.xy, i, 4.5, fg, 1.25);
  for (const i of selected) ring(ctx, view, data.xy, i, 5, accent, 2);
  if (current >= 0) ring(ctx, view, data.xy, current, 7, accent, 3);
  if (lasso && lasso.length > 1) paintLasso(ctx, lasso, accent);
}

/** @typedef {{x: number, y: number, w: number, h: number}} Rect a label's box on screen */

const overlaps = (/** @type {Rect} */ a, /** @type {Rect} */ b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Move the label spans to their topics; the biggest topics first, a clashing label is hidden.
 * @param {HTMLElement[]} spans
 * @param {import("./core.js").Label[]} labels
 * @param {View} view
 * @param {number} w
 * @param {number} hgt
 */
export function placeLabels(spans, labels, view, w, hgt) {
  /** @type {Rect[]} */
  const placed = [];
  const bySize = labels.map((l, i) => i).sort((a, b) => (labels[b].size || 0) - (labels[a].size || 0));
  for (const i of bySize) {
    const [sx, sy] = toScreen(view, labels[i].x, labels[i].y);
    const span = spans[i];
    const [lw, lh] = [span.offsetWidth, span.offsetHeight];
    const outside = sx < 0 || sy < 0 || sx > w || sy > hgt;
    // a label near an edge slides inwards: never cut off by the frame
    const x = Math.min(Math.max(sx - lw / 2, 2), Math.max(2, w - lw - 2));
    const y = Math.min(Math.max(sy - lh / 2, 2), Math.max(2, hgt - lh - 2));
    span.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    const box = { x, y, w: lw, h: lh };
    span.hidden = outside || placed.some((b) => overlaps(box, b));
    if (!span.hidden) placed.push(box);
  }
}

/**
 * The count line under the tools: all papers, and how many are drawn when sampled.
 * @param {number} total
 * @param {number} drawn
 * @param {number} onScreen
 * @returns {string}
 */
export function countText(total, drawn, onScreen) {
  const n = (/** @type {number} */ x) => x.toLocaleString("en-US");
  return drawn < onScreen ? `${n(total)} papers · showing ${n(drawn)} of ${n(onScreen)} here: zoom in for all` : `${n(total)} papers`;
}
