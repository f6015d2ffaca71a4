// Timeline charts from simulate JSON (`--include timeline`, by_country, by_region): pure
// functions from the API's JSON to an ECharts option, shared by the dashboard and the report.
import { label, PALETTE, type AreaLoss, type Labels, type Option, type Timeline, type TimelineSeries } from "./types";

/** The series of one site and material, or undefined. */
export function findSeries(timeline: Timeline, site: string, material: string): TimelineSeries | undefined {
  return timeline.series.find((s) => s.site === site && s.material === material);
}

/**
 * Stock (closing), receipts, production, consumption and unmet need of one site and material
 * per period; with `hideEmpty`, only closing stock and the columns that are not all zero.
 */
export function timelineOption(timeline: Timeline, site: string, material: string, labels?: Labels, hideEmpty = false): Option {
  const s = findSeries(timeline, site, material);
  if (!s) throw new Error(`no timeline for ${site} / ${material}`);
  const unit = s.unit ? ` (${s.unit})` : "";
  const line = (key: keyof TimelineSeries, fallback: string, colour: string, extra: Option = {}) => ({
    name: label(labels, key as string, fallback), type: "line", showSymbol: false,
    data: s[key] as (number | null)[], itemStyle: { color: colour }, lineStyle: { color: colour }, ...extra,
  });
  return {
    animation: false,
    title: { text: `${label(labels, `site:${site}`, site)} · ${label(labels, `material:${material}`, material)}`, left: 0, textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 64, right: 16, top: 40, bottom: 56 },
    xAxis: { type: "category", data: timeline.period_start_dates, boundaryGap: timeline.by !== "day" },
    yAxis: { type: "value", name: unit.trim(), nameTextStyle: { align: "left" } },
    // Without hideEmpty: closing stock, production, receipts and unmet (the dashboard's four).
    // With it, closing stock and whichever columns the site has (a plant consumes its input,
    // a mine produces, a demand site has unmet need).
    series: (hideEmpty
      ? [line("closing", "Closing stock", PALETTE[0]), line("received", "Received", PALETTE[5]),
         line("produced", "Produced", PALETTE[2]), line("consumed", "Consumed", PALETTE[4]),
         { name: label(labels, "unmet", "Unmet"), type: "bar", data: s.unmet, itemStyle: { color: PALETTE[3] } }]
        .filter((x, i) => i === 0 || (x.data as (number | null)[]).some((v) => (v ?? 0) !== 0))
      : [line("closing", "Closing stock", PALETTE[0]), line("produced", "Produced", PALETTE[2]),
         line("received", "Received", PALETTE[5]),
         { name: label(labels, "unmet", "Unmet"), type: "bar", data: s.unmet, itemStyle: { color: PALETTE[3] } }]),
  };
}

/** (site, material) pairs worth a timeline: those with unmet need, most unmet first. */
export function shortSlots(timeline: Timeline, max = 6): { site: string; material: string; unmet: number }[] {
  return timeline.series
    .map((s) => ({ site: s.site, material: s.material, unmet: s.unmet.reduce<number>((a, v) => a + (v ?? 0), 0) }))
    .filter((x) => x.unmet > 0)
    .sort((a, b) => b.unmet - a.unmet || a.site.localeCompare(b.site))
    .slice(0, max);
}

/** Lost GWh by country or region as stacked bars: unserved end-use demand on lost cell output. */
export function lostByAreaOption(rows: AreaLoss[], kind: "country" | "region", labels?: Labels): Option {
  const shown = rows.filter((r) => r.unserved_demand_gwh > 0 || r.lost_cell_output_gwh > 0);
  const names = shown.map((r) => {
    const code = (kind === "country" ? r.country : r.region) ?? "?";
    return label(labels, `${kind}:${code}`, r.name ?? code);
  });
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 120, right: 24, top: 32, bottom: 32 },
    xAxis: { type: "value", name: "GWh" },
    yAxis: { type: "category", data: names, inverse: true },
    series: [
      { name: label(labels, "lost_cell_output", "Lost cell output (GWh)"), type: "bar", stack: "lost",
        data: shown.map((r) => r.lost_cell_output_gwh), itemStyle: { color: PALETTE[1] } },
      { name: label(labels, "unserved_demand", "Unserved demand (GWh)"), type: "bar", stack: "lost",
        data: shown.map((r) => r.unserved_demand_gwh), itemStyle: { color: PALETTE[3] } },
    ],
  };
}

/** Sites per status code on each day (site_status): the shares the disruption moves. */
export function statusCounts(status: { days: number; sites: { status: number[] }[] }): number[][] {
  const counts = [0, 1, 2].map(() => new Array<number>(status.days).fill(0));
  for (const s of status.sites) s.status.forEach((code, day) => { if (code >= 0 && code <= 2) counts[code][day] += 1; });
  return counts;
}

/** Stacked area of sites normal / short / stopped per day. */
export function statusOption(status: { days: number; sites: { status: number[] }[] }, dates: string[], labels?: Labels): Option {
  const counts = statusCounts(status);
  const names = [label(labels, "status_normal", "normal"), label(labels, "status_short", "short"), label(labels, "status_stopped", "stopped")];
  const colours = [PALETTE[2], PALETTE[1], PALETTE[3]];
  return {
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 32 },
    xAxis: { type: "category", data: dates.slice(0, status.days), boundaryGap: false },
    yAxis: { type: "value", name: label(labels, "sites", "sites") },
    series: counts.map((data, i) => ({ name: names[i], type: "line", stack: "status", areaStyle: {}, showSymbol: false,
      data, itemStyle: { color: colours[i] }, lineStyle: { width: 0 } })),
  };
}
