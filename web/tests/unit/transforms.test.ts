import { describe, expect, it } from "vitest";
import type { Flow } from "../../src/api";
import { histogram, sankeyData } from "../../src/transforms";

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

describe("sankey data", () => {
  const f = (period: Flow["period"], from: string, to: string, q: number, material = "anode"): Flow =>
    ({ period, from_country: from, to_country: to, material, stage: "component", quantity_per_day: q, unit: "t" });
  const flows = [f("baseline", "CN", "KR", 10), f("baseline", "CN", "KR", 5), f("baseline", "CN", "CN", 30),
    f("disruption", "JP", "KR", 2), f("baseline", "CN", "US", 0), f("baseline", "CN", "US", 7, "other")];
  it("sums flows per country pair of one period and material, exporters left, importers right", () => {
    const d = sankeyData(flows, "baseline", "anode", (c) => c);
    expect(d.links).toEqual([{ source: "CN ▸", target: "▸ KR", value: 15 }, { source: "CN ▸", target: "▸ CN", value: 30 }]);
    expect(d.nodes.map((n) => n.name).sort()).toEqual(["CN ▸", "▸ CN", "▸ KR"]);
  });
  it("keeps a country's own use acyclic and drops empty flows", () => {
    const d = sankeyData(flows, "disruption", "anode", (c) => c);
    expect(d.links).toEqual([{ source: "JP ▸", target: "▸ KR", value: 2 }]);
    expect(sankeyData(flows, "disruption", "other", (c) => c).links).toEqual([]);
  });
});
