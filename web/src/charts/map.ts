// The map: sites placed by coordinates and sized by capacity (or, where the network gives no
// capacity, by the lanes they serve), coloured and shaped by their status on the selected day,
// lanes as lines, chokepoints as pins. Pure functions from API JSON to an ECharts option.
import type { FeatureCollection, Position } from "geojson";
import type { Network, Shortage, SiteStatus } from "../api";

export type Status = 0 | 1 | 2; // normal, short, stopped
// Okabe–Ito colours (readable with the common colour-vision deficiencies); shape repeats status.
export const STATUS_COLOURS: Record<Status, string> = { 0: "#0072B2", 1: "#E69F00", 2: "#D55E00" };
export const STATUS_SYMBOLS: Record<Status, string> = { 0: "circle", 1: "triangle", 2: "rect" };
export const CHOKEPOINT_COLOUR = "#CC79A7";
export const LANE_COLOUR = "#999999";

/**
 * Status per site and day: the run's `site_status` when the server sent it; otherwise derived
 * from the shortage list (a site is short from a shortage's first to last day, stopped where the
 * shortage is total, depth ≥ 0.999).
 */
export function statusBySite(days: number, siteStatus: SiteStatus | undefined, shortages: Shortage[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (siteStatus) {
    for (const s of siteStatus.sites) out.set(s.site, Uint8Array.from(s.status.slice(0, days)));
    return out;
  }
  for (const s of shortages) {
    let codes = out.get(s.site);
    if (!codes) out.set(s.site, (codes = new Uint8Array(days)));
    const code = s.depth >= 0.999 ? 2 : 1;
    for (let d = Math.max(0, s.first_day); d <= Math.min(days - 1, s.last_day); d++) {
      if (codes[d] < code) codes[d] = code;
    }
  }
  return out;
}

/**
 * The world's country shapes for a flat (equirectangular) map: without Antarctica (ISO 3166
 * numeric 010, which spans every longitude), and with each ring that crosses the antimeridian
 * (Russia, Fiji) continued past 180° instead of jumping back across the whole map.
 */
export function planarWorld(countries: FeatureCollection): FeatureCollection {
  const unwrap = (ring: Position[]): Position[] => {
    const crosses = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
    return crosses ? ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]) : ring;
  };
  return {
    ...countries,
    features: countries.features.filter((f) => f.id !== "010").map((f) => {
      const g = f.geometry;
      if (g.type === "Polygon") return { ...f, geometry: { ...g, coordinates: g.coordinates.map(unwrap) } };
      if (g.type === "MultiPolygon") return { ...f, geometry: { ...g, coordinates: g.coordinates.map((poly) => poly.map(unwrap)) } };
      return f;
    }),
  };
}

export interface Placeable { id: string; country: string; lat: number | null; lon: number | null }
export type Placed<T extends Placeable> = T & { lat: number; lon: number; estimated: boolean };

/**
 * Where each site goes on the map: at its coordinates; a site without them (a country
 * aggregate, a demand region) at the mean of its country's sites that have coordinates, nudged
 * on a small golden-angle spiral so several do not hide each other, and marked `estimated`.
 * Sites of a country with no site that has coordinates (the rest-of-world aggregates) are left
 * out.
 */
export function placeSites<T extends Placeable>(sites: T[]): Placed<T>[] {
  const byCountry = new Map<string, { lat: number; lon: number; n: number }>();
  for (const s of sites) {
    if (s.lat == null || s.lon == null) continue;
    const c = byCountry.get(s.country) ?? { lat: 0, lon: 0, n: 0 };
    c.lat += s.lat; c.lon += s.lon; c.n += 1;
    byCountry.set(s.country, c);
  }
  const nudged = new Map<string, number>();
  const out: Placed<T>[] = [];
  for (const s of sites) {
    if (s.lat != null && s.lon != null) { out.push({ ...s, lat: s.lat, lon: s.lon, estimated: false }); continue; }
    const c = byCountry.get(s.country);
    if (!c) continue;
    const k = nudged.get(s.country) ?? 0;
    nudged.set(s.country, k + 1);
    const angle = (k * 2.4) % (2 * Math.PI);  // golden angle; 1.2 degrees out
    out.push({ ...s, lat: c.lat / c.n + 1.2 * Math.sin(angle), lon: c.lon / c.n + 1.2 * Math.cos(angle), estimated: true });
  }
  return out;
}

/** How many sites are in each status on `day`. */
export function countByStatus(siteIds: string[], status: Map<string, Uint8Array>, day: number): [number, number, number] {
  const n: [number, number, number] = [0, 0, 0];
  for (const id of siteIds) n[(status.get(id)?.[day] ?? 0) as Status]++;
  return n;
}

/** Symbol size per site: √capacity scaled to 6–22 px, or √(lanes served) when no capacity is known. */
export function siteSizes(net: Network): Map<string, number> {
  const degree = new Map<string, number>();
  for (const l of net.lanes) {
    degree.set(l.supplier, (degree.get(l.supplier) ?? 0) + 1);
    degree.set(l.buyer, (degree.get(l.buyer) ?? 0) + 1);
  }
  const weight = (id: string, cap: number | undefined) => Math.sqrt(cap ?? degree.get(id) ?? 1);
  const max = Math.max(1, ...net.sites.map((s) => weight(s.id, s.capacity_per_day)));
  return new Map(net.sites.map((s) => [s.id, 6 + 16 * (weight(s.id, s.capacity_per_day) / max)]));
}

export interface MapLabels {
  status: [string, string, string]; chokepoint: string; lane: string; siteName: (id: string, fallback: string) => string;
  /** Said after the name of a site placed in its country for want of coordinates. */
  estimated?: string;
}

/** The ECharts option: the registered "world" map, lanes, chokepoints and one series per status. */
export function mapOption(net: Network, status: Map<string, Uint8Array>, day: number, labels: MapLabels): Record<string, unknown> {
  const placed = placeSites(net.sites);
  const where = new Map(placed.map((s) => [s.id, [s.lon, s.lat]]));
  const size = siteSizes(net);
  const lanes = net.lanes.filter((l) => where.has(l.supplier) && where.has(l.buyer) && l.supplier !== l.buyer)
    .map((l) => ({ name: l.id, coords: [where.get(l.supplier), where.get(l.buyer)] }));
  const bySeries: Record<Status, unknown[]> = { 0: [], 1: [], 2: [] };
  for (const s of placed) {
    const code = (status.get(s.id)?.[day] ?? 0) as Status;
    bySeries[code].push({ name: labels.siteName(s.id, s.name) + (s.estimated && labels.estimated ? ` (${labels.estimated})` : ""),
      id: s.id, value: [s.lon, s.lat], symbolSize: size.get(s.id),
      ...(s.estimated ? { itemStyle: { borderType: "dashed", borderWidth: 1.2 } } : {}) });
  }
  return {
    animation: false,
    tooltip: { trigger: "item", formatter: (p: { seriesName: string; name: string }) => `${p.name}<br/>${p.seriesName}` },
    legend: { bottom: 4, left: "center", data: [...labels.status, labels.chokepoint] },
    geo: { map: "world", roam: true, left: 8, right: 8, top: 8, bottom: 36, aspectScale: 1, silent: true,
      itemStyle: { areaColor: "#eeeeee", borderColor: "#bbbbbb" } },
    series: [
      { type: "lines", name: labels.lane, coordinateSystem: "geo", silent: true, data: lanes,
        lineStyle: { color: LANE_COLOUR, width: 0.6, opacity: 0.35, curveness: 0.2 }, z: 1 },
      ...([0, 1, 2] as Status[]).map((c) => ({
        type: "scatter", name: labels.status[c], coordinateSystem: "geo", data: bySeries[c],
        symbol: STATUS_SYMBOLS[c], itemStyle: { color: STATUS_COLOURS[c], borderColor: "#222", borderWidth: 0.6, opacity: 0.9 },
        z: 3 + c,
      })),
      { type: "scatter", name: labels.chokepoint, coordinateSystem: "geo", symbol: "pin", symbolSize: 26,
        itemStyle: { color: CHOKEPOINT_COLOUR }, z: 6,
        data: net.chokepoints.map((c) => ({ name: c.name, id: c.id, value: [c.lon, c.lat] })) },
    ],
  };
}
