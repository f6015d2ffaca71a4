// The report's map until the dashboard's charts/map.ts is merged: sites as points by longitude
// and latitude over the bundled country shapes, coloured by their worst status in the run.
import { PALETTE } from "../charts/types";

export interface MapSite { id: string; name: string; country: string; lat: number | null; lon: number | null }

/** Worst status code of each site over the run (0 normal, 1 short, 2 stopped). */
export function worstStatus(sites: { site: string; status: number[] }[]): Map<string, number> {
  return new Map(sites.map((s) => [s.site, s.status.reduce((a, b) => Math.max(a, b), 0)]));
}

export const STATUS_COLOURS = [PALETTE[2], PALETTE[1], PALETTE[3]];

/**
 * Sites with coordinates as given; a site without them at the mean of its country's placed
 * sites, nudged on a small ring so several do not hide each other (`estimated` true). Sites of
 * a country with no placed site are left out.
 */
export function placeSites(sites: MapSite[]): (MapSite & { lat: number; lon: number; estimated: boolean })[] {
  const byCountry = new Map<string, { lat: number; lon: number; n: number }>();
  for (const s of sites) {
    if (s.lat == null || s.lon == null) continue;
    const c = byCountry.get(s.country) ?? { lat: 0, lon: 0, n: 0 };
    c.lat += s.lat; c.lon += s.lon; c.n += 1;
    byCountry.set(s.country, c);
  }
  const nudged = new Map<string, number>();
  const out: (MapSite & { lat: number; lon: number; estimated: boolean })[] = [];
  for (const s of sites) {
    if (s.lat != null && s.lon != null) { out.push({ ...s, lat: s.lat, lon: s.lon, estimated: false }); continue; }
    const c = byCountry.get(s.country);
    if (!c) continue;
    const k = nudged.get(s.country) ?? 0;
    nudged.set(s.country, k + 1);
    const angle = (k * 2.4) % (2 * Math.PI);  // golden-angle spiral, 1.2 degrees out
    out.push({ ...s, lat: c.lat / c.n + 1.2 * Math.sin(angle), lon: c.lon / c.n + 1.2 * Math.cos(angle), estimated: true });
  }
  return out;
}

/** Scatter of the sites on the world map, one series per status (legend = key). */
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
