// The parts of chaintwin's API JSON the chart builders read (docs/schema/*.schema.json). Only
// what the charts use; extra fields are allowed.

export interface TimelineSeries {
  site: string; material: string; unit?: string;
  opening: (number | null)[]; received: (number | null)[]; produced: (number | null)[];
  consumed: (number | null)[]; shipped: (number | null)[]; closing: (number | null)[];
  unmet: (number | null)[];
}
export interface Timeline {
  by: "day" | "week" | "month"; period_start_days: number[]; period_start_dates: string[];
  series: TimelineSeries[];
}
export interface SiteStatus {
  days: number; codes: Record<string, string>; sites: { site: string; country?: string; status: number[] }[];
}
export interface Flow {
  period: "baseline" | "disruption"; from_country: string; to_country: string; material: string;
  stage: string; quantity_per_day: number; unit: string; days?: number; basis?: string;
}
export interface AreaLoss {
  country?: string; region?: string; name?: string | null;
  unserved_demand_gwh: number; lost_cell_output_gwh: number;
}
export interface TtsRow {
  rank: number; label: string; name?: string; tts_days: number; ttr_days: number;
  pi: number; lost: number; exposed: boolean;
}
export interface Tts { unit: string; t_max_days: number; sites: TtsRow[] }
export interface ConcentrationRow {
  material: string; stage: string; hhi_country: number; hhi_company: number;
  top_country: string | null; top_country_share: number | null;
}
export interface Concentration { materials: ConcentrationRow[] }
export interface SensitivityRow {
  rank: number; input: string; label: string; unserved_demand_gwh_low: number;
  unserved_demand_gwh_high: number; swing_gwh: number; low_factor: number; high_factor: number;
}
export interface Sensitivity { base: number; metric?: string; rows: SensitivityRow[] }

/** Labels the builders put on axes and series; English defaults, a page may pass its own. */
export type Labels = Record<string, string>;
export type Option = Record<string, unknown>;

/** `key`'s label in `labels`, else `fallback`. */
export function label(labels: Labels | undefined, key: string, fallback: string): string {
  return labels?.[key] ?? fallback;
}

/** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#7f7f7f"];
