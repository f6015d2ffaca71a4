// Flows: material flows between countries for one material, before and during the disruption,
// as two Sankey diagrams side by side (the simulate `flows` section).
import type { Flow } from "../api";
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { countryName, fmtNumber, materialName, stageName, t } from "../i18n";
import type { State } from "../state";
import { empty, failure } from "./common";
import { OKABE_ITO } from "./palette";
import { sankeyData } from "../transforms";

let material = "";

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
  clear(root, h("div", { class: "toolbar" }, h("label", {}, t("material"), " ", select), h("span", { class: "muted" }, `${t("stage")}: ${stageName(stage)} · ${unit}/${t("day")}`)),
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
