import { describe, expect, it } from "vitest";
import { histogram } from "../../src/transforms";

describe("histogram", () => {
  it("counts every finite value once in equal bins", () => {
    const { edges, counts } = histogram([0, 0, 1, 2, 3, 4, NaN], 4);
    expect(edges).toEqual([0, 1, 2, 3]);
    expect(counts).toEqual([2, 1, 1, 2]); // the maximum falls in the last bin
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
  });
  it("puts equal values in one bin", () => {
    expect(histogram([5, 5, 5])).toEqual({ edges: [5], counts: [3] });
    expect(histogram([])).toEqual({ edges: [0], counts: [0] });
  });
});
