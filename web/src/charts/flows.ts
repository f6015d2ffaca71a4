// Material flows from simulate JSON (`--include flows`): a Sankey of exporting countries (left)
// to importing countries (right) for one material and window; pure functions, shared by the
// dashboard and the report.
import { label, PALETTE, type Flow, type Labels, type Option } from "./types";

/** Materials ordered by how much of their cross-border flow the disruption cut (share of the baseline; a rise is negative). */
export function materialsByChange(flows: Flow[]): { material: string; change: number; unit: string }[] {
  const by = new Map<string, { base: number; dis: number; unit: string }>();
  for (const f of flows) {
    if (f.from_country === f.to_country) continue;
    const m = by.get(f.material) ?? { base: 0, dis: 0, unit: f.unit };
    if (f.period === "baseline") m.base += f.quantity_per_day; else m.dis += f.quantity_per_day;
    by.set(f.material, m);
  }
  return [...by.entries()]
    .map(([material, m]) => ({ material, unit: m.unit, change: m.base > 0 ? (m.base - m.dis) / m.base : 0 }))
    .sort((a, b) => b.change - a.change || a.material.localeCompare(b.material));
}

export interface SankeyData {
  nodes: { name: string }[];
  links: { source: string; target: string; value: number }[];
  total: number;
}

/**
 * Nodes and links of one material and window; countries as "CN ▸" (from) and "▸ JP" (to).
 * Flows within a country are left out unless `domestic`.
 */
export function sankeyData(flows: Flow[], material: string, period: Flow["period"], labels?: Labels, domestic = false): SankeyData {
  const sums = new Map<string, number>();
  for (const f of flows) {
    if (f.material !== material || f.period !== period || !(f.quantity_per_day > 0)) continue;
    if (!domestic && f.from_country === f.to_country) continue;
    const key = `${f.from_country}\u0000${f.to_country}`;
    sums.set(key, (sums.get(key) ?? 0) + f.quantity_per_day);
  }
  const nodes = new Map<string, { name: string }>();
  const links: SankeyData["links"] = [];
  let total = 0;
  for (const [key, value] of sums) {
    const [from, to] = key.split("\u0000");
    const source = `${label(labels, `country:${from}`, from)} ▸`;
    const target = `▸ ${label(labels, `country:${to}`, to)}`;
    nodes.set(source, { name: source });
    nodes.set(target, { name: target });
    links.push({ source, target, value });
    total += value;
  }
  links.sort((a, b) => b.value - a.value || a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  return { nodes: [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name)), links, total };
}

/** The Sankey option; `title` names the window. */
export function flowsOption(flows: Flow[], material: string, period: Flow["period"], labels?: Labels, domestic = false): Option {
  const d = sankeyData(flows, material, period, labels, domestic);
  const unit = flows.find((f) => f.material === material)?.unit ?? "";
  const windowName = period === "baseline" ? label(labels, "baseline", "Before the disruption") : label(labels, "disruption", "During the disruption");
  return {
    animation: false,
    color: PALETTE,
    title: { text: `${windowName}: ${fmt(d.total)} ${unit}/day`, left: 0, textStyle: { fontSize: 13 },
      subtext: d.total > 0 ? "" : label(labels, "no_flow", "Nothing shipped between countries"), subtextStyle: { fontSize: 13 } },
    tooltip: { trigger: "item" },
    series: [{
      type: "sankey", top: 32, bottom: 8, left: 8, right: 80, nodeAlign: "justify", layoutIterations: 16,
      emphasis: { focus: "adjacency" }, lineStyle: { color: "gradient", opacity: 0.45 },
      label: { fontSize: 11 }, data: d.nodes, links: d.links,
    }],
  };
}

function fmt(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString("en") : v.toPrecision(3);
}
