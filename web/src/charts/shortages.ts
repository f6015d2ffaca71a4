// The shortage table's data: one row per shortage of a simulate result ("which, when, where,
// why"), with the stage of its material and the region of its country, filtered, sorted and
// written as CSV. Pure functions (tested in tests/unit/shortages.test.ts).
import type { Group, Material, Shortage } from "../api";

export interface ShortageRow {
  site: string; material: string; country: string; region: string; stage: string;
  first_day: number; last_day: number; first_date: string; last_date: string; days: number;
  depth: number; shortfall_gwh: number; kind: string; cause: string; open_at_end: boolean;
}
export type SortKey = keyof ShortageRow;
export interface Filter { material?: string; country?: string; region?: string; stage?: string }

/** The region of each country: the first group marked `region: true` that lists it. */
export function regionOf(groups: Group[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of groups ?? []) {
    if (!g.region) continue;
    for (const m of g.members) if (!out.has(m)) out.set(m, g.id);
  }
  return out;
}

export function shortageRows(shortages: Shortage[], materials: Material[], regions: Map<string, string>): ShortageRow[] {
  const stage = new Map(materials.map((m) => [m.id, m.stage]));
  return shortages.map((s) => ({
    site: s.site, material: s.material, country: s.country, region: regions.get(s.country) ?? "",
    stage: stage.get(s.material) ?? "", first_day: s.first_day, last_day: s.last_day,
    first_date: s.first_date, last_date: s.last_date, days: s.days, depth: s.depth,
    shortfall_gwh: s.shortfall_gwh ?? 0, kind: s.kind, cause: s.cause, open_at_end: !!s.open_at_end,
  }));
}

export function filterRows(rows: ShortageRow[], f: Filter): ShortageRow[] {
  return rows.filter((r) =>
    (!f.material || r.material === f.material) && (!f.country || r.country === f.country) &&
    (!f.region || r.region === f.region) && (!f.stage || r.stage === f.stage));
}

/** A stable sort by `key` (numbers numerically, text by code point), ties in the given order. */
export function sortRows(rows: ShortageRow[], key: SortKey, ascending: boolean): ShortageRow[] {
  const dir = ascending ? 1 : -1;
  return rows.map((r, i) => [r, i] as const).sort(([a, ia], [b, ib]) => {
    const x = a[key], y = b[key];
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    return c !== 0 ? c * dir : ia - ib;
  }).map(([r]) => r);
}

/** The distinct values of `key` among the rows, sorted, for a filter's choices. */
export function distinct(rows: ShortageRow[], key: "material" | "country" | "region" | "stage"): string[] {
  return [...new Set(rows.map((r) => r[key]).filter((v) => v !== ""))].sort();
}

function csvField(v: unknown): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export const CSV_COLUMNS: SortKey[] = ["site", "material", "country", "region", "stage", "kind", "first_date",
  "last_date", "first_day", "last_day", "days", "depth", "shortfall_gwh", "open_at_end", "cause"];

/** RFC 4180 CSV (CRLF line ends, quoted where needed) with ids, ISO dates and full precision. */
export function toCsv(rows: ShortageRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvField(r[c])).join(","));
  return lines.join("\r\n") + "\r\n";
}
