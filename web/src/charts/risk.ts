// Risk views from analyze JSON (tts, concentration, sensitivity): pure functions from the API's
// JSON to an ECharts option, shared by the dashboard and the report.
import { label, PALETTE, type Concentration, type Labels, type Option, type Sensitivity, type Tts } from "./types";

/** Exposed sites first by impact: TTS and TTR side by side, impact as bars on a second axis. */
export function ttsOption(tts: Tts, top = 15, labels?: Labels): Option {
  const rows = tts.sites.slice(0, top);
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 150, right: 40, top: 32, bottom: 32 },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => label(labels, `site:${r.label}`, r.label)) },
    xAxis: [{ type: "value", name: label(labels, "days", "days") }],
    series: [
      { name: label(labels, "tts_days", "Time to survive (days)"), type: "bar", data: rows.map((r) => r.tts_days), itemStyle: { color: PALETTE[0] } },
      { name: label(labels, "ttr_days", "Time to recover (days)"), type: "bar", data: rows.map((r) => r.ttr_days), itemStyle: { color: PALETTE[1] } },
    ],
  };
}

/** Performance impact (lost end-use output while it recovers) of the top sites. */
export function impactOption(tts: Tts, top = 15, labels?: Labels): Option {
  const rows = tts.sites.slice(0, top);
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 150, right: 40, top: 24, bottom: 32 },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => label(labels, `site:${r.label}`, r.label)) },
    xAxis: { type: "value", name: tts.unit },
    series: [{ name: label(labels, "impact", "Impact"), type: "bar", data: rows.map((r) => ({ value: r.pi, itemStyle: { color: r.exposed ? PALETTE[3] : PALETTE[5] } })) }],
  };
}

/** HHI by country and by company per material (0..10,000), highest country HHI first. */
export function concentrationOption(c: Concentration, labels?: Labels): Option {
  const rows = [...c.materials].sort((a, b) => b.hhi_country - a.hhi_country || a.material.localeCompare(b.material));
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 150, right: 40, top: 32, bottom: 32 },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => `${label(labels, `material:${r.material}`, r.material)} (${r.stage})`) },
    xAxis: { type: "value", max: 10000, name: "HHI" },
    series: [
      { name: label(labels, "hhi_country", "HHI by country"), type: "bar", data: rows.map((r) => r.hhi_country), itemStyle: { color: PALETTE[0] },
        markLine: { silent: true, symbol: "none", data: [{ xAxis: 2500 }], label: { formatter: label(labels, "highly_concentrated", "highly concentrated") } } },
      { name: label(labels, "hhi_company", "HHI by company"), type: "bar", data: rows.map((r) => r.hhi_company), itemStyle: { color: PALETTE[2] } },
    ],
  };
}

/** Tornado: each input group's low and high run as bars from the base value, largest swing on top. */
export function tornadoOption(s: Sensitivity, top = 12, labels?: Labels): Option {
  const rows = s.rows.filter((r) => r.swing_gwh > 0).slice(0, top);
  const lowName = label(labels, "low", "Low inputs");
  const highName = label(labels, "high", "High inputs");
  // Stacked bars from the base: an invisible bar to min(base, v), then the visible part.
  const part = (v: number) => [Math.min(v, s.base), Math.abs(v - s.base)];
  return {
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0, data: [lowName, highName] },
    grid: { left: 220, right: 40, top: 32, bottom: 32 },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => r.label) },
    xAxis: { type: "value", name: label(labels, "unserved_gwh", "unserved GWh") },
    series: [
      { name: "low-base", type: "bar", stack: "low", silent: true, itemStyle: { color: "transparent" }, data: rows.map((r) => part(r.unserved_demand_gwh_low)[0]) },
      { name: lowName, type: "bar", stack: "low", itemStyle: { color: PALETTE[3] }, data: rows.map((r) => part(r.unserved_demand_gwh_low)[1]) },
      { name: "high-base", type: "bar", stack: "high", silent: true, itemStyle: { color: "transparent" }, data: rows.map((r) => part(r.unserved_demand_gwh_high)[0]) },
      { name: highName, type: "bar", stack: "high", itemStyle: { color: PALETTE[0] }, data: rows.map((r) => part(r.unserved_demand_gwh_high)[1]),
        markLine: { silent: true, symbol: "none", data: [{ xAxis: s.base }], label: { position: "end", formatter: label(labels, "base", "base") } } },
    ],
  };
}
