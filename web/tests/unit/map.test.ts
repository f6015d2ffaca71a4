import { describe, expect, it } from "vitest";
import type { FeatureCollection } from "geojson";
import type { Network, Shortage } from "../../src/api";
import { countByStatus, mapOption, placeSites, planarWorld, siteSizes, statusBySite } from "../../src/charts/map";

const base = { kind: "production", first_date: "", last_date: "", days: 0, cause: "", country: "KR", material: "m" };
const net: Network = {
  network: "t", materials: [], chokepoints: [{ id: "malacca", name: "Malacca", lat: 2.5, lon: 101 }],
  sites: [
    { id: "a", name: "A", country: "KR", lat: 37, lon: 127, makes: [] },
    { id: "b", name: "B", country: "CN", lat: 30, lon: 114, makes: [], capacity_per_day: 100 },
    { id: "c", name: "C", country: "US", lat: null, lon: null, makes: [] },
  ],
  lanes: [
    { id: "b->a", supplier: "b", buyer: "a", material: "m", chokepoints: [] },
    { id: "c->a", supplier: "c", buyer: "a", material: "m", chokepoints: [] },
  ],
};

describe("site status by day", () => {
  it("uses the run's site_status when present", () => {
    const s = statusBySite(4, { days: 4, codes: { 0: "normal", 1: "short", 2: "stopped" }, sites: [{ site: "a", status: [0, 1, 2, 0, 9] }] }, []);
    expect([...s.get("a")!]).toEqual([0, 1, 2, 0]);
  });
  it("derives it from the shortages otherwise: short over [first, last], stopped when total, worst wins", () => {
    const shortages: Shortage[] = [
      { ...base, site: "a", first_day: 1, last_day: 3, depth: 0.5 },
      { ...base, site: "a", first_day: 2, last_day: 2, depth: 1 },
      { ...base, site: "b", first_day: 4, last_day: 99, depth: 0.2 },
    ];
    const s = statusBySite(6, undefined, shortages);
    expect([...s.get("a")!]).toEqual([0, 1, 2, 1, 0, 0]);
    expect([...s.get("b")!]).toEqual([0, 0, 0, 0, 1, 1]);
    expect(countByStatus(["a", "b", "c"], s, 2)).toEqual([2, 0, 1]);
    expect(countByStatus(["a", "b", "c"], s, 4)).toEqual([2, 1, 0]);
  });
});

describe("map option", () => {
  it("places every site with coordinates once, in the series of its status", () => {
    const status = statusBySite(3, undefined, [{ ...base, site: "a", first_day: 0, last_day: 2, depth: 0.5 }]);
    const opt = mapOption(net, status, 1, { status: ["n", "s", "x"], chokepoint: "cp", lane: "l", siteName: (id) => id }) as { series: { name: string; data: { id?: string }[] }[] };
    const byName = Object.fromEntries(opt.series.map((s) => [s.name, s.data]));
    expect(byName.n.map((d) => d.id)).toEqual(["b"]);
    expect(byName.s.map((d) => d.id)).toEqual(["a"]);
    expect(byName.x).toEqual([]);
    expect(byName.cp).toHaveLength(1);
    expect(byName.l).toHaveLength(1); // the lane from c has no coordinates at one end
  });
  it("sizes by capacity where known, else by lanes, within 6–22 px", () => {
    const sizes = siteSizes(net);
    for (const v of sizes.values()) expect(v >= 6 && v <= 22).toBe(true);
    expect(sizes.get("b")).toBe(22); // √100 is the largest weight
  });
});

describe("placing sites without coordinates", () => {
  it("puts them near the mean of their country's located sites, marked, and leaves out countries with none", () => {
    const placed = placeSites([
      { id: "k1", country: "KR", lat: 36, lon: 127 },
      { id: "k2", country: "KR", lat: 38, lon: 129 },
      { id: "kagg", country: "KR", lat: null, lon: null },
      { id: "kagg2", country: "KR", lat: null, lon: null },
      { id: "xw", country: "XW", lat: null, lon: null },
    ]);
    expect(placed.map((s) => s.id)).toEqual(["k1", "k2", "kagg", "kagg2"]);
    const [k1, , agg, agg2] = placed;
    expect(k1.estimated).toBe(false);
    expect(agg.estimated).toBe(true);
    // 1.2 degrees from the mean (37, 128), and the second one elsewhere on the ring.
    expect(Math.hypot(agg.lat - 37, agg.lon - 128)).toBeCloseTo(1.2, 9);
    expect(Math.hypot(agg2.lat - 37, agg2.lon - 128)).toBeCloseTo(1.2, 9);
    expect(Math.hypot(agg.lat - agg2.lat, agg.lon - agg2.lon)).toBeGreaterThan(1);
  });
});

describe("planar world", () => {
  it("drops Antarctica and unwraps rings across the antimeridian", () => {
    const fc: FeatureCollection = { type: "FeatureCollection", features: [
      { type: "Feature", id: "010", properties: {}, geometry: { type: "Polygon", coordinates: [[[-180, -90], [180, -90], [180, -60], [-180, -90]]] } },
      { type: "Feature", id: "242", properties: {}, geometry: { type: "MultiPolygon", coordinates: [[[[179, -16], [-179.9, -16], [-179.9, -17], [179, -16]]]] } },
      { type: "Feature", id: "392", properties: {}, geometry: { type: "Polygon", coordinates: [[[130, 30], [140, 30], [140, 40], [130, 30]]] } },
    ] };
    const out = planarWorld(fc);
    expect(out.features.map((f) => f.id)).toEqual(["242", "392"]);
    const fiji = (out.features[0].geometry as { coordinates: number[][][][] }).coordinates[0][0];
    [179, 180.1, 180.1, 179].forEach((lon, i) => expect(fiji[i][0]).toBeCloseTo(lon, 9));
    expect((out.features[1].geometry as { coordinates: number[][][] }).coordinates[0][0]).toEqual([130, 30]);
  });
});
