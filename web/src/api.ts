// The chaintwin HTTP API as the dashboard uses it (docs/openapi.yaml), same origin as the page.
// Every failure becomes an ApiFailure carrying the server's message and its problems (JSON path
// + sentence), so a view can show the validation messages instead of a blank page.

import type { Concentration, Flow, Sensitivity, SiteStatus, Timeline, Tts } from "./charts/types";
export type { Flow, SiteStatus, Timeline, TimelineSeries } from "./charts/types";

export type Lang = "en" | "ja" | "ko";
export type NameEntry = Partial<Record<Lang, string>>;
export interface Names {
  countries?: Record<string, NameEntry>;
  regions?: Record<string, NameEntry>;
  materials?: Record<string, NameEntry>;
  sites?: Record<string, NameEntry>;
}

export interface Site {
  id: string; name: string; operator?: string; country: string;
  lat: number | null; lon: number | null; external?: boolean; makes: string[];
  capacity_per_day?: number;
}
export interface Lane {
  id: string; supplier: string; buyer: string; material: string; mode?: string;
  transit_days?: number; share?: number; alternate?: boolean; chokepoints: { chokepoint: string; day?: number }[];
}
export interface Chokepoint { id: string; name: string; lat: number; lon: number }
export interface Material { id: string; name: string; unit: string; stage: string }
export interface Group { id: string; name?: string; members: string[]; region?: boolean }
export interface Network {
  network: string; name?: string; materials: Material[]; sites: Site[]; lanes: Lane[];
  chokepoints: Chokepoint[]; names?: Names; groups?: Group[];
}

export interface ScenarioEntry {
  name: string; id?: string; title?: string; description?: string; start_date?: string;
  horizon_days?: number; events?: number; error?: string;
}

export interface Shortage {
  site: string; material: string; country: string; country_name?: string; kind: string;
  first_day: number; last_day: number; first_date: string; last_date: string; days: number;
  depth: number; open_at_end?: boolean; shortfall_gwh?: number; shortfall_quantity?: number;
  shortfall_unit?: string; shortfall_material?: string; cause: string; cause_kind?: string;
  cause_events?: string[];
}
export interface CountryLoss {
  country: string; name?: string; demand_gwh: number; unserved_demand_gwh: number;
  lost_cell_output_gwh: number; unserved_share?: number | null;
}
export interface RegionLoss {
  region: string; name?: string; demand_gwh: number; unserved_demand_gwh: number;
  lost_cell_output_gwh: number;
}
export interface SiteResult {
  site: string; country: string; first_shortage_day: number | null; days_survived?: number;
  lost_cell_output_gwh?: number; unserved_demand_gwh?: number; short_at_end?: boolean;
}
export interface SimResult {
  scenario: string; protocol: string; start_date: string; days: number;
  last_event_end_day?: number | null;
  totals: { demand_gwh: number; served_gwh?: number; unserved_demand_gwh: number;
    lost_cell_output_gwh: number; shortages: number; resourced_gwh?: number };
  shortages: Shortage[]; by_country: CountryLoss[]; by_region?: RegionLoss[];
  sites: SiteResult[]; timeline?: Timeline; site_status?: SiteStatus; flows?: Flow[];
}
export interface CompareChange {
  change: string; site: string; country?: string; material: string;
  first_a_day: number | null; first_b_day: number | null; first_a_date?: string | null; first_b_date?: string | null;
  shortfall_gwh_a?: number; shortfall_gwh_b?: number;
}
export interface CompareResult {
  a: { scenario: string; shortages: number; unserved_demand_gwh: number; lost_cell_output_gwh: number };
  b: { scenario: string; shortages: number; unserved_demand_gwh: number; lost_cell_output_gwh: number };
  changes: CompareChange[]; unserved_demand_gwh_difference?: number;
}
export interface Job {
  id: string; kind: string; state: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  progress: { done: number; total: number }; result?: MonteCarloResult; error?: string;
}
export interface MonteCarloResult {
  scenario: string; runs: number; probability_any_loss: number;
  unserved_demand_gwh: { mean: number; p50: number; p95: number; max: number };
  per_run?: { run: number; unserved_demand_gwh: number; lost_cell_output_gwh: number }[];
}
export interface Problem { path: string; message: string }

/** A refused or failed request: the HTTP status, the server's sentence and every problem. */
export class ApiFailure extends Error {
  constructor(public status: number, message: string, public problems: Problem[] = []) {
    super(message);
  }
}

/** The error body of the API (`{"error": {status, code, message, problems}}`) as an ApiFailure. */
export function failureOf(status: number, body: unknown): ApiFailure {
  const e = (body as { error?: { message?: string; problems?: Problem[] } } | null)?.error;
  if (e && typeof e.message === "string") {
    return new ApiFailure(status, e.message, Array.isArray(e.problems) ? e.problems : []);
  }
  return new ApiFailure(status, `HTTP ${status}`);
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    throw new ApiFailure(0, (err as Error).message);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw failureOf(response.status, parsed);
  return parsed as T;
}

export type ScenarioRef = { scenario: string } | { document: Record<string, unknown> };

let serverTakesInclude = true;
/** POST /v1/simulate asking for the timeline, site status and flows sections; a server that does
 * not know `include` yet (400 naming only those fields) is asked again without them, once and for all. */
async function simulate(ref: ScenarioRef, extra: Record<string, unknown> = {}): Promise<SimResult> {
  if (serverTakesInclude) {
    try {
      // Weekly timeline: a fifth of the day-by-day answer (0.27 MB instead of 1.3 MB gzipped for
      // graphite_ban); the map's day-by-day replay comes from site_status.
      return await request<SimResult>("POST", "/v1/simulate", { ...ref, include: ["timeline", "site_status", "flows"], timeline_by: "week", ...extra });
    } catch (err) {
      const extrasOnly = err instanceof ApiFailure && err.status === 400 && err.problems.length > 0 &&
        err.problems.every((p) => p.path === "include" || p.path === "timeline_by");
      if (!extrasOnly) throw err;
      serverTakesInclude = false;
    }
  }
  return request<SimResult>("POST", "/v1/simulate", { ...ref, ...extra });
}

export const api = {
  network: () => request<Network>("GET", "/v1/network"),
  scenarios: () => request<{ scenarios: ScenarioEntry[] }>("GET", "/v1/scenarios"),
  simulate,
  compare: (a: ScenarioRef, b: ScenarioRef) => request<CompareResult>("POST", "/v1/compare", { a, b }),
  tts: () => request<Tts>("GET", "/v1/analyze/tts?top=15"),
  concentration: () => request<Concentration>("GET", "/v1/analyze/concentration"),
  dependence: (on: string) => request<{ origin: string; rows: { country: string; material: string; upstream: string; share: number }[] }>(
    "GET", `/v1/analyze/dependence?on=${encodeURIComponent(on)}&min_share=0.05`),
  sensitivity: (scenario: string) => request<Sensitivity>(
    "GET", `/v1/analyze/sensitivity?scenario=${encodeURIComponent(scenario)}&top=10`),
  startMonteCarlo: (scenario: string, runs: number) => request<Job>("POST", "/v1/montecarlo", { scenario, runs, seed: 7 }),
  job: (id: string) => request<Job>("GET", `/v1/jobs/${encodeURIComponent(id)}`),
  daysOfSupply: () => request<DaysOfSupply>("GET", "/v1/days-of-supply"),
  alerts: () => request<{ as_of: string; projected_shortages: { site: string; material: string; first_date: string; days_from_now: number; cause: string }[]; silent_feeds: { owner: string; kind: string; material: string; last_report: string; silent_hours: number }[] }>("GET", "/v1/alerts"),
  feeds: () => request<{ now: string; feeds: { owner: string; kind: string; material: string; count: number; last_time: string }[] }>("GET", "/v1/feeds"),
};

// GET /v1/days-of-supply (docs/schema/days-of-supply.schema.json): one result per site and
// material, and each result's window day by day in a flat `days` list.
export interface DaysOfSupply {
  as_of: string;
  results: { site: string; material: string; stock: number; first_stockout: string | null }[];
  days: { site: string; material: string; date: string; days_of_supply: number | null; at_least?: boolean }[];
}
