import { describe, expect, it } from "vitest";
import { TOPIC_COLOURS } from "../src/lib/constants.js";
import {
  colourFor, extent, fitView, gridIndex, nearestPoint, pointInPolygon,
  pointsInPolygon, sampleOrder, toData, toScreen, typedArray, visiblePoints, zoomAt,
} from "../src/map/core.js";

const xy = new Float32Array([0, 0, 1, 0, 0, 1, 1, 1, 0.5, 0.5]);

describe("binary traits", () => {
  it("reads float32 coordinates from a DataView at any offset", () => {
    const bytes = new Uint8Array(4 + xy.byteLength);
    bytes.set(new Uint8Array(xy.buffer), 4);
    const view = new DataView(bytes.buffer, 4, xy.byteLength); // not 4-aligned for Float32Array
    expect([...typedArray(view, Float32Array)]).toEqual([...xy]);
    expect(typedArray(null, Uint8Array).length).toBe(0);
  });
});

describe("view transform", () => {
  it("fits the extent and maps back and forth", () => {
    expect(extent(xy)).toEqual({ x0: 0, x1: 1, y0: 0, y1: 1 });
    const view = fitView(extent(xy), 200, 100, 10);
    expect(view.k).toBe(80);
    const [sx, sy] = toScreen(view, 0.5, 0.5);
    expect([sx, sy]).toEqual([100, 50]);
    expect(toData(view, sx, sy)).toEqual([0.5, 0.5]);
  });
  it("zooms around the pointer, which stays put", () => {
    const view = fitView(extent(xy), 200, 100);
    const before = toData(view, 30, 40);
    const after = toData(zoomAt(view, 30, 40, 2), 30, 40);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
  });
});

describe("drawing order", () => {
  it("is a seeded permutation", () => {
    const order = sampleOrder(1000, 7);
    expect(new Set(order).size).toBe(1000);
    expect([...order]).toEqual([...sampleOrder(1000, 7)]);
    expect([...order.slice(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it("draws a sample of a crowded view and everything once zoomed in", () => {
    const n = 50000;
    const many = new Float32Array(2 * n).map((_, i) => (i * 0.6180339) % 1);
    const view = fitView(extent(many), 400, 400, 0);
    const order = sampleOrder(n);
    const wide = visiblePoints(order, many, view, 400, 400, 20000);
    expect(wide.points.length).toBe(20000);
    expect(wide.onScreen).toBe(n);
    const close = visiblePoints(order, many, zoomAt(view, 0, 0, 20), 400, 400, 20000);
    expect(close.points.length).toBe(close.onScreen);
    expect(close.onScreen).toBeLessThan(20000);
  });
});

describe("hit tests and lasso", () => {
  it("finds the nearest point within a radius", () => {
    const grid = gridIndex(xy, 4);
    expect(nearestPoint(grid, xy, 0.95, 0.02, 0.1)).toBe(1);
    expect(nearestPoint(grid, xy, 0.52, 0.49, 0.1)).toBe(4);
    expect(nearestPoint(grid, xy, 0.25, 0.75, 0.1)).toBe(-1);
  });
  it("selects the points inside a polygon", () => {
    const triangle = [[-0.1, -0.1], [1.2, -0.1], [-0.1, 1.2]];
    expect(pointInPolygon(0.2, 0.2, triangle)).toBe(true);
    expect(pointInPolygon(1, 1, triangle)).toBe(false);
    expect(pointsInPolygon(xy, triangle)).toEqual([0, 1, 2, 4]);
    expect(pointsInPolygon(xy, [[0, 0], [1, 1]])).toEqual([]);
  });
});

describe("colours", () => {
  it("cycles the topic palette and greys out missing values", () => {
    expect(colourFor("topic", 0)).toBe(TOPIC_COLOURS[0]);
    expect(colourFor("topic", TOPIC_COLOURS.length)).toBe(TOPIC_COLOURS[0]);
    expect(colourFor("rating", 0)).toBe(colourFor("date", 0));
    expect(colourFor("rating", 5)).not.toBe(colourFor("rating", 1));
    expect(colourFor("status", 2)).not.toBe(colourFor("status", 0));
  });
});
