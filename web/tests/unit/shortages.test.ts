import { describe, expect, it } from "vitest";
import type { Material, Shortage } from "../../src/api";
import { distinct, filterRows, regionOf, shortageRows, sortRows, toCsv } from "../../src/charts/shortages";

const materials: Material[] = [
  { id: "anode_material", name: "Anode", unit: "t", stage: "component" },
  { id: "spherical_graphite", name: "Spherical graphite", unit: "t", stage: "refining" },
];
const base = { kind: "production", first_date: "2026-01-25", last_date: "2026-07-01", depth: 1, cause: "x" };
const shortages: Shortage[] = [
  { ...base, site: "kr_posco", material: "spherical_graphite", country: "KR", first_day: 24, last_day: 181, days: 158, shortfall_gwh: 0 },
  { ...base, site: "us_nv", material: "anode_material", country: "US", first_day: 95, last_day: 197, days: 103, depth: 0.82, shortfall_gwh: 5.7, cause: 'blocked, "CN" lane\nby ban' },
  { ...base, site: "de_cells", material: "anode_material", country: "DE", first_day: 95, last_day: 150, days: 56, shortfall_gwh: 1.5 },
];
const groups = [
  { id: "g7", members: ["US", "DE", "JP"] },                          // not a region: ignored
  { id: "eu", region: true, members: ["DE", "FR"] },
  { id: "asia", region: true, members: ["KR", "JP", "DE"] },          // DE already in eu: first wins
];

describe("shortage rows", () => {
  const rows = shortageRows(shortages, materials, regionOf(groups));
  it("adds the stage of the material and the region of the country", () => {
    expect(rows.map((r) => [r.site, r.stage, r.region])).toEqual([
      ["kr_posco", "refining", "asia"], ["us_nv", "component", ""], ["de_cells", "component", "eu"]]);
  });
  it("keeps one row per shortage, none invented", () => {
    expect(rows).toHaveLength(shortages.length);
    expect(shortageRows([], materials, new Map())).toEqual([]);
  });
  it("filters by material, country, region and stage together", () => {
    expect(filterRows(rows, { material: "anode_material" }).map((r) => r.site)).toEqual(["us_nv", "de_cells"]);
    expect(filterRows(rows, { stage: "component", region: "eu" }).map((r) => r.site)).toEqual(["de_cells"]);
    expect(filterRows(rows, { country: "KR", material: "anode_material" })).toEqual([]);
    expect(filterRows(rows, {})).toHaveLength(3);
  });
  it("sorts numbers numerically and stably, both ways", () => {
    expect(sortRows(rows, "days", true).map((r) => r.days)).toEqual([56, 103, 158]);
    expect(sortRows(rows, "first_day", false).map((r) => r.site)).toEqual(["us_nv", "de_cells", "kr_posco"]); // tie keeps order
    expect(sortRows(rows, "first_day", true).map((r) => r.site)).toEqual(["kr_posco", "us_nv", "de_cells"]);
    expect(sortRows(rows, "site", true).map((r) => r.site)).toEqual(["de_cells", "kr_posco", "us_nv"]);
  });
  it("lists the distinct values for the filters, without blanks", () => {
    expect(distinct(rows, "region")).toEqual(["asia", "eu"]);
    expect(distinct(rows, "country")).toEqual(["DE", "KR", "US"]);
  });
  it("writes RFC 4180 CSV, quoting commas, quotes and line breaks", () => {
    const csv = toCsv(rows.slice(1, 2));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("site,material,country,region,stage,kind,first_date,last_date,first_day,last_day,days,depth,shortfall_gwh,open_at_end,cause");
    expect(lines[1]).toBe('us_nv,anode_material,US,,component,production,2026-01-25,2026-07-01,95,197,103,0.82,5.7,false,"blocked, ""CN"" lane\nby ban"');
    expect(lines).toHaveLength(3);
    expect(csv.endsWith("\r\n")).toBe(true);
  });
});
