// The report's map: sites as points over the bundled country shapes, placed as the dashboard's
// map places them (charts/map.ts), coloured by their worst status in the run.
import { PALETTE } from "../charts/types";
import { placeSites } from "../charts/map";

export interface MapSite { id: string; name: string; country: string; lat: number | null; lon: number | null }

/** Worst status code of each site over the run (0 normal, 1 short, 2 stopped). */
export function worstStatus(sites: { site: string; status: number[] }[]): Map<string, number> {
  return new Map(sites.map((s) => [s.site, s.status.reduce((a, b) => Math.max(a, b), 0)]));
}

export const STATUS_COLOURS = [PALETTE[2], PALETTE[1], PALETTE[3]];

export function siteMapOption(sites: MapSite[], worst: Map<string, number>, names: string[]): Record<string, unknown> {
  const placed = placeSites(sites);
  return {
    animation: false,
    tooltip: { trigger: "item", formatter: (p: { data: { name: string; value: number[] } }) => p.data.name },
    legend: { top: 0 },
    geo: { map: "world", roam: false, silent: true, top: 28, bottom: 0, itemStyle: { areaColor: "#eceff1", borderColor: "#b0bec5" } },
    series: [0, 1, 2].map((code) => ({
      name: names[code], type: "scatter", coordinateSystem: "geo",
      symbol: ["circle", "triangle", "diamond"][code], symbolSize: code === 0 ? 6 : 10,
      itemStyle: { color: STATUS_COLOURS[code], borderColor: "#263238", borderWidth: code === 0 ? 0 : 1 },
      data: placed.filter((s) => (worst.get(s.id) ?? 0) === code).map((s) => ({ name: `${s.name} (${s.country})${s.estimated ? " – placed in its country" : ""}`, value: [s.lon, s.lat] })),
    })),
  };
}
