// DOM-free helpers of the corpus map: binary traits to typed arrays, the view transform,
// the drawing order (a fixed sample first, so a big map refines as you zoom), hit tests
// (grid), lasso selection (point in polygon) and colour scales.
import { TOPIC_COLOURS } from "../lib/constants.js";

/**
 * Interleaved x, y data coordinates; a view (screen = data * k + t); a data box; the hit-test grid.
 * @typedef {ArrayLike<number>} Coords
 * @typedef {{k: number, tx: number, ty: number}} View
 * @typedef {{x0: number, x1: number, y0: number, y1: number}} Box
 * @typedef {{cells: number, size: number, box: Box, buckets: Map<number, number[]>}} Grid
 */
/**
 * The map's data (view.js's mapData): coordinates, each point's colour value under `kind`,
 * the topic labels at their data positions, and the positions of the papers you annotated.
 * @typedef {{text?: string, x: number, y: number, size?: number, topic?: number}} Label
 * @typedef {{xy: Float32Array, values: Uint8Array, kind: string, labels: Label[], annotated: number[]}} MapData
 */

/**
 * A Float32Array / Uint8Array copy of a binary trait (a DataView, ArrayBuffer or typed array).
 * @template {Float32Array | Uint8Array} T
 * @param {ArrayBuffer | ArrayBufferView | null | undefined} value
 * @param {new (data: ArrayBufferLike | number) => T} Type
 * @returns {T}
 */
export function typedArray(value, Type) {
  if (!value) return new Type(0);
  const view = ArrayBuffer.isView(value) ? value : new Uint8Array(value);
  const bytes = view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
  return new Type(bytes); // a copy: the offset of a message buffer need not be aligned
}

/**
 * Bounds of interleaved x, y coordinates: {x0, x1, y0, y1} (a unit box when empty).
 * @param {Coords} xy
 * @returns {Box}
 */
export function extent(xy) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    if (xy[i] < x0) x0 = xy[i];
    if (xy[i] > x1) x1 = xy[i];
    if (xy[i + 1] < y0) y0 = xy[i + 1];
    if (xy[i + 1] > y1) y1 = xy[i + 1];
  }
  return x0 <= x1 ? { x0, x1, y0, y1 } : { x0: -1, x1: 1, y0: -1, y1: 1 };
}

/**
 * The view {k, tx, ty} (screen = data * k + t) that fits an extent in width x height.
 * @param {Box} box
 * @param {number} width
 * @param {number} height
 * @param {number} [pad]
 * @returns {View}
 */
export function fitView(box, width, height, pad = 24) {
  const spanX = Math.max(box.x1 - box.x0, 1e-9);
  const spanY = Math.max(box.y1 - box.y0, 1e-9);
  const k = Math.max(Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY), 1e-9);
  return {
    k,
    tx: width / 2 - ((box.x0 + box.x1) / 2) * k,
    ty: height / 2 - ((box.y0 + box.y1) / 2) * k,
  };
}

/**
 * Screen position of a data point.
 * @param {View} view
 * @param {number} x
 * @param {number} y
 * @returns {[number, number]}
 */
export function toScreen(view, x, y) {
  return [x * view.k + view.tx, y * view.k + view.ty];
}

/**
 * Data position of a screen point.
 * @param {View} view
 * @param {number} sx
 * @param {number} sy
 * @returns {[number, number]}
 */
export function toData(view, sx, sy) {
  return [(sx - view.tx) / view.k, (sy - view.ty) / view.k];
}

/**
 * The view zoomed by `factor` around the screen point (sx, sy), which stays in place.
 * @param {View} view
 * @param {number} sx
 * @param {number} sy
 * @param {number} factor
 * @returns {View}
 */
export function zoomAt(view, sx, sy, factor) {
  const k = view.k * factor;
  return { k, tx: sx - (sx - view.tx) * factor, ty: sy - (sy - view.ty) * factor };
}

/**
 * A seeded permutation of 0..n-1 (mulberry32 + Fisher–Yates): the drawing order.
 * @param {number} n
 * @param {number} [seed]
 * @returns {Uint32Array}
 */
export function sampleOrder(n, seed = 1) {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/**
 * The points to draw in this view: those on screen, in sample order, at most `budget`.
 * Returns {points, onScreen}: zooming in leaves fewer points on screen, so all get drawn.
 * @param {ArrayLike<number>} order
 * @param {Coords} xy
 * @param {View} view
 * @param {number} width
 * @param {number} height
 * @param {number} budget
 * @returns {{points: number[], onScreen: number}}
 */
export function visiblePoints(order, xy, view, width, height, budget) {
  /** @type {number[]} */
  const points = [];
  let onScreen = 0;
  for (let o = 0; o < order.length; o++) {
    const i = order[o];
    const sx = xy[2 * i] * view.k + view.tx;
    const sy = xy[2 * i + 1] * view.k + view.ty;
    if (sx < -4 || sy < -4 || sx > width + 4 || sy > height + 4) continue;
    onScreen++;
    if (points.length < budget) points.push(i);
  }
  return { points, onScreen };
}

/**
 * A uniform grid over the data for hit tests: {cells, size, box, buckets}.
 * @param {Coords} xy
 * @param {number} [cells]
 * @returns {Grid}
 */
export function gridIndex(xy, cells = 64) {
  const box = extent(xy);
  const size = Math.max(box.x1 - box.x0, box.y1 - box.y0, 1e-9) / cells;
  /** @type {Map<number, number[]>} */
  const buckets = new Map();
  for (let i = 0; i < xy.length / 2; i++) {
    const key = cellKey(cells, Math.floor((xy[2 * i] - box.x0) / size), Math.floor((xy[2 * i + 1] - box.y0) / size));
    const bucket = buckets.get(key);
    if (bucket) bucket.push(i);
    else buckets.set(key, [i]);
  }
  return { cells, size, box, buckets };
}

/**
 * @param {number} cells
 * @param {number} gx
 * @param {number} gy
 */
function cellKey(cells, gx, gy) {
  return gx * (cells + 2) + gy; // a number: no string per point
}

/**
 * The point nearest to data position (x, y) within `radius` (data units), or -1.
 * @param {Grid} grid
 * @param {Coords} xy
 * @param {number} x
 * @param {number} y
 * @param {number} radius
 * @returns {number}
 */
export function nearestPoint(grid, xy, x, y, radius) {
  const { box, size, buckets, cells } = grid;
  const reach = Math.ceil(radius / size);
  const cx = Math.floor((x - box.x0) / size);
  const cy = Math.floor((y - box.y0) / size);
  let best = -1;
  let bestDistance = radius * radius;
  for (let gx = Math.max(cx - reach, 0); gx <= Math.min(cx + reach, cells); gx++) {
    for (let gy = Math.max(cy - reach, 0); gy <= Math.min(cy + reach, cells); gy++) {
      for (const i of buckets.get(cellKey(cells, gx, gy)) || []) {
        const d = (xy[2 * i] - x) ** 2 + (xy[2 * i + 1] - y) ** 2;
        if (d <= bestDistance) [best, bestDistance] = [i, d];
      }
    }
  }
  return best;
}

/**
 * Whether (x, y) lies inside the polygon [[x, y], …] (even–odd rule).
 * @param {number} x
 * @param {number} y
 * @param {[number, number][]} polygon
 * @returns {boolean}
 */
export function pointInPolygon(x, y, polygon) {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Positions of the points inside a polygon given in data coordinates.
 * @param {Coords} xy
 * @param {[number, number][]} polygon
 * @returns {number[]}
 */
export function pointsInPolygon(xy, polygon) {
  if (polygon.length < 3) return [];
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  /** @type {number[]} */
  const found = [];
  for (let i = 0; i < xy.length / 2; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    if (x >= x0 && x <= x1 && y >= y0 && y <= y1 && pointInPolygon(x, y, polygon)) found.push(i);
  }
  return found;
}

const NONE = "#b8bec6";
const STATUS_COLOURS = [NONE, "#f28e2b", "#59a14f", "#9c755f"]; // unread reading read skipped
const RAMP = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]; // viridis

/**
 * @param {number} t
 */
function ramp(t) {
  const at = Math.min(Math.max(t, 0), 1) * (RAMP.length - 1);
  const i = Math.min(Math.floor(at), RAMP.length - 2);
  const f = at - i;
  const rgb = RAMP[i].map((c, j) => Math.round(c + (RAMP[i + 1][j] - c) * f));
  return `rgb(${rgb.join(",")})`;
}

/**
 * The colour of a point's uint8 value under a colouring (topic, rating, status, date).
 * @param {string} kind
 * @param {number} value
 * @returns {string}
 */
export function colourFor(kind, value) {
  switch (kind) {
    case "topic":
      return TOPIC_COLOURS[value % TOPIC_COLOURS.length];
    case "rating":
      return value ? ramp((value - 1) / 4) : NONE;
    case "status":
      return STATUS_COLOURS[value] || NONE;
    case "date":
      return value ? ramp((value - 1) / 254) : NONE;
    default:
      return NONE;
  }
}
