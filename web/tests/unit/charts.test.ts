import { describe, expect, it } from "vitest";
import { flowsOption, materialsByChange, sankeyData } from "../../src/charts/flows";
import { concentrationOption, impactOption, tornadoOption, ttsOption } from "../../src/charts/risk";
import { lostByAreaOption, shortSlots, statusCounts, timelineOption } from "../../src/charts/timeline";
import type { Flow, Timeline } from "../../src/charts/types";

const timeline: Timeline = {
  by: "week", period_start_days: [0, 7, 14], period_start_dates: ["2026-01-01", "2026-01-08", "2026-01-15"],
  series: [
    { site: "kr_cells", material: "anode_material", unit: "t", opening: [10, 8, 3], received: [1, 0, 0], produced: [0, 0, 0],
      consumed: [3, 5, 3], shipped: [0, 0, 0], closing: [8, 3, 0], unmet: [0, 0, 2] },
    { site: "in_cells", material: "anode_material", unit: "t", opening: [5, 1, 0], received: [0, 0, 0], produced: [0, 0, 0],
      consumed: [4, 1, 0], shipped: [0, 0, 0], closing: [1, 0, 0], unmet: [0, 3, 4] },
    { site: "au_mine", material: "ore", opening: [1, 1, 1], received: [0, 0, 0], produced: [1, 1, 1],
      consumed: [0, 0, 0], shipped: [1, 1, 1], closing: [1, 1, 1], unmet: [0, 0, 0] },
  ],
};

describe("timeline charts", () => {
  it("plots one site and material per period", () => {
    const all = timelineOption(timeline, "kr_cells", "anode_material") as any;
    expect(all.series.map((s: any) => s.name)).toEqual(["Closing stock", "Produced", "Received", "Unmet"]);
    const o = timelineOption(timeline, "kr_cells", "anode_material", undefined, true) as any;
    expect(o.xAxis.data).toEqual(timeline.period_start_dates);
    // hideEmpty: produced is all zero, left out; consumed shown.
    expect(o.series.map((s: any) => s.name)).toEqual(["Closing stock", "Received", "Consumed", "Unmet"]);
    expect(o.series[0].data).toEqual([8, 3, 0]);
    expect(o.series[3].data).toEqual([0, 0, 2]);
    expect(o.yAxis.name).toBe("(t)");
  });
  it("refuses a slot that has no series", () => {
    expect(() => timelineOption(timeline, "kr_cells", "ore")).toThrow(/no timeline/);
  });
  it("lists the slots with unmet need, most first", () => {
    expect(shortSlots(timeline)).toEqual([
      { site: "in_cells", material: "anode_material", unmet: 7 },
      { site: "kr_cells", material: "anode_material", unmet: 2 },
    ]);
  });
  it("stacks lost cell output and unserved demand by country, skipping countries with no loss", () => {
    const o = lostByAreaOption([
      { country: "US", name: "United States", unserved_demand_gwh: 1.5, lost_cell_output_gwh: 4 },
      { country: "CN", name: "China", unserved_demand_gwh: 0, lost_cell_output_gwh: 0 },
      { country: "IN", name: null, unserved_demand_gwh: 0, lost_cell_output_gwh: 2 },
    ], "country", { "country:US": "米国" }) as any;
    expect(o.yAxis.data).toEqual(["米国", "IN"]);
    expect(o.series[0].stack).toBe(o.series[1].stack);
    expect(o.series[0].data).toEqual([4, 2]);
    expect(o.series[1].data).toEqual([1.5, 0]);
  });
  it("counts sites per status and day", () => {
    expect(statusCounts({ days: 3, sites: [{ status: [0, 1, 2] }, { status: [0, 2, 2] }] })).toEqual([[2, 0, 0], [0, 1, 0], [0, 1, 2]]);
  });
});

const flows: Flow[] = [
  { period: "baseline", from_country: "CN", to_country: "KR", material: "anode_material", stage: "component", quantity_per_day: 27, unit: "t" },
  { period: "baseline", from_country: "JP", to_country: "KR", material: "anode_material", stage: "component", quantity_per_day: 7, unit: "t" },
  { period: "baseline", from_country: "KR", to_country: "KR", material: "anode_material", stage: "component", quantity_per_day: 15, unit: "t" },
  { period: "disruption", from_country: "JP", to_country: "KR", material: "anode_material", stage: "component", quantity_per_day: 8, unit: "t" },
  { period: "disruption", from_country: "ID", to_country: "KR", material: "anode_material", stage: "component", quantity_per_day: 8, unit: "t" },
  { period: "baseline", from_country: "AU", to_country: "CN", material: "ore", stage: "mining", quantity_per_day: 100, unit: "t" },
  { period: "disruption", from_country: "AU", to_country: "CN", material: "ore", stage: "mining", quantity_per_day: 99, unit: "t" },
];

describe("flows", () => {
  it("orders materials by how much of their cross-border flow the disruption cut", () => {
    const m = materialsByChange(flows);
    expect(m.map((x) => x.material)).toEqual(["anode_material", "ore"]);
    expect(m[0].change).toBeCloseTo((34 - 16) / 34, 12);  // domestic KR->KR left out
    expect(m[1].change).toBeCloseTo(0.01, 12);
  });
  it("builds an acyclic Sankey: exporters left, importers right, links summing to the window's total", () => {
    const d = sankeyData(flows, "anode_material", "baseline");
    expect(d.total).toBe(34);  // KR->KR is domestic: left out by default
    expect(d.links.reduce((a, l) => a + l.value, 0)).toBe(34);
    expect(sankeyData(flows, "anode_material", "baseline", undefined, true).total).toBe(49);
    expect(d.links[0]).toEqual({ source: "CN ▸", target: "▸ KR", value: 27 });
    for (const l of d.links) expect(l.source.endsWith("▸")).toBe(true);
    expect(new Set(d.nodes.map((n) => n.name)).size).toBe(d.nodes.length);
    const dis = sankeyData(flows, "anode_material", "disruption");
    expect(dis.links.find((l) => l.source === "CN ▸")).toBeUndefined();
  });
  it("titles the option with the window and its total", () => {
    const o = flowsOption(flows, "anode_material", "disruption") as any;
    expect(o.title.text).toBe("During the disruption: 16.0 t/day");
    expect(o.series[0].type).toBe("sankey");
    expect(o.series[0].links).toHaveLength(2);
  });
});

describe("risk charts", () => {
  const tts = { unit: "GWh", t_max_days: 365, sites: [
    { rank: 1, label: "cn_anode", tts_days: 10, ttr_days: 180, pi: 50, lost: 50, exposed: true },
    { rank: 2, label: "kr_cells", tts_days: 400, ttr_days: 90, pi: 5, lost: 5, exposed: false },
  ] };
  it("ranks TTS and impact in the order given", () => {
    const o = ttsOption(tts) as any;
    expect(o.yAxis.data).toEqual(["cn_anode", "kr_cells"]);
    expect(o.series[0].data).toEqual([10, 400]);
    const i = impactOption(tts, 1) as any;
    expect(i.series[0].data).toHaveLength(1);
    expect(i.series[0].data[0].value).toBe(50);
  });
  it("sorts concentration by country HHI", () => {
    const o = concentrationOption({ materials: [
      { material: "a", stage: "mining", hhi_country: 1000, hhi_company: 500, top_country: "AU", top_country_share: 0.3 },
      { material: "b", stage: "refining", hhi_country: 8000, hhi_company: 2000, top_country: "CN", top_country_share: 0.9 },
    ] }) as any;
    expect(o.yAxis.data).toEqual(["b (refining)", "a (mining)"]);
    expect(o.series[0].data).toEqual([8000, 1000]);
  });
  it("draws each tornado bar from the base to the run's value", () => {
    const o = tornadoOption({ base: 2, rows: [
      { rank: 1, input: "stock_days", label: "stock days, cell", unserved_demand_gwh_low: 7, unserved_demand_gwh_high: 0.5, swing_gwh: 6.5, low_factor: 0.5, high_factor: 1.5 },
      { rank: 2, input: "demand", label: "no swing", unserved_demand_gwh_low: 2, unserved_demand_gwh_high: 2, swing_gwh: 0, low_factor: 0.8, high_factor: 1.2 },
    ] }) as any;
    expect(o.yAxis.data).toEqual(["stock days, cell"]);  // no swing: left out
    // low: 7 -> invisible 2 then 5 visible; high: 0.5 -> invisible 0.5 then 1.5 visible.
    expect([o.series[0].data[0], o.series[1].data[0]]).toEqual([2, 5]);
    expect([o.series[2].data[0], o.series[3].data[0]]).toEqual([0.5, 1.5]);
  });
});
