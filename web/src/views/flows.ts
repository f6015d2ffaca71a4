// Flows: material flows between countries for one material, before and during the disruption,
// as two Sankey diagrams side by side (the simulate `flows` section; src/charts/flows.ts).
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { chartLabels, fmtPercent, materialName, stageName, t } from "../i18n";
import { flowsOption, materialsByChange } from "../charts/flows";
import type { Flow } from "../api";
import type { State } from "../state";
import { empty, failure } from "./common";
import { OKABE_ITO } from "./palette";

let material = "";

export function renderFlows(root: HTMLElement, state: State): void {
  const r = state.result;
  if (state.runError) return clear(root, failure(state.runError, "run_failed"));
  if (!r) return clear(root, empty(t("no_run")));
  if (!r.flows || r.flows.length === 0) return clear(root, empty(t("no_flows")));
  const flows = r.flows;
  // Materials whose cross-border flows changed most first; then the rest.
  const ranked = materialsByChange(flows);
  const materials = [...new Set([...ranked.map((m) => m.material), ...flows.map((f) => f.material)])];
  if (!materials.includes(material)) material = materials[0];
  const change = new Map(ranked.map((m) => [m.material, m.change]));
  const stage = flows.find((f) => f.material === material)?.stage ?? "";
  const select = h("select", { "data-testid": "flow-material", "aria-label": t("material"), onchange: (e: Event) => { material = (e.target as HTMLSelectElement).value; renderFlows(root, state); } },
    ...materials.map((m) => h("option", { value: m, selected: m === material }, `${materialName(m)}${change.has(m) ? ` (±${fmtPercent(change.get(m))})` : ""}`)));
  const periods: Flow["period"][] = ["baseline", "disruption"];
  const els = periods.map((p) => h("div", { class: "chart half", "data-testid": `flows-${p}` }));
  clear(root, h("div", { class: "toolbar" }, h("label", {}, t("material"), " ", select), h("span", { class: "muted" }, `${t("stage")}: ${stageName(stage)}`)),
    h("div", { class: "pair" }, ...els));
  const siteNames = new Map(state.net.sites.map((s) => [s.id, s.name]));
  const labels = chartLabels((id) => siteNames.get(id));
  const countries = [...new Set(flows.flatMap((f) => [f.from_country, f.to_country]))].sort().map((c) => labels[`country:${c}`]);
  const colour = (name: string) => OKABE_ITO[Math.max(0, countries.indexOf(name)) % (OKABE_ITO.length - 1)];
  periods.forEach((p, i) => {
    if (!flows.some((f) => f.period === p && f.material === material && f.quantity_per_day > 0)) return void els[i].replaceWith(empty(`${t(p)}: —`));
    // One colour per country in both diagrams (Okabe–Ito without black), so the two sides compare.
    const option = flowsOption(flows, material, p, labels);
    const series = (option.series as { data: { name: string; itemStyle?: unknown }[] }[])[0];
    series.data = series.data.map((n) => ({ ...n, itemStyle: { color: colour(n.name.replace(/▸/g, "").trim()) } }));
    draw(`flows-${p}`, els[i], option);
  });
}
