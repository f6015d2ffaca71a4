// Timelines: stock, production and unmet demand of one site and material over the run (the
// simulate `timeline` section), and the lost GWh by country or region, stacked.
import { h, clear } from "../dom";
import { draw } from "../echarts";
import { countryName, fmtDate, materialName, regionName, siteName, t } from "../i18n";
import type { State } from "../state";
import { empty, failure } from "./common";
import { OKABE_ITO } from "./palette";

let pick = "";
let by: "country" | "region" = "country";

export function renderTimelines(root: HTMLElement, state: State): void {
  const r = state.result;
  if (state.runError) return clear(root, failure(state.runError, "run_failed"));
  if (!r) return clear(root, empty(t("no_run")));
  const siteNames = new Map(state.net.sites.map((s) => [s.id, s.name]));
  const tl = r.timeline;
  const seriesEl = h("div", { class: "chart", "data-testid": "timeline-chart" });
  const lostEl = h("div", { class: "chart", "data-testid": "lost-chart" });
  let top: HTMLElement;
  if (tl && tl.series.length) {
    // Default: the first series with unmet demand, else the first.
    if (!tl.series.some((s) => `${s.site}|${s.material}` === pick)) {
      const s = tl.series.find((x) => x.unmet.some((v) => v > 0)) ?? tl.series[0];
      pick = `${s.site}|${s.material}`;
    }
    const select = h("select", { "data-testid": "timeline-select", "aria-label": `${t("site")} / ${t("material")}`,
      onchange: (e: Event) => { pick = (e.target as HTMLSelectElement).value; renderTimelines(root, state); } },
      ...tl.series.map((s) => h("option", { value: `${s.site}|${s.material}`, selected: `${s.site}|${s.material}` === pick },
        `${siteName(s.site, siteNames.get(s.site))} · ${materialName(s.material)}`)));
    top = h("div", {}, h("div", { class: "toolbar" }, h("label", {}, `${t("site")} / ${t("material")} `, select)), seriesEl);
  } else {
    top = empty(t("no_timeline"));
  }
  const toggle = h("select", { "data-testid": "lost-by", "aria-label": t("lost_by"), onchange: (e: Event) => { by = (e.target as HTMLSelectElement).value as typeof by; renderTimelines(root, state); } },
    h("option", { value: "country", selected: by === "country" }, t("by_country")),
    h("option", { value: "region", selected: by === "region", disabled: !(r.by_region ?? []).length }, t("by_region") + ((r.by_region ?? []).length ? "" : ` ${t("no_regions")}`)));
  clear(root, top, h("div", { class: "toolbar" }, h("label", {}, t("lost_by"), " ", toggle)), lostEl);
  if (tl && tl.series.length) {
    const s = tl.series.find((x) => `${x.site}|${x.material}` === pick)!;
    const dates = tl.period_start_dates.map(fmtDate);
    const line = (name: string, data: number[], colour: string, area = false) => ({ type: "line", name, data, showSymbol: false, lineStyle: { color: colour, width: 2 }, itemStyle: { color: colour }, areaStyle: area ? { opacity: 0.15 } : undefined });
    draw("timeline", seriesEl, {
      animation: false, tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 70, right: 20, top: 40, bottom: 60 },
      xAxis: { type: "category", data: dates }, yAxis: { type: "value" }, dataZoom: [{ type: "slider", bottom: 8 }],
      series: [line(t("closing"), s.closing, OKABE_ITO[0], true), line(t("produced"), s.produced, OKABE_ITO[2]),
        line(t("received"), s.received, OKABE_ITO[4]), line(t("consumed"), s.consumed, OKABE_ITO[6]), line(t("unmet"), s.unmet, OKABE_ITO[5])],
    });
  }
  const rows = (by === "region" && (r.by_region ?? []).length
    ? (r.by_region ?? []).map((x) => ({ label: regionName(x.region, x.name), lost: x.lost_cell_output_gwh, unserved: x.unserved_demand_gwh }))
    : r.by_country.map((x) => ({ label: countryName(x.country), lost: x.lost_cell_output_gwh, unserved: x.unserved_demand_gwh })))
    .filter((x) => x.lost > 0 || x.unserved > 0).sort((a, b) => b.lost + b.unserved - (a.lost + a.unserved));
  if (!rows.length) return void lostEl.replaceWith(empty(t("no_shortages")));
  draw("lost", lostEl, {
    animation: false, tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, legend: { top: 0 },
    grid: { left: 70, right: 20, top: 40, bottom: 60 }, xAxis: { type: "category", data: rows.map((x) => x.label), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", name: "GWh" },
    series: [
      { type: "bar", stack: "gwh", name: t("lost_cell_output"), data: rows.map((x) => x.lost), itemStyle: { color: OKABE_ITO[5], decal: { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: -0.78 } } },
      { type: "bar", stack: "gwh", name: t("unserved_demand"), data: rows.map((x) => x.unserved), itemStyle: { color: OKABE_ITO[0] } },
    ],
  });
}
