// Flows: material flows between countries for one material, before and during the disruption,
// as two Sankey diagrams side by side (the simulate `flows` section).
import type { Flow } from "../api";
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { countryName, fmtNumber, materialName, t } from "../i18n";
import type { State } from "../state";
import { empty, failure } from "./common";
import { OKABE_ITO } from "./palette";

let material = "";

/** Sankey nodes and links of one period and material: exporting countries on the left ("CN ▸"), importing on the right. */
export function sankeyData(flows: Flow[], period: Flow["period"], mat: string, name: (c: string) => string) {
  const links = new Map<string, number>();
  for (const f of flows) {
    if (f.period !== period || f.material !== mat || !(f.quantity_per_day > 0)) continue;
    const key = `${f.from_country}\u0000${f.to_country}`;
    links.set(key, (links.get(key) ?? 0) + f.quantity_per_day);
  }
  const nodes = new Set<string>();
  const out = [...links].map(([key, value]) => {
    const [from, to] = key.split("\u0000");
    const source = `${name(from)} ▸`, target = `▸ ${name(to)}`;
    nodes.add(source); nodes.add(target);
    return { source, target, value };
  });
  return { nodes: [...nodes].map((n) => ({ name: n })), links: out };
}

export function renderFlows(root: HTMLElement, state: State): void {
  const r = state.result;
  if (state.runError) return clear(root, failure(state.runError, "run_failed"));
  if (!r) return clear(root, empty(t("no_run")));
  if (!r.flows || r.flows.length === 0) return clear(root, empty(t("no_flows")));
  const materials = [...new Set(r.flows.map((f) => f.material))];
  if (!materials.includes(material)) material = materials.includes("anode_material") ? "anode_material" : materials[0];
  const unit = r.flows.find((f) => f.material === material)?.unit ?? "";
  const stage = r.flows.find((f) => f.material === material)?.stage ?? "";
  const select = h("select", { "data-testid": "flow-material", "aria-label": t("material"), onchange: (e: Event) => { material = (e.target as HTMLSelectElement).value; renderFlows(root, state); } },
    ...materials.map((m) => h("option", { value: m, selected: m === material }, materialName(m))));
  const periods: Flow["period"][] = ["baseline", "disruption"];
  const els = periods.map((p) => h("div", { class: "chart half", "data-testid": `flows-${p}` }));
  clear(root, h("div", { class: "toolbar" }, h("label", {}, t("material"), " ", select), h("span", { class: "muted" }, `${t("stage")}: ${stage} · ${unit}/${t("day")}`)),
    h("div", { class: "pair" }, ...periods.map((p, i) => h("figure", {}, h("figcaption", {}, t(p)), els[i]))));
  periods.forEach((p, i) => {
    const data = sankeyData(r.flows!, p, material, countryName);
    if (!data.links.length) return void els[i].replaceWith(empty("—"));
    draw(`flows-${p}`, els[i], {
      animation: false, color: OKABE_ITO,
      tooltip: { trigger: "item", valueFormatter: (v: number) => `${fmtNumber(v, 1)} ${unit}/${t("day")}` },
      series: [{ type: "sankey", data: data.nodes, links: data.links, nodeAlign: "justify", emphasis: { focus: "adjacency" },
        lineStyle: { color: "gradient", opacity: 0.45 }, label: { fontSize: 11 }, left: 10, right: 90 }],
    });
  });
}
